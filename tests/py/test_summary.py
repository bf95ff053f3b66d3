"""summary: medians, speedups, efficiencies, Karp-Flatt and the Amdahl fit.
Every expected value is worked out by hand in the comments."""
import math
import unittest

import pbtest
from parbench import schema, summary


def row(w, m, p, rep, seconds, status="ok", **extra):
    r = {c: "" for c in schema.RUNS_COLUMNS}
    r.update(workload=w, model=m, workers=str(p), ranks="1", threads=str(p), size="100", rep=str(rep),
             seconds="" if seconds is None else str(seconds), status=status,
             verified={"ok": "yes", "wrong": "no"}.get(status, ""), log=f"logs/{m}-{w}-P{p}.log")
    r.update({k: str(v) for k, v in extra.items()})
    return r


# A runs table in no particular order.
ROWS = [
    row("pi", "openmp", 2, 1, 0.6, gbps=10),
    row("pi", "serial", 1, 2, 1.2),
    row("pi", "openmp", 4, 1, 0.4),
    row("pi", "openmp", 2, 3, None, status="failed"),
    row("pi", "openmp", 1, 1, 0.9),
    row("pi", "mpi", 2, 1, 0.5),                              # not in the registry: sorted last
    row("pi", "openmp", 2, 4, 0.01, status="wrong", gbps=99),  # not ok: left out, counted failed
    row("pi", "serial", 1, 1, 1.0),
    row("pi", "pthreads", 1, 1, None, status="timeout"),
    row("pi", "openmp", 2, 2, 0.65, gbps=12),
    row("pi", "pthreads", 2, 1, 0.5),
    row("pi", "serial", 1, 3, 1.1),
    row("pi", "openmp", 1, 2, 1.1),
    row("pi", "openmp", "x", 1, 0.1),                         # workers not a number: ignored
    row("mandelbrot", "serial", 1, 1, 0.5),
    row("spawn", "serial", 1, 1, 0.001, cold_us=5, warm_us=1),
    row("spawn", "openmp", 1, 1, 0.002, cold_us=100, warm_us=2),
    row("spawn", "openmp", 2, 1, 0.003, cold_us=200, warm_us=3),
]


