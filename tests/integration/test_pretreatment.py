#!/usr/bin/env python3
"""End-to-end test of the pretreatment flowsheet: CLI run, then the HDF5 file.

Usage: test_pretreatment.py HYDROSIM_EXECUTABLE SOURCE_DIR
Checks by conservation laws, not by the program's own numbers: every element
closes, each separator's products add up to its feed class by class, the
shredder keeps the solids' mass, the PSD datasets are labelled, CVODE's counters
are stored, bad input exits with code 2, and the plot script draws a PNG.
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
FLOWSHEET = os.path.join(SOURCE, "flowsheets", "pretreatment_nmc.yaml")

# (feed stream, product streams) of each two-outlet unit.
SPLITS = {
    "magnet": ("MagneticSeparator", "shredded", ["magnetics", "nonmagnetics"]),
    "eddy_current": ("EddyCurrentSeparator", "nonmagnetics", ["nonferrous", "nonmetallic"]),
    "air_classifier": ("AirClassifier", "nonmetallic", ["light", "heavy"]),
    "screen": ("Screen", "heavy", ["oversize", "undersize"]),
}


def hydrosim(*args):
    return subprocess.run([HYDROSIM, *args], capture_output=True, text=True, timeout=300)


def text(values):
    return [v.decode() if isinstance(v, bytes) else str(v) for v in values]


class PretreatmentRun(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="hydrosim-pt-")
        cls.out = os.path.join(cls.dir, "pretreatment.h5")
        cls.result = hydrosim("run", FLOWSHEET, "-o", cls.out)

    def test_run_succeeds_and_balances_close(self):
        self.assertEqual(self.result.returncode, 0, self.result.stderr)
        with h5py.File(self.out, "r") as f:
            self.assertLessEqual(np.max(np.abs(f["balances/closure"][()])), 1e-9)
            fraction = f["recovery/fraction"][()]
            np.testing.assert_allclose(fraction.sum(axis=1), 1.0, rtol=0, atol=1e-12)

    def test_every_stream_has_a_labelled_psd(self):
        with h5py.File(self.out, "r") as f:
            for name in f["streams"]:
                stream = f["streams"][name]
                self.assertIn("psd", stream, name)
                size = stream["psd/size"][()]
                solids = stream["psd/solid_mass"][()]
                self.assertEqual(stream["psd/size"].attrs["units"], "m")
                self.assertEqual(stream["psd/solid_mass"].attrs["units"], "kg/s")
                self.assertTrue(np.all(np.diff(size) < 0), f"{name}: sizes not coarsest first")
                self.assertEqual(stream["psd/solid_mass"].dims[0][0].name, f"/streams/{name}/psd/size")
                # The classes hold all of the stream's solids.
                phase = text(stream["phase"][()])
                solid_total = sum(m for m, p in zip(stream["mass"][()], phase) if p == "solid")
                self.assertAlmostEqual(solids.sum(), solid_total, delta=1e-12 * max(solid_total, 1e-30))

    def test_separators_conserve_mass_in_every_size_class(self):
        with h5py.File(self.out, "r") as f:
            for unit, (unit_type, feed, products) in SPLITS.items():
                fed = f[f"streams/{feed}/psd/solid_mass"][()]
                out = sum(f[f"streams/{p}/psd/solid_mass"][()] for p in products)
                np.testing.assert_allclose(out, fed, rtol=1e-12, atol=1e-18, err_msg=unit)
                # The unit's own profile says the same.
                profile = f[f"units/{unit}/profiles/psd"]
                np.testing.assert_allclose(profile["feed"][()], fed, rtol=1e-12, atol=1e-18)
                self.assertEqual(profile["feed"].dims[0][0].name, f"/units/{unit}/profiles/psd/size")
                self.assertEqual(text([f[f"units/{unit}"].attrs["type"]])[0], unit_type)
                self.assertEqual(text([f[f"units/{unit}"].attrs["role"]])[0], "process")
                # Component splits: one value per species of the feed, within [0, 1].
                first = products[0]
                for name in text(f[f"streams/{feed}/species"][()]):
                    split = f[f"units/{unit}/{name} to {first}"][()]
                    self.assertTrue(0.0 <= split <= 1.0, f"{unit}: {name} to {first} = {split}")

    def test_shredder_moves_mass_to_finer_classes_and_stores_cvode_counters(self):
        with h5py.File(self.out, "r") as f:
            fed = f["streams/shredder_feed/psd/solid_mass"][()]
            out = f["streams/shredded/psd/solid_mass"][()]
            self.assertAlmostEqual(out.sum(), fed.sum(), delta=1e-12 * fed.sum())
            size = f["streams/shredded/psd/size"][()]

            def p80(mass):
                passing = np.cumsum(mass[::-1])[::-1] / mass.sum()
                return size[np.argmax(passing < 0.8) - 1] if np.any(passing < 0.8) else size[-1]

            self.assertLess(p80(out), p80(fed))
            unit = f["units/shredder"]
            self.assertEqual(text([unit.attrs["type"]])[0], "Shredder")
            self.assertLessEqual(unit["size-class mass error"][()], 1e-12)
            counters = unit["solver/CVODE BDF"].attrs
            for key in ("steps", "rhs_evaluations", "jacobian_evaluations", "error_test_failures",
                        "nonlinear_convergence_failures"):
                self.assertIn(key, counters)
            self.assertGreater(counters["steps"], 0)
            self.assertGreater(counters["jacobian_evaluations"], 0)
            liberated = unit["NMC622 liberated from Al"][()]
            self.assertGreater(liberated, 0.0)
            self.assertLessEqual(liberated, 1.0)
            self.assertIn("time", unit["profiles/grinding"])

    def test_black_mass_figures_are_reported(self):
        # Report only (compliance tables are another tool's job): Ni stands for the
        # cathode, since no other species of this feed contains Ni.
        with h5py.File(self.out, "r") as f:
            elements = text(f["recovery/element"][()])
            sinks = text(f["recovery/sink"][()])
            ni = f["recovery/fraction"][()][elements.index("Ni"), sinks.index("black_mass")]
            self.assertGreater(ni, 0.5)
            screen = f["units/screen"]
            al = screen["undersize mass fraction Al"][()]
            cu = screen["undersize mass fraction Cu"][()]
            self.assertTrue(0.0 <= al < 1.0 and 0.0 <= cu < 1.0)
            print(f"\nblack mass: NMC622 recovery {100 * ni:.2f} %, Al {100 * al:.2f} wt%, Cu {100 * cu:.2f} wt% "
                  "(MIIT 2024: >= 98 %, < 1.5 %, < 1.5 %)", file=sys.stderr)

    def test_plot_script_draws_the_psds(self):
        png = os.path.join(self.dir, "psd.png")
        script = os.path.join(SOURCE, "tools", "plot_psd.py")
        result = subprocess.run(["/usr/bin/python3", script, self.out, "-o", png, "--unit", "shredder"],
                                capture_output=True, text=True)
        self.assertEqual(result.returncode, 0, result.stderr)
        with open(png, "rb") as image:
            self.assertEqual(image.read(8), b"\x89PNG\r\n\x1a\n")


class PretreatmentBadInput(unittest.TestCase):
    def run_with(self, setting):
        out = os.path.join(tempfile.mkdtemp(prefix="hydrosim-pt-bad-"), "bad.h5")
        result = hydrosim("run", FLOWSHEET, "-o", out, "--set", setting)
        self.assertFalse(os.path.exists(out))
        return result

    def test_bad_values_exit_2_with_the_key(self):
        cases = {
            "units.screen.d50=0 mm": "--set units.screen.d50=0 mm: the cut size d50 must be positive",
            "units.magnet.recovery.species.Fe=1.5": "1.5 is outside the allowed range [0, 1]",
            "units.cells.composition.Al=20 wt%": "the composition adds up to 111 wt%, not 100 wt%",
            'units.cells.psd.classes=["1 mm", "2 mm"]': "size classes must be strictly decreasing",
            "units.shredder.residence_time=-5 s": "--set units.shredder.residence_time=-5 s: must be positive",
        }
        for setting, message in cases.items():
            with self.subTest(setting=setting):
                result = self.run_with(setting)
                self.assertEqual(result.returncode, 2, result.stderr)
                self.assertIn(message, result.stderr)


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0]])
