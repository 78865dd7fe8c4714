#pragma once
// Guards in front of yaml-cpp (issue 8, docs/robustness.md, "Fuzzing").
//
// yaml-cpp 0.7 (Debian 12's libyaml-cpp0.7) never returns from YAML::LoadAll when a ','
// stands outside any [ ] or { } at the top level of a document (`,` alone, `- a\n,`,
// `"a",`, `{a: 1},`; found by libFuzzer, upstream jbeder/yaml-cpp#1040): its parser emits
// a null document without consuming the ',' token, and LoadAll asks for the next document
// forever, each one a new null node, until memory runs out. load_yaml_documents() walks
// the documents first with the parser's event interface, which stops at the first
// document that consumes nothing, and only then builds the nodes; it also bounds the
// text's size, the nesting depth and the number of documents. Every scenario, base
// scenario and sweep file is read through it.
#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

namespace gigsim {

// Bounds no real input approaches: the scenarios and sweeps in scenarios/ are under 10 kB,
// nest at most 6 levels deep and are one document.
inline constexpr std::size_t kMaxYamlBytes = std::size_t{4} << 20;  // 4 MiB
inline constexpr int kMaxYamlDepth = 64;                            // nested lists and mappings
inline constexpr std::size_t kMaxYamlDocuments = 100;

// Input the guards refuse: where (1-based line and column) and what to do about it.
class YamlGuardError : public std::runtime_error {
 public:
  YamlGuardError(int line, int column, const std::string& message)
      : std::runtime_error(message), line_(line), column_(column) {}
  int line() const { return line_; }
  int column() const { return column_; }

 private:
  int line_;
  int column_;
};

// All the documents of `text` (as YAML::LoadAll), or throws YamlGuardError for input the
// guards refuse (too big, too deep, more than kMaxYamlDocuments documents, or one on which
// yaml-cpp cannot make progress) or YAML::Exception for a syntax error, as LoadAll would.
// `what` names the kind of file in messages ("scenario", "sweep file").
std::vector<YAML::Node> load_yaml_documents(const std::string& text, const std::string& what);

// The first document of `text`, or a null node for an empty text (as YAML::Load), with the
// same guards; a second document is refused (YamlGuardError naming where it starts).
YAML::Node load_one_yaml_document(const std::string& text, const std::string& what);

// Reads the file at `path` whole, refusing more than kMaxYamlBytes (a FIFO or /dev/zero
// never ends): nullopt with `reason` set ("No such file or directory", "it is a directory",
// "it is larger than 4 MiB, ...") when it cannot.
std::optional<std::string> read_yaml_file(const std::string& path, std::string& reason);

}  // namespace gigsim
