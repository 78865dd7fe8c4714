#pragma once
// Checks that span several keys (shares that must sum to 1, ticks that must divide a
// day, unique names), run on the struct once every key has been read on its own.
#include "io/scenario_diagnostics.hpp"
#include "model/scenario.hpp"

namespace gigsim {

inline constexpr std::size_t kMaxPlatforms = 8;
inline constexpr std::size_t kMaxWorkerGroups = 16;
inline constexpr std::size_t kMaxRequesterTypes = 8;

void validate_scenario(const Scenario& scenario, DiagnosticSink& sink);

}  // namespace gigsim