class SummarizeTest(unittest.TestCase):
    def setUp(self):
        self.models = pbtest.models(self)  # serial, pthreads, openmp
        # the bootstrap's intervals alone (the launch-level floor: FloorTest)
        self.summ = summary.summarize(ROWS, self.models, cores=2, noise={})
        self.by = {(r["workload"], r["model"], r["workers"]): r for r in self.summ}

    def test_order_workload_registry_workers(self):
        self.assertEqual([(r["workload"], r["model"], r["workers"]) for r in self.summ], [
            ("mandelbrot", "serial", "1"),
            ("pi", "serial", "1"), ("pi", "pthreads", "1"), ("pi", "pthreads", "2"),
            ("pi", "openmp", "1"), ("pi", "openmp", "2"), ("pi", "openmp", "4"), ("pi", "mpi", "2"),
            ("spawn", "serial", "1"), ("spawn", "openmp", "1"), ("spawn", "openmp", "2")])

    def test_every_row_has_only_schema_columns(self):
        for r in self.summ:
            self.assertLessEqual(set(r), set(schema.SUMMARY_COLUMNS))

    def test_odd_count(self):
        r = self.by[("pi", "serial", "1")]
        # 1.0, 1.1, 1.2: median 1.1; spread (1.2 - 1.0) / 1.1 = 0.181818...
        self.assertEqual((r["n"], r["median"], r["min"], r["max"], r["spread"]), ("3", "1.1", "1", "1.2", "0.1818"))
        self.assertEqual((r["speedup_serial"], r["speedup_self"], r["efficiency"]), ("1.0000", "1.0000", "1.0000"))
        self.assertEqual(r.get("karp_flatt", ""), "")  # P = 1
        self.assertEqual(r["failed"], "0")

    def test_even_count(self):
        r = self.by[("pi", "openmp", "1")]
        # 0.9, 1.1: median (0.9 + 1.1) / 2 = 1.0; spread 0.2 / 1.0; vs serial 1.1 / 1.0
        self.assertEqual((r["n"], r["median"], r["min"], r["max"], r["spread"]), ("2", "1", "0.9", "1.1", "0.2000"))
        self.assertEqual((r["speedup_serial"], r["speedup_self"], r["efficiency"]), ("1.1000", "1.0000", "1.0000"))

    def test_speedups_and_karp_flatt(self):
        r = self.by[("pi", "openmp", "2")]
        # ok: 0.6, 0.65 -> median 0.625, spread 0.05 / 0.625 = 0.08; one failed and one wrong row left out
        self.assertEqual((r["n"], r["failed"], r["median"], r["min"], r["max"], r["spread"]),
                         ("2", "2", "0.625", "0.6", "0.65", "0.0800"))
        # vs serial 1.1 / 0.625 = 1.76; vs self 1.0 / 0.625 = 1.6; efficiency 1.6 / 2 = 0.8
        # Karp-Flatt (1/1.6 - 1/2) / (1 - 1/2) = (0.625 - 0.5) / 0.5 = 0.25
        self.assertEqual((r["speedup_serial"], r["speedup_self"], r["efficiency"], r["karp_flatt"]),
                         ("1.7600", "1.6000", "0.8000", "0.2500"))
        # gbps: median of the ok rows 10 and 12 (the wrong row's 99 is left out)
        self.assertEqual(r["gbps"], "11")
        r = self.by[("pi", "openmp", "4")]
        # 0.4: vs serial 1.1 / 0.4 = 2.75; vs self 2.5; efficiency 2.5 / 4 = 0.625;
        # Karp-Flatt (1/2.5 - 1/4) / (1 - 1/4) = 0.15 / 0.75 = 0.2
        self.assertEqual((r["speedup_serial"], r["speedup_self"], r["efficiency"], r["karp_flatt"]),
                         ("2.7500", "2.5000", "0.6250", "0.2000"))

    def test_no_good_run(self):
        r = self.by[("pi", "pthreads", "1")]
        self.assertEqual((r["n"], r["failed"], r.get("median", "")), ("0", "1", ""))
        r = self.by[("pi", "pthreads", "2")]
        # no pthreads median at 1 worker: no speedup_self, no fit; vs serial 1.1 / 0.5 = 2.2
        self.assertEqual((r["speedup_serial"], r.get("speedup_self", ""), r.get("amdahl_f", "")), ("2.2000", "", ""))

    def test_amdahl_fit_up_to_the_cores(self):
        # cores = 2: only P = 2 is fitted, S = 1.6 -> f + (1 - f)/2 = 1/1.6 -> f = 0.25, exact
        for p in ("1", "2", "4"):
            r = self.by[("pi", "openmp", p)]
            self.assertEqual((r["amdahl_f"], r["amdahl_f_err"]), ("0.25", ""), p)
        self.assertEqual(self.by[("pi", "serial", "1")].get("amdahl_f", ""), "")

    def test_a_cost_workload_gets_no_fit(self):
        for r in self.summ:
            if r["workload"] == "spawn":
                self.assertEqual(r.get("amdahl_f", ""), "", r)
        self.assertEqual(self.by[("spawn", "openmp", "2")]["cold_us"], "200")
        self.assertEqual(self.by[("spawn", "openmp", "2")]["warm_us"], "3")
        self.assertTrue(summary.is_cost_workload(ROWS, "spawn"))
        self.assertFalse(summary.is_cost_workload(ROWS, "pi"))

    def test_fits_of_counts_what_was_fitted(self):
        # the fit used P = 2 only (cores = 2): one count above 1, the largest 2
        self.assertEqual(summary.fits_of(self.summ, "pi", 2), [("openmp", "0.25", "", 1, 2)])

    def test_fits_of_a_hostile_summary(self):
        # summary.csv comes from elsewhere (scripts/plots): a fit without any median must not crash
        rows = [{"workload": "pi", "model": "openmp", "workers": "2", "n": "0", "median": "",
                 "amdahl_f": "0.1", "amdahl_f_err": ""}]
        try:
            got = summary.fits_of(rows, "pi", 2)
        except ValueError as e:
            self.fail(f"fits_of raised {e!r}")
        self.assertEqual(got, [])

    def test_table(self):
        lines = summary.table(self.summ, self.models).splitlines()
        fields = next(x.split() for x in lines if x.split()[:2] == ["openmp", "2"])
        # median 0.6250; its interval [0.6, 0.65] (two launches of one repetition:
        # either end has probability 1/4), half its width over the median
        # 0.025 / 0.625 = 4.0%; spread 8%, 1.76 vs serial, 1.60 vs P=1, 80%,
        # Karp-Flatt 0.250, 2 failed; no winners given: nothing under best
        self.assertEqual(fields, ["openmp", "2", "0.6250", "4.0%", "8%", "1.76", "1.60", "80%", "0.250", "2"])
        self.assertIn("pi (size 100): median of the verified repetitions, its 95 % interval; "
                      "best: * faster than all, = tied", lines)
        header = next(x.split() for x in lines if x.split()[:1] == ["model"])
        self.assertEqual(header[-2:], ["failed", "best"])
        self.assertIn("+-95%", header)
        # no good run: '-' for every number, its failure counted
        fields = next(x.split() for x in lines if x.split()[:2] == ["pthreads", "1"])
        self.assertEqual(fields, ["pthreads", "1", "-", "-", "-", "-", "-", "-", "-", "1"])

    def test_table_marks_the_winners(self):
        # openmp alone at pi P=4: '*'; serial and openmp tied at pi P=1: '='
        winners = {("pi", "4"): ["openmp"], ("pi", "1"): ["serial", "openmp"]}
        pi = [r for r in self.summ if r["workload"] == "pi"]
        lines = summary.table(pi, self.models, winners).splitlines()

        def best(m, p):
            return next(x.split() for x in lines if x.split()[:2] == [m, p])[-1]
        self.assertEqual(best("openmp", "4"), "*")
        self.assertEqual((best("serial", "1"), best("openmp", "1")), ("=", "="))
        # openmp at P=2 is no winner: its last field is the failed count
        self.assertEqual(best("openmp", "2"), "2")

