"""figures, plotdata and plotcmd: the data files gnuplot draws, the jobs,
and scripts/plots on hostile run directories (gnuplot faked)."""
import os
import stat
import unittest
from unittest import mock

import pbtest
from parbench import figures, plotcmd, plotdata, schema, summary
from test_summary import ROWS

RUNS = [r for r in ROWS if r["model"] != "mpi" and r["workers"] != "x"]

FAKE_GNUPLOT = """#!/bin/sh
# a gnuplot for the tests: gnuplot -c SCRIPT DATA OUT ...; FAKE says how to behave
case "$FAKE" in
    fail) exit 1 ;;
    talk) echo "warning: $4 looked odd"; printf x >"$4" ;;
    empty) : >"$4" ;;
    *) printf x >"$4" ;;
esac
"""


class DataTest(unittest.TestCase):
    def setUp(self):
        self.models = pbtest.models(self)  # serial, pthreads, openmp: line types 1, 2, 3
        self.summ = summary.summarize(RUNS, self.models, cores=2, noise={})   # the bootstrap's intervals alone
        self.data = os.path.join(pbtest.scratch(self), "data")
        self.made = plotdata.write(self.data, self.summ, RUNS, self.models, 2)

    def file(self, name):
        return pbtest.read(os.path.join(self.data, name))

    def test_workloads_known_ones_first(self):
        self.assertEqual(plotdata.workloads_in(self.summ), ["pi", "mandelbrot", "spawn"])
        self.assertEqual(plotdata.workloads_in([{"workload": w} for w in ("zz", "aa", "spawn", "sleep")]),
                         ["sleep", "spawn", "aa", "zz"])

    def test_kinds_made(self):
        # spawn measures a cost: no speedup, efficiency or fit; mandelbrot's serial at 1
        # worker has a speedup over itself (1)
        # and the overview, which has bars (speedups over serial)
        self.assertEqual(self.made, {"pi": ["time", "speedup", "efficiency", "fits", "gbps"],
                                     "mandelbrot": ["time", "speedup", "efficiency"], "spawn": ["time", "cost"],
                                     "(overview)": ["overview"]})

    def test_time_blocks(self):
        # one block per model in line-type order, two blank lines between; pthreads at
        # 1 worker has no good run and is left out. Every row of RUNS is a launch of its
        # own (no launch numbers), so the interval is a bootstrap over single values:
        # serial 1.0 1.1 1.2: a resample's median is 1.0 with probability 7/27 (two or
        # three draws of 1.0), 1.2 likewise: both ends are far beyond 2.5 % of 1000
        # draws, so the interval is [1.0, 1.2]; openmp 0.9 1.1 (median 1.0): 0.9 with
        # probability 1/4, 1.1 likewise -> [0.9, 1.1]; 0.6 0.65 -> [0.6, 0.65]; a single
        # value is its own interval
        self.assertEqual(self.file("pi.dat"),
                         "# pi: one block per model; line type, model, workers, median seconds, 95 % interval\n"
                         "1 serial 1 1.1 1 1.2\n\n\n"
                         "2 pthreads 2 0.5 0.5 0.5\n\n\n"
                         "3 openmp 1 1 0.9 1.1\n3 openmp 2 0.625 0.6 0.65\n3 openmp 4 0.4 0.4 0.4\n")

    def test_speedup_and_efficiency_blocks(self):
        # speedup over the same model at 1 worker: openmp's medians at 1 worker are
        # drawn from {0.9, 1.0, 1.1} (probabilities 1/4, 1/2, 1/4), at 2 workers from
        # {0.6, 0.625, 0.65}, independently: the smallest ratio 0.9 / 0.65 = 1.384615 and
        # the largest 1.1 / 0.6 = 1.833333 each have probability 1/16 = 6 % > 2.5 %, so
        # they are the interval's ends (%.4f in summary.csv). At 4 workers (0.4 always):
        # 0.9/0.4 = 2.25 to 1.1/0.4 = 2.75 around 2.5. At 1 worker: the same draws over
        # themselves, exactly 1. pthreads has no median at 1 worker: no speedup.
        self.assertEqual(self.file("pi-speedup.dat"),
                         "# pi speedup_self: one block per model; line type, model, workers, value, 95 % interval\n"
                         "1 serial 1 1 1 1\n\n\n"
                         "3 openmp 1 1 1 1\n3 openmp 2 1.6 1.3846 1.8333\n3 openmp 4 2.5 2.25 2.75\n")
        # efficiency: the same over the workers: 1.6/2 = 0.8 [0.6923, 0.9167]; 2.5/4 = 0.625 [0.5625, 0.6875]
        self.assertEqual(self.file("pi-efficiency.dat"),
                         "# pi efficiency: one block per model; line type, model, workers, value, 95 % interval\n"
                         "1 serial 1 1 1 1\n\n\n"
                         "3 openmp 1 1 1 1\n3 openmp 2 0.8 0.6923 0.9167\n3 openmp 4 0.625 0.5625 0.6875\n")
        self.assertFalse(os.path.exists(os.path.join(self.data, "spawn-speedup.dat")))

    def test_rates_cost_fits_overview(self):
        # gbps of the ok rows only: 10 and 12, median 11; its interval from the time's,
        # [0.6, 0.65] around 0.625: 11 x 0.625 / 0.65 = 10.5769 to 11 x 0.625 / 0.6 = 11.4583
        self.assertTrue(self.file("pi-gbps.dat").endswith("\n3 openmp 2 11 10.5769 11.4583\n"))
        self.assertEqual(self.file("spawn-cost.dat"), "1 serial 1 5 1\n3 openmp 2 200 3\n")
        self.assertTrue(self.file("pi.fits").startswith("openmp 0.25 - "))
        # the best speedup_serial per model and its interval, the serial medians drawn
        # from {1.0, 1.1, 1.2} with the ends [1.0, 1.2] (as in pi.dat): pi serial 1 [1, 1]
        # (the same draws over themselves), pthreads 1.1/0.5 = 2.2 [2.0, 2.4], openmp
        # 1.1/0.4 = 2.75 [2.5, 3.0]; mandelbrot's serial, a single value, 1 [1, 1]
        self.assertEqual(self.file("overview.dat"),
                         "workload serial serial_low serial_high pthreads pthreads_low pthreads_high "
                         "openmp openmp_low openmp_high\n"
                         "pi 1.0000 1.0000 1.0000 2.2000 2.0000 2.4000 2.7500 2.5000 3.0000\n"
                         "mandelbrot 1.0000 1.0000 1.0000 - - - - - -\n")
        self.assertEqual(self.file("models.gp").count("set linetype"), 3)

    def test_an_old_summary_without_intervals_falls_back_to_min_max(self):
        r = {"workload": "w", "model": "openmp", "workers": "2", "n": "3", "median": "1", "min": "0.8", "max": "1.3",
             "median_low": "0.9", "median_high": "1.1", "gbps": "10"}
        old = {k: v for k, v in r.items() if k not in ("median_low", "median_high")}
        self.assertEqual(plotdata.time_rows([r], self.models, "w"), [(3, "openmp", 2, "1 0.9 1.1")])
        self.assertEqual(plotdata.time_rows([old], self.models, "w"), [(3, "openmp", 2, "1 0.8 1.3")])
        # the rate at the median, 10 GB/s: 10 x 1 / 1.1 = 9.09091 to 10 x 1 / 0.9 = 11.1111;
        # without an interval 10 / 1.3 = 7.69231 to 10 / 0.8 = 12.5
        self.assertEqual(plotdata.rate_rows([r], self.models, "w", "gbps"), [(3, "openmp", 2, "10 9.09091 11.1111")])
        self.assertEqual(plotdata.rate_rows([old], self.models, "w", "gbps"), [(3, "openmp", 2, "10 7.69231 12.5")])
        # a speedup without its interval: the value at both ends
        self.assertEqual(plotdata.time_rows([dict(r, speedup_self="1.5")], self.models, "w", "speedup_self"),
                         [(3, "openmp", 2, "1.5 1.5 1.5")])


    def test_cpu_over_one_worker_and_memory_with_their_ranges(self):
        # CPU: over the same model's median at 1 worker (2 s): 3 / 2 = 1.5, the range
        # 2.5 / 2 = 1.25 to 4 / 2 = 2; memory as it is; pthreads has no row at 1
        # worker, so no CPU row (nothing to be over), but its memory is drawn; a row
        # without its range, or a zero, is left out
        rows = [{"workload": "w", "model": "openmp", "workers": "1", "cpu_seconds": "2", "cpu_seconds_min": "1.5",
                 "cpu_seconds_max": "2.5", "peak_rss_mb": "10", "peak_rss_mb_min": "9", "peak_rss_mb_max": "11"},
                {"workload": "w", "model": "openmp", "workers": "2", "cpu_seconds": "3", "cpu_seconds_min": "2.5",
                 "cpu_seconds_max": "4", "peak_rss_mb": "12", "peak_rss_mb_min": "12", "peak_rss_mb_max": "12"},
                {"workload": "w", "model": "pthreads", "workers": "2", "cpu_seconds": "3", "cpu_seconds_min": "3",
                 "cpu_seconds_max": "3", "peak_rss_mb": "5", "peak_rss_mb_min": "4", "peak_rss_mb_max": "6"},
                {"workload": "w", "model": "pthreads", "workers": "4", "cpu_seconds": "3", "peak_rss_mb": "0",
                 "peak_rss_mb_min": "0", "peak_rss_mb_max": "0"},
                {"workload": "v", "model": "openmp", "workers": "2", "cpu_seconds": "1", "cpu_seconds_min": "1",
                 "cpu_seconds_max": "1"}]
        self.assertEqual(plotdata.resource_rows(rows, self.models, "w", "cpu_seconds"),
                         [(3, "openmp", 1, "1 0.75 1.25"), (3, "openmp", 2, "1.5 1.25 2")])
        self.assertEqual(plotdata.resource_rows(rows, self.models, "w", "peak_rss_mb"),
                         [(3, "openmp", 1, "10 9 11"), (3, "openmp", 2, "12 12 12"), (2, "pthreads", 2, "5 4 6")])

    def test_the_summary_gives_each_launch_its_cpu_and_memory(self):
        # two launches of 2 repetitions: 4 and 6 CPU s, per repetition 2 and 3;
        # peak memory 10 and 30 MB: median 20, range 10-30
        rows = [dict(r, cpu_seconds=c, peak_rss_mb=m, launch=l) for r, c, m, l in
                ((RUNS[0], "4", "10", "1"), (RUNS[0], "4", "10", "1"), (RUNS[0], "6", "30", "2"),
                 (RUNS[0], "6", "30", "2"))]
        r = summary.summarize(rows, self.models, cores=2)[0]
        self.assertEqual((r["cpu_seconds"], r["cpu_seconds_min"], r["cpu_seconds_max"]), ("2.5", "2", "3"))
        self.assertEqual((r["peak_rss_mb"], r["peak_rss_mb_min"], r["peak_rss_mb_max"]), ("20.0", "10.0", "30.0"))


