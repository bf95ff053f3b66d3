"""pbmodel.py -- the driver of every Python program (pythreads/W.py,
pyprocs/W.py), written once: options, set-up, warm-up, timed repetitions,
verification, result lines, fault injection, one-line errors and exit
statuses. It keeps the contract of the C binaries (common/driver.c,
common/options.c, common/report.c): the same options and defaults, the
same messages, the same result lines and statuses.

A program is a model (M/model.py: NAME, OPTIONS, configure(), team()) and
a workload (pbwork.py: inputs, reference answer, verification) joined by
the model's decomposition, kernel(run, ans), in M/W.py:

    pbmodel.main(model, pbwork.PI, kernel)

Standard library only; Python 3.9 or later.
"""
from __future__ import annotations

import math
import os
import resource
import signal
import sys
import time
from typing import Callable, List, Optional, Sequence, Tuple

# ---- exit statuses, limits --------------------------------------------------

EXIT_OK = 0
EXIT_WRONG = 1   # the answer did not verify
EXIT_USAGE = 2   # bad command line or input
EXIT_FAILED = 3  # a worker died, a system call failed

MAX_WORKERS = 1024
U64 = (1 << 64) - 1          # integer checksums wrap modulo 2^64, as uint64_t
LL_MAX = (1 << 63) - 1       # the range of C's long long
LL_MIN = -(1 << 63)


class Refused(Exception):
    """Set-up cannot go on: STATUS (EXIT_USAGE or EXIT_FAILED) and a
    one-line reason, printed once by the driver."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


class WorkerFailed(Exception):
    """A worker died, hung up or could not start; why was printed already."""


# ---- messages ----------------------------------------------------------------

PROGRAM = ["?", "?"]   # model and workload, for error()


def error(message: str) -> None:
    """Prints "parbench MODEL/WORKLOAD: MESSAGE" on stderr in one write, so
    that lines from several workers do not interleave."""
    line = f"parbench {PROGRAM[0]}/{PROGRAM[1]}: {message}\n"
    try:
        os.write(2, line.encode("utf-8", "replace"))
    except OSError:
        pass


def shown(value, keep: int = 64) -> str:
    """Returns VALUE (str or bytes) fit for a one-line message, as the C's
    pb_shown with a buffer of KEEP bytes: bytes that are not printable ASCII
    become '?', and a value of KEEP bytes or more is cut to KEEP - 4, then
    '...'."""
    b = os.fsencode(value) if isinstance(value, str) else bytes(value)
    if len(b) >= keep:
        b, tail = b[: keep - 4], "..."
    else:
        tail = ""
    return "".join(chr(c) if 0x20 <= c < 0x7F else "?" for c in b) + tail


def parse_ll(text, low: int, high: int) -> int:
    """Returns the whole decimal number TEXT (str or bytes) if it lies in
    [LOW, HIGH]; raises ValueError with the reason, worded as the C's
    pb_parse_ll: "'2x' is not a whole number", "'0' is too small (at least
    1)", "... is too large (at most N)"."""
    b = os.fsencode(text) if isinstance(text, str) else bytes(text)
    digits = b[1:] if b[:1] == b"-" else b
    if not digits or not digits.isdigit() or not digits.isascii():
        raise ValueError(f"'{shown(b)}' is not a whole number")
    v = int(b)
    if v > LL_MAX or v > high:
        raise ValueError(f"'{shown(b)}' is too large (at most {high})")
    if v < LL_MIN or v < low:
        raise ValueError(f"'{shown(b)}' is too small (at least {low})")
    return v


# ---- options -------------------------------------------------------------------


class Opt:
    """One option: its name without "--", the workload or model option it
    is (None: every program takes it), its kind ('n' whole number, 's'
    text, 'f' flag), its attribute, range, metavar and help."""

    def __init__(self, name: str, flag: Optional[str], kind: str, attr: str, low: int = 0, high: int = 0,
                 metavar: Optional[str] = None, help: str = ""):
        self.name, self.flag, self.kind, self.attr = name, flag, kind, attr
        self.low, self.high, self.metavar, self.help = low, high, metavar, help


