#include "io/set_overrides.hpp"

#include <optional>

#include <yaml-cpp/yaml.h>

#include "io/did_you_mean.hpp"
#include "io/scenario_schema.hpp"
#include "io/yaml_scalars.hpp"

namespace gigsim {

namespace {

// The shape of the scenario keys, built once from the schema, to check a path before
// touching the tree (the file may lack the block a path goes through).
struct SchemaNode {
  enum class Kind { leaf, block, list };
  Kind kind = Kind::leaf;
  std::string what;                // for leaves, how the value is described
  std::vector<std::string> names;  // for blocks: the keys, in order
  std::vector<SchemaNode> children;
  std::vector<SchemaNode> element;  // for lists: one entry's shape
  std::size_t default_size = 0;     // for lists: entries when the file has none
};

class SchemaBuilder {
 public:
  explicit SchemaBuilder(SchemaNode& node) : node_(node) {}

  void number(const char* key, double&, const Bounds&) { leaf(key, "a number"); }
  void integer(const char* key, std::int64_t&, const IntBounds&) { leaf(key, "a whole number"); }
  void integer(const char* key, int&, const IntBounds&) { leaf(key, "a whole number"); }
  void unsigned_integer(const char* key, std::uint64_t&) { leaf(key, "a whole number"); }
  void boolean(const char* key, bool&) { leaf(key, "true or false"); }
  void text(const char* key, std::string&, TextRule) { leaf(key, "text"); }
  template <class E>
  void choice(const char* key, E&) {
    leaf(key, "a choice");
  }
  void hourly_weights(const char* key, std::array<double, 24>&) { leaf(key, "a list of 24 numbers"); }
  void invalid(const char*, const std::string&) {}

  template <class T>
  void group(const char* key, T& s, Layout = Layout::block) {
    SchemaNode child;
    child.kind = SchemaNode::Kind::block;
    SchemaBuilder builder(child);
    visit_fields(builder, s);
    add(key, std::move(child));
  }
  template <class T>
  void list(const char* key, std::vector<T>& items, const T& fresh) {
    SchemaNode child;
    child.kind = SchemaNode::Kind::list;
    child.default_size = items.size();
    SchemaNode element;
    element.kind = SchemaNode::Kind::block;
    SchemaBuilder builder(element);
    T copy = fresh;
    visit_fields(builder, copy);
    child.element.push_back(std::move(element));
    add(key, std::move(child));
  }

