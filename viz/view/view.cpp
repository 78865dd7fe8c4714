#include "view.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>

#include <imgui.h>

#include "io/scenario_loader.hpp"

namespace gigsim::viz {

namespace {

// Colours: one per series, readable on a projector.
constexpr ImU32 kBlue = IM_COL32(66, 133, 244, 255);
constexpr ImU32 kOrange = IM_COL32(244, 140, 30, 255);
constexpr ImU32 kGreen = IM_COL32(52, 168, 83, 255);
constexpr ImU32 kRed = IM_COL32(219, 68, 55, 255);
constexpr ImU32 kPurple = IM_COL32(150, 90, 200, 255);
constexpr ImU32 kGrey = IM_COL32(150, 150, 150, 255);
constexpr ImU32 kYellow = IM_COL32(240, 200, 40, 255);
constexpr ImU32 kBack = IM_COL32(30, 32, 38, 255);
constexpr ImU32 kAxis = IM_COL32(110, 110, 120, 255);

ImU32 state_colour(std::uint8_t state) {
  switch (state) {
    case 0:
      return IM_COL32(90, 90, 100, 255);  // offline
    case 1:
      return kYellow;  // searching
    case 2:
      return kGreen;  // working
    case 3:
      return kBlue;  // qualifying
    case 4:
      return kRed;  // suspended
    default:
      return IM_COL32(40, 40, 45, 255);  // exited
  }
}
const char* state_id(std::uint8_t state) {
  static const char* ids[] = {"state.offline",    "state.searching", "state.working",
                              "state.qualifying", "state.suspended", "state.exited"};
  return ids[std::min<std::uint8_t>(state, 5)];
}

struct Series {
  const std::vector<float>* values;
  ImU32 colour;
  const char* name;
};

// A line chart with a legend, a horizontal reference line and a hover read-out.
void line_chart(const char* id, const std::vector<Series>& series, float height, double interval_minutes,
                float reference = NAN, ImU32 reference_colour = kRed, const char* reference_name = nullptr,
                const std::vector<float>* hours = nullptr) {
  const ImVec2 size(ImGui::GetContentRegionAvail().x, height);
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton(id, size);
  const bool hovered = ImGui::IsItemHovered();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 p1(p0.x + size.x, p0.y + size.y);
  dl->AddRectFilled(p0, p1, kBack);
  std::size_t n = 0;
  float top = 0;
  for (const Series& s : series) {
    n = std::max(n, s.values->size());
    for (float v : *s.values) top = std::max(top, v);
  }
  if (std::isfinite(reference)) top = std::max(top, reference);
  top = top <= 0 ? 1.0f : top * 1.1f;
  const float line = ImGui::GetTextLineHeight();
  // The legend, wrapped onto as many rows as it needs; the plot starts below it.
  struct Entry {
    const char* name;
    ImU32 colour;
    ImVec2 at;
  };
  std::vector<Entry> entries;
  for (const Series& s : series) entries.push_back({s.name, s.colour, {}});
  if (reference_name && std::isfinite(reference)) entries.push_back({reference_name, reference_colour, {}});
  float lx = p0.x + 4, ly = p0.y + 2;
  for (Entry& e : entries) {
    const float w = line + ImGui::CalcTextSize(e.name).x + line;
    if (lx + w > p1.x - 4 && lx > p0.x + 4) {
      lx = p0.x + 4;
      ly += line * 1.2f;
    }
    e.at = ImVec2(lx, ly);
    lx += w;
  }
  const float left = p0.x + 4, right = p1.x - 4, y_top = ly + line * 1.3f, y_bottom = p1.y - 4;
  const auto x_of = [&](std::size_t i) {
    return n <= 1 ? left : left + (right - left) * static_cast<float>(i) / static_cast<float>(n - 1);
  };
  const auto y_of = [&](float v) { return y_bottom - (y_bottom - y_top) * std::clamp(v / top, 0.0f, 1.0f); };
  dl->AddLine(ImVec2(left, y_bottom), ImVec2(right, y_bottom), kAxis);
  char buffer[96];
  std::snprintf(buffer, sizeof buffer, "%.3g", top);
  dl->AddText(ImVec2(right - ImGui::CalcTextSize(buffer).x, y_top), kAxis, buffer);
  if (std::isfinite(reference)) {
    const float y = y_of(reference);
    for (float x = left; x < right; x += 10)
      dl->AddLine(ImVec2(x, y), ImVec2(std::min(x + 5, right), y), reference_colour, 2);
  }
  for (const Series& s : series) {
    if (s.values->size() < 2) continue;
    std::vector<ImVec2> points;
    points.reserve(s.values->size());
    for (std::size_t i = 0; i < s.values->size(); ++i) points.emplace_back(x_of(i), y_of((*s.values)[i]));
    dl->AddPolyline(points.data(), static_cast<int>(points.size()), s.colour, 0, 2.0f);
  }
  for (const Entry& e : entries) {
    dl->AddRectFilled(ImVec2(e.at.x, e.at.y + line * 0.2f),
                      ImVec2(e.at.x + line * 0.7f, e.at.y + line * 0.9f), e.colour);
    dl->AddText(ImVec2(e.at.x + line, e.at.y), IM_COL32(230, 230, 230, 255), e.name);
  }
  if (hovered && n > 0) {
    const float mx = ImGui::GetIO().MousePos.x;
    const std::size_t i = n <= 1 ? 0
                                 : static_cast<std::size_t>(std::clamp(
                                       std::lround((mx - left) / (right - left) * static_cast<float>(n - 1)),
                                       0L, static_cast<long>(n - 1)));
    dl->AddLine(ImVec2(x_of(i), y_top), ImVec2(x_of(i), y_bottom), kAxis);
    ImGui::BeginTooltip();
    const double minutes = static_cast<double>(i + 1) * interval_minutes;
    ImGui::Text("%.0f h", hours && i < hours->size() ? static_cast<double>((*hours)[i]) : minutes / 60.0);
    for (const Series& s : series)
      if (i < s.values->size())
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(s.colour), "%s: %.2f", s.name, (*s.values)[i]);
    ImGui::EndTooltip();
  }
}

struct Part {
  double value;
  ImU32 colour;
  const char* name;
};

// One horizontal bar split into parts, with percentages and a legend below.
void stacked_bar(const char* id, const std::vector<Part>& parts, float height) {
  double total = 0;
  for (const Part& p : parts) total += std::max(0.0, p.value);
  const ImVec2 size(ImGui::GetContentRegionAvail().x, height);
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton(id, size);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(p0, ImVec2(p0.x + size.x, p0.y + size.y), kBack);
  if (total <= 0) return;
  float x = p0.x;
  char buffer[64];
  for (const Part& p : parts) {
    const float w = static_cast<float>(std::max(0.0, p.value) / total) * size.x;
    dl->AddRectFilled(ImVec2(x, p0.y), ImVec2(x + w, p0.y + size.y), p.colour);
    std::snprintf(buffer, sizeof buffer, "%.0f%%", 100.0 * p.value / total);
    const ImVec2 ts = ImGui::CalcTextSize(buffer);
    if (ts.x + 4 < w)
      dl->AddText(ImVec2(x + (w - ts.x) / 2, p0.y + (size.y - ts.y) / 2), IM_COL32(10, 10, 10, 255), buffer);
    x += w;
  }
  for (const Part& p : parts) {
    char legend[96];
    std::snprintf(legend, sizeof legend, "%s %.1f%%", p.name, 100.0 * p.value / total);
    const float needed = ImGui::CalcTextSize(legend).x + ImGui::GetTextLineHeight() * 2.5f;
    if (&p != &parts.front() && ImGui::GetContentRegionAvail().x < needed) ImGui::NewLine();
    ImGui::ColorButton(p.name, ImGui::ColorConvertU32ToFloat4(p.colour), ImGuiColorEditFlags_NoTooltip,
                       ImVec2(ImGui::GetTextLineHeight(), ImGui::GetTextLineHeight()));
    ImGui::SameLine();
    ImGui::TextUnformatted(legend);
    ImGui::SameLine(0, ImGui::GetTextLineHeight());
  }
  ImGui::NewLine();
}

void tooltip_for_last(const char* text) {
  if (ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30);
    ImGui::TextUnformatted(text);
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
}

std::string format_value(double v) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.6g", v);
  return buffer;
}

}  // namespace

