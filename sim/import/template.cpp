#include "sim/import/template.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <set>
#include <system_error>

namespace edasim::import {

namespace {

// The child of a map under a scalar key, or nullopt. Iterating instead of
// indexing never creates nodes and never throws on a node that is not a map.
std::optional<YAML::Node> child(const YAML::Node& map, std::string_view key) {
  if (!map.IsMap()) return std::nullopt;
  for (const auto& entry : map) {
    if (entry.first.IsScalar() && entry.first.Scalar() == key) return entry.second;
  }
  return std::nullopt;
}

std::string location(const std::string& source, const YAML::Mark& mark) {
  if (mark.is_null()) return source + ":1:1";
  return source + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
}

std::string read_file(const std::filesystem::path& file) {
  const std::string name = file.string();
  std::error_code error;
  const auto status = std::filesystem::status(file, error);
  if (error || !std::filesystem::exists(status)) {
    throw ImportError(name + ": cannot open template: no such file");
  }
  if (!std::filesystem::is_regular_file(status)) {
    throw ImportError(name + ": expected a template file, got a " +
                      (std::filesystem::is_directory(status) ? "directory" : "special file"));
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) throw ImportError(name + ": cannot open template");
  // One byte more than the limit tells a file at the limit from a larger one.
  std::string text(max_template_bytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.size() > max_template_bytes) {
    throw ImportError(name + ": the template is larger than the limit of " +
                      std::to_string(max_template_bytes / (1024 * 1024)) + " MiB");
  }
  return text;
}

// The names of the resources a Fn::Sub text refers to: "${X}" and
// "${X.Attr}"; "${!Literal}" is an escaped literal and names nothing.
std::vector<std::string> sub_names(std::string_view text) {
  std::vector<std::string> names;
  std::size_t at = 0;
  while ((at = text.find("${", at)) != std::string_view::npos) {
    const std::size_t end = text.find('}', at);
    if (end == std::string_view::npos) break;
    std::string_view inner = text.substr(at + 2, end - at - 2);
    if (!inner.empty() && inner.front() != '!') {
      names.emplace_back(inner.substr(0, inner.find('.')));
    }
    at = end + 1;
  }
  return names;
}

// Whether a plain scalar reads as a JSON number.
bool json_number(const std::string& text) {
  std::size_t i = 0;
  if (i < text.size() && text[i] == '-') ++i;
  if (i == text.size() || !std::isdigit(static_cast<unsigned char>(text[i]))) return false;
  if (text[i] == '0' && i + 1 < text.size() &&
      std::isdigit(static_cast<unsigned char>(text[i + 1])))
    return false;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
  if (i < text.size() && text[i] == '.') {
    ++i;
    if (i == text.size() || !std::isdigit(static_cast<unsigned char>(text[i]))) return false;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
  }
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    if (i == text.size() || !std::isdigit(static_cast<unsigned char>(text[i]))) return false;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
  }
  return i == text.size();
}

void json_string(std::string& out, const std::string& text) {
  out += '"';
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\r') {
      out += "\\r";
    } else if (u < 0x20) {
      static constexpr char hex[] = "0123456789abcdef";
      out += "\\u00";
      out += hex[u >> 4];
      out += hex[u & 0xf];
    } else {
      out += c;
    }
  }
  out += '"';
}

constexpr std::size_t max_json_bytes = 1024 * 1024;

void write_json(const Template& source, const YAML::Node& value, std::string& out) {
  if (out.size() > max_json_bytes) {
    throw Unmappable("the value is larger than 1 MiB as JSON");
  }
  if (const auto fn = Template::intrinsic(value)) {
    throw Unmappable("it holds an intrinsic function (" + fn->name + ") at " + source.where(value));
  }
  if (value.IsMap()) {
    out += '{';
    bool first = true;
    for (const auto& entry : value) {
      if (!entry.first.IsScalar())
        throw Unmappable("a key that is not text at " + source.where(entry.first));
      if (!first) out += ", ";
      first = false;
      json_string(out, entry.first.Scalar());
      out += ": ";
      write_json(source, entry.second, out);
    }
    out += '}';
  } else if (value.IsSequence()) {
    out += '[';
    bool first = true;
    for (const auto& element : value) {
      if (!first) out += ", ";
      first = false;
      write_json(source, element, out);
    }
    out += ']';
  } else if (value.IsScalar()) {
    const std::string& text = value.Scalar();
    // "!" is the tag of a quoted scalar: always a string.
    const bool plain = value.Tag() != "!";
    if (plain && (json_number(text) || text == "true" || text == "false" || text == "null")) {
      out += text;
    } else {
      json_string(out, text);
    }
  } else {
    out += "null";
  }
}

}  // namespace

Template Template::read(const std::filesystem::path& file) {
  return parse(read_file(file), file.string());
}

