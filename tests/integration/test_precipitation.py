#!/usr/bin/env python3
"""End-to-end test of the precipitation/effluent example: the CLI tables of
residues per tonne, the water/sulfate balance and the discharge check, against
the /residues, /water_sulfate and /discharge groups of the HDF5 file written
by the same run, plus conservation laws (sulfate in = out; element closure).

Usage: test_precipitation.py HYDROSIM_EXECUTABLE SOURCE_DIR
"""
import os
import re
import subprocess
import sys
import tempfile
import unittest

import h5py
import numpy as np

HYDROSIM = sys.argv[1] if len(sys.argv) > 1 else "hydrosim"
SOURCE = sys.argv[2] if len(sys.argv) > 2 else "."
FLOWSHEET = os.path.join(SOURCE, "flowsheets", "effluent_and_li2co3.yaml")


def as_text(values):
    return [v.decode() if isinstance(v, bytes) else str(v) for v in values]


class EffluentExample(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="hydrosim-precip-")
        cls.output = os.path.join(cls.dir, "effluent.h5")
        cls.result = subprocess.run([HYDROSIM, "run", FLOWSHEET, "-o", cls.output], capture_output=True, text=True,
                                 timeout=300)

    def test_run_succeeds(self):
        self.assertEqual(self.result.returncode, 0, self.result.stderr + self.result.stdout)

    def test_residue_table_matches_the_file(self):
        stdout = self.result.stdout
        self.assertIn("Residues and effluents per tonne of black_mass", stdout)
        printed = {}
        for line in stdout.splitlines():
            match = re.match(r"^(\w+)\s+(residue|effluent|off-gas)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)", line)
            if match:
                printed[match.group(1)] = (float(match.group(3)), float(match.group(4)))
        with h5py.File(self.output, "r") as f:
            group = f["residues"]
            sinks = as_text(group["sink"][:])
            wet = group["per_tonne_wet"][:]
            dry = group["per_tonne_dry"][:]
            basis = group.attrs["basis_mass_flow_kg_per_s"]
            mass = group["mass_flow"][:]
            self.assertEqual(group["per_tonne_wet"].attrs["units"].decode() if isinstance(
                group["per_tonne_wet"].attrs["units"], bytes) else group["per_tonne_wet"].attrs["units"], "kg/t")
        self.assertEqual(set(printed), set(sinks))
        for sink, w, d, m in zip(sinks, wet, dry, mass):
            # The per-tonne figure is the sink's mass flow over the basis feed (1 t/h of black mass).
            self.assertAlmostEqual(w, m / basis * 1000.0, delta=1e-9 * max(w, 1.0))
            # Printed with 6 significant digits.
            self.assertAlmostEqual(printed[sink][0], w, delta=1e-5 * max(w, 1.0))
            self.assertAlmostEqual(printed[sink][1], d, delta=1e-5 * max(d, 1.0))
        self.assertIn("fe_al_cake", sinks)
        self.assertIn("treated_water", sinks)

    def test_fe_al_cake_is_flagged_for_nickel(self):
        # The cake carries the cited 4.5 % Ni co-precipitation: far above the 0.1 wt% HP7 threshold.
        with h5py.File(self.output, "r") as f:
            sinks = as_text(f["residues/sink"][:])
            flags = as_text(f["residues/flags"][:])
        self.assertIn("Ni", flags[sinks.index("fe_al_cake")])
        self.assertIn("classification flag: Ni", self.result.stdout)

    def test_sulfate_balance_closes_and_water_is_reported(self):
        with h5py.File(self.output, "r") as f:
            group = f["water_sulfate"]
            sulfate_in = group.attrs["sulfate_in_kg_per_s"]
            sulfate_out = group.attrs["sulfate_out_kg_per_s"]
            directions = as_text(group["direction"][:])
            sulfate = group["sulfate"][:]
        # Sulfur is conserved (no S in gases here): in = out to rounding.
        self.assertLess(abs(sulfate_in - sulfate_out), 1e-9 * sulfate_in)
        self.assertAlmostEqual(sulfate[[d == "in" for d in directions]].sum(), sulfate_in, delta=1e-12 * sulfate_in)
        self.assertIn("Water and sulfate", self.result.stdout)

    def test_discharge_check_in_output_and_file(self):
        self.assertIn("Discharge check 'discharge_check' against GB8978-1996-table2-grade1", self.result.stdout)
        with h5py.File(self.output, "r") as f:
            node = f["discharge/discharge_check"]
            elements = as_text(node["element"][:])
            concentration = node["concentration"][:]
            limit = node["limit"][:]
            passed = node["pass"][:]
            ph = node.attrs["ph"]
            overall = node.attrs["pass"]
        for c, l, p in zip(concentration, limit, passed):
            self.assertEqual(bool(p), c <= l)
        # The crystalliser bleed concentrates the fluoride left after lime (CaF2 solubility) above
        # the 10 mg/L of GB 8978-1996, so the check fails on F.
        f_row = elements.index("F")
        self.assertGreater(concentration[f_row], limit[f_row])
        self.assertEqual(overall, 0)
        self.assertTrue(np.isnan(ph) or 6.0 <= ph <= 9.0)
        self.assertIn("Ni", elements)

    def test_element_balance_and_solver_statistics(self):
        with h5py.File(self.output, "r") as f:
            self.assertLessEqual(f["balances"].attrs["max_closure"], 1e-9)
            self.assertLessEqual(f["balances"].attrs["charge_closure"], 1e-9)
            solver = f["units/sulfate_crystallizer/solver/CVODE BDF"]
            self.assertGreater(solver.attrs["steps"], 0)
            profile = f["units/sulfate_crystallizer/profiles/startup"]
            self.assertIn("time", profile)
            self.assertEqual(profile["mu3"].shape, profile["time"].shape)
            reagents = as_text(f["reagents/unit"][:])
        self.assertIn("iron_removal:NaOH", reagents)
        self.assertIn("li_carbonate:Na2CO3", reagents)

    def test_internal_doses_are_costed(self):
        # Reagents dosed inside a unit are priced like a ReagentFeed's (NaOH at the deck's price).
        with h5py.File(self.output, "r") as f:
            items = as_text(f["economics/item"][:])
            priced_as = as_text(f["economics/priced_as"][:])
            usd = f["economics/usd_per_t"][:]
            quantity = f["economics/quantity_per_t"][:]
            reagent_mass = dict(zip(as_text(f["reagents/unit"][:]), f["reagents/per_feed_mass"][:]))
        row = items.index("iron_removal:NaOH")
        self.assertEqual(priced_as[row], "NaOH")
        self.assertLess(usd[row], 0.0)
        # kg of NaOH per t of black mass equals the reagent table's kg/kg x 1000.
        self.assertAlmostEqual(quantity[row], reagent_mass["iron_removal:NaOH"] * 1000.0,
                               delta=1e-9 * quantity[row])


class BadInput(unittest.TestCase):
    def test_unreachable_ph_exits_2_with_the_ph_reached(self):
        output = os.path.join(tempfile.mkdtemp(prefix="hydrosim-precip-bad-"), "bad.h5")
        run = subprocess.run([HYDROSIM, "run", FLOWSHEET, "-o", output, "--set",
                              "units.iron_removal.max_dose=0.5 mol/kg"], capture_output=True, text=True, timeout=300)
        self.assertEqual(run.returncode, 2, run.stderr)
        self.assertIn("unit 'iron_removal'", run.stderr)
        self.assertIn("cannot be reached with NaOH", run.stderr)
        self.assertIn("at the maximum dose of 0.5 mol/kg", run.stderr)
        self.assertFalse(os.path.exists(output))

    def test_negative_dose_exits_2_naming_the_key(self):
        run = subprocess.run([HYDROSIM, "run", FLOWSHEET, "--no-output", "--set",
                              "units.li_carbonate.dose_ratio.ratio=-1"], capture_output=True, text=True, timeout=300)
        self.assertEqual(run.returncode, 2)
        self.assertIn("units.li_carbonate.dose_ratio.ratio", run.stderr)


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0]], verbosity=2)
