"""pyprocs/sleep.py -- each child takes a block of tasks. A child's writes
to the parent's list would stay in the child's copy (the tutorials'
pitfall), so each sends its results back through its pipe, and the parent
puts them in place."""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [HERE, os.path.join(os.path.dirname(HERE), "common", "python")]
if not getattr(sys, "pycache_prefix", None):
    sys.dont_write_bytecode = True   # no __pycache__ in the source tree

import model  # noqa: E402  (this directory: the team)
import pbmodel  # noqa: E402
import pbwork  # noqa: E402


def kernel(run, ans):
    s = run.data
    for lo, part in model.team(run, pbwork.sleep_block, (s,)):
        s.results[lo:lo + len(part)] = part


if __name__ == "__main__":
    pbmodel.main(model, pbwork.SLEEP, kernel)
