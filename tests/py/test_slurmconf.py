"""slurmconf: scripts/submit's settings from parbench.conf, PARBENCH_<KEY>,
the options and sinfo, and the words of every refusal."""
import os
import unittest

import pbtest
from pbtest import refusal
from parbench import slurmconf


def conf(data: bytes, utf8: bool = True, settings=None):
    return slurmconf.from_conf(settings or slurmconf.defaults(), "parbench.conf", data, utf8)


class Checks(unittest.TestCase):
    def test_good_values_pass(self):
        for key, value in [("NODES", "1"), ("NODES", "99999"), ("CPUS", "64"), ("TIME", "00:30:00"),
                           ("TIME", "1-02:03:04"), ("TIME", "999-999:59:59"), ("PARTITION", ""),
                           ("PARTITION", "a,b.c-d_e"), ("ACCOUNT", ""), ("ACCOUNT", "proj-1.x"),
                           ("LAUNCHER", "srun"), ("LAUNCHER", "mpirun"), ("EXCLUSIVE", "yes"),
                           ("EXCLUSIVE", "no"), ("JOB_NAME", "j" * 64)]:
            self.assertEqual(slurmconf.checked("--x", key, value), value)

    def test_bad_values_are_refused_naming_where_and_what(self):
        cases = [("NODES", "0", "a whole number from 1 to 99999"), ("CPUS", "100000", "a whole number"),
                 ("CPUS", "08", "a whole number"), ("CPUS", "4\n", "a whole number"),
                 ("TIME", "90", "a time as HH:MM:SS or D-HH:MM:SS"), ("TIME", "00:60:00", "a time"),
                 ("PARTITION", "debug;id", "a partition name (letters, digits, _ . -; several split by commas)"),
                 ("PARTITION", "a,", "a partition name"), ("ACCOUNT", "a b", "an account name (letters, digits, _ . -)"),
                 ("LAUNCHER", "mpiexec", "srun or mpirun"), ("EXCLUSIVE", "maybe", "yes or no"),
                 ("JOB_NAME", "", "a job name"), ("JOB_NAME", "j" * 65, "a job name (letters, digits, _ . -; at most 64)"),
                 ("JOB_NAME", "x$(id)", "a job name"), ("ACCOUNT", "\u00e4", "an account name")]
        for key, value, want in cases:
            with self.subTest(key=key, value=value):
                before, shown, after = refusal(slurmconf.checked, "PARBENCH_X", key, value)
                self.assertEqual((before, shown), ("PARBENCH_X: ", value))
                self.assertTrue(after.startswith(f" is not {want}"), after)

    def test_an_unknown_key_names_every_key(self):
        self.assertEqual(refusal(slurmconf.checked, "f:2: FOO", "FOO", "1"),
                         ("f:2: FOO: unknown setting 'FOO' (settings: NODES CPUS TIME PARTITION ACCOUNT "
                          "LAUNCHER EXCLUSIVE JOB_NAME)",))


