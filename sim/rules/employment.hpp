#pragma once
// Presumption of employment (EU directive 2024/2831): when at least k of the
// control indicators hold for a platform, its workers are treated as employees.
#include "model/scenario.hpp"

namespace gigsim {

int employment_indicators_met(const EmploymentIndicatorsSpec& indicators);

bool employment_presumed(const PlatformSpec& platform);

}  // namespace gigsim
