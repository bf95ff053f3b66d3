"""The machine's limit measured beside each launch. On a shared host the
memory bus and the CPUs move with the neighbours: at 2 workers on the
reference machine the same bandwidth probe reads about 36 GB/s for a
while, then about 65, back and forth within seconds, and a triad launch's
repetitions follow it; a pi launch at 2 workers ran its first 5
repetitions at the speed of one worker and its last 3 at two, with no
other process running. A limit measured once, at the sweep's start,
cannot judge a cell measured a minute later. So right before and right
after each launch of triad, stencil, pi, mandelbrot and spawn (pthreads,
fork, openmp, mpi), a probe of tools/ceilings/ measures the limit its cell is
judged against, in the variant that was best at the start, at the
launch's workers (at the most the start measured, for a launch of more:
how_for): the bandwidth of the workload's own kernel (triad_regular for
triad, scale_regular for the stencil), the FMA peak (pi, mandelbrot), or
the cost of the model's primitive (spawn). The higher and the lower of the
two go into each of the launch's rows (runs.csv's beside_high and
beside_low), flagged limit_moved when they differ by more than MOVED.
Launches that share a probe run side by side (sampling.py), and the probe
right after one is the one right before the next (sweep.py): about half
the probes, each still taken between the two launches it judges.
limits.py judges each launch against the better of its two (a rate's
higher, a cost's lower), and a cell by the median of its launches' %;
comparisons.py widens the interval of two cells' ratio by how far apart
their machines stood.

  key_of(workload, model)       what plan's keys name: the workload, or spawn/MODEL
  plan(rows)                    {(key, workers): the probe's words}
  how_for(planned, key, p)      the probe beside a launch of KEY at P
  command(build, how, p)        the probe's command line
  measure(...)                  (figure or None, seconds, problem)
  pair(before, after)           a launch's (high, low, moved)
  record(planned, done)         meta.json's sweep.beside
"""
from __future__ import annotations

import re
import time
from typing import Dict, List, Optional, Tuple

from . import ceilings, limits, meta, schema, supervise
from .ceilparse import CeilingsError

MOVED = 1.15            # before and after a launch further apart than this: the machine moved
# per workload (spawn: per model, key_of), the kind of ceilings.csv its
# cell is judged against (limits.py's tables); spawn's are costs, the
# others rates
KIND = {**{w: limits.MEMORY.get(w, limits.PEAK) for w in limits.RATE_LIMITED},
        **{f"spawn/{m}": k for m, k in limits.SPAWN_PRIMITIVE.items()}}
# the bandwidth probe: 6 timed sweeps on arrays of 2 x the last-level cache
# each (half the start's: a third of the time, most of it mapping them);
# the FMA probe: 3 runs of 2 ms at the widest vectors (about 20 ms in all)
BANDWIDTH_WORDS = ("--fold", "2", "--reps", "6")
FLOPS_WORDS = ("--quick", "--ms", "2", "--reps", "3")

How = Tuple[str, ...]   # the probe's name, then its words
Launcher = Tuple[List[str], Dict[str, str]]   # the MPI probe's command, and the environment it adds


def key_of(workload: str, model: str) -> str:
    """The key of KIND (and of plan) for a launch of WORKLOAD in MODEL."""
    return f"spawn/{model}" if workload == "spawn" else workload


def how_of(row: Dict[str, str]) -> Optional[How]:
    """Returns the probe's words that measure the variant of the start's
    ceilings.csv ROW again (untrusted), or None when it is not one."""
    v = row.get("variant", "")
    if row.get("kind") in ("triad_regular", "scale_regular"):
        m = re.match(r"^(aligned|off64|off2k)-huge-[a-z-]+-([a-z0-9]{1,16})\Z", v)
        return ("bandwidth", "--kind", row["kind"].split("_")[0], "--isa", m.group(2), "--placement", m.group(1)) \
            + BANDWIDTH_WORDS if m else None
    if row.get("kind") == "mpi_barrier":
        # on the ranks the start's probe ran on (ceilings.MPI_RANKS)
        return ("mpi", "--kind", "barrier", "--quick") if row.get("workers") == str(ceilings.MPI_RANKS) else None
    if row.get("kind") in limits.SPAWN_PRIMITIVE.values():
        return ("startup", "--kind", row["kind"], "--quick")
    m = re.match(r"^[a-z0-9]{1,16}-([0-9]{1,2})chains\Z", v) if row.get("kind") == "fma" else None
    return ("flops", "--chains", m.group(1)) + FLOPS_WORDS if m else None


def plan(rows) -> Dict[Tuple[str, int], How]:
    """Returns, per (key, workers) that has a best, verified row of its KIND
    in the start's ceilings ROWS, the probe that measures it again."""
    out: Dict[Tuple[str, int], How] = {}
    for w, kind in KIND.items():
        for r in rows:
            p = schema.whole(r.get("workers", ""))
            how = how_of(r) if r.get("kind") == kind and r.get("best") == "yes" and r.get("verified") == "yes" else None
            if p and how:
                out[(w, p)] = how
    return out


