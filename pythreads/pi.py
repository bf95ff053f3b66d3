"""pythreads/pi.py -- each thread sums a block of intervals; the main thread
adds the parts in order. The GIL lets one thread compute at a time."""
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
    ans.exact, ans.d = False, 0.0
    for part in model.team(run, pbwork.pi_block, (run.opt.size,)):
        ans.d += part


if __name__ == "__main__":
    pbmodel.main(model, pbwork.PI, kernel)
