"""How close each cell of a sweep came to the machine's measured limit
(ceilings.csv), and where it sits on the roofline. Every count of bytes
and FLOPs is taken from the workloads' sources (common/workloads/):

  triad       a[i] = b[i] + s*c[i]: 2 FLOPs and 24 bytes per element (STREAM's
              count, the same as the bandwidth ceiling's): the binary's gbps
  stencil     out = 0.25*((up+down)+(left+right)): 4 FLOPs per update. From
              memory it reads the old point once (its neighbours are reused
              from cache: the rows around it fit), and writes the new one:
              16 bytes, the binary's gbps, against the ceiling of STREAM's
              scale a = s*b (scale_regular), which moves the same: one
              element read, one written, 16 counted bytes. On the bus both
              also read the written line first (write-allocate): 24 bytes
              each, so the % is the same counted in actual bytes moved
  pi          x = (i+0.5)*h; sum += 4/(1+x*x): 6 FLOPs per interval (2 adds, 2
              multiplies, 1 divide, the sum's add), --size intervals; no
              memory traffic in its loop (no intensity: not on the roofline)
  mandelbrot  zr2 = zr*zr, zi2 = zi*zi, zr2+zi2, zi = 2*zr*zi+ci, zr =
              zr2-zi2+cr: 8 FLOPs per iteration; the checksum is the picture's
              iterations (the escape test's last 3 FLOPs are not counted);
              it writes 4 bytes per pixel
  spawn       the warm round against the probe that does the same: pthreads
              pthread_create_join, fork fork_waitpid, openmp omp_parallel,
              mpi mpi_barrier (2 ranks); 100 % is as cheap as the primitive

Where a limit was measured right before and after a cell's launches
(beside.py) and the start has one for its count, each launch is judged
against the one measured around it: the better of its two probes
(runs.csv's beside_high; a spawn cell's, the cheaper: beside_low), and
the cell's pct_of_limit is the median over its launches of theirs, its
limit the median of those limits; limit_of then says 'KIND@WORKERS
beside'. Its pct_of_limit_high is the same against each launch's other
probe (a rate's lower, a cost's dearer). The two probes of one launch,
seconds apart, differed by more than 5 % for 46 % of triad's launches,
50 % of stencil's and 65 % of spawn's in eight default sweeps on the
2-core machine (11 % of pi's), so the machine's limit during a launch is
known only within them, and the % within these two figures. Not the
cell's best repetition of all against the best probe of all, nor against
their median: the best of many probes or repetitions is
further out the more launches a cell has (in one sweep a pthread_create +
join probe read 19.6 us once among readings of 34-43 and set a two-launch
cell's limit alone; in a sweep of --budget 300 the best repetition of 40
caught a fast moment of the bus and read 150 % of the launches' usual
limit), and a longer sweep must judge a cell neither harder nor kinder.
Else, and for every other rate, a rate's limit is the best of its kind at
the cell's worker count; above every count measured, the one at the most
workers; between two, the next above (an upper bound: the % is then a
lower bound). Memory bandwidth has none above every count measured: the
probes run at every allowed CPU, so those workers share cores, and a
team's smaller blocks, each swept several times in a row, come partly
from the caches (pthreads triad at 4 and 8 workers on 2 cores reached 1.5
times the 2-worker ceiling, and 50 GB/s at 8). A cost's limit must be
measured at the cell's count. A rate's % is 100 x attained / limit, both
the best repetition's (the probe's best, as STREAM counts), of a launch
or of the cell; a cost's limit / attained, both medians (the warm round's
and the probe's batches'). For memory bandwidth "best" is on both sides
the second-fastest repetition, a rate two repetitions reached: on a
shared machine a lone repetition now and then runs far faster than the
rest (in one sweep a probe's 51 GB/s among sweeps of 32-33, a cell's
twice its others), and neither a ceiling nor a figure should rest on one.
"""
from __future__ import annotations

import statistics
from typing import Dict, List, Optional, Sequence, Tuple

from . import registry, schema

TRIAD_FLOPS, TRIAD_BYTES = 2, 24
STENCIL_FLOPS, STENCIL_BYTES = 4, 16    # as scale_regular counts
PI_FLOPS = 6            # per interval
MANDEL_FLOPS = 8        # per iteration
MANDEL_BYTES = 4        # per pixel written
SPAWN_PRIMITIVE = {"pthreads": "pthread_create_join", "fork": "fork_waitpid", "openmp": "omp_parallel",
                   "mpi": "mpi_barrier"}
