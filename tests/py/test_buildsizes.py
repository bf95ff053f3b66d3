"""A build kind's own preset arguments (PYTHON_DEFAULT=(...) in
scripts/presets/W): parsed, planned for that kind's models only, kept for
--resume, and never compared with another size (no speedup over serial, no
verdict, no winner across sizes)."""
import os
import unittest

import pbtest
from pbtest import cell_rows
from parbench import benchrun, comparisons, plan, presets, registry, rundir, summary

COMMON = "SMALL=(--size 10)\nDEFAULT=(--size 20)\nLARGE=(--size 30)\n"
REGISTRY = pbtest.REGISTRY + "pythreads  pythreads python  -         threads  #56b4e9  6      -\n"


def write_presets(test, pi_text):
    d = os.path.join(pbtest.scratch(test), "presets")
    pbtest.write(os.path.join(d, "pi"), pi_text)
    pbtest.write(os.path.join(d, "sleep"), "SMALL=(--size 1)\nDEFAULT=(--size 4 --delay-ms 10)\nLARGE=(--size 16)\n")
    return d


class PresetKindTest(unittest.TestCase):
    def read(self, text, build=None):
        d = write_presets(self, text)
        return presets.read(os.path.join(d, "pi"), build)

    def test_a_kind_has_its_own_classes_and_falls_back_to_the_common_ones(self):
        text = COMMON + "PYTHON_DEFAULT=(--size 2)  # the interpreter: 50x slower\nPYTHON_LARGE=(--size 3)\n"
        self.assertEqual(self.read(text), {"small": ["--size", "10"], "default": ["--size", "20"],
                                           "large": ["--size", "30"]})
        self.assertEqual(self.read(text, "cc"), self.read(text))
        self.assertEqual(self.read(text, "python"), {"small": ["--size", "10"], "default": ["--size", "2"],
                                                     "large": ["--size", "3"]})

    def test_an_unknown_kind_or_an_empty_line_is_refused(self):
        for line, needle in (("RUBY_DEFAULT=(--size 2)", "build kind of the registry"),
                             ("PYTHON_DEFAULT=()", "gives no arguments"),
                             ("PYTHON_DEFAULT=(--workers 2)", "set by scripts/bench"),
                             ("PYTHON_DEFAULT=($(id))", "not CLASS=(arguments)"),
                             ("python_DEFAULT=(--size 2)", "not CLASS=(arguments)")):
            with self.assertRaises(presets.PresetError, msg=line) as cm:
                self.read(COMMON + line + "\n", "python")
            self.assertIn(needle, str(cm.exception))
            self.assertIn("presets/pi:4", str(cm.exception))

    def test_a_kind_alone_is_not_enough(self):
        with self.assertRaises(presets.PresetError) as cm:
            self.read("PYTHON_SMALL=(--size 1)\nPYTHON_DEFAULT=(--size 2)\nPYTHON_LARGE=(--size 3)\n", "python")
        self.assertIn("defines no SMALL", str(cm.exception))

    def test_every_kind_of_the_registry_may_have_lines(self):
        for kind in registry.BUILDS:
            self.assertEqual(self.read(COMMON + f"{kind.upper()}_SMALL=(--size 1)\n", kind)["small"], ["--size", "1"])


class PlanTest(unittest.TestCase):
    def setUp(self):
        self.models = registry.load(pbtest.write(os.path.join(pbtest.scratch(self), "models.conf"), REGISTRY))
        self.dir = write_presets(self, COMMON + "PYTHON_DEFAULT=(--size 2)\n")

    def sweep(self, spec="default"):
        args, classes = plan.resolve_sizes(spec, ["pi", "sleep"], self.dir)
        own = plan.build_sizes(spec, ["pi", "sleep"], self.dir, ["cc", "cc", "python"], args)
        return plan.Sweep(["serial", "pthreads", "pythreads"], ["pi", "sleep"], [1, 2], 1, spec, 300.0, 7,
                          args, classes, build_args=own)

    def test_only_the_kinds_and_workloads_that_differ(self):
        sw = self.sweep()
        self.assertEqual(sw.build_args, {"python": {"pi": ["--size", "2"]}})
        self.assertEqual(sw.args_of("pi", "python"), ["--size", "2"])
        self.assertEqual(sw.args_of("sleep", "python"), ["--size", "4", "--delay-ms", "10"])
        self.assertEqual(sw.args_of("pi", "cc"), ["--size", "20"])
        self.assertEqual(sw.args_of("pi"), ["--size", "20"])
        # a class the kind does not override: nothing of its own
        self.assertEqual(self.sweep("small").build_args, {})
        # WORKLOAD=N: the kind's arguments, then that size, as for every model
        self.assertEqual(self.sweep("pi=7").build_args, {"python": {"pi": ["--size", "2", "--size", "7"]}})

    def test_each_run_has_its_kinds_arguments(self):
        sw = self.sweep()
        runs = plan.make_plan(sw, plan.configurations(sw, self.models), self.models)
        got = {(r.workload, r.model, r.workers): r.args for r in runs}
        self.assertEqual(got[("pi", "pythreads", 2)], ("--size", "2"))
        self.assertEqual(got[("pi", "pthreads", 2)], ("--size", "20"))
        self.assertEqual(got[("pi", "serial", 1)], ("--size", "20"))
        self.assertEqual(got[("sleep", "pythreads", 1)], ("--size", "4", "--delay-ms", "10"))
        # without the registry: the common arguments
        self.assertTrue(all(r.args == tuple(sw.args[r.workload]) for r in plan.make_plan(sw, list(got))))

    def test_kept_for_resume(self):
        sw = self.sweep()
        text = rundir.settings_text(benchrun.settings_of(sw, "2026-01-01T00:00:00Z", "0123456789abcdef"))
        values = rundir.read_settings(pbtest.write(os.path.join(pbtest.scratch(self), "settings"), text))
        self.assertEqual(values["args_python.pi"], "--size 2")
        self.assertEqual(benchrun.sweep_of(values, self.models), sw)
        self.assertIn("  pi (build python): --size 2", benchrun.arg_lines(sw))


