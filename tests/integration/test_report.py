#!/usr/bin/env python3
"""End-to-end tests of the plant assessment, `hydrosim report` and `hydrosim graph`.

Usage: test_report.py HYDROSIM_EXECUTABLE SOURCE_DIR
Runs the flagship plant, checks that /products, /compliance and /economics land
in the HDF5 file and agree with the printed tables, that a --set that lowers Li
recovery moves the Li compliance margins down, that a price override moves the
revenue by exactly the price change times the product mass, that the HTML report
is well formed with its sections and non-trivial inline figures, and that the
DOT graph is valid (and accepted by Graphviz when it is installed).
"""
import html.parser
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
SOURCE = sys.argv[2] if len(sys.argv) > 2 else "."
FLAGSHIP = os.path.join(SOURCE, "flowsheets", "nmc622_sulfate_route.yaml")
# Less Li2CO3 mother liquor recycled -> more Li leaves with the effluent (mass balance of the
# splitter: the bleed share rises from 0.5 to 0.7), so Li recovery into products must fall.
LOWER_LI = ["--set", "units.li_ml_split.fractions.recycle=0.3", "--set", "units.li_ml_split.fractions.bleed=0.7"]


def hydrosim(*args):
    return subprocess.run([HYDROSIM, *args], capture_output=True, text=True, timeout=300)


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def as_text(values):
    return [v.decode() if isinstance(v, bytes) else str(v) for v in values]


def li_margins(path):
    with h5py.File(path, "r") as f:
        regulation = as_text(f["compliance/checks/regulation"][()])
        element = as_text(f["compliance/checks/element"][()])
        margin = f["compliance/checks/margin"][()]
    return {r: m for r, e, m in zip(regulation, element, margin) if e == "Li"}


class Checker(html.parser.HTMLParser):
    """Collects ids, checks that non-void tags are closed in order."""

    VOID = {"meta", "br", "img", "link", "input", "hr"}

    def __init__(self):
        super().__init__()
        self.stack, self.ids, self.errors = [], set(), []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "id":
                self.ids.add(value)
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        for name, value in attrs:
            if name == "id":
                self.ids.add(value)

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected </{tag}> (open: {self.stack[-3:]})")
            return
        self.stack.pop()


