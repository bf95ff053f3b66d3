"""sweep and benchrun: a finished run's row, its log entry, the progress,
and the settings a --resume reads back."""
import os
import unittest

import pbtest
from parbench import benchrun, noise, plan, rundir, schema, supervise, sweep

OK = "workload=pi model=openmp workers=2 ranks=1 threads=2 size=100 rep=1 seconds=0.07 checksum=3.14 verified=yes"


def ctx():
    c = sweep.Context("/nonexistent", "/nonexistent", 0.5, {}, True)
    c.shapes[("openmp", 2)] = ("1", "2")  # what scripts/run --shape would say
    return c


def outcome(rc=0, stdout="", stderr="", timed_out=False, wall=0.25):
    return supervise.Outcome(rc, timed_out, stdout, stderr, wall, False)


# launch 1 of pi, openmp, 2 workers: one repetition, numbered 1
RUN = sweep.Launch("pi", "openmp", 2, 1, 1, 1, ("--size", "100"))
QUIET = noise.Reading(0.125, None, None, None, False)


def rows_of(job, out, log="logs/x.log", reading=QUIET):
    return sweep.rows_of(ctx(), job, out, log, reading)


class RowTest(unittest.TestCase):
    def test_an_ok_run(self):
        rows, status, reason = rows_of(RUN, outcome(stdout=OK + " gbps=5 cpus=0-1\n"), "logs/openmp-pi-P2.log")
        self.assertEqual((status, reason), ("ok", ""))
        (row,) = rows
        self.assertEqual(set(row), set(schema.RUNS_COLUMNS))
        # the launch's own CPU time, 0.125 s, as %.6f; no steal, others or clock known: empty
        self.assertEqual({k: v for k, v in row.items() if v}, {
            "workload": "pi", "model": "openmp", "workers": "2", "ranks": "1", "threads": "2", "size": "100",
            "rep": "1", "seconds": "0.07", "wall_seconds": "0.250000", "checksum": "3.14", "verified": "yes",
            "status": "ok", "gbps": "5", "log": "logs/openmp-pi-P2.log", "cpus": "0-1", "launch": "1",
            "cpu_seconds": "0.125000", "study": "strong"})

    def test_a_wrong_run_keeps_its_time_not_its_rates(self):
        (row,), status, reason = rows_of(RUN, outcome(1, OK.replace("yes", "no") + " gbps=5\n"))
        self.assertEqual((row["status"], row["seconds"], row["checksum"], row["gbps"]), ("wrong", "0.07", "3.14", ""))
        self.assertEqual((status, reason), ("wrong", "wrong answer (verified=no)"))

    def test_a_failed_run_has_no_time(self):
        (row,), status, reason = rows_of(RUN, outcome(1, "", "pi: cannot allocate\n"))
        self.assertEqual((row["status"], row["seconds"], row["checksum"]), ("failed", "", ""))
        self.assertEqual((status, reason), ("failed", "exit status 1: pi: cannot allocate"))
        # the shape from scripts/run, the size from the preset's arguments
        self.assertEqual((row["ranks"], row["threads"], row["size"]), ("1", "2", "100"))

    def test_a_timeout(self):
        (row,), status, _ = rows_of(RUN, outcome(-15, OK + "\n", timed_out=True))
        self.assertEqual((status, row["status"], row["seconds"]), ("timeout", "timeout", ""))

    def test_a_size_that_is_no_number_is_left_empty(self):
        (row,), _, _ = rows_of(RUN, outcome(0, OK.replace("size=100", "size=big") + "\n"))
        self.assertEqual(row["size"], "")

    def test_one_row_per_repetition_of_a_launch(self):
        # launch 3 holding repetitions 7, 8, 9: one result line each, in order
        job = sweep.Launch("pi", "openmp", 2, 3, 7, 3, ("--size", "100"))
        out = "".join(OK.replace("seconds=0.07", f"seconds={s}") + "\n" for s in ("0.07", "0.08", "0.09"))
        reading = noise.Reading(0.3, 0.01, 0.75, 2400.4, True)
        rows, status, reason = rows_of(job, outcome(stdout=out, wall=1.5), reading=reading)
        self.assertEqual((status, reason), ("ok", ""))
        self.assertEqual([(r["rep"], r["seconds"], r["launch"]) for r in rows],
                         [("7", "0.07", "3"), ("8", "0.08", "3"), ("9", "0.09", "3")])
        # what belongs to the launch is the same on every row: wall, CPU seconds, steal and
        # others (%.3f), the clock (%.0f) and the interference flag
        for r in rows:
            self.assertEqual((r["wall_seconds"], r["cpu_seconds"], r["steal_seconds"], r["other_cpu_seconds"],
                              r["mhz"], r["flags"]),
                             ("1.500000", "0.300000", "0.010", "0.750", "2400", "interference"))

    def test_a_launch_short_of_result_lines_failed_whole(self):
        # 3 repetitions asked, 2 result lines given: every row failed, none keeps a time
        job = sweep.Launch("pi", "openmp", 2, 2, 4, 3, ("--size", "100"))
        rows, status, reason = rows_of(job, outcome(stdout=(OK + "\n") * 2))
        self.assertEqual((status, reason), ("failed", "2 result lines for 3 repetitions"))
        self.assertEqual([(r["rep"], r["status"], r["seconds"]) for r in rows],
                         [("4", "failed", ""), ("5", "failed", ""), ("6", "failed", "")])


