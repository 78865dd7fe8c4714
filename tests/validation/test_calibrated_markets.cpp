// The calibrated AMT market reproduces the field's figures, in one run with its
// default seed and size (label `validation`; about 5 s).
#include <catch2/catch.hpp>

#include <cstdlib>
#include <iostream>

#include "io/scenario_loader.hpp"
#include "validation/market_figures.hpp"

using namespace gigsim;

TEST_CASE("amt_2018 reproduces every calibration target at once", "[validation]") {
  // GIGSIM_VALIDATION_SET="seed=7;workers.registered=5000" checks the targets under other settings.
  std::vector<std::string> overrides;
  if (const char* env = std::getenv("GIGSIM_VALIDATION_SET")) {
    std::string all = env;
    for (std::size_t start = 0; start <= all.size();) {
      const std::size_t end = std::min(all.find(';', start), all.size());
      if (end > start) overrides.push_back(all.substr(start, end - start));
      start = end + 1;
    }
  }
  const std::string path = std::string(GIGSIM_TEST_DATA) + "/../scenarios/amt_2018.yaml";
  const Scenario s = load_scenario_file(path, overrides);
  validation::SeriesRecorder series;
  Simulation sim(s, RunOptions{2, true, false});
  sim.add_observer(series);
  sim.run();
  const auto targets = validation::amt_targets(sim, series);
  std::cout << "\namt_2018 (" << s.workers.registered << " workers, " << s.duration_days << " days, seed "
            << s.seed << ")\n"
            << validation::format_table(targets) << std::flush;
  for (const auto& t : targets) {
    INFO(t.name << ": " << t.achieved << " not in [" << t.low << ", " << t.high << "]");
    CHECK(t.holds());
  }
}

TEST_CASE("france_diplab_2019 reproduces DiPLab's tiers, earnings and poverty share", "[validation]") {
  const Scenario s =
      load_scenario_file(std::string(GIGSIM_TEST_DATA) + "/../scenarios/france_diplab_2019.yaml");
  validation::SeriesRecorder series;
  Simulation sim(s, RunOptions{2, true, false});
  sim.add_observer(series);
  sim.run();
  const auto targets = validation::france_targets(sim, series);
  std::cout << "\nfrance_diplab_2019 (" << s.workers.registered << " workers, " << s.duration_days
            << " days, seed " << s.seed << ")\n"
            << validation::format_table(targets) << std::flush;
  for (const auto& t : targets) {
    INFO(t.name << ": " << t.achieved << " not in [" << t.low << ", " << t.high << "]");
    CHECK(t.holds());
  }
}
