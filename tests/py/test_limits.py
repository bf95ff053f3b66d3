"""limits: % of limit and the roofline's points; sweepceil: the cache
decision. Every expected value is worked out by hand in the comments."""
import json
import os
import unittest

import pbtest
from parbench import limits, registry, schema, sweepceil


def ceil_row(kind, workers, value, best="yes", unit=None):
    units = {"triad_regular": "GB/s", "scale_regular": "GB/s", "fma": "GFLOP/s", "pthread_create_join": "us", "omp_parallel": "us"}
    r = dict.fromkeys(schema.CEILINGS_COLUMNS, "")
    r.update(probe="x", kind=kind, workers=str(workers), value=str(value), best=best, verified="yes",
             unit=unit or units[kind], variant="-")
    return r


# 1 and 2 workers probed; a slower variant (best=no) must be ignored
CEIL = [ceil_row("triad_regular", 1, 30), ceil_row("triad_regular", 2, 40), ceil_row("triad_regular", 2, 90, "no"),
        ceil_row("scale_regular", 1, 20), ceil_row("scale_regular", 2, 32),
        ceil_row("fma", 1, 50), ceil_row("fma", 2, 100),
        ceil_row("pthread_create_join", 1, 20), ceil_row("pthread_create_join", 2, 40),
        ceil_row("omp_parallel", 2, 0.5)]


def summ_row(w, m, p, median, **kv):
    r = dict.fromkeys(schema.SUMMARY_COLUMNS, "")
    r.update(workload=w, model=m, workers=str(p), n="3", median=str(median), size="100")
    r.update({k: str(v) for k, v in kv.items()})
    return r


