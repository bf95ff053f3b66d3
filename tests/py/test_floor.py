"""floor: the launch-level noise pooled per workload, and the floor it sets
under the intervals of configurations measured in few launches. Every
expected value is worked out by hand in the comments."""
import math
import unittest

import pbtest
from parbench import comparisons, floor, summary


class NoiseTest(unittest.TestCase):
    def test_pooled_per_workload_weighted_by_launches_less_one(self):
        # w/a: launch medians 1.0 and 1.2, mean 1.1, variance (0.1^2 + 0.1^2) / 1 = 0.02,
        # relative 0.02 / 1.21 = 0.0165289, weight 1; w/b: medians 2.0 (of 2.0, 2.0), 2.0,
        # 2.4, mean 2.13333, variance (0.017778 + 0.017778 + 0.071111) / 2 = 0.0533333,
        # relative 0.0533333 / 4.551111 = 0.0117188, weight 2; pooled (0.0165289 +
        # 2 x 0.0117188) / 3 = 0.0133221, sigma 0.115422. v has one launch: none.
        noise = floor.launch_noise({("w", "a", 1): [[1.0], [1.2]], ("w", "b", 2): [[2.0, 2.0], [2.0], [2.4]],
                                    ("v", "c", 1): [[5.0]]})
        self.assertEqual(set(noise), {"w", floor.ALL})
        self.assertAlmostEqual(noise["w"], 0.115422, places=5)
        # over the whole sweep: the same cells; v, with none of its own, takes it
        self.assertAlmostEqual(floor.sigma(noise, "v"), 0.115422, places=5)
        self.assertAlmostEqual(floor.sigma({"w": 0.1, floor.ALL: 0.2}, "w"), 0.1)
        self.assertIsNone(floor.sigma({}, "w"))

    def test_each_size_of_a_workload_is_a_class_of_its_own(self):
        # pi at size 50 (C): medians 1.0 and 1.02, mean 1.01, variance 2 x 0.01^2 = 0.0002,
        # relative 0.0002 / 1.0201 = 0.00019606, sigma 0.0140021; at size 1 (an
        # interpreter): 1.0 and 1.5, mean 1.25, variance 2 x 0.25^2 = 0.125, relative
        # 0.125 / 1.5625 = 0.08, sigma 0.282843; pi over both: (0.00019606 + 0.08) / 2 =
        # 0.040098, sigma 0.200245. A size takes the larger of its own and pi's: the
        # interpreter's own, C's pi's; a size without launches of its own, pi's.
        cells = {("pi", "c", 1): [[1.0], [1.02]], ("pi", "py", 1): [[1.0], [1.5]], ("pi", "c", 2): [[0.5]]}
        noise = floor.launch_noise(cells, {("pi", "c", 1): "50", ("pi", "py", 1): "1", ("pi", "c", 2): "50"})
        self.assertEqual(set(noise), {"pi/50", "pi/1", "pi", floor.ALL})
        self.assertAlmostEqual(noise["pi/50"], 0.0140021, places=6)
        self.assertAlmostEqual(floor.sigma(noise, "pi", "50"), 0.200245, places=6)
        self.assertAlmostEqual(floor.sigma(noise, "pi", "1"), 0.282843, places=6)
        self.assertAlmostEqual(floor.sigma(noise, "pi", "7"), 0.200245, places=6)
        self.assertAlmostEqual(floor.sigma(noise, "pi"), 0.200245, places=6)

    def test_the_sweeps_noise_pools_every_workload(self):
        # w: relative variance 0.0165289 (weight 1); v: medians 10 and 11, mean 10.5,
        # variance 0.5, relative 0.5 / 110.25 = 0.0045351 (weight 1): pooled (0.0165289
        # + 0.0045351) / 2 = 0.010532, sqrt 0.102626
        noise = floor.launch_noise({("w", "a", 1): [[1.0], [1.2]], ("v", "a", 1): [[10.0], [11.0]]})
        self.assertAlmostEqual(noise[floor.ALL], 0.102626, places=5)

    def test_half_widths(self):
        # 1.96 x 0.1 / sqrt(1) = 0.196; a ratio of 1 and 4 launches: 1.96 x 0.1 x sqrt(1
        # + 1/4) = 0.219135; of 1 and 3: 1.96 x 0.1 x sqrt(4/3) = 0.226321; 3 launches
        # alone, or both sides 3 or more: none (the bootstrap stands); no sigma: none
        self.assertAlmostEqual(floor.half(0.1, 1), 0.196)
        self.assertAlmostEqual(floor.half(0.1, 1, 4), 0.219135, places=6)
        self.assertAlmostEqual(floor.half(0.1, 1, 3), 0.226321, places=6)
        self.assertEqual((floor.half(0.1, 3), floor.half(0.1, 3, 5), floor.half(None, 1), floor.half(0.1, 0)),
                         (0.0, 0.0, 0.0, 0.0))

    def test_widen_keeps_the_wider(self):
        # exp(-0.196) = 0.8220122, exp(0.196) = 1.2165271: 2 x those = 1.644024, 2.433054
        v, lo, hi = floor.widen((2.0, 1.9, 2.1), 0.196)
        self.assertEqual(v, 2.0)
        self.assertAlmostEqual(lo, 1.644024, places=6)
        self.assertAlmostEqual(hi, 2.433054, places=6)
        self.assertEqual(floor.widen((2.0, 1.0, 3.0), 0.196), (2.0, 1.0, 3.0))
        self.assertEqual(floor.widen(None, 0.196), None)


