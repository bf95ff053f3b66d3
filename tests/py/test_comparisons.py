"""comparisons: every pair of models at a workload and worker count, the
ratio of their medians with its interval and verdict, and the winners.
Every expected value is worked out by hand."""
import unittest

import pbtest
from pbtest import cell_rows
from parbench import comparisons, summary


def cell(model, workers, launches):
    return cell_rows(("pi", model, workers), launches)


# P=1: serial and pthreads 1.0 (a tie), openmp 1.2; P=2: pthreads 0.5, openmp
# 0.6 (one clear winner); P=4: pthreads two launches 0.9 and 1.1 (median 1.0),
# openmp 0.95: 5 % apart but the interval holds 1 (a tie). mpi is no model of
# the registry: left out.
ROWS = (cell("serial", 1, [[1.0] * 3] * 4) + cell("pthreads", 1, [[1.0] * 3] * 4)
        + cell("openmp", 1, [[1.2] * 3] * 4)
        + cell("pthreads", 2, [[0.5] * 3] * 4) + cell("openmp", 2, [[0.6] * 3] * 4)
        + cell("pthreads", 4, [[0.9], [1.1]]) + cell("openmp", 4, [[0.95]])
        + cell("mpi", 2, [[0.1]]))


class CompareTest(unittest.TestCase):
    def setUp(self):
        self.models = pbtest.models(self)  # serial, pthreads, openmp
        self.comps = comparisons.compare(ROWS, self.models, seed=1, threshold=0.03)
        # the summary as scripts/plots reads it: models of the registry only
        self.summ = [r for r in summary.summarize(ROWS, self.models, 4, seed=1) if r["model"] != "mpi"]

    def test_every_pair_in_registry_order(self):
        got = [(c["workers"], c["model_a"], c["model_b"], c["ratio"], c["ratio_low"], c["ratio_high"], c["verdict"])
               for c in self.comps]
        self.assertEqual(got, [
            # constant times: the interval is the ratio itself
            ("1", "serial", "pthreads", "1.0000", "1.0000", "1.0000", "tie"),
            ("1", "serial", "openmp", "0.8333", "0.8333", "0.8333", "faster"),     # 1.0 / 1.2
            ("1", "pthreads", "openmp", "0.8333", "0.8333", "0.8333", "faster"),
            ("2", "pthreads", "openmp", "0.8333", "0.8333", "0.8333", "faster"),   # 0.5 / 0.6
            # pthreads' medians {0.9, 1.0, 1.1} (1/4, 1/2, 1/4) over 0.95: 1.0526 in
            # [0.9 / 0.95, 1.1 / 0.95] = [0.9474, 1.1579], which holds 1
            ("4", "pthreads", "openmp", "1.0526", "0.9474", "1.1579", "tie")])
        self.assertEqual({c["workload"] for c in self.comps}, {"pi"})

    def test_the_threshold(self):
        # 1.0 against 1.2 is 17 % apart: a tie only under a threshold above that
        comps = comparisons.compare(ROWS, self.models, seed=1, threshold=0.2)
        self.assertEqual(comparisons.against(comps, "pi", "2", "pthreads", "openmp"), "tie")

    def test_against_flips_a_verdict(self):
        self.assertEqual(comparisons.against(self.comps, "pi", "2", "pthreads", "openmp"), "faster")
        self.assertEqual(comparisons.against(self.comps, "pi", "2", "openmp", "pthreads"), "slower")
        self.assertEqual(comparisons.against(self.comps, "pi", "1", "pthreads", "serial"), "tie")
        # no such pair, or no such worker count: ''
        self.assertEqual(comparisons.against(self.comps, "pi", "2", "serial", "openmp"), "")
        self.assertEqual(comparisons.against(self.comps, "pi", "8", "pthreads", "openmp"), "")

    def test_a_verdict_the_memory_bus_made_is_a_tie(self):
        # triad at 1 worker: serial 1.1 s, openmp 1.0 s, 4 launches each of
        # constant times: 1.1 / 1.0 = 1.1, "slower" on its own. Beside
        # serial's launches the bus gave 30 GB/s, beside openmp's 33: on one
        # bus serial would have taken 1.1 x 30 / 33 = 1.0, so the interval
        # runs from 1.0 to 1.1 and holds 1: a tie
        rows = cell_rows(("triad", "serial", 1), [[1.1] * 3] * 4, beside_high=30, beside_low=30) + \
            cell_rows(("triad", "openmp", 1), [[1.0] * 3] * 4, beside_high=33, beside_low=33)
        (c,) = comparisons.compare(rows, self.models, seed=1, threshold=0.03)
        self.assertEqual((c["ratio"], c["ratio_low"], c["ratio_high"], c["verdict"]), ("1.1000", "1.0000", "1.1000", "tie"))
        # the same bus beside both: slower
        same = [dict(r, beside_high="33", beside_low="33") for r in rows]
        (c,) = comparisons.compare(same, self.models, seed=1, threshold=0.03)
        self.assertEqual((c["ratio_low"], c["ratio_high"], c["verdict"]), ("1.1000", "1.1000", "slower"))
        # serial's bus faster (36): on one bus it would have been slower
        # still, 1.1 x 36 / 33 = 1.2: the interval [1.1, 1.2]
        faster = [dict(r, beside_high="36", beside_low="36") if r["model"] == "serial" else r for r in rows]
        (c,) = comparisons.compare(faster, self.models, seed=1, threshold=0.03)
        self.assertEqual((c["ratio_low"], c["ratio_high"], c["verdict"]), ("1.1000", "1.2000", "slower"))
        # one side without a ceiling: as it was
        bare = [dict(r, beside_high="", beside_low="") if r["model"] == "serial" else r for r in rows]
        (c,) = comparisons.compare(bare, self.models, seed=1, threshold=0.03)
        self.assertEqual(c["verdict"], "slower")

    def test_a_machine_that_moved_during_a_launch(self):
        # pi at 2 workers: pthreads 2.0 s, openmp 1.0 s (4 launches each, constant):
        # 2.0 on its own, "slower". Beside pthreads' launches the FMA peak read 31
        # and 62 GFLOP/s (it moved), beside openmp's 62 and 62: h runs from
        # 31 / 62 = 0.5 to 62 / 62 = 1, so the interval [2.0 x 0.5, 2.0] = [1, 2]
        # holds 1: a tie
        rows = cell_rows(("pi", "pthreads", 2), [[2.0] * 3] * 4, beside_high=62, beside_low=31) + \
            cell_rows(("pi", "openmp", 2), [[1.0] * 3] * 4, beside_high=62, beside_low=62)
        (c,) = comparisons.compare(rows, self.models, seed=1, threshold=0.03)
        self.assertEqual((c["ratio"], c["ratio_low"], c["ratio_high"], c["verdict"]), ("2.0000", "1.0000", "2.0000", "tie"))
        # with only the higher moved as far: h from 62 / 62 to 62 / 62, slower
        steady = [dict(r, beside_low="62") for r in rows]
        (c,) = comparisons.compare(steady, self.models, seed=1, threshold=0.03)
        self.assertEqual((c["ratio_low"], c["ratio_high"], c["verdict"]), ("2.0000", "2.0000", "slower"))

    def test_spawn_is_not_widened_by_its_primitives(self):
        # each model's spawn is judged against its own primitive: their
        # costs are no common machine, so the interval stays the ratio's
        rows = cell_rows(("spawn", "serial", 1), [[2.0] * 3] * 4, beside_high=300, beside_low=100) + \
            cell_rows(("spawn", "pthreads", 1), [[1.0] * 3] * 4, beside_high=40, beside_low=30)
        (c,) = comparisons.compare(rows, self.models, seed=1, threshold=0.03)
        self.assertEqual((c["ratio_low"], c["ratio_high"], c["verdict"]), ("2.0000", "2.0000", "slower"))

    def test_winners(self):
        ws = comparisons.winners(self.comps, self.summ)
        # P=1: serial and pthreads tie at 1.0 (the first in the summary's order is
        # named first), openmp is slower than serial; P=2: pthreads alone; P=4:
        # openmp's 0.95 is the fastest median, but it ties with pthreads
        self.assertEqual(ws[("pi", "1")], ["serial", "pthreads"])
        self.assertEqual(ws[("pi", "2")], ["pthreads"])
        self.assertEqual(ws[("pi", "4")], ["openmp", "pthreads"])


if __name__ == "__main__":
    unittest.main()
