"""sampling: runs.csv rows grouped into cells of launches, the launches the
statistics use, and the sampler's choices: repetitions per launch, shares
of the budget, when a cell is done. Every value is worked out by hand."""
import unittest

from pbtest import cell_rows, launch_rows, runs_row
from parbench import measure, sampling, summary, sweep

SERIAL = ("pi", "serial", 1)
OMP2 = ("pi", "openmp", 2)
OMP4 = ("pi", "openmp", 4)
ARGS = {"pi": ("--size", "5")}


def cells(configs, rows):
    return sampling.cells_from(configs, ARGS, rows)


class CellsFromTest(unittest.TestCase):
    def test_rows_grouped_by_launch(self):
        rows = (launch_rows(OMP2, 1, [0.25, 0.5, 0.75], 1, wall_seconds="2.0")
                + launch_rows(OMP2, 2, [0.5], 4, wall_seconds="1.0")
                + [runs_row(workload="pi", model="openmp", workers=2, launch=2, rep=5, status="failed",
                            verified="", wall_seconds="1.0")]
                + launch_rows(OMP2, 3, [1.0, 1.0], 6, wall_seconds="4.0", flags="interference")
                + launch_rows(SERIAL, 1, [9.0], 1))  # a configuration not asked for: left out
        got = cells([OMP2, OMP4], rows)
        self.assertEqual(sorted(got), [OMP2, OMP4])
        c = got[OMP2]
        self.assertEqual((c.config, c.args), (OMP2, ("--size", "5")))
        self.assertEqual(c.ok, {1: [0.25, 0.5, 0.75], 2: [0.5]})
        self.assertEqual(c.flagged, {3: [1.0, 1.0]})
        # per launch: (its wall, its rows, the seconds of its ok repetitions):
        # 0.25 + 0.5 + 0.75 = 1.5; launch 2's failed row adds no time
        self.assertEqual(c.costs, [(2.0, 3, 1.5), (1.0, 2, 0.5), (4.0, 2, 2.0)])
        # one launch with a failed row; the last repetition 7 of launch 3
        self.assertEqual((c.failed, c.last_rep, c.last_launch, c.done), (1, 7, 3, ""))
        self.assertEqual(c.spent, 7.0)  # 2 + 1 + 4
        # 2 launches without interference: the flagged one is left out
        self.assertEqual(c.usable(), [[0.25, 0.5, 0.75], [0.5]])
        # a configuration without rows: an empty cell
        e = got[OMP4]
        self.assertEqual((e.ok, e.flagged, e.costs, e.failed, e.last_rep, e.last_launch, e.spent),
                         ({}, {}, [], 0, 0, 0, 0))


class UsableTest(unittest.TestCase):
    """Interference-flagged launches: left out while at least two others
    exist and no more than summary.MAX_FLAGGED were flagged; the sampler
    and the summary follow the one rule."""

    def cell(self, ok, flagged):
        return sampling.Cell(OMP2, (), ok=ok, flagged=flagged)

    def test_the_sampler_leaves_flagged_launches_out(self):
        self.assertEqual(self.cell({1: [1.0], 2: [1.1]}, {3: [2.0]}).usable(), [[1.0], [1.1]])
        # one other launch is not enough: all of them
        self.assertEqual(self.cell({1: [1.0]}, {2: [2.0]}).usable(), [[1.0], [2.0]])
        # nothing else: the flagged ones
        self.assertEqual(self.cell({}, {2: [2.0], 3: [3.0]}).usable(), [[2.0], [3.0]])

    def test_more_than_max_flagged_are_taken_too(self):
        self.assertEqual(summary.MAX_FLAGGED, 3)
        ok = {1: [1.0], 6: [1.0]}
        flagged = {k: [2.0] for k in range(2, 6)}  # 4 flagged, over the 3 run again
        self.assertEqual(self.cell(ok, flagged).usable(), [[1.0], [1.0]] + [[2.0]] * 4)
        flagged = {k: [2.0] for k in range(2, 5)}  # 3: not yet
        self.assertEqual(self.cell(ok, flagged).usable(), [[1.0], [1.0]])

    def test_the_summary_keeps_them_out_while_two_others_exist(self):
        g = summary.Group(ok={1: [1.0], 2: [1.1]}, flagged={3: [2.0]})
        self.assertEqual(g.launches(), [[1.0], [1.1]])
        g = summary.Group(ok={1: [1.0]}, flagged={3: [2.0]})
        self.assertEqual(g.launches(), [[1.0], [2.0]])
        g = summary.Group(ok={}, flagged={3: [2.0], 4: [3.0]})
        self.assertEqual(g.launches(), [[2.0], [3.0]])


