"""pythreads/mandelbrot.py -- static: each thread computes a block of rows;
dynamic: threads take the next row from a shared counter under a lock.
Rows go straight into the shared picture."""
import threading

import model  # this directory (the script's): the team
import pbmodel  # common/python: build/M/W puts it on PYTHONPATH
import pbwork


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
