#pragma once
// Reads what the plant assessment needs: product specifications, regulations
// and the price deck from thermo-data/reporting/, plus the flowsheet's own
// `economics:` and `compliance:` blocks (with --set overrides applied, so
// `--set economics.prices.Li2CO3="20000 USD/t"` reprices a run). Every error
// names file:line:column and the key. Format: docs/reports-compliance-economics.md.
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "hydrosim/flowsheet/Flowsheet.h"
#include "hydrosim/flowsheet/PlantAssessment.h"
#include "hydrosim/io/ParameterReader.h"

namespace hydrosim::io {

// The directory of the reporting data: <data_dir>/reporting.
std::filesystem::path reporting_dir(const std::filesystem::path& data_dir);

std::map<std::string, flowsheet::ProductSpecification> load_product_specifications(const std::filesystem::path& file);
std::vector<flowsheet::Regulation> load_regulations(const std::filesystem::path& file, std::string* version = nullptr,
                                                    std::vector<std::string>* default_checks = nullptr);
flowsheet::PriceDeck load_price_deck(const std::filesystem::path& file);

// Parses "<number> <currency>/<unit expression>" (e.g. "37000 USD/t", "0.08 USD/kWh")
// into value per SI unit and the dimension of the unit; `currency` is "USD" or
// "kgCO2e". Throws InputError naming the text.
struct PerUnitValue {
  double per_si = 0.0;
  Dimension per;
};
PerUnitValue parse_per_unit(std::string_view text, std::string_view currency);

// `top` reads the whole flowsheet file; `flowsheet_dir` resolves a relative
// price_deck path (then <data_dir>/reporting/ is tried).
std::shared_ptr<const flowsheet::AssessmentInputs> load_assessment_inputs(const ParameterReader& top,
                                                                          const flowsheet::Flowsheet& plant,
                                                                          const std::filesystem::path& flowsheet_dir,
                                                                          const std::filesystem::path& data_dir);

}  // namespace hydrosim::io
