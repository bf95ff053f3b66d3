"""supervise: one run in a session of its own, a timeout that holds, and a
watchdog that outlives the sweep."""
import os
import signal
import subprocess
import sys
import time
import unittest

import pbtest
from parbench import supervise

ENV = dict(os.environ, LC_ALL="C")


def gone_within(sid, seconds):
    """True when session SID has no live process within SECONDS."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not supervise.session_pids(sid):
            return True
        time.sleep(0.05)
    return not supervise.session_pids(sid)


class RunTest(unittest.TestCase):
    def test_output_and_status(self):
        out = supervise.Runner().run(["sh", "-c", "echo hi; echo err >&2; exit 0"], ENV, 10)
        self.assertEqual((out.rc, out.timed_out, out.stdout, out.stderr, out.leftover, out.interrupted),
                         (0, False, "hi\n", "err\n", False, False))
        self.assertLess(out.wall, 5)

    def test_exit_status_and_bytes_that_are_not_utf8(self):
        out = supervise.Runner().run(["sh", "-c", r"printf 'a\377b\n'; exit 3"], ENV, 10)
        self.assertEqual((out.rc, out.stdout), (3, "a\ufffdb\n"))

    def test_its_own_session(self):
        out = supervise.Runner().run([sys.executable, "-c", "import os; print(os.getsid(0) == os.getpid())"], ENV, 10)
        self.assertEqual(out.stdout, "True\n")

    def test_cannot_start(self):
        with self.assertRaises(OSError):
            supervise.Runner().run([os.path.join(pbtest.scratch(self), "none")], ENV, 10)

    def test_timeout_kills(self):
        t0 = time.monotonic()
        out = supervise.Runner().run(["sh", "-c", "echo started; exec sleep 30"], ENV, 0.5)
        self.assertTrue(out.timed_out)
        self.assertLess(time.monotonic() - t0, 4)
        self.assertNotEqual(out.rc, 0)
        self.assertEqual(out.stdout, "started\n")
        self.assertFalse(out.leftover)

    def test_timeout_of_a_stopped_process_group(self):
        # the run stops its whole process group (its own session's group)
        t0 = time.monotonic()
        self.assertTrue(supervise.Runner().run(["sh", "-c", "kill -STOP 0"], ENV, 0.5).timed_out)
        self.assertLess(time.monotonic() - t0, 5)
        t0 = time.monotonic()
        out = supervise.Runner().run(["sh", "-c", "echo $$; sleep 30 & kill -STOP 0; wait"], ENV, 0.5)
        self.assertTrue(out.timed_out)
        self.assertLess(time.monotonic() - t0, 5)
        sid = int(out.stdout.split()[0])
        self.assertTrue(gone_within(sid, 1), supervise.session_pids(sid))

    def test_timeout_of_a_process_that_ignores_sigterm(self):
        t0 = time.monotonic()
        out = supervise.Runner().run(["sh", "-c", "trap '' TERM; echo $$; while :; do sleep 0.05; done"], ENV, 0.5)
        self.assertTrue(out.timed_out)
        self.assertLess(time.monotonic() - t0, 0.5 + supervise.GRACE_S + 3)
        self.assertTrue(gone_within(int(out.stdout.split()[0]), 1))

    def test_a_background_child_left_behind(self):
        # the child closed its copies of the pipes: the run ends with sh
        out = supervise.Runner().run(["sh", "-c", "sleep 30 >/dev/null 2>&1 </dev/null & echo $$"], ENV, 10)
        self.assertEqual((out.rc, out.timed_out, out.leftover), (0, False, True))
        self.assertLess(out.wall, 5)
        self.assertEqual(supervise.session_pids(int(out.stdout)), [])

    def test_a_background_child_that_holds_the_output(self):
        # sh exits at once; the sleep it left still holds stdout. The run is
        # over when sh ends: it is a leftover, not a timeout of the run.
        t0 = time.monotonic()
        out = supervise.Runner().run(["sh", "-c", "sleep 30 & echo $$"], ENV, 3)
        wall = time.monotonic() - t0
        sid = int(out.stdout.split()[0]) if out.stdout.strip() else 0
        self.assertTrue(sid and gone_within(sid, 1), "the sleep survived")
        self.assertEqual((out.rc, out.timed_out, out.leftover), (0, False, True))
        self.assertLess(wall, 2.5)

    def test_interrupt_from_a_signal_handler(self):
        runner = supervise.Runner()
        old = signal.signal(signal.SIGALRM, lambda *_: runner.interrupt())
        try:
            signal.setitimer(signal.ITIMER_REAL, 0.3)
            t0 = time.monotonic()
            out = runner.run(["sh", "-c", "echo $$; exec sleep 30"], ENV, 20)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old)
        self.assertTrue(out.interrupted)
        self.assertFalse(out.timed_out)
        self.assertLess(time.monotonic() - t0, 5)
        self.assertTrue(gone_within(int(out.stdout), 1))
        # once interrupted, no run is waited for any more
        out = runner.run(["sh", "-c", "exec sleep 30"], ENV, 20)
        self.assertTrue(out.interrupted)


class SessionTest(unittest.TestCase):
    def test_session_pids_and_end_session(self):
        p = subprocess.Popen(["sh", "-c", "sleep 30 & sleep 30 & wait"], start_new_session=True)
        self.addCleanup(p.wait)
        self.addCleanup(supervise.end_session, p.pid, 0.5)
        deadline = time.monotonic() + 5
        while len(supervise.session_pids(p.pid)) < 3 and time.monotonic() < deadline:
            time.sleep(0.02)
        self.assertEqual(len(supervise.session_pids(p.pid)), 3)  # sh and two sleeps
        self.assertNotIn(os.getpid(), supervise.session_pids(p.pid))
        self.assertTrue(supervise.end_session(p.pid))
        self.assertEqual(supervise.session_pids(p.pid), [])
        self.assertFalse(supervise.end_session(p.pid))


CHILD = """
import os, sys
sys.path.insert(0, sys.argv[1])
from parbench import supervise
runner = supervise.Runner(supervise.start_watchdog())
runner.run(["sh", "-c", "echo $$ > " + sys.argv[2] + ".tmp; mv " + sys.argv[2] + ".tmp " + sys.argv[2]
            + "; exec sleep 60"], dict(os.environ), 120)
"""


class WatchdogTest(unittest.TestCase):
    def test_the_run_ends_when_the_sweep_is_killed(self):
        d = pbtest.scratch(self)
        sidfile = os.path.join(d, "sid")
        sweep = subprocess.Popen([sys.executable, "-c", CHILD, pbtest.SCRIPTS, sidfile])
        self.addCleanup(sweep.wait)
        sid = 0
        try:
            deadline = time.monotonic() + 10
            while not os.path.exists(sidfile) and time.monotonic() < deadline and sweep.poll() is None:
                time.sleep(0.02)
            self.assertTrue(os.path.exists(sidfile), "the run did not start")
            sid = int(pbtest.read(sidfile))
            self.assertTrue(supervise.session_pids(sid))
        finally:
            if sweep.poll() is None:
                sweep.send_signal(signal.SIGKILL)
        self.assertTrue(gone_within(sid, 5), f"session {sid} outlived the sweep: {supervise.session_pids(sid)}")


if __name__ == "__main__":
    unittest.main()
