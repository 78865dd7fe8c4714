#pragma once
// Collects every problem found while loading a scenario, each placed at the file
// line and column a person must edit (or at the --set argument that caused it).
#include <map>
#include <string>
#include <vector>

#include <yaml-cpp/mark.h>

#include "core/error.hpp"

namespace gigsim {

// "a.b" + "c" -> "a.b.c"; "" + "c" -> "c".
std::string child_path(const std::string& parent, const std::string& key);
// "a.b" + 2 -> "a.b[2]".
std::string index_path(const std::string& parent, std::size_t index);
// "a.b[2]" -> "a.b"; "a.b" -> "a"; "a" -> "".
std::string parent_path(const std::string& path);
// True when `path` is `ancestor` or lies below it.
bool path_within(const std::string& path, const std::string& ancestor);

class DiagnosticSink {
 public:
  static constexpr const char* kSetSource = "<--set>";

  explicit DiagnosticSink(std::string file) : file_(std::move(file)) {}

  // Remembers where the value at `path` was written, for checks that run after reading.
  void note(const std::string& path, const YAML::Mark& mark);
  // Values under `path` came from the index-th (1-based) --set argument; errors about
  // them point there, not at the file.
  void add_set_origin(const std::string& path, int index);

  void error_at(const std::string& path, const YAML::Mark& mark, std::string message);
  // For checks on the resolved struct: placed where `path` (or its nearest written
  // ancestor) appears.
  void error(const std::string& path, std::string message);
  void error_in_set(int index, const std::string& path, std::string message);
  void error_in_file(int line, int column, const std::string& path, std::string message);

  // Cross-field checks skip values that already have an error, so one slip gives one message.
  bool has_error_within(const std::string& path) const;
  bool has_error_at(const std::string& path) const;
  bool empty() const { return diagnostics_.empty(); }
  // File diagnostics in line order, then --set ones in argument order.
  std::vector<Diagnostic> sorted() const;

 private:
  struct Place {
    int line = 0;
    int column = 0;
  };
  int set_origin(const std::string& path) const;  // 0 when none
  void add(Diagnostic d);

  std::string file_;
  std::map<std::string, Place> places_;
  std::vector<std::pair<std::string, int>> set_origins_;
  std::vector<std::string> error_paths_;
  std::vector<Diagnostic> diagnostics_;
};

}  // namespace gigsim