# The table of common/options.c, in its order, less the options no Python
# workload or model takes (--threads, --iters): those are unknown here, as
# they are to a C binary that does not take them.
OPTIONS: Tuple[Opt, ...] = (
    Opt("workers", None, "n", "workers", 1, MAX_WORKERS, "P", "workers: threads or processes (as the model says)"),
    Opt("size", None, "n", "size", 1, 0, "N", "problem size"),
    Opt("reps", None, "n", "reps", 1, 1000000, "R", "timed repetitions (default 3)"),
    Opt("warmup", None, "n", "warmup", 0, 1000, "W", "untimed runs before the timed ones (default 1)"),
    Opt("delay-ms", "delay", "n", "delay_ms", 0, 3600000, "D", "milliseconds each task waits (default 200)"),
    Opt("items", "items", "s", "items", metavar="LIST",
        help="comma-separated item values instead of 1..N, e.g. 2,3,8,9"),
    Opt("verbose", "verbose", "f", "verbose", help="print each task's result on stderr as it completes"),
    Opt("schedule", "schedule", "s", "schedule", metavar="S", help="static or dynamic distribution of the work"),
    Opt("image", "image", "s", "image", metavar="FILE", help="also write the picture to FILE (PGM)"),
    Opt("max-iter", "max_iter", "n", "max_iter", 1, 1000000000, "M", "iteration cap per point"),
)
CHECK = Opt("check", None, "f", "check", help="check everything a run would (limits, memory, team), exit 0; run nothing")


class Options:
    """The settled options of a run (struct pb_opts)."""

    def __init__(self, default_size: int):
        self.workers, self.size, self.reps, self.warmup = 1, default_size, 3, 1
        self.delay_ms = 200
        self.items: Optional[str] = None
        self.verbose = 0
        self.schedule: Optional[str] = None
        self.image: Optional[str] = None
        self.max_iter = 0
        self.check = 0
        self.workers_set = self.size_set = 0


HELP = "help"


def table(model) -> List[Opt]:
    """Returns the options of a program of MODEL: the common table, the
    model's own, then --check."""
    return list(OPTIONS) + list(getattr(model, "OPTIONS", ())) + [CHECK]


def parse_options(argv: Sequence[bytes], opts: List[Opt], allowed: frozenset, default_size: int,
                  max_size: int, defaults: dict):
    """Returns the Options of ARGV (bytes, without the program name), or
    HELP; raises Refused(EXIT_USAGE) with the C parser's one-line reason."""
    o = Options(default_size)
    for k, v in defaults.items():
        setattr(o, k, v)
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg in (b"--help", b"-h"):
            return HELP
        if not arg.startswith(b"--") or arg == b"--":
            raise Refused(EXIT_USAGE, f"unexpected argument '{shown(arg)}' (try --help)")
        name, eq, value = arg[2:].partition(b"=")
        d = next((x for x in opts if x.name.encode() == name), None)
        if d is None or (d.flag and d.flag not in allowed):
            raise Refused(EXIT_USAGE, f"unknown option '{shown(arg[:min(len(name) + 2, 127)])}' (try --help)")
        if d.kind == "f":
            if eq:
                raise Refused(EXIT_USAGE, f"--{d.name} takes no value")
            setattr(o, d.attr, 1)
            i += 1
            continue
        if not eq:
            if i + 1 >= len(argv):
                raise Refused(EXIT_USAGE, f"--{d.name} needs a value")
            i += 1
            value = argv[i]
        if d.kind == "s":
            setattr(o, d.attr, os.fsdecode(value))
        else:
            try:
                setattr(o, d.attr, parse_ll(value, d.low, max_size if d.attr == "size" else d.high))
            except ValueError as e:
                raise Refused(EXIT_USAGE, f"--{d.name}: {e}")
        setattr(o, d.attr + "_set", 1)   # given on the command line
        i += 1
    return o


def help_text(prog: str, model, w) -> str:
    """Returns the --help text of MODEL's program of workload W, laid out
    as the C binaries' (pb_print_help)."""
    allowed = w.options | frozenset(getattr(model, "ALLOWS", ()))
    out = [f"usage: {prog} [options]\n\n",
           f"parbench workload '{w.name}' in model '{model.NAME}': {w.about}\n\n", "options:\n"]
    for d in table(model):
        if d.flag and d.flag not in allowed:
            continue
        left = f"--{d.name}" + (f" {d.metavar}" if d.metavar else "")
        if d.attr == "size":
            out.append(f"  {left:<16} {d.help}: {w.size_unit} (default {w.default_size}, at most {w.max_size})\n")
        else:
            out.append(f"  {left:<16} {d.help}\n")
    out.append(f"  {'--help':<16} show this text\n")
    out.append("\nOne line per timed repetition goes to stdout:\n"
               "  workload= model= workers= size= rep= seconds= checksum= verified=yes|no\n"
               "Exit status: 0 verified, 1 wrong answer, 2 bad input, 3 a worker or system call failed.\n"
               "With --check: 0 and no output when a run with these options could start.\n")
    out.append(getattr(model, "HELP_NOTE", ""))
    return "".join(out)


