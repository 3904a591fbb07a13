#!/usr/bin/env python3
"""End-to-end tests of the leach examples: CLI runs, HDF5 profiles, PSD,
solver statistics, balances, the plot tool, and clear errors for bad input.

Usage: test_leach.py HYDROSIM_EXECUTABLE SOURCE_DIR
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
BATCH = os.path.join(SOURCE, "flowsheets", "leach_nmc_batch.yaml")
TRAIN = os.path.join(SOURCE, "flowsheets", "leach_cstr_train.yaml")
BLACK_MASS = os.path.join(SOURCE, "flowsheets", "black_mass_leach_train.yaml")
METABISULFITE = os.path.join(SOURCE, "flowsheets", "leach_nmc_metabisulfite_batch.yaml")
PLOT = os.path.join(SOURCE, "tools", "plot_leach.py")


def hydrosim(*args):
    return subprocess.run([HYDROSIM, *args], capture_output=True, text=True, timeout=120)


class BatchLeach(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="hydrosim-leach-")
        cls.out = os.path.join(cls.dir, "batch.h5")
        result = hydrosim("run", BATCH, "-o", cls.out, "-q")
        assert result.returncode == 0, result.stderr

    def test_profiles_vs_time(self):
        with h5py.File(self.out) as f:
            batch = f["units/leach/profiles/batch"]
            time = batch["time"][()]
            self.assertEqual(batch["time"].attrs["units"], "s")
            self.assertEqual(time[0], 0.0)
            self.assertAlmostEqual(time[-1], 7200.0)
            x = batch["NMC622 conversion"][()]
            self.assertEqual(len(x), len(time))
            self.assertTrue(np.all(np.diff(x) >= -1e-12), "conversion must not fall in a batch")
            self.assertTrue(0.0 <= x[-1] <= 1.0)
            for element in ("Li", "Ni", "Co", "Mn"):
                np.testing.assert_allclose(batch[f"{element} extraction"][()], x, rtol=1e-9, atol=1e-12)
            ph = batch["pH"][()]
            self.assertTrue(np.all(np.isfinite(ph)))
            self.assertTrue(np.all(np.diff(ph) > 0), "acid is consumed, so the pH rises")
            acid = batch["H+ concentration"][()]
            self.assertEqual(batch["H+ concentration"].attrs["units"], "mol/m3")
            # 3 H+ per NMC622 (thermo-data/leaching-kinetics.yaml): the free acid
            # falls by exactly 3 x the NMC dissolved, per the same liquor volume
            # up to the reaction water (within 5 %).
            self.assertLess(acid[-1], acid[0])

    def test_size_classes_leach_on_their_own(self):
        with h5py.File(self.out) as f:
            batch = f["units/leach/profiles/batch"]
            coarse = batch["NMC622 conversion in the 40 um class"][()]
            fine = batch["NMC622 conversion in the 5 um class"][()]
            # tau ~ R0 (Levenspiel eq. 25.22): fines convert faster at every time.
            self.assertTrue(np.all(fine[1:] > coarse[1:]))
            # The overall conversion is the mass-weighted mean of the classes.
            weights = [0.2, 0.4, 0.3, 0.1]
            names = ["40 um", "20 um", "10 um", "5 um"]
            mean = sum(w * batch[f"NMC622 conversion in the {n} class"][()] for w, n in zip(weights, names))
            np.testing.assert_allclose(batch["NMC622 conversion"][()], mean, rtol=1e-12, atol=1e-15)

    def test_solver_statistics(self):
        with h5py.File(self.out) as f:
            stats = f["units/leach/solver/CVODE BDF"].attrs
            self.assertGreater(stats["steps"], 0)
            self.assertGreater(stats["jacobian_evaluations"], 0)
            self.assertIn("error_test_failures", stats)
            self.assertIn("nonlinear_convergence_failures", stats)

    def test_size_distribution(self):
        with h5py.File(self.out) as f:
            psd = f["units/leach/profiles/psd"]
            np.testing.assert_allclose(psd["size"][()], [40e-6, 20e-6, 10e-6, 5e-6])
            feed = psd["feed solids"][()]
            residue = psd["residue solids"][()]
            self.assertLess(residue.sum(), feed.sum())
            self.assertIn("psd", f["streams/slurry"])

    def test_balances_close(self):
        with h5py.File(self.out) as f:
            self.assertLessEqual(f["balances"].attrs["max_closure"], 1e-9)
            self.assertLessEqual(f["balances"].attrs["charge_closure"], 1e-9)

    def test_filter_reports_soluble_losses(self):
        with h5py.File(self.out) as f:
            unit = f["units/filter"]
            loss = unit["soluble_loss[Li]"][()]
            self.assertGreater(loss, 0.0)
            self.assertLess(loss, unit["remaining_solute_fraction"][()] + 1e-12)

    def test_plot_tool_writes_a_figure(self):
        png = os.path.join(self.dir, "batch.png")
        result = subprocess.run(["/usr/bin/python3", PLOT, self.out, "leach", "-o", png], capture_output=True,
                                text=True, timeout=120, env={**os.environ, "MPLBACKEND": "Agg"})
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertGreater(os.path.getsize(png), 1000)


class TankTrain(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="hydrosim-leach-")
        cls.out = os.path.join(cls.dir, "train.h5")
        result = hydrosim("run", TRAIN, "-o", cls.out, "-q")
        assert result.returncode == 0, result.stderr

    def test_profiles_vs_tank(self):
        with h5py.File(self.out) as f:
            tanks = f["units/leach/profiles/tanks"]
            np.testing.assert_array_equal(tanks["tank"][()], [1, 2, 3, 4])
            x = tanks["NMC622 conversion"][()]
            self.assertTrue(np.all(np.diff(x) > 0), "conversion rises tank by tank")
            self.assertTrue(np.all(np.isfinite(tanks["pH"][()])))
            stats = f["units/leach/solver/KINSOL"].attrs
            self.assertEqual(stats["tanks"], 4)
            self.assertGreater(stats["iterations"], 0)
            self.assertLessEqual(f["balances"].attrs["max_closure"], 1e-9)

    def test_total_residence_time_is_split_over_tanks(self):
        with h5py.File(self.out) as f:
            self.assertAlmostEqual(f["units/leach/residence_time_per_tank"][()], 1800.0)


class BlackMassFeedIntoTheLeach(unittest.TestCase):
    def test_feed_size_distribution_is_carried_class_by_class(self):
        out = os.path.join(tempfile.mkdtemp(prefix="hydrosim-leach-"), "bm.h5")
        result = hydrosim("run", BLACK_MASS, "-o", out, "-q")
        self.assertEqual(result.returncode, 0, result.stderr)
        with h5py.File(out) as f:
            # The leach uses the size classes of the BlackMassFeed stream.
            np.testing.assert_allclose(f["units/leach/profiles/psd/size"][()], f["streams/solids_in/psd/size"][()])
            np.testing.assert_allclose(f["streams/slurry/psd/size"][()], f["streams/solids_in/psd/size"][()])
            residue = f["streams/slurry/psd/solid_mass"][()]
            feed = f["streams/solids_in/psd/solid_mass"][()]
            self.assertLess(residue.sum(), feed.sum())
            self.assertLessEqual(f["balances"].attrs["max_closure"], 1e-9)
            self.assertLessEqual(f["balances"].attrs["charge_closure"], 1e-9)


class MetabisulfiteReductant(unittest.TestCase):
    def test_nmc_reduced_by_metabisulfite_by_the_electron_balance(self):
        out = os.path.join(tempfile.mkdtemp(prefix="hydrosim-leach-"), "mbs.h5")
        result = hydrosim("run", METABISULFITE, "-o", out, "-q")
        self.assertEqual(result.returncode, 0, result.stderr)
        with h5py.File(out) as f:
            self.assertLessEqual(f["balances"].attrs["max_closure"], 1e-9)
            self.assertLessEqual(f["balances"].attrs["charge_closure"], 1e-9)
            batch = f["units/leach/profiles/batch"]
            x = batch["NMC622 conversion"][()]
            self.assertGreater(x[-1], 0.0)
            # NMC622 (mean metal state +3) takes 1 electron per formula and
            # S2O5-2 gives 4: the reductant falls by x * n(NMC) / 4. Per m3 of
            # liquor: 0.3 kmol S2O5-2 fed, 100 kg / 96.94 kg/kmol NMC622.
            # The reaction water (1.25 H2O per NMC622) dilutes the liquor by
            # about 2 %, hence the 3 % tolerance on concentrations.
            s2o5 = batch["S2O5-2 concentration"][()]
            self.assertEqual(batch["S2O5-2 concentration"].attrs["units"], "mol/m3")
            nmc = 100e3 / 96.93  # mol per m3 of liquor (983 kg water at 60 degC is 1.000 m3)
            self.assertAlmostEqual(s2o5[0], 300.0, delta=3.0)
            self.assertAlmostEqual((s2o5[0] - s2o5[-1]) / (x[-1] * nmc / 4.0), 1.0, delta=0.03)
            self.assertNotIn("H2O2(aq) concentration", batch)

    def test_unknown_reductant_is_an_input_error(self):
        result = hydrosim("run", METABISULFITE, "--no-output", "--set", "units.leach.reductant=NaHSO3")
        self.assertEqual(result.returncode, 2)
        self.assertIn("no reductant 'NaHSO3'", result.stderr)


class BadLeachInput(unittest.TestCase):
    def test_impossible_residence_time(self):
        result = hydrosim("run", TRAIN, "--no-output", "--set", "units.leach.residence_time=0 s")
        self.assertEqual(result.returncode, 2)
        self.assertIn("residence_time", result.stderr)
        self.assertIn("impossible", result.stderr)

    def test_solid_without_kinetics_is_named(self):
        result = hydrosim("run", TRAIN, "--no-output", "--set", "units.leach.inert=[]")
        self.assertEqual(result.returncode, 1)
        self.assertIn("no leaching kinetics for graphite", result.stderr)

    def test_no_acid(self):
        result = hydrosim("run", BATCH, "--no-output", "--set", "units.acid.species={H2O: \"983 kg/h\", H2O2(aq): \"0.6 kmol/h\"}")
        self.assertEqual(result.returncode, 1)
        self.assertIn("no free acid", result.stderr)


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1])
