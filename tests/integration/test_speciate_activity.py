#!/usr/bin/env python3
"""End-to-end test of `hydrosim speciate` with the SIT activity model.

Usage: test_speciate_activity.py HYDROSIM_EXECUTABLE SOURCE_DIR
Runs the CLI on tests/data/solutions/nacl_3m_sit.yaml and checks the JSON
against Robinson & Stokes (1959), Electrolyte Solutions, App. 8.10:
gamma+-(NaCl, 3 mol/kg, 25 C) = 0.714. Tolerance 9 %: the NEA-TDB uncertainty
of eps(Na+,Cl-) = 0.03 +- 0.01 kg/mol moves log gamma+- by 0.03 at 3 mol/kg,
plus 0.01 for the Debye-Hueckel term (10**0.04 - 1 = 9.6 %).
"""
import json
import math
import os
import subprocess
import sys
import tempfile
import unittest

HYDROSIM = sys.argv[1] if len(sys.argv) > 1 else "hydrosim"
SOURCE = sys.argv[2] if len(sys.argv) > 2 else "."
NACL = os.path.join(SOURCE, "tests", "data", "solutions", "nacl_3m_sit.yaml")


def hydrosim(*args):
    return subprocess.run([HYDROSIM, *args], capture_output=True, text=True, timeout=120)


class SpeciateActivityModel(unittest.TestCase):
    def test_sit_nacl_mean_activity_coefficient(self):
        run = hydrosim("speciate", NACL, "--json")
        self.assertEqual(run.returncode, 0, run.stderr)
        result = json.loads(run.stdout)
        self.assertTrue(result["converged"])
        self.assertEqual(result["activity_model"], "sit")
        species = {s["name"]: s for s in result["species"]}
        gamma = math.sqrt(species["Na+"]["activity"] * species["Cl-"]["activity"]) / 3.0
        self.assertLess(abs(gamma - 0.714) / 0.714, 10 ** 0.04 - 1)
        # Conservation: the species add up to the totals (1e-10 relative).
        self.assertLess(abs(species["Na+"]["molality"] - 3.0), 3e-10)
        self.assertEqual(result["warnings"], [])  # I = 3 is inside SIT's range

    def test_pitzer_na2so4_mean_activity_coefficient_and_water_activity(self):
        # activity_model: pitzer from the CLI: 1 mol/kg Na2SO4 at 25 C against
        # Robinson & Stokes (1959) App. 8.10, gamma+- = 0.204 and phi = 0.646
        # (as transcribed in tests/unit/test_pitzer.cpp; 3 % and 0.1 % of a_w).
        with tempfile.TemporaryDirectory() as scratch:
            path = os.path.join(scratch, "na2so4.yaml")
            with open(path, "w") as f:
                f.write('temperature: "25 degC"\nactivity_model: pitzer\ntotals:\n  Na: "2 mol/kg"\n  S: "1 mol/kg"\n')
            run = hydrosim("speciate", path, "--json")
            self.assertEqual(run.returncode, 0, run.stderr)
            result = json.loads(run.stdout)
            self.assertTrue(result["converged"])
            self.assertEqual(result["activity_model"], "pitzer")
            species = {s["name"]: s for s in result["species"]}
            gamma = (species["Na+"]["activity"] ** 2 * species["SO4-2"]["activity"] / 4.0) ** (1.0 / 3.0)
            self.assertLess(abs(gamma - 0.204) / 0.204, 0.03)
            a_w = math.exp(-0.01801528 * 3.0 * 0.646)
            self.assertLess(abs(result["water_activity"] - a_w) / a_w, 1e-3)
            # Conservation: no NaSO4- ion pair in a Pitzer speciation, so the free
            # ions carry the totals (1e-10 relative).
            self.assertNotIn("NaSO4-", species)
            self.assertLess(abs(species["Na+"]["molality"] - 2.0), 2e-10)

    def test_unknown_activity_model_names_the_choices(self):
        with tempfile.TemporaryDirectory() as scratch:
            path = os.path.join(scratch, "bad.yaml")
            with open(path, "w") as f:
                f.write('temperature: "25 degC"\nactivity_model: truesdell-jones\ntotals:\n  Na: "1 mol/kg"\n  Cl: "1 mol/kg"\n')
            run = hydrosim("speciate", path)
            self.assertEqual(run.returncode, 2)
            self.assertIn("bad.yaml:2:17", run.stderr)
            self.assertIn("'truesdell-jones' is not one of: davies, b-dot, sit, pitzer", run.stderr)


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0]])
