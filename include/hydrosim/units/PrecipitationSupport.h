#pragma once
// Small pieces shared by the units that equilibrate a liquor with solids
// (PrecipitationReactor, Crystallizer, DischargeCheck).
#include <memory>
#include <utility>
#include <vector>

#include "hydrosim/thermo/EquilibriumData.h"
#include "hydrosim/thermo/Speciation.h"
#include "hydrosim/thermo/Stream.h"

namespace hydrosim::units {

// The equilibrium data of a database, loaded once per database and shared.
std::shared_ptr<const thermo::EquilibriumData> shared_equilibria(
    const std::shared_ptr<const thermo::Database>& database);

// The solids of `wanted` that can form from the components of `input` (the
// speciation refuses a solid whose components are absent, which a recycle's
// first pass or a clean liquor can meet).
std::vector<std::size_t> formable_solids(const thermo::Database& database, const thermo::EquilibriumData& equilibria,
                                         const thermo::SolutionInput& input, const std::vector<std::size_t>& wanted);

// Removes from `input` every component whose total is below `threshold`
// mol/kg water (and the equilibrium solids that need one) and returns their
// names. A fallback for liquors whose speciation fails to converge because
// of trace components (see docs/precipitation-and-effluent.md, known
// issues): the traces stay dissolved in the stream, the unit warns.
std::vector<std::string> drop_traces(const thermo::Database& database, const thermo::EquilibriumData& equilibria,
                                     thermo::SolutionInput& input, double threshold);

// mol/s of atoms of element `element` (database element index) in the stream,
// and in its aqueous phase only.
double element_flow(const thermo::Stream& stream, std::size_t element);
double aqueous_element_flow(const thermo::Stream& stream, std::size_t element);

// H+ + OH- = H2O for the smaller of the two flows: a precipitation that
// releases H+ into a stream dosed with OH- leaves both; this pairs them up,
// exactly conserving every element and the charge.
void neutralise(thermo::Stream& stream);

// Splits a stream into (solids + entrained liquor, clear liquor): every
// solid-phase species to the first; liquor to the first so that the wet cake
// holds `moisture` mass fraction of liquor (capped by the liquor available).
// first + second equals the stream to rounding.
std::pair<thermo::Stream, thermo::Stream> split_cake(const thermo::Stream& stream, double moisture);

}  // namespace hydrosim::units
