#include "sim/report/fleet_section.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "sim/report/format.hpp"

namespace edasim::report {

std::optional<Section> fleet_sizes_section(const model::RunResult& r) {
  const bool any = std::any_of(r.fleets.begin(), r.fleets.end(),
                               [](const model::FleetResult& f) { return f.autoscaled; });
  if (!any) return std::nullopt;
  Section s;
  s.id = "fleet-sizes";
  s.title = "Fleet sizes";
  s.intro.push_back(
      {"Sizes in instances, running or starting. Instance-hours cover the whole run, start-up "
       "time included, until the scale-in that removes an instance."});
  Table t({{"consumer", Align::left},
           {"autoscaled", Align::left},
           {model::column_of(model::fleet_autoscaling_fields(), "min_instances")},
           {model::column_of(model::fleet_autoscaling_fields(), "max_instances")},
           {model::column_of(model::fleet_autoscaling_fields(), "peak_instances")},
           {model::column_of(model::fleet_autoscaling_fields(), "final_instances")},
           {model::column_of(model::fleet_autoscaling_fields(), "scale_outs")},
           {model::column_of(model::fleet_autoscaling_fields(), "scale_ins")},
           {model::column_of(model::fleet_fields(), "instance_hours")}});
  for (const model::FleetResult& f : r.fleets) {
    t.add_row({f.name, f.autoscaled ? "yes" : "no", fmt::format("{}", f.min_instances),
               fmt::format("{}", f.max_instances), fmt::format("{}", f.peak_instances),
               fmt::format("{}", f.final_instances), format_count(f.scale_outs),
               format_count(f.scale_ins), format_fixed(f.instance_hours, 2)});
  }
  s.tables.push_back(std::move(t));
  Table actions({{"consumer", Align::left}, {"at", Align::left}, {"from"}, {"to"}});
  for (const model::FleetResult& f : r.fleets) {
    for (const model::ScalingAction& a : f.scaling) {
      actions.add_row(
          {f.name, format_span(a.at), fmt::format("{}", a.from), fmt::format("{}", a.to)});
    }
  }
  if (!actions.empty()) {
    s.tables.push_back(std::move(actions));
  } else {
    s.notes.push_back({"No fleet changed size."});
  }
  return s;
}

}  // namespace edasim::report