class ClassFloorTest(unittest.TestCase):
    def test_a_comparison_takes_its_own_sizes_noise_where_larger(self):
        # mandelbrot at size 400 (C): serial 1.0 and 1.01 s, openmp and pthreads at 4
        # workers 0.3 and 0.303: 3 degrees of freedom of relative variance 0.0000495
        # each (mean 1.005, variance 2 x 0.005^2 = 0.00005, over 1.010025; the same
        # for 0.3 and 0.303). At size 64 (as a build kind with a preset of its own
        # runs): pthreads at 2 workers 1.0 and 1.5 s, relative variance 0.125 / 1.5625 =
        # 0.08, sigma 0.282843. mandelbrot over both: (3 x 0.0000495 + 0.08) / 4 =
        # 0.0200371, sigma 0.141553.
        # At 2 workers, pthreads over openmp's one launch of 0.8 s: 1.25 / 0.8 = 1.5625,
        # floored by its size's own sigma, the larger: 1.96 x 0.282843 x sqrt(1/2 + 1)
        # = 0.678964, down to 1.5625 x exp(-0.678964) = 0.7924, a tie. By mandelbrot's
        # pooled sigma it would be 1.96 x 0.141553 x sqrt(1.5) = 0.339797, down to 1.1124:
        # slower, on one launch of an interpreter that moves 28 % between launches.
        # At 1 worker, C's own sigma (0.0070) is below mandelbrot's: serial over
        # openmp's 0.8 s, 1.005 / 0.8 = 1.25625 (1.2562), floored by mandelbrot's,
        # 1.25625 x exp(-+0.339797) = [0.8943, 1.7646], a tie.
        rows = (pbtest.cell_rows(("mandelbrot", "serial", 1), [[1.0], [1.01]], size=400)
                + pbtest.cell_rows(("mandelbrot", "openmp", 1), [[0.8]], size=400)
                + pbtest.cell_rows(("mandelbrot", "openmp", 4), [[0.3], [0.303]], size=400)
                + pbtest.cell_rows(("mandelbrot", "pthreads", 4), [[0.3], [0.303]], size=400)
                + pbtest.cell_rows(("mandelbrot", "pthreads", 2), [[1.0], [1.5]], size=64)
                + pbtest.cell_rows(("mandelbrot", "openmp", 2), [[0.8]], size=64))
        got = {(c["workers"], c["model_a"], c["model_b"]): c
               for c in comparisons.compare(rows, pbtest.models(self), 1, 0.03)}
        c = got[("2", "pthreads", "openmp")]
        self.assertEqual((c["ratio"], c["ratio_low"], c["ratio_high"], c["verdict"]),
                         ("1.5625", "0.7924", "3.0810", "tie"))
        c = got[("1", "serial", "openmp")]
        self.assertEqual((c["ratio"], c["ratio_low"], c["ratio_high"], c["verdict"]),
                         ("1.2562", "0.8943", "1.7646", "tie"))
        # summary.csv's intervals take the same floor: openmp at 2 workers (size 64),
        # one launch, 0.8 x exp(-+1.96 x 0.282843) = [0.459546, 1.39268]; at 1 worker
        # (size 400), by mandelbrot's, 0.8 x exp(-+1.96 x 0.141553) = [0.606175, 1.0558]
        summ = {(r["workers"], r["model"]): r for r in summary.summarize(rows, pbtest.models(self), 2)}
        self.assertEqual([(summ[k]["median_low"], summ[k]["median_high"]) for k in (("2", "openmp"), ("1", "openmp"))],
                         [("0.459546", "1.39268"), ("0.606175", "1.0558")])