SERIAL, OMP1, OMP2, OMP4 = ("pi", "serial", 1), ("pi", "openmp", 1), ("pi", "openmp", 2), ("pi", "openmp", 4)
PT1, PT2 = ("pi", "pthreads", 1), ("pi", "pthreads", 2)

# Launches of several repetitions, with interference and CPU time.
LAUNCHED = (
    # serial: 3 launches of 3 repetitions of 2.0 s; the launches' CPU seconds 6.3,
    # 6.6 and 7.5, per repetition 2.1, 2.2 and 2.5
    pbtest.launch_rows(SERIAL, 1, [2.0] * 3, 1, cpu_seconds="6.3")
    + pbtest.launch_rows(SERIAL, 2, [2.0] * 3, 4, cpu_seconds="6.6")
    + pbtest.launch_rows(SERIAL, 3, [2.0] * 3, 7, cpu_seconds="7.5")
    # openmp at 1 worker: two launches of one repetition, 1.8 and 2.2
    + pbtest.cell_rows(OMP1, [[1.8], [2.2]])
    # openmp at 2 workers: one launch, constant 1.0
    + pbtest.cell_rows(OMP2, [[1.0] * 3])
    # openmp at 4: two quiet launches of 0.5, one under interference of 0.9 twice
    + pbtest.cell_rows(OMP4, [[0.5], [0.5]])
    + pbtest.launch_rows(OMP4, 3, [0.9, 0.9], 3, flags="interference")
    # pthreads at 2: one quiet launch, one under interference: fewer than 2 quiet ones
    + pbtest.launch_rows(PT2, 1, [0.6], 1)
    + pbtest.launch_rows(PT2, 2, [0.8], 2, flags="interference")
    # pthreads at 1: one launch, one repetition far out
    + pbtest.cell_rows(PT1, [[1.0, 1.0, 1.1, 0.9, 5.0]])
)


