#!/usr/bin/env python3
"""End-to-end tests of `hydrosim sweep` and `hydrosim merge` (docs/sweeps.md).

Usage: test_sweep.py HYDROSIM_EXECUTABLE SOURCE_DIR

Independent checks: the lithium recovery of every case of the recycle grid
against the closed form R = X / (1 - r (1 - X)) of flowsheets/recycle_analytic.yaml
(steady-state balance around the loop); identical outputs (bit for bit) from 1
thread, 2 threads, mpirun -np 2 and 2 merged shards, since each case is a pure
function of its parameter values; kill -9 and --resume against an uninterrupted
run of the same sweep.
"""
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest

import h5py
import numpy as np

HYDROSIM = sys.argv[1] if len(sys.argv) > 1 else "hydrosim"
SOURCE = os.path.abspath(sys.argv[2] if len(sys.argv) > 2 else ".")
GRID = os.path.join(SOURCE, "tests", "data", "sweeps", "recycle_grid.yaml")
RECYCLE = os.path.join(SOURCE, "flowsheets", "recycle_analytic.yaml")

# Open MPI refuses to run as root (CI containers) without these, and the CI
# machine has 2 cores.
MPI_ENV = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1",
               OMPI_MCA_rmaps_base_oversubscribe="1")


def hydrosim(*args, env=None):
    return subprocess.run([HYDROSIM, *args], capture_output=True, text=True, timeout=120, env=env)


def sweep_arrays(path):
    with h5py.File(path, "r") as f:
        g = f["sweep"]
        return {name: g[name][()] for name in ("case", "parameters", "outputs", "status", "run", "message")}


def write_spec(directory, name, text):
    path = os.path.join(directory, name)
    with open(path, "w") as f:
        f.write(text)
    return path


class SweepModes(unittest.TestCase):
    """The 200-case grid in every execution mode."""

    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="hydrosim-sweep-")
        cls.files = {}
        out = lambda name: os.path.join(cls.dir, name)
        runs = {
            "threads1": [HYDROSIM, "sweep", GRID, "-o", out("t1.h5"), "--jobs", "1", "-q"],
            "threads2": [HYDROSIM, "sweep", GRID, "-o", out("t2.h5"), "--jobs", "2", "-q"],
            "mpi2": ["mpirun", "-np", "2", "--oversubscribe", HYDROSIM, "sweep", GRID, "-o", out("mpi.h5"), "-q"],
        }
        for key, command in runs.items():
            result = subprocess.run(command, capture_output=True, text=True, timeout=120, env=MPI_ENV)
            assert result.returncode == 0, (key, result.stdout, result.stderr)
        for shard in ("0/2", "1/2"):
            result = hydrosim("sweep", GRID, "--shard", shard, "-o", out(f"shard{shard[0]}.h5"), "-q")
            assert result.returncode == 0, result.stderr
        result = hydrosim("merge", out("shard0.h5"), out("shard1.h5"), "-o", out("merged.h5"))
        assert result.returncode == 0, result.stderr
        cls.files = {"threads1": out("t1.h5"), "threads2": out("t2.h5"), "mpi2": out("mpi.h5"),
                     "merged": out("merged.h5")}

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir, ignore_errors=True)

    def test_recovery_matches_the_closed_form(self):
        data = sweep_arrays(self.files["threads1"])
        self.assertEqual(data["outputs"].shape, (200, 6))
        self.assertTrue(np.all(data["status"] == 1))
        x, r = data["parameters"][:, 0], data["parameters"][:, 1]
        expected = x / (1 - r * (1 - x))
        # The recycle is converged to a relative tear tolerance of 1e-13
        # (solver block of the flowsheet); allow 1e-11 relative.
        np.testing.assert_allclose(data["outputs"][:, 0], expected, rtol=1e-11, atol=0)
        # Element balance closes in every case (project standard: 1e-9).
        self.assertLess(np.max(np.abs(data["outputs"][:, 1])), 1e-9)

    def test_every_mode_gives_identical_outputs(self):
        reference = sweep_arrays(self.files["threads1"])
        for mode in ("threads2", "mpi2", "merged"):
            data = sweep_arrays(self.files[mode])
            np.testing.assert_array_equal(data["case"], np.arange(200), err_msg=mode)
            np.testing.assert_array_equal(data["parameters"], reference["parameters"], err_msg=mode)
            np.testing.assert_array_equal(data["status"], reference["status"], err_msg=mode)
            # Bit-for-bit: the same case gives the same double whatever the mode.
            self.assertTrue(np.array_equal(data["outputs"], reference["outputs"], equal_nan=True), mode)

    def test_layout_has_labelled_dimensions(self):
        with h5py.File(self.files["threads1"], "r") as f:
            g = f["sweep"]
            self.assertEqual(g["outputs"].dims[0][0].name, "/sweep/case")
            self.assertEqual(g["outputs"].dims[1][0].name, "/sweep/output")
            self.assertEqual(g["parameters"].dims[1][0].name, "/sweep/parameter")
            self.assertEqual(g["status"].dims[0][0].name, "/sweep/case")
            names = [n.decode() for n in g["output"][()]]
            self.assertEqual(names[0], "recovery.Li.li2co3_product")
            units = [u.decode() for u in g["output_units"][()]]
            self.assertEqual(units[:3], ["1", "1", "kg/s"])
            self.assertEqual(g.attrs["format"], "hydrosim-sweep")
            self.assertIsNotNone(g["outputs"].chunks)

    def test_shards_hold_their_slices(self):
        with h5py.File(os.path.join(self.dir, "shard1.h5"), "r") as f:
            np.testing.assert_array_equal(f["sweep/case"][()], np.arange(100, 200))
            self.assertEqual(f["sweep"].attrs["shard_index"], 1)


