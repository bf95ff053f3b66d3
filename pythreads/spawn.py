"""pythreads/spawn.py -- a round starts and joins a team of threads with
model.team, as every pythreads workload does; each counts itself."""
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
    pbwork.spawn_rounds(run, ans, lambda: sum(model.team(run, pbwork.spawn_one)))


if __name__ == "__main__":
    pbmodel.main(model, pbwork.SPAWN, kernel)
