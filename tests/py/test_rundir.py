"""rundir: the run directory's lock, settings and rows."""
import errno
import fcntl
import os
import resource
import signal
import unittest
from unittest import mock

import pbtest
from parbench import rundir, schema


class LockMixin:
    def keep(self, rd):
        """Closes RD's lock when the test ends; returns RD."""
        self.addCleanup(self.close, rd.lock_fd)
        return rd

    @staticmethod
    def close(fd):
        try:
            os.close(fd)
        except OSError:
            pass

    def hold_lock(self, path):
        """Takes PATH's lock as another sweep would (a file description of its own)."""
        fd = os.open(os.path.join(path, rundir.LOCK), os.O_RDWR | os.O_CREAT, 0o644)
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        self.addCleanup(self.close, fd)
        return fd


class CreateTest(LockMixin, unittest.TestCase):
    def test_fresh_path(self):
        out = os.path.join(pbtest.scratch(self), "a", "run")
        rd = self.keep(rundir.create(out, "/nonexistent"))
        self.assertEqual(rd.path, os.path.abspath(out))
        self.assertTrue(rd.made)
        self.assertEqual(os.listdir(out), [rundir.LOCK])

    def test_existing_empty_directory(self):
        out = pbtest.scratch(self)
        rd = self.keep(rundir.create(out, "/nonexistent"))
        self.assertFalse(rd.made)

    def test_second_create_while_the_first_holds_the_lock(self):
        out = os.path.join(pbtest.scratch(self), "run")
        first = self.keep(rundir.create(out, "/nonexistent"))
        with self.assertRaises(rundir.RunDirError) as cm:
            self.keep(rundir.create(out, "/nonexistent"))
        self.assertEqual(cm.exception.status, 3)
        self.assertIn("still working", str(cm.exception))
        # the first sweep's directory is intact
        self.assertTrue(os.path.isdir(first.path))
        self.assertEqual(os.listdir(out), [rundir.LOCK])

    def test_second_create_after_the_first_wrote(self):
        out = os.path.join(pbtest.scratch(self), "run")
        self.keep(rundir.create(out, "/nonexistent"))
        pbtest.write(os.path.join(out, "runs.csv"), "x\n")
        with self.assertRaises(rundir.RunDirError):
            self.keep(rundir.create(out, "/nonexistent"))
        self.assertEqual(sorted(os.listdir(out)), [rundir.LOCK, "runs.csv"])

    def test_a_race_lost_after_making_the_directory(self):
        # Two sweeps with one --out that does not exist: this one makes the
        # directory, the other sees it and takes its lock first. This one must
        # refuse with RunDirError and leave the other's directory alone.
        out = os.path.join(pbtest.scratch(self), "run")
        real = os.makedirs

        def makedirs_then_lose(path, *a, **k):
            real(path, *a, **k)
            self.hold_lock(path)
        with mock.patch.object(rundir.os, "makedirs", makedirs_then_lose):
            try:
                with self.assertRaises(rundir.RunDirError):
                    self.keep(rundir.create(out, "/nonexistent"))
            except OSError as e:
                self.fail(f"create raised {e!r}, not RunDirError")
        self.assertTrue(os.path.isdir(out))

    def test_a_non_empty_directory_is_refused_and_left_as_it_was(self):
        out = pbtest.scratch(self)
        pbtest.write(os.path.join(out, "notes.txt"), "mine\n")
        with self.assertRaises(rundir.RunDirError) as cm:
            self.keep(rundir.create(out, "/nonexistent"))
        self.assertEqual(cm.exception.status, 2)
        self.assertIn("is not empty", str(cm.exception))
        self.assertEqual(os.listdir(out), ["notes.txt"])

    def test_an_earlier_sweep_is_refused(self):
        out = pbtest.scratch(self)
        pbtest.write(os.path.join(out, rundir.LOCK), "")
        pbtest.write(os.path.join(out, "runs.csv"), "x\n")
        with self.assertRaises(rundir.RunDirError) as cm:
            self.keep(rundir.create(out, "/nonexistent"))
        self.assertIn("--resume it", str(cm.exception))

    def test_a_file_is_not_a_directory(self):
        out = pbtest.write(os.path.join(pbtest.scratch(self), "file"), "x")
        with self.assertRaises(rundir.RunDirError) as cm:
            self.keep(rundir.create(out, "/nonexistent"))
        self.assertIn("is not a directory", str(cm.exception))
        self.assertEqual(pbtest.read(out), "x")

    def test_default_path_under_results(self):
        root = pbtest.scratch(self)
        with mock.patch.object(rundir, "default_path", lambda r: os.path.join(r, "results", "host-20260101T000000Z")):
            a = self.keep(rundir.create(None, root))
            b = self.keep(rundir.create(None, root))
        self.assertEqual(a.path, os.path.join(root, "results", "host-20260101T000000Z"))
        self.assertEqual(b.path, os.path.join(root, "results", "host-20260101T000000Z-2"))
        self.assertTrue(a.made and b.made)

    def test_unmake_removes_what_create_made(self):
        out = os.path.join(pbtest.scratch(self), "run")
        rd = self.keep(rundir.create(out, "/nonexistent"))
        os.mkdir(os.path.join(out, "logs"))
        pbtest.write(os.path.join(out, "plan.tsv"), "x\n")
        rundir.unmake(rd)
        self.assertFalse(os.path.exists(out))