def cell(model, workers, launches, size):
    return cell_rows(("pi", model, workers), launches, size=size)


# serial and pthreads at size 100; pythreads at size 5, faster than both
ROWS = (cell("serial", 1, [[1.0] * 3] * 4, 100) + cell("pthreads", 1, [[1.0] * 3] * 4, 100)
        + cell("pthreads", 2, [[0.5] * 3] * 4, 100)
        + cell("pythreads", 1, [[0.4] * 3] * 4, 5) + cell("pythreads", 2, [[0.4] * 3] * 4, 5))


class OtherSizesTest(unittest.TestCase):
    def setUp(self):
        self.models = registry.load(pbtest.write(os.path.join(pbtest.scratch(self), "models.conf"), REGISTRY))
        self.summ = summary.summarize(ROWS, self.models, 2, seed=1)
        self.by = {(r["model"], r["workers"]): r for r in self.summ}

    def test_no_speedup_over_serial_at_another_size(self):
        self.assertEqual(self.by[("pthreads", "2")]["speedup_serial"], "2.0000")
        self.assertEqual(self.by[("pythreads", "2")]["speedup_serial"], "")
        self.assertNotIn("speedup_serial_low", self.by[("pythreads", "2")])
        # over the same model at 1 worker, as ever
        self.assertEqual(self.by[("pythreads", "2")]["speedup_self"], "1.0000")

    def test_no_verdict_and_no_winner_across_sizes(self):
        comps = comparisons.compare(ROWS, self.models, seed=1, threshold=0.03)
        pairs = {(c["workers"], c["model_a"], c["model_b"]) for c in comps}
        self.assertEqual(pairs, {("1", "serial", "pthreads")})
        wins = comparisons.winners(comps, self.summ)
        self.assertEqual(wins[("pi", "2")], ["pthreads"])
        self.assertEqual(sorted(wins[("pi", "1")]), ["pthreads", "serial"])

    def test_the_serial_programs_size_competes_though_others_outnumber_it(self):
        # serial alone at size 100; pythreads at size 5 in more cells, and faster:
        # the most frequent size is 5, but the cells that compete are the serial
        # program's (at 2 workers, none of its size: no winner there)
        rows = cell("serial", 1, [[1.0] * 3] * 4, 100) + cell("pythreads", 1, [[0.4] * 3] * 4, 5) \
            + cell("pythreads", 2, [[0.4] * 3] * 4, 5) + cell("pythreads", 4, [[0.4] * 3] * 4, 5)
        summ = summary.summarize(rows, self.models, 2, seed=1)
        comps = comparisons.compare(rows, self.models, seed=1, threshold=0.03)
        self.assertEqual(comparisons.winners(comps, summ, "serial"), {("pi", "1"): ["serial"]})
        # without naming the baseline, the most frequent size
        self.assertEqual(comparisons.winners(comps, summ)[("pi", "1")], ["pythreads"])


class InterpreterTest(unittest.TestCase):
    OWN = {"python": {"pi": ["--size", "5"]}, "mpicc": {"pi": ["--size", "7"]}}

    def test_pypy_runs_the_c_sizes(self):
        own, note = plan.for_interpreter(self.OWN, "PyPy")
        self.assertEqual(own, {"mpicc": {"pi": ["--size", "7"]}})
        self.assertIn("PyPy", note)

    def test_cpython_or_unknown_keeps_the_python_presets(self):
        for impl in ("CPython", None, ""):
            self.assertEqual(plan.for_interpreter(self.OWN, impl), (self.OWN, ""))


if __name__ == "__main__":
    unittest.main()
