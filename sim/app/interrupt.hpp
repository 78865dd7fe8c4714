#pragma once
// Ctrl-C (SIGINT) and SIGTERM during a run: the first one asks the run to stop
// at the next progress check, so the output's temporary file is removed and no
// file is left at the output path; a second one ends the process at once.
#include <stdexcept>

namespace gigsim::app {

class Interrupted : public std::runtime_error {
 public:
  explicit Interrupted(int signal_number)
      : std::runtime_error("interrupted"), signal_number_(signal_number) {}
  int signal_number() const { return signal_number_; }

 private:
  int signal_number_;
};

void install_interrupt_handlers();
int pending_interrupt();      // the signal received, 0 if none
void throw_if_interrupted();  // throws Interrupted when a signal arrived

}  // namespace gigsim::app
