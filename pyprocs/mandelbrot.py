"""pyprocs/mandelbrot.py -- static: each child computes a block of rows;
dynamic: children take the next row from a counter in shared memory (a
multiprocessing Value, under its lock). Each child sends its rows back
through its pipe; the parent puts them into the picture."""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [HERE, os.path.join(os.path.dirname(HERE), "common", "python")]
if not getattr(sys, "pycache_prefix", None):
    sys.dont_write_bytecode = True   # no __pycache__ in the source tree

import model  # noqa: E402  (this directory: the team)
import pbmodel  # noqa: E402
import pbwork  # noqa: E402

from array import array  # noqa: E402


def dynamic(worker, nworkers, n, max_iter, next_row):
    rows = []
    while True:
        with next_row.get_lock():
            r = next_row.value
            next_row.value = r + 1
        if r >= n:
            return rows
        rows.append((r, pbwork.mandel_row(n, max_iter, r).tobytes()))


def kernel(run, ans):
    d = run.data
    if d.dynamic:
        next_row = run.context.Value("q", 0)
        for rows in model.team(run, dynamic, (d.n, d.max_iter, next_row)):
            for r, row in rows:
                d.put_row(r, row)
    else:
        for lo, rows in model.team(run, pbwork.mandel_block, (d.n, d.max_iter)):
            block = array("I", rows)
            d.counts[lo * d.n:lo * d.n + len(block)] = block


if __name__ == "__main__":
    pbmodel.main(model, pbwork.MANDELBROT, kernel)