# ---- memory --------------------------------------------------------------------


def _read_limit(path: str) -> int:
    """Returns the first number in PATH (a cgroup's limit), 0 if none."""
    try:
        with open(path) as f:
            word = f.read().split()[0]
        return int(word) if word.isdigit() else 0
    except (OSError, IndexError, ValueError):
        return 0


def _cgroup_memory() -> int:
    """Returns this process's cgroup memory limit (v2 or v1, the smallest
    on the way up), 0 if there is none."""
    limit = 0
    try:
        with open("/proc/self/cgroup") as f:
            lines = f.read().splitlines()
    except OSError:
        return 0
    for line in lines:
        parts = line.split(":", 2)
        if len(parts) != 3:
            continue
        hid, ctrl, path = parts
        if hid == "0" and not ctrl:
            root, file = "/sys/fs/cgroup", "memory.max"
        elif "memory" in ctrl:
            root, file = "/sys/fs/cgroup/memory", "memory.limit_in_bytes"
        else:
            continue
        d = (root + path).rstrip("/") or "/"
        while True:
            v = _read_limit(os.path.join(d, file))
            if v > 0 and (limit == 0 or v < limit):
                limit = v
            if len(d) <= len(root) or "/" not in d:
                break
            d = d.rsplit("/", 1)[0]
    return limit


def _human(n: float) -> str:
    return "%.1f GiB" % (n / 1073741824.0) if n >= 1073741824.0 else "%.1f MiB" % (n / 1048576.0)


