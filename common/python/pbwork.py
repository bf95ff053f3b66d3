"""pbwork.py -- the workloads of the Python models, written once, as
common/workloads/W.c is for the C ones: options, inputs, the reference
answer, verification, and the inner loops every model calls (sleep_task,
pi_partial, mandel_row). The decompositions are the models' (M/W.py).

Each workload keeps the C one's defaults, limits, messages and checksum
definition, so that a Python run and a C run of the same size print the
same checksum (pi: within the rounding of a different summation order).
"""
from __future__ import annotations

import math
import os
import stat
import tempfile
import time
from array import array
from typing import List, Optional, Tuple

import pbmodel
from pbmodel import EXIT_FAILED, EXIT_USAGE, U64, Refused, WorkerFailed, block, error, shown


class Workload:
    """What a workload is to the driver (struct pb_workload)."""
    name = ""
    about = ""
    size_unit = ""
    options: frozenset = frozenset()
    default_size = 1
    max_size = 1

    def prepare(self, run) -> None:
        """Builds the inputs from run.opt into run.data; with run.opt.check
        only validates. Raises Refused with a one-line reason."""

    def reset(self, run) -> None:
        """Clears the outputs before each repetition (untimed)."""

    def checksum(self, run, ans) -> None:
        """Completes ans from the outputs, after the kernel."""

    def verify(self, run, ans) -> Tuple[bool, str]:
        raise NotImplementedError

    def verified(self, run) -> None:
        """Keeps what a verified answer leaves behind; raises WorkerFailed
        after printing why it cannot."""

    def metrics(self, run, ans, seconds: float) -> str:
        """Extra " key=value" pairs of a verified result line."""
        return ""


# ---- sleep: the tutorials' squares and cubes -------------------------------------

SLEEP_MAX_ITEMS = 1000000
SLEEP_MAX_VALUE = 1000000   # its cube still fits in 64 bits


class SleepData:
    """The items, and a result slot per task: task t < nitems squares item
    t, the others cube item t - nitems."""

    def __init__(self, items: List[int], delay_ms: int, verbose: int):
        self.nitems = len(items)
        self.items = items
        self.results = [0] * (2 * self.nitems)
        self.delay_ms = delay_ms
        self.verbose = verbose

    @property
    def ntasks(self) -> int:
        return 2 * self.nitems


def sleep_task(s: SleepData, t: int) -> int:
    """Performs task T: waits delay_ms, then returns its square or cube (and
    prints it with --verbose)."""
    cube = t >= s.nitems
    v = s.items[t - s.nitems if cube else t]
    pbmodel.ms_sleep(s.delay_ms)
    r = (v * v * v if cube else v * v) & U64
    if s.verbose:
        error_free_print(f"{'cube' if cube else 'square'}: {r}")
    return r


def error_free_print(line: str) -> None:
    """Prints LINE on stderr in one write (--verbose), as the C's fprintf."""
    try:
        os.write(2, (line + "\n").encode())
    except OSError:
        pass


def sleep_block(worker: int, nworkers: int, s: SleepData) -> Tuple[int, List[int]]:
    """Worker WORKER of NWORKERS performs its block of tasks; returns the
    first task and their results, in order."""
    lo, hi = block(s.ntasks, nworkers, worker)
    return lo, [sleep_task(s, t) for t in range(lo, hi)]


def _items(text: str, n: int) -> List[int]:
    """Returns the N values of --items TEXT; raises Refused naming the
    first that is no whole number from 0 to SLEEP_MAX_VALUE."""
    out = []
    for i, tok in enumerate(os.fsencode(text).split(b",")[:n]):
        try:
            out.append(pbmodel.parse_ll(tok[:31], 0, SLEEP_MAX_VALUE))
        except ValueError as e:
            raise Refused(EXIT_USAGE, f"--items: item {i + 1}: {e}")
    return out


