#pragma once
namespace gigsim {
// The text of scenarios/baseline.yaml, embedded at build time.
const char* builtin_baseline_yaml();
}  // namespace gigsim
