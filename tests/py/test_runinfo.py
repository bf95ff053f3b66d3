"""runinfo: what scripts/run answers without launching: --help, --shape,
and the words for a bad registry line or a binary not built."""
import os
import re
import shutil
import subprocess
import unittest
from unittest import mock

import pbtest
from pbtest import refusal
from parbench import runinfo
from parbench.shellio import Refused

GOOD = "extra extra cc -x,-y=1 threads #ABCdef 99 valgrind,asan"
# LINE: the first fault scripts/run names in it (before, value, after)
BAD = [
    ("extra extra cc - threads #123456 3", ("x:1: 7 columns, not 8 (name dir build flags launch colour point checks)",)),
    ("Extra extra cc - threads #123456 3 -", ("x:1: '", "Extra", "' is not a model name (a-z, 0-9, _)")),
    ("y" * 32 + " extra cc - threads #123456 3 -", ("x:1: '", "y" * 32, "' is not a model name (a-z, 0-9, _)")),
    ("extra ../x cc - threads #123456 3 -", ("x:1: '", "../x", "' is not a directory name (a-z, 0-9, _)")),
    ("extra extra gcc - threads #123456 3 -", ("x:1: build '", "gcc", "' is not one of cc, mpicc, python")),
    ("extra extra cc -pthread,,-O2 threads #123456 3 -",
     ("x:1: flags '", "-pthread,,-O2", "' are not compiler flags separated by commas")),
    ("extra extra cc -a, threads #123456 3 -", ("x:1: flags '", "-a,", "' are not compiler flags separated by commas")),
    ("extra extra cc - cuda #123456 3 -",
     ("x:1: launch '", "cuda", "' is not one of plain, threads, procs, openmp, mpi, hybrid")),
    ("extra extra cc - threads 123456 3 -", ("x:1: colour '", "123456", "' is not #rrggbb")),
    ("extra extra cc - threads #123456 100 -", ("x:1: point type '", "100", "' is not a number from 0 to 99")),
    ("extra extra cc - threads #123456 3 asan,", ("x:1: checks '", "asan,", "' are not among asan, tsan, valgrind")),
    ("extra extra cc - threads #123456 3 ASAN", ("x:1: checks '", "ASAN", "' are not among asan, tsan, valgrind")),
    ("extra extra cc - threads #123456 3 -\r", ("x:1: checks '", "-\r", "' are not among asan, tsan, valgrind")),
    # the first fault in the columns' order: flags before launch
    ("extra extra cc , cuda #123456 3 -", ("x:1: flags '", ",", "' are not compiler flags separated by commas")),
]


def registry(test, *extra: str) -> str:
    """Writes pbtest's registry and the EXTRA lines; returns its path."""
    return pbtest.write(os.path.join(pbtest.scratch(test), "models.conf"), pbtest.REGISTRY + "".join(extra))


class Lines(unittest.TestCase):
    def test_a_good_line_passes(self):
        runinfo.check_line("x:1", GOOD.split())

    def test_each_fault_is_worded_as_scripts_run_words_it(self):
        for line, want in BAD:
            with self.subTest(line=line):
                self.assertEqual(refusal(runinfo.check_line, "x:1", line.split(" ")), want)

    def test_scripts_run_lets_through_what_check_line_does(self):
        """scripts/run's MODEL_LINE, the test of each line on every launch,
        and check_line agree on which lines are well formed."""
        if not shutil.which("bash"):
            self.skipTest("no bash here")
        with open(os.path.join(pbtest.ROOT, "scripts", "run"), encoding="utf-8") as f:
            pattern = re.search(r"^readonly MODEL_LINE='(.*)'$", f.read(), re.M).group(1)
        lines = [GOOD, "serial serial cc - plain #555555 7 -", "a b python -O2 hybrid #000000 0 tsan"] + [b[0] for b in BAD]
        got = subprocess.run(["bash", "-c", 're="$1"; shift; for l; do [[ "$l" =~ $re ]] && echo 1 || echo 0; done',
                              "-", pattern, *lines], capture_output=True, text=True, check=True,
                             env=dict(os.environ, LC_ALL="C")).stdout.split()
        want = []
        for line in lines:
            try:
                runinfo.check_line("x:1", line.split(" "))
                want.append("1")
            except Refused:
                want.append("0")
        self.assertEqual(got, want)


class Load(unittest.TestCase):
    def test_models_in_order(self):
        self.assertEqual([m[0] for m in runinfo.load(registry(self))], ["serial", "pthreads", "openmp"])

    def test_comments_after_the_eighth_column_and_tabs(self):
        path = registry(self, "extra\textra cc - threads #123456 3 -   # a comment\n", "  # indented\n")
        self.assertEqual(runinfo.load(path)[-1], ("extra", "extra", "cc", "-", "threads", "#123456", "3", "-"))

    def test_refusals_name_the_file_and_line(self):
        self.assertEqual(refusal(runinfo.load, registry(self, "serial serial cc - plain #555555 7 -\n")),
                         ("models.conf:5: model 'serial' is listed twice",))
        self.assertEqual(refusal(runinfo.load, registry(self, "extra extra cc - plain #123456 3 -\n")),
                         ("models.conf: needs exactly one model with launch 'plain' (the baseline), has 2",))
        self.assertEqual(refusal(runinfo.load, registry(self, "extra extra cc - threads #123456 x -\n")),
                         ("models.conf:5: point type '", "x", "' is not a number from 0 to 99"))
        missing = os.path.join(pbtest.scratch(self), "none.conf")
        self.assertEqual(refusal(runinfo.load, missing), (f"{missing}: cannot read the model registry",))

    def test_a_last_line_without_newline_and_nul_bytes(self):
        path = pbtest.write(os.path.join(pbtest.scratch(self), "r.conf"),
                            b"ser\0ial serial cc - plain #555555 7 -", "wb")
        self.assertEqual(runinfo.load(path), [("serial", "serial", "cc", "-", "plain", "#555555", "7", "-")])