View::View(ViewOptions options) : options_(std::move(options)) {
  scenarios_ = list_scenarios(options_.scenarios_dir);
  seed_field_ = static_cast<int>(options_.seed);
  reset(options_.scenario_path);
}

void View::reset(const std::string& path) {
  session_.reset();  // stops the old simulation thread first
  std::error_code ec;
  const auto canonical = std::filesystem::weakly_canonical(path, ec);
  current_path_ = ec ? path : canonical.string();
  asked_.clear();
  sliders_.clear();
  values_.reset();
  values_of_.reset();
  applied_seen_ = 0;
  followed_ = -1;
  followed_earned_.clear();
  followed_hours_.clear();
  try {
    std::vector<std::string> sets = options_.sets;
    if (options_.seed_given) sets.push_back("seed=" + std::to_string(static_cast<unsigned>(seed_field_)));
    Scenario scenario = load_scenario_file(path, sets);
    if (!options_.seed_given) seed_field_ = static_cast<int>(scenario.seed);
    SessionOptions so;
    so.threads = options_.threads;
    so.speed = speed_;
    session_ = std::make_unique<LiveSession>(scenario, so);
    status_.clear();
  } catch (const std::exception& e) {
    status_ = e.what();
    std::fprintf(stderr, "gigsim-view: %s\n", e.what());
  }
}

