#pragma once
// Designs of experiments on the unit hypercube [0, 1)^d: full grids, Latin
// hypercubes, Sobol' sequences and Saltelli's design for Sobol' indices.
// Every design is a function of its arguments only (seeded, platform
// independent), so a case index always means the same parameter values.
#include <cstdint>
#include <vector>

namespace hydrosim::sweep {

// Row-major matrix of points: point i, coordinate j at data[i * columns + j].
struct Design {
  std::size_t rows = 0;
  std::size_t columns = 0;
  std::vector<double> data;
  double at(std::size_t row, std::size_t column) const { return data[row * columns + column]; }
  double& at(std::size_t row, std::size_t column) { return data[row * columns + column]; }
};

// Dimensions of the embedded Joe & Kuo (2008) direction numbers.
constexpr std::size_t kMaxSobolDimensions = 21;

// The first `count` points of the (unscrambled) Sobol' sequence in `dimensions`
// dimensions, starting with the origin, in Gray-code order (Antonov & Saleev
// 1979), with the direction numbers of Joe & Kuo (2008), new-joe-kuo-6.21201.
Design sobol_points(std::size_t count, std::size_t dimensions);

// A Latin hypercube of `count` points: in every coordinate each of the
// intervals [k/count, (k+1)/count) holds exactly one point (McKay, Beckman &
// Conover 1979), the point placed uniformly inside its interval.
Design latin_hypercube(std::size_t count, std::size_t dimensions, std::uint64_t seed);

// Uniform double in [0, 1) from the top 53 bits of a 64-bit draw. The C++
// standard fixes std::mt19937_64's output sequence but not
// std::uniform_real_distribution's algorithm, so the mapping is our own.
double unit_interval(std::uint64_t bits);

// Saltelli (2002; Saltelli et al. 2010) design from a Sobol' sequence of
// 2 d dimensions: base matrices A (first d columns) and B (last d); the design
// has base * (d + 2) rows in blocks of d + 2 per base row: A, B, then AB_1 ..
// AB_d (A with column i taken from B).
Design saltelli_design(std::size_t base, std::size_t dimensions);

}  // namespace hydrosim::sweep
