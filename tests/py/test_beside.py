"""beside: the limit measured beside each launch of triad, stencil, pi
and mandelbrot: which probe and variant it runs, its command, and how a
launch's two probes make its limit."""
import os
import unittest
from unittest import mock

import pbtest
from parbench import beside, schema


def ceil_row(kind, workers, value, variant, best="yes", verified="yes"):
    r = dict.fromkeys(schema.CEILINGS_COLUMNS, "")
    r.update(probe="bandwidth", kind=kind, workers=str(workers), value=str(value), best=best, verified=verified,
             unit="GB/s", variant=variant)
    return r


class Plan(unittest.TestCase):
    def test_the_start_best_variant_of_each_kind_and_count(self):
        rows = [ceil_row("triad_regular", 1, 30, "off64-huge-on-sse2"),
                ceil_row("triad_regular", 1, 31, "off2k-huge-on-avx", best="no"),
                ceil_row("triad_regular", 2, 40, "off2k-huge-on-avx512"),
                ceil_row("triad_nontemporal", 2, 50, "off2k-huge-on-sse2"),
                ceil_row("scale_regular", 2, 35, "aligned-huge-off-compiler"),
                ceil_row("fma", 1, 58, "avx512-16chains")]
        bw = beside.BANDWIDTH_WORDS
        flops = ("flops", "--chains", "16") + beside.FLOPS_WORDS
        self.assertEqual(beside.plan(rows), {
            ("triad", 1): ("bandwidth", "--kind", "triad", "--isa", "sse2", "--placement", "off64") + bw,
            ("triad", 2): ("bandwidth", "--kind", "triad", "--isa", "avx512", "--placement", "off2k") + bw,
            ("stencil", 2): ("bandwidth", "--kind", "scale", "--isa", "compiler", "--placement", "aligned") + bw,
            ("pi", 1): flops, ("mandelbrot", 1): flops})

    def test_spawn_against_each_model_primitive(self):
        rows = [ceil_row("pthread_create_join", 2, 60, "-"), ceil_row("fork_waitpid", 2, 300, "-"),
                ceil_row("omp_parallel", 1, 0.3, "-"), ceil_row("posix_spawn", 2, 500, "-"),
                ceil_row("mpi_barrier", 2, 0.2, "-"), ceil_row("mpi_barrier", 4, 0.2, "-")]
        # MPI's barrier on the 2 ranks the start's probe runs on (a row of
        # another count in ceilings.csv, untrusted, is not its probe's)
        self.assertEqual(beside.plan(rows), {
            ("spawn/pthreads", 2): ("startup", "--kind", "pthread_create_join", "--quick"),
            ("spawn/fork", 2): ("startup", "--kind", "fork_waitpid", "--quick"),
            ("spawn/openmp", 1): ("startup", "--kind", "omp_parallel", "--quick"),
            ("spawn/mpi", 2): ("mpi", "--kind", "barrier", "--quick")})
        self.assertEqual((beside.key_of("spawn", "fork"), beside.key_of("pi", "fork")), ("spawn/fork", "pi"))

    def test_untrusted_rows_plan_nothing(self):
        # ceilings.csv is read from disk: a variant that is not the probe's
        # form, an unverified row or a worker count that is no count
        rows = [ceil_row("triad_regular", 1, 30, "off64-huge-on-sse2; rm -rf /"),
                ceil_row("triad_regular", 2, 30, "off64-huge-on-sse2", verified="no"),
                ceil_row("scale_regular", "x", 30, "off64-huge-on-sse2"),
                ceil_row("scale_regular", 1, 30, "elsewhere-huge-on-sse2"),
                ceil_row("fma", 1, 58, "avx512-16chains --at 99"),
                ceil_row("fma", 2, 58, "avx512-100chains")]
        self.assertEqual(beside.plan(rows), {})

    def test_the_probe_beside_a_launch_of_any_count(self):
        planned = {("triad", 1): ("bandwidth", "a"), ("triad", 4): ("bandwidth", "b")}
        # a count the start measured: its variant, there
        self.assertEqual(beside.how_for(planned, "triad", 1), (("bandwidth", "a"), 1))
        # between two: the variant of the next count above, at its own count
        self.assertEqual(beside.how_for(planned, "triad", 3), (("bandwidth", "b"), 3))
        # above every one: at the most the start measured
        self.assertEqual(beside.how_for(planned, "triad", 8), (("bandwidth", "b"), 4))
        self.assertIsNone(beside.how_for(planned, "stencil", 1))
        # a cost only at a count the start measured: its cell is judged there alone
        costs = {("spawn/fork", 1): ("startup", "c"), ("spawn/fork", 2): ("startup", "d")}
        self.assertEqual(beside.how_for(costs, "spawn/fork", 2), (("startup", "d"), 2))
        self.assertIsNone(beside.how_for(costs, "spawn/fork", 4))

    def test_command(self):
        how = ("flops", "--chains", "12") + beside.FLOPS_WORDS
        build = pbtest.scratch(self)
        self.assertEqual(beside.command(build, how, 2), ([os.path.join(build, "ceilings", "flops"), "--at", "2",
                                                          "--chains", "12", "--quick", "--ms", "2", "--reps", "3"], {}))
        # the MPI probe through its launcher, on the launcher's ranks; none without one
        mpi = (["mpirun", "-np", "2", "/b/ceilings/mpi"], {"OMPI_MCA_x": "1"})
        how = ("mpi", "--kind", "barrier", "--quick")
        self.assertEqual(beside.command(build, how, 2, mpi),
                         (["mpirun", "-np", "2", "/b/ceilings/mpi", "--kind", "barrier", "--quick"], {"OMPI_MCA_x": "1"}))
        self.assertEqual(beside.command(build, how, 2), ([], {}))

    def test_without_mpirun_the_mpi_probe_is_left_out(self):
        planned = {("spawn/mpi", 2): ("mpi", "--kind", "barrier", "--quick"), ("pi", 1): ("flops",)}
        build = pbtest.scratch(self)
        with mock.patch.dict(os.environ, {"MPIRUN": os.path.join(build, "no-such-mpirun")}):
            self.assertEqual(beside.mpi_launcher(planned, pbtest.ROOT, build), ({("pi", 1): ("flops",)}, None))
        self.assertEqual(beside.mpi_launcher({("pi", 1): ("flops",)}, pbtest.ROOT, build), ({("pi", 1): ("flops",)}, None))


