#include "hydrosim/sweep/Sampling.h"

#include <array>
#include <numeric>
#include <random>
#include <stdexcept>

#include <fmt/format.h>

#include "hydrosim/core/Error.h"

namespace hydrosim::sweep {
namespace {

// Joe, S., Kuo, F.Y. (2008). Constructing Sobol sequences with better
// two-dimensional projections. SIAM J. Sci. Comput. 30, 2635-2654; direction
// numbers file new-joe-kuo-6.21201 (https://web.maths.unsw.edu.au/~fkuo/sobol/),
// rows d = 2..21: degree s of the primitive polynomial, its packed interior
// coefficients a, and the initial direction numbers m_1..m_s. Dimension 1 is
// the van der Corput sequence (all m_i = 1).
struct DirectionRow {
  unsigned s;
  unsigned a;
  std::array<unsigned, 7> m;
};

constexpr std::array<DirectionRow, kMaxSobolDimensions - 1> kJoeKuo{{
    {1, 0, {1}},
    {2, 1, {1, 3}},
    {3, 1, {1, 3, 1}},
    {3, 2, {1, 1, 1}},
    {4, 1, {1, 1, 3, 3}},
    {4, 4, {1, 3, 5, 13}},
    {5, 2, {1, 1, 5, 5, 17}},
    {5, 4, {1, 1, 5, 5, 5}},
    {5, 7, {1, 1, 7, 11, 19}},
    {5, 11, {1, 1, 5, 1, 1}},
    {5, 13, {1, 1, 1, 3, 11}},
    {5, 14, {1, 3, 5, 5, 31}},
    {6, 1, {1, 3, 3, 9, 7, 49}},
    {6, 13, {1, 1, 1, 15, 21, 21}},
    {6, 16, {1, 3, 1, 13, 27, 49}},
    {6, 19, {1, 1, 1, 15, 7, 5}},
    {6, 22, {1, 3, 1, 15, 13, 25}},
    {6, 25, {1, 1, 5, 5, 19, 61}},
    {7, 1, {1, 3, 7, 11, 23, 15, 103}},
    {7, 4, {1, 3, 7, 13, 13, 15, 69}},
}};

constexpr unsigned kBits = 32;

// Direction numbers V_1..V_32 scaled by 2^32 (Bratley & Fox 1988, eq. for the
// recurrence V_i = a_1 V_{i-1} ^ ... ^ V_{i-s} ^ (V_{i-s} >> s)).
std::array<std::uint32_t, kBits> directions(std::size_t dimension) {
  std::array<std::uint32_t, kBits> v{};
  if (dimension == 0) {
    for (unsigned i = 0; i < kBits; ++i) v[i] = std::uint32_t{1} << (kBits - 1 - i);
    return v;
  }
  const DirectionRow& row = kJoeKuo[dimension - 1];
  for (unsigned i = 0; i < kBits; ++i) {
    if (i < row.s) {
      v[i] = row.m[i] << (kBits - 1 - i);
    } else {
      std::uint32_t value = v[i - row.s] ^ (v[i - row.s] >> row.s);
      for (unsigned k = 1; k < row.s; ++k) {
        if ((row.a >> (row.s - 1 - k)) & 1U) value ^= v[i - k];
      }
      v[i] = value;
    }
  }
  return v;
}

std::uint64_t bounded(std::mt19937_64& rng, std::uint64_t n) {
  // Rejection sampling: unbiased and fully specified (unlike
  // std::uniform_int_distribution, whose algorithm is implementation-defined).
  const std::uint64_t limit = std::numeric_limits<std::uint64_t>::max() - std::numeric_limits<std::uint64_t>::max() % n;
  while (true) {
    const std::uint64_t draw = rng();
    if (draw < limit) return draw % n;
  }
}

}  // namespace

double unit_interval(std::uint64_t bits) { return static_cast<double>(bits >> 11) * 0x1.0p-53; }

Design sobol_points(std::size_t count, std::size_t dimensions) {
  if (dimensions == 0 || dimensions > kMaxSobolDimensions) {
    throw InputError(
        fmt::format("Sobol' sampling supports 1 to {} dimensions (the embedded Joe & Kuo direction "
                    "numbers), not {}",
                    kMaxSobolDimensions, dimensions));
  }
  if (count > (std::size_t{1} << kBits)) throw InputError("Sobol' sampling supports at most 2^32 points");
  Design design{count, dimensions, std::vector<double>(count * dimensions, 0.0)};
  for (std::size_t j = 0; j < dimensions; ++j) {
    const auto v = directions(j);
    std::uint32_t x = 0;
    for (std::size_t i = 1; i < count; ++i) {
      // Gray code: point i differs from point i-1 by the direction number of
      // the lowest zero bit of i-1.
      unsigned c = 0;
      for (std::size_t value = i - 1; value & 1U; value >>= 1) ++c;
      x ^= v[c];
      design.at(i, j) = static_cast<double>(x) * 0x1.0p-32;
    }
  }
  return design;
}

Design latin_hypercube(std::size_t count, std::size_t dimensions, std::uint64_t seed) {
  Design design{count, dimensions, std::vector<double>(count * dimensions, 0.0)};
  std::mt19937_64 rng(seed);
  std::vector<std::size_t> strata(count);
  for (std::size_t j = 0; j < dimensions; ++j) {
    std::iota(strata.begin(), strata.end(), std::size_t{0});
    // Fisher-Yates shuffle with our own bounded draws.
    for (std::size_t i = count; i > 1; --i) std::swap(strata[i - 1], strata[bounded(rng, i)]);
    for (std::size_t i = 0; i < count; ++i) {
      design.at(i, j) = (static_cast<double>(strata[i]) + unit_interval(rng())) / static_cast<double>(count);
    }
  }
  return design;
}

Design saltelli_design(std::size_t base, std::size_t dimensions) {
  if (2 * dimensions > kMaxSobolDimensions) {
    throw InputError(
        fmt::format("the Saltelli design needs a Sobol' sequence of 2 x {} dimensions; at most {} "
                    "parameters are supported",
                    dimensions, kMaxSobolDimensions / 2));
  }
  const Design ab = sobol_points(base, 2 * dimensions);
  const std::size_t block = dimensions + 2;
  Design design{base * block, dimensions, std::vector<double>(base * block * dimensions, 0.0)};
  for (std::size_t n = 0; n < base; ++n) {
    for (std::size_t j = 0; j < dimensions; ++j) {
      const double a = ab.at(n, j);
      const double b = ab.at(n, dimensions + j);
      design.at(n * block, j) = a;
      design.at(n * block + 1, j) = b;
      for (std::size_t i = 0; i < dimensions; ++i) design.at(n * block + 2 + i, j) = (i == j) ? b : a;
    }
  }
  return design;
}

}  // namespace hydrosim::sweep
