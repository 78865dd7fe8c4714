#include "core/error.hpp"

namespace gigsim {

std::string format_diagnostic(const Diagnostic& d) {
  std::string out = d.file.empty() ? std::string("<scenario>") : d.file;
  out += ':' + std::to_string(d.line) + ':' + std::to_string(d.column) + ": error: ";
  if (!d.key_path.empty()) out += d.key_path + ": ";
  out += d.message;
  return out;
}

static std::string join_first(const std::vector<Diagnostic>& ds) {
  if (ds.empty()) return "invalid scenario";
  std::string s = format_diagnostic(ds.front());
  if (ds.size() > 1) s += " (and " + std::to_string(ds.size() - 1) + " more)";
  return s;
}

ScenarioError::ScenarioError(std::vector<Diagnostic> diagnostics)
    : Error(join_first(diagnostics)), diagnostics_(std::move(diagnostics)) {}

}  // namespace gigsim