Template Template::parse(std::string_view text, std::string source_name) {
  Template t;
  t.source_ = std::move(source_name);
  try {
    t.root_ = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    // yaml-cpp's message is "yaml-cpp: error at line L, column C: what";
    // its msg member is the "what" alone, and its mark the place.
    throw ImportError(location(t.source_, e.mark) + ": expected a JSON or YAML template: " + e.msg);
  }
  if (!t.root_.IsMap()) {
    throw ImportError(
        location(t.source_, t.root_.IsDefined() ? t.root_.Mark() : YAML::Mark::null_mark()) +
        ": expected a template: a map with a Resources section");
  }
  const auto resources = child(t.root_, "Resources");
  if (!resources) {
    throw ImportError(t.where(t.root_) +
                      ": Resources: expected a map of resources (a template must have one)");
  }
  if (!resources->IsMap() || resources->size() == 0) {
    throw ImportError(t.where(*resources) +
                      ": Resources: expected a map of one or more resources by logical id");
  }
  for (const auto& entry : *resources) {
    if (!entry.first.IsScalar()) {
      throw ImportError(t.where(entry.first) + ": Resources: expected a logical id");
    }
    const std::string id = entry.first.Scalar();
    const std::string path = "Resources." + id;
    if (!entry.second.IsMap()) {
      throw ImportError(t.where(entry.second) + ": " + path +
                        ": expected a resource (a map with Type)");
    }
    const auto type = child(entry.second, "Type");
    if (!type || !type->IsScalar() || Template::intrinsic(*type)) {
      throw ImportError(t.where(type ? *type : entry.second) + ": " + path +
                        ".Type: expected a resource type such as \"AWS::SQS::Queue\"");
    }
    const auto given = child(entry.second, "Properties");
    if (given && !given->IsMap() && !given->IsNull()) {
      throw ImportError(t.where(*given) + ": " + path + ".Properties: expected a map");
    }
    // Nodes are copied, never assigned: yaml-cpp's assignment merges the
    // whole document's node set into the target, which made reading a
    // template quadratic in its size.
    // A logical id given twice: YAML keeps both, CloudFormation refuses it.
    if (!t.index_.emplace(id, t.resources_.size()).second) {
      throw ImportError(t.where(entry.first) + ": " + path + ": the logical id is declared twice");
    }
    t.resources_.push_back({id, type->Scalar(),
                            given && given->IsMap() ? *given : YAML::Node(YAML::NodeType::Map),
                            entry.second});
  }
  return t;
}

const Resource* Template::find(std::string_view logical_id) const {
  const auto at = index_.find(logical_id);
  return at == index_.end() ? nullptr : &resources_[at->second];
}

YAML::Node Template::section(const std::string& name) const {
  if (auto node = child(root_, name)) return *node;
  return YAML::Node();
}

std::vector<std::string> Template::section_names() const {
  std::vector<std::string> names;
  for (const auto& entry : root_) {
    if (entry.first.IsScalar()) names.push_back(entry.first.Scalar());
  }
  return names;
}

std::string Template::where(const YAML::Node& node) const {
  if (!node.IsDefined()) return source_ + ":1:1";
  return location(source_, node.Mark());
}

std::optional<Template::Intrinsic> Template::intrinsic(const YAML::Node& value) {
  if (!value.IsDefined()) return std::nullopt;
  const std::string& tag = value.Tag();
  if (tag.size() > 1 && tag.front() == '!') {
    const std::string name = tag.substr(1);
    if (name == "Ref" || name == "Condition") return Intrinsic{name, value};
    return Intrinsic{"Fn::" + name, value};
  }
  if (value.IsMap() && value.size() == 1) {
    const auto entry = *value.begin();
    if (entry.first.IsScalar()) {
      const std::string& key = entry.first.Scalar();
      if (key == "Ref" || key == "Condition" || key.rfind("Fn::", 0) == 0) {
        return Intrinsic{key, entry.second};
      }
    }
  }
  return std::nullopt;
}

