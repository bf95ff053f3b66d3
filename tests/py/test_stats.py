"""stats, sampling and comparisons: intervals, verdicts, outliers and the
choice of repetitions per launch, against values worked out by hand."""
import random
import unittest

import pbtest
from parbench import comparisons, registry, sampling, stats, summary


class PercentileTest(unittest.TestCase):
    def test_interpolates(self):
        # [1, 2, 3, 4]: position 0.5 * 3 = 1.5 -> 2.5; 0.25 * 3 = 0.75 -> 1.75
        self.assertEqual(stats.percentile([1, 2, 3, 4], 0.5), 2.5)
        self.assertEqual(stats.percentile([1, 2, 3, 4], 0.25), 1.75)
        self.assertEqual(stats.percentile([7], 0.975), 7)


class IntervalTest(unittest.TestCase):
    def test_constant_data_give_an_exact_interval(self):
        self.assertEqual(stats.median_ci([[5.0, 5.0], [5.0, 5.0, 5.0]], random.Random(1)), (5.0, 5.0, 5.0))

    def test_the_same_seed_gives_the_same_interval(self):
        data = [[1.0, 1.2, 0.9], [1.1, 1.3, 1.0], [0.95, 1.05, 1.15]]
        a = stats.median_ci(data, random.Random("x"))
        b = stats.median_ci(data, random.Random("x"))
        self.assertEqual(a, b)
        # the median of the nine values: sorted .9 .95 1 1 1.05 1.1 1.15 1.2 1.3 -> 1.05
        self.assertEqual(a[0], 1.05)
        self.assertTrue(0.9 <= a[1] <= a[0] <= a[2] <= 1.3)

    def test_no_data(self):
        self.assertIsNone(stats.median_ci([], random.Random(1)))
        self.assertIsNone(stats.ratio_ci([[1.0]], [], random.Random(1)))

    def test_ratio_of_constants(self):
        # 2.0 / 4.0 = 0.5, whatever is drawn
        self.assertEqual(stats.ratio_ci([[2.0, 2.0]], [[4.0], [4.0]], random.Random(2)), (0.5, 0.5, 0.5))

    def test_a_ratio_interval_is_not_a_ratio_of_intervals(self):
        # A is 0.9 of B, each with its own spread: the interval brackets 0.9
        rng = random.Random(5)
        a = [[0.9 * (1 + 0.01 * rng.random()) for _ in range(5)] for _ in range(4)]
        b = [[1.0 * (1 + 0.01 * rng.random()) for _ in range(5)] for _ in range(4)]
        r, lo, hi = stats.ratio_ci(a, b, random.Random(3))
        self.assertTrue(lo < r < hi and 0.88 < lo and hi < 0.92, (r, lo, hi))


class VerdictTest(unittest.TestCase):
    def test_rules(self):
        cases = [((0.90, 0.85, 0.95), "faster"),   # interval below 1, 10 % apart
                 ((1.10, 1.05, 1.20), "slower"),
                 ((0.95, 0.90, 1.01), "tie"),      # the interval holds 1
                 ((1.02, 1.01, 1.03), "tie"),      # 2 %: under the 3 % threshold
                 ((0.97, 0.965, 0.975), "faster")]  # exactly 3 % apart is not under it
        for args, want in cases:
            self.assertEqual(stats.verdict(*args, 0.03), want, args)


class OutlierTest(unittest.TestCase):
    def test_iglewicz_hoaglin(self):
        # median 2.45; |x - 2.45| sorted: .05 .05 .15 .15 .15 .15 .35 .35 5.75 5.85 -> MAD 0.15;
        # 8.2: 0.6745 x 5.75 / 0.15 = 25.9 > 3.5; 2.1: 0.6745 x 0.35 / 0.15 = 1.57
        data = [2.1, 2.6, 2.4, 2.5, 2.3, 2.1, 2.3, 2.6, 8.2, 8.3]
        self.assertEqual(stats.mad_outliers(data), [False] * 8 + [True, True])

    def test_no_spread_no_outliers(self):
        self.assertEqual(stats.mad_outliers([1.0, 1.0, 1.0, 5.0]), [False] * 4)


