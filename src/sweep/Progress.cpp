#include "hydrosim/sweep/Progress.h"

#include <cstdio>

#include <fmt/format.h>

namespace hydrosim::sweep {
namespace {

std::string duration(double seconds) {
  if (!(seconds >= 0.0) || seconds > 1e8) return "?";
  const auto s = static_cast<long long>(seconds + 0.5);
  if (s >= 3600) return fmt::format("{}h{:02}m", s / 3600, (s % 3600) / 60);
  if (s >= 60) return fmt::format("{}m{:02}s", s / 60, s % 60);
  return fmt::format("{}s", s);
}

}  // namespace

Progress::Progress(std::size_t total, std::size_t already_done, bool terminal, double interval_seconds, bool quiet)
    : total_(total),
      already_done_(already_done),
      terminal_(terminal),
      quiet_(quiet),
      interval_(terminal ? 0.2 : interval_seconds),
      start_(std::chrono::steady_clock::now()),
      last_(start_) {}

void Progress::update(std::size_t computed, std::size_t failed) {
  const auto now = std::chrono::steady_clock::now();
  if (std::chrono::duration<double>(now - last_).count() < interval_) return;
  last_ = now;
  print(computed, failed, false);
}

void Progress::finish(std::size_t computed, std::size_t failed) { print(computed, failed, true); }

void Progress::print(std::size_t computed, std::size_t failed, bool final_line) {
  if (quiet_) return;
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double rate = elapsed > 0.0 ? static_cast<double>(computed) / elapsed : 0.0;
  const std::size_t done = already_done_ + computed;
  const double eta = rate > 0.0 ? static_cast<double>(total_ - done) / rate : -1.0;
  const std::string line =
      fmt::format("sweep: {}/{} cases done ({} this run), {} failed, {:.1f} cases/s, elapsed {}, ETA {}", done, total_,
                  computed, failed, rate, duration(elapsed), final_line ? "0s" : duration(eta));
  if (terminal_) {
    fmt::print(stderr, "\r{}\x1b[K{}", line, final_line ? "\n" : "");
  } else {
    fmt::print(stderr, "{}\n", line);
  }
  std::fflush(stderr);
}

}  // namespace hydrosim::sweep
