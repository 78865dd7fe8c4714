#include "io/scenario_diagnostics.hpp"

#include <algorithm>

namespace gigsim {

std::string child_path(const std::string& parent, const std::string& key) {
  return parent.empty() ? key : parent + "." + key;
}

std::string index_path(const std::string& parent, std::size_t index) {
  return parent + "[" + std::to_string(index) + "]";
}

std::string parent_path(const std::string& path) {
  const std::size_t cut = path.find_last_of(".[");
  return cut == std::string::npos ? std::string() : path.substr(0, cut);
}

bool path_within(const std::string& path, const std::string& ancestor) {
  if (ancestor.empty()) return true;
  if (path.compare(0, ancestor.size(), ancestor) != 0) return false;
  return path.size() == ancestor.size() || path[ancestor.size()] == '.' || path[ancestor.size()] == '[';
}

void DiagnosticSink::note(const std::string& path, const YAML::Mark& mark) {
  if (mark.line < 0) return;  // a node made up while applying --set has no place in the file
  places_[path] = Place{mark.line + 1, mark.column + 1};
}

void DiagnosticSink::add_set_origin(const std::string& path, int index) {
  set_origins_.emplace_back(path, index);
}

int DiagnosticSink::set_origin(const std::string& path) const {
  // The latest argument wins: it replaced whatever earlier ones wrote there.
  int origin = 0;
  for (const auto& [set_path, index] : set_origins_) {
    if (path_within(path, set_path)) origin = std::max(origin, index);
  }
  return origin;
}

void DiagnosticSink::add(Diagnostic d) {
  error_paths_.push_back(d.key_path);
  diagnostics_.push_back(std::move(d));
}

void DiagnosticSink::error_in_set(int index, const std::string& path, std::string message) {
  add(Diagnostic{kSetSource, index, 0, path, std::move(message)});
}

void DiagnosticSink::error_in_file(int line, int column, const std::string& path, std::string message) {
  add(Diagnostic{file_, line, column, path, std::move(message)});
}

void DiagnosticSink::error_at(const std::string& path, const YAML::Mark& mark, std::string message) {
  if (const int origin = set_origin(path)) return error_in_set(origin, path, std::move(message));
  if (mark.line < 0) return error(path, std::move(message));
  error_in_file(mark.line + 1, mark.column + 1, path, std::move(message));
}

void DiagnosticSink::error(const std::string& path, std::string message) {
  if (const int origin = set_origin(path)) return error_in_set(origin, path, std::move(message));
  // A value left at its default has no place of its own: point at the enclosing block.
  for (std::string p = path;; p = parent_path(p)) {
    if (auto it = places_.find(p); it != places_.end()) {
      return error_in_file(it->second.line, it->second.column, path, std::move(message));
    }
    if (p.empty()) break;
  }
  error_in_file(0, 0, path, std::move(message));
}

bool DiagnosticSink::has_error_within(const std::string& path) const {
  return std::any_of(error_paths_.begin(), error_paths_.end(),
                     [&](const std::string& p) { return path_within(p, path); });
}

bool DiagnosticSink::has_error_at(const std::string& path) const {
  return std::find(error_paths_.begin(), error_paths_.end(), path) != error_paths_.end();
}

std::vector<Diagnostic> DiagnosticSink::sorted() const {
  std::vector<Diagnostic> out = diagnostics_;
  std::stable_sort(out.begin(), out.end(), [](const Diagnostic& a, const Diagnostic& b) {
    const bool a_set = a.file == kSetSource, b_set = b.file == kSetSource;
    if (a_set != b_set) return !a_set;
    if (a.line != b.line) return a.line < b.line;
    return a.column < b.column;
  });
  return out;
}

}  // namespace gigsim
