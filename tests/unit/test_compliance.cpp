// Recovery compliance: thresholds read from the versioned regulations file,
// pass/fail with margin, elements absent from the feed, and bad input.
#include <doctest/doctest.h>

#include "TestSupport.h"
#include "hydrosim/flowsheet/Compliance.h"
#include "hydrosim/io/AssessmentLoader.h"

using namespace hydrosim;
using namespace hydrosim::testing;

namespace {

const flowsheet::Regulation& find(const std::vector<flowsheet::Regulation>& regulations, const std::string& key) {
  for (const auto& regulation : regulations) {
    if (regulation.key == key) return regulation;
  }
  FAIL("no regulation ", key);
  return regulations.front();
}

double threshold(const flowsheet::Regulation& regulation, const std::string& element) {
  for (const auto& [symbol, value] : regulation.thresholds) {
    if (symbol == element) return value;
  }
  FAIL("no threshold for ", element, " in ", regulation.key);
  return 0.0;
}

}  // namespace

TEST_CASE("the regulations file carries the MIIT 2024 and EU 2023/1542 recovery thresholds") {
  // Independent source: shared/docs/regulations.md (MIIT 2024 edition, metallurgical process:
  // Li >= 90 %, Ni/Co/Mn >= 98 %; EU 2023/1542 Annex XII: end-2027 Co/Cu/Pb/Ni 90 %, Li 50 %;
  // end-2031 95 % and 80 %). Exact: these are the published round numbers.
  std::string version;
  std::vector<std::string> defaults;
  const auto regulations =
      io::load_regulations(io::reporting_dir(data_dir()) / "regulations.yaml", &version, &defaults);
  const auto& miit = find(regulations, "miit_2024");
  CHECK(threshold(miit, "Li") == 0.90);
  for (const auto* element : {"Ni", "Co", "Mn"}) CHECK(threshold(miit, element) == 0.98);
  const auto& eu2027 = find(regulations, "eu_2023_1542_2027");
  const auto& eu2031 = find(regulations, "eu_2023_1542_2031");
  for (const auto* element : {"Co", "Cu", "Pb", "Ni"}) {
    CHECK(threshold(eu2027, element) == 0.90);
    CHECK(threshold(eu2031, element) == 0.95);
  }
  CHECK(threshold(eu2027, "Li") == 0.50);
  CHECK(threshold(eu2031, "Li") == 0.80);
  CHECK(miit.citation.find("2024") != std::string::npos);
  CHECK(eu2031.applies_from == "2031-12-31");
  CHECK(defaults == std::vector<std::string>{"miit_2024", "eu_2023_1542_2027", "eu_2023_1542_2031"});
  CHECK(version.find("1") == 0);
}

TEST_CASE("compliance is recovery into products over the element in the basis feed, with a signed margin") {
  // Hand-computed: 8.5 of 10 kg/s Li reaches products -> 85 %, 5 points below MIIT's 90 % (fail)
  // and 35 points above the EU 2027 target of 50 % (pass); Ni 9.9 of 10 -> 99 %, 1 point above 98 %.
  flowsheet::Regulation miit{"miit", "", "", "", "", "", "", "", {{"Li", 0.90}, {"Ni", 0.98}}};
  flowsheet::Regulation eu{"eu", "", "", "", "", "", "", "", {{"Li", 0.50}, {"Pb", 0.90}}};
  const flowsheet::ElementFlows feed{{"Li", 10.0}, {"Ni", 10.0}};
  const flowsheet::ElementFlows products{{"Li", 8.5}, {"Ni", 9.9}};
  const auto checks = flowsheet::check_compliance(feed, products, {miit, eu});
  REQUIRE(checks.size() == 4);
  CHECK(checks[0].element == "Li");
  CHECK(checks[0].recovery == relative(0.85));
  CHECK(checks[0].margin() == relative(-0.05, 1e-12));
  CHECK_FALSE(checks[0].pass());
  CHECK(checks[1].margin() == relative(0.01, 1e-10));
  CHECK(checks[1].pass());
  CHECK(checks[2].margin() == relative(0.35, 1e-12));
  CHECK(checks[2].pass());
  // Pb is not in the feed: the check is not applicable (neither a pass by recovery nor a fail).
  CHECK_FALSE(checks[3].applicable);
  CHECK(checks[3].pass());
}

TEST_CASE("a threshold above 100 % in a regulations file is refused with its location") {
  const auto file = write_scratch("regulations-bad.yaml", R"(meta:
  version: 1
  date: 2026-12-01
  sources: {x: "a source"}
regulations:
  bad:
    title: t
    jurisdiction: j
    edition: e
    source: x
    thresholds: {Li: 1.5}
default_checks: [bad]
)");
  const std::string message = input_error_of([&] { io::load_regulations(file); });
  CHECK(message.find("regulations-bad.yaml:11") != std::string::npos);
  CHECK(message.find("regulations.bad.thresholds.Li") != std::string::npos);
}