class Shape(unittest.TestCase):
    def setUp(self):
        self.models = runinfo.load(registry(self, "mpi mpi mpicc - mpi #cc79a7 11 asan\n",
                                            "hybrid hybrid mpicc -fopenmp hybrid #e69f00 15 asan\n",
                                            "fork fork cc -pthread procs #d55e00 9 -\n"))

    def shape(self, *args):
        return runinfo.shape(self.models, runinfo.shape_args(list(args)))

    def test_ranks_and_threads_as_the_launch_column_says(self):
        for args, want in [(("serial", "1"), "1 1"), (("fork", "3"), "1 1"), (("pthreads", "3"), "1 3"),
                           (("openmp", "4"), "1 4"), (("mpi", "3"), "3 1"), (("hybrid", "4"), "2 2"),
                           (("hybrid", "3"), "3 1"), (("hybrid", "4", "--threads", "4"), "1 4"),
                           (("hybrid", "4", "--threads=1"), "4 1"), (("hybrid", "4", "--threads", ""), "2 2"),
                           (("hybrid", "8", "--threads", "2", "--threads", "8"), "1 8")]:
            self.assertEqual(self.shape(*args), want, args)

    def test_refusals(self):
        for args, want in [
                (("serial",), ("--shape needs MODEL WORKERS [--threads T] (try --help)",)),
                (("serial", "1", "--threads"), ("--threads needs a value",)),
                (("serial", "1", "extra"), ("--shape: unexpected argument '", "extra", "' (try --help)")),
                (("cuda", "2"), ("unknown model '", "cuda", "' (models: serial pthreads openmp mpi hybrid fork)")),
                (("serial", "0"), ("WORKERS: '", "0", "' is not a positive whole number")),
                (("serial", "01"), ("WORKERS: '", "01", "' is not a positive whole number")),
                (("serial", "1025"), ("WORKERS: '1025' is too large (at most 1024)",)),
                (("serial", "2"), ("model 'serial' (launch plain) runs 1 worker, not 2",)),
                (("openmp", "2", "--threads", "2"), ("--threads: model 'openmp' (launch openmp) takes no --threads",)),
                (("hybrid", "4", "--threads", "3"), ("WORKERS 4 is not a multiple of --threads 3",)),
                (("hybrid", "4", "--threads", "--threads=3"), ("--threads: '", "--threads=3", "' is not a positive whole number")),
                (("hybrid", "x", "--threads", "y"), ("WORKERS: '", "x", "' is not a positive whole number"))]:
            self.assertEqual(refusal(self.shape, *args), want, args)


class Other(unittest.TestCase):
    def test_usage_lists_the_models_it_can_read(self):
        path = registry(self)
        self.assertTrue(runinfo.usage(path).startswith("usage: scripts/run MODEL WORKLOAD WORKERS"))
        self.assertTrue(runinfo.usage(path).endswith(
            f"command to FILE.\n\nModels in {path}: serial (plain) pthreads (threads) openmp (openmp)\n"))
        self.assertTrue(runinfo.usage(registry(self, "bad\n")).endswith("command to FILE.\n"))

    def test_why_a_binary_is_not_built(self):
        root = pbtest.scratch(self)
        pbtest.write(os.path.join(root, "common", "workloads", "pi.c"), "")
        pbtest.write(os.path.join(root, "openmp", "pi.c"), "")
        with mock.patch.dict(os.environ, MPICC=os.path.join(root, "no-mpicc")):
            self.assertEqual(runinfo.unbuilt(root, "b/mpi/pi", "mpi", "pi", "mpicc", "mpi").fields,
                             ("b/mpi/pi is not built: model mpi needs MPI (make deps installs Open MPI, then make)",))
        self.assertEqual(runinfo.unbuilt(root, "b/py/pi", "py", "pi", "python", "py").fields,
                         ("model py does not implement pi (no py/pi.py): not implemented",))
        self.assertEqual(runinfo.unbuilt(root, "b/openmp/pi", "openmp", "pi", "cc", "openmp").fields,
                         ("b/openmp/pi is not built (run make; 'make help' lists the workloads)",))
        self.assertEqual(runinfo.unbuilt(root, "b/openmp/x", "openmp", "x", "cc", "openmp").fields,
                         ("b/openmp/x is not built (run make; 'make help' lists the workloads)",))


if __name__ == "__main__":
    unittest.main()