std::string View::export_session(const std::string& wanted) {
  if (!session_) return "";
  std::string path = wanted;
  if (path.empty()) {
    char stamp[32];
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    localtime_r(&now, &tm);
    std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
    path = std::string("gigsim-session-") + stamp + ".yaml";
  }
  std::ofstream out(path);
  out << "# Exported by gigsim-view: the starting scenario and every change made during the session.\n"
      << "# Replay it headless with: gigsim run " << path << "\n"
      << session_->export_yaml();
  char buffer[512];
  std::snprintf(buffer, sizeof buffer, t(out ? "exported" : "export.failed"), path.c_str());
  status_ = buffer;
  return path;
}

void View::draw(float width, float height) {
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(ImVec2(width, height));
  ImGui::Begin("##main", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoSavedSettings);
  if (ImGui::IsKeyPressed(300 /* GLFW_KEY_F11 */, false)) wants_fullscreen_toggle = true;
  const std::shared_ptr<const Snapshot> snap = session_ ? session_->snapshot() : nullptr;
  // Space: play / pause (unless a text field has the keyboard).
  if (snap && !ImGui::GetIO().WantTextInput && ImGui::IsKeyPressed(32 /* GLFW_KEY_SPACE */, false)) {
    if (snap->playing)
      session_->pause();
    else
      session_->play();
  }

  const float panel = std::min(width * 0.34f, 430.0f * options_.scale);
  ImGui::BeginChild("##left", ImVec2(panel, 0), true);
  ImGui::TextUnformatted(t("app.title"));
  ImGui::Separator();
  if (snap) {
    draw_controls(*snap);
    draw_levers(*snap);
  } else if (session_ && !session_->failure().empty()) {
    ImGui::TextWrapped("%s", session_->failure().c_str());
  } else {
    // The simulation thread is building the world (a second or so for a million workers).
    ImGui::TextWrapped("%s", t(session_ ? "preparing" : "loading"));
  }
  draw_presets();
  draw_display();
  if (!status_.empty()) ImGui::TextWrapped("%s", status_.c_str());
  ImGui::EndChild();
  ImGui::SameLine();
  ImGui::BeginChild("##right", ImVec2(0, 0), false);
  if (snap) {
    const float avail_h = ImGui::GetContentRegionAvail().y;
    draw_plots(*snap, ImGui::GetContentRegionAvail().x, avail_h * 0.68f);
    draw_population(*snap, ImGui::GetContentRegionAvail().x, ImGui::GetContentRegionAvail().y);
  }
  ImGui::EndChild();
  ImGui::End();
}