class Conf(unittest.TestCase):
    def test_values_and_where_they_came_from(self):
        s = conf(b"# site\n\nPARTITION=p1\n  ACCOUNT = \"a1\"  \nTIME='01:00:00'\nCPUS\t=\t8\t\n")
        self.assertEqual(s["PARTITION"], ("p1", "parbench.conf:3: PARTITION"))
        self.assertEqual(s["ACCOUNT"], ("a1", "parbench.conf:4: ACCOUNT"))
        self.assertEqual(s["TIME"], ("01:00:00", "parbench.conf:5: TIME"))
        self.assertEqual(s["CPUS"], ("8", "parbench.conf:6: CPUS"))
        self.assertEqual(s["NODES"], ("1", ""))

    def test_a_byte_order_mark_and_crlf_are_not_there(self):
        for data in (b"\xef\xbb\xbfCPUS=3\r\nTIME=01:00:00\r\n", b"\xef\xbb\xbf# c\r\nCPUS=3\r\n\r\nTIME=01:00:00"):
            for utf8 in (True, False):
                s = conf(data, utf8)
                self.assertEqual((s["CPUS"][0], s["TIME"][0]), ("3", "01:00:00"))

    def test_a_byte_order_mark_past_the_start_is_refused(self):
        self.assertEqual(refusal(conf, b"CPUS=2\n\xef\xbb\xbfTIME=01:00:00\n"),
                         ("parbench.conf:2: not KEY=VALUE: ", "\ufeffTIME=01:00:00", ""))

    def test_a_key_given_twice_names_both_lines(self):
        self.assertEqual(refusal(conf, b"CPUS=2\nTIME=01:00:00\nCPUS=4\n"),
                         ("parbench.conf:3: CPUS is given twice (lines 1 and 3); keep one",))

    def test_the_first_fault_in_file_order_is_named(self):
        self.assertEqual(refusal(conf, b"CPUS=x\nnot a setting\n")[0], "parbench.conf:1: CPUS: ")
        self.assertEqual(refusal(conf, b"FOO=1\nFOO=2\n")[0][:24], "parbench.conf:1: FOO: un")

    def test_shell_text_is_a_value_never_run(self):
        self.assertEqual(refusal(conf, b"ACCOUNT=$(touch x)\n"),
                         ("parbench.conf:1: ACCOUNT: ", "$(touch x)", " is not an account name (letters, digits, _ . -)"))

    def test_lines_that_are_not_key_value(self):
        for data, line in [(b"cpus=3\n", "cpus=3"), (b"CPUS 3\n", "CPUS 3"), (b"CPUS=3\n=4\n", "=4"),
                           (b"export CPUS=3", "export CPUS=3")]:
            self.assertEqual(refusal(conf, data)[1], line)

    def test_quotes_come_off_a_whole_value_only(self):
        self.assertEqual(refusal(conf, b'CPUS="3\n')[1], '"3')
        self.assertEqual(refusal(conf, b'CPUS=""\n')[1], "")
        self.assertEqual(refusal(conf, b"CPUS=3  # four\n")[1], "3  # four")

    def test_nul_bytes_are_dropped_as_bash_read_drops_them(self):
        self.assertEqual(conf(b"CP\0US=3\n")["CPUS"][0], "3")

    def test_unicode_blanks_are_blanks_in_a_utf8_locale_only(self):
        data = "\u3000CPUS\u2003=\u2003 4\u3000\n".encode()
        self.assertEqual(conf(data, utf8=True)["CPUS"][0], "4")
        self.assertEqual(refusal(conf, data, False)[0], "parbench.conf:1: not KEY=VALUE: ")
        # a no-break space is no blank to bash
        self.assertEqual(refusal(conf, "CPUS=3\u00a0\n".encode(), True)[1], "3\u00a0")

    def test_a_line_that_is_not_utf8(self):
        self.assertEqual(refusal(conf, b"CPUS=\xff\n", True), ("parbench.conf:1: not KEY=VALUE: ", os.fsdecode(b"CPUS=\xff"), ""))
        self.assertEqual(refusal(conf, b"CPUS=\xff\n", False), ("parbench.conf:1: CPUS: ", os.fsdecode(b"\xff"),
                                                                " is not a whole number from 1 to 99999"))


class Layers(unittest.TestCase):
    def test_options_over_environment_over_file(self):
        d = pbtest.scratch(self)
        path = pbtest.write(os.path.join(d, "site.conf"), "PARTITION=fromconf\nACCOUNT=fromconf\nTIME=01:00:00\n")
        env = {"PARBENCH_CONF": path, "PARBENCH_ACCOUNT": "fromenv", "PARBENCH_TIME": "02:00:00"}
        s = slurmconf.resolve(env, ["TIME", "00:10:00", "JOB_NAME", "j1", "EXCLUSIVE", "yes"], True)
        self.assertEqual(s["PARTITION"], ("fromconf", f"{path}:1: PARTITION"))
        self.assertEqual(s["ACCOUNT"], ("fromenv", "PARBENCH_ACCOUNT"))
        self.assertEqual(s["TIME"], ("00:10:00", "--time"))
        self.assertEqual(s["JOB_NAME"], ("j1", "--job-name"))
        self.assertEqual(s["EXCLUSIVE"], ("yes", "--exclusive"))

    def test_an_empty_variable_is_a_value(self):
        self.assertEqual(refusal(slurmconf.from_env, slurmconf.defaults(), {"PARBENCH_NODES": ""}),
                         ("PARBENCH_NODES: ", "", " is not a whole number from 1 to 99999"))
        self.assertEqual(slurmconf.from_env(slurmconf.defaults(), {"PARBENCH_FOO": "x"}), slurmconf.defaults())

    def test_a_conf_file_named_must_be_there(self):
        d = pbtest.scratch(self)
        self.assertEqual(refusal(slurmconf.read_conf, {}, {"PARBENCH_CONF": d}, True),
                         ("PARBENCH_CONF: ", d, " is not a file"))
        cwd = os.getcwd()
        os.chdir(d)
        self.addCleanup(os.chdir, cwd)
        self.assertEqual(slurmconf.read_conf({}, {"PARBENCH_CONF": ""}, True), {})
        pbtest.write(os.path.join(d, "parbench.conf"), "NODES=3\n")
        self.assertEqual(slurmconf.read_conf({}, {}, True), {"NODES": ("3", "parbench.conf:1: NODES")})

    def test_answer_is_key_value_from_for_every_key(self):
        fields = slurmconf.answer(["settings", "NODES", "2"], environ={"PARBENCH_CONF": ""})
        self.assertEqual(len(fields), 3 * len(slurmconf.KEYS))
        self.assertEqual(fields[:6], ["NODES", "2", "--nodes", "CPUS", "", ""])


