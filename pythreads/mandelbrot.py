"""pythreads/mandelbrot.py -- static: each thread computes a block of rows;
dynamic: threads take the next row from a shared counter under a lock.
Rows go straight into the shared picture."""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [HERE, os.path.join(os.path.dirname(HERE), "common", "python")]
if not getattr(sys, "pycache_prefix", None):
    sys.dont_write_bytecode = True   # no __pycache__ in the source tree

import model  # noqa: E402  (this directory: the team)
import pbmodel  # noqa: E402
import pbwork  # noqa: E402

import threading  # noqa: E402


def static(worker, nworkers, d):
    lo, hi = pbmodel.block(d.n, nworkers, worker)
    for r in range(lo, hi):
        d.put_row(r, pbwork.mandel_row(d.n, d.max_iter, r))


def dynamic(worker, nworkers, d, lock, next_row):
    while True:
        with lock:
            r = next_row[0]
            next_row[0] = r + 1
        if r >= d.n:
            return
        d.put_row(r, pbwork.mandel_row(d.n, d.max_iter, r))


def kernel(run, ans):
    d = run.data
    if d.dynamic:
        model.team(run, dynamic, (d, threading.Lock(), [0]))
    else:
        model.team(run, static, (d,))


if __name__ == "__main__":
    pbmodel.main(model, pbwork.MANDELBROT, kernel)