class Pair(unittest.TestCase):
    def test_the_higher_and_the_lower_of_before_and_after(self):
        self.assertEqual(beside.pair(36.0, 38.0), (38.0, 36.0, False))
        # 36 before, 65 after: 65 > 1.15 x 36, the machine moved
        self.assertEqual(beside.pair(36.0, 65.0), (65.0, 36.0, True))
        self.assertEqual(beside.pair(65.0, 36.0), (65.0, 36.0, True))
        # 45 is 1.125 x 40: not moved; 47 is 1.175 x 40: moved
        self.assertEqual(beside.pair(40.0, 45.0), (45.0, 40.0, False))
        self.assertEqual(beside.pair(40.0, 47.0), (47.0, 40.0, True))

    def test_one_or_none_measured(self):
        self.assertEqual(beside.pair(None, 38.0), (38.0, 38.0, False))
        self.assertEqual(beside.pair(38.0, None), (38.0, 38.0, False))
        self.assertEqual(beside.pair(None, None), (None, None, False))
        self.assertEqual(beside.pair(0.0, 30.0), (30.0, 30.0, False))


class Record(unittest.TestCase):
    def test_what_meta_json_keeps(self):
        done = {"probes": 4, "failed": 1, "seconds": 0.81234, "problem": "ceilings/bandwidth: exit status 3: x"}
        rec = beside.record({("triad", 2): ("bandwidth", "--kind", "triad")}, done)
        self.assertEqual({k: rec[k] for k in ("planned", "probes", "failed", "seconds", "problem")},
                         {"planned": {"triad,2": "bandwidth --kind triad"}, "probes": 4, "failed": 1, "seconds": 0.812,
                          "problem": "ceilings/bandwidth: exit status 3: x"})


if __name__ == "__main__":
    unittest.main()