class RepsPerLaunchTest(unittest.TestCase):
    def test_variance_levels(self):
        # within: var(1,3) = var(5,7) = 2; means 2 and 6, var 8; between = 8 - 2/2 = 7
        self.assertEqual(stats.variance_levels([[1, 3], [5, 7]]), (2.0, 7.0))
        self.assertIsNone(stats.variance_levels([[1, 3]]))

    def test_kalibera_jones_optimum(self):
        # sqrt(launch 1.0 x within 2 / (rep 0.02 x between 7)) = sqrt(14.29) = 3.78 -> 4
        self.assertEqual(stats.reps_per_launch([[1, 3], [5, 7]], 1.0, 0.02), 4)
        # no variance between launches: as many as allowed
        self.assertEqual(stats.reps_per_launch([[1.0, 1.1], [1.0, 1.1]], 1.0, 0.1), 30)
        # unknown levels: 3
        self.assertEqual(stats.reps_per_launch([[1.0]], 1.0, 0.1), 3)


def rows(cell, launches, status="ok", flags=""):
    """Returns runs.csv rows of CELL (workload, model, workers): one launch
    per list of seconds, repetitions numbered on."""
    out, rep = [], 0
    for k, secs in enumerate(launches, 1):
        for s in secs:
            rep += 1
            out.append({"workload": cell[0], "model": cell[1], "workers": str(cell[2]), "ranks": "1", "threads": "1",
                        "size": "5", "rep": str(rep), "seconds": str(s), "wall_seconds": "0.5", "status": status,
                        "verified": "yes", "launch": str(k), "flags": flags, "cpu_seconds": "0.1",
                        "gbps": "", "mlups": "", "cold_us": "", "warm_us": "", "checksum": "3", "log": "", "cpus": ""})
    return out


class SamplerTest(unittest.TestCase):
    cell = ("pi", "serial", 1)

    def test_constant_times_reach_the_target_after_three_launches(self):
        cells = sampling.cells_from([self.cell], {"pi": ("--size", "5")}, rows(self.cell, [[1.0] * 3] * 3))
        s = sampling.Sampler(cells, budget=100, target=0.02, seed=1)
        self.assertEqual(cells[self.cell].done, "target")
        self.assertEqual(s.next_round(), [])

    def test_two_launches_are_not_enough(self):
        cells = sampling.cells_from([self.cell], {"pi": ("--size", "5")}, rows(self.cell, [[1.0] * 3] * 2))
        s = sampling.Sampler(cells, budget=100, target=0.02, seed=1)
        (job,) = s.next_round()
        # the third launch, repetitions numbered on from 7
        self.assertEqual((job.launch, job.first), (3, 7))

    def test_the_budget_ends_a_cell(self):
        # 3 launches of 0.5 s spent, budget 1 s: done for the budget, however noisy
        cells = sampling.cells_from([self.cell], {"pi": ()}, rows(self.cell, [[1.0, 2.0, 3.0]] * 3))
        sampling.Sampler(cells, budget=1.0, target=0.0001, seed=1)
        self.assertEqual(cells[self.cell].done, "budget")

    def test_failures_end_a_cell(self):
        cells = sampling.cells_from([self.cell], {"pi": ()}, rows(self.cell, [[1.0], [1.0]], status="failed"))
        sampling.Sampler(cells, budget=100, target=0.02, seed=1)
        self.assertEqual(cells[self.cell].done, "failed")


class WinnersTest(unittest.TestCase):
    def setUp(self):
        self.models = registry.load(pbtest.write(pbtest.scratch(self) + "/models.conf", pbtest.REGISTRY))

    def run_cells(self, times):
        rs = []
        for (m, p), t in times.items():
            rs += rows(("pi", m, p), [[t * (1 + 0.001 * i) for i in range(3)] for _ in range(4)])
        summ = summary.summarize(rs, self.models, 2, seed=1)
        return comparisons.compare(rs, self.models, 1, 0.03), summ

    def test_a_clear_winner_and_a_tie(self):
        comps, summ = self.run_cells({("serial", 1): 1.0, ("pthreads", 1): 1.0, ("openmp", 1): 1.2,
                                      ("pthreads", 2): 0.5, ("openmp", 2): 0.6})
        ws = comparisons.winners(comps, summ)
        self.assertEqual(sorted(ws[("pi", "1")]), ["pthreads", "serial"])
        self.assertEqual(ws[("pi", "2")], ["pthreads"])
        row = next(r for r in summ if r["model"] == "pthreads" and r["workers"] == "2")
        # speedup 1.0 / 0.5 = 2 within its interval; the same 4 launches: exact
        self.assertEqual(row["speedup_self"], "2.0000")
        self.assertTrue(float(row["speedup_self_low"]) <= 2.0 <= float(row["speedup_self_high"]))
        self.assertEqual(row["target_met"], "yes")


if __name__ == "__main__":
    unittest.main()
