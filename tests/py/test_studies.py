"""studyplan, studies: each study's plan (which configurations run, the
sizes chosen), a binding that does not hold being flagged and left out,
the study columns of runs.csv and summary.csv, and the verdicts."""
import math
import os
import unittest

import pbtest
from parbench import noise, plan, presets, rundir, schema, studies, studyplan, supervise, sweep

# the registry of pbtest (serial, pthreads, openmp) and a hybrid model
HYBRID = pbtest.REGISTRY + "hybrid     hybrid    mpicc  -fopenmp  hybrid   #e69f00  15     asan\n"


def models(test, text=HYBRID):
    from parbench import registry
    return registry.load(pbtest.write(os.path.join(pbtest.scratch(test), "models.conf"), text))


def presets_dir(test):
    """Returns a presets directory: pi grows linearly, stencil as a grid
    side, spawn states no growth; triad for the size study."""
    d = os.path.join(pbtest.scratch(test), "presets")
    pbtest.write(os.path.join(d, "pi"), "SMALL=(--size 10)\nDEFAULT=(--size 20)\nLARGE=(--size 30)\nWEAK=linear\n")
    pbtest.write(os.path.join(d, "stencil"), "SMALL=(--size 100 --iters 2)\nDEFAULT=(--size 100 --iters 2)\n"
                                             "LARGE=(--size 100 --iters 2)\nWEAK=sqrt  # N x N\n")
    pbtest.write(os.path.join(d, "spawn"), "SMALL=(--size 1)\nDEFAULT=(--size 2)\nLARGE=(--size 3)\n")
    pbtest.write(os.path.join(d, "triad"), "SMALL=(--size 1000 --iters 2)\nDEFAULT=(--size 1000 --iters 2)\n"
                                           "LARGE=(--size 1000 --iters 2)\nWEAK=linear\n")
    return d


def sweep_of(test, studies_, workloads=("pi",), names=("serial", "openmp", "hybrid"), workers=(1, 2, 4)):
    d = presets_dir(test)
    args, classes = plan.resolve_sizes("default", list(workloads), d)
    sw = plan.Sweep(list(names), list(workloads), list(workers), 1, "default", 300.0, 7, args, classes)
    sw.studies = list(studies_)
    return sw, d


def configs(test, studies_, llc=1 << 20, cores=2, all_models=True, **kw):
    sw, d = sweep_of(test, studies_, **kw)
    return studyplan.configurations(sw, models(test), d, cores, llc, all_models)


def size_of(c):
    return presets.size_of(list(c.args))


class StudyListTest(unittest.TestCase):
    def test_parse_studies(self):
        self.assertEqual(studyplan.parse_studies("size,strong,weak"), ["strong", "weak", "size"])
        for bad in ("bogus", "strong,Weak", "weak,"):
            with self.assertRaises(ValueError) as cm:
                studyplan.parse_studies(bad)
            self.assertTrue(str(cm.exception).startswith("--study: "), str(cm.exception))

    def test_a_preset_states_its_growth(self):
        d = presets_dir(self)
        self.assertEqual(presets.weak_growth(os.path.join(d, "pi")), "linear")
        self.assertEqual(presets.weak_growth(os.path.join(d, "stencil")), "sqrt")
        self.assertIsNone(presets.weak_growth(os.path.join(d, "spawn")))
        # read() still reads the classes, and refuses a growth it does not know
        self.assertEqual(presets.read(os.path.join(d, "pi"))["default"], ["--size", "20"])
        pbtest.write(os.path.join(d, "bad"), "SMALL=(--size 1)\nDEFAULT=(--size 2)\nLARGE=(--size 3)\nWEAK=cubic\n")
        with self.assertRaises(presets.PresetError):
            presets.read(os.path.join(d, "bad"))


