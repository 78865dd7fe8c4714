#pragma once
// Every string the view shows, in English and French (a small table, no gettext). The view asks
// tr(id); a missing translation is a test failure (tests/viz), never an English word on a French
// screen.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gigsim::viz {

enum class Lang { en, fr };

struct Text {
  const char* id;
  const char* en;
  const char* fr;
};

const std::vector<Text>& text_table();
// The text for `id` in `lang` (the id itself when unknown, so a typo shows on screen).
const char* tr(std::string_view id, Lang lang);

// A lever of the control panel: a switch or a slider over one or more scenario keys.
struct Lever {
  const char* id;        // string-table id of its label; "<id>.tip" is its tooltip
  const char* read_key;  // where its position is read in the resolved scenario
  // Keys it sets in an intervention; "{p}" stands for each platform index, "{t}" for the chosen
  // requester type.
  std::vector<const char*> set_keys;
  bool is_switch = false;
  double min = 0, max = 1;
  const char* format = "%.2f";
  const char* enabled_by = nullptr;  // id of the switch it belongs to (greyed out when off)
};
const std::vector<Lever>& levers();
// Where a lever's position is read, for requester type `type`.
std::string lever_read_key(const Lever& lever, std::size_t type);
// The settings of an intervention that moves `lever` to `value` (YAML text).
std::vector<std::pair<std::string, std::string>> lever_settings(const Lever& lever, const std::string& value,
                                                                std::size_t platforms, std::size_t type);

// Presets in one click: a scenario file (relative to the repository) and two sentences.
struct Preset {
  const char* id;  // label id; "<id>.text" is the two-sentence explanation
  const char* path;
};
const std::vector<Preset>& presets();

}  // namespace gigsim::viz