class Sleep(Workload):
    name = "sleep"
    about = "squares and cubes of N items, each task waiting --delay-ms as if on I/O"
    size_unit = "items (2 tasks each)"
    options = frozenset(("delay", "items", "verbose"))
    default_size = 4
    max_size = SLEEP_MAX_ITEMS

    def prepare(self, run) -> None:
        o = run.opt
        if o.items is not None:
            n = len(os.fsencode(o.items).split(b",")) if o.items else -1
            if n < 0 or n > SLEEP_MAX_ITEMS:
                raise Refused(EXIT_USAGE, f"--items: give 1 to {SLEEP_MAX_ITEMS} comma-separated values")
            if o.size_set and o.size != n:
                raise Refused(EXIT_USAGE, f"--size {o.size} does not match the {n} values of --items")
            o.size = n
        items = _items(o.items, o.size) if o.items is not None else None   # values, before any memory
        if o.check:
            return
        run.data = SleepData(items if items is not None else list(range(1, o.size + 1)), o.delay_ms, o.verbose)

    def reset(self, run) -> None:
        s = run.data
        s.results = [0] * s.ntasks

    def checksum(self, run, ans) -> None:
        ans.exact = True
        ans.u = sum(run.data.results) & U64

    def verify(self, run, ans) -> Tuple[bool, str]:
        """Every square and cube must have come back, not just a matching sum."""
        s = run.data
        want = 0
        for i, v in enumerate(s.items):
            sq, cu = (v * v) & U64, (v * v * v) & U64
            if s.results[i] != sq or s.results[s.nitems + i] != cu:
                return False, (f"item {i + 1} ({v}): square {s.results[i]} and cube {s.results[s.nitems + i]} "
                               f"came back, expected {sq} and {cu}")
            want += sq + cu
        want &= U64
        if ans.u != want:
            return False, f"checksum {ans.u}, expected {want}"
        return True, ""


# ---- pi: midpoint rule for the integral of 4/(1+x^2) over [0, 1] -----------------


def pi_partial(lo: int, hi: int, n: int) -> float:
    """h times the sum of the midpoint terms lo..hi-1 of N intervals: the
    part of pi that intervals [lo, hi) contribute."""
    h = 1.0 / n
    total = 0.0
    for i in range(lo, hi):
        x = (i + 0.5) * h
        total += 4.0 / (1.0 + x * x)
    return h * total


def pi_block(worker: int, nworkers: int, n: int) -> float:
    """Worker WORKER of NWORKERS sums its block of the N intervals."""
    lo, hi = block(n, nworkers, worker)
    return pi_partial(lo, hi, n)


def pi_kernel(team):
    """Returns pi's kernel for a model whose TEAM (model.team) runs
    pi_block on every worker and yields their parts in worker order: the
    parts are added in that order, so every team gives the same sum."""
    def kernel(run, ans) -> None:
        ans.exact, ans.d = False, 0.0
        for part in team(run, pi_block, (run.opt.size,)):
            ans.d += part
    return kernel


class Pi(Workload):
    name = "pi"
    about = "midpoint-rule integral of 4/(1+x^2) over [0,1]: balanced compute and a reduction"
    size_unit = "intervals"
    default_size = 100000000
    max_size = 1000000000000

    def checksum(self, run, ans) -> None:
        ans.exact = False

    def verify(self, run, ans) -> Tuple[bool, str]:
        """The midpoint rule's error is at most h^2/24 max|f''| = 1/(3 n^2);
        the rounding of n terms adds at most about n eps pi."""
        n = float(run.opt.size)
        eps = 2.220446049250313e-16
        tol = 1.0 / (3.0 * n * n) + 4.0 * n * eps + 4.0 * eps
        err = abs(ans.d - math.pi)
        if not (err <= tol):
            return False, "pi = %.17g differs from %.17g by %.3g, more than %.3g" % (ans.d, math.pi, err, tol)
        return True, ""


# ---- mandelbrot: escape-time iteration, rows along the real axis ------------------

MANDEL_DEFAULT_MAX_ITER = 1000
MANDEL_RE0, MANDEL_IM0, MANDEL_SPAN = -2.25, 1.5, 3.0


