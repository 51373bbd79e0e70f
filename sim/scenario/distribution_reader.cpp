#include "sim/scenario/distribution_reader.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <utility>
#include <vector>

#include "sim/scenario/key_path.hpp"
#include "sim/scenario/section.hpp"
#include "sim/scenario/values.hpp"

namespace edasim::scenario {

namespace {

// A dimensioned quantity as a double in the unit distributions work in.
std::optional<double> read_quantity(const toml::node& node, const std::string& key,
                                    Dimension dimension, Diagnostics& diagnostics) {
  switch (dimension) {
    case Dimension::duration: {
      const auto d = read_duration(node, key, any_duration, diagnostics);
      if (!d) return std::nullopt;
      return d->seconds();
    }
    case Dimension::size: {
      const auto b = read_size(node, key, any_count, diagnostics);
      if (!b) return std::nullopt;
      return static_cast<double>(b->n);
    }
    case Dimension::plain:
      break;
  }
  return read_number(node, key, any_number, diagnostics);
}

// The largest 99.99th percentile a distribution may have: a duration of 30
// days (no service time, delay or latency is longer; a run's clock would
// stall on it), a size of 1 GiB, and 1e12 for counts.
double tail_bound(Dimension dimension) {
  switch (dimension) {
    case Dimension::duration:
      return 30.0 * 86'400;
    case Dimension::size:
      return 1024.0 * 1024 * 1024;
    case Dimension::plain:
      break;
  }
  return 1e12;
}

std::string bound_name(Dimension dimension) {
  switch (dimension) {
    case Dimension::duration:
      return "30d";
    case Dimension::size:
      return "1GiB";
    case Dimension::plain:
      break;
  }
  return "1e12";
}

std::string show_bound(double x) {
  char text[32];
  std::snprintf(text, sizeof text, "%.4g", x);
  return text;
}

// Reads the parameters one family needs; missing ones and unusable values
// are reported, and the distribution is built only when all were read.
class Parameters {
 public:
  Parameters(Section& section, Dimension dimension) : section_(section), dimension_(dimension) {}

  // A parameter measured in the distribution's own dimension.
  std::optional<double> quantity(std::string_view name) {
    const toml::node* node = section_.require(name);
    if (node == nullptr) return fail();
    return keep(read_quantity(*node, section_.key(name), dimension_, section_.diagnostics()));
  }
  // A dimensionless parameter.
  std::optional<double> number(std::string_view name) {
    const toml::node* node = section_.require(name);
    if (node == nullptr) return fail();
    return keep(read_number(*node, section_.key(name), any_number, section_.diagnostics()));
  }
  const toml::array* list(std::string_view name) {
    const toml::node* node = section_.require(name);
    if (node == nullptr) {
      complete_ = false;
      return nullptr;
    }
    const auto* array = node->as_array();
    if (array == nullptr) {
      section_.report(name, "expected an array, got " + show(*node));
      complete_ = false;
    }
    return array;
  }
  std::optional<double> element(const toml::node& node, const std::string& key, bool dimensioned) {
    return keep(dimensioned ? read_quantity(node, key, dimension_, section_.diagnostics())
                            : read_number(node, key, any_number, section_.diagnostics()));
  }
  // Refuses a distribution whose 99.99th percentile `q` (in the
  // distribution's unit) lies past the bound for its dimension: such draws
  // would stall the clock or overflow it, and the run would mean nothing.
  // `parameter` is the key blamed.
  void tail(std::string_view parameter, double q) {
    const double bound = tail_bound(dimension_);
    if (std::isfinite(q) && q <= bound) return;
    std::string shown = "more than " + bound_name(dimension_);
    if (std::isfinite(q)) shown = show_bound(q);
    invalid(parameter, "this distribution's 99.99th percentile is " + shown +
                           ", past the largest value a run can use (" + bound_name(dimension_) +
                           "); choose parameters with a lighter tail");
  }
  void invalid(std::string_view name, std::string message) {
    section_.report(name, std::move(message));
    complete_ = false;
  }
  bool complete() const { return complete_; }

 private:
  std::optional<double> fail() {
    complete_ = false;
    return std::nullopt;
  }
  std::optional<double> keep(std::optional<double> value) {
    if (!value) complete_ = false;
    return value;
  }