class LogTest(unittest.TestCase):
    def test_entry(self):
        got = sweep.log_entry(RUN, "T", "scripts/run openmp pi 2", outcome(0, "out", "err\n"), "end")
        self.assertEqual(got, "== launch 1, rep 1, T: scripts/run openmp pi 2\nout\nerr\n== end\n\n")
        got = sweep.log_entry(RUN, "T", "c", outcome(0, "", ""), "end")
        self.assertEqual(got, "== launch 1, rep 1, T: c\n== end\n\n")
        # launch 3 of repetitions 7 to 9
        job = sweep.Launch("pi", "openmp", 2, 3, 7, 3, ())
        self.assertEqual(sweep.log_entry(job, "T", "c", outcome(0, "o\n", "e"), "end"),
                         "== launch 3, reps 7-9, T: c\no\ne\n== end\n\n")

    def test_progress_eta(self):
        runs = [sweep.Launch("pi", m, 1, r, r, 1, ()) for m in ("serial", "openmp") for r in (1, 2, 3)]
        p = sweep.Progress(runs)
        self.assertEqual(p.eta(), "?")
        p.done(runs[0], 10.0)  # serial: 2 left at 10 s; openmp: 3 left at the mean of all, 10 s
        self.assertEqual(p.eta(), "50s")
        p.done(runs[3], 40.0)  # serial: 2 x 10; openmp: 2 x 40
        self.assertEqual(p.eta(), "1m40s")


class SettingsTest(unittest.TestCase):
    def test_settings_round_trip_for_resume(self):
        models = pbtest.models(self)
        sw = plan.Sweep(["serial", "openmp"], ["pi", "sleep"], [1, 2, 4], 5, "large,pi=small,sleep=7", 0.5, 123456789,
                        {"pi": ["--size", "10"], "sleep": ["--size", "16", "--delay-ms", "25", "--size", "7"]},
                        {"pi": "small", "sleep": "large+size=7"})
        text = rundir.settings_text(benchrun.settings_of(sw, "2026-01-01T00:00:00Z", "0123456789abcdef"))
        path = pbtest.write(os.path.join(pbtest.scratch(self), "settings"), text)
        values = rundir.read_settings(path)
        self.assertEqual((values["started"], values["fingerprint"], values["format"]),
                         ("2026-01-01T00:00:00Z", "0123456789abcdef", "2"))
        self.assertEqual(benchrun.sweep_of(values, models), sw)

    def test_a_bad_settings_file(self):
        models = pbtest.models(self)
        good = {"models": "serial", "workloads": "pi", "workers": "1", "reps": "1", "size": "default",
                "timeout": "1", "seed": "1"}
        for key, value in (("models", "mpi"), ("workloads", "../x"), ("workers", "0"), ("reps", "x"),
                           ("seed", "1.5"), ("models", "")):
            with self.assertRaises(plan.PlanError, msg=(key, value)):
                benchrun.sweep_of(dict(good, **{key: value}), models)
        with self.assertRaises(plan.PlanError):
            benchrun.sweep_of({k: v for k, v in good.items() if k != "seed"}, models)

    def test_plan_summary(self):
        models = pbtest.models(self)
        sw = plan.Sweep(["serial", "openmp"], ["pi"], [1, 2], 2, "small", 300.0, 7, {"pi": ["--size", "10"]},
                        {"pi": "small"})
        runs = plan.make_plan(sw, plan.configurations(sw, models))
        lines = benchrun.plan_summary(sw, runs, models).splitlines()
        self.assertEqual(lines[0], "plan: 6 runs: workloads pi; models serial openmp; workers 1 2; 2 reps; "
                                   "size small; timeout 300 s; seed 7")
        self.assertEqual(lines[1], "  pi: --size 10")
        self.assertEqual(len([x for x in lines if x.startswith("[")]), 6)
        # 6 runs of 50 ms launching and 2 ms of work each: 312 ms, rounded up to 1 s
        self.assertEqual(lines[-1], "estimate: about 1s (rough: 2 ms of work per run, launching 0.05 s, MPI 0.4 s); "
                                    "nothing was run")


if __name__ == "__main__":
    unittest.main()