 private:
  void leaf(const char* key, const char* what) {
    SchemaNode child;
    child.what = what;
    add(key, std::move(child));
  }
  void add(const char* key, SchemaNode child) {
    node_.names.emplace_back(key);
    node_.children.push_back(std::move(child));
  }
  SchemaNode& node_;
};

const SchemaNode& scenario_schema() {
  static const SchemaNode root = [] {
    SchemaNode node;
    node.kind = SchemaNode::Kind::block;
    SchemaBuilder builder(node);
    Scenario scenario;
    RegulationSpec global;
    visit_scenario(builder, scenario, &global);
    return node;
  }();
  return root;
}

struct Segment {
  std::string key;  // empty for an index
  std::size_t index = 0;
  bool is_index() const { return key.empty(); }
};

std::optional<std::vector<Segment>> parse_path(const std::string& text) {
  std::vector<Segment> segments;
  std::size_t i = 0;
  while (true) {
    const std::size_t start = i;
    while (i < text.size() && text[i] != '.' && text[i] != '[' && text[i] != ']') ++i;
    if (i == start) return std::nullopt;
    segments.push_back(Segment{text.substr(start, i - start)});
    while (i < text.size() && text[i] == '[') {
      const std::size_t digits = ++i;
      while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
      if (i == digits || i >= text.size() || text[i] != ']' || i - digits > 6) return std::nullopt;
      segments.push_back(Segment{"", std::stoul(text.substr(digits, i - digits))});
      ++i;
    }
    if (i == text.size()) return segments;
    if (text[i] != '.') return std::nullopt;
    ++i;
  }
}

std::string trim(const std::string& s) {
  const std::size_t first = s.find_first_not_of(" \t");
  if (first == std::string::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

// Checks the path against the schema; returns its normalised text, or reports and returns nullopt.
std::optional<std::string> check_path(const std::vector<Segment>& segments, const SettingReporter& report,
                                      std::vector<const SchemaNode*>& shapes) {
  const SchemaNode* node = &scenario_schema();
  std::string path;
  for (const Segment& segment : segments) {
    shapes.push_back(node);
    switch (node->kind) {
      case SchemaNode::Kind::block: {
        const std::string here = path.empty() ? std::string("the top level") : "'" + path + "'";
        if (segment.is_index()) {
          report(path, here + " is a block of keys, not a list; name a key with '.key'");
          return std::nullopt;
        }
        if (path.empty() && (segment.key == "interventions" || segment.key == "extends")) {
          report(segment.key, "'" + segment.key +
                                  "' cannot be set this way (from --set, or by an intervention); write it in "
                                  "the scenario file");
          return std::nullopt;
        }
        std::size_t k = 0;
        while (k < node->names.size() && node->names[k] != segment.key) ++k;
        if (k == node->names.size()) {
          std::string message = "unknown key '" + segment.key + "'";
          if (auto guess = did_you_mean(segment.key, node->names)) {
            message += "; did you mean '" + *guess + "'?";
          } else {
            message += "; the keys allowed in " + here + " are " + join_names(node->names);
          }
          report(child_path(path, segment.key), std::move(message));
          return std::nullopt;
        }
        path = child_path(path, segment.key);
        node = &node->children[k];
        break;
      }
      case SchemaNode::Kind::list:
        if (!segment.is_index()) {
          report(path, "is a list; pick an entry by its index first, e.g. " + path + "[0]." + segment.key);
          return std::nullopt;
        }
        path = index_path(path, segment.index);
        node = &node->element.front();
        break;
      case SchemaNode::Kind::leaf:
        report(path,
               "is a single value (" + node->what + ") with nothing below it; set it as " + path + "=VALUE");
        return std::nullopt;
    }
  }
  shapes.push_back(node);
  return path;
}

YAML::Node default_list(std::size_t size) {
  YAML::Node list(YAML::NodeType::Sequence);
  for (std::size_t i = 0; i < size; ++i) list.push_back(YAML::Node(YAML::NodeType::Map));
  return list;
}

// Walks the tree along the checked path, making the blocks the file lacks, and puts `value` at its end.
bool place(YAML::Node& root, const std::vector<Segment>& segments,
           const std::vector<const SchemaNode*>& shapes, const YAML::Node& value,
           const SettingReporter& report) {
  YAML::Node current;
  current.reset(root);
  std::string path;
  for (std::size_t k = 0; k < segments.size(); ++k) {
    const Segment& segment = segments[k];
    const bool last = k + 1 == segments.size();
    if (segment.is_index()) {
      if (!current.IsSequence()) {
        report(path, "cannot be indexed: the file gives it as " + describe_node(current) + ", not a list");
        return false;
      }
      if (segment.index >= current.size()) {
        report(index_path(path, segment.index),
               "there is no entry [" + std::to_string(segment.index) + "]: '" + path + "' has " +
                   std::to_string(current.size()) + (current.size() == 1 ? " entry" : " entries") +
                   ", numbered from 0; add entries in the file");
        return false;
      }
      path = index_path(path, segment.index);
      if (last) {
        current[segment.index] = value;
        return true;
      }
      YAML::Node next = current[segment.index];
      if (next.IsNull()) next = YAML::Node(YAML::NodeType::Map);
      current.reset(next);
      continue;
    }
    if (current.IsNull()) current = YAML::Node(YAML::NodeType::Map);  // `key:` with nothing below
    if (!current.IsMap()) {
      report(path, "cannot hold '" + segment.key + "': the file gives it as " + describe_node(current) +
                       ", not a block of keys");
      return false;
    }
    path = child_path(path, segment.key);
    if (last) {
      current[segment.key] = value;
      return true;
    }
    YAML::Node next = current[segment.key];
    if (!next.IsDefined()) {
      const SchemaNode* shape = shapes[k + 1];
      current[segment.key] = shape->kind == SchemaNode::Kind::list ? default_list(shape->default_size)
                                                                   : YAML::Node(YAML::NodeType::Map);
      next = current[segment.key];
    }
    current.reset(next);
  }
  return true;
}

}  // namespace

std::optional<std::string> check_setting_path(const std::string& path_text, const SettingReporter& report) {
  const std::optional<std::vector<Segment>> segments = parse_path(path_text);
  if (!segments) {
    report(path_text,
           "is not a key path; write keys separated by '.' and list entries as [index], e.g. "
           "workers.groups[0].share");
    return std::nullopt;
  }
  std::vector<const SchemaNode*> shapes;
  return check_path(*segments, report, shapes);
}

bool place_setting(YAML::Node& root, const std::string& path_text, const YAML::Node& value,
                   const SettingReporter& report) {
  const std::optional<std::vector<Segment>> segments = parse_path(path_text);
  if (!segments) return false;
  std::vector<const SchemaNode*> shapes;
  if (!check_path(*segments, report, shapes)) return false;
  return place(root, *segments, shapes, value, report);
}

void remove_setting(YAML::Node& root, const std::string& path_text) {
  const std::optional<std::vector<Segment>> segments = parse_path(path_text);
  if (!segments) return;
  YAML::Node current;
  current.reset(root);
  for (std::size_t k = 0; k < segments->size(); ++k) {
    const Segment& segment = (*segments)[k];
    const bool last = k + 1 == segments->size();
    if (segment.is_index()) {
      if (!current.IsSequence() || segment.index >= current.size() || last) return;
      YAML::Node next = current[segment.index];
      current.reset(next);
      continue;
    }
    if (!current.IsMap()) return;
    if (last) {
      while (current.remove(segment.key)) {
      }
      return;
    }
    // Looked up through a const node: operator[] on a non-const one would add the key.
    const YAML::Node& lookup = current;
    YAML::Node next = lookup[segment.key];
    if (!next.IsDefined()) return;
    current.reset(next);
  }
}

void apply_set_args(YAML::Node& root, const std::vector<std::string>& set_args, DiagnosticSink& sink) {
  for (std::size_t i = 0; i < set_args.size(); ++i) {
    const int arg = static_cast<int>(i) + 1;
    const SettingReporter report = [&](const std::string& path, std::string message) {
      sink.error_in_set(arg, path, std::move(message));
    };
    const std::string& text = set_args[i];
    const std::size_t equals = text.find('=');
    if (equals == std::string::npos) {
      report("", "expected KEY.PATH=VALUE, got '" + text + "'; e.g. --set workers.registered=500");
      continue;
    }
    const std::string raw_path = trim(text.substr(0, equals));
    const std::optional<std::vector<Segment>> segments = parse_path(raw_path);
    if (!segments) {
      report(raw_path,
             "is not a key path; write keys separated by '.' and list entries as [index], e.g. "
             "workers.groups[0].share");
      continue;
    }
    std::vector<const SchemaNode*> shapes;
    const std::optional<std::string> path = check_path(*segments, report, shapes);
    if (!path) continue;
    const std::string value_text = text.substr(equals + 1);
    YAML::Node value;
    try {
      value = YAML::Load(value_text);
    } catch (const YAML::Exception& e) {
      report(*path, "cannot read the value '" + value_text + "' as YAML (" + e.msg +
                        "); put text containing ':', '#', '[' or '{' in quotes");
      continue;
    }
    if (place(root, *segments, shapes, value, report)) sink.add_set_origin(*path, arg);
  }
}

}  // namespace gigsim
