#pragma once
// Splitting a stream into two products class by class: the common step of
// screens and of magnetic, eddy-current and air separators. Each species'
// amount to the first product is n_s Σ_c f_sc φ_sc (f the stream's size
// fractions, φ the partition to the first product); the second product gets
// the rest, n_s minus that, so every element is conserved to rounding.
#include <functional>
#include <optional>
#include <string>
#include <utility>

#include "hydrosim/thermo/Stream.h"
#include "hydrosim/units/Unit.h"

namespace hydrosim::units {

// φ for a species in a size class (class given for solids of a stream with a
// size distribution; nullopt for every other species). Must lie in [0, 1].
using PartitionFunction = std::function<double(std::size_t species, std::optional<std::size_t> size_class)>;

std::pair<thermo::Stream, thermo::Stream> split_by_size(const thermo::Stream& feed, const PartitionFunction& partition);

// Component splits ("<species> to <outlet>", fraction of the feed's species)
// and, when the feed has sizes, the profile "psd" with the solids kg/s per
// class of the feed and of both products, plus their P80.
void report_split(UnitReport& report, const thermo::Stream& feed, const std::string& first_name,
                  const thermo::Stream& first, const std::string& second_name, const thermo::Stream& second);

}  // namespace hydrosim::units