class PairNoiseTest(unittest.TestCase):
    def test_the_spread_of_side_by_side_ratios(self):
        # w at 2 workers: a's launches 1.0, 2.0, 1.0, 2.0 (the machine moved between
        # rounds), b's the same over exp(d) with d = 0, 0.1, 0, 0.1: log(a/b) = d, mean
        # 0.05, variance 4 x 0.05^2 / 3 = 0.0033333, times 3 degrees of freedom 0.01;
        # c shares one launch with each: nothing. v: log(2/1), log(3/1.5) = 0.693147 twice,
        # 1 degree of freedom: too few (PAIRED_DOF 3), and w's pairs do not stand for v's.
        # w: sqrt(0.01 / 3) = 0.057735.
        d = (0.0, 0.1, 0.0, 0.1)
        a = {1: 1.0, 2: 2.0, 3: 1.0, 4: 2.0}
        groups = {("w", 2, "9"): {"a": a, "b": {k: v / math.exp(d[k - 1]) for k, v in a.items()}, "c": {1: 3.0}},
                  ("v", 1, "5"): {"a": {1: 2.0, 2: 3.0}, "b": {1: 1.0, 2: 1.5}}}
        noise = floor.pair_noise(groups)
        self.assertEqual(set(noise), {"w/9"})
        self.assertAlmostEqual(noise["w/9"], 0.057735, places=6)
        self.assertEqual(floor.pair_noise({("v", 1, "5"): groups[("v", 1, "5")]}), {})

    def test_half_widths_of_pairs(self):
        # 1.96 x 0.1 / sqrt(1) = 0.196, for 1 launch against any; 2 pairs: / sqrt(2) =
        # 0.138593; 3 pairs or more: the bootstrap stands; no sigma: none
        self.assertAlmostEqual(floor.half_paired(0.1, 1, 4), 0.196)
        self.assertAlmostEqual(floor.half_paired(0.1, 2, 2), 0.138593, places=6)
        self.assertEqual((floor.half_paired(0.1, 3, 3), floor.half_paired(None, 1, 1), floor.half_paired(0.1, 0, 1)),
                         (0.0, 0.0, 0.0))

    def test_a_comparison_takes_the_floor_of_pairs(self):
        # triad at 2 workers, four rounds side by side: openmp 1.0, 2.0, 1.0, 2.0 s (the
        # bus moved between rounds), pthreads the same over exp(d), d = 0, 0.1, 0, 0.1:
        # sigma of pairs 0.057735 (above). Each cell's own launches spread far more
        # (medians 1.0 and 2.0). At 1 worker, one launch each: serial 1.2 s, openmp 1.0 s,
        # 1.2 apart. The floor of their ratio, one pair: 1.96 x 0.057735 = 0.113161:
        # 1.2 x exp(-+0.113161) = [1.0716, 1.3438], over 1 and the threshold: slower.
        # With the floor of single cells the interval would hold 1: a tie.
        d = (0.0, 0.1, 0.0, 0.1)
        omp = [[1.0], [2.0], [1.0], [2.0]]
        rows = (pbtest.cell_rows(("triad", "openmp", 2), omp)
                + pbtest.cell_rows(("triad", "pthreads", 2), [[x[0] / math.exp(d[i])] for i, x in enumerate(omp)])
                + pbtest.cell_rows(("triad", "serial", 1), [[1.2]])
                + pbtest.cell_rows(("triad", "openmp", 1), [[1.0]]))
        models = pbtest.models(self)
        got = {(c["workers"], c["model_a"], c["model_b"]): c for c in comparisons.compare(rows, models, 1, 0.03)}
        c = got[("1", "serial", "openmp")]
        self.assertEqual((c["ratio"], c["ratio_low"], c["ratio_high"], c["verdict"]),
                         ("1.2000", "1.0716", "1.3438", "slower"))
        # the floor of single cells: sigma of launch medians 1, 2, 1, 2 (and pthreads'):
        # far wider, a tie
        single = floor.half(floor.sigma(floor.launch_noise({("triad", "openmp", 2): omp}), "triad"), 1, 1)
        self.assertLess(1.2 * math.exp(-single), 1.0)
        # spawn's models each pay their own primitive: no floor of pairs there
        rows = [dict(r, workload="spawn") for r in rows]
        got = {(c["workers"], c["model_a"], c["model_b"]): c for c in comparisons.compare(rows, models, 1, 0.03)}
        self.assertEqual(got[("1", "serial", "openmp")]["verdict"], "tie")


