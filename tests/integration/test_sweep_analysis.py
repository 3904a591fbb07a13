#!/usr/bin/env python3
"""Tests of tools/sweep_analysis.py on a Saltelli design written by hydrosim.

Usage: test_sweep_analysis.py HYDROSIM_EXECUTABLE SOURCE_DIR

The Sobol' indices are checked against the analytic indices of the Ishigami
function (Ishigami & Homma 1990; closed forms e.g. in Saltelli et al. 2008,
Global Sensitivity Analysis: The Primer, sec. 4.x, and Sobol' & Levitan 1999):
the design comes from `hydrosim sweep` (tests/data/sweeps/recycle_saltelli.yaml,
1024 base samples, 3 parameters) and the outputs are replaced by the Ishigami
function of the parameters mapped to [-pi, pi].
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

import h5py
import numpy as np

HYDROSIM = sys.argv[1] if len(sys.argv) > 1 else "hydrosim"
SOURCE = os.path.abspath(sys.argv[2] if len(sys.argv) > 2 else ".")
SPEC = os.path.join(SOURCE, "tests", "data", "sweeps", "recycle_saltelli.yaml")
TOOL = os.path.join(SOURCE, "tools", "sweep_analysis.py")
RANGES = np.array([[0.5, 0.95], [0.0, 0.9], [20.0, 90.0]])  # the spec's ranges
A, B = 7.0, 0.1


def ishigami(z):
    return np.sin(z[:, 0]) + A * np.sin(z[:, 1]) ** 2 + B * z[:, 2] ** 4 * np.sin(z[:, 0])


def analytic_indices():
    """Partial variances of the Ishigami function with z ~ U(-pi, pi)^3."""
    v1 = 0.5 * (1 + B * np.pi ** 4 / 5) ** 2
    v2 = A ** 2 / 8
    v13 = B ** 2 * np.pi ** 8 * (1 / 18 - 1 / 50)
    v = v1 + v2 + v13
    return np.array([v1, v2, 0]) / v, np.array([v1 + v13, v2, v13]) / v


class SobolIndices(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="hydrosim-analysis-")
        cls.file = os.path.join(cls.dir, "saltelli.h5")
        result = subprocess.run([HYDROSIM, "sweep", SPEC, "-o", cls.file, "--jobs", "2", "-q"],
                                capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
        cls.ishigami = os.path.join(cls.dir, "ishigami.h5")
        shutil.copy(cls.file, cls.ishigami)
        with h5py.File(cls.ishigami, "r+") as f:
            p = f["sweep/parameters"][()]
            z = -np.pi + 2 * np.pi * (p - RANGES[:, 0]) / (RANGES[:, 1] - RANGES[:, 0])
            outputs = f["sweep/outputs"][()]
            outputs[:, 0] = ishigami(z)
            f["sweep/outputs"][...] = outputs

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir, ignore_errors=True)

    def tool(self, *args):
        result = subprocess.run(["/usr/bin/python3", TOOL, *args], capture_output=True, text=True, timeout=120)
        self.assertEqual(result.returncode, 0, result.stderr)
        return result.stdout

    def test_ishigami_indices_match_the_analytic_values(self):
        result = json.loads(self.tool("sobol", self.ishigami, "recovery.Li.li2co3_product", "--json"))
        first, total = analytic_indices()
        self.assertEqual(result["base_samples"], 1024)
        # Tolerance 0.03 absolute: the Saltelli/Jansen estimators with N = 1024
        # quasi-random base samples have errors of order 1e-2 on this function
        # (Saltelli et al. 2010, Comput. Phys. Commun. 181, figs. 1-2).
        np.testing.assert_allclose(result["first_order"], first, atol=0.03)
        np.testing.assert_allclose(result["total"], total, atol=0.03)

    def test_an_output_that_ignores_a_parameter_gives_it_zero_indices(self):
        # The lithium recovery X / (1 - r (1 - X)) does not depend on the feed
        # temperature: both of its indices are exactly zero, since f(A_B^(3))
        # = f(A) case by case. Interactions exist only between X and r, so the
        # first-order indices sum to less than one.
        result = json.loads(self.tool("sobol", self.file, "recovery.Li.li2co3_product", "--json"))
        self.assertEqual(result["first_order"][2], 0.0)
        self.assertEqual(result["total"][2], 0.0)
        self.assertLess(sum(result["first_order"]), 1.0)

    def test_plots_are_written(self):
        for args in (["tornado", self.file, "0", "-o"], ["surface", self.file, "0", "--x", "0", "--y", "1", "-o"]):
            png = os.path.join(self.dir, args[0] + ".png")
            self.tool(*args, png)
            with open(png, "rb") as f:
                self.assertEqual(f.read(8), b"\x89PNG\r\n\x1a\n")


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
