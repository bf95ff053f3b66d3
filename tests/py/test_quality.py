"""quality: the measurement-quality record of meta.json and the advice the
report gives on it, against values worked out by hand."""
import unittest

from pbtest import launch_rows, runs_row
from parbench import quality

SERIAL, OMP2 = ("pi", "serial", 1), ("pi", "openmp", 2)


class OfSweepTest(unittest.TestCase):
    def test_three_launches(self):
        rows = (launch_rows(SERIAL, 1, [0.5, 0.25], 1, wall_seconds="1.0", steal_seconds="0.1",
                            other_cpu_seconds="0.2")
                + launch_rows(SERIAL, 2, [0.5, 0.5], 3, wall_seconds="1.5", steal_seconds="0.3",
                              other_cpu_seconds="0.4", flags="interference")
                # a wrong launch: its seconds are not timed work that counts
                + launch_rows(OMP2, 1, [0.3], 1, wall_seconds="0.5", status="wrong", verified="no"))
        summ = [{"workload": "pi", "model": "serial", "workers": "1", "outliers": "2", "target_met": "yes"},
                {"workload": "pi", "model": "openmp", "workers": "2", "outliers": "", "target_met": "no"},
                {"workload": "pi", "model": "openmp", "workers": "4", "outliers": "1", "target_met": ""}]
        q = quality.of_sweep(rows, summ, 12.3456)
        # timed: 0.5 + 0.25 + 0.5 + 0.5 = 1.75 s of ok repetitions; one wall per launch:
        # 1.0 + 1.5 + 0.5 = 3.0 s; 1.75 / 3.0 = 0.58333 -> 0.5833
        self.assertEqual(q, {"timed_seconds": 1.75, "launch_seconds": 3.0, "timed_fraction": 0.5833,
                             "measuring_seconds": 12.346, "launches": 3, "interference_launches": 1,
                             # each launch's steal and others once: 0.1 + 0.3, 0.2 + 0.4
                             "steal_seconds": 0.4, "other_cpu_seconds": 0.6,
                             "outliers": 3, "cells": 3, "cells_short_of_target": ["pi,openmp,2"],
                             "launch_noise": {}, "pair_noise": {}})
        # the launch noise given, and that of pairs, rounded to 4 places
        q = quality.of_sweep(rows, summ, 1.0, {"pi": 0.0123456}, {"pi": 0.00456789})
        self.assertEqual((q["launch_noise"], q["pair_noise"]), ({"pi": 0.0123}, {"pi": 0.0046}))

    def test_an_old_runs_csv_without_launches(self):
        # no launch numbers: every repetition was a launch of its own; 0.2 + 0.3 of 0.4 + 0.6
        rows = [runs_row(workload="pi", model="serial", workers="1", rep="1", seconds="0.2", wall_seconds="0.4"),
                runs_row(workload="pi", model="serial", workers="1", rep="2", seconds="0.3", wall_seconds="0.6")]
        q = quality.of_sweep(rows, [], 0.0)
        self.assertEqual((q["launches"], q["timed_seconds"], q["launch_seconds"], q["timed_fraction"]),
                         (2, 0.5, 1.0, 0.5))

    def test_nothing_launched(self):
        q = quality.of_sweep([], [], 0.0)
        self.assertEqual((q["launches"], q["timed_fraction"], q["cells_short_of_target"]), (0, None, []))


class AdviceTest(unittest.TestCase):
    def test_everything_wrong(self):
        q = {"cells_short_of_target": ["pi,openmp,2", "pi,openmp,4"], "interference_launches": 3,
             "timed_fraction": 0.5}
        got = quality.advice(q, 5)
        self.assertEqual(len(got), 3)
        self.assertTrue(got[0].startswith("2 of 5 cells did not reach the target interval"), got[0])
        self.assertIn("--budget", got[0])
        self.assertTrue(got[1].startswith("Some launches ran while other processes used the CPUs"), got[1])
        self.assertTrue(got[2].startswith("Less than 60 % of the launches' time"), got[2])

    def test_a_good_sweep_needs_no_advice(self):
        q = {"cells_short_of_target": [], "interference_launches": 0, "timed_fraction": 0.6}
        self.assertEqual(quality.advice(q, 5), [])   # 60 % is not less than 60 %
        self.assertEqual(quality.advice({}, 0), [])
        # a timed fraction that is no number (an old or hostile meta.json): no advice on it
        self.assertEqual(quality.advice({"timed_fraction": None}, 1), [])
        self.assertEqual(quality.advice({"timed_fraction": "0.1"}, 1), [])


if __name__ == "__main__":
    unittest.main()
