"""plan: the sweep's options, sizes, configurations and order of runs."""
import os
import unittest

import pbtest
from parbench import plan


def presets_dir(test):
    """Returns a scratch presets directory with pi and sleep."""
    d = os.path.join(pbtest.scratch(test), "presets")
    pbtest.write(os.path.join(d, "pi"), "SMALL=(--size 10)\nDEFAULT=(--size 20)\nLARGE=(--size 30)\n")
    pbtest.write(os.path.join(d, "sleep"), "SMALL=(--size 1 --delay-ms 2)\nDEFAULT=(--size 4 --delay-ms 10)\n"
                                           "LARGE=(--size 16 --delay-ms 25)\n")
    return d


def sweep(reps=3, seed=7, workers=(1, 2, 4)):
    return plan.Sweep(["serial", "openmp"], ["pi", "sleep"], list(workers), reps, "default", 300.0, seed,
                      {"pi": ["--size", "20"], "sleep": ["--size", "4", "--delay-ms", "10"]},
                      {"pi": "default", "sleep": "default"})


class OptionsTest(unittest.TestCase):
    def test_split_list(self):
        self.assertEqual(plan.split_list("a", "--x"), ["a"])
        self.assertEqual(plan.split_list("a,b,a", "--x"), ["a", "b", "a"])
        for bad in ("", ",", "a,", ",a", "a,,b", "a\tb", "a\nb", "a\x1bb"):
            with self.assertRaises(plan.PlanError, msg=repr(bad)) as cm:
                plan.split_list(bad, "--models")
            self.assertTrue(str(cm.exception).startswith("--models: "))
            self.assertTrue(str(cm.exception).isprintable())

    def test_parse_workers(self):
        self.assertEqual(plan.parse_workers("4,1,2,2"), [1, 2, 4])
        self.assertEqual(plan.parse_workers("1024"), [1024])
        for bad in ("0", "1025", "9999", "01", "-1", "1.5", "2 ", " 2", "x", "1,0", "١"):
            with self.assertRaises(plan.PlanError, msg=bad):
                plan.parse_workers(bad)

    def test_default_workers(self):
        # 1, 2, 4, ... up to twice the cores, and the cores themselves
        self.assertEqual(plan.default_workers(1), [1, 2])
        self.assertEqual(plan.default_workers(2), [1, 2, 4])
        self.assertEqual(plan.default_workers(3), [1, 2, 3, 4])
        self.assertEqual(plan.default_workers(6), [1, 2, 4, 6, 8])
        self.assertEqual(plan.default_workers(1024)[-1], 1024)

    def test_check_size_spec(self):
        self.assertEqual(plan.check_size_spec("large,pi=small,sleep=2"), ["large", "pi=small", "sleep=2"])
        for bad in ("huge", "pi=0", "pi=", "=small", "PI=small", "pi=huge", "pi=-1", "pi=1e3", "pi=small=2",
                    "pi=" + "9" * 19):
            with self.assertRaises(plan.PlanError, msg=bad):
                plan.check_size_spec(bad)


class SizesTest(unittest.TestCase):
    def test_one_class_for_all(self):
        args, classes = plan.resolve_sizes("small", ["pi", "sleep"], presets_dir(self))
        self.assertEqual(args, {"pi": ["--size", "10"], "sleep": ["--size", "1", "--delay-ms", "2"]})
        self.assertEqual(classes, {"pi": "small", "sleep": "small"})

    def test_default_is_default(self):
        args, classes = plan.resolve_sizes("default", ["pi"], presets_dir(self))
        self.assertEqual((args, classes), ({"pi": ["--size", "20"]}, {"pi": "default"}))

    def test_workload_class_and_workload_number(self):
        args, classes = plan.resolve_sizes("large,pi=small,sleep=7", ["pi", "sleep"], presets_dir(self))
        self.assertEqual(args["pi"], ["--size", "10"])
        self.assertEqual(classes["pi"], "small")
        # WORKLOAD=N: the base class's arguments, then --size N (the last --size wins)
        self.assertEqual(args["sleep"], ["--size", "16", "--delay-ms", "25", "--size", "7"])
        self.assertEqual(classes["sleep"], "large+size=7")

    def test_a_workload_outside_the_sweep(self):
        with self.assertRaises(plan.PlanError) as cm:
            plan.resolve_sizes("triad=small", ["pi"], presets_dir(self))
        self.assertIn("'triad' is not among the workloads", str(cm.exception))

    def test_a_missing_or_bad_preset(self):
        d = presets_dir(self)
        with self.assertRaises(plan.PlanError):
            plan.resolve_sizes("default", ["pi", "stencil"], d)
        pbtest.write(os.path.join(d, "pi"), "SMALL=($(id))\n")
        with self.assertRaises(plan.PlanError):
            plan.resolve_sizes("default", ["pi"], d)


