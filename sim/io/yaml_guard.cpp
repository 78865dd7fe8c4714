#include "io/yaml_guard.hpp"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace gigsim {

namespace {

std::string mib(std::size_t bytes) { return std::to_string(bytes >> 20) + " MiB"; }

// Listens to the parser's events, keeping only what the guards need: where each document
// starts, whether it is nothing but a null, and how deeply its collections nest.
class GuardHandler : public YAML::EventHandler {
 public:
  YAML::Mark start;
  int events = 0;  // in the current document, after its start
  bool only_null = false;

  void OnDocumentStart(const YAML::Mark& mark) override {
    start = mark;
    events = 0;
    only_null = false;
    depth_ = 0;
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override { only_null = ++events == 1; }
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override { note(); }
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {
    note();
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {
    open(mark);
  }
  void OnSequenceEnd() override { --depth_; }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {
    open(mark);
  }
  void OnMapEnd() override { --depth_; }

 private:
  int depth_ = 0;

  void note() {
    ++events;
    only_null = false;
  }
  void open(const YAML::Mark& mark) {
    note();
    if (++depth_ > kMaxYamlDepth) {
      throw YamlGuardError(mark.line + 1, mark.column + 1,
                           "lists and mappings nested more than " + std::to_string(kMaxYamlDepth) +
                               " levels deep; a real input nests a few levels: look for an unclosed '[' "
                               "or '{' before this point");
    }
  }
};

// The message for a document on which the parser consumed nothing, at `mark`.
YamlGuardError stuck_at(const std::string& text, const YAML::Mark& mark) {
  const int line = mark.line + 1;
  const int column = mark.column + 1;
  const bool comma =
      mark.pos >= 0 && static_cast<std::size_t>(mark.pos) < text.size() && text[mark.pos] == ',';
  if (comma) {
    return YamlGuardError(
        line, column,
        "a ',' outside any [ ] or { } list: commas separate items only inside brackets; remove it, or if "
        "this line continues the block above, indent it as far as that block's keys");
  }
  return YamlGuardError(line, column,
                        "the YAML reader cannot go past this point; check the indentation, colons and "
                        "brackets here or on the line above");
}

// Walks every document of `text` through the parser's events, without building nodes.
// Returns the number of documents, or throws.
std::size_t check_documents(const std::string& text, const std::string& what) {
  if (text.size() > kMaxYamlBytes) {
    throw YamlGuardError(1, 1,
                         "the " + what + " is " + std::to_string(text.size()) + " bytes, more than the " +
                             mib(kMaxYamlBytes) + " gigsim reads; is this the right file?");
  }
  std::istringstream in(text);
  YAML::Parser parser(in);
  GuardHandler handler;
  std::size_t documents = 0;
  bool previous_only_null = false;
  YAML::Mark previous_start;
  while (parser.HandleNextDocument(handler)) {
    // A null document that starts where the previous null document started consumed
    // nothing: yaml-cpp would return the same document forever.
    if (documents > 0 && handler.only_null && previous_only_null && handler.start.pos == previous_start.pos) {
      throw stuck_at(text, handler.start);
    }
    if (++documents > kMaxYamlDocuments) {
      throw YamlGuardError(handler.start.line + 1, handler.start.column + 1,
                           "more than " + std::to_string(kMaxYamlDocuments) + " YAML documents; a " + what +
                               " is one document: remove the '---' separators");
    }
    previous_only_null = handler.only_null;
    previous_start = handler.start;
  }
  return documents;
}

}  // namespace

std::vector<YAML::Node> load_yaml_documents(const std::string& text, const std::string& what) {
  check_documents(text, what);
  // The same parse as the check's, which ended: LoadAll ends too.
  return YAML::LoadAll(text);
}

YAML::Node load_one_yaml_document(const std::string& text, const std::string& what) {
  std::vector<YAML::Node> documents = load_yaml_documents(text, what);
  if (documents.empty()) return YAML::Node();
  if (documents.size() > 1) {
    const YAML::Mark mark = documents[1].Mark();
    throw YamlGuardError(mark.line + 1, mark.column + 1,
                         "the file holds " + std::to_string(documents.size()) + " YAML documents; a " + what +
                             " is one document: remove the '---' separators");
  }
  return documents[0];
}

std::optional<std::string> read_yaml_file(const std::string& path, std::string& reason) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    reason = "it is a directory";
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    reason = std::strerror(errno);
    return std::nullopt;
  }
  // Reads at most one buffer past the bound: a FIFO or /dev/zero never ends.
  std::string text;
  char buffer[65536];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    text.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (text.size() > kMaxYamlBytes) {
      reason = "it is larger than " + mib(kMaxYamlBytes) + ", the most gigsim reads; a real one is a few kB";
      return std::nullopt;
    }
  }
  if (in.bad()) {
    reason = std::strerror(errno);
    return std::nullopt;
  }
  return text;
}

}  // namespace gigsim
