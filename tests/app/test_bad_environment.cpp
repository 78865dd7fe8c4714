// A bad environment (issue 8, docs/robustness.md, "Bad environment"): each case gives one
// line on stderr naming the path and what to do, exit status 1 (sim/app/exit_status.hpp),
// and loses nothing already written. Also in tests/app/test_cli.cpp: a missing output
// folder, an existing output without --force, a scenario too big for the machine.
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>

#include "app/process_support.hpp"
#include "io/run_file_reader.hpp"

using namespace gigsim::testing::process;
namespace fs = std::filesystem;

namespace {

const std::string kSmall = "--set workers.registered=300 --set requesters.count=30 --set duration_days=1";
// A year of the baseline: minutes of work, so a refusal that comes back at once came before the run.
const std::string kLong = "--set duration_days=365";

void require_one_error_line(const Outcome& r) {
  CHECK(r.status == 1);
  CHECK(count_lines(r.err) == 1);
  CHECK(r.err.rfind("gigsim: error: ", 0) == 0);
  CHECK(r.out.empty());
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

TEST_CASE("bad environment: a file where the output folder should be", "[cli][environment]") {
  Scratch scratch;
  std::ofstream(scratch.work() / "results") << "a file, not a folder\n";
  const Outcome r = run_gigsim(scratch, "run -q " + kLong + " -o results/out.h5");
  require_one_error_line(r);
  CHECK(r.err.find("'results' is not a directory") != std::string::npos);
  CHECK(read_text(scratch.work() / "results") == "a file, not a folder\n");
  CHECK(scratch.entries() == std::vector<std::string>{"results"});
}

TEST_CASE("bad environment: a folder where no file can be created is refused before the run",
          "[cli][environment]") {
  // Tests run as root, and root may write into a chmod 555 folder: /proc is a folder where
  // no one can create a file, and access(2) still says yes to root there. The writer
  // creates its temporary file once before the run, so this fails at once.
  Scratch scratch;
  const auto start = std::chrono::steady_clock::now();
  const Outcome r = run_gigsim(scratch, "run -q " + kLong + " -o /proc/gigsim-out.h5");
  require_one_error_line(r);
  CHECK(r.err.find("cannot write run file '/proc/gigsim-out.h5': cannot create files in '/proc'") !=
        std::string::npos);
  CHECK(r.err.find("choose a writable folder with -o") != std::string::npos);
  CHECK(seconds_since(start) < 30);  // the year-long run never started
  CHECK_FALSE(fs::exists("/proc/gigsim-out.h5"));
}

TEST_CASE("bad environment: a read-only output folder, for a user who is not root", "[cli][environment]") {
  Scratch scratch;
  fs::create_directory(scratch.work() / "readonly");
  fs::permissions(scratch.root(), fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                      fs::perms::others_read | fs::perms::others_exec);
  fs::permissions(scratch.work(), fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                      fs::perms::others_read | fs::perms::others_exec);
  fs::permissions(scratch.work() / "readonly", fs::perms::owner_read | fs::perms::owner_exec |
                                                   fs::perms::group_read | fs::perms::group_exec |
                                                   fs::perms::others_read | fs::perms::others_exec);
  std::string as_user;  // as root, run gigsim as 'nobody' (setpriv, util-linux)
  if (geteuid() == 0) {
    if (std::system("command -v setpriv >/dev/null 2>&1") != 0) {
      WARN("running as root without setpriv: the read-only folder case is covered by the /proc test only");
      return;
    }
    as_user = "setpriv --reuid=65534 --regid=65534 --clear-groups ";
  }
  // stdout and stderr are opened by the shell (root) before setpriv drops to nobody.
  const Outcome r =
      run_shell(scratch, as_user + quoted(GIGSIM_BINARY) + " run -q " + kLong + " -o readonly/out.h5");
  if (r.status == 126 || r.status == 127) {
    WARN("gigsim cannot be started as another user here (" << r.err << "); skipped");
    return;
  }
  require_one_error_line(r);
  CHECK(r.err.find("readonly") != std::string::npos);
  CHECK(r.err.find("writable") != std::string::npos);
  CHECK(scratch.entries(scratch.work() / "readonly").empty());
}

TEST_CASE("bad environment: the file size limit (ulimit -f) is hit in the final write",
          "[cli][environment]") {
  // 100,000 workers: a run file of about 3 MB, over a 200 kB limit. Without SIGXFSZ
  // ignored the kernel would kill gigsim with a core dump; without H5dont_atexit HDF5
  // would crash at exit on the failed file.
  Scratch scratch;
  REQUIRE(run_gigsim(scratch, "run -q " + kSmall + " -o big.h5").status == 0);
  const std::string previous = read_text(scratch.work() / "big.h5");
  const Outcome r =
      run_shell(scratch, "ulimit -f 200 && exec " + quoted(GIGSIM_BINARY) +
                             " run -q --set workers.registered=100000 --set requesters.count=2000 "
                             "--set duration_days=0.25 --force -o big.h5");
  require_one_error_line(r);
  CHECK(r.err.find("cannot write run file 'big.h5': File too large (the file size limit, ulimit -f, was "
                   "reached); raise the limit") != std::string::npos);
  // Nothing lost: the earlier big.h5 is untouched, and no temporary file is left.
  CHECK(read_text(scratch.work() / "big.h5") == previous);
  CHECK(scratch.entries() == std::vector<std::string>{"big.h5"});
}

TEST_CASE("bad environment: an existing output is kept unless --force", "[cli][environment]") {
  Scratch scratch;
  std::ofstream(scratch.work() / "out.h5") << "precious\n";
  const Outcome r = run_gigsim(scratch, "run -q " + kSmall + " -o out.h5");
  require_one_error_line(r);
  CHECK(r.err.find("output file 'out.h5' already exists; use --force to overwrite it or -o to choose "
                   "another") != std::string::npos);
  CHECK(read_text(scratch.work() / "out.h5") == "precious\n");
}

TEST_CASE("bad environment: a scenario too big for memory is refused before allocating, with the size",
          "[cli][environment]") {
  Scratch scratch;
  SECTION("more than the machine has") {
    const Outcome r = run_gigsim(scratch, "run -q --set workers.registered=100000000000 -o huge.h5");
    require_one_error_line(r);
    CHECK(r.err.find("this scenario would need about 46.6 TiB of memory but only ") != std::string::npos);
    CHECK(r.err.find("reduce workers.registered") != std::string::npos);
  }
  SECTION("more than the address-space limit (ulimit -v) allows") {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
    // ASan and TSan reserve terabytes of address space for their shadow memory: under any
    // ulimit -v the sanitized gigsim cannot even start.
    WARN("sanitizer build: the ulimit -v case is tested in the normal build only");
    return;
#endif
    // 5 million workers need about 2.5 GiB by the estimate; under a 600 MB limit the
    // allocation would fail: the refusal comes first, so the message is the budget's.
    const Outcome r = run_shell(scratch, "ulimit -v 600000 && exec " + quoted(GIGSIM_BINARY) +
                                             " run -q --set workers.registered=5000000 -o huge.h5");
    require_one_error_line(r);
    CHECK(r.err.find("of memory but only 586 MiB is allowed by the address-space limit (ulimit -v)") !=
          std::string::npos);
  }
  CHECK(scratch.entries().empty());
}
