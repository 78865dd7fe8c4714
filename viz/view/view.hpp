#pragma once
// The ImGui window of gigsim-view: it draws the latest snapshot of a LiveSession and turns clicks and
// slider moves into session commands. It never touches the model.
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "live_session.hpp"
#include "strings.hpp"

namespace gigsim::viz {

struct ViewOptions {
  std::string scenario_path;  // starting scenario
  std::string scenarios_dir;  // listed by the chooser
  std::uint64_t seed = 0;
  bool seed_given = false;
  Lang lang = Lang::en;
  float scale = 1.0f;
  int threads = 2;
  std::vector<std::string> sets;  // --set KEY=VALUE, applied to every scenario loaded
  float font_base = 1.0f;         // 0.5 when the large DejaVu font is loaded
};

class View {
 public:
  explicit View(ViewOptions options);
  void draw(float width, float height);  // one frame of the whole window
  bool wants_fullscreen_toggle = false;  // set by the F11 key or the button; the main loop acts on it
  LiveSession* session() { return session_.get(); }
  float scale() const { return options_.scale; }
  Lang lang() const { return options_.lang; }
  // Loads the scenario at `path` with the seed field and starts a new paused session.
  void reset(const std::string& path);
  std::string export_session(const std::string& path = "");  // the written path
  void follow(int worker) { followed_ = worker; }            // as a click on that worker's dot does

 private:
  const char* t(const char* id) const { return tr(id, options_.lang); }
  void draw_controls(const Snapshot& s);
  void draw_levers(const Snapshot& s);
  void draw_presets();
  void draw_display();
  void draw_plots(const Snapshot& s, float width, float height);
  void draw_population(const Snapshot& s, float width, float height);
  void draw_followed(const Snapshot& s);

  ViewOptions options_;
  std::unique_ptr<LiveSession> session_;
  std::vector<ScenarioEntry> scenarios_;
  std::string current_path_;
  std::string status_;
  int seed_field_ = 0;
  float speed_ = 60;  // simulated minutes per second; at the slider's maximum: as fast as possible
  int requester_type_ = 0;

  // Lever positions: read from the scenario in force, or the value asked for and not applied yet.
  std::shared_ptr<const Scenario> values_of_;
  std::unique_ptr<ScenarioValues> values_;
  std::size_t applied_seen_ = 0;
  std::map<std::string, std::string> asked_;
  std::map<std::string, float> sliders_;

  // The followed worker's time line, from successive snapshots.
  int followed_ = -1;
  std::uint64_t followed_version_ = 0;
  std::vector<float> followed_earned_, followed_hours_;  // earnings and simulated hour, per snapshot
};

}  // namespace gigsim::viz