class JobsTest(unittest.TestCase):
    def test_the_resources_figure_needs_both_files(self):
        jobs = figures.jobs({"pi": ["time", "cpu", "memory"], "x": ["time", "cpu"]}, {}, "cap", "2", ["png"], "/d", "/p")
        self.assertEqual([(os.path.basename(j.out), j.script) for j in jobs],
                         [("pi-time.png", "time"), ("pi-resources.png", "resources"), ("x-time.png", "time")])
        self.assertEqual(jobs[1].args, ("/d/pi-cpu.dat", "/p/pi-resources.png", "pi: CPU time and memory against "
                                        "workers", "cap", "2", "/d/pi-memory.dat"))

    def test_the_figures_of_each_kind(self):
        made = {"pi": ["time", "speedup", "efficiency", "fits", "gbps"], "spawn": ["time", "cost"], "x": ["fits"],
                "(overview)": ["overview"]}
        jobs = figures.jobs(made, {"pi": "100"}, "cap", "2", ["png"], "/d", "/p")
        self.assertEqual([(os.path.basename(j.out), j.script) for j in jobs],
                         [("overview.png", "overview"), ("pi-speedup.png", "speedup"),
                          ("pi-efficiency.png", "efficiency"), ("pi-time.png", "time"),
                          ("pi-bandwidth.png", "rate"), ("spawn-time.png", "time"), ("spawn-cost.png", "spawn")])
        speedup, efficiency = jobs[1], jobs[2]
        self.assertEqual(speedup.args, ("/d/pi-speedup.dat", "/p/pi-speedup.png",
                                        "pi: speedup against workers, size 100", "cap", "2", "/d/pi.fits"))
        self.assertEqual(efficiency.args, ("/d/pi-efficiency.dat", "/p/pi-efficiency.png",
                                           "pi: parallel efficiency, size 100", "cap", "2"))

    def test_no_speedup_figures_without_speedup_data(self):
        # "speedup" not among the kinds (no model measured at 1 worker): time only,
        # and a speedup figure without its fit when there is no fit
        # (and no overview without a bar: no speedup over the baseline)
        jobs = figures.jobs({"pi": ["time"]}, {}, "cap", "2", ["png"], "/d", "/p")
        self.assertEqual([os.path.basename(j.out) for j in jobs], ["pi-time.png"])
        jobs = figures.jobs({"pi": ["time", "speedup", "efficiency"]}, {}, "cap", "2", ["png"], "/d", "/p")
        self.assertEqual(jobs[0].args, ("/d/pi-speedup.dat", "/p/pi-speedup.png", "pi: speedup against workers",
                                        "cap", "2", ""))

    def test_cores_of(self):
        self.assertEqual(figures.cores_of({"cores": 8}), 8)
        self.assertEqual(figures.cores_of({"cores": "8"}), 8)
        for bad in (0, -1, 100000, "x", "", None, [2], 2.5, True):
            self.assertIsNone(figures.cores_of({"cores": bad}), repr(bad))
        self.assertIsNone(figures.cores_of({}))

    def test_cores_of_a_digit_int_cannot_read(self):
        # '²'.isdigit() is True, int('²') raises: meta.json is untrusted
        try:
            self.assertIsNone(figures.cores_of({"cores": "\u00b2"}))
        except ValueError as e:
            self.fail(f"cores_of raised {e!r}")

    def test_caption(self):
        doc = {"host": "h", "cpu_model": "EPYC", "cores": 2, "compiler": {"cc_version": "gcc 12"},
               "flags": {"CFLAGS": "-O3"}, "mpi": {"library_version": "Open MPI v4.1.4, package x"},
               "date": "2026-01-01"}
        self.assertEqual(figures.caption_of(doc), "h · EPYC · 2 cores · gcc 12 -O3 · Open MPI v4.1.4 · 2026-01-01")
        self.assertEqual(figures.caption_of({}), "machine unknown (no meta.json)")