void View::draw_controls(const Snapshot& s) {
  if (ImGui::CollapsingHeader(t("controls"), ImGuiTreeNodeFlags_DefaultOpen)) {
    // Scenario chooser, with each file's description.
    const char* preview = current_path_.c_str();
    for (const auto& e : scenarios_)
      if (e.path == current_path_) preview = e.name.c_str();
    ImGui::SetNextItemWidth(-1);
    if (ImGui::BeginCombo("##scenario", preview)) {
      for (const auto& e : scenarios_) {
        if (ImGui::Selectable(e.name.c_str(), e.path == current_path_)) reset(e.path);
        if (!e.description.empty()) tooltip_for_last(e.description.c_str());
      }
      ImGui::EndCombo();
    }
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
    if (ImGui::InputInt(t("seed"), &seed_field_)) options_.seed_given = true;
    tooltip_for_last(t("seed.tip"));
    ImGui::SameLine();
    if (ImGui::Button(t("reset"))) {
      reset(current_path_);
      return;
    }
    tooltip_for_last(t("reset.tip"));

    if (s.playing) {
      if (ImGui::Button(t("pause"))) session_->pause();
    } else if (ImGui::Button(t("play"))) {
      session_->play();
    }
    ImGui::SameLine();
    if (ImGui::Button(t("step.tick"))) session_->step_ticks(1);
    ImGui::SameLine();
    if (ImGui::Button(t("step.hour"))) session_->step_ticks(std::max<std::int64_t>(1, 60 / s.tick_minutes));
    ImGui::SameLine();
    if (ImGui::Button(t("step.day"))) session_->step_ticks(std::max<std::int64_t>(1, 1440 / s.tick_minutes));

    // Speed: logarithmic, 1 simulated minute per second up to a day per second; the top is "max".
    ImGui::SetNextItemWidth(-1);
    const bool fastest = speed_ >= 1440.0f;
    if (ImGui::SliderFloat("##speed", &speed_, 1.0f, 1440.0f, fastest ? t("speed.max") : "%.0f",
                           ImGuiSliderFlags_Logarithmic))
      session_->set_speed(speed_ >= 1440.0f ? 0.0 : speed_);
    tooltip_for_last(t("speed.tip"));
    ImGui::TextUnformatted(t("speed"));

    const std::int64_t minutes = s.tick * s.tick_minutes;
    const int days = static_cast<int>(s.total_ticks * s.tick_minutes / 1440);
    ImGui::Text(t("clock"), static_cast<int>(minutes / 1440) + 1, static_cast<int>(minutes % 1440 / 60),
                static_cast<int>(minutes % 60), days);
    ImGui::ProgressBar(
        s.total_ticks > 0 ? static_cast<float>(s.tick) / static_cast<float>(s.total_ticks) : 0.0f,
        ImVec2(-1, 0), "");
    if (s.finished) ImGui::TextColored(ImVec4(1, 0.8f, 0.3f, 1), "%s", t("finished"));
    if (!s.last_error.empty()) ImGui::TextWrapped(t("not_applied"), s.last_error.c_str());
  }
}