BANDWIDTH, SCALE, PEAK = "triad_regular", "scale_regular", "fma"
MEMORY = {"triad": BANDWIDTH, "stencil": SCALE}   # each bandwidth-bound workload's ceiling
RATE_LIMITED = ("triad", "stencil", "pi", "mandelbrot")   # every model judged against one rate
BESIDE = " beside"      # limit_of's mark of a limit measured beside the cell's launches
LIMIT_COLUMNS = ("gflops", "intensity", "limit", "limit_of", "pct_of_limit", "pct_of_limit_high")


def ceiling(rows: Sequence[Dict[str, str]], kind: str, workers: int, rate: bool) -> Optional[Tuple[float, int]]:
    """Returns (value, worker count it was measured at) of the best KIND
    ceiling for WORKERS, as the module's text says, or None (for memory
    bandwidth, above every count measured)."""
    have: Dict[int, float] = {}
    for r in rows:
        p, v = schema.whole(r.get("workers", "")), schema.number(r.get("value", ""))
        if r.get("kind") == kind and r.get("best") == "yes" and p and v is not None and v > 0:
            have[p] = v
    if workers in have:
        return have[workers], workers
    if not rate or not have:
        return None
    above = [p for p in have if p > workers]
    if not above and kind in MEMORY.values():
        return None
    p = min(above) if above else max(have)
    return have[p], p


def checksum_of(runs: Sequence[Dict[str, str]], w: str, m: str, p: str) -> Optional[float]:
    """The checksum of the cell's ok, verified repetitions when they agree."""
    sums = {r.get("checksum", "") for r in runs if (r["workload"], r["model"], r["workers"]) == (w, m, p)
            and r.get("status") == "ok" and r.get("verified") == "yes"}
    return schema.number(sums.pop()) if len(sums) == 1 else None


def second_fastest(runs: Sequence[Dict[str, str]], w: str, m: str, p: str) -> Optional[float]:
    """The second-fastest time of the cell's ok, verified repetitions (the
    fastest when it has one), or None."""
    times = sorted(t for t in (schema.number(r.get("seconds", "")) for r in runs
                               if (r["workload"], r["model"], r["workers"]) == (w, m, p)
                               and r.get("status") == "ok" and r.get("verified") == "yes") if t and t > 0)
    return times[min(1, len(times) - 1)] if times else None


def launch_limits(runs: Sequence[Dict[str, str]], w: str, m: str, p: str) -> List[Tuple[float, float]]:
    """The limits measured beside each of the cell's ok launches (runs.csv's
    beside_low and beside_high, beside.py): (low, high) per launch that
    has them."""
    got: Dict[str, Tuple[float, float]] = {}
    for r in runs:
        pair = beside_of(r) if (r["workload"], r["model"], r["workers"]) == (w, m, p) \
            and r.get("status") == "ok" else None
        if pair:
            got[r.get("launch") or r.get("rep", "")] = pair
    return list(got.values())


def beside_of(r: Dict[str, str]) -> Optional[Tuple[float, float]]:
    """(low, high) of the limits measured beside a runs.csv row's launch,
    or None when it has no sound pair."""
    hi, lo = schema.number(r.get("beside_high", "")), schema.number(r.get("beside_low", ""))
    return (lo, hi) if hi is not None and lo is not None and 0 < lo <= hi else None


def judged_launches(runs: Sequence[Dict[str, str]], w: str, m: str, p: str,
                    rate: bool) -> List[Tuple[float, float, List[float]]]:
    """Each of the cell's launches that had a limit measured beside it:
    (its better probe: a RATE's beside_high, a cost's beside_low; the
    other; the seconds of its ok, verified repetitions for a rate, their
    warm_us for a cost)."""
    got: Dict[str, Tuple[float, float, List[float]]] = {}
    for r in runs:
        if (r["workload"], r["model"], r["workers"]) != (w, m, p) or r.get("status") != "ok" \
                or r.get("verified") != "yes":
            continue
        pair, v = beside_of(r), schema.number(r.get("seconds" if rate else "warm_us", ""))
        if pair is None or v is None or v <= 0:
            continue
        limit = (pair[1], pair[0]) if rate else pair
        got.setdefault(r.get("launch") or r.get("rep", ""), (*limit, []))[2].append(v)
    return list(got.values())