class DrawingTest(unittest.TestCase):
    def setUp(self):
        d = pbtest.scratch(self)
        bindir = os.path.join(d, "bin")
        gp = pbtest.write(os.path.join(bindir, "gnuplot"), FAKE_GNUPLOT)
        os.chmod(gp, stat.S_IRWXU)
        self.out = os.path.join(d, "plots")
        os.mkdir(self.out)
        env = mock.patch.dict(os.environ, {"PATH": bindir + os.pathsep + os.environ.get("PATH", "")})
        env.start()
        self.addCleanup(env.stop)

    def draw(self, fake):
        os.environ["FAKE"] = fake
        jobs = [figures.Job(os.path.join(self.out, f"f{i}.png"), "time",
                            ("data", os.path.join(self.out, f"f{i}.png"))) for i in range(3)]
        return figures.Drawing().run(jobs)

    def test_all_drawn(self):
        self.assertEqual(self.draw("ok"), [])
        self.assertEqual(sorted(os.listdir(self.out)), ["f0.png", "f1.png", "f2.png"])

    def test_failed_empty_or_talking(self):
        self.assertEqual(sorted(self.draw("fail")), [f"f{i}.png: gnuplot failed (status 1)" for i in range(3)])
        self.assertEqual(sorted(self.draw("empty")), [f"f{i}.png: gnuplot failed (status 0)" for i in range(3)])
        self.assertEqual(sorted(self.draw("talk")),
                         [f"f{i}.png: warning: {self.out}/f{i}.png looked odd" for i in range(3)])


