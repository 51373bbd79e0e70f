#include "sim/report/plan_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "sim/report/comparison.hpp"
#include "sim/report/document.hpp"
#include "sim/report/field_json.hpp"
#include "sim/report/scatter_chart.hpp"
#include "sim/report/table.hpp"

namespace edasim::report {

namespace {

using Json = nlohmann::ordered_json;
using plan::Evaluation;
using plan::Unit;

const Evaluation* recommended(const PlanReport& r) {
  return r.result.recommended ? &r.result.trail[*r.result.recommended] : nullptr;
}

const Evaluation* closest(const PlanReport& r) {
  return r.result.closest ? &r.result.trail[*r.result.closest] : nullptr;
}

Unit slo_unit(const PlanReport& r, std::size_t s) {
  return s < r.result.slo_units.size() ? r.result.slo_units[s] : Unit::number;
}

Json estimate_json(const std::optional<metrics::Estimate>& e) {
  if (!e) return nullptr;
  Json j;
  j["mean"] = json_number(e->mean, 9);
  j["half_width"] = std::isfinite(e->half_width) ? json_number(e->half_width, 9) : Json(nullptr);
  j["n"] = e->n;
  return j;
}

// A knob's value as JSON: an integer for a range, a number for a list.
Json knob_value(const plan::Knob& knob, std::size_t i) {
  if (knob.range) return knob.min + static_cast<std::int64_t>(i);
  return knob.value(i);
}

Json point_json(const plan::PlanConfig& p, const plan::Point& point) {
  Json j = Json::object();
  for (std::size_t k = 0; k < p.knobs.size(); ++k)
    j[p.knobs[k].path] = knob_value(p.knobs[k], point[k]);
  return j;
}

Json evaluation_json(const PlanReport& r, const Evaluation& e) {
  Json j;
  j["step"] = e.step;
  j["point"] = point_json(r.plan, e.point);
  j["replications"] = e.replications;
  j["objective"] = estimate_json(e.objective);
  Json slos = Json::array();
  for (std::size_t s = 0; s < e.verdicts.size(); ++s) {
    Json sj;
    sj["name"] = r.study.slos[s].name;
    sj["value"] = estimate_json(e.slo_values[s]);
    sj["verdict"] = std::string(plan::verdict_name(e.verdicts[s]));
    slos.push_back(std::move(sj));
  }
  j["slos"] = std::move(slos);
  j["met"] = e.met;
  return j;
}

std::string bound_text(const PlanReport& r, std::size_t s) {
  const plan::Slo& slo = r.study.slos[s];
  return (slo.at_most ? "at most " : "at least ") + format_measure(slo_unit(r, s), slo.bound);
}

std::string estimate_text(Unit unit, const std::optional<metrics::Estimate>& e) {
  return e ? format_estimate(unit, *e) : "—";
}

Section recommendation_section(const PlanReport& r, const Evaluation* best,
                               const Evaluation* shown) {
  Section s;
  s.id = "recommendation";
  s.title = best != nullptr ? "Recommendation" : "No recommendation";
  if (best != nullptr) {
    s.intro.push_back({fmt::format(
        "The cheapest design found that meets every SLO with {:g}% confidence (the whole "
        "interval on the right side of each bound), checked again with {} replications.",
        r.plan.confidence * 100, best->replications)});
  } else {
    s.intro.push_back(
        {"No design the plan can reach meets every SLO; the closest point is shown.", true});
  }
  if (r.plan.knobs.empty()) {
    s.intro.push_back({"No knob of the plan applies to this design, so it is judged as written."});
  }
  Table t({{"knob", Align::left}, {"value"}, {"analytic estimate"}, {"range", Align::left}});
  for (std::size_t k = 0; k < r.plan.knobs.size(); ++k) {
    const plan::Knob& knob = r.plan.knobs[k];
    const auto& guess = k < r.result.warm.guess.size() ? r.result.warm.guess[k] : std::nullopt;
    const std::string range = knob.range ? fmt::format("{} to {}", knob.min, knob.max)
                                         : fmt::format("{} values", knob.list.size());
    t.add_row({knob.path, shown != nullptr ? knob.text(shown->point[k]) : "—",
               guess ? knob.text(*guess) : "—", range});
  }
  if (!r.plan.knobs.empty()) s.tables.push_back(std::move(t));
  if (shown != nullptr && shown->objective) {
    s.notes.push_back({fmt::format("{}: {}.", r.plan.objective,
                                   estimate_text(r.result.objective_unit, shown->objective))});
  }
  return s;
}

Section slos_section(const PlanReport& r, bool recommended, const Evaluation& shown) {
  Section s;
  s.id = "slos";
  s.title = recommended ? "SLOs at the recommendation" : "SLOs at the closest point";
  Table t({{"SLO", Align::left},
           {"measure", Align::left},
           {"bound"},
           {fmt::format("value ({:g}% interval)", r.plan.confidence * 100)},
           {"verdict", Align::left}});
  for (std::size_t i = 0; i < r.study.slos.size(); ++i) {
    t.add_row({r.study.slos[i].name, r.study.slos[i].measure, bound_text(r, i),
               estimate_text(slo_unit(r, i), shown.slo_values[i]),
               std::string(plan::verdict_name(shown.verdicts[i]))});
  }
  s.tables.push_back(std::move(t));
  return s;
}

Section warm_start_section(const PlanReport& r) {
  Section s;
  s.id = "warm-start";
  s.title = "Analytic warm start";
  s.intro.push_back(
      {"Each knob's first guess at the producers' peak, before any simulation: queueing "
       "theory for a fleet's instances, the limits `edasim check` checks for other knobs. The "
       "bisection tries it first."});
  Table t({{"knob", Align::left}, {"how", Align::left}});
  for (std::size_t k = 0; k < r.plan.knobs.size(); ++k) {
    t.add_row({r.plan.knobs[k].path,
               k < r.result.warm.basis.size() ? r.result.warm.basis[k] : "no estimate"});
  }
  s.tables.push_back(std::move(t));
  return s;
}

Section trail_section(const PlanReport& r) {
  Section s;
  s.id = "trail";
  s.title = "Search trail";
  s.intro.push_back(
      {fmt::format("Every point simulated, in order ({} of at most {}), on common random numbers: "
                   "replication r of every point ran with the same seed.",
                   r.result.trail.size(), r.plan.max_evaluations)});
  const bool traded =
      std::any_of(r.result.trail.begin(), r.result.trail.end(),
                  [](const Evaluation& e) { return e.step.starts_with("trade-off: "); });
  if (traded) {
    s.intro.push_back(
        {"A trade-off step lowers one knob a step and raises another by the least that meets "
         "every SLO again, after no knob could be lowered alone; a move is kept when it lowers "
         "the objective, and each knob is then lowered alone again (\"down alone\")."});
  }
  std::vector<Column> columns{{"#"}, {"step", Align::left}};
  for (const plan::Knob& k : r.plan.knobs) columns.push_back({k.path});
  columns.push_back({"replications"});
  columns.push_back({r.plan.objective});
  for (const plan::Slo& slo : r.study.slos) columns.push_back({slo.name});
  columns.push_back({"met", Align::left});
  Table t(std::move(columns));
  for (std::size_t i = 0; i < r.result.trail.size(); ++i) {
    const Evaluation& e = r.result.trail[i];
    std::vector<std::string> row{std::to_string(i + 1), e.step};
    for (std::size_t k = 0; k < r.plan.knobs.size(); ++k)
      row.push_back(r.plan.knobs[k].text(e.point[k]));
    row.push_back(std::to_string(e.replications));
    row.push_back(estimate_text(r.result.objective_unit, e.objective));
    for (std::size_t sl = 0; sl < e.slo_values.size(); ++sl) {
      row.push_back(estimate_text(slo_unit(r, sl), e.slo_values[sl]) + " (" +
                    std::string(plan::verdict_name(e.verdicts[sl])) + ")");
    }
    row.push_back(e.met ? "yes" : "no");
    t.add_row(std::move(row));
  }
  s.tables.push_back(std::move(t));
  for (const std::string& note : r.result.notes) s.notes.push_back({note});
  return s;
}

std::vector<Section> plan_sections(const PlanReport& r) {
  const Evaluation* best = recommended(r);
  const Evaluation* shown = best != nullptr ? best : closest(r);
  std::vector<Section> out;
  out.push_back(recommendation_section(r, best, shown));
  if (shown != nullptr) out.push_back(slos_section(r, best != nullptr, *shown));
  if (!r.plan.knobs.empty()) out.push_back(warm_start_section(r));
  out.push_back(trail_section(r));
  return out;
}

// The report of one design's plan, in a plan over designs.
PlanReport design_report(const PlanReport& r, const plan::DesignPlan& d) {
  return {r.study, d.plan, d.result, r.seed};
}

// What the SLOs say at an evaluation: "all met", or each one not met and
// its verdict.
std::string verdicts_text(const PlanReport& r, const Evaluation& e) {
  std::string out;
  for (std::size_t s = 0; s < e.verdicts.size(); ++s) {
    if (e.verdicts[s] == plan::Verdict::met) continue;
    out += (out.empty() ? "" : "; ") + r.study.slos[s].name + ": " +
           std::string(plan::verdict_name(e.verdicts[s]));
  }
  return out.empty() ? "all met" : out;
}

// The designs side by side: what each one's plan found, and the cheapest
// that meets every SLO.
Section designs_section(const PlanReport& r) {
  const plan::DesignsPlan& all = *r.designs;
  Section s;
  s.id = "designs";
  s.title = "Designs";
  s.intro.push_back(
      {"Each design is planned on its own, with the knobs that apply to it (those whose "
       "component the design has); a design no knob applies to is judged as written."});
  if (all.cheapest) {
    const plan::DesignPlan& best = all.designs[*all.cheapest];
    const Evaluation& e = best.result.trail[*best.result.recommended];
    s.intro.push_back(
        {fmt::format("The cheapest design that meets every SLO: {} ({} {}).", best.design,
                     r.plan.objective, estimate_text(best.result.objective_unit, e.objective))});
  } else {
    s.intro.push_back({"No design meets every SLO; each design's closest point is shown.", true});
  }
  Table t({{"design", Align::left},
           {"knobs", Align::left},
           {"recommendation", Align::left},
           {r.plan.objective},
           {"SLOs", Align::left},
           {"points"}});
  for (std::size_t d = 0; d < all.designs.size(); ++d) {
    const plan::DesignPlan& dp = all.designs[d];
    const PlanReport one = design_report(r, dp);
    std::string knobs;
    for (const plan::Knob& k : dp.plan.knobs) knobs += (knobs.empty() ? "" : ", ") + k.path;
    const Evaluation* best = recommended(one);
    const Evaluation* shown = best != nullptr ? best : closest(one);
    std::string point = "none";
    if (shown != nullptr) {
      point = dp.plan.knobs.empty() ? "as written" : plan::describe(dp.plan, shown->point);
      if (best == nullptr) point = "none (closest: " + point + ")";
    }
    t.add_row({dp.design + (all.cheapest == d ? " (cheapest)" : ""), knobs.empty() ? "—" : knobs,
               point,
               shown != nullptr ? estimate_text(dp.result.objective_unit, shown->objective) : "—",
               shown != nullptr ? verdicts_text(one, *shown) : "—",
               std::to_string(dp.result.trail.size())});
  }
  s.tables.push_back(std::move(t));
  return s;
}

// Each design's sections, their ids and titles naming the design.
std::vector<Section> designs_sections(const PlanReport& r) {
  std::vector<Section> out{designs_section(r)};
  for (const plan::DesignPlan& d : r.designs->designs) {
    for (Section& s : plan_sections(design_report(r, d))) {
      s.id = d.design + "-" + s.id;
      s.title = d.design + ": " + s.title;
      out.push_back(std::move(s));
    }
  }
  return out;
}

std::vector<Section> all_sections(const PlanReport& r) {
  return r.designs != nullptr ? designs_sections(r) : plan_sections(r);
}

// One chart per SLO: its measure against the objective at every point;
// `prefix` opens each title (the design's name in a plan over designs).
std::string chart_svgs(const PlanReport& r, const std::string& prefix) {
  std::string out;
  for (std::size_t s = 0; s < r.study.slos.size(); ++s) {
    const plan::Slo& slo = r.study.slos[s];
    const bool seconds = slo_unit(r, s) == Unit::seconds;
    ScatterChart chart;
    chart.title = prefix + slo.name + " against " + r.plan.objective;
    chart.x_label = r.plan.objective;
    chart.y_label = slo.measure + (seconds ? " (ms)" : "");
    const double scale = seconds ? 1e3 : 1;
    chart.y_bound = slo.bound * scale;
    chart.bound_label = "SLO: " + bound_text(r, s);
    for (const Evaluation& e : r.result.trail) {
      if (!e.objective || !e.slo_values[s]) continue;
      chart.points.push_back({e.objective->mean, e.slo_values[s]->mean * scale, e.met,
                              plan::describe(r.plan, e.point)});
    }
    if (!chart.points.empty()) out += to_svg(chart);
  }
  return out;
}

std::string charts_html(const PlanReport& r) {
  std::string out;
  if (r.designs == nullptr) {
    out = chart_svgs(r, "");
  } else {
    for (const plan::DesignPlan& d : r.designs->designs)
      out += chart_svgs(design_report(r, d), d.design + ": ");
  }
  if (out.empty()) return out;
  return "<section id=\"frontier\">\n<h2>What meeting the SLOs costs</h2>\n<p>Each point the "
         "planner simulated (filled: met every SLO), its objective across and the SLO's "
         "measure up, with the bound dashed.</p>\n" +
         out + "</section>\n";
}

}  // namespace

namespace {

Json analytic_json(const PlanReport& r, const std::string& design) {
  Json warm = Json::array();
  for (std::size_t k = 0; k < r.plan.knobs.size(); ++k) {
    Json wj;
    if (!design.empty()) wj["design"] = design;
    wj["path"] = r.plan.knobs[k].path;
    const auto& guess = k < r.result.warm.guess.size() ? r.result.warm.guess[k] : std::nullopt;
    wj["estimate"] = guess ? knob_value(r.plan.knobs[k], *guess) : Json(nullptr);
    wj["basis"] = k < r.result.warm.basis.size() ? r.result.warm.basis[k] : "";
    warm.push_back(std::move(wj));
  }
  return warm;
}

// Every evaluation, each naming its design in a plan over designs.
Json evaluations_json(const PlanReport& r, const std::string& design) {
  Json trail = Json::array();
  for (const Evaluation& e : r.result.trail) {
    Json ej = evaluation_json(r, e);
    if (!design.empty()) {
      Json named;
      named["design"] = design;
      named.update(ej);
      ej = std::move(named);
    }
    trail.push_back(std::move(ej));
  }
  return trail;
}

// One design's answer in a plan over designs.
Json design_json(const PlanReport& one, const std::string& name) {
  Json j;
  j["name"] = name;
  Json knobs = Json::array();
  for (const plan::Knob& k : one.plan.knobs) knobs.push_back(k.path);
  j["knobs"] = std::move(knobs);
  const Evaluation* best = recommended(one);
  j["met"] = best != nullptr;
  j["recommended"] = best != nullptr ? point_json(one.plan, best->point) : Json(nullptr);
  j["objective"] = best != nullptr ? estimate_json(best->objective) : Json(nullptr);
  j["at_recommendation"] = best != nullptr ? evaluation_json(one, *best) : Json(nullptr);
  const Evaluation* near = closest(one);
  j["closest"] = near != nullptr ? evaluation_json(one, *near) : Json(nullptr);
  j["evaluated"] = one.result.trail.size();
  j["budget_exhausted"] = one.result.budget_exhausted;
  j["notes"] = one.result.notes;
  return j;
}

}  // namespace

Json plan_json(const PlanReport& r) {
  const plan::DesignsPlan* designs = r.designs;
  Json j;
  j["schema"] = kPlanSchema;
  j["scenario"] = r.study.name;
  j["question"] = r.study.question;
  j["seed"] = r.seed;
  j["objective"] = r.plan.objective;
  if (designs != nullptr) {
    j["design"] =
        designs->cheapest ? Json(designs->designs[*designs->cheapest].design) : Json(nullptr);
  }
  Json knobs = Json::array();
  // A plan over designs lists every knob of the plan, and where each applies.
  const plan::PlanConfig& whole = designs != nullptr ? *r.study.plan : r.plan;
  for (const plan::Knob& k : whole.knobs) {
    Json kj;
    kj["path"] = k.path;
    if (k.range) {
      kj["min"] = k.min;
      kj["max"] = k.max;
    } else {
      kj["values"] = k.list;
    }
    if (designs != nullptr) kj["designs"] = k.designs;
    knobs.push_back(std::move(kj));
  }
  j["knobs"] = std::move(knobs);
  Json slos = Json::array();
  for (const plan::Slo& s : r.study.slos) {
    Json sj;
    sj["name"] = s.name;
    sj["measure"] = s.measure;
    sj[s.at_most ? "at_most" : "at_least"] = s.bound;
    slos.push_back(std::move(sj));
  }
  j["slos"] = std::move(slos);
  j["replications"] = r.plan.replications;
  j["verify_replications"] = r.plan.verify_replications;
  j["confidence"] = r.plan.confidence;
  if (designs == nullptr) {
    const Evaluation* best = recommended(r);
    j["met"] = best != nullptr;
    j["recommended"] = best != nullptr ? point_json(r.plan, best->point) : Json(nullptr);
    j["at_recommendation"] = best != nullptr ? evaluation_json(r, *best) : Json(nullptr);
    const Evaluation* near = closest(r);
    j["closest"] = near != nullptr ? evaluation_json(r, *near) : Json(nullptr);
    j["analytic"] = analytic_json(r, "");
    j["evaluations"] = evaluations_json(r, "");
    j["budget_exhausted"] = r.result.budget_exhausted;
    j["notes"] = r.result.notes;
    return j;
  }
  // The cheapest design's answer; when none met, the closest point of the
  // design whose closest point missed the fewest SLOs (the first on a tie).
  std::optional<std::size_t> near_design;
  std::size_t fewest = 0;
  for (std::size_t d = 0; d < designs->designs.size() && !designs->cheapest; ++d) {
    const PlanReport one = design_report(r, designs->designs[d]);
    const Evaluation* near = closest(one);
    if (near == nullptr) continue;
    const auto missed = static_cast<std::size_t>(
        std::count_if(near->verdicts.begin(), near->verdicts.end(),
                      [](plan::Verdict v) { return v != plan::Verdict::met; }));
    if (!near_design || missed < fewest) {
      near_design = d;
      fewest = missed;
    }
  }
  j["met"] = designs->cheapest.has_value();
  if (designs->cheapest) {
    const plan::DesignPlan& d = designs->designs[*designs->cheapest];
    const PlanReport one = design_report(r, d);
    const Evaluation& best = *recommended(one);
    j["recommended"] = point_json(d.plan, best.point);
    j["at_recommendation"] = evaluation_json(one, best);
  } else {
    j["recommended"] = nullptr;
    j["at_recommendation"] = nullptr;
  }
  if (near_design) {
    const plan::DesignPlan& d = designs->designs[*near_design];
    const PlanReport one = design_report(r, d);
    Json named;
    named["design"] = d.design;
    named.update(evaluation_json(one, *closest(one)));
    j["closest"] = std::move(named);
  } else {
    j["closest"] = nullptr;
  }
  Json analytic = Json::array();
  Json trail = Json::array();
  Json per_design = Json::array();
  Json notes = Json::array();
  bool exhausted = false;
  for (const plan::DesignPlan& d : designs->designs) {
    const PlanReport one = design_report(r, d);
    for (Json& a : analytic_json(one, d.design)) analytic.push_back(std::move(a));
    for (Json& e : evaluations_json(one, d.design)) trail.push_back(std::move(e));
    for (const std::string& n : d.result.notes) notes.push_back(d.design + ": " + n);
    exhausted = exhausted || d.result.budget_exhausted;
    per_design.push_back(design_json(one, d.design));
  }
  j["analytic"] = std::move(analytic);
  j["evaluations"] = std::move(trail);
  j["budget_exhausted"] = exhausted;
  j["notes"] = std::move(notes);
  j["designs"] = std::move(per_design);
  return j;
}

std::string plan_markdown(const PlanReport& r) {
  std::string out = fmt::format("# edasim plan: {}\n\n", r.study.name);
  if (!r.study.question.empty()) out += fmt::format("> **Question:** {}\n\n", r.study.question);
  out += sections_markdown(all_sections(r));
  while (out.size() > 1 && out.ends_with("\n\n")) out.pop_back();
  return out;
}

std::string plan_html(const PlanReport& r) {
  return html_page("edasim plan: " + r.study.name, r.study.question,
                   sections_html(all_sections(r)) + charts_html(r));
}

void write_plan_summary(const PlanReport& r, std::ostream& out, std::size_t width) {
  out << "edasim plan: " << r.study.name << '\n';
  if (!r.study.question.empty()) out << wrap_text("Question: " + r.study.question, "", "  ", width);
  out << sections_text(all_sections(r), width);
}

std::vector<ReportFile> render_plan(const PlanReport& r) {
  return {
      {"plan.json", plan_json(r).dump(2) + "\n"},
      {"plan.md", plan_markdown(r)},
      {"plan.html", plan_html(r)},
  };
}

}  // namespace edasim::report