class IntervalColumnsTest(unittest.TestCase):
    def setUp(self):
        self.models = pbtest.models(self)
        # the bootstrap's intervals alone (the launch-level floor: FloorTest)
        summ = summary.summarize(LAUNCHED, self.models, cores=4, seed=3, target=0.02, noise={})
        self.by = {(r["workload"], r["model"], int(r["workers"])): r for r in summ}

    def cols(self, key, *names):
        return tuple(self.by[key].get(n, "") for n in names)

    def test_constant_data(self):
        # every bootstrap sample of 2.0s has the median 2.0: low = high = median
        self.assertEqual(self.cols(SERIAL, "n", "launches", "median", "median_low", "median_high", "ci_rel",
                                   "target_met"),
                         ("9", "3", "2", "2", "2", "0.0000", "yes"))
        # over itself: exactly 1
        self.assertEqual(self.cols(SERIAL, "speedup_serial", "speedup_serial_low", "speedup_serial_high"),
                         ("1.0000", "1.0000", "1.0000"))
        # one launch, constant too
        self.assertEqual(self.cols(OMP2, "n", "launches", "median", "median_low", "median_high", "ci_rel"),
                         ("3", "1", "1", "1", "1", "0.0000"))

    def test_two_launches_of_one_repetition(self):
        # a resample's median is 1.8 (both draws 1.8) with probability 1/4, 2.2 likewise,
        # else 2.0: the interval is [1.8, 2.2]; half its width over the median 0.2 / 2
        # = 0.1, over the target 0.02
        self.assertEqual(self.cols(OMP1, "median", "median_low", "median_high", "ci_rel", "target_met"),
                         ("2", "1.8", "2.2", "0.1000", "no"))
        # with a target of 15 % it was met
        summ = summary.summarize(LAUNCHED, self.models, cores=4, seed=3, target=0.15, noise={})
        r = next(x for x in summ if (x["model"], x["workers"]) == ("openmp", "1"))
        self.assertEqual(r["target_met"], "yes")
        # serial's 2.0 always over {1.8, 2.0, 2.2}: 2 / 2.2 = 0.9091 to 2 / 1.8 = 1.1111 around 1
        self.assertEqual(self.cols(OMP1, "speedup_serial", "speedup_serial_low", "speedup_serial_high"),
                         ("1.0000", "0.9091", "1.1111"))

    def test_speedup_intervals_bracket_the_speedup(self):
        # over serial: 2.0 / 1.0 = 2, both constant: [2, 2]
        self.assertEqual(self.cols(OMP2, "speedup_serial", "speedup_serial_low", "speedup_serial_high"),
                         ("2.0000", "2.0000", "2.0000"))
        # over itself at 1 worker, {1.8, 2.0, 2.2} / 1.0: 2 in [1.8, 2.2]; efficiency over
        # 2 workers: 1 in [0.9, 1.1]; Karp-Flatt (1/2 - 1/2) / (1 - 1/2) = 0
        self.assertEqual(self.cols(OMP2, "speedup_self", "speedup_self_low", "speedup_self_high", "efficiency",
                                   "efficiency_low", "efficiency_high", "karp_flatt"),
                         ("2.0000", "1.8000", "2.2000", "1.0000", "0.9000", "1.1000", "0.0000"))
        for key in (OMP1, OMP2, OMP4):
            for col in ("speedup_serial", "speedup_self", "efficiency"):
                v, lo, hi = (float(x) for x in self.cols(key, col, f"{col}_low", f"{col}_high"))
                self.assertTrue(lo <= v <= hi, (key, col, lo, v, hi))

    def test_interference(self):
        # 2 quiet launches: the flagged one (0.9, 0.9) is left out and its 2 repetitions counted
        self.assertEqual(self.cols(OMP4, "n", "launches", "interference", "median", "min", "max"),
                         ("2", "2", "2", "0.5", "0.5", "0.5"))
        # 1 quiet launch: the flagged one is used (0.6, 0.8: median 0.7) and not counted
        self.assertEqual(self.cols(PT2, "n", "launches", "interference", "median", "min", "max"),
                         ("2", "2", "0", "0.7", "0.6", "0.8"))

    def test_cpu_seconds(self):
        # per repetition 6.3 / 3 = 2.1, 6.6 / 3 = 2.2, 7.5 / 3 = 2.5: the median 2.2
        self.assertEqual(self.cols(SERIAL, "cpu_seconds"), ("2.2",))
        # no CPU time recorded: empty
        self.assertEqual(self.cols(OMP1, "cpu_seconds"), ("",))

    def test_outliers(self):
        # 1.0 1.0 1.1 0.9 5.0: median 1.0, deviations 0 0 0.1 0.1 4.0, MAD 0.1;
        # 5.0: 0.6745 x 4.0 / 0.1 = 27 > 3.5; 1.1: 0.6745 x 0.1 / 0.1 = 0.67
        self.assertEqual(self.cols(PT1, "n", "median", "outliers"), ("5", "1", "1"))
        # constant: no spread, no outlier
        self.assertEqual(self.cols(SERIAL, "outliers"), ("0",))

    def test_the_same_seed_the_same_intervals(self):
        again = summary.summarize(LAUNCHED, self.models, cores=4, seed=3, target=0.02, noise={})
        self.assertEqual(again, list(self.by.values()))