class Faults(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="hydrosim-sweep-")

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def test_failed_cases_are_recorded_and_the_sweep_goes_on(self):
        # One Wegstein iteration cannot converge the recycle to 1e-13 (it
        # starts from a zero tear stream), so every max_iterations=1 case fails.
        spec = write_spec(self.dir, "fail.yaml", f"""
flowsheet: {RECYCLE}
parameters:
  - path: solver.max_iterations
    values: [1, 100]
    integer: true
  - path: units.precipitator.reactions[0].conversion
    values: [0.6, 0.8]
sampling: {{method: grid}}
outputs: [recovery.Li.li2co3_product]
""")
        out = os.path.join(self.dir, "fail.h5")
        result = hydrosim("sweep", spec, "-o", out)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("2 failed", result.stdout)
        data = sweep_arrays(out)
        np.testing.assert_array_equal(data["status"], [2, 2, 1, 1])
        self.assertTrue(np.all(np.isnan(data["outputs"][:2])))
        for message in data["message"][:2]:
            self.assertIn("recycle", message.decode().lower())
            self.assertIn("did not converge", message.decode())
        self.assertEqual(data["message"][2], b"")
        # The converged cases are right: R = X / (1 - r (1 - X)) with r = 0.8.
        np.testing.assert_allclose(data["outputs"][2:, 0], [0.6 / 0.68, 0.8 / 0.84], rtol=1e-11)

    def test_kill_and_resume_loses_and_repeats_nothing(self):
        spec = write_spec(self.dir, "long.yaml", f"""
flowsheet: {RECYCLE}
parameters:
  - path: units.precipitator.reactions[0].conversion
    linspace: [0.5, 0.95, 100]
  - path: units.purge.fractions.recycle
    linspace: [0.0, 0.9, 60]
    derived: [{{path: units.purge.fractions.bleed, scale: -1, offset: 1}}]
sampling: {{method: grid}}
outputs: [recovery.Li.li2co3_product, streams.recycle.mass_flow]
""")
        out = os.path.join(self.dir, "long.h5")
        process = subprocess.Popen([HYDROSIM, "sweep", spec, "-o", out, "--jobs", "1", "--log-interval", "0.05"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        # Wait until some hundreds of cases are reported done, then kill -9.
        for line in process.stderr:
            done = int(line.split()[1].split("/")[0]) if line.startswith("sweep:") else 0
            if done >= 300:
                break
        process.send_signal(signal.SIGKILL)
        process.wait()
        process.stderr.close()
        killed = sweep_arrays(out)
        finished = killed["status"] != 0
        self.assertGreater(finished.sum(), 0)
        self.assertLess(finished.sum(), 6000, "the sweep ended before it was killed; the test proves nothing")
        self.assertTrue(np.all(killed["run"][finished] == 1))

        result = hydrosim("sweep", spec, "-o", out, "--resume", "--jobs", "2")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn(f"{finished.sum()} finished earlier, {6000 - finished.sum()} computed now", result.stdout)
        resumed = sweep_arrays(out)
        self.assertTrue(np.all(resumed["status"] == 1))
        # Nothing finished was recomputed: those rows keep run 1 and their values.
        np.testing.assert_array_equal(resumed["run"][finished], 1)
        np.testing.assert_array_equal(resumed["run"][~finished], 2)
        self.assertTrue(np.array_equal(resumed["outputs"][finished], killed["outputs"][finished]))
        # Nothing was lost: the file equals an uninterrupted run.
        clean = os.path.join(self.dir, "clean.h5")
        self.assertEqual(hydrosim("sweep", spec, "-o", clean, "--jobs", "2", "-q").returncode, 0)
        self.assertTrue(np.array_equal(sweep_arrays(clean)["outputs"], resumed["outputs"]))

    def test_foreign_or_corrupt_files_are_refused_and_left_untouched(self):
        garbage = os.path.join(self.dir, "garbage.h5")
        with open(garbage, "wb") as f:
            f.write(b"not an HDF5 file\n" * 10)
        result = hydrosim("sweep", GRID, "-o", garbage, "--resume")
        self.assertEqual(result.returncode, 2)
        self.assertIn("not an HDF5 file", result.stderr)
        with open(garbage, "rb") as f:
            self.assertEqual(f.read(), b"not an HDF5 file\n" * 10)

        results = os.path.join(self.dir, "run.h5")
        self.assertEqual(hydrosim("run", RECYCLE, "-o", results, "-q").returncode, 0)
        before = os.path.getmtime(results)
        result = hydrosim("sweep", GRID, "-o", results, "--resume")
        self.assertEqual(result.returncode, 2)
        self.assertIn("not a usable hydrosim sweep file", result.stderr)
        self.assertEqual(os.path.getmtime(results), before)

        # Without --resume an existing file is never replaced silently.
        result = hydrosim("sweep", GRID, "-o", results)
        self.assertEqual(result.returncode, 2)
        self.assertIn("the file exists; pass --resume", result.stderr)

        # A sweep file cut short (a full disk, a copy interrupted) is refused.
        cut = os.path.join(self.dir, "cut.h5")
        self.assertEqual(hydrosim("sweep", GRID, "-o", cut, "-q").returncode, 0)
        with open(cut, "r+b") as f:
            f.truncate(os.path.getsize(cut) // 3)
        size = os.path.getsize(cut)
        result = hydrosim("sweep", GRID, "-o", cut, "--resume")
        self.assertEqual(result.returncode, 2)
        self.assertIn("cut.h5", result.stderr)
        self.assertEqual(os.path.getsize(cut), size)

        # A sweep file of another spec is refused by its identity.
        other = write_spec(self.dir, "other.yaml", f"""
flowsheet: {RECYCLE}
parameters:
  - path: units.precipitator.reactions[0].conversion
    values: [0.7]
sampling: {{method: grid}}
outputs: [recovery.Li.li2co3_product]
""")
        mine = os.path.join(self.dir, "mine.h5")
        self.assertEqual(hydrosim("sweep", other, "-o", mine, "-q").returncode, 0)
        result = hydrosim("sweep", GRID, "-o", mine, "--resume")
        self.assertEqual(result.returncode, 2)
        self.assertIn("belongs to another sweep", result.stderr)

    def test_unknown_output_path_lists_the_valid_ones(self):
        spec = write_spec(self.dir, "typo.yaml", f"""
flowsheet: {RECYCLE}
parameters:
  - path: units.precipitator.reactions[0].conversion
    values: [0.7]
sampling: {{method: grid}}
outputs: [recovery.Li.li2co3_prodcut]
""")
        result = hydrosim("sweep", spec, "-o", os.path.join(self.dir, "typo.h5"))
        self.assertEqual(result.returncode, 2)
        self.assertIn("output 'recovery.Li.li2co3_prodcut': no sink 'li2co3_prodcut'; did you mean li2co3_product?",
                      result.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.dir, "typo.h5")))

    def test_unknown_parameter_path_is_an_input_error(self):
        spec = write_spec(self.dir, "badparam.yaml", f"""
flowsheet: {RECYCLE}
parameters:
  - path: units.precipitatr.reactions[0].conversion
    values: [0.7]
sampling: {{method: grid}}
outputs: [recovery.Li.li2co3_product]
""")
        result = hydrosim("sweep", spec, "-o", os.path.join(self.dir, "bad.h5"))
        self.assertEqual(result.returncode, 2)
        self.assertIn("case 0: --set units.precipitatr.reactions[0].conversion=0.7: the flowsheet has no "
                      "'units.precipitatr' here; did you mean precipitator?", result.stderr)


class ProgressOutput(unittest.TestCase):
    def test_a_terminal_gets_one_updating_line_a_log_gets_plain_lines(self):
        import pty
        directory = tempfile.mkdtemp(prefix="hydrosim-sweep-")
        try:
            primary, secondary = pty.openpty()
            process = subprocess.Popen([HYDROSIM, "sweep", GRID, "-o", os.path.join(directory, "tty.h5")],
                                       stdout=subprocess.DEVNULL, stderr=secondary)
            os.close(secondary)
            chunks = []
            while True:
                try:
                    chunk = os.read(primary, 4096)
                except OSError:  # the terminal closes when the process exits
                    break
                if not chunk:
                    break
                chunks.append(chunk)
            process.wait(timeout=60)
            os.close(primary)
            terminal = b"".join(chunks).decode()
            self.assertEqual(process.returncode, 0)
            # Carriage return + erase-to-end-of-line: the line is rewritten in place.
            self.assertIn("\r", terminal)
            self.assertIn("\x1b[K", terminal)
            self.assertRegex(terminal, r"200/200 cases done \(200 this run\), 0 failed, [0-9.]+ cases/s")
            self.assertIn("ETA", terminal)

            log = hydrosim("sweep", GRID, "-o", os.path.join(directory, "log.h5"), "--log-interval", "0")
            self.assertEqual(log.returncode, 0)
            self.assertNotIn("\r", log.stderr)
            self.assertNotIn("\x1b", log.stderr)
            self.assertTrue(all(line.startswith("sweep: ") for line in log.stderr.splitlines()))
        finally:
            shutil.rmtree(directory, ignore_errors=True)


class CommandLineSpec(unittest.TestCase):
    def test_the_command_line_defines_the_same_sweep_as_a_spec_file(self):
        directory = tempfile.mkdtemp(prefix="hydrosim-sweep-")
        try:
            spec = write_spec(directory, "spec.yaml", f"""
flowsheet: {RECYCLE}
set: {{solver.tolerance: 1e-12}}
parameters:
  - path: units.precipitator.reactions[0].conversion
    linspace: [0.5, 0.95, 10]
  - path: units.li_liquor.temperature
    values: [60, 80]
    unit: degC
sampling: {{method: grid}}
outputs: [recovery.Li.li2co3_product, streams.liquor_in.temperature]
""")
            from_file = os.path.join(directory, "file.h5")
            from_cli = os.path.join(directory, "cli.h5")
            self.assertEqual(hydrosim("sweep", spec, "-o", from_file, "-q").returncode, 0)
            result = hydrosim("sweep", "--flowsheet", RECYCLE, "-o", from_cli, "-q", "--set", "solver.tolerance=1e-12",
                              "--vary", "units.precipitator.reactions[0].conversion=linspace:0.5,0.95,10",
                              "--vary", "units.li_liquor.temperature=values:60,80:degC",
                              "--collect", "recovery.Li.li2co3_product", "--collect", "streams.liquor_in.temperature")
            self.assertEqual(result.returncode, 0, result.stderr)
            a, b = sweep_arrays(from_file), sweep_arrays(from_cli)
            np.testing.assert_array_equal(a["parameters"], b["parameters"])
            self.assertTrue(np.array_equal(a["outputs"], b["outputs"]))
            # 60 and 80 degC reach the stream as 333.15 and 353.15 K.
            np.testing.assert_allclose(b["outputs"][:2, 1], [333.15, 353.15], rtol=1e-12)
            with h5py.File(from_cli, "r") as f:
                self.assertIn("--vary units.li_liquor.temperature=values:60,80:degC", f["sweep"].attrs["spec"])
        finally:
            shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
