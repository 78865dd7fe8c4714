// gigsim-view [SCENARIO.yaml] [--set KEY=VALUE ...] [--seed S] [--lang fr|en] [--scale F] [--threads N]
// [--size WxH]
//             [--screenshot FILE.png --frames N [--advance TICKS] [--apply KEY=VALUE@TICK ...] [--export
//             FILE]
//              [--follow WORKER]]
//
// The live view of a gigsim market, for a classroom projector. With --screenshot it runs the session
// without anyone at the keyboard: it advances to each --apply tick and applies the change (as a slider
// would), advances to --advance ticks in all, draws N frames and writes the last one as a PNG.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>
#include <stb_image_write.h>

#include "view.hpp"

using namespace gigsim::viz;

namespace {

void usage() {
  std::fputs(
      "usage: gigsim-view [SCENARIO.yaml] [--set KEY=VALUE ...] [--seed S] [--lang fr|en] [--scale F] "
      "[--threads N] [--size WxH]\n"
      "                   [--screenshot FILE.png --frames N [--advance TICKS] [--apply KEY=VALUE@TICK ...]\n"
      "                    [--export FILE.yaml] [--follow WORKER]]\n"
      "Keys: F11 fullscreen. Without SCENARIO, scenarios/amt_2018.yaml.\n",
      stderr);
}

struct Apply {
  std::string key, value;
  long long tick = 0;
};

bool write_png(const std::string& path, int width, int height) {
  std::vector<unsigned char> pixels(static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 3);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadBuffer(GL_BACK);
  glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE, pixels.data());
  std::vector<unsigned char> flipped(pixels.size());
  const std::size_t stride = static_cast<std::size_t>(width) * 3;
  for (int y = 0; y < height; ++y)
    std::memcpy(&flipped[static_cast<std::size_t>(y) * stride],
                &pixels[static_cast<std::size_t>(height - 1 - y) * stride], stride);
  return stbi_write_png(path.c_str(), width, height, 3, flipped.data(), static_cast<int>(stride)) != 0;
}

}  // namespace