void View::draw_levers(const Snapshot& s) {
  if (!ImGui::CollapsingHeader(t("levers"), ImGuiTreeNodeFlags_DefaultOpen)) return;
  if (s.current != values_of_) {
    values_of_ = s.current;
    values_ = std::make_unique<ScenarioValues>(*s.current);
    if (s.applied.size() != applied_seen_) {  // what was asked is now in force
      applied_seen_ = s.applied.size();
      asked_.clear();
      sliders_.clear();
    }
  }
  const Scenario& sc = *s.current;
  const std::size_t platforms = sc.platforms.size();
  const auto value_of = [&](const std::string& key) {
    const auto it = asked_.find(key);
    return it != asked_.end() ? it->second : values_->get(key);
  };
  for (const Lever& lever : levers()) {
    const std::string key = lever_read_key(lever, static_cast<std::size_t>(requester_type_));
    const bool disabled = lever.enabled_by != nullptr && [&] {
      for (const Lever& l : levers())
        if (std::string(l.id) == lever.enabled_by) return value_of(l.read_key) != "true";
      return false;
    }();
    ImGui::PushID(lever.id);
    if (std::string(lever.id) == "lever.opportunistic") {
      // Which requester type the slider acts on.
      ImGui::SetNextItemWidth(-1);
      const char* name = requester_type_ < static_cast<int>(sc.requesters.types.size())
                             ? sc.requesters.types[static_cast<std::size_t>(requester_type_)].name.c_str()
                             : "";
      if (ImGui::BeginCombo("##type", name)) {
        for (std::size_t k = 0; k < sc.requesters.types.size(); ++k)
          if (ImGui::Selectable(sc.requesters.types[k].name.c_str(), static_cast<int>(k) == requester_type_))
            requester_type_ = static_cast<int>(k);
        ImGui::EndCombo();
      }
      tooltip_for_last(t("requester_type"));
    }
    const std::string label = tr(lever.id, options_.lang);
    // A slider over `key`; a change is sent as an intervention labelled `change_label` + the value.
    const auto slider = [&](const std::string& key, const std::string& slider_label, std::size_t type,
                            const std::function<std::string(const std::string&)>& change_label) {
      auto it = sliders_.find(key);
      if (it == sliders_.end()) {
        float v = 0;
        try {
          const std::string text = value_of(key);
          v = text.empty() ? 0.0f : std::stof(text);
        } catch (const std::exception&) {
        }
        it = sliders_.emplace(key, v).first;
      }
      ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.45f);
      ImGui::SliderFloat(slider_label.c_str(), &it->second, static_cast<float>(lever.min),
                         static_cast<float>(lever.max), lever.format);
      if (ImGui::IsItemDeactivatedAfterEdit()) {
        char buffer[64];
        std::snprintf(buffer, sizeof buffer, lever.format, static_cast<double>(it->second));
        const std::string v = format_value(std::stod(buffer));
        asked_[key] = v;
        session_->change(change_label(v), lever_settings(lever, v, platforms, type));
      }
    };
    if (std::string(lever.id) == "lever.mix") {
      // The requester mix: one slider per type, labelled with the share of the work it posts now.
      ImGui::TextUnformatted(label.c_str());
      tooltip_for_last(t("lever.mix.tip"));
      const std::vector<double> shares = requester_work_shares(sc);
      for (std::size_t k = 0; k < sc.requesters.types.size(); ++k) {
        ImGui::PushID(static_cast<int>(k));
        const std::string& name = sc.requesters.types[k].name;
        char text[256];
        std::snprintf(text, sizeof text, t("lever.mix.share"), name.c_str(), 100.0 * shares[k]);
        slider(lever_read_key(lever, k), text, k, [&](const std::string& v) {
          char change[256];
          std::snprintf(change, sizeof change, t("lever.mix.change"), name.c_str(), v.c_str());
          return std::string(change);
        });
        tooltip_for_last(t("lever.mix.tip"));
        ImGui::PopID();
      }
    } else if (lever.is_switch) {
      bool on = value_of(key) == "true";
      if (ImGui::Checkbox(label.c_str(), &on)) {
        const std::string v = on ? "true" : "false";
        asked_[key] = v;
        session_->change(label + ": " + t(on ? "on" : "off"),
                         lever_settings(lever, v, platforms, requester_type_));
      }
      tooltip_for_last(t((std::string(lever.id) + ".tip").c_str()));
    } else {
      if (disabled) ImGui::BeginDisabled();
      slider(key, label, static_cast<std::size_t>(requester_type_), [&](const std::string& v) {
        std::string text = label;
        if (std::string(lever.id) == "lever.opportunistic")
          text += " (" + sc.requesters.types[static_cast<std::size_t>(requester_type_)].name + ")";
        return text + ": " + v;
      });
      tooltip_for_last(t((std::string(lever.id) + ".tip").c_str()));
      if (disabled) ImGui::EndDisabled();
    }
    ImGui::PopID();
  }
  if (ImGui::Button(t("export"))) export_session();
  tooltip_for_last(t("export.tip"));
  ImGui::TextUnformatted(t("changes"));
  if (s.applied.empty()) ImGui::TextDisabled("%s", t("changes.none"));
  for (const Intervention& i : s.applied)
    ImGui::BulletText(t("change.at"), static_cast<double>(i.at_minute) / 1440.0, i.label.c_str());
}