class OrderTest(unittest.TestCase):
    def setUp(self):
        self.models = pbtest.models(self)

    def test_configurations_plain_model_at_one_worker(self):
        got = plan.configurations(sweep(), self.models)
        self.assertEqual(got, [("pi", "serial", 1), ("pi", "openmp", 1), ("pi", "openmp", 2), ("pi", "openmp", 4),
                               ("sleep", "serial", 1), ("sleep", "openmp", 1), ("sleep", "openmp", 2),
                               ("sleep", "openmp", 4)])

    def test_rounds_are_permutations(self):
        sw = sweep(reps=3)
        configs = plan.configurations(sw, self.models)
        runs = plan.make_plan(sw, configs)
        self.assertEqual(len(runs), 3 * 8)
        for rep in (1, 2, 3):
            block = runs[(rep - 1) * 8: rep * 8]
            self.assertTrue(all(r.rep == rep for r in block))
            self.assertEqual(sorted((r.workload, r.model, r.workers) for r in block), sorted(configs))
        self.assertEqual(len({r.key for r in runs}), 24)
        self.assertEqual(runs[0].args, tuple(sw.args[runs[0].workload]))

    def test_the_seed_fixes_the_order(self):
        configs = plan.configurations(sweep(), self.models)
        a = plan.make_plan(sweep(seed=7), configs)
        self.assertEqual(a, plan.make_plan(sweep(seed=7), configs))
        others = [plan.make_plan(sweep(seed=s), configs) for s in (1, 2, 3, 4, 5)]
        self.assertTrue(any(o != a for o in others))
        # the rounds are shuffled apart: with 8 configurations, 3 equal rounds by chance are unlikely
        rounds = [[r.key[:3] for r in a[i * 8:(i + 1) * 8]] for i in range(3)]
        self.assertFalse(rounds[0] == rounds[1] == rounds[2])

    def test_plan_text_round_trip(self):
        runs = plan.make_plan(sweep(reps=2), plan.configurations(sweep(reps=2), self.models))
        text = plan.plan_text(runs)
        self.assertTrue(text.startswith("# parbench sweep plan"))
        back = [r for r in (plan.parse_plan_line(x, ["serial", "openmp"]) for x in text.splitlines()) if r]
        self.assertEqual(back, runs)
        self.assertEqual(runs[0].tsv().count("\t"), 4)

    def test_bad_plan_lines(self):
        known = ["serial", "openmp"]
        self.assertIsNone(plan.parse_plan_line("", known))
        self.assertIsNone(plan.parse_plan_line("# comment", known))
        self.assertEqual(plan.parse_plan_line("pi\topenmp\t2\t1\t", known), plan.Run("pi", "openmp", 2, 1, ()))
        for bad in ("pi\topenmp\t2\t1", "pi\topenmp\t2\t1\t--size 1\textra", "pi openmp 2 1 --size 1",
                    "pi\tmpi\t2\t1\t--size 1", "pi\topenmp\t0\t1\t--size 1", "pi\topenmp\t2\t0\t--size 1",
                    "pi\topenmp\t02\t1\t--size 1", "pi\topenmp\t2\t1000\t--size 1", "Pi\topenmp\t2\t1\t--size 1",
                    "pi\topenmp\t2\t1\t--size $(id)", "pi\topenmp\t2\t1\t--size `id`", "../x\topenmp\t2\t1\t"):
            with self.assertRaises(plan.PlanError, msg=repr(bad)) as cm:
                plan.parse_plan_line(bad, known)
            self.assertTrue(str(cm.exception).isprintable())


if __name__ == "__main__":
    unittest.main()