# serial: 2 launches of one repetition, 1.0 and 1.2 (the noise: medians 1.0 and 1.2,
# sigma sqrt(0.0165289) = 0.1285648); openmp at 2 workers: one launch, 0.5 three
# times; pthreads at 2: one launch, 0.52 three times
ROWS = (pbtest.cell_rows(("pi", "serial", 1), [[1.0], [1.2]])
        + pbtest.cell_rows(("pi", "openmp", 2), [[0.5, 0.5, 0.5]])
        + pbtest.cell_rows(("pi", "pthreads", 2), [[0.52, 0.52, 0.52]]))


class SummaryFloorTest(unittest.TestCase):
    def setUp(self):
        self.models = pbtest.models(self)
        self.by = {(r["model"], r["workers"]): r for r in summary.summarize(ROWS, self.models, 2, seed=1)}

    def test_one_launch_is_not_sure_of_itself(self):
        # openmp's bootstrap: always 0.5, [0.5, 0.5]. The floor: 1.96 x 0.1285648 / 1 =
        # 0.2519869 in log: 0.5 x exp(-0.2519869) = 0.388627, 0.5 x exp(0.2519869) =
        # 0.643290; ci_rel (0.643290 - 0.388627) / 2 / 0.5 = 0.2547
        r = self.by[("openmp", "2")]
        self.assertEqual((r["median"], r["median_low"], r["median_high"], r["ci_rel"], r["target_met"]),
                         ("0.5", "0.388627", "0.64329", "0.2547", "no"))

    def test_a_speedup_over_two_cells_of_few_launches(self):
        # serial's median 1.1 over 0.5: 2.2. The floor: 1.96 x 0.1285648 x sqrt(1/2 + 1/1)
        # = 0.3086197: 2.2 x exp(-0.3086197) = 1.6158, 2.2 x exp(0.3086197) = 2.9954; the
        # bootstrap's own [1.0/0.5, 1.2/0.5] = [2, 2.4] lies inside
        r = self.by[("openmp", "2")]
        self.assertEqual((r["speedup_serial"], r["speedup_serial_low"], r["speedup_serial_high"]),
                         ("2.2000", "1.6158", "2.9954"))

    def test_without_noise_the_bootstrap_alone(self):
        by = {(r["model"], r["workers"]): r for r in summary.summarize(ROWS, self.models, 2, seed=1, noise={})}
        self.assertEqual((by[("openmp", "2")]["median_low"], by[("openmp", "2")]["median_high"]), ("0.5", "0.5"))

    def test_a_difference_of_four_percent_in_one_launch_each_is_a_tie(self):
        # openmp 0.5 against pthreads 0.52: 0.9615, and each bootstrap is constant, so
        # without the floor the interval is [0.9615, 0.9615]: "faster" (over the 3 %
        # threshold). The floor: 1.96 x 0.1285648 x sqrt(2) = 0.3563634: 1.04 x
        # exp(-+0.3563634) = [0.7282, 1.4853] holds 1: a tie
        alone = comparisons.compare(ROWS, self.models, 1, 0.03, noise={})
        floored = comparisons.compare(ROWS, self.models, 1, 0.03)
        pick = [c for c in alone if (c["model_a"], c["model_b"]) == ("pthreads", "openmp")]
        self.assertEqual([(c["ratio"], c["ratio_low"], c["ratio_high"], c["verdict"]) for c in pick],
                         [("1.0400", "1.0400", "1.0400", "slower")])
        pick = [c for c in floored if (c["model_a"], c["model_b"]) == ("pthreads", "openmp")]
        self.assertEqual([(c["ratio_low"], c["ratio_high"], c["verdict"]) for c in pick],
                         [("0.7282", "1.4853", "tie")])


if __name__ == "__main__":
    unittest.main()
