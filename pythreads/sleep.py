"""pythreads/sleep.py -- each thread takes a block of tasks and writes the
results into the shared list: the parent sees them at once. The threads
wait together, so waiting work speeds up, GIL or not."""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [HERE, os.path.join(os.path.dirname(HERE), "common", "python")]
if not getattr(sys, "pycache_prefix", None):
    sys.dont_write_bytecode = True   # no __pycache__ in the source tree

import model  # noqa: E402  (this directory: the team)
import pbmodel  # noqa: E402
import pbwork  # noqa: E402


def work(worker, nworkers, s):
    lo, hi = pbmodel.block(s.ntasks, nworkers, worker)
    for t in range(lo, hi):
        s.results[t] = pbwork.sleep_task(s, t)


def kernel(run, ans):
    model.team(run, work, (run.data,))


if __name__ == "__main__":
    pbmodel.main(model, pbwork.SLEEP, kernel)