class OpenExistingTest(LockMixin, unittest.TestCase):
    def sweep_dir(self):
        d = pbtest.scratch(self)
        for f in ("runs.csv", "plan.tsv", "settings"):
            pbtest.write(os.path.join(d, f), "")
        return d

    def test_opens_an_earlier_sweep(self):
        d = self.sweep_dir()
        rd = self.keep(rundir.open_existing(d))
        self.assertEqual(rd.path, os.path.abspath(d))

    def test_refused_while_the_lock_is_held(self):
        d = self.sweep_dir()
        self.hold_lock(d)
        with self.assertRaises(rundir.RunDirError) as cm:
            self.keep(rundir.open_existing(d))
        self.assertEqual(cm.exception.status, 3)

    def test_the_lock_goes_with_its_holder(self):
        d = self.sweep_dir()
        rd = rundir.open_existing(d)
        os.close(rd.lock_fd)
        self.keep(rundir.open_existing(d))

    def test_not_a_sweep(self):
        d = pbtest.scratch(self)
        with self.assertRaises(rundir.RunDirError) as cm:
            rundir.open_existing(d)
        self.assertIn("has no runs.csv", str(cm.exception))
        with self.assertRaises(rundir.RunDirError):
            rundir.open_existing(os.path.join(d, "none"))


class SettingsTest(unittest.TestCase):
    def test_round_trip(self):
        values = {"format": "2", "models": "serial,openmp", "args.pi": "--size 20", "class.pi": "large+size=7",
                  "empty": ""}
        path = pbtest.write(os.path.join(pbtest.scratch(self), "settings"), rundir.settings_text(values))
        self.assertEqual(rundir.read_settings(path), values)

    def test_a_value_with_a_newline_is_left_out(self):
        self.assertEqual(rundir.settings_text({"a": "1", "b": "x\ny"}), "a=1\n")

    def test_bad_settings(self):
        for text, needle in (("a=1\na=2\n", "settings:2: a is given twice"), ("a=1\nnot a setting\n", "settings:2"),
                             ("A=1\n", "settings:1"), ("a=\x1b\n", "settings:1"), ("args.P=1\n", "settings:1")):
            path = pbtest.write(os.path.join(pbtest.scratch(self), "settings"), text)
            with self.assertRaises(rundir.RunDirError, msg=text) as cm:
                rundir.read_settings(path)
            self.assertIn(needle, str(cm.exception))


def csv_row(w, m, p, rep, size="100", status="ok"):
    r = {c: "" for c in schema.RUNS_COLUMNS}
    r.update(workload=w, model=m, workers=str(p), rep=str(rep), size=size, status=status, seconds="0.5")
    return schema.csv_text(schema.RUNS_COLUMNS, [r], header=False)


