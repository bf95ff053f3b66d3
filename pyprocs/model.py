"""pyprocs/model.py -- CPython's multiprocessing module: a process per
worker, each with its own interpreter and GIL, so computing work speeds up
with the cores. A child's memory is its own (a list it fills stays empty in
the parent), so each worker's result comes back through a Pipe of the
module's own, and the parent puts it in place.

--start-method fork (default; PARBENCH_START_METHOD sets another default),
spawn or forkserver: how multiprocessing starts each worker. Every result
line names it (start_method=).

What a model is to the driver (common/python/pbmodel.py): NAME, the
options it adds, configure(run) and team(run, fn, args).
"""
import os
import signal

import pbmodel

NAME = "pyprocs"
METHODS = ("fork", "spawn", "forkserver")
OPTIONS = (pbmodel.Opt("start-method", "start_method", "s", "start_method", metavar="METHOD",
                       help="how a worker starts: fork (default), spawn or forkserver"),)
ALLOWS = ("start_method",)
HELP_NOTE = ("Workers are processes started by multiprocessing; PARBENCH_START_METHOD sets the default\n"
             "--start-method. Each result line names it (start_method=).\n")
PR_SET_PDEATHSIG = 1

_prctl = []   # libc's prctl, loaded once before any worker starts


def defaults() -> dict:
    return {"start_method": os.environ.get("PARBENCH_START_METHOD") or "fork"}


def configure(run) -> None:
    """Checks --start-method and settles the multiprocessing context.
    Raises pbmodel.Refused on a method this Python does not have."""
    method = run.opt.start_method
    import multiprocessing
    have = multiprocessing.get_all_start_methods()
    if method not in METHODS or method not in have:
        where = "--start-method" if getattr(run.opt, "start_method_set", 0) else "PARBENCH_START_METHOD"
        raise pbmodel.Refused(pbmodel.EXIT_USAGE, f"{where}: '{pbmodel.shown(method)}' is not one of "
                                                  f"{', '.join(m for m in METHODS if m in have)}")
    run.context = multiprocessing.get_context(method)
    _load_prctl()


def line_extra(run) -> str:
    return f" start_method={run.opt.start_method}"


def _load_prctl() -> None:
    if _prctl:
        return
    try:
        import ctypes
        _prctl.append(ctypes.CDLL(None, use_errno=True).prctl)
    except (ImportError, OSError, AttributeError):
        _prctl.append(None)


def _child(i, n, fn, args, conn, parent, names):
    """A worker: dies with its parent, takes the faults PARBENCH_FAULT
    names, runs fn(i, n, *args) and sends its result to the parent."""
    pbmodel.PROGRAM[:] = names
    _load_prctl()
    if _prctl[0] is not None:
        _prctl[0](PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if parent and os.getppid() != parent:   # the parent died before that
        os._exit(pbmodel.EXIT_FAILED)
    if pbmodel.fault_hits("die", i):
        pbmodel.error(f"worker {i} is killed (PARBENCH_FAULT=die:{i})")
        os.kill(os.getpid(), signal.SIGKILL)
    pbmodel.worker_start(i)
    try:
        conn.send(fn(i, n, *args))
        conn.close()
    except BaseException as e:   # named in one line, never a traceback
        pbmodel.error(f"worker {i} failed: {type(e).__name__}: {pbmodel.shown(str(e), 200)}")
        os._exit(pbmodel.EXIT_FAILED)


def _ended_badly(i: int, p, got: bool) -> bool:
    """Names how worker I (process P) ended, if it did not end well.
    Returns True if it failed."""
    code = p.exitcode
    if code == 0 and got:
        return False
    if code is not None and code < 0:
        try:
            what = signal.strsignal(-code) or "unknown signal"
        except (ValueError, AttributeError):
            what = "unknown signal"
        pbmodel.error(f"worker {i} (pid {p.pid}) was killed by signal {-code} ({what})")
    elif code:
        pbmodel.error(f"worker {i} (pid {p.pid}) exited with status {code}")
    else:
        pbmodel.error(f"worker {i} (pid {p.pid}) ended without sending its result")
    return True


def _kill(procs) -> None:
    for p in procs:
        if p.exitcode is None:
            try:
                os.kill(p.pid, signal.SIGKILL)
            except OSError:
                pass


def _collect(procs, conns) -> list:
    """Reads each worker's result as it comes, and reaps every worker.
    After the first failure the others are killed, and not named. Returns
    the results by worker; raises pbmodel.WorkerFailed."""
    from multiprocessing.connection import wait
    n = len(procs)
    results, got, eof = [None] * n, [False] * n, [False] * n
    live, failed = set(range(n)), False
    conn_of = {id(c): i for i, c in enumerate(conns)}
    end_of = {p.sentinel: i for i, p in enumerate(procs)}
    while live:
        waiting = [conns[i] for i in live if not (got[i] or eof[i])] + [procs[i].sentinel for i in live]
        for obj in wait(waiting):
            kind, i = ("end", end_of[obj]) if isinstance(obj, int) else ("conn", conn_of[id(obj)])
            if kind == "conn" or (not got[i] and not eof[i] and conns[i].poll()):
                try:
                    results[i], got[i] = conns[i].recv(), True
                except (EOFError, OSError):
                    eof[i] = True
                if kind == "conn":
                    continue
            if kind == "end":
                procs[i].join()
                live.discard(i)
                if not failed and _ended_badly(i, procs[i], got[i]):
                    failed = True
                    _kill([procs[j] for j in live])
    for c in conns:
        c.close()
    if failed:
        raise pbmodel.WorkerFailed()
    return results


def team(run, fn, args=()) -> list:
    """Runs fn(id, n, *args) in run.opt.workers processes and returns their
    results by worker, each sent back through its own Pipe. Raises
    pbmodel.WorkerFailed after naming a worker that could not start, was
    killed, or exited without its result."""
    ctx, n = run.context, run.opt.workers
    parent = os.getpid() if run.opt.start_method != "forkserver" else 0
    procs, conns = [], []
    for i in range(n):
        try:
            r, w = ctx.Pipe(duplex=False)
        except OSError as e:
            pbmodel.error(f"cannot make a pipe for worker {i} of {n}: {e.strerror}")
            _kill(procs)
            _collect_quietly(procs, conns)
            raise pbmodel.WorkerFailed()
        p = ctx.Process(target=_child, args=(i, n, fn, args, w, parent, list(pbmodel.PROGRAM)), daemon=True)
        try:
            p.start()
        except OSError as e:
            pbmodel.error(f"cannot start worker {i} of {n}: {e.strerror}")
            r.close()
            w.close()
            _kill(procs)
            _collect_quietly(procs, conns)
            raise pbmodel.WorkerFailed()
        w.close()   # the child's end: the parent sees EOF when the child is gone
        procs.append(p)
        conns.append(r)
    return _collect(procs, conns)


def _collect_quietly(procs, conns) -> None:
    for p in procs:
        p.join()
    for c in conns:
        c.close()
