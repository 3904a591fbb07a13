#pragma once
// Small text helpers used for messages and hashing.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hydrosim {

// Levenshtein distance, case-insensitive; used to suggest names after a typo.
std::size_t edit_distance(std::string_view a, std::string_view b);

// Up to `count` candidates closest to `name`, nearest first; only candidates
// that are plausibly a typo of the name (or contain it) are returned.
std::vector<std::string> closest_matches(std::string_view name, const std::vector<std::string>& candidates,
                                         std::size_t count);

// 64-bit FNV-1a hash: a content fingerprint for data files (not cryptographic).
std::uint64_t fnv1a_64(std::string_view bytes, std::uint64_t seed = 14695981039346656037ULL);

}  // namespace hydrosim