class LoadRowsTest(unittest.TestCase):
    # each planned configuration's size ('' when the plan gives none), and for a
    # fixed plan its planned repetition numbers
    PLANNED = {("pi", "serial", 1): "100", ("pi", "openmp", 2): "100", ("pi", "openmp", 1): ""}
    REPS = {("pi", "serial", 1): {1}, ("pi", "openmp", 2): {1, 2, 3, 4}, ("pi", "openmp", 1): {1}}

    def load(self, text, reps=None):
        d = pbtest.scratch(self)
        rows, dropped = rundir.load_rows(pbtest.write(os.path.join(d, "runs.csv"), text), self.PLANNED, reps)
        self.assertEqual(os.listdir(d), ["runs.csv"])  # no temporary left
        return rows, dropped

    def test_keeps_the_plan_drops_the_rest_with_reasons(self):
        text = (schema.csv_text(schema.RUNS_COLUMNS, [])
                + csv_row("pi", "serial", 1, 1)
                + csv_row("pi", "openmp", 2, 1)
                + csv_row("pi", "openmp", 2, 1, status="failed")   # the same repetition again
                + csv_row("pi", "openmp", 4, 1)                    # not in the plan
                + csv_row("pi", "openmp", 2, 2, size="200")        # another size
                + csv_row("pi", "openmp", 2, 3, status="maybe")    # not a status
                + "pi,openmp,2\n"                                  # fields missing
                + csv_row("pi", "openmp", "x", 1)                  # workers not a number
                + csv_row("pi", "openmp", 1, 1, size="5")          # the plan gives no size: kept
                + csv_row("pi", "serial", 1, 2)                    # a repetition the fixed plan has not
                + csv_row("pi", "openmp", 2, 4).rstrip("\n"))      # cut short by a crash
        rows, dropped = self.load(text, self.REPS)
        self.assertEqual([(r["model"], r["workers"], r["rep"]) for r in rows],
                         [("serial", "1", "1"), ("openmp", "2", "1"), ("openmp", "1", "1")])
        self.assertEqual(dropped, ["a row cut short",
                                   f"line 8: 3 fields, fewer than the header's {len(schema.RUNS_COLUMNS)}",
                                   "pi,openmp,2,1: a repetition twice",
                                   "pi,openmp,4,1: not in the plan",
                                   "pi,openmp,2,2: size 200, not the plan's 100",
                                   "pi,openmp,2,3: status 'maybe'",
                                   dropped[-2],
                                   "pi,serial,1,2: not in the plan"])
        self.assertTrue(dropped[-2].endswith(": not in the plan"), dropped[-2])  # workers 'x'
        self.assertEqual(len(dropped), 8)

    def test_adaptive_sampling_takes_any_repetition_of_a_planned_configuration_once(self):
        # no REPS: repetitions 1, 2 and 7 of serial are all kept, 7 again is not; a
        # configuration out of the plan is still dropped
        text = (schema.csv_text(schema.RUNS_COLUMNS, [])
                + csv_row("pi", "serial", 1, 1)
                + csv_row("pi", "serial", 1, 7)
                + csv_row("pi", "serial", 1, 2)
                + csv_row("pi", "serial", 1, 7, status="failed")
                + csv_row("pi", "openmp", 4, 1)
                + csv_row("pi", "openmp", 2, 30, size="200"))
        rows, dropped = self.load(text)
        self.assertEqual([(r["model"], r["rep"]) for r in rows], [("serial", "1"), ("serial", "7"), ("serial", "2")])
        self.assertEqual(dropped, ["pi,serial,1,7: a repetition twice", "pi,openmp,4,1: not in the plan",
                                   "pi,openmp,2,30: size 200, not the plan's 100"])

    def test_adaptive_sampling_drops_a_repetition_that_is_no_number(self):
        # a repetition is a number 1, 2, ...: a row whose rep is 'x' or empty is no
        # repetition of the plan (benchrun.resume turns every kept rep into an int)
        text = (schema.csv_text(schema.RUNS_COLUMNS, [])
                + csv_row("pi", "serial", 1, 1)
                + csv_row("pi", "serial", 1, "x")
                + csv_row("pi", "serial", 1, ""))
        rows, dropped = self.load(text)
        self.assertEqual([r["rep"] for r in rows], ["1"])
        self.assertEqual(len(dropped), 2, dropped)

    def test_only_a_header(self):
        self.assertEqual(self.load(schema.csv_text(schema.RUNS_COLUMNS, [])), ([], []))

    def test_not_a_runs_csv(self):
        for text in ("", "workload,model\n", ",".join(reversed(schema.RUNS_COLUMNS)) + "\n",
                     ",".join(schema.RUNS_COLUMNS)):  # the header itself cut short
            with self.assertRaises(rundir.RunDirError, msg=text):
                self.load(text)


class AppendWholeTest(unittest.TestCase):
    def test_appends(self):
        path = os.path.join(pbtest.scratch(self), "runs.csv")
        rundir.append_whole(path, "a\n")
        rundir.append_whole(path, "b\u00e9\n")
        self.assertEqual(pbtest.read(path), "a\nb\u00e9\n")

    def test_a_full_file_system_cuts_the_file_back(self):
        # RLIMIT_FSIZE with SIGXFSZ ignored: a write past the limit is cut
        # short, the next one fails with EFBIG, as on a full disk
        path = pbtest.write(os.path.join(pbtest.scratch(self), "runs.csv"), "x" * 100)
        old_handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
        try:
            resource.setrlimit(resource.RLIMIT_FSIZE, (110, hard))
            with self.assertRaises(OSError) as cm:
                rundir.append_whole(path, "y" * 50)
        finally:
            resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
            signal.signal(signal.SIGXFSZ, old_handler)
        self.assertEqual(cm.exception.errno, errno.EFBIG)
        self.assertEqual(pbtest.read(path), "x" * 100)


if __name__ == "__main__":
    unittest.main()