class RepsForTest(unittest.TestCase):
    def reps(self, rows):
        c = cells([OMP2], rows)
        s = sampling.Sampler(c, budget=1000, target=0.0001, seed=1)
        return s.reps_for(c[OMP2])

    def test_the_first_launch(self):
        self.assertEqual(self.reps([]), sampling.FIRST_REPS)
        # launches taken, none usable (failed): still the first choice
        self.assertEqual(self.reps(launch_rows(OMP2, 1, [""], 1, status="failed", verified="")), sampling.FIRST_REPS)
        # one launch of 0.06 s timed in 0.07 s: the levels of variance are unknown, 3;
        # starting it cost 0.01 s, which 0.01 x 0.7 / 0.3 / 0.02 = 1.17 -> 2
        # repetitions would outweigh: 3
        self.assertEqual(self.reps(cell_rows(OMP2, [[0.01, 0.02, 0.03]], wall_seconds="0.07")), 3)

    def test_kalibera_jones(self):
        self.assertEqual(sampling.TIMED_SHARE, 0.7)
        # launch 1: 0.065, 0.105 (mean 0.085); launch 2: 0.095, 0.135 (mean 0.115).
        # within: var(0.065, 0.105) = 0.04^2 / 2 = 0.0008 in both; the means' variance
        # 0.03^2 / 2 = 0.00045, between = 0.00045 - 0.0008 / 2 = 0.00005. A repetition
        # costs the median of all, (0.095 + 0.105) / 2 = 0.1 s; a launch its wall less
        # its timed seconds, 0.27 - 0.17 = 0.33 - 0.23 = 0.1 s.
        # sqrt(0.1 x 0.0008 / (0.1 x 0.00005)) = sqrt(16) = 4; filling 70 % of the
        # launch takes 0.1 x 0.7 / 0.3 / 0.1 = 2.33 -> 3; the cap is 1.0 / 0.1 = 10
        rows = (launch_rows(OMP2, 1, [0.065, 0.105], 1, wall_seconds="0.27")
                + launch_rows(OMP2, 2, [0.095, 0.135], 3, wall_seconds="0.33"))
        self.assertEqual(self.reps(rows), 4)

    def test_enough_to_fill_the_timed_share(self):
        # within 2e-6 (var(0.001, 0.003) = var(0.005, 0.007)), the means 0.002 and
        # 0.006 vary by 8e-6, between 8e-6 - 2e-6 / 2 = 7e-6; a repetition 0.004 s, a
        # start 0.024 - 0.004 = 0.032 - 0.012 = 0.02 s: sqrt(0.02 x 2e-6 / (0.004 x
        # 7e-6)) = 1.2 -> 2 at least. But 70 % of the launch inside timed regions takes
        # 0.02 x 0.7 / 0.3 / 0.004 = 11.67 -> 12 repetitions (0.048 s of 0.068)
        rows = (launch_rows(OMP2, 1, [0.001, 0.003], 1, wall_seconds="0.024")
                + launch_rows(OMP2, 2, [0.005, 0.007], 3, wall_seconds="0.032"))
        self.assertEqual(self.reps(rows), 12)

    def test_capped_to_the_launch_seconds(self):
        self.assertEqual(sampling.MAX_LAUNCH_SECONDS, 1.0)
        # the same mean 0.25 in both launches: no variance between them, Kalibera and
        # Jones would take as many as allowed, 30; 30 x 0.25 s is over 1 s of timed
        # work, so int(1.0 / 0.25) = 4
        self.assertEqual(self.reps(cell_rows(OMP2, [[0.125, 0.375], [0.125, 0.375]])), 4)
        # the same with a start of 10 s, which 94 repetitions would fill to 70 %: still 4
        self.assertEqual(self.reps(cell_rows(OMP2, [[0.125, 0.375], [0.125, 0.375]], wall_seconds="10.5")), 4)
        # a repetition of 0.75 s: int(1.0 / 0.75) = 1, but never fewer than 2
        self.assertEqual(self.reps(cell_rows(OMP2, [[0.5, 1.0], [0.5, 1.0]], wall_seconds="1.5")), 2)