class FlagshipAssessment(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="hydrosim-report-")
        cls.base = os.path.join(cls.dir, "base.h5")
        cls.low = os.path.join(cls.dir, "low.h5")
        cls.cheap = os.path.join(cls.dir, "cheap.h5")
        cls.run_base = hydrosim("run", FLAGSHIP, "-o", cls.base)
        cls.run_low = hydrosim("run", FLAGSHIP, "-o", cls.low, *LOWER_LI)
        cls.run_cheap = hydrosim("run", FLAGSHIP, "-o", cls.cheap, "--set", "economics.prices.Li2CO3=20000 USD/t")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir, ignore_errors=True)

    def test_groups_exist(self):
        for run in (self.run_base, self.run_low, self.run_cheap):
            self.assertEqual(run.returncode, 0, run.stderr)
        with h5py.File(self.base, "r") as f:
            for group in ("recovery", "balances", "products", "compliance", "economics"):
                self.assertIn(group, f)
            self.assertEqual(sorted(as_text(f["products/sink"][()])),
                             ["coso4_product", "li2co3_product", "mnso4_product", "niso4_product"])
            self.assertIn("li2co3_product/impurity", f["products"])
            self.assertGreater(f["economics"].attrs["revenue_usd_per_t"], 0.0)

    def test_compliance_printed_after_recovery(self):
        out = self.run_base.stdout
        self.assertLess(out.index("Recovery:"), out.index("Compliance:"))
        self.assertIn("Products against specifications", out)
        self.assertIn("Economics and footprint", out)

    def test_compliance_recovery_is_products_over_basis_feed(self):
        # Independent recomputation from /streams: the element in the product stream whose
        # compound holds it (Li2CO3, NiSO4.6H2O, CoSO4.7H2O, MnSO4.H2O; elsewhere it is an
        # impurity, docs/reports-compliance-economics.md) over the element in the black-mass
        # stream, compared with /compliance/recovery.
        holder = {"Li": "li2co3_out", "Ni": "niso4_out", "Co": "coso4_out", "Mn": "mnso4_out"}
        with h5py.File(self.base, "r") as f:
            def element_flow(stream, symbol):
                names = as_text(f[f"streams/{stream}/element"][()])
                return f[f"streams/{stream}/elements"][()][names.index(symbol)]
            elements = as_text(f["compliance/element"][()])
            recovery = dict(zip(elements, f["compliance/recovery"][()]))
            for symbol in ("Li", "Ni", "Co", "Mn"):
                products = element_flow(holder[symbol], symbol)
                self.assertAlmostEqual(recovery[symbol], products / element_flow("bm_to_leach", symbol), places=12)

    def test_lower_li_recycle_moves_li_margins_down(self):
        base, low = li_margins(self.base), li_margins(self.low)
        self.assertEqual(set(base), {"miit_2024", "eu_2023_1542_2027", "eu_2023_1542_2031"})
        for regulation in base:
            self.assertLess(low[regulation], base[regulation] - 1e-3, regulation)

    def test_price_override_moves_revenue_by_price_change_times_mass(self):
        # Revenue difference = (37000 - 20000) USD/t x Li2CO3 product per t of black mass.
        with h5py.File(self.base, "r") as f, h5py.File(self.cheap, "r") as g:
            sinks = as_text(f["products/sink"][()])
            li2co3 = f["products/compound_mass_flow"][()][sinks.index("li2co3_product")]
            feed = f["reagents"].attrs["feed_mass_flow_kg_per_s"]
            expected = (37000.0 - 20000.0) / 1000.0 * li2co3 / feed * 1000.0
            drop = f["economics"].attrs["revenue_usd_per_t"] - g["economics"].attrs["revenue_usd_per_t"]
            self.assertAlmostEqual(drop, expected, delta=1e-9 * expected)

    def test_report_from_results_and_from_flowsheet(self):
        for source in (self.low, FLAGSHIP):
            target = os.path.join(self.dir, os.path.basename(source) + ".html")
            result = hydrosim("report", source, "-o", target)
            self.assertEqual(result.returncode, 0, result.stderr)
            text = read(target)
            checker = Checker()
            checker.feed(text)
            self.assertEqual(checker.errors, [])
            self.assertEqual(checker.stack, [])
            for section in ("flowsheet", "recovery", "products", "compliance", "economics", "balance", "reagents"):
                self.assertIn(section, checker.ids)
            for fig in ("figure-recovery", "figure-distribution", "figure-economics"):
                match = re.search(rf'<figure id="{fig}">\s*(<svg.*?</svg>)', text, re.S)
                self.assertIsNotNone(match, fig)
                self.assertGreater(len(match.group(1)), 1500, fig)
                self.assertGreater(match.group(1).count("<rect"), 5, fig)
            if shutil.which("dot"):
                self.assertIn('id="figure-flowsheet"', text)
            self.assertNotIn("<link", text)  # self-contained: no external style sheets
            self.assertNotIn("src=\"http", text)
        # The report of the results file re-runs its stored overrides.
        text = read(os.path.join(self.dir, "low.h5.html"))
        self.assertIn("units.li_ml_split.fractions.bleed=0.7", text)

    def test_report_of_a_non_results_file_is_bad_input(self):
        bogus = os.path.join(self.dir, "bogus.h5")
        with open(bogus, "w") as f:
            f.write("not hdf5")
        result = hydrosim("report", bogus)
        self.assertEqual(result.returncode, 2)
        self.assertIn("not an HDF5 file", result.stderr)


class Graph(unittest.TestCase):
    def test_dot_lists_every_unit_and_stream(self):
        result = hydrosim("graph", FLAGSHIP)
        self.assertEqual(result.returncode, 0, result.stderr)
        dot = result.stdout
        self.assertTrue(dot.startswith("digraph "))
        self.assertEqual(dot.count("{"), dot.count("}"))
        edges = re.findall(r'^\s*"([^"]+)" -> "([^"]+)"', dot, re.M)
        streams = re.findall(r"^  (\w+):\s+\{from: (\w+)\.\w+, to: (\w+)\.\w+\}", read(FLAGSHIP), re.M)
        self.assertEqual(sorted(edges), sorted((a, b) for _, a, b in streams))
        nodes = set(re.findall(r'^\s*"([^"]+)" \[label=', dot, re.M))
        self.assertEqual(nodes, {a for _, a, _ in streams} | {b for _, _, b in streams})

    @unittest.skipUnless(shutil.which("dot"), "Graphviz dot not installed")
    def test_dot_accepts_the_graph(self):
        directory = tempfile.mkdtemp(prefix="hydrosim-graph-")
        target = os.path.join(directory, "plant.dot")
        result = hydrosim("graph", FLAGSHIP, "--flows", "-o", target, "--svg")
        self.assertEqual(result.returncode, 0, result.stderr)
        check = subprocess.run(["dot", "-Tsvg", target], capture_output=True, text=True)
        self.assertEqual(check.returncode, 0, check.stderr)
        svg = read(os.path.join(directory, "plant.svg"))
        self.assertIn("<svg", svg)
        self.assertIn("kg/h", svg)
        shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0]])
