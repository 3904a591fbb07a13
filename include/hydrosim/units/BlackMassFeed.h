#pragma once
// Black mass or shredded cells entering the plant, described the way a
// recycler knows them: by cell chemistry (one or a mix) with either a
// composition in wt% of materials or a measured element assay, plus an
// optional particle-size distribution per component. Produces one solid
// stream whose elements match the assay (docs/pretreatment.md).
//
// A separate type rather than more options on Feed: Feed stays the plain
// "species flows or wt% of species" boundary used by every flowsheet, while
// the chemistry mixes, the assay allocation and the size distributions are
// specific to battery feeds and have their own checks and report.
#include <optional>

#include "hydrosim/units/Unit.h"

namespace hydrosim::units {

class BlackMassFeed : public Unit {
 public:
  using Unit::Unit;
  std::string_view type() const override { return "BlackMassFeed"; }
  Role role() const override { return Role::kFeed; }
  void configure(const io::ParameterReader& parameters,
                 const std::shared_ptr<const thermo::Database>& database) override;
  std::vector<PortSpec> ports() const override;
  void solve(const Inlets& inlets, Outlets& outlets) override;

  const thermo::Stream& stream() const { return *stream_; }

 private:
  // The cathode species and their mass shares of the cathode; shares empty
  // when the chemistry is a list whose proportions the assay must find.
  struct CathodeMix {
    std::vector<std::size_t> species;
    std::vector<double> shares;
  };
  CathodeMix read_chemistry(const io::ParameterReader& parameters) const;
  // Mass fraction of each species (database order).
  Eigen::VectorXd read_composition(const io::ParameterReader& parameters, const CathodeMix& cathode) const;
  Eigen::VectorXd allocate_assay(const io::ParameterReader& parameters, const CathodeMix& cathode);
  void read_size_distribution(const io::ParameterReader& psd, const CathodeMix& cathode);

  std::shared_ptr<const thermo::Database> database_;
  std::unique_ptr<thermo::Stream> stream_;
  std::vector<ReportValue> values_;
  std::vector<std::string> warnings_;
};

}  // namespace hydrosim::units