def mandel_row(n: int, max_iter: int, r: int) -> array:
    """Returns row R of the N x N picture: the iterations each pixel takes
    to escape, or MAX_ITER. The arithmetic is the C's, operation for
    operation, in IEEE doubles."""
    h = MANDEL_SPAN / n
    cr = MANDEL_RE0 + (r + 0.5) * h
    out = array("I", bytes(4 * n))
    for c in range(n):
        ci = MANDEL_IM0 - (c + 0.5) * h
        zr = zi = 0.0
        k = 0
        while k < max_iter:
            zr2 = zr * zr
            zi2 = zi * zi
            if zr2 + zi2 > 4.0:
                break
            zi = 2.0 * zr * zi + ci
            zr = zr2 - zi2 + cr
            k += 1
        out[c] = k
    return out


class MandelData:
    def __init__(self, n: int, max_iter: int, dynamic: bool, image: Optional[str]):
        self.n, self.max_iter, self.dynamic = n, max_iter, dynamic
        self.counts = array("I", [0]) * (n * n)
        self.ref = array("I")
        for r in range(n):
            self.ref.extend(mandel_row(n, max_iter, r))
        self.image, self.image_written = image, False

    def put_row(self, r: int, row) -> None:
        """Writes ROW (an array or its bytes) as row R of the picture."""
        if not isinstance(row, array):
            row = array("I", row)
        self.counts[r * self.n:(r + 1) * self.n] = row


def mandel_block(worker: int, nworkers: int, n: int, max_iter: int) -> Tuple[int, bytes]:
    """Worker WORKER of NWORKERS computes its block of rows (the static
    schedule); returns the first row and the rows' counts as bytes."""
    lo, hi = block(n, nworkers, worker)
    rows = array("I")
    for r in range(lo, hi):
        rows.extend(mandel_row(n, max_iter, r))
    return lo, rows.tobytes()


def _schedule(text: Optional[str]) -> bool:
    if text is None or text == "dynamic":
        return True
    if text == "static":
        return False
    raise Refused(EXIT_USAGE, f"--schedule: '{shown(text)}' is neither static nor dynamic")


# the picture as a PGM file, as common/workloads/mandelbrot.c writes it

PATH_MAX = 4096
REPLACE, THROUGH = "replace", "through"


def _not_an_image(mode: int) -> Optional[str]:
    if stat.S_ISDIR(mode):
        return "is a directory"
    if stat.S_ISFIFO(mode):
        return "is a FIFO; name a file"
    if stat.S_ISSOCK(mode):
        return "is a socket; name a file"
    if stat.S_ISBLK(mode):
        return "is a block device; name a file"
    if stat.S_ISREG(mode) or stat.S_ISCHR(mode):
        return None
    return "is not a file; name a file"


def image_target(path: str) -> Tuple[str, str]:
    """Returns (the path to write, REPLACE or THROUGH) for --image PATH,
    without opening it. A symbolic link is never replaced: its target is
    written. Raises Refused(EXIT_USAGE) for a directory, FIFO, socket,
    block device, or a link that cannot be followed."""
    name = shown(path, 256)
    if not path:
        raise Refused(EXIT_USAGE, "--image needs a file name")
    try:
        st = os.lstat(path)
        mode = st.st_mode
    except OSError:
        mode = stat.S_IFREG   # none yet: creating the file will tell
    else:
        if stat.S_ISLNK(mode):
            try:
                mode = os.stat(path).st_mode
            except OSError as e:
                raise Refused(EXIT_USAGE, f"--image {name}: a symbolic link that cannot be followed: {e.strerror}")
            path = os.path.realpath(path)
    if len(os.fsencode(path)) >= PATH_MAX:
        raise Refused(EXIT_USAGE, f"--image {name}: {os.strerror(36)}")
    what = _not_an_image(mode)
    if what:
        raise Refused(EXIT_USAGE, f"--image {name}: {what}")
    return path, THROUGH if stat.S_ISCHR(mode) else REPLACE


def _open_through(target: str) -> int:
    """Opens the character device TARGET for writing, as it is; raises
    OSError (EINVAL: it is no longer a character device)."""
    fd = os.open(target, os.O_WRONLY | os.O_NOCTTY | os.O_CLOEXEC)
    try:
        if not stat.S_ISCHR(os.fstat(fd).st_mode):
            raise OSError(22, os.strerror(22))
    except OSError:
        os.close(fd)
        raise
    return fd