  Section& section_;
  Dimension dimension_;
  bool complete_ = true;
};

std::optional<core::Distribution> empirical(Section& section, Parameters& p) {
  if (section.has("cdf") || !section.has("points")) {
    section.take("points");
    const toml::array* rows = p.list("cdf");
    if (rows == nullptr) return std::nullopt;
    std::vector<std::pair<double, double>> table;
    for (std::size_t i = 0; i < rows->size(); ++i) {
      const std::string row_key = element_path(section.key("cdf"), i);
      const auto* row = (*rows)[i].as_array();
      if (row == nullptr || row->size() != 2) {
        p.invalid("cdf", "row " + std::to_string(i) +
                             " must be a pair [value, cumulative probability], got " +
                             show((*rows)[i]));
        continue;
      }
      const auto v = p.element((*row)[0], element_path(row_key, 0), true);
      const auto q = p.element((*row)[1], element_path(row_key, 1), false);
      if (v && q) table.emplace_back(*v, *q);
    }
    if (!p.complete()) return std::nullopt;
    return core::Distribution::empirical_cdf(std::move(table));
  }
  const toml::array* points = p.list("points");
  if (points == nullptr) return std::nullopt;
  std::vector<double> values;
  for (std::size_t i = 0; i < points->size(); ++i) {
    if (const auto v = p.element((*points)[i], element_path(section.key("points"), i), true)) {
      values.push_back(*v);
    }
  }
  if (!p.complete()) return std::nullopt;
  return core::Distribution::empirical_points(std::move(values));
}

std::optional<core::Distribution> lognormal(Section& section, Parameters& p) {
  // Two ways to say the same distribution; a mix of them would contradict
  // itself, so it is refused as a whole rather than key by key.
  const bool by_median = section.has("median") || section.has("sigma");
  const bool by_mean = section.has("mean") || section.has("p99");
  if (by_median && by_mean) {
    std::string given;
    for (const char* key : {"median", "sigma", "mean", "p99"}) {
      if (!section.has(key)) continue;
      section.take(key);
      given += (given.empty() ? "" : ", ") + std::string(key);
    }
    p.invalid(
        "dist",
        "a lognormal takes either median and sigma, or mean and p99, not a mix; got " + given);
    return std::nullopt;
  }
  if (by_mean) {
    const auto mean = p.quantity("mean");
    const auto p99 = p.quantity("p99");
    if (!p.complete()) return std::nullopt;
    return core::Distribution::lognormal_mean_p99(*mean, *p99);
  }
  const auto median = p.quantity("median");
  const auto sigma = p.number("sigma");
  if (!p.complete()) return std::nullopt;
  // z(0.9999) = 3.719
  p.tail("sigma", *median * std::exp(3.719 * *sigma));
  if (!p.complete()) return std::nullopt;
  return core::Distribution::lognormal_median(*median, *sigma);
}

std::optional<core::Distribution> family(std::string_view name, Section& section, Parameters& p) {
  if (name == "constant") {
    const auto value = p.quantity("value");
    if (!p.complete()) return std::nullopt;
    p.tail("value", *value);
    if (!p.complete()) return std::nullopt;
    return core::Distribution::constant(*value);
  }
  if (name == "uniform") {
    const auto low = p.quantity("low");
    const auto high = p.quantity("high");
    if (!p.complete()) return std::nullopt;
    p.tail("high", *high);
    if (!p.complete()) return std::nullopt;
    return core::Distribution::uniform(*low, *high);
  }
  if (name == "exponential") {
    const auto mean = p.quantity("mean");
    if (!p.complete()) return std::nullopt;
    p.tail("mean", *mean * 9.2103);  // -ln(1e-4)
    if (!p.complete()) return std::nullopt;
    return core::Distribution::exponential(*mean);
  }
  if (name == "normal") {
    const auto mean = p.quantity("mean");
    const auto stddev = p.quantity("stddev");
    if (!p.complete()) return std::nullopt;
    p.tail("stddev", *mean + 3.719 * *stddev);
    if (!p.complete()) return std::nullopt;
    return core::Distribution::normal(*mean, *stddev);
  }
  if (name == "lognormal") return lognormal(section, p);
  if (name == "gamma" || name == "weibull") {
    const auto shape = p.number("shape");
    const auto scale = p.quantity("scale");
    if (!p.complete()) return std::nullopt;
    if (name == "weibull" && *shape > 0) p.tail("shape", *scale * std::pow(9.2103, 1 / *shape));
    if (!p.complete()) return std::nullopt;
    return name == "gamma" ? core::Distribution::gamma(*shape, *scale)
                           : core::Distribution::weibull(*shape, *scale);
  }
  if (name == "pareto") {
    const auto scale = p.quantity("scale");
    const auto alpha = p.number("alpha");
    if (!p.complete()) return std::nullopt;
    if (*alpha > 0) {
      if (*alpha <= 1) {
        // The mean is infinite: a run's averages would never settle.
        p.invalid("alpha", "expected alpha greater than 1 (at most 1, the mean is infinite), got " +
                               show_bound(*alpha));
        return std::nullopt;
      }
      p.tail("alpha", *scale * std::pow(1e4, 1 / *alpha));
      if (!p.complete()) return std::nullopt;
    }
    return core::Distribution::pareto(*scale, *alpha);
  }
  return empirical(section, p);
}

const std::vector<std::string> families = {"constant", "uniform",   "exponential",
                                           "normal",   "lognormal", "gamma",
                                           "weibull",  "pareto",    "empirical"};

// A parameter in the distribution's own dimension: a quantity with the
// key's unit ("80ms", "1.5KB") or a bare number.
Key parameter(std::string_view name, std::string_view what) {
  return free_form(name, what);
}

}  // namespace

const Keys& distribution_keys() {
  static const Keys keys = [] {
    Keys k{"a distribution: its family in `dist` and that family's parameters", {}};
    std::vector<std::string_view> names(families.begin(), families.end());
    k.keys = {
        text("dist", "the family", names).require(),
        parameter("value", "constant: the value"),
        parameter("low", "uniform: the lowest value"),
        parameter("high", "uniform: the highest value"),
        parameter("mean", "exponential, normal, lognormal (with p99): the mean"),
        parameter("stddev", "normal: the standard deviation"),
        parameter("median", "lognormal (with sigma): the median"),
        number("sigma", any_number, "lognormal (with median): the log-space standard deviation"),
        parameter("p99", "lognormal (with mean): the 99th percentile"),
        number("shape", any_number, "gamma, weibull: the shape"),
        parameter("scale", "gamma, weibull, pareto: the scale"),
        number("alpha", any_number, "pareto: the tail index, above 1"),
        free_form("points", "empirical: the values to draw from, equally likely"),
        free_form("cdf", "empirical: [value, cumulative probability] pairs"),
    };
    return k;
  }();
  return keys;
}

std::optional<core::Distribution> read_distribution(const toml::node& node, const std::string& key,
                                                    Dimension dimension, Diagnostics& diagnostics) {
  if (node.is_string() || node.is_number()) {
    const auto value = read_quantity(node, key, dimension, diagnostics);
    if (!value) return std::nullopt;
    return core::Distribution::constant(*value);
  }
  const auto* table = node.as_table();
  if (table == nullptr) {
    diagnostics.report(key, node.source(),
                       "expected a distribution such as { dist = \"exponential\", mean = ... } "
                       "or a single value, got " +
                           show(node));
    return std::nullopt;
  }
  Section section(*table, key, diagnostics, &distribution_keys());
  std::string name;
  if (section.require("dist") == nullptr || !section.read("dist", name)) {
    return std::nullopt;
  }
  if (std::find(families.begin(), families.end(), name) == families.end()) {
    std::string message = "unknown distribution \"" + name + "\"";
    if (const auto guess = closest(name, families)) message += "; did you mean \"" + *guess + "\"?";
    section.report("dist", message);
    return std::nullopt;
  }
  Parameters parameters(section, dimension);
  std::optional<core::Distribution> result;
  try {
    result = family(name, section, parameters);
  } catch (const std::invalid_argument& e) {
    diagnostics.report(key, table->source(), e.what());
  }
  section.finish();
  return result;
}

void read_duration_distribution(Section& section, std::string_view name,
                                core::DurationDistribution& out) {
  const toml::node* node = section.take(name);
  if (node == nullptr) return;
  if (auto d =
          read_distribution(*node, section.key(name), Dimension::duration, section.diagnostics())) {
    out = core::DurationDistribution(std::move(*d));
  }
}

}  // namespace edasim::scenario
