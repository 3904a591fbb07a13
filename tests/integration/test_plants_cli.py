#!/usr/bin/env python3
"""The LCO, LFP and NMC-precursor plants run end to end from the CLI.

Usage: test_plants_cli.py HYDROSIM_EXECUTABLE SOURCE_DIR
For each plant: `hydrosim run` exits 0, the recycles converge, the results file
closes every element to 1e-9 and its recovery rows sum to one (conservation),
the printed recovery table equals the file, and a --set on the command line moves
the lithium recovery the way the recycle arithmetic says. The plant assessment:
/products, /compliance and /economics exist, the tables are printed, and the
compliance recovery equals an independent recomputation from /streams (element
flow into the product sinks over the element flow of the basis feed). `hydrosim
report RESULTS.h5` uses the price deck next to the original flowsheet.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

import h5py
import numpy as np

HYDROSIM = sys.argv[1] if len(sys.argv) > 1 else "hydrosim"
if os.sep in HYDROSIM:
    HYDROSIM = os.path.abspath(HYDROSIM)  # one test runs the CLI from other directories
SOURCE = os.path.abspath(sys.argv[2] if len(sys.argv) > 2 else ".")
PLANTS = {
    "lco_oxalate_route.yaml": ["co_oxalate_product", "li2co3_product"],
    "lfp_selective_leach.yaml": ["fepo4_residue", "li2co3_product"],
    "nmc_precursor_route.yaml": ["precursor_product", "li2co3_product"],
}
BASIS_FEED = {
    "lco_oxalate_route.yaml": "lco_powder",
    "lfp_selective_leach.yaml": "black_mass",
    "nmc_precursor_route.yaml": "black_mass",
}
# Elements each plant's compliance checks must cover (those of its basis feed with a threshold).
CHECKED = {
    "lco_oxalate_route.yaml": ["Li", "Co"],
    "lfp_selective_leach.yaml": ["Li", "Cu"],
    "nmc_precursor_route.yaml": ["Li", "Ni", "Co", "Mn", "Cu"],
}
# The product sinks whose compound contains each checked element, read off the formulas
# (CoC2O4.2H2O, Li2CO3, FePO4, Ni/Co/Mn(OH)2): only there does the element count as
# recovered (docs/reports-compliance-economics.md); elsewhere it is an impurity.
HOLDS = {
    "lco_oxalate_route.yaml": {"Li": ["li2co3_product"], "Co": ["co_oxalate_product"]},
    "lfp_selective_leach.yaml": {"Li": ["li2co3_product"], "Cu": []},
    "nmc_precursor_route.yaml": {"Li": ["li2co3_product"], "Ni": ["precursor_product"],
                                 "Co": ["precursor_product"], "Mn": ["precursor_product"], "Cu": []},
}


def hydrosim(*args):
    return subprocess.run([HYDROSIM, *args], capture_output=True, text=True, timeout=120)


def printed_recovery(stdout):
    """The recovery table as {(element, sink): percent} from the CLI output."""
    lines = stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Recovery:"))
    sinks = re.findall(r"(\S+) \((?:product|waste)\)", lines[start + 1])
    table = {}
    for line in lines[start + 2:]:
        if not line.strip():
            break
        cells = line.split()
        for sink, value in zip(sinks, cells[1:]):
            table[(cells[0], sink)] = float(value)
    return table


def as_text(values):
    return [v.decode() if isinstance(v, bytes) else str(v) for v in values]


def lithium_recovery(stdout):
    return printed_recovery(stdout)[("Li", "li2co3_product")]


class PlantsRunFromTheCli(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="hydrosim-plants-")

    def test_each_plant_solves_closes_and_writes_its_results(self):
        for name, products in PLANTS.items():
            with self.subTest(plant=name):
                out = os.path.join(self.dir, name.replace(".yaml", ".h5"))
                result = hydrosim("run", os.path.join(SOURCE, "flowsheets", name), "-o", out)
                self.assertEqual(result.returncode, 0, result.stderr)
                printed = printed_recovery(result.stdout)
                with h5py.File(out, "r") as f:
                    self.assertTrue(bool(f["solver"].attrs["converged"]))
                    self.assertLessEqual(float(f["balances"].attrs["max_closure"]), 1e-9)
                    self.assertLessEqual(float(f["balances"].attrs["charge_closure"]), 1e-9)
                    fraction = f["recovery/fraction"][()]
                    elements = as_text(f["recovery/element"][()])
                    sinks = as_text(f["recovery/sink"][()])
                # Each element's input leaves through the sinks: rows sum to one.
                np.testing.assert_allclose(fraction.sum(axis=1), 1.0, rtol=0, atol=1e-9)
                for product in products:
                    self.assertIn(product, sinks)
                # The printed table (4 decimals of %) is the file's table.
                for (element, sink), percent in printed.items():
                    value = fraction[elements.index(element), sinks.index(sink)]
                    self.assertAlmostEqual(percent, 100.0 * value, delta=6e-5)

    def test_each_plant_prints_and_writes_its_assessment(self):
        for name, products in PLANTS.items():
            with self.subTest(plant=name):
                out = os.path.join(self.dir, name.replace(".yaml", "-assessment.h5"))
                result = hydrosim("run", os.path.join(SOURCE, "flowsheets", name), "-o", out)
                self.assertEqual(result.returncode, 0, result.stderr)
                for table in ("Products against specifications", "Compliance:", "Economics and footprint"):
                    self.assertIn(table, result.stdout)
                self.assertLess(result.stdout.index("Recovery:"), result.stdout.index("Compliance:"))
                with h5py.File(out, "r") as f:
                    for group in ("products", "compliance", "economics"):
                        self.assertIn(group, f)
                    self.assertEqual(sorted(as_text(f["products/sink"][()])), sorted(products))
                    self.assertTrue(all(as_text(f["products/specification"][()])))
                    self.assertIn("margin_usd_per_t", f["economics"].attrs)
                    self.assertGreater(f["economics"].attrs["revenue_usd_per_t"], 0.0)
                    # Every price of the new products is a placeholder or secondary quotation.
                    self.assertGreater(int(f["economics"].attrs["unverified_prices"]), 0)

                    # Independent recomputation from /streams: the element flow of the streams that
                    # enter the product sinks whose compound holds the element over that of the
                    # stream leaving the basis feed (the MIIT / EU definition,
                    # docs/reports-compliance-economics.md).
                    def element_flow(stream, symbol):
                        names = as_text(f[f"streams/{stream}/element"][()])
                        return f[f"streams/{stream}/elements"][()][names.index(symbol)] if symbol in names else 0.0

                    def streams_at(attribute, unit):
                        return [s for s in f["streams"] if as_text([f[f"streams/{s}"].attrs[attribute]])[0]
                                .split(".")[0] == unit]

                    into_products = [s for sink in products for s in streams_at("to", sink)]
                    (feed,) = streams_at("from", BASIS_FEED[name])
                    self.assertEqual(len(into_products), len(products))
                    elements = as_text(f["compliance/element"][()])
                    recovery = dict(zip(elements, f["compliance/recovery"][()]))
                    checked = set(as_text(f["compliance/checks/element"][()]))
                    for symbol in CHECKED[name]:
                        self.assertIn(symbol, checked)
                        holding = [s for sink in HOLDS[name][symbol] for s in streams_at("to", sink)]
                        expected = sum(element_flow(s, symbol) for s in holding) / element_flow(feed, symbol)
                        # Same floating-point sums in a different order: 1e-12 absolute on a fraction.
                        self.assertAlmostEqual(recovery[symbol], expected, delta=1e-12, msg=symbol)
                # The HTML report of the results file has every assessment section.
                html = out.replace(".h5", ".html")
                report = hydrosim("report", out, "-o", html)
                self.assertEqual(report.returncode, 0, report.stderr)
                with open(html) as page:
                    text = page.read()
                for section in ("recovery", "products", "compliance", "economics"):
                    self.assertIn(f'id="{section}"', text)

    def test_report_uses_the_price_deck_next_to_the_original_flowsheet(self):
        # A copy of a plant with its own price deck (Li2CO3 at 1000 USD/t and a distinct version):
        # `hydrosim run` from the copy's directory with a relative path, then `hydrosim report` of the
        # results file from another directory must use that deck, as the run did.
        plant = os.path.join(self.dir, "plant")
        elsewhere = os.path.join(self.dir, "elsewhere")
        os.makedirs(plant)
        os.makedirs(elsewhere)
        shutil.copy(os.path.join(SOURCE, "flowsheets", "lco_oxalate_route.yaml"), plant)
        with open(os.path.join(SOURCE, "thermo-data", "reporting", "price-deck.yaml")) as deck:
            text = deck.read().replace("  version: 1\n", "  version: 977\n", 1)
        self.assertIn("version: 977", text)
        with open(os.path.join(plant, "price-deck.yaml"), "w") as deck:
            deck.write(text)
        results = os.path.join(self.dir, "copy.h5")
        run = subprocess.run([HYDROSIM, "run", "lco_oxalate_route.yaml", "-o", results], cwd=plant,
                             capture_output=True, text=True, timeout=120)
        self.assertEqual(run.returncode, 0, run.stderr)
        with h5py.File(results, "r") as f:
            self.assertIn("977", as_text([f["economics"].attrs["price_deck_version"]])[0])
        html = os.path.join(self.dir, "copy.html")
        report = subprocess.run([HYDROSIM, "report", results, "-o", html], cwd=elsewhere,
                                capture_output=True, text=True, timeout=120)
        self.assertEqual(report.returncode, 0, report.stderr)
        with open(html) as page:
            text = page.read()
        self.assertIn(os.path.join(plant, "price-deck.yaml"), text)
        # The original flowsheet gone: the shipped deck is used and the report says why.
        os.remove(os.path.join(plant, "lco_oxalate_route.yaml"))
        report = subprocess.run([HYDROSIM, "report", results, "-o", html], cwd=elsewhere,
                                capture_output=True, text=True, timeout=120)
        self.assertEqual(report.returncode, 0, report.stderr)
        with open(html) as page:
            text = page.read()
        self.assertNotIn(os.path.join(plant, "price-deck.yaml"), text)
        self.assertIn("original flowsheet not found", text)

    def test_set_on_the_command_line_raises_lithium_recovery(self):
        # More Li2CO3 mother liquor recycled (50 % -> 80 %): R = X / (1 - r (1 - X))
        # of the precipitation loop rises with r, in every plant.
        for name in PLANTS:
            with self.subTest(plant=name):
                path = os.path.join(SOURCE, "flowsheets", name)
                base = hydrosim("run", path, "--no-output")
                more = hydrosim("run", path, "--no-output", "--set", "units.li_ml_split.fractions.recycle=0.8",
                                "--set", "units.li_ml_split.fractions.bleed=0.2")
                self.assertEqual(base.returncode, 0, base.stderr)
                self.assertEqual(more.returncode, 0, more.stderr)
                self.assertGreater(lithium_recovery(more.stdout), lithium_recovery(base.stdout) + 1.0)


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0]], verbosity=2)
