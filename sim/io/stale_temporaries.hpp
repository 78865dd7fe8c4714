#pragma once
// Temporary files of outputs written atomically (written under a hidden temporary name in
// the same folder, then renamed): ".NAME.tmp-PID" for run files (RunFileWriter) and
// ".NAME.tmp-PID-THREAD" for a sweep's index, notes and copies (sweep_index.cpp). A process
// killed with SIGKILL (or by the out-of-memory killer, or a power cut) cannot remove its
// temporary; the next successful write of the same output does (issue 8, docs/robustness.md).
#include <string>

namespace gigsim {

// Removes the temporaries of `output_path` left by other processes: those whose PID is not
// a running process on this host and that were last written before this process started.
// A live writer on another host sharing the folder writes its temporary continuously, so it
// is newer; two hosts writing the same output at once is a conflict anyway. Never throws.
void remove_stale_temporaries(const std::string& output_path);

}  // namespace gigsim
