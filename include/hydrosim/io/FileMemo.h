#pragma once
// Keeps what a loader parsed from a file, keyed by the file's path, modification
// time and size, so a sweep's thousands of cases parse the shared reporting files
// (regulations, product specifications, price deck) once instead of once per
// case. An edited file is read again; a loader that throws caches nothing, so the
// next case reports the same located error. Safe to share between sweep threads.
#include <cstdint>
#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <system_error>
#include <tuple>

namespace hydrosim::io {

template <typename Value>
class FileMemo {
 public:
  template <typename Load>
  Value get(const std::filesystem::path& file, Load&& load) {
    std::error_code error;
    const auto modified = std::filesystem::last_write_time(file, error);
    const auto size = error ? 0 : std::filesystem::file_size(file, error);
    // A file we cannot stat is not cached: the loader says what is wrong with it.
    if (error) return load(file);
    const Key key{file.lexically_normal().string(), modified, size};
    {
      const std::lock_guard lock(mutex_);
      const auto found = values_.find(key);
      if (found != values_.end()) return found->second;
    }
    Value value = load(file);
    const std::lock_guard lock(mutex_);
    values_.insert_or_assign(key, value);
    return value;
  }

 private:
  using Key = std::tuple<std::string, std::filesystem::file_time_type, std::uintmax_t>;
  std::mutex mutex_;
  std::map<Key, Value> values_;
};

}  // namespace hydrosim::io