def how_for(planned: Dict[Tuple[str, int], How], key: str, workers: int) -> Optional[Tuple[How, int]]:
    """Returns (how, worker count) of the probe beside a launch of KEY
    (key_of) at WORKERS, from PLANNED (plan): the variant best at that count, else
    at the next count above, at WORKERS; above every count probed, the one
    at the most, at that count (more threads than CPUs would measure the
    caches, or the time slices). A cost (spawn's) only at a count
    planned: its cell is judged at that count alone (limits.ceiling).
    None when the key has no plan."""
    counts = sorted(p for k, p in planned if k == key)
    if not counts or (key.startswith("spawn/") and workers not in counts):
        return None
    above = [p for p in counts if p >= workers]
    return (planned[(key, above[0])], workers) if above else (planned[(key, counts[-1])], counts[-1])


def mpi_launcher(planned: Dict[Tuple[str, int], How], root: str,
                 build: str) -> Tuple[Dict[Tuple[str, int], How], Optional[Launcher]]:
    """Returns PLANNED (plan) and how the MPI probe starts (the command
    before its words, and the environment it adds: ceilings.mpi_command,
    as at the sweep's start); without mpirun, PLANNED without the MPI
    probe, and None."""
    if not any(how[0] == "mpi" for how in planned.values()):
        return planned, None
    cmd, env, _ = ceilings.mpi_command(root, ceilings.probe_path(build, "mpi"), meta.cores())
    if cmd is None:
        return {k: how for k, how in planned.items() if how[0] != "mpi"}, None
    return planned, (cmd, env)


def command(build: str, how: How, workers: int, mpi: Optional[Launcher] = None) -> Tuple[List[str], Dict[str, str]]:
    """The probe's command line, HOW (plan) at WORKERS, and the environment
    it adds; the MPI probe's through MPI (mpi_launcher), on its ranks."""
    if how[0] == "mpi":
        return (list(mpi[0]) + list(how[1:]), dict(mpi[1])) if mpi else ([], {})
    return [ceilings.probe_path(build, how[0]), "--at", str(workers), *how[1:]], {}


def measure(runner: supervise.Runner, env: Dict[str, str], build: str, how: How, key: str,
            workers: int, mpi: Optional[Launcher] = None) -> Tuple[Optional[float], float, str]:
    """Runs the probe HOW beside a launch of KEY (key_of), at WORKERS (MPI:
    mpi_launcher's). Returns (its figure, the seconds it took, '') or
    (None, seconds, why not)."""
    t0 = time.monotonic()
    cmd, extra = command(build, how, workers, mpi)
    if not cmd:
        return None, 0.0, f"ceilings/{how[0]}: no mpirun to start it"
    try:
        rows = ceilings.run_probe(how[0], cmd, dict(env, **extra), True, runner)
    except CeilingsError as e:
        return None, time.monotonic() - t0, str(e)
    took = time.monotonic() - t0
    kind = KIND[key]
    got = [schema.number(r["value"]) for r in rows if r.get("kind") == kind and r.get("workers") == str(workers)]
    if len(got) != 1 or got[0] is None:
        return None, took, f"ceilings/{how[0]} printed {len(got)} {kind} figures at {workers} workers, not 1"
    return got[0], took, ""


def pair(before: Optional[float], after: Optional[float]) -> Tuple[Optional[float], Optional[float], bool]:
    """Returns a launch's (high, low, moved) from the probes right BEFORE
    and AFTER it (None: not measured): the higher, its limit, so that a
    launch that caught the machine at its fastest is not judged against a
    slower moment; the lower; and whether the two differ by more than
    MOVED (the machine moved during the launch: its % is then a lower
    bound)."""
    got = [v for v in (before, after) if v is not None and v > 0]
    if not got:
        return None, None, False
    return max(got), min(got), max(got) > MOVED * min(got)


def record(planned: Dict[Tuple[str, int], How], done: Dict[str, object]) -> Dict[str, object]:
    """meta.json's record of the ceilings beside launches: what was planned
    (PLANNED, beside.plan) and what this session of the sweep ran (DONE:
    probes, failed, seconds, the first problem)."""
    return {"planned": {f"{w},{p}": " ".join(how) for (w, p), how in sorted(planned.items())},
            "probes": done.get("probes", 0), "failed": done.get("failed", 0),
            "seconds": round(float(done.get("seconds", 0.0)), 3), "problem": str(done.get("problem", ""))[:300],
            "rule": (f"right before and after each launch of triad, stencil, pi, mandelbrot and spawn (pthreads, "
                     f"fork, openmp, mpi: at the counts the start measured), at its workers "
                     f"(above the counts planned, at the most of them), the probe planned, in the start's best "
                     f"variant (bandwidth: the workload's kernel, the second-fastest of its sweeps; flops: the "
                     f"best run; startup: the median batch); beside_high and beside_low the higher and the lower "
                     f"(limit_moved when more than {MOVED:g}x apart; the probe after a launch is the one before the next "
                     f"when the next has the same probe); each ok launch judged against its "
                     f"beside_high, spawn's costs against beside_low; a cell's % the median of its launches'")}
