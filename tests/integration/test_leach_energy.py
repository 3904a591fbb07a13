#!/usr/bin/env python3
"""End-to-end test of the leach energy balance: the adiabatic foil-leach
example runs from the CLI, its temperature profile vs tank is in the HDF5
file, the first law closes from the stored values, and a cathode oxide
without a sourced enthalpy of formation is refused with exit code 2.

Usage: test_leach_energy.py HYDROSIM_EXECUTABLE SOURCE_DIR
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
FOIL = os.path.join(SOURCE, "flowsheets", "leach_foil_adiabatic.yaml")
TRAIN = os.path.join(SOURCE, "flowsheets", "leach_cstr_train.yaml")
PLOT = os.path.join(SOURCE, "tools", "plot_leach.py")


def hydrosim(*args):
    return subprocess.run([HYDROSIM, *args], capture_output=True, text=True, timeout=120)


class AdiabaticFoilLeach(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="hydrosim-leach-energy-")
        cls.out = os.path.join(cls.dir, "foil.h5")
        result = hydrosim("run", FOIL, "-o", cls.out, "-q")
        assert result.returncode == 0, result.stderr

    def test_temperature_profile_vs_tank(self):
        with h5py.File(self.out) as f:
            tanks = f["units/leach/profiles/tanks"]
            temperature = tanks["temperature"][()]
            self.assertEqual(tanks["temperature"].attrs["units"], "K")
            self.assertEqual(len(temperature), 3)
            # Exothermic dissolution with no cooling: warmer tank by tank, from 25 degC.
            self.assertTrue(np.all(np.diff(temperature) > 0))
            self.assertGreater(temperature[0], 298.15)
            released = tanks["heat released"][()]
            self.assertTrue(np.all(np.diff(released) > 0))
            self.assertAlmostEqual(f["units/leach/temperature"][()], temperature[-1], delta=1e-9)

    def test_first_law_from_the_stored_values(self):
        # Adiabatic: H_out = H_in, and the rise is the heat released over the
        # outlet heat capacity (inlet at the 298.15 K reference), to rounding.
        with h5py.File(self.out) as f:
            leach = f["units/leach"]
            h_in = leach["enthalpy_in"][()]
            h_out = leach["enthalpy_out"][()]
            released = leach["heat_released"][()]
            self.assertEqual(leach["heat_added"][()], 0.0)
            self.assertLessEqual(abs(h_out - h_in), 1e-9 * abs(released))
            self.assertAlmostEqual(leach["inlet_temperature"][()], 298.15, delta=1e-9)
            rise = released / leach["heat_capacity_out"][()]
            self.assertAlmostEqual(leach["temperature"][()] - 298.15, rise, delta=1e-9 * rise)

    def test_plot_has_a_temperature_panel(self):
        png = os.path.join(self.dir, "foil.png")
        result = subprocess.run(["/usr/bin/python3", PLOT, self.out, "leach", "-o", png], capture_output=True,
                                text=True, timeout=120)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertGreater(os.path.getsize(png), 1000)

    def test_cathode_oxide_without_enthalpy_is_refused(self):
        # The NMC622 train with an energy balance: no sourced dH_f for NMC622.
        result = hydrosim("run", TRAIN, "--no-output", "-q", "--set",
                          "units.leach.energy_balance.mode=adiabatic", "--set",
                          "flowsheet.thermo=[species.yaml, aqueous-equilibria.yaml, leaching-kinetics.yaml, "
                          "leach-enthalpies.yaml]")
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertIn("no standard enthalpy of formation (dH_f) for NMC622", result.stderr)
        self.assertIn("leach-enthalpies.yaml", result.stderr)


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1])