class PctOfLimit(unittest.TestCase):
    def setUp(self):
        self.models = pbtest.models(self)

    def one(self, row, runs=()):
        return limits.annotate([row], list(runs), self.models, CEIL)[0]

    def test_triad_against_the_bandwidth_at_its_workers(self):
        # 24 GB/s of 30 at 1 worker: 80 %; 30 GB/s of 40 at 2: 75 %
        r = self.one(summ_row("triad", "openmp", 1, 0.1, gbps=24))
        self.assertEqual((r["pct_of_limit"], r["limit"], r["limit_of"]), ("80.0", "30", "triad_regular@1"))
        r = self.one(summ_row("triad", "openmp", 2, 0.1, gbps=30))
        self.assertEqual((r["pct_of_limit"], r["limit_of"]), ("75.0", "triad_regular@2"))
        # 2 FLOPs per 24 bytes: 24 GB/s is 2 GFLOP/s at 1/12 FLOP per byte
        r = self.one(summ_row("triad", "openmp", 1, 0.1, gbps=24))
        self.assertEqual((r["gflops"], r["intensity"]), ("2", "0.08333"))

    def test_a_rate_is_its_best_repetition_against_the_probes_best(self):
        # median 0.1 s at 24 GB/s, one repetition of 0.08 s: its best rate
        # 24 x 0.1 / 0.08 = 30 GB/s, of 30: 100 %; the attained GFLOP/s (the
        # roofline's) stay the median's, 2
        cell = ("triad", "openmp", 1)
        r = self.one(summ_row(*cell, 0.1, gbps=24, min=0.08), pbtest.launch_rows(cell, 1, [0.08], 1))
        self.assertEqual((r["pct_of_limit"], r["gflops"]), ("100.0", "2"))

    def test_memory_bandwidth_takes_the_second_fastest_repetition(self):
        # 0.05 s alone, then 0.08 and 0.1 (the median): 24 x 0.1 / 0.08 = 30
        # GB/s of 30, 100 %; the lone 0.05 s (48 GB/s, 160 %) does not count
        cell = ("triad", "openmp", 1)
        runs = pbtest.launch_rows(cell, 1, [0.1, 0.05, 0.1, 0.08], 1)
        r = self.one(summ_row(*cell, 0.1, gbps=24, min=0.05), runs)
        self.assertEqual(r["pct_of_limit"], "100.0")
        # a repetition that failed or did not verify is no repetition
        runs[0].update(seconds="0.06", verified="no")
        runs[2].update(seconds="0.07", status="timeout")
        r = self.one(summ_row(*cell, 0.1, gbps=24, min=0.05), runs)
        self.assertEqual(r["pct_of_limit"], "100.0")
        # pi keeps its fastest repetition: FLOP/s has no lone fast ones
        cell = ("pi", "serial", 1)
        r = self.one(summ_row(*cell, 2e-6, min=1e-6), pbtest.launch_rows(cell, 1, [2e-6, 1e-6, 2e-6], 1))
        self.assertEqual(r["pct_of_limit"], "1.2")

    def test_above_the_probed_counts(self):
        # pi at 4 workers, peak probed at 1 and 2: the 2-worker 100 GFLOP/s;
        # 4e8 intervals x 6 FLOPs in 0.1 s = 24 GFLOP/s: 24 %
        r = self.one(summ_row("pi", "pthreads", 4, 0.1, size=400000000))
        self.assertEqual((r["pct_of_limit"], r["limit_of"]), ("24.0", "fma@2"))
        # triad at 4 workers on the 2 CPUs the bandwidth was probed on: none, and why
        r = self.one(summ_row("triad", "pthreads", 4, 0.1, gbps=20))
        self.assertEqual((r["pct_of_limit"], r["limit_of"]), ("", ""))
        self.assertEqual(limits.why_none(r, registry.by_name(self.models, "pthreads"), CEIL),
                         "4 workers share the 2 CPUs triad_regular was measured on: their blocks come partly "
                         "from the caches")

    def test_stencil_against_the_scale_bandwidth(self):
        # 1000 MLUP/s x 16 bytes = 16 GB/s (the binary's gbps) of scale's 20:
        # 80 %; 4 FLOPs: 4 GFLOP/s at 4/16; at 2 workers 16 of 32: 50 %
        r = self.one(summ_row("stencil", "serial", 1, 0.1, mlups=1000, gbps=16))
        self.assertEqual((r["pct_of_limit"], r["limit_of"], r["gflops"], r["intensity"]),
                         ("80.0", "scale_regular@1", "4", "0.25"))
        r = self.one(summ_row("stencil", "openmp", 2, 0.1, mlups=1000, gbps=16))
        self.assertEqual((r["pct_of_limit"], r["limit_of"]), ("50.0", "scale_regular@2"))
        # no scale probed (ceilings of an older probe): no %, and why
        old = [c for c in CEIL if c["kind"] != "scale_regular"]
        r = limits.annotate([summ_row("stencil", "serial", 1, 0.1, mlups=1000, gbps=16)], [], self.models, old)[0]
        self.assertEqual(r["pct_of_limit"], "")
        self.assertEqual(limits.why_none(r, registry.by_name(self.models, "serial"), old), "scale_regular was not measured")

    def test_a_limit_measured_beside_the_launches_comes_first(self):
        # three launches of triad at 2 workers, 24 GB/s at the cell's median
        # 0.1 s; each launch's second-fastest repetition against the limit
        # measured around it (runs.csv's beside_high), not the start's 40:
        # 0.09 s, 26.67 GB/s of 36 = 74.07 %; 0.075 s, 32 of 38 = 84.21 %;
        # 0.055 s, 43.64 of 60 = 72.73 %. The median, 74.1 %, and of the
        # limits, 38: not 43.64 (the cell's best of all) over 60 (the
        # highest limit) or over 38 (115 %, a fast moment against a usual one)
        cell = ("triad", "openmp", 2)
        runs = pbtest.launch_rows(cell, 1, [0.1, 0.08, 0.09], 1, beside_high=36, beside_low=36) + \
            pbtest.launch_rows(cell, 2, [0.1, 0.07, 0.075], 4, beside_high=38, beside_low=38) + \
            pbtest.launch_rows(cell, 4, [0.1, 0.05, 0.055], 7, beside_high=60, beside_low=30)
        r = self.one(summ_row(*cell, 0.1, gbps=24, min=0.05), runs)
        self.assertEqual((r["pct_of_limit"], r["limit"], r["limit_of"]), ("74.1", "38", "triad_regular@2 beside"))
        # against each launch's other probe (beside_low): 74.07 % and
        # 84.21 % again (both probes read the same), 43.64 of 30 =
        # 145.45 %; the median, 84.2 %: the % lies between 74.1 and 84.2
        self.assertEqual(r["pct_of_limit_high"], "84.2")
        # a failed launch does not count (its 99 GB/s), nor does a wrong
        # one; without any limit beside, the cell's second-fastest of all
        # against the start's ceiling: 43.64 / 40 = 109.1 %
        failed = pbtest.launch_rows(cell, 3, [0.01], 10, beside_high=99, beside_low=99, status="failed") + \
            pbtest.launch_rows(cell, 5, [0.01], 11, beside_high=99, beside_low=99, verified="no")
        r = self.one(summ_row(*cell, 0.1, gbps=24, min=0.05), runs + failed)
        self.assertEqual((r["pct_of_limit"], r["limit"]), ("74.1", "38"))
        bare = [dict(x, beside_high="", beside_low="") for x in runs]
        r = self.one(summ_row(*cell, 0.1, gbps=24, min=0.05), bare)
        self.assertEqual((r["pct_of_limit"], r["limit_of"], r["pct_of_limit_high"]), ("109.1", "triad_regular@2", ""))
        # above the counts probed, the probe ran at 2 workers: no limit of
        # the 4-worker cell's (its blocks come partly from the caches)
        cell4 = ("triad", "openmp", 4)
        r = self.one(summ_row(*cell4, 0.1, gbps=24), pbtest.launch_rows(cell4, 1, [0.1, 0.08], 1, beside_high=36, beside_low=36))
        self.assertEqual((r["pct_of_limit"], r["limit_of"]), ("", ""))
        # stencil's the same, against scale: 16 GB/s at its median, one
        # repetition alone, of 20 measured beside it: 80 %
        cell = ("stencil", "serial", 1)
        r = self.one(summ_row(*cell, 0.1, mlups=1000, gbps=16), pbtest.launch_rows(cell, 1, [0.1], 1, beside_high=20, beside_low=20))
        self.assertEqual((r["pct_of_limit"], r["limit_of"]), ("80.0", "scale_regular@1 beside"))

    def test_pi_six_flops_per_interval(self):
        # size 100 intervals in 1e-6 s: 600 FLOPs / 1e-6 s = 0.6 GFLOP/s; of 50: 1.2 %
        r = self.one(summ_row("pi", "serial", 1, 1e-6))
        self.assertEqual((r["gflops"], r["pct_of_limit"], r["intensity"]), ("0.6", "1.2", ""))

    def test_mandelbrot_eight_flops_per_iteration_from_the_checksum(self):
        # size 100: 10^4 pixels; checksum 250000 iterations in 0.01 s:
        # 8 x 250000 / 0.01 = 2e8 = 0.2 GFLOP/s, of 100 at 2 workers: 0.2 %;
        # intensity 8 x 250000 / (4 x 10^4 bytes) = 50 FLOP per byte
        runs = [pbtest.runs_row(workload="mandelbrot", model="openmp", workers=2, checksum=250000, rep=k)
                for k in (1, 2)]
        r = self.one(summ_row("mandelbrot", "openmp", 2, 0.01), runs)
        self.assertEqual((r["gflops"], r["pct_of_limit"], r["intensity"]), ("0.2", "0.2", "50"))
        # repetitions that disagree: nothing counted
        runs.append(pbtest.runs_row(workload="mandelbrot", model="openmp", workers=2, checksum=1, rep=3))
        self.assertEqual(self.one(summ_row("mandelbrot", "openmp", 2, 0.01), runs)["pct_of_limit"], "")

    def test_spawn_against_its_primitive(self):
        # pthreads at 2: 40 us of create+join over a 50 us warm round: 80 %
        r = self.one(summ_row("spawn", "pthreads", 2, 0.1, warm_us=50))
        self.assertEqual((r["pct_of_limit"], r["limit_of"]), ("80.0", "pthread_create_join@2"))
        # a cost needs its own count: openmp at 1 was not probed here
        r = self.one(summ_row("spawn", "openmp", 1, 0.1, warm_us=1))
        self.assertEqual(r["pct_of_limit"], "")
        why = limits.why_none(r, self.models[2], CEIL)
        self.assertIn("omp_parallel was not measured at 1 worker", why)
        # serial has no primitive, and says so
        r = self.one(summ_row("spawn", "serial", 1, 0.1, warm_us=1))
        self.assertEqual(r["pct_of_limit"], "")
        self.assertIn("no primitive", limits.why_none(r, self.models[0], CEIL))

    def test_spawn_against_its_primitive_measured_beside(self):
        # three launches, each's median warm round against the cheaper
        # create+join measured around it: 44 of 47 us = 93.6 %, 36 of 45 =
        # 80 %, 20 of 60 = 33.3 %; the median, 80 %, and of the limits, 36:
        # not the cheapest of all (20), nor the cell's 45 us over it
        cell = ("spawn", "pthreads", 2)
        runs = pbtest.launch_rows(cell, 1, [0.1] * 3, 1, beside_low=44, beside_high=46) + \
            pbtest.launch_rows(cell, 2, [0.1] * 3, 4, beside_low=36, beside_high=60) + \
            pbtest.launch_rows(cell, 3, [0.1] * 3, 7, beside_low=20, beside_high=40)
        for row, warm in zip(runs, (45, 47, 50, 45, 44, 46, 60, 62, 58)):
            row["warm_us"] = str(warm)
        r = self.one(summ_row(*cell, 0.1, warm_us=47), runs)
        self.assertEqual((r["pct_of_limit"], r["limit"], r["limit_of"]), ("80.0", "36", "pthread_create_join@2 beside"))
        # against the dearer probe (beside_high): 46 of 47 = 97.87 %, 60 of
        # 45 = 133.3 %, 40 of 60 = 66.67 %; the median, 97.9 %
        self.assertEqual(r["pct_of_limit_high"], "97.9")
        # a count the start did not probe has no cost limit, beside or not
        cell = ("spawn", "openmp", 1)
        r = self.one(summ_row(*cell, 0.1, warm_us=1), pbtest.launch_rows(cell, 1, [0.1], 1, beside_low=1, beside_high=1))
        self.assertEqual(r["pct_of_limit"], "")

    def test_no_limit_for_sleep_or_without_ceilings(self):
        r = self.one(summ_row("sleep", "openmp", 1, 0.1))
        self.assertEqual([r[c] for c in limits.LIMIT_COLUMNS], [""] * len(limits.LIMIT_COLUMNS))
        self.assertIn("waits", limits.why_none(r, self.models[2], CEIL))
        r = limits.annotate([summ_row("triad", "openmp", 1, 0.1, gbps=24)], [], self.models, [])[0]
        self.assertEqual((r["pct_of_limit"], r["gflops"]), ("", "2"))
        self.assertIn("no ceilings: --no-ceilings", limits.why_none(r, self.models[2], [], "--no-ceilings"))

    def test_roofline_points_and_roofs(self):
        summ = limits.annotate([summ_row("triad", "openmp", 1, 0.1, gbps=24), summ_row("pi", "serial", 1, 1e-6)],
                               [], self.models, CEIL)
        roofs, points = limits.roofline(summ, self.models, CEIL)
        # both kinds at 1 and 2 workers; pi has no intensity, so one point
        self.assertEqual(roofs, [(1, 30.0, 50.0), (2, 40.0, 100.0)])
        self.assertEqual([(p[1], p[2], p[3], p[5]) for p in points], [("openmp", "triad", 1, 2.0)])
        self.assertAlmostEqual(points[0][4], 0.08333, places=5)