class PlanTest(unittest.TestCase):
    def test_strong_is_the_sweep_as_before(self):
        out, notes = configs(self, ["strong"])
        self.assertEqual([(c.workload, c.model, c.workers) for c in out],
                         [("pi", "serial", 1), ("pi", "openmp", 1), ("pi", "openmp", 2), ("pi", "openmp", 4),
                          ("pi", "hybrid", 1), ("pi", "hybrid", 2), ("pi", "hybrid", 4)])
        self.assertEqual({c.key for c in out}, {(c.workload, c.model, c.workers) for c in out})
        self.assertEqual(notes, {})

    def test_weak_grows_the_size_as_the_preset_says(self):
        out, notes = configs(self, ["weak"], workloads=("pi", "stencil", "spawn"), names=("openmp",))
        sizes = {(c.workload, c.workers): size_of(c) for c in out}
        self.assertEqual(sizes, {("pi", 1): "20", ("pi", 2): "40", ("pi", 4): "80",
                                 ("stencil", 1): "100", ("stencil", 2): str(round(100 * math.sqrt(2))),
                                 ("stencil", 4): "200"})
        self.assertTrue(all(c.study == "weak" for c in out))
        self.assertIn("spawn", notes["weak"])     # no growth stated: left out, and said
        # the key holds the size: the weak configurations never meet the strong ones
        self.assertEqual(out[1].key, ("pi", "openmp", 2, "weak", "40", "", ""))

    def test_hybrid_runs_every_split_of_each_count(self):
        out, _ = configs(self, ["hybrid"])
        self.assertEqual({c.model for c in out}, {"hybrid"})
        splits = [(c.workers, c.split, c.args[-2:]) for c in out]
        self.assertEqual(splits, [(1, "1", ("--threads", "1")), (2, "1", ("--threads", "1")),
                                  (2, "2", ("--threads", "2")), (4, "1", ("--threads", "1")),
                                  (4, "2", ("--threads", "2")), (4, "4", ("--threads", "4"))])
        out, notes = configs(self, ["hybrid"], names=("serial", "openmp"))
        self.assertEqual(out, [])
        self.assertIn("hybrid", notes)

    def test_binding_runs_three_bindings_of_the_bindable_models(self):
        out, _ = configs(self, ["binding"], names=("serial", "pthreads", "openmp", "hybrid"))
        self.assertEqual({c.model for c in out}, {"openmp", "hybrid"})
        self.assertEqual({c.workers for c in out}, {2, 4})
        self.assertEqual([c.binding for c in out if c.model == "openmp" and c.workers == 2],
                         ["close", "spread", "none"])
        self.assertEqual(len({c.key for c in out}), len(out))

    def test_size_spans_the_caches_with_the_traffic_kept(self):
        llc = 1 << 20
        out, _ = configs(self, ["size"], llc=llc, workloads=("pi", "triad", "stencil"))
        self.assertEqual({c.workload for c in out}, {"triad", "stencil"})
        # by default the serial program and the OpenMP model, at 1 worker and the cores
        self.assertEqual({(c.model, c.workers) for c in out}, {("serial", 1), ("openmp", 1), ("openmp", 2)})
        triad = [c for c in out if c.workload == "triad" and c.model == "serial"]
        sets = [24 * int(size_of(c)) for c in triad]
        self.assertEqual(len(sets), int(math.log2(8 * llc // 8192)) + 1)
        self.assertLessEqual(sets[0], 8192)
        self.assertGreater(sets[-1], 7 * llc)
        for c, ws in zip(triad, sets):
            iters = int(c.args[len(c.args) - 1 - c.args[::-1].index("--iters") + 1])   # the last --iters
            self.assertLess(abs(ws * iters / studyplan.SIZE_TRAFFIC - 1), 0.5, (ws, iters))
        stencil = [16 * int(size_of(c)) ** 2 for c in out if c.workload == "stencil" and c.model == "serial"]
        self.assertEqual(len(stencil), len(sets))
        # --models given: the study takes those it can
        out, _ = configs(self, ["size"], workloads=("triad",), names=("pthreads",), all_models=False)
        self.assertEqual({c.model for c in out}, {"pthreads"})

    def test_several_studies_keep_their_keys_apart(self):
        out, _ = configs(self, ["strong", "weak", "hybrid", "binding"])
        self.assertEqual(len({c.key for c in out}), len(out))
        self.assertEqual({c.study for c in out}, {"strong", "weak", "hybrid", "binding"})

    def test_the_plan_keeps_the_study(self):
        out, _ = configs(self, ["hybrid", "binding"])
        sw, _ = sweep_of(self, ["hybrid", "binding"])
        runs = plan.make_plan(sw, out)
        back = [plan.parse_plan_line(line, ["hybrid", "openmp", "serial"])
                for line in plan.plan_text(runs).splitlines()]
        self.assertEqual([r for r in back if r], runs)
        self.assertEqual(plan.parse_plan_line("pi\tserial\t1\t1\t--size 2", ["serial"]).study, "strong")
        with self.assertRaises(plan.PlanError):
            plan.parse_plan_line("pi\topenmp\t2\t1\t--size 2\tbinding\t\tloose", ["openmp"])


class CachesTest(unittest.TestCase):
    def test_sysfs_caches(self):
        root = pbtest.scratch(self)
        for i, (level, kind, size) in enumerate(((1, "Data", "32K"), (1, "Instruction", "32K"),
                                                  (2, "Unified", "1024K"), (3, "Unified", "32M"))):
            for name, value in (("level", level), ("type", kind), ("size", size)):
                pbtest.write(os.path.join(root, f"index{i}", name), f"{value}\n")
        self.assertEqual(studyplan.caches(root), [(1, 32 << 10), (2, 1 << 20), (3, 32 << 20)])
        self.assertEqual(studyplan.caches(os.path.join(root, "none")), [])
        self.assertEqual(studyplan.working_sets(1 << 20)[0], 8192)
        self.assertEqual(studyplan.working_sets(1 << 20)[-1], 8 << 20)


class StackedTest(unittest.TestCase):
    def test_a_binding_that_does_not_hold(self):
        self.assertEqual(studyplan.cpu_count("0-3;6"), 5)
        self.assertIsNone(studyplan.cpu_count("x"))
        self.assertTrue(studyplan.stacked(2, "0"))
        self.assertTrue(studyplan.stacked(4, "3-3"))
        self.assertFalse(studyplan.stacked(1, "0"))
        self.assertFalse(studyplan.stacked(2, "0-1"))
        self.assertFalse(studyplan.stacked(2, "0;2"))
        self.assertFalse(studyplan.stacked(2, ""))     # not recorded: nothing to judge

    def test_the_sweep_flags_it(self):
        ctx = sweep.Context("/nonexistent", "/nonexistent", 0.5, {}, True)
        ctx.shapes[("openmp", 2)] = ("1", "2")
        job = sweep.Launch("pi", "openmp", 2, 1, 1, 2, ("--size", "100"), "binding", "", "close")
        line = "workload=pi model=openmp workers=2 size=100 rep={} seconds=0.07 checksum=3 verified=yes cpus={}\n"
        out = supervise.Outcome(0, False, line.format(1, "0") + line.format(2, "0-1"), "", 0.3, False)
        rows, status, _ = sweep.rows_of(ctx, job, out, job.log_name(), noise.Reading(0.1, None, None, None, True))
        self.assertEqual(status, "ok")
        self.assertEqual([r["flags"] for r in rows], ["interference;stacked", "interference"])
        self.assertEqual({(r["study"], r["binding"]) for r in rows}, {("binding", "close")})
        self.assertEqual(job.log_name(), "logs/openmp-pi-P2-bind-close.log")
        self.assertTrue(schema.LOG_RE.match(job.log_name()))

    def test_the_summary_leaves_it_out(self):
        ms = models(self)
        cell = ("pi", "openmp", 2)
        rows = (pbtest.cell_rows(cell, [[1.0, 1.1], [1.0]], study="binding", binding="close", cpus="0-1")
                + pbtest.cell_rows(cell, [[0.2, 0.2]], study="binding", binding="spread", cpus="0")
                + pbtest.cell_rows(cell, [[2.0, 2.1], [2.0]], study="binding", binding="none", cpus="0-1"))
        summ = studies.summarize(rows, ms, seed=1)
        by = {r["binding"]: r for r in summ}
        self.assertEqual((by["spread"]["n"], by["spread"]["stacked"], by["spread"].get("median", "")), ("0", "2", ""))
        self.assertEqual((by["close"]["n"], by["close"]["stacked"], by["close"]["median"]), ("3", "0", "1"))
        v = studies.verdicts(rows, 1, 0.03)
        self.assertEqual(len(v), 1)
        study, w, m, p, best, _, against, gone = v[0]
        self.assertEqual((study, w, m, p, best), ("binding", "pi", "openmp", "2", "close"))
        self.assertIn("none", against)
        self.assertIn("spread (workers on one CPU: 2 runs)", gone)


class ColumnsTest(unittest.TestCase):
    def test_the_study_columns(self):
        for cols in (schema.RUNS_COLUMNS, schema.SUMMARY_COLUMNS):
            self.assertIn("study", cols)
            self.assertIn("binding", cols)
        self.assertIn("stacked", schema.SUMMARY_COLUMNS)
        self.assertEqual(studyplan.study_of({}), "strong")
        self.assertEqual(studyplan.row_key(pbtest.runs_row(workload="pi", model="hybrid", workers=4, threads=2,
                                                           study="hybrid", size="9")),
                         ("pi", "hybrid", 4, "hybrid", "9", "2", ""))

    def test_an_old_runs_csv_is_the_strong_study(self):
        path = os.path.join(pbtest.scratch(self), "runs.csv")
        row = pbtest.runs_row(workload="pi", model="serial", workers=1, rep=1, seconds=0.5)
        pbtest.write(path, schema.csv_text(rundir.OLD_RUNS_COLUMNS, [row]))
        self.assertTrue(rundir.old_header(path))
        rows, dropped = rundir.load_rows(path, {("pi", "serial", 1): "5"})
        self.assertEqual((len(rows), dropped, rows[0]["study"]), (1, [], ""))
        self.assertEqual(studyplan.row_key(rows[0]), ("pi", "serial", 1))

    def test_a_runs_csv_from_before_the_limits_beside_launches(self):
        path = os.path.join(pbtest.scratch(self), "runs.csv")
        row = pbtest.runs_row(workload="triad", model="serial", workers=1, rep=1, seconds=0.5, study="strong")
        pbtest.write(path, schema.csv_text(schema.RUNS_COLUMNS[:-2], [row]))
        self.assertTrue(rundir.old_header(path))
        rows, dropped = rundir.load_rows(path, {("triad", "serial", 1): "5"})
        self.assertEqual((len(rows), dropped, rows[0]["beside_high"], rows[0]["seconds"]), (1, [], "", "0.5"))
        # today's header is not old; a header of other columns is refused
        pbtest.write(path, schema.csv_text(schema.RUNS_COLUMNS, [row]))
        self.assertFalse(rundir.old_header(path))
        pbtest.write(path, schema.csv_text(schema.RUNS_COLUMNS[:-3], [row]))
        with self.assertRaises(rundir.RunDirError):
            rundir.load_rows(path, {("triad", "serial", 1): "5"})

    def test_resume_keeps_the_rows_of_a_study(self):
        path = os.path.join(pbtest.scratch(self), "runs.csv")
        rows = [pbtest.runs_row(workload="pi", model="hybrid", workers=2, ranks=2 // t, threads=t, rep=rep,
                                study="hybrid", size=9) for t in (1, 2) for rep in (1, 2)]
        rows.append(pbtest.runs_row(workload="pi", model="hybrid", workers=2, ranks=1, threads=2, rep=3,
                                    study="hybrid", size=9))   # a repetition the plan has not
        pbtest.write(path, schema.csv_text(schema.RUNS_COLUMNS, rows))
        planned = {studyplan.key("pi", "hybrid", 2, "hybrid", "9", str(t)): "9" for t in (1, 2)}
        kept, dropped = rundir.load_rows(path, planned, {k: {1, 2} for k in planned})
        self.assertEqual(len(kept), 4)
        self.assertEqual(dropped, ["pi,hybrid,2,hybrid,9,2,,3: not in the plan"])

    def test_weak_efficiency_and_scaled_speedup(self):
        ms = models(self)
        rows = (pbtest.cell_rows(("pi", "openmp", 1), [[1.0, 1.0], [1.0]], study="weak", size="20")
                + pbtest.cell_rows(("pi", "openmp", 4), [[2.0, 2.0], [2.0]], study="weak", size="80")
                + pbtest.cell_rows(("pi", "openmp", 4), [[9.0]], size="20"))   # strong: not the study's
        summ = studies.summarize(rows, ms, seed=3)
        self.assertEqual([(r["workers"], r["size"], r["study"]) for r in summ], [("1", "20", "weak"), ("4", "80", "weak")])
        four = summ[1]
        self.assertEqual((four["median"], four["efficiency"], four["speedup_self"]), ("2", "0.5000", "2.0000"))
        self.assertEqual(studies.gustafson_serial(4, 2.0), 2 / 3)
        text = schema.csv_text(schema.SUMMARY_COLUMNS, summ)
        self.assertEqual(text.splitlines()[0].split(",")[-3:], ["study", "binding", "stacked"])

    def test_the_best_split_is_named(self):
        rows = []
        for t, secs in ((1, [2.0, 2.1, 2.0]), (2, [1.0, 1.02, 1.01])):
            rows += pbtest.cell_rows(("pi", "hybrid", 2), [secs[:2], secs[2:]], study="hybrid", threads=t,
                                     ranks=2 // t, cpus="0-1")
        (v,) = studies.verdicts(rows, 5, 0.03)
        self.assertEqual(v[:5], ["hybrid", "pi", "hybrid", "2", "1 × 2"])
        self.assertTrue(v[6].startswith("faster than every other: 2 × 1"), v[6])


if __name__ == "__main__":
    unittest.main()
