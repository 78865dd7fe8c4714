#pragma once
// The text of `gigsim --help`, `gigsim run --help` and `gigsim validate --help`.

namespace gigsim::app {

const char* main_help();
const char* run_help();
const char* resume_help();
const char* fork_help();
const char* validate_help();
const char* sweep_help();
const char* sweep_collect_help();

}  // namespace gigsim::app