void View::draw_presets() {
  if (!ImGui::CollapsingHeader(t("presets"), ImGuiTreeNodeFlags_DefaultOpen)) return;
  for (const Preset& p : presets()) {
    if (ImGui::Button(t(p.id), ImVec2(-1, 0))) reset(std::string(GIGSIM_SOURCE_DIR) + "/" + p.path);
    tooltip_for_last(t((std::string(p.id) + ".text").c_str()));
  }
}

void View::draw_display() {
  if (!ImGui::CollapsingHeader(t("display"))) return;
  int lang = options_.lang == Lang::fr ? 1 : 0;
  ImGui::TextUnformatted(t("language"));
  ImGui::SameLine();
  if (ImGui::RadioButton("English", lang == 0)) options_.lang = Lang::en;
  ImGui::SameLine();
  if (ImGui::RadioButton("Français", lang == 1)) options_.lang = Lang::fr;
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
  ImGui::SliderFloat(t("font_scale"), &options_.scale, 0.75f, 3.0f, "%.2f");
  ImGui::GetIO().FontGlobalScale = options_.scale * options_.font_base;
  if (ImGui::Button(t("fullscreen"))) wants_fullscreen_toggle = true;
}

void View::draw_plots(const Snapshot& s, float width, float height) {
  if (s.rows.empty()) {
    ImGui::TextUnformatted(t("no_data"));
    ImGui::Dummy(ImVec2(width, height - ImGui::GetTextLineHeightWithSpacing()));
    return;
  }
  const double interval = static_cast<double>(s.interval_minutes);
  const float cell_h = height / 2 - ImGui::GetTextLineHeightWithSpacing() * 1.5f;
  if (!ImGui::BeginTable("##plots", 3, ImGuiTableFlags_SizingStretchSame)) return;

  // Row 1: activity, wages, wage histogram.
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(t("plot.active"));
  {
    const auto active = s.series("workers_active_mean");
    const auto submitted = s.series("tasks_submitted");
    std::vector<float> per_hour(submitted.size());
    for (std::size_t i = 0; i < submitted.size(); ++i)
      per_hour[i] = submitted[i] * 60.0f / static_cast<float>(interval);
    line_chart("##active", {{&active, kBlue, t("plot.active")}}, cell_h * 0.5f, interval);
    line_chart("##tasks", {{&per_hour, kOrange, t("plot.tasks")}}, cell_h * 0.5f, interval);
  }
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(t("plot.wage"));
  {
    const auto with = s.series("wage_with_unpaid_median");
    const auto without = s.series("wage_without_unpaid_median");
    const auto& mw = s.current->platforms.front().regulation.minimum_wage;
    line_chart("##wage", {{&without, kGreen, t("wage.without")}, {&with, kOrange, t("wage.with")}}, cell_h,
               interval, mw.enabled ? static_cast<float>(mw.hourly) : NAN, kRed, t("wage.minimum"));
  }
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(t("plot.histogram"));
  {
    constexpr int kBins = 30;
    constexpr float kTop = 15.0f;
    std::vector<float> bins(kBins, 0.0f);
    for (double w : s.wages_with_unpaid)
      bins[static_cast<std::size_t>(std::clamp(static_cast<int>(w / kTop * kBins), 0, kBins - 1))] += 1;
    ImGui::PushStyleColor(ImGuiCol_PlotHistogram, ImGui::ColorConvertU32ToFloat4(kPurple));
    char overlay[64];
    std::snprintf(overlay, sizeof overlay, "0 - %.0f %s/h", kTop, s.currency.c_str());
    ImGui::PlotHistogram("##hist", bins.data(), kBins, 0, overlay, 0.0f, FLT_MAX,
                         ImVec2(ImGui::GetContentRegionAvail().x, cell_h));
    ImGui::PopStyleColor();
  }

  // Row 2: Lorenz, time split, the requester's dollar.
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(t("plot.lorenz"));
  tooltip_for_last(t("lorenz.tip"));
  {
    const float side =
        std::min(ImGui::GetContentRegionAvail().x, cell_h - ImGui::GetTextLineHeightWithSpacing());
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton("##lorenz", ImVec2(side, side));
    tooltip_for_last(t("lorenz.tip"));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 p1(p0.x + side, p0.y + side);
    dl->AddRectFilled(p0, p1, kBack);
    dl->AddLine(ImVec2(p0.x, p1.y), ImVec2(p1.x, p0.y), kGrey, 1.5f);
    if (s.lorenz.size() == 101) {
      std::vector<ImVec2> points;
      for (std::size_t i = 0; i <= 100; ++i)
        points.emplace_back(p0.x + side * static_cast<float>(i) / 100.0f,
                            p1.y - side * static_cast<float>(s.lorenz[i]));
      for (std::size_t i = 0; i + 1 < points.size(); ++i)
        dl->AddQuadFilled(points[i], points[i + 1], ImVec2(points[i + 1].x, p1.y), ImVec2(points[i].x, p1.y),
                          IM_COL32(66, 133, 244, 90));
      dl->AddPolyline(points.data(), static_cast<int>(points.size()), kBlue, 0, 2.5f);
    }
    ImGui::Text(t("gini"), s.gini);
  }
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(t("plot.time"));
  stacked_bar("##time",
              {{s.total("minutes_paid"), kGreen, t("time.paid")},
               {s.total("minutes_search"), kYellow, t("time.search")},
               {s.total("minutes_rejected"), kRed, t("time.rejected")},
               {s.total("minutes_returned"), kPurple, t("time.returned")}},
              cell_h * 0.35f);
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(t("plot.dollar"));
  stacked_bar(
      "##dollar",
      {{s.total("worker_pay"), kGreen, t("dollar.worker")},
       {s.total("platform_fees"), kBlue, t("dollar.platform")},
       {s.total("social_contributions"), kPurple, t("dollar.fund")},
       {s.total("forfeited"), kRed, t("dollar.forfeited")},
       {std::max(0.0, s.rows.empty() ? 0.0 : s.value(s.rows.back(), "pending")), kGrey, t("dollar.pending")}},
      cell_h * 0.35f);
  ImGui::EndTable();
}

