#pragma once
// One family of exceptions. The command line catches them at the top and
// prints one line; ScenarioError carries every diagnostic, not just the first.
#include <stdexcept>
#include <string>
#include <vector>

namespace gigsim {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Where in a person's input a problem is, and how to fix it.
struct Diagnostic {
  std::string file;      // scenario file, or "<--set>" / "<built-in>"
  int line = 0;          // 1-based; 0 when unknown
  int column = 0;        // 1-based; 0 when unknown
  std::string key_path;  // e.g. "workers.groups[1].share"
  std::string message;   // what is wrong, with the fix
};

std::string format_diagnostic(const Diagnostic& d);  // FILE:LINE:COL: error: MESSAGE

// Invalid input (exit status 2).
class ScenarioError : public Error {
 public:
  explicit ScenarioError(std::vector<Diagnostic> diagnostics);
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

 private:
  std::vector<Diagnostic> diagnostics_;
};

// A failure of the environment while running: cannot write output, too big (exit status 1).
class RuntimeFailure : public Error {
 public:
  using Error::Error;
};

}  // namespace gigsim
