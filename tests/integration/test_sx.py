#!/usr/bin/env python3
"""End-to-end test of the solvent-extraction flowsheet: CLI run, HDF5 content
(stage profiles, McCabe-Thiele data, solver statistics), conservation across
every section, and the plot script.

Usage: test_sx.py HYDROSIM_EXECUTABLE SOURCE_DIR
"""
import os
import subprocess
import sys
import tempfile
import unittest

import h5py
import numpy as np

HYDROSIM = sys.argv[1] if len(sys.argv) > 1 else "hydrosim"
SOURCE = sys.argv[2] if len(sys.argv) > 2 else "."
FLOWSHEET = os.path.join(SOURCE, "flowsheets", "sx_p204_p507.yaml")
SECTIONS = ["p204_extract", "p204_strip", "p507_extract", "p507_scrub", "p507_strip"]


def hydrosim(*args):
    return subprocess.run([HYDROSIM, *args], capture_output=True, text=True, timeout=300)


class SolventExtractionFlowsheet(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="hydrosim-sx-")
        cls.out = os.path.join(cls.dir, "sx.h5")
        cls.result = hydrosim("run", FLOWSHEET, "-o", cls.out)

    def test_run_succeeds_and_closes_the_plant_balance(self):
        self.assertEqual(self.result.returncode, 0, self.result.stderr)
        with h5py.File(self.out, "r") as f:
            closure = f["balances/closure"][()]
            # Conservation law: every element in = out, to the recycle tolerance (1e-12).
            self.assertLessEqual(np.max(np.abs(closure)), 1e-9)

    def test_every_section_writes_stage_profiles_and_mccabe_thiele_data(self):
        with h5py.File(self.out, "r") as f:
            for name in SECTIONS:
                unit = f["units"][name]
                stages = unit["profiles/stages"]
                n = int(unit["stages"][()])
                self.assertEqual(stages["stage"].shape, (n,))
                self.assertEqual(stages["pH"].attrs["units"], "1")
                for metal in ("Co", "Ni"):
                    self.assertEqual(stages[metal + " aqueous"].shape, (n,))
                    self.assertEqual(stages[metal + " organic"].attrs["units"], "mol/m3")
                    diagram = unit["profiles/mccabe_thiele_" + metal]
                    self.assertEqual(diagram["operating aqueous"].shape, (n + 1,))
                    self.assertEqual(diagram["isotherm organic"].shape, (n + 1,))
                solver = unit["solver/KINSOL"]
                self.assertGreater(solver.attrs["nonlinear_iterations"], 0)
                self.assertLessEqual(solver.attrs["final_residual_norm"], 1e-10)

    def test_operating_line_satisfies_the_section_balance(self):
        # Conservation between passing streams: A (x_0 - x_j) = O (y_1 - y_(j+1)) for
        # every j of an extraction section whose aqueous volume is constant up to
        # the alkali stage (stages before it); p204_extract has no entrainment,
        # which would change the passing flows.
        with h5py.File(self.out, "r") as f:
            unit = f["units/p204_extract"]
            oa = unit["organic to aqueous ratio"][()]
            diagram = unit["profiles/mccabe_thiele_Mn"]
            x = diagram["operating aqueous"][()]
            y = diagram["operating organic"][()]
            for j in range(1, len(x) - 1):
                self.assertAlmostEqual((x[0] - x[j]) / (oa * (y[0] - y[j])), 1.0, places=8)

    def test_p204_takes_manganese_and_p507_takes_cobalt(self):
        with h5py.File(self.out, "r") as f:
            self.assertGreater(f["units/p204_extract/Mn to organic"][()], 0.99)
            self.assertLess(f["units/p204_extract/Ni to organic"][()], 0.01)
            self.assertGreater(f["units/p507_extract/Co to organic"][()], 10 * f["units/p507_extract/Ni to organic"][()])

    def test_plot_script_draws_profiles_and_mccabe_thiele(self):
        png = os.path.join(self.dir, "sx.png")
        script = os.path.join(SOURCE, "tools", "plot_sx.py")
        done = subprocess.run(["/usr/bin/python3", script, self.out, "--unit", "p507_extract", "--metal", "Co", "-o", png],
                              capture_output=True, text=True, timeout=120)
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertGreater(os.path.getsize(png), 10000)

    def test_bad_sx_input_exits_2_with_the_key(self):
        result = hydrosim("run", FLOWSHEET, "--no-output", "--set", "units.p507_extract.stages=0")
        self.assertEqual(result.returncode, 2)
        self.assertIn("units.p507_extract.stages", result.stderr)
        self.assertIn("at least one stage", result.stderr)


KREMSER = """flowsheet:
  name: design-kremser-cli
  thermo: [species.yaml, aqueous-equilibria.yaml, extractants.yaml]
units:
  liquor: {type: Feed, species: {H2O: "1 t/h", Co+2: "0.1 kmol/h", SO4-2: "0.1 kmol/h"}}
  solvent: {type: Feed, species: {"(HA)2[PC88A]": "0.25 kmol/h", "C12H26(org)": "3.7968 kmol/h"}}
  sx: {type: SolventExtraction, extractant: P507, stages: 1, distribution_ratios: {Co+2: 2.0}}
  raffinate_sink: {type: Sink, kind: product}
  loaded_sink: {type: Sink, kind: product}
streams:
  aq: {from: liquor.out, to: sx.aqueous_in}
  org: {from: solvent.out, to: sx.organic_in}
  raffinate: {from: sx.raffinate, to: raffinate_sink.in}
  loaded: {from: sx.loaded, to: loaded_sink.in}
"""


class DesignCommand(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="hydrosim-design-")
        self.flowsheet = os.path.join(self.dir, "kremser.yaml")
        with open(self.flowsheet, "w") as f:
            f.write(KREMSER)

    def test_stage_design_prints_the_kremser_answer_and_sensitivity(self):
        # E = D O/A ~ 2 (O = 1 m3/h, A = 1.003 m3/h); raffinate fraction (E-1)/(E^(N+1)-1);
        # feed 5.876 g/L Co: N = 5 gives 94 mg/L, N = 6 gives 47 mg/L < 50 mg/L.
        result = hydrosim("sx-design", self.flowsheet, "--target", "Co in raffinate < 50 mg/L",
                          "--vary", "units.sx.stages", "--range", "1", "10", "--integer")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("Answer: units.sx.stages = 6", result.stdout)
        self.assertIn("Sensitivity:", result.stdout)

    def test_infeasible_target_exits_1_with_a_message(self):
        result = hydrosim("design", self.flowsheet, "--target", "Co in raffinate < 1e-6 mg/L",
                          "--vary", "units.sx.stages", "--range", "1", "3", "--integer")
        self.assertEqual(result.returncode, 1)
        self.assertIn("No design found", result.stdout)

    def test_bad_design_request_exits_2(self):
        result = hydrosim("design", self.flowsheet, "--target", "cobalt below 5",
                          "--vary", "units.sx.stages", "--range", "1", "3")
        self.assertEqual(result.returncode, 2)
        self.assertIn("expected '<El> in <stream>", result.stderr)


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0]], verbosity=2)