void View::draw_population(const Snapshot& s, float width, float /*height*/) {
  ImGui::Separator();
  ImGui::TextUnformatted(t("population"));
  ImGui::SameLine();
  ImGui::TextDisabled(t("population.sample"), static_cast<int>(s.population.size()),
                      static_cast<int>(s.workers_total));
  for (std::uint8_t st = 0; st < 6; ++st) {
    ImGui::SameLine();
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(state_colour(st == 5 ? 0 : st)), "%s", t(state_id(st)));
  }
  const float follow_w = followed_ >= 0 ? std::min(width * 0.3f, 320.0f * options_.scale) : 0.0f;
  const float h = std::max(40.0f, ImGui::GetContentRegionAvail().y);
  const float w = width - follow_w - (follow_w > 0 ? 8 : 0);
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("##population", ImVec2(w, h));
  const bool hovered = ImGui::IsItemHovered();
  const bool clicked = ImGui::IsItemClicked();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(p0, ImVec2(p0.x + w, p0.y + h), kBack);
  const std::size_t n = s.population.size();
  if (n == 0) return;
  const int cols = std::max(1, static_cast<int>(std::ceil(std::sqrt(static_cast<double>(n) * w / h))));
  const int rows =
      static_cast<int>((n + static_cast<std::size_t>(cols) - 1) / static_cast<std::size_t>(cols));
  const float cw = w / static_cast<float>(cols), ch = h / static_cast<float>(std::max(1, rows));
  const float r = std::max(1.5f, std::min(cw, ch) * 0.4f);
  int hover_index = -1;
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  if (hovered) {
    const int c = static_cast<int>((mouse.x - p0.x) / cw), rr = static_cast<int>((mouse.y - p0.y) / ch);
    const int k = rr * cols + c;
    if (c >= 0 && c < cols && k >= 0 && k < static_cast<int>(n)) hover_index = k;
  }
  for (std::size_t k = 0; k < n; ++k) {
    const WorkerDot& d = s.population[k];
    const ImVec2 c(p0.x + (static_cast<float>(k % static_cast<std::size_t>(cols)) + 0.5f) * cw,
                   p0.y + (static_cast<float>(k / static_cast<std::size_t>(cols)) + 0.5f) * ch);
    if (d.state == 5) {
      dl->AddCircle(c, r, state_colour(0));
    } else {
      dl->AddCircleFilled(c, r, state_colour(d.state));
    }
    if (d.id == followed_) dl->AddCircle(c, r + 3, IM_COL32(255, 255, 255, 255), 0, 2);
  }
  const auto card = [&](const WorkerDot& d) {
    const char* group = d.group < s.group_names.size() ? s.group_names[d.group].c_str() : "";
    ImGui::Text(t("card.worker"), d.id, group);
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(state_colour(d.state == 5 ? 0 : d.state)),
                       t("card.state"), t(state_id(d.state)));
    ImGui::Text(t("card.skill"), static_cast<double>(d.skill));
    ImGui::Text(t("card.earned"), d.earned, s.currency.c_str());
    ImGui::Text(t("card.wage"), d.wage_with_unpaid, s.currency.c_str());
    ImGui::Text(t("card.tasks"), static_cast<long long>(d.tasks_submitted),
                static_cast<long long>(d.tasks_rejected));
    ImGui::Text(t("card.unpaid"), static_cast<long long>(d.unpaid_minutes),
                static_cast<long long>(d.paid_minutes));
    if (d.forfeited > 0) ImGui::Text(t("card.forfeited"), d.forfeited, s.currency.c_str());
  };
  if (hover_index >= 0) {
    ImGui::BeginTooltip();
    card(s.population[static_cast<std::size_t>(hover_index)]);
    ImGui::EndTooltip();
    if (clicked) {
      followed_ = s.population[static_cast<std::size_t>(hover_index)].id;
      followed_earned_.clear();
      followed_hours_.clear();
      followed_version_ = 0;
    }
  }
  if (followed_ >= 0) {
    ImGui::SameLine();
    ImGui::BeginChild("##followed", ImVec2(0, h), true);
    ImGui::TextUnformatted(t("follow"));
    for (const WorkerDot& d : s.population) {
      if (d.id != followed_) continue;
      if (s.version != followed_version_) {
        followed_version_ = s.version;
        followed_earned_.push_back(static_cast<float>(d.earned));
        followed_hours_.push_back(static_cast<float>(s.tick * s.tick_minutes) / 60.0f);
      }
      card(d);
    }
    line_chart("##followed_line", {{&followed_earned_, kGreen, t("follow.earned")}},
               std::max(30.0f, ImGui::GetContentRegionAvail().y - ImGui::GetFrameHeightWithSpacing()),
               static_cast<double>(s.interval_minutes), NAN, kRed, nullptr, &followed_hours_);
    if (ImGui::Button(t("follow.stop"))) followed_ = -1;
    ImGui::EndChild();
  }
}

}  // namespace gigsim::viz
