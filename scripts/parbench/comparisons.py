"""comparisons.csv: every pair of models at each workload and worker
count, with the ratio of their medians, its 95 % interval (no narrower
than the launch-level floor of two cells measured side by side, or of
two cells, floor.py; where the limits were measured
beside the launches, wide enough to hold the ratio the two cells would
have had on the same machine, machine_widen) and a verdict;
and the winners a reader may name: a model faster than every other one at
that worker count, or a tie when the data do not separate them."""
from __future__ import annotations

import statistics
from typing import Dict, List, Optional, Sequence, Tuple

from . import floor, limits, registry, schema, stats, summary


def compare(rows: Sequence[Dict[str, str]], models: List[registry.Model], seed: int,
            threshold: float, boot=None, noise: Optional[Dict[str, float]] = None,
            paired: Optional[Dict[str, float]] = None) -> List[Dict[str, str]]:
    """Returns the rows of comparisons.csv for the runs.csv ROWS (BOOT:
    summary.samples() of them, when the caller has it; NOISE as
    summary.summarize takes it; PAIRED: floor.pair_noise of them, when the
    caller has it)."""
    order = {m.name: i for i, m in enumerate(models)}
    boot = boot if boot is not None else summary.samples(summary.group(rows), seed)
    launches = {k: b[0] for k, b in boot.items()}
    groups = summary.group(rows)
    noise = floor.launch_noise(launches, summary.sizes_of(groups)) if noise is None else noise
    cells: Dict[Tuple[str, int], List[str]] = {}
    for (w, m, p), ls in launches.items():
        if ls and m in order:
            cells.setdefault((w, p), []).append(m)
    if paired is None:
        paired = floor.pair_noise(side_by_side(groups, order)) if noise else {}   # noise {}: no floor at all
    out = []
    for (w, p) in sorted(cells):
        ms = sorted(cells[(w, p)], key=order.get)
        for i, a in enumerate(ms):
            for b in ms[i + 1:]:
                if groups[(w, a, p)].info[2] != groups[(w, b, p)].info[2]:
                    continue   # different sizes (a build kind's own preset): no verdict
                ma, mb = (statistics.median(stats.flat(launches[(w, x, p)])) for x in (a, b))
                ci = stats.ratio_of(boot[(w, a, p)][1], boot[(w, b, p)][1], ma / mb) if mb > 0 else None
                ka, kb = len(launches[(w, a, p)]), len(launches[(w, b, p)])
                size = groups[(w, a, p)].info[2]
                pair = paired.get(floor.klass(w, size))   # side_by_side's workloads only
                ci = floor.widen(ci, floor.half_paired(pair, ka, kb) if pair is not None else
                                 floor.half(floor.sigma(noise, w, size), ka, kb))
                if w in limits.RATE_LIMITED:   # spawn's primitives differ by model: no common machine
                    ci = machine_widen(ci, *(limits.launch_limits(rows, w, x, str(p)) for x in (a, b)))
                if ci is None:
                    continue
                out.append({"workload": w, "workers": str(p), "model_a": a, "model_b": b,
                            "ratio": "%.4f" % ci[0], "ratio_low": "%.4f" % ci[1], "ratio_high": "%.4f" % ci[2],
                            "verdict": stats.verdict(*ci, threshold)})
    return out


def side_by_side(groups: Dict[tuple, summary.Group], models) -> Dict[tuple, Dict[str, Dict[int, float]]]:
    """Returns floor.pair_noise's groups: per (workload, workers, size),
    each model's (of MODELS) launch medians by launch number, for the
    workloads bound by a resource of the machine (limits.RATE_LIMITED): side
    by side, such a time moves with the machine in both cells; spawn's
    models each pay their own primitive."""
    side: Dict[tuple, Dict[str, Dict[int, float]]] = {}
    for (w, m, p), g in groups.items():
        launches = {k: statistics.median(x) for k, x in g.numbered().items() if x}
        if launches and m in models and w in limits.RATE_LIMITED:
            side.setdefault((w, p, g.info[2]), {})[m] = launches
    return side


def machine_widen(ci: Optional[Tuple[float, float, float]], la: Sequence[Tuple[float, float]],
                  lb: Sequence[Tuple[float, float]]) -> Optional[Tuple[float, float, float]]:
    """Returns the interval CI (value, low, high) of A's time over B's made
    to hold also CI scaled by every h = L_A / L_B that the limits measured
    beside A's and B's launches allow (LA, LB: (low, high) per launch,
    limits.launch_limits): a time bound by memory bandwidth or by the FMA
    peak goes as one over it, so r x h is the ratio the two would have had
    on the same machine, and h runs from the lowest A saw over the highest
    B saw to the highest over the lowest. A shared host's memory bus and
    CPUs move from one second to the next (at 2 workers 36 or 65 GB/s; a
    pi launch at 2 workers ran its first repetitions at one worker's
    speed), and a verdict the host made is not one a rerun would confirm.
    CI as it is when either side has no limit measured."""
    if ci is None or not la or not lb:
        return ci
    h_low = min(lo for lo, _ in la) / max(hi for _, hi in lb)
    h_high = max(hi for _, hi in la) / min(lo for lo, _ in lb)
    return ci[0], min(ci[1], ci[1] * h_low), max(ci[2], ci[2] * h_high)


def against(comps: Sequence[Dict[str, str]], w: str, p: str, a: str, b: str) -> str:
    """Returns A's verdict against B at (W, P) from COMPS, '' if absent."""
    flip = {"faster": "slower", "slower": "faster", "tie": "tie"}
    for c in comps:
        if c["workload"] == w and c["workers"] == p:
            if (c["model_a"], c["model_b"]) == (a, b):
                return c["verdict"]
            if (c["model_a"], c["model_b"]) == (b, a):
                return flip.get(c["verdict"], "")
    return ""


def winners(comps: Sequence[Dict[str, str]], summ: Sequence[Dict[str, str]],
            baseline: str = "") -> Dict[Tuple[str, str], List[str]]:
    """Returns, per (workload, workers), the models a reader may call best:
    the fastest median alone when it is significantly faster than every
    other model there, else it and every model it ties with."""
    # only models run at the workload's common size compete (a build kind
    # with a preset of its own runs another): the size of the BASELINE
    # model where it ran, else the most frequent size
    sizes: Dict[str, Dict[str, int]] = {}
    for r in summ:
        count = sizes.setdefault(r["workload"], {})
        count[r["size"]] = count.get(r["size"], 0) + 1
    common = {w: max(c, key=lambda x: (c[x], x)) for w, c in sizes.items()}
    common.update({r["workload"]: r["size"] for r in summ if baseline and r["model"] == baseline})
    best: Dict[Tuple[str, str], Tuple[float, str]] = {}
    for r in summ:
        t = schema.number(r.get("median", ""))
        k = (r["workload"], r["workers"])
        if t is not None and r["size"] == common[r["workload"]] and (k not in best or t < best[k][0]):
            best[k] = (t, r["model"])
    out = {}
    for (w, p), (_, fastest) in best.items():
        others = [r["model"] for r in summ if (r["workload"], r["workers"]) == (w, p) and r["model"] != fastest
                  and schema.number(r.get("median", "")) is not None and r["size"] == common[w]]
        out[(w, p)] = [fastest] + [m for m in others if against(comps, w, p, fastest, m) != "faster"]
    return out