def amdahl(f, p):
    return 1 / (f + (1 - f) / p)


def brute_force(points, lo, hi):
    """Returns the f in [LO, HI] that minimises the sum of squares, by a
    grid of step 1e-4, then one of step 1e-8 around the best."""
    def ssr(f):
        return sum((s - amdahl(f, p)) ** 2 for p, s in points)
    best = min((lo + i * 1e-4 for i in range(int((hi - lo) / 1e-4) + 1)), key=ssr)
    return min((best - 2e-4 + i * 1e-8 for i in range(40001)), key=ssr)


def standard_error(points, f):
    """sqrt(WSSR / (n - 1) / sum J^2), J = dS/df = -(1 - 1/p) S^2."""
    wssr = sum((s - amdahl(f, p)) ** 2 for p, s in points)
    jj = sum(((1 - 1 / p) * amdahl(f, p) ** 2) ** 2 for p, _ in points)
    return math.sqrt(wssr / (len(points) - 1) / jj)


class AmdahlFitTest(unittest.TestCase):
    def test_one_point_is_exact(self):
        # 1/1.6 = f + (1 - f)/2 = (1 + f)/2 -> f = 2/1.6 - 1 = 0.25
        f, err, n, pmax = summary.amdahl_fit([(1, 1.0), (2, 1.6)], cores=2)
        self.assertAlmostEqual(f, 0.25, places=12)
        self.assertEqual((err, n, pmax), (None, 1, 2))

    def test_least_squares(self):
        pts = [(2, 1.8), (4, 3.0), (8, 4.4)]
        want = brute_force(pts, 0.0, 1.0)
        self.assertGreater(want, 0.05)  # an inner minimum, not the grid's edge
        self.assertLess(want, 0.2)
        f, err, n, pmax = summary.amdahl_fit([(1, 1.0)] + pts, cores=8)
        self.assertAlmostEqual(f, want, delta=2e-6)
        self.assertEqual((n, pmax), (3, 8))
        self.assertAlmostEqual(err, standard_error(pts, want), delta=1e-4 * standard_error(pts, want))

    def test_least_squares_slower_with_more_workers(self):
        # oversubscribed: 4 and 8 workers slower than 2; f above 1 is allowed
        pts = [(2, 1.2), (4, 1.1), (8, 0.9)]
        want = brute_force(pts, 0.0, 2.0)
        self.assertLess(want, 1.99)
        f, err, n, pmax = summary.amdahl_fit(pts, cores=0)
        self.assertAlmostEqual(f, want, delta=2e-6)
        self.assertAlmostEqual(err, standard_error(pts, want), delta=1e-4 * standard_error(pts, want))

    def test_points_on_the_curve(self):
        # S(2) = 1.6 and S(4) = 1/(0.25 + 0.75/4) = 1/0.4375 = 2.285714...: f = 0.25, no residual
        f, err, n, pmax = summary.amdahl_fit([(2, 1.6), (4, 1 / 0.4375)], cores=4)
        self.assertAlmostEqual(f, 0.25, places=9)
        self.assertAlmostEqual(err, 0.0, places=6)
        self.assertEqual((n, pmax), (2, 4))

    def test_only_counts_up_to_the_cores(self):
        pts = [(1, 1.0), (2, 1.6), (4, 1.0)]
        self.assertEqual(summary.amdahl_fit(pts, cores=2)[1:], (None, 1, 2))
        self.assertAlmostEqual(summary.amdahl_fit(pts, cores=2)[0], 0.25, places=12)
        # cores 4 (or unknown: 0): both counts
        self.assertEqual(summary.amdahl_fit(pts, cores=4)[2:], (2, 4))
        self.assertEqual(summary.amdahl_fit(pts, cores=0)[2:], (2, 4))
        # no count above 1 within 1 core: all of them
        self.assertEqual(summary.amdahl_fit(pts, cores=1)[2:], (2, 4))

    def test_nothing_to_fit(self):
        self.assertIsNone(summary.amdahl_fit([], cores=2))
        self.assertIsNone(summary.amdahl_fit([(1, 1.0)], cores=2))
        self.assertIsNone(summary.amdahl_fit([(1, 1.0), (2, 0.0)], cores=2))
        self.assertIsNone(summary.amdahl_fit([(2, -1.0)], cores=2))


if __name__ == "__main__":
    unittest.main()
