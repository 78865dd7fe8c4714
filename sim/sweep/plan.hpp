#pragma once
// Parameter sweeps without any I/O: the designs (grid, Latin hypercube, Sobol), and
// the plan of every run of a sweep (its id, seed, the --set overrides that make it,
// and where its run file goes). The sweep file is read by sim/io/sweep_file; the
// command line (sim/app/sweep_command) runs the plans and writes the index.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace gigsim::sweep {

enum class Design { grid, lhs, sobol };
const char* design_name(Design design);

// How the replicates of different design points are seeded.
//   independent: every run has its own seed, mix(sweep seed, point, replicate);
//   common: replicate r has the same seed at every point (common random numbers,
//           which makes differences between points less noisy).
enum class SeedScheme { independent, common };

// One varied scenario key. `path` is a key path as --set takes it ("platforms[0].fee.rate").
// A grid parameter lists its `values` (YAML scalars, as text); an lhs/sobol parameter has
// a range [low, high], drawn as whole numbers when `integer` is set.
struct Parameter {
  std::string path;
  std::vector<std::string> values;
  double low = 0;
  double high = 0;
  bool integer = false;
};

struct SweepSpec {
  std::string name;
  std::string base_path;  // the base scenario, resolved against the sweep file's directory
  Design design = Design::grid;
  std::vector<Parameter> parameters;
  std::size_t samples = 0;  // lhs, sobol: design points
  int replicates = 1;
  std::uint64_t seed = 0;
  SeedScheme seeds = SeedScheme::independent;
};

// The design points: one row per point, one text value per parameter (in the order of
// spec.parameters). grid: every combination, the first parameter varying slowest.
std::vector<std::vector<std::string>> design_points(const SweepSpec& spec);

struct RunPlan {
  std::size_t index = 0;  // 0-based, in plan order (point-major, then replicate)
  std::string id;         // "p0003-r01": design point and replicate
  std::size_t point = 0;
  int replicate = 0;
  std::uint64_t seed = 0;
  std::vector<std::string> values;  // one per parameter, as text

  // The --set arguments that make this run from the base: "path=value" for every
  // parameter, then "seed=S".
  std::vector<std::string> set_args(const SweepSpec& spec) const;
  std::string output_file() const { return "runs/" + id + ".h5"; }  // relative to the sweep directory
};

std::vector<RunPlan> make_plans(const SweepSpec& spec);

// The seed of a run: below 2^53, so it survives a trip through a double (CSV, pandas, JSON).
std::uint64_t run_seed(std::uint64_t sweep_seed, std::size_t point, int replicate, SeedScheme scheme);

// Unscrambled Sobol points in [0, 1)^dims, in Gray-code order (the order of Joe & Kuo's
// and SciPy's generators), starting with the origin. dims <= kMaxSobolDimensions.
inline constexpr std::size_t kMaxSobolDimensions = 16;
std::vector<std::vector<double>> sobol_points(std::size_t count, std::size_t dims);

// A Latin hypercube sample in [0, 1)^dims: in every dimension each of the `count` strata
// [k/count, (k+1)/count) holds exactly one point. Deterministic in `seed`.
std::vector<std::vector<double>> latin_hypercube(std::size_t count, std::size_t dims, std::uint64_t seed);

// A number as short text that reads back the same to 12 significant digits ("7.25", "1e-05").
std::string format_value(double value);

// Which runs a shard does: those with index % count == number - 1 (number is 1-based).
struct Shard {
  std::size_t number = 1;
  std::size_t count = 1;
  bool includes(std::size_t run_index) const { return run_index % count == number - 1; }
};

// FNV-1a, 64 bits, as 16 hex digits: the fingerprint of a sweep (not a security hash).
class Fingerprint {
 public:
  void add(const std::string& text);
  std::string hex() const;

 private:
  std::uint64_t state_ = 0xcbf29ce484222325ULL;
};

}  // namespace gigsim::sweep