class NoDrawing:
    """Stands in for figures.Drawing: draws nothing, fails nothing."""

    def run(self, work):
        return []


class PlotCommandTest(unittest.TestCase):
    def setUp(self):
        d = pbtest.scratch(self)
        reg = pbtest.write(os.path.join(d, "models.conf"), pbtest.REGISTRY)
        env = mock.patch.dict(os.environ, {"PARBENCH_REGISTRY": reg})
        env.start()
        self.addCleanup(env.stop)
        self.run_dir = os.path.join(d, "run")
        self.models = pbtest.models(self)
        self.said = []

    def make_run(self, summ, runs, meta_text='{"cores": 2, "host": "h"}'):
        pbtest.write(os.path.join(self.run_dir, "summary.csv"), schema.csv_text(schema.SUMMARY_COLUMNS, summ))
        pbtest.write(os.path.join(self.run_dir, "runs.csv"), schema.csv_text(schema.RUNS_COLUMNS, runs))
        pbtest.write(os.path.join(self.run_dir, "meta.json"), meta_text)

    def draw(self):
        return plotcmd.draw(self.run_dir, ["png"], self.said.append, NoDrawing())

    def test_a_good_run(self):
        self.make_run(summary.summarize(RUNS, self.models, 2), RUNS)
        self.assertEqual(self.draw(), 0)
        self.assertTrue(os.path.isfile(os.path.join(self.run_dir, "report.html")))
        self.assertTrue(os.path.isfile(os.path.join(self.run_dir, "plots", "data", "pi.dat")))
        self.assertEqual(self.said, [])

    def test_unknown_models_and_bad_names_are_left_out(self):
        summ = summary.summarize(RUNS, self.models, 2)
        extra = [dict(summ[0], model="mpi"), dict(summ[0], workload="../x"), dict(summ[0], workers="2.5")]
        self.make_run(summ + extra, RUNS)
        self.assertEqual(self.draw(), 0)
        self.assertEqual(len(self.said), 3, self.said)
        self.assertNotIn("mpi", pbtest.read(os.path.join(self.run_dir, "plots", "data", "pi.dat")))

    def test_a_size_that_is_a_digit_but_no_number(self):
        summ = summary.summarize(RUNS, self.models, 2)
        summ[0] = dict(summ[0], size="\u00b2")
        self.make_run(summ, RUNS)
        try:
            self.assertEqual(self.draw(), 0)
        except ValueError as e:
            self.fail(f"scripts/plots raised {e!r} on a summary.csv size of '\u00b2'")

    def test_a_meta_json_cores_that_is_no_number(self):
        self.make_run(summary.summarize(RUNS, self.models, 2), RUNS, '{"cores": "\u00b2"}')
        try:
            self.assertEqual(self.draw(), 0)
        except ValueError as e:
            self.fail(f"scripts/plots raised {e!r} on a meta.json cores of '\u00b2'")

    def test_a_fit_without_a_median(self):
        summ = summary.summarize(RUNS, self.models, 2)
        # the first openmp row of pi: its fit kept, its median gone, the others removed
        summ = [r for r in summ if not (r["workload"] == "pi" and r["model"] == "openmp" and r["workers"] != "1")]
        for r in summ:
            if r["workload"] == "pi" and r["model"] == "openmp":
                r.update(median="", n="0")
        self.make_run(summ, RUNS)
        try:
            self.assertEqual(self.draw(), 0)
        except ValueError as e:
            self.fail(f"scripts/plots raised {e!r} on a fit without a median")

    def test_formats(self):
        self.assertEqual(plotcmd.formats_of(""), ["png", "svg"])
        self.assertEqual(plotcmd.formats_of("pdf"), ["png", "svg", "pdf"])
        self.assertEqual(plotcmd.formats_of("png,svg"), ["png", "svg"])
        with self.assertRaises(SystemExit) as cm, mock.patch("sys.stderr"):
            plotcmd.formats_of("jpg")
        self.assertEqual(cm.exception.code, 2)


if __name__ == "__main__":
    unittest.main()
