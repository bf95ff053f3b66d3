"""pythreads/model.py -- CPython's threading module, as the tutorials use
it: a thread per worker, one shared address space, so workers write their
results straight into the parent's lists. Only one thread runs Python at a
time (the GIL): waiting work speeds up, computing work does not.

What a model is to the driver (common/python/pbmodel.py): NAME, the
options it adds (none), configure(run) and team(run, fn, args).
"""
import errno
import os
import threading

import pbmodel

NAME = "pythreads"
OPTIONS = ()


def configure(run) -> None:
    """Every --workers stands as given."""


def line_extra(run) -> str:
    return ""


def team(run, fn, args=()) -> list:
    """Runs fn(id, n, *args) on run.opt.workers threads and returns their
    results by worker. The team starts together or not at all: workers wait
    at a gate until every thread exists, so that none runs for a team that
    could not be made (PARBENCH_FAULT=die:K: thread K cannot be created).
    Raises pbmodel.WorkerFailed after naming a thread that could not be
    created or whose work failed."""
    n = run.opt.workers
    gate = threading.Event()
    go = [True]
    results = [None] * n
    failures = []
    started = []

    def start(i: int) -> None:
        gate.wait()
        if not go[0]:
            return
        pbmodel.worker_start(i)
        started.append(i)
        try:
            results[i] = fn(i, n, *args)
        except BaseException as e:   # a worker's error is named, never a traceback
            failures.append((i, e))

    threads = []
    for i in range(n):
        try:
            if pbmodel.fault_hits("die", i):
                raise RuntimeError(os.strerror(errno.EAGAIN))
            t = threading.Thread(target=start, args=(i,), daemon=True)
            t.start()
        except RuntimeError as e:
            pbmodel.error(f"cannot create worker {i} of {n}: {e}")
            go[0] = False
            break
        threads.append(t)
    gate.set()
    for t in threads:
        t.join()
    if not go[0]:
        raise pbmodel.WorkerFailed()
    if failures:
        i, e = failures[0]
        pbmodel.error(f"worker {i} failed: {type(e).__name__}: {pbmodel.shown(str(e), 200)}")
        raise pbmodel.WorkerFailed()
    if len(started) != n:   # the team it reports: every one of the n workers ran
        pbmodel.error(f"only {len(started)} of {n} workers started")
        raise pbmodel.WorkerFailed()
    return results
