"""results: the binaries' result lines, and what a finished run was."""
import unittest

__import__("pbtest")  # puts scripts/ on sys.path
from parbench import results

EXPECT = {"workload": "pi", "model": "openmp", "workers": "2"}
OK_LINE = "workload=pi model=openmp workers=2 size=100 rep=1 seconds=0.07 checksum=3.14 verified=yes"


class ParseLineTest(unittest.TestCase):
    def test_plain_values_and_cpus(self):
        got = results.parse_line(OK_LINE + " cpus=0-1,3 gbps=12.5")
        self.assertEqual(got, {"workload": "pi", "model": "openmp", "workers": "2", "size": "100", "rep": "1",
                               "seconds": "0.07", "checksum": "3.14", "verified": "yes", "cpus": "0-1;3",
                               "gbps": "12.5"})

    def test_junk_is_ignored(self):
        line = ("workload=pi junk model=<script> workers=2;id seconds= checksum=1,5 verified=yes "
                "unknown=1 cpus=0-1,x =5 rep==2 size=a=b threads=1e-3")
        got = results.parse_line(line)
        # kept: workload and verified (plain); threads=1e-3 is plain too (letters, digits, '-')
        self.assertEqual(got, {"workload": "pi", "verified": "yes", "threads": "1e-3"})

    def test_cpus_forms(self):
        self.assertEqual(results.parse_line("cpus=0")["cpus"], "0")
        self.assertEqual(results.parse_line("cpus=0,2,4-7")["cpus"], "0;2;4-7")
        for bad in ("cpus=", "cpus=0-", "cpus=,1", "cpus=0;1", "cpus=a"):
            self.assertNotIn("cpus", results.parse_line(bad), bad)

    def test_a_value_cut_at_64_characters(self):
        self.assertEqual(results.parse_line("checksum=" + "1" * 64)["checksum"], "1" * 64)
        self.assertNotIn("checksum", results.parse_line("checksum=" + "1" * 65))

    def test_parse_output_takes_result_lines_only(self):
        out = "hello\n" + OK_LINE + "\n  workload=indented\n" + OK_LINE.replace("rep=1", "rep=2") + "\n"
        got = results.parse_output(out)
        self.assertEqual([g["rep"] for g in got], ["1", "2"])


class ClassifyTest(unittest.TestCase):
    def classify(self, rc, lines, stderr="", timed_out=False):
        return results.classify(rc, timed_out, 0.5, [results.parse_line(x) for x in lines], EXPECT, stderr)

    def test_timeout(self):
        self.assertEqual(self.classify(-9, [], timed_out=True), ("timeout", "killed after the --timeout of 0.5 s"))
        # even with a good result line printed before the kill
        self.assertEqual(self.classify(0, [OK_LINE], timed_out=True)[0], "timeout")

    def test_verified_no_is_wrong(self):
        bad = OK_LINE.replace("verified=yes", "verified=no")
        self.assertEqual(self.classify(1, [bad], "pi: wrong answer\n"), ("wrong", "wrong answer (verified=no)"))
        self.assertEqual(self.classify(0, [OK_LINE, bad])[0], "wrong")

    def test_exit_1_without_a_result_line_is_failed_with_stderr(self):
        stderr = "some noise\npi: --size 0: must be at least 1\n\n"
        self.assertEqual(self.classify(1, [], stderr), ("failed", "exit status 1: pi: --size 0: must be at least 1"))

    def test_binding_reports_are_not_the_reason(self):
        stderr = ("pi: out of memory\nparbench affinity: rank 0 cpus 0-1\n[host:123] MCW rank 0 bound to\n"
                  "OMP: Info #1: something\nlibgomp: Affinity not supported\nthread binding report\n")
        self.assertEqual(self.classify(2, [], stderr), ("failed", "exit status 2: pi: out of memory"))

    def test_killed_by_a_signal(self):
        self.assertEqual(self.classify(-11, []), ("failed", "killed by signal 11 (SIGSEGV)"))
        self.assertEqual(results.status_text(-200), "killed by signal 200")

    def test_exit_0_without_a_result_line(self):
        self.assertEqual(self.classify(0, []), ("failed", "no result line"))
        self.assertEqual(self.classify(0, [], "pi: hmm\n"), ("failed", "no result line: pi: hmm"))

    def test_a_result_line_of_another_run(self):
        for other in (OK_LINE.replace("model=openmp", "model=serial"),
                      OK_LINE.replace("workers=2", "workers=4"),
                      OK_LINE.replace("workload=pi", "workload=triad"),
                      OK_LINE.replace(" seconds=0.07", ""),
                      OK_LINE.replace(" verified=yes", "")):
            self.assertEqual(self.classify(0, [other]), ("failed", "the result line does not match the run"), other)
        # one good line does not excuse a second that belongs to another run
        self.assertEqual(self.classify(0, [OK_LINE, OK_LINE.replace("workers=2", "workers=3")])[0], "failed")

    def test_ok(self):
        self.assertEqual(self.classify(0, [OK_LINE]), ("ok", ""))
        self.assertEqual(self.classify(0, [OK_LINE, OK_LINE.replace("rep=1", "rep=2")]), ("ok", ""))

    def test_messages_are_one_printable_line(self):
        self.assertEqual(results.last_message("a\x1b[31mred\x07\n"), "a?[31mred?")
        self.assertEqual(len(results.last_message("x" * 500)), 120)
        self.assertTrue(results.last_message("x" * 500).endswith("..."))
        self.assertEqual(results.last_message(""), "")


if __name__ == "__main__":
    unittest.main()