int main(int argc, char** argv) {
  ViewOptions options;
  options.scenarios_dir = std::string(GIGSIM_SOURCE_DIR) + "/scenarios";
  options.scenario_path = options.scenarios_dir + "/amt_2018.yaml";
  std::string screenshot, export_path;
  int frames = 3, width = 1600, height = 900;
  long long advance = -1;
  int follow = -1;
  std::vector<Apply> applies;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const auto next = [&]() -> std::string {
      if (i + 1 >= argc) {
        usage();
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--help" || a == "-h") {
      usage();
      return 0;
    } else if (a == "--seed") {
      options.seed = std::stoull(next());
      options.seed_given = true;
    } else if (a == "--set") {
      options.sets.push_back(next());
    } else if (a == "--lang") {
      options.lang = next() == "fr" ? Lang::fr : Lang::en;
    } else if (a == "--scale") {
      options.scale = std::stof(next());
    } else if (a == "--threads") {
      options.threads = std::stoi(next());
    } else if (a == "--size") {
      const std::string v = next();
      if (std::sscanf(v.c_str(), "%dx%d", &width, &height) != 2) {
        usage();
        return 2;
      }
    } else if (a == "--screenshot") {
      screenshot = next();
    } else if (a == "--frames") {
      frames = std::max(1, std::stoi(next()));
    } else if (a == "--advance") {
      advance = std::stoll(next());
    } else if (a == "--follow") {
      follow = std::stoi(next());
    } else if (a == "--export") {
      export_path = next();
    } else if (a == "--apply") {
      const std::string v = next();
      const auto eq = v.find('='), at = v.rfind('@');
      if (eq == std::string::npos || at == std::string::npos || at < eq) {
        std::fprintf(stderr, "gigsim-view: --apply wants KEY=VALUE@TICK, got '%s'\n", v.c_str());
        return 2;
      }
      applies.push_back({v.substr(0, eq), v.substr(eq + 1, at - eq - 1), std::stoll(v.substr(at + 1))});
    } else if (!a.empty() && a[0] == '-') {
      std::fprintf(stderr, "gigsim-view: unknown option '%s'\n", a.c_str());
      usage();
      return 2;
    } else {
      options.scenario_path = a;
    }
  }
  if (!std::filesystem::exists(options.scenario_path)) {
    std::fprintf(stderr, "gigsim-view: no such scenario file: %s\n", options.scenario_path.c_str());
    return 2;
  }

  if (!glfwInit()) {
    std::fputs("gigsim-view: cannot open a window (no display? try xvfb-run)\n", stderr);
    return 1;
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  GLFWwindow* window = glfwCreateWindow(width, height, "gigsim-view", nullptr, nullptr);
  if (!window) {
    std::fputs("gigsim-view: cannot create an OpenGL 3.0 window\n", stderr);
    glfwTerminate();
    return 1;
  }
  glfwMakeContextCurrent(window);
  glfwSwapInterval(1);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  ImGui::StyleColorsDark();
  // DejaVu Sans with Latin-1 (é, è, à, ç, «, ») and a few punctuation marks, rasterised large and
  // scaled down, so that the projector's large text scale stays sharp.
  static const ImWchar ranges[] = {0x0020, 0x00FF, 0x2013, 0x2014, 0x2019, 0x2019, 0x2026, 0x2026, 0};
  const std::string font = std::string(GIGSIM_FONT_DIR) + "/DejaVuSans.ttf";
  if (std::filesystem::exists(font)) {
    io.Fonts->AddFontFromFileTTF(font.c_str(), 36.0f, nullptr, ranges);
    options.font_base = 0.5f;
    io.FontGlobalScale = options.scale * options.font_base;
  } else {
    std::fprintf(stderr, "gigsim-view: %s not found (install fonts-dejavu-core); accents will not show\n",
                 font.c_str());
  }
  if (options.font_base == 1.0f) io.FontGlobalScale = options.scale;
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  ImGui_ImplOpenGL3_Init("#version 130");

  View view(options);
  if (!view.session()) {
    std::fprintf(stderr, "gigsim-view: cannot start the scenario\n");
    if (!screenshot.empty()) return 2;
  }

  if (follow >= 0) view.follow(follow);
  if (!screenshot.empty() && view.session()) {
    // Drive the session like a class would, deterministically.
    LiveSession& session = *view.session();
    std::sort(applies.begin(), applies.end(), [](const Apply& x, const Apply& y) { return x.tick < y.tick; });
    long long at = 0;
    for (const Apply& a : applies) {
      if (a.tick > at) session.step_ticks(a.tick - at);
      at = std::max(at, a.tick);
      session.wait_idle();
      session.change(a.key + " = " + a.value, {{a.key, a.value}});
    }
    const long long total = advance >= 0 ? advance : std::max(at + 1, 1440LL);
    if (total > at) session.step_ticks(total - at);
    session.wait_idle();
    if (!session.failure().empty()) {
      std::fprintf(stderr, "gigsim-view: %s\n", session.failure().c_str());
      return 2;
    }
    if (!session.snapshot()->last_error.empty())
      std::fprintf(stderr, "gigsim-view: %s\n", session.snapshot()->last_error.c_str());
  }

  bool fullscreen = false;
  int saved[4] = {0, 0, width, height};
  int frame = 0;
  while (!glfwWindowShouldClose(window)) {
    glfwPollEvents();
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    int fw = 0, fh = 0;
    glfwGetFramebufferSize(window, &fw, &fh);
    view.draw(static_cast<float>(fw), static_cast<float>(fh));
    ImGui::Render();
    glViewport(0, 0, fw, fh);
    glClearColor(0.1f, 0.1f, 0.12f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    if (!screenshot.empty() && ++frame >= frames) {
      const bool ok = write_png(screenshot, fw, fh);
      if (!export_path.empty()) view.export_session(export_path);
      std::fprintf(stderr, "gigsim-view: %s %s\n", ok ? "wrote" : "could not write", screenshot.c_str());
      break;
    }
    glfwSwapBuffers(window);
    if (view.wants_fullscreen_toggle) {
      view.wants_fullscreen_toggle = false;
      fullscreen = !fullscreen;
      if (fullscreen) {
        glfwGetWindowPos(window, &saved[0], &saved[1]);
        glfwGetWindowSize(window, &saved[2], &saved[3]);
        GLFWmonitor* monitor = glfwGetPrimaryMonitor();
        const GLFWvidmode* mode = glfwGetVideoMode(monitor);
        glfwSetWindowMonitor(window, monitor, 0, 0, mode->width, mode->height, mode->refreshRate);
      } else {
        glfwSetWindowMonitor(window, nullptr, saved[0], saved[1], saved[2], saved[3], 0);
      }
    }
  }
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window);
  glfwTerminate();
  return 0;
}
