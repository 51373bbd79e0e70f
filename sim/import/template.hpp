// A CloudFormation or SAM template as `edasim import` reads it: JSON or
// YAML (yaml-cpp parses both, JSON being YAML), its resources by logical id
// in document order, its parameters' defaults, and the resolution of
// intrinsic functions, long form (`{"Ref": "X"}`, `Fn::GetAtt`, `Fn::Sub`,
// `Fn::Join`) or short-form tag (`!Ref X`, `!GetAtt X.Arn`, ...), into the
// logical id of the resource a value names (services.md §14.5: "the
// importer must resolve logical IDs to edges, not ARNs").
//
// Promises: reading never crashes on bad input; a missing or unreadable
// file, malformed YAML or JSON, or a template without a Resources map
// throws ImportError whose text is located ("file:line:col: key path:
// what was expected").
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace edasim::import {

class ImportError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A part of the template that has no scenario counterpart; its text is the
// reason, which the importer writes as a "# not mapped" comment.
class Unmappable : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A template is read only up to this size, as a scenario file is (16 MiB).
inline constexpr std::size_t max_template_bytes = 16 * 1024 * 1024;

struct Resource {
  std::string id;         // the logical id
  std::string type;       // "AWS::SQS::Queue"
  YAML::Node properties;  // a map, possibly empty
  YAML::Node node;        // the whole resource entry, for its location
};

class Template {
 public:
  // Reads and parses `file`; errors are placed at the file as given.
  static Template read(const std::filesystem::path& file);
  // Parses text already in memory; `source_name` is what errors call it.
  static Template parse(std::string_view text, std::string source_name);

  const std::string& source_name() const { return source_; }
  const std::vector<Resource>& resources() const { return resources_; }
  const Resource* find(std::string_view logical_id) const;
  // A top-level section other than Resources (Globals, Parameters, ...).
  YAML::Node section(const std::string& name) const;
  // The top-level sections in document order.
  std::vector<std::string> section_names() const;

  // "file:line:col" of a node (1-based), or the file alone when the node
  // has no position.
  std::string where(const YAML::Node& node) const;

  // The logical id of the resource `value` names: Ref X, Fn::GetAtt X.Attr
  // (either form), Fn::Sub or Fn::Join whose text names exactly one
  // resource, or a literal ARN, URL or name whose last part is a resource's
  // physical name (QueueName, TopicName, FunctionName, Name, StreamName).
  std::optional<std::string> resource_named_by(const YAML::Node& value) const;

  // The literal text of a scalar value: a plain or quoted scalar, a Ref to
  // a parameter with a Default, or a Fn::Sub / Fn::Join of such parts.
  // Nullopt for anything else (another intrinsic, a map, a Ref to a
  // resource).
  std::optional<std::string> literal(const YAML::Node& value) const;

  // The name of the intrinsic function `value` is ("Ref", "Fn::GetAtt",
  // "Fn::If", ...) with its argument, long or short form; nullopt when the
  // value is not one.
  struct Intrinsic {
    std::string name;
    YAML::Node argument;
  };
  static std::optional<Intrinsic> intrinsic(const YAML::Node& value);

 private:
  std::optional<std::string> resource_in_text(std::string_view text) const;
  std::optional<std::string> resource_by_physical_name(std::string_view text) const;

  std::string source_;
  YAML::Node root_;
  std::vector<Resource> resources_;
  std::map<std::string, std::size_t, std::less<>> index_;  // logical id -> resources_
};

// `value` as JSON text: a template's EventPattern, FilterPolicy or
// Definition given as an object. Plain scalars that read as numbers,
// booleans or null are written as such, quoted ones as strings (so a JSON
// template's `"5"` stays a string). Throws Unmappable for an intrinsic
// function inside the value (its place in the reason), or a result over
// 1 MiB (aliases can multiply a small file).
std::string to_json(const Template& source, const YAML::Node& value);

}  // namespace edasim::import