def _temp_beside(target: str) -> Tuple[int, str]:
    """Creates an empty temporary file beside TARGET; returns (fd, name)."""
    if len(os.fsencode(target)) + 7 >= PATH_MAX:
        raise OSError(36, os.strerror(36))
    d, base = os.path.split(target)
    return tempfile.mkstemp(prefix=base + ".", dir=d or ".")


def check_image_path(path: str) -> None:
    """Checks before any work that --image PATH can be written: a file can
    be made beside it, or the device opened. Raises Refused(EXIT_USAGE)."""
    target, way = image_target(path)
    name = shown(path, 256)
    try:
        if way == THROUGH:
            os.close(_open_through(target))
            return
        fd, tmp = _temp_beside(target)
    except OSError as e:
        raise Refused(EXIT_USAGE, f"--image {name}: "
                                  f"{'cannot open it for writing' if way == THROUGH else 'cannot create a file there'}: "
                                  f"{e.strerror}")
    os.close(fd)
    os.unlink(tmp)


def pgm_bytes(d: MandelData) -> bytes:
    """Returns the picture as a binary PGM: black inside the set, brighter
    the longer a point took to escape (on a log scale)."""
    mx = d.max_iter
    scale = 255.0 / math.log(mx) if mx > 1 else 0.0
    grey = {}
    out = bytearray(b"P5\n%d %d\n255\n" % (d.n, d.n))
    for k in d.counts:
        g = grey.get(k)
        if g is None:
            g = grey[k] = 0 if k >= mx else int(math.log(k) * scale) & 0xFF
        out.append(g)
    return bytes(out)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def write_image(d: MandelData) -> None:
    """Writes the picture to d.image: a regular file replaced whole through
    a temporary file renamed into place, a character device written
    through, a symbolic link's target written and the link kept. Raises
    WorkerFailed after printing why it cannot."""
    name = shown(d.image, 256)
    try:
        target, way = image_target(d.image)
    except Refused as e:
        error(str(e))
        raise WorkerFailed()
    data = pgm_bytes(d)
    if way == THROUGH:
        try:
            fd = _open_through(target)
            try:
                _write_all(fd, data)
            finally:
                os.close(fd)
        except OSError as e:
            error(f"--image {name}: cannot write it: {e.strerror}")
            raise WorkerFailed()
        return
    try:
        fd, tmp = _temp_beside(target)
    except OSError as e:
        error(f"--image {name}: cannot create a file there: {e.strerror}")
        raise WorkerFailed()
    try:
        try:
            mask = os.umask(0)
            os.umask(mask)
            os.fchmod(fd, 0o666 & ~mask)
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.rename(tmp, target)
    except OSError as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        error(f"--image {name}: cannot write it: {e.strerror}")
        raise WorkerFailed()


class Mandelbrot(Workload):
    name = "mandelbrot"
    about = ("escape-time Mandelbrot set on an N x N grid, real part [-2.25,0.75] down the rows: "
             "compute-bound, rows badly imbalanced. --schedule dynamic (default): a row at a time; "
             "static: a block of rows per worker. --max-iter default 1000")
    size_unit = "pixels per side of the square picture"
    options = frozenset(("schedule", "image", "max_iter"))
    default_size = 1000
    max_size = 1000000

    def prepare(self, run) -> None:
        o = run.opt
        dynamic = _schedule(o.schedule)
        # the picture and the reference in the parent, and the workers' rows
        # on their way to it, as the C's fork model counts it
        pbmodel.check_memory(float(o.size) * float(o.size) * 4 * 3, f"a {o.size} x {o.size} picture")
        if o.image is not None:
            check_image_path(o.image)
        if o.check:
            return
        run.data = MandelData(o.size, o.max_iter or MANDEL_DEFAULT_MAX_ITER, dynamic, o.image)

    def reset(self, run) -> None:
        """Zeroes the picture, so that a row nobody computed cannot pass."""
        d = run.data
        d.counts = array("I", [0]) * (d.n * d.n)

    def checksum(self, run, ans) -> None:
        """The checksum: the iterations of all pixels together."""
        ans.exact = True
        ans.u = sum(run.data.counts) & U64

    def verify(self, run, ans) -> Tuple[bool, str]:
        """Every pixel must equal the serial reference."""
        d = run.data
        if d.counts != d.ref:
            i = next(i for i, (a, b) in enumerate(zip(d.counts, d.ref)) if a != b)
            return False, (f"pixel (row {i // d.n}, column {i % d.n}) took {d.counts[i]} iterations, "
                           f"the serial reference {d.ref[i]}")
        want = sum(d.ref) & U64
        if ans.u != want:
            return False, f"checksum {ans.u}, expected {want}"
        return True, ""

    def verified(self, run) -> None:
        """Writes the first verified picture to --image."""
        d = run.data
        if d.image is not None and not d.image_written:
            write_image(d)
            d.image_written = True

    def metrics(self, run, ans, seconds: float) -> str:
        d = run.data
        rate = ans.u / seconds * 1e-9 if seconds > 0 else 0.0
        return f" schedule={'dynamic' if d.dynamic else 'static'} max_iter={d.max_iter} giter_per_s={rate:.3f}"


