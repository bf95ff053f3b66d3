"""The bandwidth ceiling measured beside each launch of a memory-bound
workload. On a shared host the memory bus moves with the neighbours: at 2
workers on the reference machine the same probe reads about 36 GB/s for a
while, then about 65, back and forth within seconds, and a triad launch's
repetitions follow it. A ceiling measured once, at the sweep's start,
cannot judge a cell measured a minute later. So right before and right
after each launch of triad or stencil, the bandwidth probe runs the
workload's own kernel (triad_regular for triad, scale_regular for the
stencil) in the variant that was best at the start, at the same workers
(at the most the start measured, for a launch of more: how_for); the
higher of the two goes into each of the launch's rows (runs.csv's
limit_gbps), flagged limit_moved when they differ by more than MOVED.
limits.py judges the cell against it; comparisons.py widens the interval
of two cells' ratio by the difference between their buses.

  plan(rows)                    {(workload, workers): (kind, placement, isa)}
  how_for(planned, w, p)        the probe beside a launch of W at P
  command(build, how, p)        the probe's command line
  measure(...)                  (GB/s or None, seconds, problem)
  pair(before, after)           a launch's limit, and whether the bus moved
  record(planned, done)         meta.json's sweep.beside
"""
from __future__ import annotations

import re
import time
from typing import Dict, List, Optional, Tuple

from . import ceilings, schema, supervise
from .ceilparse import CeilingsError

REPS = 6                # timed sweeps of the probe after its untimed one
FOLD = 2                # arrays of 2 x the last-level cache each, three of them
MOVED = 1.15            # before and after a launch further apart than this: the bus moved
KERNEL = {"triad": ("triad_regular", "triad"), "stencil": ("scale_regular", "scale")}

How = Tuple[str, str, str]


def plan(rows) -> Dict[Tuple[str, int], How]:
    """Returns, per (workload, workers) that has a best row of its kernel in
    the start's ceilings ROWS, (kernel, placement, isa) of that row."""
    out: Dict[Tuple[str, int], How] = {}
    for w, (kind, kernel) in KERNEL.items():
        for r in rows:
            p = schema.whole(r.get("workers", ""))
            m = re.match(r"^(aligned|off64|off2k)-huge-[a-z-]+-([a-z0-9]{1,16})\Z", r.get("variant", ""))
            if r.get("kind") == kind and r.get("best") == "yes" and r.get("verified") == "yes" and p and m:
                out[(w, p)] = (kernel, m.group(1), m.group(2))
    return out


def how_for(planned: Dict[Tuple[str, int], How], workload: str, workers: int) -> Optional[Tuple[How, int]]:
    """Returns (how, worker count) of the probe beside a launch of WORKLOAD
    at WORKERS, from PLANNED (plan): the variant best at that count, else
    at the next count above, at WORKERS; above every count probed, the one
    at the most, at that count (more threads than CPUs would measure the
    caches: it then only tells comparisons.bus_widen how the bus stood).
    None when the workload has no plan."""
    counts = sorted(p for w, p in planned if w == workload)
    if not counts:
        return None
    above = [p for p in counts if p >= workers]
    return (planned[(workload, above[0])], workers) if above else (planned[(workload, counts[-1])], counts[-1])


def command(build: str, how: How, workers: int) -> List[str]:
    """The probe's command line: HOW (beside.plan) at WORKERS, on arrays of
    FOLD x the last-level cache each (at least 64 MiB): half the start's,
    so that the probe takes a third of the time (most of it is mapping
    the arrays), still far from the cache."""
    kernel, placement, isa = how
    return [ceilings.probe_path(build, "bandwidth"), "--at", str(workers), "--kind", kernel, "--isa", isa,
            "--placement", placement, "--fold", str(FOLD), "--reps", str(REPS)]


def measure(runner: supervise.Runner, env: Dict[str, str], build: str, how: How, workload: str,
            workers: int) -> Tuple[Optional[float], float, str]:
    """Runs the probe beside a launch of WORKLOAD at WORKERS. Returns (its
    GB/s, the seconds it took, '') or (None, seconds, why not)."""
    cmd = command(build, how, workers)
    t0 = time.monotonic()
    try:
        rows = ceilings.run_probe("bandwidth", cmd, env, True, runner)
    except CeilingsError as e:
        return None, time.monotonic() - t0, str(e)
    took = time.monotonic() - t0
    kind = KERNEL[workload][0]
    got = [schema.number(r["value"]) for r in rows if r.get("kind") == kind and r.get("workers") == str(workers)]
    if len(got) != 1 or got[0] is None:
        return None, took, f"ceilings/bandwidth printed {len(got)} {kind} figures at {workers} workers, not 1"
    return got[0], took, ""


def pair(before: Optional[float], after: Optional[float]) -> Tuple[Optional[float], bool]:
    """Returns a launch's limit from the probes right BEFORE and AFTER it
    (None: not measured): the higher, so that a launch that caught the bus
    at its fastest is not judged against a slower moment; and whether the
    two differ by more than MOVED (the bus moved during the launch: its %
    is then a lower bound)."""
    got = [v for v in (before, after) if v is not None and v > 0]
    if not got:
        return None, False
    return max(got), len(got) == 2 and max(got) > MOVED * min(got)


def record(planned: Dict[Tuple[str, int], How], done: Dict[str, object]) -> Dict[str, object]:
    """meta.json's record of the ceilings beside launches: what was planned
    (PLANNED, beside.plan) and what this session of the sweep ran (DONE:
    probes, failed, seconds, the first problem)."""
    return {"planned": {f"{w},{p}": "-".join(how) for (w, p), how in sorted(planned.items())},
            "probes": done.get("probes", 0), "failed": done.get("failed", 0),
            "seconds": round(float(done.get("seconds", 0.0)), 3), "problem": str(done.get("problem", ""))[:300],
            "rule": (f"right before and after each launch of triad and stencil, at its workers (above the counts "
                     f"planned, at the most of them), the bandwidth probe's "
                     f"kernel (triad_regular for triad, scale_regular for stencil) in the start's best variant, "
                     f"{REPS} timed sweeps on arrays of {FOLD} x the last-level cache, the second-fastest counts; a launch's limit is "
                     f"the higher of the two (limit_moved when they differ by more than {MOVED:g}x), a cell's the "
                     f"highest of its ok launches'")}
