"""slurmjob: the job script scripts/submit writes, its values quoted as bash
quotes them."""
import os
import shutil
import subprocess
import time
import unittest

import pbtest
from parbench import slurmjob

VALUES = {"NODES": "2", "CPUS": "8", "TIME": "00:10:00", "PARTITION": "", "ACCOUNT": "acc",
          "LAUNCHER": "srun", "EXCLUSIVE": "no", "JOB_NAME": "parbench", "FROM": "parbench.conf:4: CPUS",
          "MODE": "new", "RUN_DIR": "/r/run", "ROOT": "/src", "BENCH": "/src/scripts/bench", "BUILD": "/src/build"}
NOW = time.strptime("2024-05-06T07:08:09", "%Y-%m-%dT%H:%M:%S")


def script(args=(), **values):
    return slurmjob.job_script({**VALUES, **values}, list(args), NOW)


class Quoting(unittest.TestCase):
    WORDS = ["a", "", "a,b", ",", "--workers", "2,4", "a=b", "=a", ":a", "a:b", "/x/y", "+1", "-", "a.b_c", "x,=:/+-.,"]

    def test_as_bash_printf_q_quotes_them(self):
        if not shutil.which("bash"):
            self.skipTest("no bash here")
        got = subprocess.run(["bash", "-c", 'for w; do printf "%q\\n" "$w"; done', "-", *self.WORDS],
                             capture_output=True, text=True, check=True).stdout.split("\n")[:-1]
        self.assertEqual([slurmjob.quoted(w) for w in self.WORDS], got)

    def test_what_safe_word_refuses_is_refused(self):
        for word in ["a b", "it's", "$(id)", "a\nb", "~a", "#a", "a;b", "`x`"]:
            with self.assertRaises(ValueError):
                slurmjob.quoted(word)


class Script(unittest.TestCase):
    def test_the_settings_reach_the_sbatch_lines(self):
        lines = script(["--models", "serial,openmp", "--workers", "2,4"]).split("\n")
        for want in ["#!/bin/bash", "#SBATCH --job-name=parbench", "#SBATCH --nodes=2", "#SBATCH --cpus-per-task=8",
                     "#SBATCH --time=00:10:00", "#SBATCH --account=acc", "#SBATCH --output=/r/run/slurm/slurm-%j.out",
                     "#SBATCH --chdir=/src", "# 2024-05-06T07:08:09Z. The thread and process models run here, on the first",
                     "# CPUs per node (--cpus-per-task): 8, from parbench.conf:4: CPUS.",
                     "rundir=/r/run", "resume=0", "export PARBENCH_LAUNCHER=srun",
                     "bench_args=(--models serial\\,openmp --workers 2\\,4)"]:
            self.assertIn(want, lines)
        self.assertFalse([x for x in lines if x.startswith("#SBATCH --partition") or x == "#SBATCH --exclusive"])
        self.assertEqual(lines[0], "#!/bin/bash")
        self.assertTrue(script().endswith('exit "$rc"\n'))

    def test_where_cpus_came_from_stays_in_its_comment(self):
        # a conf file named with a newline and a command: one comment line still
        lines = script(FROM="a\nrm -rf ~\r\x7f.conf:1: CPUS").split("\n")
        self.assertIn("# CPUs per node (--cpus-per-task): 8, from a?rm -rf ~??.conf:1: CPUS.", lines)
        self.assertFalse([x for x in lines if x.startswith("rm ")])

    def test_optional_lines(self):
        text = script(PARTITION="debug", EXCLUSIVE="yes", MODE="again")
        self.assertIn("#SBATCH --partition=debug\n", text)
        self.assertIn("#SBATCH --exclusive\n", text)
        self.assertIn("# The sweep of an earlier job never began: it starts afresh, with slurm/bench.args.\n", text)
        self.assertIn("\nresume=0\n", text)
        self.assertIn("\nresume=1\n", script(MODE="resume"))
        self.assertIn("\nbench_args=()\n", script())
        self.assertIn("\nbench_args=('')\n", script([""]))

    def test_it_is_valid_bash(self):
        if not shutil.which("bash"):
            self.skipTest("no bash here")
        path = pbtest.write(os.path.join(pbtest.scratch(self), "job.sh"),
                            script(["--models", "a,b", "--", "--x"], PARTITION="p", EXCLUSIVE="yes"))
        subprocess.run(["bash", "-n", path], check=True)
        if shutil.which("shellcheck"):
            p = subprocess.run(["shellcheck", path], capture_output=True, text=True)
            self.assertEqual(p.returncode, 0, p.stdout)

    def test_answer_reads_names_and_bench_options(self):
        args = [f"{k}={v}" for k, v in VALUES.items()] + ["--", "--reps", "1", "--"]
        text, = slurmjob.answer(args)
        self.assertIn("\nbench_args=(--reps 1 --)\n", text)
        with self.assertRaises(ValueError):
            slurmjob.answer(args[1:])


if __name__ == "__main__":
    unittest.main()