class SamplerTest(unittest.TestCase):
    def test_share_next_round_record_close(self):
        rows = (cell_rows(SERIAL, [[0.1] * 3] * 3)                      # 3 launches of 0.5 s, constant
                + cell_rows(OMP2, [[1.0, 1.2, 1.4]], wall_seconds="4.0"))  # one launch: open
        c = cells([SERIAL, OMP2, OMP4], rows)                           # OMP4: nothing yet
        s = sampling.Sampler(c, budget=20, target=0.02, seed=7)
        self.assertEqual([c[k].done for k in (SERIAL, OMP2, OMP4)], ["target", "", ""])
        self.assertAlmostEqual(s.spent(), 5.5)           # 3 x 0.5 + 4
        # the budget less the done cell's 1.5 s, over the 2 open cells: 18.5 / 2
        self.assertAlmostEqual(s.share(), 9.25)
        jobs = s.next_round()
        self.assertEqual(s.round, 1)
        # one launch per open cell: OMP2's second (repetitions from 4), OMP4's first.
        # OMP2: one launch tells nothing of the variance levels (3), but a repetition
        # of 1.2 s leaves room for int(1.0 / 1.2) = 0 -> 2 at least within 1 s
        self.assertEqual(sorted(jobs, key=lambda j: j.config),
                         [sweep.Launch("pi", "openmp", 2, 2, 4, 2, ("--size", "5")),
                          sweep.Launch("pi", "openmp", 4, 1, 1, sampling.FIRST_REPS, ("--size", "5"))])
        # OMP4's launch failed, and nothing of it is usable: done, 1.5 s spent
        job4 = next(j for j in jobs if j.config == OMP4)
        s.record(job4, launch_rows(OMP4, 1, [""] * job4.reps, 1, status="failed", verified="", wall_seconds="1.5"))
        self.assertEqual((c[OMP4].done, c[OMP4].failed, c[OMP4].last_rep, c[OMP4].last_launch),
                         ("failed", 1, sampling.FIRST_REPS, 1))
        # what is left, 20 - 1.5 - 1.5, goes to the one open cell
        self.assertAlmostEqual(s.share(), 17.0)
        # OMP2's second launch: taken into the cell; 8 s spent of its 17, 2 launches of
        # the 3 needed for an interval: still open
        job2 = next(j for j in jobs if j.config == OMP2)
        s.record(job2, launch_rows(OMP2, 2, [1.1, 1.3], 4, wall_seconds="4.0"))
        self.assertEqual((c[OMP2].ok, c[OMP2].last_rep, c[OMP2].last_launch, c[OMP2].done),
                         ({1: [1.0, 1.2, 1.4], 2: [1.1, 1.3]}, 5, 2, ""))
        (job,) = s.next_round()
        self.assertEqual((job.config, job.launch, job.first, s.round), (OMP2, 3, 6, 2))
        # the time is up: the open cell is done for the budget, the others keep their reason
        s.close()
        self.assertEqual([c[k].done for k in (SERIAL, OMP2, OMP4)], ["target", "budget", "failed"])
        self.assertEqual(s.next_round(), [])

    def test_a_round_takes_a_cell_of_each_workload_in_turn(self):
        # pi has a cell of two launches already, mandelbrot and sleep none: each turn
        # takes a cell of mandelbrot and of sleep (while it has one) before pi's (the
        # seed orders the cells within a workload)
        pi2 = ("pi", "openmp", 2)
        configs = [SERIAL, pi2, OMP4, ("mandelbrot", "serial", 1), ("mandelbrot", "openmp", 2),
                   ("sleep", "serial", 1)]
        args = {"pi": ("--size", "5"), "mandelbrot": ("--size", "9"), "sleep": ("--size", "2")}
        c = sampling.cells_from(configs, args, cell_rows(pi2, [[1.0], [1.0]]))
        jobs = sampling.Sampler(c, budget=100, target=0.001, seed=7).next_round()
        order = [j.workload for j in jobs]
        self.assertEqual(len(jobs), 6)
        self.assertEqual(sorted(order[:2]), ["mandelbrot", "sleep"])
        self.assertEqual(order[2:], ["pi", "mandelbrot", "pi", "pi"])

    def test_the_models_of_a_workload_and_count_run_side_by_side(self):
        # the cells that differ only in their model run back to back, in
        # any order of the models and of such groups, a group of each
        # workload in turn; and so in every round, whatever the seed
        configs = [(w, m, p) for w in ("pi", "mandelbrot") for p in (1, 2, 4)
                   for m in ("pthreads", "openmp", "mpi") + (("serial",) if p == 1 else ())]
        args = {"pi": ("--size", "5"), "mandelbrot": ("--size", "9")}
        for seed in range(20):
            jobs = sampling.Sampler(sampling.cells_from(configs, args, []), budget=100, target=0.001,
                                    seed=seed).next_round()
            groups = [(j.workload, j.workers) for j in jobs]
            runs = [g for i, g in enumerate(groups) if i == 0 or groups[i - 1] != g]
            self.assertEqual(len(jobs), len(configs))
            self.assertEqual(len(runs), 6, groups)    # each group in one run
            self.assertEqual(len(set(runs)), 6)
            self.assertEqual([w for w, _ in runs], ["pi", "mandelbrot"] * 3 if runs[0][0] == "pi"
                             else ["mandelbrot", "pi"] * 3)
        orders = {tuple(j.model for j in sampling.Sampler(sampling.cells_from(configs, args, []), budget=100,
                                                          target=0.001, seed=seed).next_round()[:3])
                  for seed in range(20)}
        self.assertGreater(len(orders), 1)            # the models' order is shuffled

    def test_the_group_of_a_cell(self):
        self.assertEqual(sampling.group_of(("pi", "openmp", 2)), ("pi", 2))
        self.assertEqual(sampling.group_of(("pi", "hybrid", 4, "hybrid", "", "2", "")),
                         ("pi", 4, "hybrid", "", "2", ""))

    def test_record_reaches_the_target(self):
        c = cells([SERIAL], cell_rows(SERIAL, [[2.0] * 3] * 2, wall_seconds="6.5"))
        s = sampling.Sampler(c, budget=100, target=0.02, seed=1)
        (job,) = s.next_round()
        # launch 3, repetitions from 7; a repetition of 2 s: 2 (the fewest, over 1 s)
        self.assertEqual((job.launch, job.first, job.reps), (3, 7, 2))
        s.record(job, launch_rows(SERIAL, 3, [2.0, 2.0], 7, wall_seconds="4.5"))
        # three launches of constant times: the interval is [2, 2], within any target
        self.assertEqual(c[SERIAL].done, "target")

    def test_a_cell_that_used_its_share(self):
        # two noisy launches of 0.6 s: 1.2 s spent; the budget 2 s over 2 open cells is
        # 1 s each: done for the budget. The other cell has spent nothing: open.
        rows = cell_rows(OMP2, [[0.1, 0.2], [0.3, 0.4]], wall_seconds="0.6")
        c = cells([OMP2, OMP4], rows)
        sampling.Sampler(c, budget=2.0, target=0.02, seed=1)
        self.assertEqual((c[OMP2].done, c[OMP4].done), ("budget", ""))
        # with 3 s: 1.5 s each, 1.2 s is not yet its share
        c = cells([OMP2, OMP4], rows)
        sampling.Sampler(c, budget=3.0, target=0.02, seed=1)
        self.assertEqual((c[OMP2].done, c[OMP4].done), ("", ""))

    def test_the_probes_beside_launches_count_against_the_budget(self):
        # one launch of 0.6 s and 0.5 s of probes beside it: 1.1 s spent
        # of a 1 s budget, so the next launch ends the cell for the budget
        c = cells([OMP2], cell_rows(OMP2, [[0.1, 0.2]], wall_seconds="0.6"))
        s = sampling.Sampler(c, budget=1.0, target=0.0001, seed=1)
        self.assertEqual(s.spent(), 0.6)
        s.extra = 0.5
        self.assertAlmostEqual(s.spent(), 1.1)
        job = s.launch_of(c[OMP2])
        s.record(job, launch_rows(OMP2, 2, [0.3, 0.4], 3, wall_seconds="0.1"))
        self.assertEqual(c[OMP2].done, "budget")

    def test_the_ceilings_count_too(self):
        # 7.5 s of ceilings at the start and 0.25 s of probes beside launches
        ctx = sweep.Context("/", "/run", 60.0, {}, True, ceilings_seconds=7.5)
        ctx.beside_done["seconds"] = 0.25
        self.assertEqual(measure.spent_besides(ctx), 7.75)

    def test_close_leaves_a_cell_that_never_ran(self):
        c = cells([OMP2, OMP4], cell_rows(OMP2, [[0.1, 0.2]]))
        s = sampling.Sampler(c, budget=100, target=0.02, seed=1)
        s.close()
        self.assertEqual((c[OMP2].done, c[OMP4].done), ("budget", ""))
        self.assertEqual([x.config for x in s.open_cells()], [OMP4])

    def test_reruns_after_the_budget(self):
        # closed by the budget: OMP2 with one launch under interference (run
        # again), OMP4 with a clean one and a flagged one, SERIAL with
        # MAX_FLAGGED + 1 = 4 flagged (run again often enough: not again)
        rows = (cell_rows(OMP2, [[0.5]], flags="interference")
                + cell_rows(OMP4, [[0.5]]) + launch_rows(OMP4, 2, [0.9], 2, flags="interference")
                + cell_rows(SERIAL, [[0.5]] * 4, flags="interference"))
        c = cells([OMP2, OMP4, SERIAL], rows)
        s = sampling.Sampler(c, budget=100, target=0.02, seed=1)
        self.assertEqual(s.reruns(), [])          # nothing is closed yet
        s.close()                                 # the time is up
        (job,) = s.reruns()
        self.assertEqual((job.config, job.launch, job.first), (OMP2, 2, 2))
        # its launch is taken in, clean: the cell keeps its reason, and is not run again
        s.record(job, launch_rows(OMP2, 2, [0.4], 2))
        self.assertEqual((c[OMP2].done, c[OMP2].ok, s.reruns()), ("budget", {2: [0.4]}, []))

    def test_a_noise_sample_for_each_size_with_too_little(self):
        # pi at size 5: three cells of one launch, none of launch noise. A launch of
        # NOISE_REPS = 2 repetitions costs its time outside them plus 2 of them:
        # OMP4 0.3 - 0.15 + 2 x 0.05 = 0.25 s, SERIAL 0.5 - 0.3 + 0.2 = 0.4, OMP2 0.4 + 0.4
        # = 0.8; it lacks NOISE_DOF = 2 degrees of freedom: the two cheapest. mandelbrot at
        # size 64 (another build kind's preset): one cell of 2 launches (1 degree), one
        # of one, 2.0 - 1.0 + 1.0 = 2.0 s: it. sleep has 2 already, and a cell of a study
        # and a failed one never count.
        mb1, mb2, sl1, sl2 = (("mandelbrot", "openmp", 1), ("mandelbrot", "pthreads", 2),
                              ("sleep", "openmp", 1), ("sleep", "openmp", 2))
        study = ("pi", "openmp", 1, "weak", "5", "", "")
        rows = (cell_rows(SERIAL, [[0.1] * 3], wall_seconds="0.5") + cell_rows(OMP2, [[0.2] * 3], wall_seconds="1.0")
                + cell_rows(OMP4, [[0.05] * 3], wall_seconds="0.3")
                + cell_rows(mb1, [[0.5], [0.5]], wall_seconds="1") + cell_rows(mb2, [[0.5] * 2], wall_seconds="2.0")
                + cell_rows(sl1, [[0.1], [0.1], [0.1]]) + cell_rows(sl2, [[0.1]])
                + cell_rows(("pi", "pthreads", 2), [[0.001]], status="failed"))
        args = {"pi": ("--size", "5"), "mandelbrot": ("--size", "64"), "sleep": ("--size", "4")}
        c = sampling.cells_from([SERIAL, OMP2, OMP4, mb1, mb2, sl1, sl2, ("pi", "pthreads", 2)], args, rows)
        c[study] = sampling.Cell(study, ("--size", "5"), ok={1: [0.01]}, costs=[(0.02, 1, 0.01)])
        s = sampling.Sampler(c, budget=100, target=0.0001, seed=1)
        s.close()
        jobs = s.noise_sample()
        self.assertEqual([(j.config, j.launch, j.first, j.reps) for j in jobs],
                         [(OMP4, 2, 4, 2), (SERIAL, 2, 4, 2), (mb2, 2, 3, 2)])
        # what the rounds leave out of the budget for them: 0.25 + 0.4 + 2.0
        self.assertAlmostEqual(s.noise_reserve(), 2.65)
        # within NOISE_SHARE = 8 % of the budget: of 20, 1.6 s, pi's 0.65 but not
        # mandelbrot's 2.0 as well
        s.budget = 20
        self.assertEqual([j.config for j in s.noise_sample()], [OMP4, SERIAL])
        self.assertAlmostEqual(s.noise_reserve(), 0.65)
        # OMP4's launch taken in: pi lacks one degree more, SERIAL is the cheapest left
        s.budget = 100
        s.record(jobs[0], launch_rows(OMP4, 2, [0.06, 0.05], 4, wall_seconds="0.3"))
        self.assertEqual([j.config for j in s.noise_sample()], [SERIAL, mb2])

    def test_the_launch_cap(self):
        # 30 launches of noisy times, never within 0.01 %: done at the cap
        self.assertEqual(sampling.MAX_LAUNCHES, 30)
        c = cells([OMP2], cell_rows(OMP2, [[0.001, 0.002 + k / 10000] for k in range(30)], wall_seconds="0.01"))
        sampling.Sampler(c, budget=1000, target=0.0001, seed=1)
        self.assertEqual(c[OMP2].done, "cap")


if __name__ == "__main__":
    unittest.main()
