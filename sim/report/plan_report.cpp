#include "sim/report/plan_report.hpp"

#include <fmt/format.h>

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
  Table t({{"knob", Align::left}, {"value"}, {"analytic estimate"}, {"range", Align::left}});
  for (std::size_t k = 0; k < r.plan.knobs.size(); ++k) {
    const plan::Knob& knob = r.plan.knobs[k];
    const auto& guess = k < r.result.warm.guess.size() ? r.result.warm.guess[k] : std::nullopt;
    const std::string range = knob.range ? fmt::format("{} to {}", knob.min, knob.max)
                                         : fmt::format("{} values", knob.list.size());
    t.add_row({knob.path, shown != nullptr ? knob.text(shown->point[k]) : "—",
               guess ? knob.text(*guess) : "—", range});
  }
  s.tables.push_back(std::move(t));
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
  out.push_back(warm_start_section(r));
  out.push_back(trail_section(r));
  return out;
}

// One chart per SLO: its measure against the objective at every point.
std::string charts_html(const PlanReport& r) {
  std::string out;
  for (std::size_t s = 0; s < r.study.slos.size(); ++s) {
    const plan::Slo& slo = r.study.slos[s];
    const bool seconds = slo_unit(r, s) == Unit::seconds;
    ScatterChart chart;
    chart.title = slo.name + " against " + r.plan.objective;
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
  if (out.empty()) return out;
  return "<section id=\"frontier\">\n<h2>What meeting the SLOs costs</h2>\n<p>Each point the "
         "planner simulated (filled: met every SLO), its objective across and the SLO's "
         "measure up, with the bound dashed.</p>\n" +
         out + "</section>\n";
}

}  // namespace

Json plan_json(const PlanReport& r) {
  Json j;
  j["schema"] = kPlanSchema;
  j["scenario"] = r.study.name;
  j["question"] = r.study.question;
  j["seed"] = r.seed;
  j["objective"] = r.plan.objective;
  Json knobs = Json::array();
  for (const plan::Knob& k : r.plan.knobs) {
    Json kj;
    kj["path"] = k.path;
    if (k.range) {
      kj["min"] = k.min;
      kj["max"] = k.max;
    } else {
      kj["values"] = k.list;
    }
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
  const Evaluation* best = recommended(r);
  j["met"] = best != nullptr;
  j["recommended"] = best != nullptr ? point_json(r.plan, best->point) : Json(nullptr);
  j["at_recommendation"] = best != nullptr ? evaluation_json(r, *best) : Json(nullptr);
  const Evaluation* near = closest(r);
  j["closest"] = near != nullptr ? evaluation_json(r, *near) : Json(nullptr);
  Json warm = Json::array();
  for (std::size_t k = 0; k < r.plan.knobs.size(); ++k) {
    Json wj;
    wj["path"] = r.plan.knobs[k].path;
    const auto& guess = k < r.result.warm.guess.size() ? r.result.warm.guess[k] : std::nullopt;
    wj["estimate"] = guess ? knob_value(r.plan.knobs[k], *guess) : Json(nullptr);
    wj["basis"] = k < r.result.warm.basis.size() ? r.result.warm.basis[k] : "";
    warm.push_back(std::move(wj));
  }
  j["analytic"] = std::move(warm);
  Json trail = Json::array();
  for (const Evaluation& e : r.result.trail) trail.push_back(evaluation_json(r, e));
  j["evaluations"] = std::move(trail);
  j["budget_exhausted"] = r.result.budget_exhausted;
  j["notes"] = r.result.notes;
  return j;
}

std::string plan_markdown(const PlanReport& r) {
  std::string out = fmt::format("# edasim plan: {}\n\n", r.study.name);
  if (!r.study.question.empty()) out += fmt::format("> **Question:** {}\n\n", r.study.question);
  out += sections_markdown(plan_sections(r));
  while (out.size() > 1 && out.ends_with("\n\n")) out.pop_back();
  return out;
}

std::string plan_html(const PlanReport& r) {
  return html_page("edasim plan: " + r.study.name, r.study.question,
                   sections_html(plan_sections(r)) + charts_html(r));
}

void write_plan_summary(const PlanReport& r, std::ostream& out, std::size_t width) {
  out << "edasim plan: " << r.study.name << '\n';
  if (!r.study.question.empty()) out << wrap_text("Question: " + r.study.question, "", "  ", width);
  out << sections_text(plan_sections(r), width);
}

std::vector<ReportFile> render_plan(const PlanReport& r) {
  return {
      {"plan.json", plan_json(r).dump(2) + "\n"},
      {"plan.md", plan_markdown(r)},
      {"plan.html", plan_html(r)},
  };
}

}  // namespace edasim::report