def beside_pct(launches: List[Tuple[float, float, List[float]]], rate: Optional[float], t: Optional[float],
               second: bool) -> Optional[Tuple[float, float, float]]:
    """(%, limit, % against the other probe) of a cell judged launch by
    launch (judged_launches): each launch's best repetition against the
    limit measured around it, the median of these %, and of the limits;
    and the median of each launch's % against its other probe, the upper
    end of what the limit's movement during the launch leaves open. A
    RATE attained at median time T reaches RATE x T / t at a repetition
    of t seconds; its best is the SECOND fastest (memory bandwidth) or the
    fastest. A cost (RATE None) is the median of the launch's warm rounds,
    and its % the limit over it."""
    pcts, lims, others = [], [], []
    for lim, other, vals in launches:
        vals = sorted(vals)
        if rate is None:
            got = statistics.median(vals)
            pcts.append(100 * lim / got)
            others.append(100 * other / got)
        elif t:
            got = rate * t / vals[min(1, len(vals) - 1) if second else 0]
            pcts.append(100 * got / lim)
            others.append(100 * got / other)
        lims.append(lim)
    return (statistics.median(pcts), statistics.median(lims), statistics.median(others)) if pcts else None


def attained(row: Dict[str, str], runs: Sequence[Dict[str, str]]) -> Tuple[Optional[float], Optional[float]]:
    """Returns (GFLOP/s, FLOP per byte) a summary ROW attained, from its
    median time or rate and the counts above; None where not counted."""
    w, t = row["workload"], schema.number(row.get("median", ""))
    if w == "triad":
        g = schema.number(row.get("gbps", ""))
        return (None if g is None else g * TRIAD_FLOPS / TRIAD_BYTES), TRIAD_FLOPS / TRIAD_BYTES
    if w == "stencil":
        u = schema.number(row.get("mlups", ""))
        return (None if u is None else u * STENCIL_FLOPS / 1e3), STENCIL_FLOPS / STENCIL_BYTES
    if t is None or t <= 0:
        return None, None
    size = schema.whole(row.get("size", ""))
    if w == "pi" and size:
        return PI_FLOPS * size / t / 1e9, None
    iters = checksum_of(runs, w, row["model"], row["workers"]) if w == "mandelbrot" else None
    if iters is not None and size:
        return MANDEL_FLOPS * iters / t / 1e9, MANDEL_FLOPS * iters / (MANDEL_BYTES * size * size)
    return None, None


def why_none(row: Dict[str, str], model: Optional[registry.Model], ceil: Sequence[Dict[str, str]],
             status: str = "") -> str:
    """Returns why a summary ROW has no % of limit (call it for a row whose
    pct_of_limit is empty). STATUS: the ceilings' record's 'why'."""
    w, p = row["workload"], schema.whole(row.get("workers", "")) or 0
    if model is None or model.build == "python":
        return "a Python model: the interpreter, not the machine's limits, bounds it"
    if w == "sleep":
        return "it waits: no machine limit applies"
    if w not in ("triad", "stencil", "pi", "mandelbrot", "spawn"):
        return "no limit is defined for this workload"
    if w == "spawn" and model.name not in SPAWN_PRIMITIVE:
        return {"serial": "an empty function call: no primitive to compare with"}.get(
            model.name, "no probe measures the same round (an OpenMP region in each rank, then a barrier)")
    if not ceil:
        return f"no ceilings: {status or 'none measured'}"
    if not row.get("median") or row.get("n") in ("", "0"):
        return "no good repetition"
    if w == "spawn":
        kind = SPAWN_PRIMITIVE[model.name]
        if ceiling(ceil, kind, p, False) is None:
            return f"{kind} was not measured at {p} worker{'' if p == 1 else 's'}"
        return "no warm round measured"
    kind = MEMORY.get(w, PEAK)
    if ceiling(ceil, kind, p, True) is None:
        measured = [schema.whole(r.get("workers", "")) or 0 for r in ceil if r.get("kind") == kind]
        if measured and p > max(measured):
            return (f"{p} workers share the {max(measured)} CPUs {kind} was measured on: their blocks "
                    f"come partly from the caches")
        return f"{kind} was not measured"
    return "its rate could not be counted (no rate, or its repetitions' checksums differ)"


