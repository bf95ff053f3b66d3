"""registry: models.conf read strictly, and what the plots take from it."""
import os
import unittest
from unittest import mock

import pbtest
from parbench import registry

GOOD = "serial serial cc - plain #555555 7 asan"


class LoadTest(unittest.TestCase):
    def load(self, text):
        return registry.load(pbtest.write(os.path.join(pbtest.scratch(self), "models.conf"), text))

    def refused(self, text, *needles):
        """Loading TEXT raises RegistryError whose message holds each NEEDLE."""
        with self.assertRaises(registry.RegistryError) as cm:
            self.load(text)
        for n in needles:
            self.assertIn(n, str(cm.exception))
        return str(cm.exception)

    def test_the_real_models_conf(self):
        ms = registry.load(registry.DEFAULT_PATH)
        self.assertGreaterEqual(len(ms), 2)
        self.assertEqual(registry.baseline(ms).name, "serial")
        self.assertEqual(len({m.name for m in ms}), len(ms))
        for m in ms:
            self.assertRegex(m.colour, r"^#[0-9a-fA-F]{6}$")
            self.assertIn(m.launch, registry.LAUNCHES)

    def test_fields_of_a_line(self):
        ms = pbtest.models(self)
        self.assertEqual(registry.names(ms), ["serial", "pthreads", "openmp"])
        s, p, o = ms
        self.assertEqual(s, registry.Model("serial", "serial", "cc", (), "plain", "#555555", 7,
                                           ("asan", "tsan", "valgrind")))
        self.assertEqual(p.flags, ("-pthread",))
        self.assertEqual(p.checks, ("asan", "tsan"))
        self.assertEqual(o.point, 13)
        self.assertTrue(s.one_worker)
        self.assertFalse(o.one_worker)
        self.assertFalse(o.needs_mpi)

    def test_mpicc_needs_mpi_and_flags_joined_by_commas(self):
        ms = self.load(GOOD + "\nmpi mpi mpicc -O2,-fopenmp mpi #cc79a7 11 -\n")
        self.assertTrue(ms[1].needs_mpi)
        self.assertEqual(ms[1].flags, ("-O2", "-fopenmp"))
        self.assertEqual(ms[1].checks, ())

    def test_comments_blanks_and_trailing_comments(self):
        head = ("# a comment\n\n   \n   # an indented comment\n"
                "serial serial cc - plain #555555 7 asan   # the baseline; '#' after the 8th column\n")
        # '-#x' is one field: the checks column, and not a checker
        self.refused(head + "fork fork cc -pthread procs #d55e00 9 -#x\n", "models.conf:6", "checks '-#x'")
        ms = self.load(head + "fork fork cc -pthread procs #d55e00 9 - #ok\n")
        self.assertEqual(registry.names(ms), ["serial", "fork"])
        self.assertEqual(ms[0].checks, ("asan",))

    def test_colour_hash_is_not_a_comment(self):
        ms = self.load(GOOD + "\n")
        self.assertEqual(ms[0].colour, "#555555")

    def test_wrong_column_count(self):
        self.refused(GOOD + "\nfork fork cc - procs #d55e00 9\n", "models.conf:2", "7 columns, not 8")
        self.refused(GOOD + "\nfork fork cc - procs #d55e00 9 - extra\n", "models.conf:2", "9 columns, not 8")
        self.refused("fork\n" + GOOD + "\n", "models.conf:1", "1 columns")

    def test_bad_names(self):
        for name in ("Serial2", "2fork", "fo-rk", "a" * 32, "fork;id", "f\u00f6rk"):
            self.refused(GOOD + f"\n{name} fork cc - procs #d55e00 9 -\n", "models.conf:2", "not a model name")
        for d in ("../fork", "fork/x", ".", "Fork"):
            self.refused(GOOD + f"\nfork {d} cc - procs #d55e00 9 -\n", "models.conf:2", "not a directory name")

    def test_unknown_build_launch_check(self):
        self.refused(GOOD + "\nfork fork gcc - procs #d55e00 9 -\n", "models.conf:2", "build 'gcc'")
        self.refused(GOOD + "\nfork fork cc - coroutines #d55e00 9 -\n", "models.conf:2", "launch 'coroutines'")
        self.refused(GOOD + "\nfork fork cc - procs #d55e00 9 asan,msan\n", "models.conf:2", "checks 'asan,msan'")
        self.refused(GOOD + "\nfork fork cc - procs #d55e00 9 asan,\n", "models.conf:2", "checks")

    def test_bad_flags(self):
        for flags in ("-O2;id", "O2", "-O2,,-g", "-I$(HOME)"):
            self.refused(GOOD + f"\nfork fork cc {flags} procs #d55e00 9 -\n", "models.conf:2", "flags")

    def test_bad_colour(self):
        for colour in ("#55555", "#5555555", "red", "#gggggg", "555555"):
            self.refused(GOOD + f"\nfork fork cc - procs {colour} 9 -\n", "models.conf:2", "colour")

    def test_bad_point(self):
        for point in ("x", "100", "-1", "1.5", "+3"):
            self.refused(GOOD + f"\nfork fork cc - procs #d55e00 {point} -\n", "models.conf:2", "point type")

    def test_duplicate_model(self):
        self.refused(GOOD + "\n# again\n" + GOOD + "\n", "models.conf:3", "'serial' is listed twice")

    def test_zero_or_two_plain_models(self):
        self.refused("fork fork cc - procs #d55e00 9 -\n", "exactly one model with launch 'plain'", "has 0")
        self.refused(GOOD + "\nother other cc - plain #000000 1 -\n", "exactly one", "has 2")
        self.refused("# nothing but a comment\n", "has 0")

    def test_missing_or_binary_file(self):
        with self.assertRaises(registry.RegistryError):
            registry.load(os.path.join(pbtest.scratch(self), "none.conf"))
        path = pbtest.write(os.path.join(pbtest.scratch(self), "models.conf"), b"\xff\xfe\n", "wb")
        with self.assertRaises(registry.RegistryError):
            registry.load(path)

    def test_parbench_registry_environment(self):
        path = pbtest.write(os.path.join(pbtest.scratch(self), "other.conf"), GOOD + "\n")
        with mock.patch.dict(os.environ, {"PARBENCH_REGISTRY": path}):
            self.assertEqual(registry.names(registry.load()), ["serial"])


