#!/usr/bin/env python3
"""The LCO, LFP and NMC-precursor plants run end to end from the CLI.

Usage: test_plants_cli.py HYDROSIM_EXECUTABLE SOURCE_DIR
For each plant: `hydrosim run` exits 0, the recycles converge, the results file
closes every element to 1e-9 and its recovery rows sum to one (conservation),
the printed recovery table equals the file, and a --set on the command line moves
the lithium recovery the way the recycle arithmetic says.
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
PLANTS = {
    "lco_oxalate_route.yaml": ["co_oxalate_product", "li2co3_product"],
    "lfp_selective_leach.yaml": ["fepo4_residue", "li2co3_product"],
    "nmc_precursor_route.yaml": ["precursor_product", "li2co3_product"],
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
