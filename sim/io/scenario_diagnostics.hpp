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

// A scenario may come from several files (`extends:`), from --set arguments and from
// the settings of its interventions. Each key path has an origin, the file (or --set
// argument) its value was written in; the latest origin recorded for a path or one of
// its ancestors wins, since a later value replaced whatever was there.
class DiagnosticSink {
 public:
  static constexpr const char* kSetSource = "<--set>";

  // `file` is the origin of every path until others are recorded.
  explicit DiagnosticSink(std::string file) : file_(std::move(file)) {}

  // Remembers where the value at `path` was written, for checks that run after reading.
  void note(const std::string& path, const YAML::Mark& mark);
  // Values under `path` came from the index-th (1-based) --set argument; errors about
  // them point there, not at the file.
  void add_set_origin(const std::string& path, int index);
  // Values under `path` were written in `file` (a base scenario, or the file holding an
  // intervention); the marks of their nodes are places in that file.
  void add_file_origin(const std::string& path, const std::string& file);
  // The file the value at `path` was written in (kSetSource for a --set argument).
  std::string file_of(const std::string& path) const;
  // Diagnostics are listed file by file in the order the files were added (a base
  // scenario before the file that extends it), then those of files never added, then
  // the --set ones; within a file, by line and column.
  void add_file(std::string file);

  void error_at(const std::string& path, const YAML::Mark& mark, std::string message);
  // For checks on the resolved struct: placed where `path` (or its nearest written
  // ancestor) appears.
  void error(const std::string& path, std::string message);
  void error_in_set(int index, const std::string& path, std::string message);
  // In the sink's own file, or in `file`.
  void error_in_file(int line, int column, const std::string& path, std::string message);
  void error_in_file(const std::string& file, int line, int column, const std::string& path,
                     std::string message);
  // A diagnostic made elsewhere, as it is.
  void report(Diagnostic d);

  // Cross-field checks skip values that already have an error, so one slip gives one message.
  bool has_error_within(const std::string& path) const;
  bool has_error_at(const std::string& path) const;
  bool empty() const { return diagnostics_.empty(); }
  std::size_t count() const { return diagnostics_.size(); }
  // The same origins and places, no diagnostics: for reading a variant of the same tree.
  DiagnosticSink without_diagnostics() const {
    DiagnosticSink copy = *this;
    copy.diagnostics_.clear();
    copy.error_paths_.clear();
    return copy;
  }
  // File diagnostics in line order, then --set ones in argument order.
  std::vector<Diagnostic> sorted() const;

 private:
  struct Place {
    std::string file;
    int line = 0;
    int column = 0;
  };
  struct Origin {
    std::string path;
    std::string file;
    int set_index = 0;  // > 0: the --set argument
  };
  const Origin* origin(const std::string& path) const;  // nullptr: the sink's own file
  void add(Diagnostic d);

  std::string file_;
  std::vector<std::string> files_;
  std::map<std::string, Place> places_;
  std::vector<Origin> origins_;
  std::vector<std::string> error_paths_;
  std::vector<Diagnostic> diagnostics_;
};

}  // namespace gigsim