# ---- spawn: what starting and joining workers that do nothing costs --------------


class SpawnData:
    def __init__(self):
        self.cold_done = False   # the process's first round has run
        self.cold_us = 0.0       # its time
        self.warm = 0            # rounds after the first in the last run
        self.warm_us = 0.0       # their mean time
        self.starts = 0          # workers started in the last run


def spawn_one(worker: int, nworkers: int) -> int:
    """The work of a spawn worker: it counts itself."""
    return 1


def spawn_rounds(run, ans, one_round) -> None:
    """Runs run.opt.size rounds of ONE_ROUND(), which starts the model's
    workers once and returns how many started. The process's first round
    is timed on its own and remembered (cold_us); the others give this
    run's mean (warm_us). Leaves the workers started in ans.u."""
    s = run.data
    rounds, first, count = run.opt.size, 0, 0
    ans.exact = True
    if not s.cold_done:
        t0 = time.perf_counter()
        count += one_round()
        s.cold_us = 1e6 * (time.perf_counter() - t0)
        s.cold_done, first = True, 1
    t0 = time.perf_counter()
    for _ in range(first, rounds):
        count += one_round()
    elapsed = 1e6 * (time.perf_counter() - t0)
    s.warm = rounds - first
    s.warm_us = elapsed / s.warm if s.warm > 0 else 0.0
    ans.u = count


class Spawn(Workload):
    name = "spawn"
    about = ("start and join P workers that do nothing, N rounds: the cost of a team "
             "(threads, processes, an OpenMP region, an MPI barrier); cold_us is the "
             "process's first round, warm_us the mean of the others")
    size_unit = "rounds"
    default_size = 1000
    max_size = 1000000000

    def prepare(self, run) -> None:
        if not run.opt.check:
            run.data = SpawnData()

    def checksum(self, run, ans) -> None:
        """The kernel left the workers started in ans.u; the checksum is the
        rounds they make up, the same in every model."""
        s = run.data
        s.starts = ans.u
        ans.u = s.starts // run.opt.workers

    def verify(self, run, ans) -> Tuple[bool, str]:
        """Every worker of every round must have started: rounds x workers."""
        s, o = run.data, run.opt
        want = o.size * o.workers
        if s.starts != want:
            return False, (f"{s.starts} workers started, expected {o.size} rounds x {o.workers} workers = {want}")
        if ans.u != o.size:
            return False, f"checksum {ans.u}, expected {o.size} rounds"
        return True, ""

    def metrics(self, run, ans, seconds: float) -> str:
        s = run.data
        return f" cold_us={s.cold_us:.3f}" + (f" warm_us={s.warm_us:.3f}" if s.warm > 0 else "")


SLEEP, PI, MANDELBROT, SPAWN = Sleep(), Pi(), Mandelbrot(), Spawn()

__all__ = ["SLEEP", "PI", "MANDELBROT", "SPAWN", "EXIT_FAILED"]