class StyleTest(unittest.TestCase):
    def test_gnuplot_style(self):
        ms = pbtest.models(self)
        want = ('# generated from models.conf: one line type per model, in registry order\n'
                'MODELS = "serial pthreads openmp"\n'
                'NMODELS = 3\n'
                'BASELINE = "serial"\n'
                'set linetype 1 lc rgb "#555555" lw 2 pt 7 ps 1.4 dt solid\n'
                'set linetype 2 lc rgb "#0072b2" lw 2 pt 5 ps 1.4 dt solid\n'
                'set linetype 3 lc rgb "#009e73" lw 2 pt 13 ps 1.4 dt solid\n')
        self.assertEqual(registry.gnuplot_style(ms), want)

    def test_line_type_is_the_place_in_the_registry(self):
        ms = pbtest.models(self)
        self.assertEqual(registry.line_type(ms, "serial"), 1)
        self.assertEqual(registry.line_type(ms, "openmp"), 3)
        self.assertEqual(registry.line_type(ms, "mpi"), 0)

    def test_baseline_need_not_come_first(self):
        path = pbtest.write(os.path.join(pbtest.scratch(self), "models.conf"),
                            "fork fork cc - procs #d55e00 9 -\n" + GOOD + "\n")
        ms = registry.load(path)
        self.assertEqual(registry.baseline(ms).name, "serial")
        self.assertIn('BASELINE = "serial"', registry.gnuplot_style(ms))
        self.assertEqual(registry.by_name(ms, "fork").launch, "procs")
        self.assertIsNone(registry.by_name(ms, "nope"))


if __name__ == "__main__":
    unittest.main()
