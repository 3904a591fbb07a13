#!/usr/bin/env python3
"""End-to-end tests of the hydrosim CLI and its HDF5 results file.

Usage: test_cli_run.py HYDROSIM_EXECUTABLE SOURCE_DIR
Runs real commands, parses the printed recovery table and checks it against the
file written by the same run (h5py from Debian), plus exit codes for bad input
and solve failures.
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
RECYCLE = os.path.join(SOURCE, "flowsheets", "recycle_analytic.yaml")


def hydrosim(*args):
    return subprocess.run([HYDROSIM, *args], capture_output=True, text=True, timeout=120)


def printed_recovery(stdout):
    """The recovery table as {(element, sink): percent} from the CLI output."""
    lines = stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Recovery:"))
    header = lines[start + 1]
    sinks = re.findall(r"(\S+) \((?:product|waste)\)", header)
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


class RunWritesHdf5(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="hydrosim-it-")
        self.out = os.path.join(self.dir, "recycle.h5")

    def test_printed_recovery_equals_the_file(self):
        result = hydrosim("run", RECYCLE, "-o", self.out)
        self.assertEqual(result.returncode, 0, result.stderr)
        printed = printed_recovery(result.stdout)
        with h5py.File(self.out, "r") as f:
            elements = as_text(f["recovery/element"][()])
            sinks = as_text(f["recovery/sink"][()])
            fraction = f["recovery/fraction"][()]
            self.assertEqual(f["recovery/fraction"].attrs["units"], "1")
        self.assertEqual(len(printed), len(elements) * len(sinks))
        for i, element in enumerate(elements):
            for j, sink in enumerate(sinks):
                # The table prints percent to 4 decimals.
                self.assertAlmostEqual(printed[(element, sink)], 100 * fraction[i, j], delta=0.00005 + 1e-12)

    def test_every_dataset_has_units_and_labels(self):
        self.assertEqual(hydrosim("run", RECYCLE, "-o", self.out, "-q").returncode, 0)
        with h5py.File(self.out, "r") as f:
            datasets = []
            f.visititems(lambda name, obj: datasets.append(obj) if isinstance(obj, h5py.Dataset) else None)
            self.assertGreater(len(datasets), 20)
            for dataset in datasets:
                self.assertIn("units", dataset.attrs, dataset.name)
            # Labelled dimensions: the recovery table's axes are the element and sink names.
            fraction = f["recovery/fraction"]
            self.assertEqual(fraction.dims[0][0].name, "/recovery/element")
            self.assertEqual(fraction.dims[1][0].name, "/recovery/sink")
            meta = f["meta"].attrs
            self.assertIn("recycle-analytic", meta["flowsheet_text"])
            self.assertTrue(meta["thermo_hash"].startswith("fnv1a64:"))
            closure = f["balances/closure"][()]
            self.assertLessEqual(np.max(np.abs(closure)), 1e-9)

    def test_set_moves_recovery_the_expected_way(self):
        base = hydrosim("run", RECYCLE, "--no-output")
        more_recycle = hydrosim("run", RECYCLE, "--no-output", "--set", "units.purge.fractions.recycle=0.9",
                                "--set", "units.purge.fractions.bleed=0.1")
        self.assertEqual(more_recycle.returncode, 0, more_recycle.stderr)
        li_base = printed_recovery(base.stdout)[("Li", "li2co3_product")]
        li_more = printed_recovery(more_recycle.stdout)[("Li", "li2co3_product")]
        # Analytic: 0.8/(1 - 0.9*0.2) = 97.5610 % > 95.2381 %.
        self.assertAlmostEqual(li_more, 100 * 0.8 / (1 - 0.9 * 0.2), places=4)
        self.assertGreater(li_more, li_base)


    def test_plot_script_draws_the_recovery_chart(self):
        self.assertEqual(hydrosim("run", RECYCLE, "-o", self.out, "-q").returncode, 0)
        png = os.path.join(self.dir, "recovery.png")
        script = os.path.join(SOURCE, "tools", "plot_recovery.py")
        result = subprocess.run([sys.executable, script, self.out, "-o", png], capture_output=True, text=True)
        self.assertEqual(result.returncode, 0, result.stderr)
        with open(png, "rb") as image:
            self.assertEqual(image.read(8), b"\x89PNG\r\n\x1a\n")
        self.assertGreater(os.path.getsize(png), 10000)


class ExitCodes(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="hydrosim-it-")

    def test_bad_input_exits_2_and_writes_nothing(self):
        out = os.path.join(self.dir, "bad.h5")
        result = hydrosim("run", RECYCLE, "-o", out, "--set", "units.li_liquor.temperature=2 mol/L")
        self.assertEqual(result.returncode, 2)
        self.assertIn("expected a temperature", result.stderr)
        self.assertFalse(os.path.exists(out))
        self.assertEqual(os.listdir(self.dir), [])

    def test_missing_file_exits_2(self):
        result = hydrosim("run", os.path.join(self.dir, "nope.yaml"))
        self.assertEqual(result.returncode, 2)
        self.assertIn("cannot open file", result.stderr)

    def test_solve_failure_exits_1_and_names_the_tear_stream(self):
        out = os.path.join(self.dir, "fail.h5")
        result = hydrosim("run", RECYCLE, "-o", out, "--set", "solver.method=direct", "--set", "solver.max_iterations=2")
        self.assertEqual(result.returncode, 1)
        self.assertIn("tear stream 'recycle'", result.stderr)
        self.assertFalse(os.path.exists(out))

    def test_check_species_units_and_version(self):
        self.assertEqual(hydrosim("check", RECYCLE).returncode, 0)
        species = hydrosim("species", "CoSO4·7H2O")
        self.assertEqual(species.returncode, 0)
        self.assertIn("molar mass   281.09", species.stdout)  # CRC: 281.10 g/mol
        unknown = hydrosim("species", "CoSO4:6H2O")
        self.assertEqual(unknown.returncode, 2)
        self.assertIn("did you mean", unknown.stderr)
        self.assertIn("StoichiometricReactor", hydrosim("units").stdout)
        self.assertIn("hydrosim", hydrosim("--version").stdout)
        self.assertEqual(hydrosim("frobnicate").returncode, 2)


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0]], verbosity=2)
