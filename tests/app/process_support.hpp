#pragma once
// Helpers for the crash-safety and bad-environment tests (tests/app/test_crash_safety.cpp,
// tests/app/test_bad_environment.cpp): a scratch folder, the built gigsim started in it
// (through a shell, or as a child process this test can kill), and reading files back.
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace gigsim::testing::process {

namespace fs = std::filesystem;

inline std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

inline std::string quoted(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

inline std::size_t count_lines(const std::string& text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

// A fresh folder under the system's temporary folder, removed afterwards; gigsim runs in
// `work()`, its stdout and stderr go beside it.
class Scratch {
 public:
  Scratch() {
    std::string pattern = (fs::temp_directory_path() / "gigsim-robust-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) FAIL("cannot create a temporary directory");
    root_ = pattern;
    fs::create_directory(work());
  }
  ~Scratch() {
    std::error_code ec;
    fs::remove_all(root_, ec);
  }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;

  fs::path root() const { return root_; }
  fs::path work() const { return root_ / "work"; }
  fs::path stdout_path() const { return root_ / "stdout.txt"; }
  fs::path stderr_path() const { return root_ / "stderr.txt"; }

  // The names in `dir` (default: the working folder), hidden ones included, sorted.
  std::vector<std::string> entries(const fs::path& dir = {}) const {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir.empty() ? work() : dir))
      names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }

 private:
  fs::path root_;
};

struct Outcome {
  int status = -1;  // exit status; -1 when killed by a signal
  int signal = 0;   // the signal that killed it, if one did
  std::string out;
  std::string err;
};

// Runs the shell command line in the scratch's working folder.
inline Outcome run_shell(const Scratch& scratch, const std::string& command_line) {
  const std::string command = "cd " + quoted(scratch.work().string()) + " && " + command_line + " >" +
                              quoted(scratch.stdout_path().string()) + " 2>" +
                              quoted(scratch.stderr_path().string()) + " </dev/null";
  const int raw = std::system(command.c_str());
  Outcome outcome;
  outcome.status = raw != -1 && WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  outcome.out = read_text(scratch.stdout_path());
  outcome.err = read_text(scratch.stderr_path());
  UNSCOPED_INFO(command_line << "\nexit status " << outcome.status << "\nstdout:\n"
                             << outcome.out << "\nstderr:\n"
                             << outcome.err);
  return outcome;
}

inline Outcome run_gigsim(const Scratch& scratch, const std::string& args) {
  return run_shell(scratch, quoted(GIGSIM_BINARY) + " " + args);
}

// gigsim started as a child process of the test, in `dir`, output to /dev/null.
class Child {
 public:
  Child(const fs::path& dir, const std::vector<std::string>& args) {
    pid_ = fork();
    REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
      const int null = open("/dev/null", O_RDWR);
      if (null < 0 || chdir(dir.c_str()) != 0) _exit(126);
      dup2(null, STDIN_FILENO);
      dup2(null, STDOUT_FILENO);
      dup2(null, STDERR_FILENO);
      std::vector<char*> argv;
      static char name[] = "gigsim";
      argv.push_back(name);
      for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
      argv.push_back(nullptr);
      execv(GIGSIM_BINARY, argv.data());
      _exit(127);
    }
  }
  ~Child() {
    if (!reaped_) {
      ::kill(pid_, SIGKILL);
      wait();
    }
  }
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  pid_t pid() const { return pid_; }
  bool running() {
    if (reaped_) return false;
    int status = 0;
    const pid_t done = waitpid(pid_, &status, WNOHANG);
    if (done == pid_) record(status);
    return !reaped_;
  }
  void kill_now() { ::kill(pid_, SIGKILL); }
  // Waits for the end; returns the Outcome's status and signal.
  Outcome wait() {
    if (!reaped_) {
      int status = 0;
      while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
      }
      record(status);
    }
    return outcome_;
  }

 private:
  void record(int status) {
    reaped_ = true;
    outcome_.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    outcome_.signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
  }
  pid_t pid_ = -1;
  bool reaped_ = false;
  Outcome outcome_;
};

}  // namespace gigsim::testing::process
