#pragma once
// Progress of a sweep on stderr: a self-updating line (cases done, failures,
// rate, ETA) when stderr is a terminal; otherwise a plain log line every
// `interval` seconds, so batch logs stay readable.
#include <chrono>
#include <cstddef>

namespace hydrosim::sweep {

class Progress {
 public:
  // `total` cases of which `already_done` were finished before this run.
  Progress(std::size_t total, std::size_t already_done, bool terminal, double interval_seconds, bool quiet);
  void update(std::size_t computed, std::size_t failed);
  void finish(std::size_t computed, std::size_t failed);

 private:
  void print(std::size_t computed, std::size_t failed, bool final_line);

  std::size_t total_;
  std::size_t already_done_;
  bool terminal_;
  bool quiet_;
  double interval_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_;
};

}  // namespace hydrosim::sweep