class Sinfo(unittest.TestCase):
    NEED = "needs --cpus C, the CPUs per node (or CPUS= in parbench.conf)"

    def cpus(self, listing, partition="", status="0", error=""):
        return slurmconf.sinfo_cpus("sinfo", partition, status, listing, error)

    def test_the_default_partition_and_its_cores(self):
        self.assertEqual(self.cpus("big 64 2 16\ndebug* 16 2 4\ndebug* 16 2 4"),
                         ("8", "sinfo: the cores of every node of partition debug (the default)"))

    def test_the_partition_named(self):
        self.assertEqual(self.cpus("big 32 2 16", "big"), ("32", "sinfo: the cores of every node of partition big"))
        self.assertEqual(self.cpus("small 8 1 8\nbig 16 2 4", "small,big")[1],
                         "sinfo: the cores of every node of partition big,small")

    def test_blank_lines_and_blanks_between_columns(self):
        self.assertEqual(self.cpus("  \n\ndebug*   4\t1   4  ")[0], "4")

    def test_nodes_of_different_cores_are_refused(self):
        self.assertEqual(refusal(self.cpus, "debug* 4 1 4\ndebug* 8 1 8\ndebug* 2 1 2"),
                         (f"{self.NEED}: the nodes of partition debug (the default) have 2 or 4 or 8 cores (sinfo): "
                          "choose with --cpus",))

    def test_what_is_not_a_node_is_refused_whole(self):
        for listing, shown in [("debug* 4+ 1 4", "debug* 4+ 1 4"), ("debug* 4 1 4 extra  words", "debug* 4 1 4 extra  words"),
                               ("debug* 4 1", "debug* 4 1 "), ("debug*", "debug*   "), ("debug* 1000000 1 4", "debug* 1000000 1 4"),
                               ("debug* 08 2 2", "debug* 08 2 2")]:
            self.assertEqual(refusal(self.cpus, listing),
                             (f"{self.NEED}: sinfo gave ", shown, ", not the CPUs, sockets and cores of a node"))

    def test_too_many_cores_for_a_setting(self):
        self.assertEqual(refusal(self.cpus, "debug* 999999 9999 99999"),
                         ("sinfo: the cores of every node of partition debug (the default): ", "999999",
                          " is not a whole number from 1 to 99999"))

    def test_no_node_or_no_default(self):
        self.assertEqual(refusal(self.cpus, "", "x"), (f"{self.NEED}: sinfo lists no node in partition x",))
        self.assertEqual(refusal(self.cpus, "debug 4 1 4"),
                         (f"{self.NEED}: sinfo marks no partition as the default ('*'): name one with --partition",))

    def test_sinfo_missing_or_failing(self):
        self.assertEqual(refusal(self.cpus, "", "", "missing"), (f"{self.NEED}: sinfo is not here to tell",))
        self.assertEqual(refusal(self.cpus, "", "p", "3", "b"),
                         (f"{self.NEED}: sinfo -o '%P %c %X %Y' -p p failed (status 3): ", "b", ""))
        self.assertEqual(refusal(self.cpus, "", "", "124", ""),
                         (f"{self.NEED}: sinfo -o '%P %c %X %Y' failed (status 124)",))


if __name__ == "__main__":
    unittest.main()