def check_memory(need: float, what: str) -> None:
    """Raises Refused(EXIT_USAGE) naming WHAT and the memory it needs when
    that is over 90 % of what this process may have: the machine, its
    ulimit -v or -d, its cgroup (as the C's pb_check_memory)."""
    try:
        total = float(os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE"))
    except (ValueError, OSError):
        total = 0.0
    whose = "this machine has"
    for res in (resource.RLIMIT_AS, resource.RLIMIT_DATA):
        try:
            cur = resource.getrlimit(res)[0]
        except (ValueError, OSError):
            continue
        if cur != resource.RLIM_INFINITY and (total == 0 or cur < total):
            total, whose = float(cur), "its ulimit allows"
    cg = _cgroup_memory()
    if cg > 0 and (total == 0 or cg < total):
        total, whose = float(cg), "its cgroup allows"
    if total > 0 and need > 0.9 * total:
        raise Refused(EXIT_USAGE, f"{what} needs {_human(need)} of memory; {whose} {_human(total)}")


# ---- faults (PARBENCH_FAULT, as common/fault.c) ----------------------------------


def fault() -> Tuple[str, int]:
    """Returns (kind, worker) of PARBENCH_FAULT: wrong, die:K, hang:K,
    abort:K; ('', -1) without one."""
    s = os.environ.get("PARBENCH_FAULT", "")
    if s == "wrong":
        return "wrong", -1
    for kind in ("die", "hang", "abort"):
        if s.startswith(kind + ":"):
            return kind, _atoll(s[len(kind) + 1:])
    return "", -1


def _atoll(s: str) -> int:
    """C's atoll: leading blanks, a sign, digits; 0 when there are none."""
    s = s.lstrip(" \t\n\v\f\r")
    sign, digits = 1, ""
    if s[:1] in "+-" and s:
        sign, s = (-1 if s[0] == "-" else 1), s[1:]
    for c in s:
        if not ("0" <= c <= "9"):
            break
        digits += c
    return sign * int(digits) if digits else 0


def fault_hits(kind: str, worker: int) -> bool:
    return fault() == (kind, worker)


def hang_forever() -> None:
    while True:
        time.sleep(3600)


def worker_start(worker: int) -> None:
    """Called by a worker as it starts: hangs (hang:K), or ends the whole
    run with status 3 (abort:K), as PARBENCH_FAULT says. How die:K kills a
    worker is the model's (a process: SIGKILL; a thread: it cannot be
    created)."""
    kind, k = fault()
    if k != worker:
        return
    if kind == "hang":
        hang_forever()
    if kind == "abort":
        error(f"worker {k} aborts the run (PARBENCH_FAULT=abort:{k})")
        os._exit(EXIT_FAILED)


# ---- helpers the workloads and models share ------------------------------------


def block(n: int, parts: int, i: int) -> Tuple[int, int]:
    """Returns the half-open range [lo, hi) of part I when N items are split
    into PARTS nearly equal blocks (pb_block); empty when there are more
    parts than items."""
    q, r = divmod(n, parts)
    lo = i * q + min(i, r)
    return lo, lo + q + (1 if i < r else 0)


def _affinity(tid: int) -> set:
    """Returns the CPUs thread TID (0: this one) may run on: from
    sched_getaffinity, or where an interpreter lacks it (PyPy), from
    Cpus_allowed_list in /proc; empty if neither can tell."""
    try:
        return set(os.sched_getaffinity(tid))
    except (OSError, AttributeError):
        pass
    out = set()
    try:
        with open(f"/proc/self/task/{tid}/status" if tid else "/proc/self/status") as f:
            for line in f:
                if line.startswith("Cpus_allowed_list:"):
                    for part in line.split(":", 1)[1].strip().split(","):
                        lo, _, hi = part.partition("-")
                        out.update(range(int(lo), int(hi or lo) + 1))
    except (OSError, ValueError):
        return set()
    return out


def cpus_of_process() -> str:
    """Returns the CPUs this process's threads may run on, as a list like
    "0-3,8" (the union over /proc/self/task), '' if unknown."""
    cpus = set()
    try:
        tids = [int(t) for t in os.listdir("/proc/self/task") if t.isdigit()]
    except OSError:
        tids = []
    for tid in tids or [0]:
        cpus |= _affinity(tid)
    out, run = [], []
    for c in sorted(cpus):
        if run and c == run[-1] + 1:
            run.append(c)
            continue
        if run:
            out.append(f"{run[0]}-{run[-1]}" if len(run) > 1 else f"{run[0]}")
        run = [c]
    if run:
        out.append(f"{run[0]}-{run[-1]}" if len(run) > 1 else f"{run[0]}")
    line = ",".join(out)
    return line if len(line) < 256 else ""


# ---- a run ---------------------------------------------------------------------


class Answer:
    """The answer of one repetition: an integer checksum (exact) that
    wraps modulo 2^64, or a float one."""

    def __init__(self):
        self.exact = True
        self.u = 0
        self.d = 0.0

    def checksum(self) -> str:
        return str(self.u & U64) if self.exact else "%.17g" % self.d


class Run:
    """One process's view of a run (struct pb_run)."""

    def __init__(self, model, workload, opt: Options):
        self.model, self.workload, self.opt = model, workload, opt
        self.data = None
        self.cpus = ""
        self.context = None   # what the model's configure() settled (pyprocs: its multiprocessing context)


# ---- stdout --------------------------------------------------------------------


class Stdout:
    """Stdout written with os.write, unbuffered, so that a lost line (a full
    disk, a closed stdout) is seen at once. A stdout closed at start is
    held by a read-only /dev/null, so that no file or pipe the run opens
    can take its descriptor: writes to it then fail with EBADF, as C's do."""

    def __init__(self):
        try:
            os.fstat(1)
        except OSError:
            try:
                fd = os.open(os.devnull, os.O_RDONLY)
                if fd != 1:
                    os.dup2(fd, 1)
                    os.close(fd)
            except OSError:
                pass
        sys.stdout = None   # nothing may write to it behind the driver's back

    def put(self, text: str, what: str) -> None:
        """Writes TEXT; raises WorkerFailed after naming WHAT could not be
        written."""
        data = text.encode("utf-8", "replace")
        try:
            while data:
                n = os.write(1, data)
                data = data[n:]
        except OSError as e:
            error(f"cannot write {what}: {e.strerror}")
            raise WorkerFailed()


def record_line(line: str, warned: List[bool]) -> None:
    """Appends LINE to $PARBENCH_RECORD, if set; warns once if it cannot."""
    path = os.environ.get("PARBENCH_RECORD")
    if not path:
        return
    try:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as e:
        why = e.strerror
    else:
        try:
            data = (line + "\n").encode()
            why = "" if os.write(fd, data) == len(data) else "write failed"
        except OSError:
            why = "write failed"
        os.close(fd)
    if why and not warned[0]:
        error(f"PARBENCH_RECORD={path}: {why}")
        warned[0] = True


def result_line(run: Run, rep: int, seconds: float, ans: Answer, ok: bool) -> str:
    """Returns the result line of a repetition (pb_format_result)."""
    o = run.opt
    extra = run.workload.metrics(run, ans, seconds) if ok else ""
    extra += getattr(run.model, "line_extra", lambda r: "")(run)
    return (f"workload={run.workload.name} model={run.model.NAME} workers={o.workers} size={o.size} rep={rep} "
            f"seconds={seconds:.9f} checksum={ans.checksum()} verified={'yes' if ok else 'no'}{extra}"
            + (f" cpus={run.cpus}" if run.cpus else ""))


# ---- the driver ------------------------------------------------------------------


def tick() -> float:
    try:
        return time.get_clock_info("perf_counter").resolution
    except (ValueError, AttributeError):
        return 1e-9


def judge(run: Run, out: Stdout, ans: Answer, rep: int, seconds: float, state: dict) -> int:
    """Checks repetition REP (warm-ups are rep <= 0), keeps what a verified
    answer leaves, writes the result line of a timed repetition or of a
    wrong answer. Returns EXIT_OK or EXIT_WRONG; raises WorkerFailed."""
    w = run.workload
    w.checksum(run, ans)
    if fault()[0] == "wrong":
        if ans.exact:
            ans.u = (ans.u + 1) & U64
        else:
            ans.d *= 1.0 + 1e-6
    ok, why = w.verify(run, ans)
    if ok:
        w.verified(run)
    if rep >= 1 or not ok:
        line = result_line(run, max(rep, 0), seconds, ans, ok)
        out.put(line + "\n", "the result line")
        record_line(line, state["record_warned"])
    if not ok:
        error(f"wrong answer{' in the warm-up run' if rep < 1 else ''}: {why}")
        return EXIT_WRONG
    if rep >= 1 and not state["warned"] and seconds < 1000.0 * tick():
        error(f"warning: {seconds:.3g} s is under 1000 ticks of the timer ({tick():.3g} s); "
              "use a larger --size for a trustworthy time")
        state["warned"] = True
    return EXIT_OK


def run_main(model, w, kernel: Callable[[Run, Answer], None], argv: List[bytes]) -> int:
    """The whole run of a program; returns its exit status."""
    PROGRAM[:] = [model.NAME, w.name]
    out = Stdout()
    allowed = w.options | frozenset(getattr(model, "ALLOWS", ()))
    try:
        opt = parse_options(argv, table(model), allowed, w.default_size, w.max_size,
                            getattr(model, "defaults", dict)())
    except Refused as e:
        error(str(e))
        return e.status
    if opt == HELP:
        prog = os.environ.get("PARBENCH_PROG") or sys.argv[0]
        try:
            out.put(help_text(prog, model, w), "the help text")
        except WorkerFailed:
            return EXIT_FAILED
        return EXIT_OK
    run = Run(model, w, opt)
    try:
        model.configure(run)
        w.prepare(run)
    except Refused as e:
        error(str(e))
        return e.status
    except MemoryError:
        error("out of memory")
        return EXIT_FAILED
    if opt.check:
        return EXIT_OK
    state = {"warned": False, "record_warned": [False]}
    try:
        for i in range(opt.warmup + opt.reps):
            rep = i - opt.warmup + 1   # warm-ups are rep <= 0
            ans = Answer()
            w.reset(run)
            t0 = time.perf_counter()
            kernel(run, ans)
            seconds = time.perf_counter() - t0
            if i == 0:
                run.cpus = cpus_of_process()   # the workers have run by now
            rc = judge(run, out, ans, rep, seconds, state)
            if rc != EXIT_OK:
                return rc
    except WorkerFailed:
        return EXIT_FAILED
    except MemoryError:
        error("out of memory")
        return EXIT_FAILED
    return EXIT_OK


def main(model, w, kernel: Callable[[Run, Answer], None]) -> None:
    """The entry point of M/W.py: runs, then exits with the run's status."""
    # as a C program: Ctrl-C and a closed pipe end it without a traceback
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    argv = [os.fsencode(a) for a in sys.argv[1:]]
    try:
        status = run_main(model, w, kernel, argv)
    except Exception as e:   # a bug: one line, status 3, never a traceback
        error(f"internal error: {type(e).__name__}: {shown(str(e), 200)}")
        status = EXIT_FAILED
    try:
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):
        pass
    os._exit(status)


def ms_sleep(ms: int) -> None:
    """Sleeps MS milliseconds (time.sleep resumes after signals)."""
    if ms > 0:
        time.sleep(ms / 1000.0)


def isclose_rel(a: float, b: float, rel: float) -> bool:
    """pb_close: A and B agree to a relative tolerance (both zero agree)."""
    return abs(a - b) <= rel * max(abs(a), abs(b))


PI = math.pi
