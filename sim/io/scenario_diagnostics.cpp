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
  places_[path] = Place{file_of(path), mark.line + 1, mark.column + 1};
}

void DiagnosticSink::add_set_origin(const std::string& path, int index) {
  origins_.push_back(Origin{path, kSetSource, index});
}

void DiagnosticSink::add_file_origin(const std::string& path, const std::string& file) {
  origins_.push_back(Origin{path, file, 0});
}

void DiagnosticSink::add_file(std::string file) {
  if (std::find(files_.begin(), files_.end(), file) == files_.end()) files_.push_back(std::move(file));
}

const DiagnosticSink::Origin* DiagnosticSink::origin(const std::string& path) const {
  // The latest origin wins: its value replaced whatever earlier ones wrote there.
  for (auto it = origins_.rbegin(); it != origins_.rend(); ++it) {
    if (path_within(path, it->path)) return &*it;
  }
  return nullptr;
}

std::string DiagnosticSink::file_of(const std::string& path) const {
  const Origin* o = origin(path);
  return o ? o->file : file_;
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

void DiagnosticSink::error_in_file(const std::string& file, int line, int column, const std::string& path,
                                   std::string message) {
  add(Diagnostic{file, line, column, path, std::move(message)});
}

void DiagnosticSink::report(Diagnostic d) { add(std::move(d)); }

void DiagnosticSink::error_at(const std::string& path, const YAML::Mark& mark, std::string message) {
  const Origin* o = origin(path);
  if (o && o->set_index > 0) return error_in_set(o->set_index, path, std::move(message));
  if (mark.line < 0) return error(path, std::move(message));
  add(Diagnostic{o ? o->file : file_, mark.line + 1, mark.column + 1, path, std::move(message)});
}

void DiagnosticSink::error(const std::string& path, std::string message) {
  const Origin* o = origin(path);
  if (o && o->set_index > 0) return error_in_set(o->set_index, path, std::move(message));
  // A value left at its default has no place of its own: point at the enclosing block.
  for (std::string p = path;; p = parent_path(p)) {
    if (auto it = places_.find(p); it != places_.end()) {
      return add(Diagnostic{it->second.file, it->second.line, it->second.column, path, std::move(message)});
    }
    if (p.empty()) break;
  }
  add(Diagnostic{o ? o->file : file_, 0, 0, path, std::move(message)});
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
  // Files in the order they were added, files never added after them (by name), --set last.
  const auto rank = [&](const std::string& file) -> std::size_t {
    if (file == kSetSource) return files_.size() + 1;
    const auto it = std::find(files_.begin(), files_.end(), file);
    return it == files_.end() ? files_.size() : static_cast<std::size_t>(it - files_.begin());
  };
  std::stable_sort(out.begin(), out.end(), [&](const Diagnostic& a, const Diagnostic& b) {
    const std::size_t a_rank = rank(a.file), b_rank = rank(b.file);
    if (a_rank != b_rank) return a_rank < b_rank;
    if (a.file != b.file) return a.file < b.file;
    if (a.line != b.line) return a.line < b.line;
    return a.column < b.column;
  });
  return out;
}

}  // namespace gigsim
