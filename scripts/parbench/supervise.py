"""One run in a session of its own, with a timeout that holds whatever the
run does (a stopped process group included), and a watchdog that ends the
run's session when the sweep itself dies, even by SIGKILL.
"""
from __future__ import annotations

import os
import selectors
import signal
import subprocess
import time
from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence

GRACE_S = 2.0


@dataclass
class Outcome:
    rc: int
    timed_out: bool
    stdout: str
    stderr: str
    wall: float
    leftover: bool
    interrupted: bool = False
    peak_rss_kb: int = 0      # the sum over the run's processes of each one's peak resident size


class Interrupted(Exception):
    """Raised out of a run's wait by Runner.interrupt (from a signal handler)."""


def session_pids(sid: int) -> List[int]:
    """Returns the live (not zombie) processes of session SID, from /proc."""
    out = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as f:
                stat = f.read().decode("ascii", "replace")
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2:].split()
        if len(fields) > 3 and fields[0] != "Z" and fields[3] == str(sid):
            out.append(int(name))
    return out


class Peaks:
    """The peak resident size (VmHWM) of every process of a session, read
    from /proc every PERIOD seconds while the run lasts, the first time
    FIRST seconds after it started (a lower bound: growth after the last
    reading is not seen)."""
    PERIOD = 0.25
    FIRST = 0.05

    def __init__(self, sid: int):
        self.sid = sid
        self.kb: Dict[int, int] = {}
        self.last = time.monotonic() - self.PERIOD + self.FIRST

    def tick(self) -> None:
        now = time.monotonic()
        if now - self.last < self.PERIOD:
            return
        self.last = now
        for pid in session_pids(self.sid):
            try:
                with open(f"/proc/{pid}/status", "rb") as f:
                    for line in f:
                        if line.startswith(b"VmHWM:"):
                            self.kb[pid] = max(self.kb.get(pid, 0), int(line.split()[1]))
                            break
            except (OSError, ValueError, IndexError):
                pass

    def total(self) -> int:
        return sum(self.kb.values())


def signal_session(sid: int, sig: int) -> None:
    """Sends SIG to process group SID and to every process of session SID
    (an MPI launcher may put its ranks in groups of their own)."""
    for pid in [-sid] + session_pids(sid):
        try:
            os.kill(pid, sig)
        except OSError:
            pass


def end_session(sid: int, grace: float = GRACE_S) -> bool:
    """Ends what is left of session SID: SIGTERM and SIGCONT, GRACE seconds,
    then SIGKILL. Returns True if anything was still alive."""
    if not session_pids(sid):
        return False
    signal_session(sid, signal.SIGTERM)
    signal_session(sid, signal.SIGCONT)
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline and session_pids(sid):
        time.sleep(0.05)
    for _ in range(40):
        if not session_pids(sid):
            break
        signal_session(sid, signal.SIGKILL)
        time.sleep(0.05)
    return True


def start_watchdog() -> int:
    """Forks a watchdog and returns the pipe to tell it of runs: write
    'S SID' when a run starts and 'E' when it ends. When the sweep dies, in
    whatever way, the pipe closes and the watchdog ends the run's session."""
    r, w = os.pipe()
    pid = os.fork()
    if pid:
        os.close(r)
        os.set_inheritable(w, False)
        return w
    try:
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, signal.SIG_IGN)
        os.closerange(3, r)
        os.closerange(r + 1, 4096)
        sid, buf = 0, b""
        while True:
            data = os.read(r, 256)
            if not data:
                break
            buf += data
            *lines, buf = buf.split(b"\n")
            for line in lines:
                sid = int(line[2:]) if line.startswith(b"S ") and line[2:].isdigit() else 0
        if sid:
            end_session(sid)
    finally:
        os._exit(0)


def tell(watchdog: Optional[int], text: str) -> None:
    if watchdog is not None:
        try:
            os.write(watchdog, text.encode() + b"\n")
        except OSError:
            pass


class Runner:
    """Runs commands one at a time; interrupt() ends the current one, and
    once it was called no run is waited for any more."""

    def __init__(self, watchdog: Optional[int] = None, keep_fds: Sequence[int] = ()):
        self.watchdog = watchdog
        self.keep_fds = tuple(keep_fds)
        self.child: Optional[subprocess.Popen] = None
        self.waiting = False
        self.stopping = False

    def interrupt(self) -> None:
        """Ends the wait for the run in progress, if any: a signal handler
        calls this; the run's session is then ended and the run not kept."""
        self.stopping = True
        if self.waiting:
            self.waiting = False
            raise Interrupted()

    def run(self, cmd: List[str], env: Dict[str, str], timeout: float, cwd: Optional[str] = None) -> Outcome:
        """Returns the Outcome of CMD run in a new session with ENV, killed
        with its whole session after TIMEOUT seconds. A process the run
        leaves behind is killed when the run itself ends. Raises OSError
        when it cannot be started."""
        t0 = time.monotonic()
        child = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, env=env, cwd=cwd, start_new_session=True,
                                 pass_fds=self.keep_fds)
        self.child = child
        tell(self.watchdog, f"S {child.pid}")
        bufs: Dict[int, List[bytes]] = {child.stdout.fileno(): [], child.stderr.fileno(): []}
        peaks = Peaks(child.pid)
        timed_out = interrupted = False
        try:
            try:
                self.waiting = True
                if self.stopping:
                    raise Interrupted()
                timed_out = not collect(child, bufs, t0 + timeout, tick=peaks.tick)
                self.waiting = False
            except Interrupted:
                interrupted = True
            self.waiting = False
            leftover = end_session(child.pid)
            collect(child, bufs, time.monotonic() + 5, linger=5)
            child.stdout.close()
            child.stderr.close()
            child.wait()
        finally:
            self.waiting = False
            self.child = None
            tell(self.watchdog, "E")
        wall = time.monotonic() - t0
        text = [b"".join(v).decode("utf-8", "replace") for v in bufs.values()]
        return Outcome(child.returncode, timed_out, text[0], text[1], wall, leftover and not timed_out, interrupted,
                       peaks.total())


def collect(child: subprocess.Popen, bufs: Dict[int, List[bytes]], deadline: float, linger: float = 0.2,
            tick=lambda: None) -> bool:
    """Reads CHILD's pipes into BUFS until CHILD has exited and both pipes
    closed, or LINGER seconds after it exited (a process it left behind may
    hold them), calling TICK on the way. Returns False if DEADLINE came first."""
    sel = selectors.DefaultSelector()
    for fd in bufs:
        try:
            sel.register(fd, selectors.EVENT_READ)
        except (ValueError, KeyError, OSError):
            pass
    exited = None
    try:
        while True:
            tick()
            now = time.monotonic()
            if exited is None and child.poll() is not None:
                exited = now
            if exited is not None and (not sel.get_map() or now - exited > linger):
                return True
            if now >= deadline:
                return False
            if not sel.get_map():
                time.sleep(min(0.02, deadline - now))
                continue
            for key, _ in sel.select(min(0.1, deadline - now)):
                data = os.read(key.fd, 65536)
                if data:
                    bufs[key.fd].append(data)
                else:
                    sel.unregister(key.fd)
    finally:
        sel.close()
