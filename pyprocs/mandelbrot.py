"""pyprocs/mandelbrot.py -- static: each child computes a block of rows;
dynamic: children take the next row from a counter in shared memory (a
multiprocessing Value, under its lock). Each child sends its rows back
through its pipe; the parent puts them into the picture."""
from array import array

import model  # this directory (the script's): the team
import pbmodel  # common/python: build/M/W puts it on PYTHONPATH
import pbwork


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
