// Designs of experiments (sweep/Sampling.h).
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "TestSupport.h"
#include "hydrosim/sweep/Sampling.h"

using namespace hydrosim;
using namespace hydrosim::sweep;

namespace {

// Number of points of the first `count` rows whose coordinate j lies in
// [k / 2^bits, (k + 1) / 2^bits), for every k.
std::vector<int> box_counts(const Design& design, std::size_t j, unsigned bits) {
  std::vector<int> counts(std::size_t{1} << bits, 0);
  for (std::size_t i = 0; i < design.rows; ++i) {
    ++counts[static_cast<std::size_t>(std::ldexp(design.at(i, j), static_cast<int>(bits)))];
  }
  return counts;
}

}  // namespace

TEST_CASE("Sobol' points match the sequence built by hand from the Joe & Kuo direction numbers") {
  // Expected values derived by hand (exact binary fractions) with the Gray-code
  // recursion x_i = x_{i-1} XOR V_c (Antonov & Saleev 1979; Bratley & Fox 1988)
  // from the direction numbers of Joe & Kuo (2008), new-joe-kuo-6.21201:
  // dimension 1: V = 1/2, 1/4, 1/8 (van der Corput); dimension 2 (s=1, a=0,
  // m=1): V = 1/2, 3/4, 5/8; dimension 3 (s=2, a=1, m=1,3): V = 1/2, 3/4, 3/8.
  // The first two dimensions agree with the unscrambled Sobol' points printed
  // by other Joe & Kuo based generators (e.g. 0.375, 0.375 for point 4).
  const Design design = sobol_points(8, 3);
  const std::vector<std::vector<double>> expected{{0, 0, 0},
                                                  {0.5, 0.5, 0.5},
                                                  {0.75, 0.25, 0.25},
                                                  {0.25, 0.75, 0.75},
                                                  {0.375, 0.375, 0.625},
                                                  {0.875, 0.875, 0.125},
                                                  {0.625, 0.125, 0.875},
                                                  {0.125, 0.625, 0.375}};
  for (std::size_t i = 0; i < 8; ++i) {
    for (std::size_t j = 0; j < 3; ++j) {
      CAPTURE(i);
      CAPTURE(j);
      CHECK(design.at(i, j) == expected[i][j]);  // exact: dyadic fractions
    }
  }
}

TEST_CASE("every coordinate of the first 2^m Sobol' points is stratified into 2^m equal intervals") {
  // Each one-dimensional projection of a Sobol' sequence is a (0,1)-sequence
  // in base 2 (Sobol' 1967; Niederreiter 1992, ch. 4): the first 2^m points
  // put exactly one point in each interval [k/2^m, (k+1)/2^m). This checks
  // every embedded dimension, including the recurrence beyond the m_i given.
  const Design design = sobol_points(1024, kMaxSobolDimensions);
  for (std::size_t j = 0; j < kMaxSobolDimensions; ++j) {
    CAPTURE(j);
    const auto counts = box_counts(design, j, 10);
    CHECK(std::all_of(counts.begin(), counts.end(), [](int c) { return c == 1; }));
  }
}

TEST_CASE("the first two Sobol' dimensions form a (0, m, 2)-net") {
  // Sobol' (1967): in dimensions 1 and 2 the first 2^m points put exactly one
  // point in every elementary box [a/2^p, (a+1)/2^p) x [b/2^q, (b+1)/2^q)
  // with p + q = m.
  const unsigned m = 8;
  const Design design = sobol_points(std::size_t{1} << m, 2);
  for (unsigned p = 0; p <= m; ++p) {
    const unsigned q = m - p;
    std::set<std::pair<long, long>> boxes;
    for (std::size_t i = 0; i < design.rows; ++i) {
      boxes.insert({static_cast<long>(std::ldexp(design.at(i, 0), static_cast<int>(p))),
                    static_cast<long>(std::ldexp(design.at(i, 1), static_cast<int>(q)))});
    }
    CAPTURE(p);
    CHECK(boxes.size() == design.rows);
  }
}

TEST_CASE("a Latin hypercube puts one point in each stratum of every coordinate, reproducibly") {
  // McKay, Beckman & Conover (1979): the defining property of the design.
  const std::size_t n = 50;
  const Design design = latin_hypercube(n, 4, 12345);
  for (std::size_t j = 0; j < 4; ++j) {
    std::vector<int> counts(n, 0);
    for (std::size_t i = 0; i < n; ++i) {
      const double x = design.at(i, j);
      REQUIRE(x >= 0.0);
      REQUIRE(x < 1.0);
      ++counts[static_cast<std::size_t>(x * static_cast<double>(n))];
    }
    CAPTURE(j);
    CHECK(std::all_of(counts.begin(), counts.end(), [](int c) { return c == 1; }));
  }
  // Same seed, same design (std::mt19937_64 is fully specified by the
  // standard and the mapping to [0, 1) is our own); another seed differs.
  CHECK(latin_hypercube(n, 4, 12345).data == design.data);
  CHECK(latin_hypercube(n, 4, 54321).data != design.data);
}

TEST_CASE("the 64-bit to unit-interval mapping keeps the top 53 bits") {
  CHECK(unit_interval(0) == 0.0);
  CHECK(unit_interval(~std::uint64_t{0}) == 1.0 - 0x1.0p-53);
  CHECK(unit_interval(std::uint64_t{1} << 63) == 0.5);
}

TEST_CASE("the Saltelli design holds A, B and the A_B^(i) matrices in blocks of d + 2 rows") {
  // Saltelli et al. (2010), Comput. Phys. Commun. 181, 259-270, section 3:
  // A_B^(i) is A with its column i taken from B.
  const std::size_t d = 3;
  const std::size_t base = 16;
  const Design design = saltelli_design(base, d);
  const Design ab = sobol_points(base, 2 * d);
  REQUIRE(design.rows == base * (d + 2));
  for (std::size_t n = 0; n < base; ++n) {
    for (std::size_t j = 0; j < d; ++j) {
      CHECK(design.at(n * (d + 2), j) == ab.at(n, j));
      CHECK(design.at(n * (d + 2) + 1, j) == ab.at(n, d + j));
      for (std::size_t i = 0; i < d; ++i) {
        CHECK(design.at(n * (d + 2) + 2 + i, j) == (i == j ? ab.at(n, d + j) : ab.at(n, j)));
      }
    }
  }
  CHECK(testing::input_error_of([] { saltelli_design(8, 11); }).find("at most 10 parameters") != std::string::npos);
}
