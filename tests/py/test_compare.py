"""compare (scripts/compare): what differs between two runs' meta.json,
each cell's change from run A to run B, and how far the two runs'
verdicts agree. Every expected value is worked out by hand."""
import unittest

import pbtest
from pbtest import cell_rows
from parbench import compare


class MetaDifferencesTest(unittest.TestCase):
    A = {"host": "h1", "cpu_model": "EPYC", "cores": 2, "compiler": {"cc_version": "gcc 12"},
         "flags": {"CFLAGS": "-O2"}, "parbench": {"commit": "abc", "dirty": False}}

    def test_only_what_differs_in_the_items_order(self):
        b = {"cpu_model": "EPYC", "cores": "2", "compiler": {"cc_version": "gcc 12"},
             "flags": {"CFLAGS": "-O3"}, "mpi": {"library_version": "Open MPI 4.1"},
             "parbench": {"commit": "abc", "dirty": True}}
        # cores 2 and "2" read the same; a missing host or MPI library is 'unknown'
        self.assertEqual(compare.meta_differences(self.A, b),
                         [["host", "h1", "unknown"], ["CFLAGS", "-O2", "-O3"],
                          ["MPI library", "unknown", "Open MPI 4.1"], ["uncommitted changes", "false", "true"]])

    def test_the_same_run(self):
        self.assertEqual(compare.meta_differences(self.A, dict(self.A)), [])
        self.assertEqual(compare.meta_differences({}, {}), [])


class ChangesTest(unittest.TestCase):
    def test_b_over_a(self):
        models = pbtest.models(self)
        a = (cell_rows(("pi", "openmp", 2), [[1.0] * 2] * 3) + cell_rows(("pi", "serial", 1), [[2.0] * 2] * 3)
             + cell_rows(("pi", "pthreads", 2), [[0.9], [1.1]])
             + cell_rows(("pi", "openmp", 4), [[0.5]]))           # only in A
        b = (cell_rows(("pi", "openmp", 2), [[0.8] * 2] * 3) + cell_rows(("pi", "serial", 1), [[3.0] * 2] * 3)
             + cell_rows(("pi", "pthreads", 2), [[1.0]])
             + cell_rows(("pi", "openmp", 1), [[0.5]]))           # only in B
        got = [(c["model"], c["workers"], c["ratio"], c["ratio_low"], c["ratio_high"], c["verdict"])
               for c in compare.changes(a, b, models, 0.03)]
        # in registry order; constant times give the ratio as its interval:
        # serial 3.0 / 2.0 = 1.5, slower; openmp 0.8 / 1.0, faster. pthreads: 1.0 over
        # A's medians {0.9, 1.0, 1.1} (1/4, 1/2, 1/4): 1 in [1 / 1.1, 1 / 0.9] =
        # [0.9091, 1.1111], a tie
        self.assertEqual(got, [("serial", "1", "1.5000", "1.5000", "1.5000", "slower"),
                               ("pthreads", "2", "1.0000", "0.9091", "1.1111", "tie"),
                               ("openmp", "2", "0.8000", "0.8000", "0.8000", "faster")])


class AgreementTest(unittest.TestCase):
    @staticmethod
    def comp(p, a, b, verdict):
        return {"workload": "pi", "workers": str(p), "model_a": a, "model_b": b, "verdict": verdict}

    def test_same_and_opposite(self):
        run_a = [self.comp(1, "serial", "openmp", "faster"),    # same
                 self.comp(2, "pthreads", "openmp", "tie"),     # same
                 self.comp(4, "pthreads", "openmp", "faster"),  # opposite
                 self.comp(8, "pthreads", "openmp", "tie"),     # neither: a tie against faster
                 self.comp(1, "serial", "pthreads", "tie")]     # only in A
        run_b = [self.comp(1, "serial", "openmp", "faster"),
                 self.comp(2, "pthreads", "openmp", "tie"),
                 self.comp(4, "pthreads", "openmp", "slower"),
                 self.comp(8, "pthreads", "openmp", "faster"),
                 self.comp(16, "pthreads", "openmp", "slower")]  # only in B
        # 4 pairs judged by both: 2 alike, 1 the other way round
        self.assertEqual(compare.agreement(run_a, run_b), (2, 1, 4))

    def test_nothing_in_common(self):
        self.assertIsNone(compare.agreement([], [self.comp(1, "serial", "openmp", "faster")]))
        self.assertIsNone(compare.agreement([self.comp(1, "serial", "openmp", "faster")],
                                            [self.comp(2, "serial", "openmp", "faster")]))


if __name__ == "__main__":
    unittest.main()