class CacheDecision(unittest.TestCase):
    WANT = {"host": "h1", "fingerprint": "abc", "key": "k", "mode": "quick"}

    def test_reusable_only_when_everything_matches(self):
        self.assertIsNone(sweepceil.reusable(dict(self.WANT, measured="then"), self.WANT))
        self.assertIn("another host", sweepceil.reusable(dict(self.WANT, host="h2"), self.WANT))
        self.assertIn("another build", sweepceil.reusable(dict(self.WANT, fingerprint="def"), self.WANT))
        self.assertIn("another mode", sweepceil.reusable(dict(self.WANT, mode="full"), self.WANT))
        self.assertIn("not a JSON object", sweepceil.reusable(["h1"], self.WANT))

    def test_lookup_reads_back_and_checks_the_file(self):
        d = pbtest.scratch(self)
        self.assertIsNone(sweepceil.lookup(d, self.WANT)[0])
        sweepceil.write_cache(d, CEIL, self.WANT, 1.0)
        rows, why = sweepceil.lookup(d, self.WANT)
        self.assertEqual((len(rows), why), (len(CEIL), ""))
        self.assertIsNone(sweepceil.lookup(d, dict(self.WANT, fingerprint="other"))[0])
        # a damaged row (a value that is not a number) is not reused
        text = pbtest.read(os.path.join(d, "ceilings.csv")).replace(",30,", ",thirty,")
        pbtest.write(os.path.join(d, "ceilings.csv"), text)
        rows, why = sweepceil.lookup(d, self.WANT)
        self.assertIsNone(rows)
        self.assertIn("damaged", why)
        # a record that is not JSON
        pbtest.write(os.path.join(d, "cache.json"), "{")
        self.assertIn("cannot be read", sweepceil.lookup(d, self.WANT)[1])

    def test_cache_path_keyed_by_host_and_fingerprint(self):
        a = sweepceil.cache_path("/b", "host/one", "abc")
        self.assertEqual(a, "/b/ceilings-cache/host_one-abc")
        self.assertNotEqual(a, sweepceil.cache_path("/b", "host/one", "abd"))

    def test_off_and_kept(self):
        d = pbtest.scratch(self)
        rows, rec = sweepceil.prepare(d, d, d, "fp", "h", False, None, lambda m: None)
        self.assertEqual((rows, rec["status"]), ([], "off"))
        self.assertFalse(os.path.exists(os.path.join(d, "ceilings.csv")))
        # nothing built: missing, and why
        rows, rec = sweepceil.prepare(d, d, d, "fp", "h", True, None, lambda m: None)
        self.assertEqual(rec["status"], "missing")
        self.assertIn("no probe is built", rec["why"])
        # a resumed sweep keeps its rows and record
        pbtest.write(os.path.join(d, "ceilings.csv"), schema.csv_text(schema.CEILINGS_COLUMNS, CEIL))
        rows, rec = sweepceil.kept(d, {"status": "cached", "why": "before", "seconds": 0.1})
        self.assertEqual((len(rows), rec["status"], rec["best"]["fma"]["2"]), (len(CEIL), "cached", 100.0))
        self.assertEqual(json.loads(json.dumps(rec))["status"], "cached")
        self.assertIsNone(sweepceil.kept(d, "not a record")[1])