def annotate(summ: Sequence[Dict[str, str]], runs: Sequence[Dict[str, str]], models: List[registry.Model],
             ceil: Sequence[Dict[str, str]]) -> List[Dict[str, str]]:
    """Returns the summary rows SUMM with LIMIT_COLUMNS filled: attained
    GFLOP/s and intensity where counted, and the limit, what it is
    (kind@workers) and the % of it where one applies; empty elsewhere."""
    out = []
    for r in summ:
        row = dict(r, **{c: "" for c in LIMIT_COLUMNS})
        model = registry.by_name(models, r["model"])
        p = schema.whole(r.get("workers", "")) or 0
        if model is None or model.build == "python" or not r.get("median") or r.get("n") in ("", "0"):
            out.append(row)
            continue
        gflops, intensity = attained(r, runs)
        row.update(gflops=schema.fmt(gflops, "%.4g"), intensity=schema.fmt(intensity, "%.4g"))
        # a rate's % is its best repetition's against the probe's best, as
        # STREAM counts both: the median's rate times median / best time
        t = schema.number(r.get("median", ""))
        fastest = second_fastest(runs, r["workload"], r["model"], r["workers"]) if r["workload"] in MEMORY \
            else schema.number(r.get("min", ""))
        best = t / fastest if t and fastest and fastest > 0 else 1.0
        pct, lim, near = None, None, None
        if r["workload"] in MEMORY or r["workload"] in ("pi", "mandelbrot"):
            kind = MEMORY.get(r["workload"], PEAK)
            # measured beside the launches (beside.py) where the start has a
            # limit for this count: at the cell's workers, or above the
            # counts probed at the most of them, as the start's limit is
            lim = ceiling(ceil, kind, p, True)
            rate = schema.number(r.get("gbps", "")) if r["workload"] in MEMORY else gflops
            near = beside_pct(judged_launches(runs, r["workload"], r["model"], r["workers"], True), rate, t,
                              r["workload"] in MEMORY) if lim and rate is not None else None
            pct = None if lim is None or rate is None else 100 * rate * best / lim[0]
            pct, lim = (pct, lim) if near is None else (near[0], (near[1], min(p, lim[1])))
        elif r["workload"] == "spawn" and model.name in SPAWN_PRIMITIVE:
            kind = SPAWN_PRIMITIVE[model.name]
            lim = ceiling(ceil, kind, p, False)
            near = beside_pct(judged_launches(runs, "spawn", r["model"], r["workers"], False), None, None,
                              False) if lim else None
            warm = schema.number(r.get("warm_us", ""))
            pct = None if lim is None or not warm else 100 * lim[0] / warm
            pct, lim = (pct, lim) if near is None else (near[0], (near[1], p))
        if pct is not None and lim is not None:
            row.update(limit="%.4g" % lim[0], pct_of_limit="%.1f" % pct,
                       limit_of=f"{kind}@{lim[1]}" + (BESIDE if near is not None else ""),
                       pct_of_limit_high="" if near is None else "%.1f" % near[2])
        out.append(row)
    return out


def roofline(summ: Sequence[Dict[str, str]], models: List[registry.Model],
             ceil: Sequence[Dict[str, str]]) -> Tuple[List[Tuple[int, float, float]], List[Tuple[int, str, str, int, float, float]]]:
    """Returns the roofline's (ceilings, points): per worker count that has
    both, (workers, bandwidth GB/s, peak GFLOP/s); per summary row with an
    intensity and GFLOP/s, (line type, model, workload, workers, intensity,
    GFLOP/s)."""
    counts = sorted({p for p in (schema.whole(r.get("workers", "")) for r in ceil if r.get("best") == "yes") if p})
    roofs = []
    for p in counts:
        bw, pk = ceiling(ceil, BANDWIDTH, p, False), ceiling(ceil, PEAK, p, False)
        if bw and pk:
            roofs.append((p, bw[0], pk[0]))
    points = []
    for r in summ:
        x, y, p = schema.number(r.get("intensity", "")), schema.number(r.get("gflops", "")), schema.whole(r["workers"])
        if x and y and x > 0 and y > 0 and p and registry.by_name(models, r["model"]) is not None:
            points.append((registry.line_type(models, r["model"]), r["model"], r["workload"], p, x, y))
    return roofs, points