std::optional<std::string> Template::resource_named_by(const YAML::Node& value) const {
  const auto fn = intrinsic(value);
  if (!fn) {
    if (!value.IsScalar()) return std::nullopt;
    return resource_by_physical_name(value.Scalar());
  }
  const YAML::Node& arg = fn->argument;
  if (fn->name == "Ref") {
    if (!arg.IsScalar()) return std::nullopt;
    if (find(arg.Scalar())) return arg.Scalar();
    if (const auto text = literal(value)) return resource_by_physical_name(*text);
    return std::nullopt;
  }
  if (fn->name == "Fn::GetAtt") {
    std::string id;
    if (arg.IsScalar()) {
      id = arg.Scalar().substr(0, arg.Scalar().find('.'));
    } else if (arg.IsSequence() && arg.size() >= 1 && arg[0].IsScalar()) {
      id = arg[0].Scalar();
    }
    if (find(id)) return id;
    return std::nullopt;
  }
  if (fn->name == "Fn::Sub") {
    if (arg.IsScalar()) return resource_in_text(arg.Scalar());
    if (arg.IsSequence() && arg.size() >= 1 && arg[0].IsScalar()) {
      // Variables of the second element stand for what they name.
      std::set<std::string> found;
      const YAML::Node variables = arg.size() > 1 ? arg[1] : YAML::Node();
      for (const std::string& name : sub_names(arg[0].Scalar())) {
        if (const auto bound = child(variables, name)) {
          if (const auto id = resource_named_by(*bound)) found.insert(*id);
        } else if (find(name)) {
          found.insert(name);
        }
      }
      if (found.size() == 1) return *found.begin();
    }
    return std::nullopt;
  }
  if (fn->name == "Fn::Join") {
    if (!arg.IsSequence() || arg.size() != 2 || !arg[1].IsSequence()) return std::nullopt;
    std::set<std::string> found;
    for (const auto& part : arg[1]) {
      if (intrinsic(part)) {
        if (const auto id = resource_named_by(part)) found.insert(*id);
      }
    }
    if (found.size() == 1) return *found.begin();
    // An ARN joined from pseudo parameters (AWS::Region, AWS::AccountId)
    // still ends in the resource's physical name.
    if (found.empty() && arg[1].size() > 0) {
      const YAML::Node& last = arg[1][arg[1].size() - 1];
      if (!intrinsic(last) && last.IsScalar()) return resource_by_physical_name(last.Scalar());
    }
    return std::nullopt;
  }
  return std::nullopt;
}

std::optional<std::string> Template::literal(const YAML::Node& value) const {
  const auto fn = intrinsic(value);
  if (!fn) {
    if (value.IsScalar()) return value.Scalar();
    return std::nullopt;
  }
  const YAML::Node& arg = fn->argument;
  const YAML::Node parameters = section("Parameters");
  auto parameter_default = [&](const std::string& name) -> std::optional<std::string> {
    const auto parameter = child(parameters, name);
    if (!parameter) return std::nullopt;
    const auto fallback = child(*parameter, "Default");
    if (!fallback || !fallback->IsScalar()) return std::nullopt;
    return fallback->Scalar();
  };
  if (fn->name == "Ref") {
    if (!arg.IsScalar()) return std::nullopt;
    return parameter_default(arg.Scalar());
  }
  if (fn->name == "Fn::Sub") {
    if (!arg.IsScalar()) return std::nullopt;
    const std::string& text = arg.Scalar();
    std::string out;
    std::size_t at = 0;
    while (at < text.size()) {
      const std::size_t open = text.find("${", at);
      if (open == std::string::npos) {
        out += text.substr(at);
        break;
      }
      const std::size_t close = text.find('}', open);
      if (close == std::string::npos) return std::nullopt;
      out += text.substr(at, open - at);
      const std::string inner = text.substr(open + 2, close - open - 2);
      if (!inner.empty() && inner.front() == '!') {
        out += "${" + inner.substr(1) + "}";
      } else if (const auto bound = parameter_default(inner)) {
        out += *bound;
      } else {
        return std::nullopt;
      }
      at = close + 1;
    }
    return out;
  }
  if (fn->name == "Fn::Join") {
    if (!arg.IsSequence() || arg.size() != 2 || !arg[0].IsScalar() || !arg[1].IsSequence()) {
      return std::nullopt;
    }
    std::string out;
    bool first = true;
    for (const auto& part : arg[1]) {
      const auto text = literal(part);
      if (!text) return std::nullopt;
      if (!first) out += arg[0].Scalar();
      first = false;
      out += *text;
    }
    return out;
  }
  return std::nullopt;
}

std::optional<std::string> Template::resource_in_text(std::string_view text) const {
  std::set<std::string> found;
  for (const std::string& name : sub_names(text)) {
    if (find(name)) found.insert(name);
  }
  if (found.size() == 1) return *found.begin();
  // "arn:aws:sqs:${AWS::Region}:${AWS::AccountId}:orders" names no
  // resource by id, but ends in a physical name.
  if (found.empty() && !text.empty() && text.back() != '}') return resource_by_physical_name(text);
  return std::nullopt;
}

std::optional<std::string> Template::resource_by_physical_name(std::string_view text) const {
  // An ARN ends in ":name" (a queue, a topic, "function:name"), a queue URL
  // in "/name", a stream ARN in "stream/name", a bus ARN in "event-bus/name".
  const std::size_t cut = text.find_last_of(":/");
  const std::string_view name = cut == std::string_view::npos ? text : text.substr(cut + 1);
  if (name.empty()) return std::nullopt;
  static constexpr const char* name_keys[] = {"QueueName", "TopicName",  "FunctionName",
                                              "Name",      "StreamName", "StateMachineName"};
  for (const Resource& r : resources_) {
    for (const char* key : name_keys) {
      if (const auto given = child(r.properties, key)) {
        if (const auto physical = literal(*given); physical && *physical == name) return r.id;
      }
    }
  }
  return std::nullopt;
}

std::string to_json(const Template& source, const YAML::Node& value) {
  std::string out;
  write_json(source, value, out);
  return out;
}

}  // namespace edasim::import