if __name__ == "__main__":
    unittest.main()


def isa_row(workers, variant, value, kind="triad_regular", verified="yes"):
    r = ceil_row(kind, workers, value, best="no", unit="GB/s")
    r.update(variant=variant, verified=verified)
    return r


class TriadIsa(unittest.TestCase):
    def test_the_width_best_on_average_in_triads_placement(self):
        # at 1 worker the best is 30 (sse2), at 2 it is 40 (avx512): sse2 30/30 and
        # 36/40, (1 + 0.9) / 2 = 95 %; avx512 26/30 and 40/40, (0.8667 + 1) / 2 = 93 %:
        # sse2. The off64 placement's 99 GB/s is not triad's placement, a wrong
        # answer's 100 does not count, nor do streaming stores.
        rows = [isa_row(1, "off2k-huge-on-sse2", 30), isa_row(2, "off2k-huge-on-sse2", 36),
                isa_row(1, "off2k-huge-on-avx512", 26), isa_row(2, "off2k-huge-on-avx512", 40),
                isa_row(1, "off64-huge-on-avx", 99), isa_row(1, "off2k-huge-on-avx", 100, verified="no"),
                isa_row(1, "off2k-huge-on-sse2", 50, kind="triad_nontemporal")]
        isa, why = sweepceil.triad_isa(rows)
        self.assertEqual(isa, "sse2")
        self.assertIn("sse2 95 %, avx512 93 %", why)

    def test_another_placement_when_triads_is_missing(self):
        self.assertEqual(sweepceil.triad_isa([isa_row(1, "aligned-huge-on-avx", 20),
                                              isa_row(1, "aligned-huge-on-sse2", 19)])[0], "avx")

    def test_no_probe_no_choice(self):
        self.assertEqual(sweepceil.triad_isa([ceil_row("fma", 1, 50)])[0], None)
