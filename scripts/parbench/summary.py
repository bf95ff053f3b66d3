"""summary.csv from runs.csv: per workload x model x workers, the
statistics of the ok repetitions, speedups, efficiencies, Karp-Flatt and
each model's Amdahl fit. Every derived column is computed here, once.
"""
from __future__ import annotations

import math
import random
import statistics
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Tuple

from . import floor, registry, schema, stats

Key = Tuple[str, str, int]


def is_cost_workload(rows: Sequence[Dict[str, str]], workload: str) -> bool:
    """True for a workload that measures the cost of starting workers (its
    ok rows carry cold_us): a speedup of it would mean nothing."""
    return any(r["workload"] == workload and r.get("cold_us") and r.get("status") == "ok" for r in rows)


def fit_top(counts: Sequence[int], cores: int) -> int:
    """Returns the largest worker count an Amdahl fit uses: CORES when a
    count above 1 lies within them, else the largest of COUNTS."""
    if cores > 0 and any(1 < p <= cores for p in counts):
        return cores
    return max(counts, default=0)


def amdahl_fit(points: Sequence[Tuple[int, float]], cores: int) -> Optional[Tuple[float, Optional[float], int, int]]:
    """Fits Amdahl's law S(p) = 1/(f + (1-f)/p) to (workers, speedup) POINTS.
    At 1 worker S = 1 whatever f is, so only counts above 1 inform it; and
    only those up to CORES (all of them if none is). Returns (f, its standard
    error or None when the fit is exact, counts fitted, largest count), or
    None when nothing can be fitted."""
    top = fit_top([p for p, _ in points], cores)
    use = [(p, s) for p, s in points if 1 < p <= top and s > 0]
    if not use:
        return None
    # linear start: 1/S - 1/p = f (1 - 1/p), least squares through 0
    f = sum((1 - 1 / p) * (1 / s - 1 / p) for p, s in use) / sum((1 - 1 / p) ** 2 for p, _ in use)
    if len(use) < 2 or f <= -0.9:
        return f, None, len(use), max(p for p, _ in use)

    def model(g: float, p: int) -> float:
        return 1 / (g + (1 - g) / p)

    def wssr(g: float) -> float:
        return sum((s - model(g, p)) ** 2 for p, s in use)

    for _ in range(200):
        jac = [(1 - 1 / p) * model(f, p) ** 2 for p, _ in use]  # -dS/df
        res = [s - model(f, p) for p, s in use]
        step = -sum(j * r for j, r in zip(jac, res)) / sum(j * j for j in jac)
        while step and (f + step <= -0.99 or wssr(f + step) > wssr(f)):
            step /= 2
            if abs(step) < 1e-15:
                step = 0.0
        f += step
        if abs(step) < 1e-12:
            break
    jj = sum(((1 - 1 / p) * model(f, p) ** 2) ** 2 for p, _ in use)
    err = math.sqrt(wssr(f) / (len(use) - 1) / jj) if jj > 0 else None
    return f, err, len(use), max(p for p, _ in use)


@dataclass
class Group:
    """The rows of one configuration: its ok repetitions by launch."""
    ok: Dict[int, List[float]] = field(default_factory=dict)
    flagged: Dict[int, List[float]] = field(default_factory=dict)
    rates: Dict[str, List[float]] = field(default_factory=dict)
    cpu: List[float] = field(default_factory=list)
    rss: List[float] = field(default_factory=list)
    info: Tuple[str, str, str] = ("", "", "")
    failed: int = 0

    def launches(self) -> List[List[float]]:
        """Returns the launches the statistics use (usable())."""
        return usable(self.ok, self.flagged)

    def numbered(self) -> Dict[int, List[float]]:
        """The same, by launch number (usable_numbered())."""
        return usable_numbered(self.ok, self.flagged)


MAX_FLAGGED = 3   # launches under interference that are run again, at most


def sizes_of(groups: Dict[tuple, Group]) -> Dict[tuple, str]:
    """Returns each configuration's size, for floor.launch_noise."""
    return {k: g.info[2] for k, g in groups.items()}


def usable(ok: Dict[int, List[float]], flagged: Dict[int, List[float]]) -> List[List[float]]:
    """Returns the launches the statistics use (usable_numbered's)."""
    return list(usable_numbered(ok, flagged).values())


def usable_numbered(ok: Dict[int, List[float]], flagged: Dict[int, List[float]]) -> Dict[int, List[float]]:
    """Returns the launches the statistics use, by launch number: those
    taken without heavy interference while at least two of them exist and
    no more than MAX_FLAGGED were flagged (the sweep runs a flagged launch
    again until then); otherwise every launch."""
    if len(ok) >= 2 and len(flagged) <= MAX_FLAGGED:
        return dict(ok)
    return {**ok, **flagged}


def group(rows: Sequence[Dict[str, str]], key_of=None) -> Dict[Key, Group]:
    """Returns the runs.csv ROWS by configuration: (workload, model,
    workers), or the key KEY_OF(row) gives (None: left out). A row without
    a launch number (an older runs.csv) is a launch of its own."""
    out: Dict[Key, Group] = {}
    per_launch: Dict[Tuple[Key, int], List[Dict[str, str]]] = {}
    for r in rows:
        p = schema.whole(r["workers"])
        key = (r["workload"], r["model"], p) if key_of is None else key_of(r)
        if p is None or key is None:
            continue
        g = out.setdefault(key, Group())
        seconds = schema.number(r["seconds"])
        if r["status"] == "ok" and seconds is not None:
            launch = schema.whole(r.get("launch", "")) or -(schema.whole(r["rep"]) or 0)
            where = g.flagged if "interference" in r.get("flags", "") else g.ok
            where.setdefault(launch, []).append(seconds)
            per_launch.setdefault((key, launch), []).append(r)
            g.info = (r["ranks"], r["threads"], r["size"])
            for c in schema.RATE_COLUMNS:
                v = schema.number(r.get(c, ""))
                if v is not None:
                    g.rates.setdefault(c, []).append(v)
        else:
            g.failed += 1
            if g.info == ("", "", ""):
                g.info = (r["ranks"], r["threads"], r["size"])
    for (key, _), rs in per_launch.items():
        cpu = schema.number(rs[0].get("cpu_seconds", ""))
        if cpu is not None:
            out[key].cpu.append(cpu / len(rs))
        rss = schema.number(rs[0].get("peak_rss_mb", ""))
        if rss is not None:
            out[key].rss.append(rss)
    return out


def samples(groups: Dict[Key, Group], seed: int) -> Dict[Key, Tuple[List[List[float]], List[float]]]:
    """Returns per configuration its launches and the medians of its
    bootstrap samples, drawn once with a generator seeded by SEED and the
    configuration, so that every interval of the run is repeatable."""
    out = {}
    for key, g in groups.items():
        ls = g.launches()
        out[key] = (ls, stats.boot_medians(ls, random.Random(":".join(map(str, (seed,) + tuple(key))))))
    return out


def interval(row: Dict[str, str], name: str, ci: Optional[Tuple[float, float, float]], scale: float = 1.0) -> None:
    if ci:
        row[f"{name}_low"] = "%.4f" % (ci[1] / scale)
        row[f"{name}_high"] = "%.4f" % (ci[2] / scale)


def summarize(rows: Sequence[Dict[str, str]], models: List[registry.Model], cores: int,
              seed: int = 0, target: float = 0.02, boot=None,
              noise: Optional[Dict[str, float]] = None) -> List[Dict[str, str]]:
    """Returns the rows of summary.csv for the runs.csv ROWS, sorted by
    workload, registry order and workers. CORES bounds the Amdahl fit;
    SEED makes the bootstrap intervals repeatable (BOOT: samples() of the
    same rows, when the caller has them); TARGET is the relative half-width
    a cell was to reach. NOISE is each workload's launch-level noise for
    the intervals' floor (floor.py), by default pooled from ROWS; {} for
    the bootstrap's intervals alone."""
    order = {m.name: i for i, m in enumerate(models)}
    base = registry.baseline(models).name
    groups = group(rows)
    boot = boot if boot is not None else samples(groups, seed)
    launches = {k: b[0] for k, b in boot.items()}
    dist = {k: b[1] for k, b in boot.items()}
    med = {k: statistics.median(stats.flat(v)) for k, v in launches.items() if v}
    noise = floor.launch_noise(launches, sizes_of(groups)) if noise is None else noise
    nl = {k: len(v) for k, v in launches.items()}
    fits = {}
    for w, m in {(k[0], k[1]) for k in med}:
        if is_cost_workload(rows, w) or (w, m, 1) not in med:
            continue
        pts = [(k[2], med[(w, m, 1)] / t) for k, t in med.items() if k[:2] == (w, m) and t > 0]
        fits[(w, m)] = amdahl_fit(pts, cores)
    out = []
    for key in sorted(groups, key=lambda k: (k[0], order.get(k[1], len(order)), k[1], k[2])):
        w, m, p = key
        g = groups[key]
        v = stats.flat(launches[key])
        ranks, threads, size = g.info
        row = {"workload": w, "model": m, "workers": str(p), "ranks": ranks, "threads": threads,
               "size": size, "n": str(len(v)), "failed": str(g.failed), "launches": str(len(launches[key])),
               "interference": str(sum(len(x) for x in g.flagged.values()) if len(g.ok) >= 2 and len(g.flagged) <= MAX_FLAGGED else 0)}
        if v:
            t = med[key]
            row.update(median=schema.fmt(t, "%.6g"), min=schema.fmt(min(v), "%.6g"), max=schema.fmt(max(v), "%.6g"),
                       spread=schema.fmt((max(v) - min(v)) / t if t > 0 else None, "%.4f"),
                       outliers=str(sum(stats.mad_outliers(v))),
                       cpu_seconds=schema.fmt(statistics.median(g.cpu) if g.cpu else None, "%.6g"),
                       cpu_seconds_min=schema.fmt(min(g.cpu) if g.cpu else None, "%.6g"),
                       cpu_seconds_max=schema.fmt(max(g.cpu) if g.cpu else None, "%.6g"),
                       peak_rss_mb=schema.fmt(statistics.median(g.rss) if g.rss else None, "%.1f"),
                       peak_rss_mb_min=schema.fmt(min(g.rss) if g.rss else None, "%.1f"),
                       peak_rss_mb_max=schema.fmt(max(g.rss) if g.rss else None, "%.1f"))
            if dist[key] and t > 0:
                ci = floor.widen((t,) + stats.ends(dist[key]), floor.half(floor.sigma(noise, w, size), nl[key]))
                row.update(median_low="%.6g" % ci[1], median_high="%.6g" % ci[2])
                rel = (ci[2] - ci[1]) / 2 / t
                row.update(ci_rel="%.4f" % rel, target_met="yes" if rel <= target else "no")
            b = med.get((w, base, 1))
            if b is not None and groups[(w, base, 1)].info[2] != size:
                b = None   # another size (a build kind's own preset): a speedup over serial would mean nothing
            row["speedup_serial"] = schema.fmt(b / t if b is not None and t > 0 else None, "%.4f")
            if b is not None and t > 0:
                ci = stats.ratio_of(dist[(w, base, 1)], dist[key], b / t)
                same = key == (w, base, 1)
                interval(row, "speedup_serial", ci if same else floor.widen(ci, floor.half(floor.sigma(noise, w, size), nl[(w, base, 1)], nl[key])))
            s1 = med.get((w, m, 1))
            if s1 is not None and t > 0:
                sp = s1 / t
                row.update(speedup_self="%.4f" % sp, efficiency="%.4f" % (sp / p))
                ci = stats.ratio_of(dist[(w, m, 1)], dist[key], sp)
                if p != 1:
                    ci = floor.widen(ci, floor.half(floor.sigma(noise, w, size), nl[(w, m, 1)], nl[key]))
                interval(row, "speedup_self", ci)
                interval(row, "efficiency", ci, p)
                if p > 1 and sp > 0:
                    row["karp_flatt"] = "%.4f" % ((1 / sp - 1 / p) / (1 - 1 / p))
            for c in schema.RATE_COLUMNS:
                vals = g.rates.get(c)
                row[c] = schema.fmt(statistics.median(vals) if vals else None, "%.6g")
        fit = fits.get((w, m))
        if fit:
            row["amdahl_f"] = "%.6g" % fit[0]
            row["amdahl_f_err"] = "" if fit[1] is None else "%.3g" % fit[1]
        out.append(row)
    return out


def fits_of(summary: Sequence[Dict[str, str]], workload: str, cores: int) -> List[Tuple[str, str, str, int, int]]:
    """Returns (model, f, f_err, n, pmax) of every model of WORKLOAD whose
    summary rows carry an Amdahl fit, where n counts its worker counts above
    1 that the fit used (those up to CORES, as amdahl_fit chose them) and
    pmax is the largest. Rows whose f is not a number are left out."""
    out = []
    for m in dict.fromkeys(r["model"] for r in summary if r["workload"] == workload):
        rows = [r for r in summary if r["workload"] == workload and r["model"] == m]
        f = rows[0].get("amdahl_f", "")
        ps = [p for p in (schema.whole(r["workers"]) for r in rows if schema.number(r.get("median", ""))) if p]
        if schema.number(f) is None or not ps:
            continue
        top = fit_top(ps, cores)
        used = [p for p in ps if 1 < p <= top]
        if used:
            err = rows[0].get("amdahl_f_err", "")
            out.append((m, f, err if schema.number(err) is not None else "", len(used), max(used)))
    return out


def table(summary: Sequence[Dict[str, str]], models: List[registry.Model],
          winners: Optional[Dict[Tuple[str, str], List[str]]] = None) -> str:
    """Returns the terminal table of medians with their 95 % intervals,
    speedups and efficiencies. With WINNERS, 'best' marks the model that is
    significantly fastest at its worker count (*), or the models tied for
    it (=)."""
    def fixed(x: str, d: int) -> str:
        v = schema.number(x)
        return "-" if v is None else f"{v:.{d}f}"

    def pct(x: str) -> str:
        v = schema.number(x)
        return "-" if v is None else f"{100 * v:.0f}%"

    def best(r: Dict[str, str]) -> str:
        ws = (winners or {}).get((r["workload"], r["workers"]), [])
        return "" if r["model"] not in ws else "*" if len(ws) == 1 else "="

    fmt = "  %-9s %7s %10s %8s %7s %9s %7s %10s %10s %6s %4s"
    lines, cur = [], None
    by_name = {m.name: m for m in models}
    for r in summary:
        if r["workload"] != cur:
            cur = r["workload"]
            others: Dict[str, List[str]] = {}
            for o in summary:
                if o["workload"] == cur and o["size"] != r["size"] and o["model"] not in others.get(o["size"], []):
                    others.setdefault(o["size"], []).append(o["model"])
            at = "".join(f"; {', '.join(ms)} at size {z or '?'}" for z, ms in others.items())
            lines.append(f"\n{cur} (size {r['size'] or '?'}{at}): median of the verified repetitions, "
                         "its 95 % interval; best: * faster than all, = tied")
            lines.append(fmt % ("model", "P", "median s", "+-95%", "spread", "vs serial", "vs P=1", "efficiency",
                                "karp-flatt", "failed", "best"))
        shape = r["workers"]
        m = by_name.get(r["model"])
        if m is not None and m.needs_mpi:
            shape = f"{r['workers']}={r['ranks']}x{r['threads']}"
        ci = schema.number(r.get("ci_rel", ""))
        lines.append(fmt % (
            r["model"], shape, fixed(r.get("median", ""), 4), "-" if ci is None else f"{100 * ci:.1f}%",
            pct(r.get("spread", "")), fixed(r.get("speedup_serial", ""), 2), fixed(r.get("speedup_self", ""), 2),
            pct(r.get("efficiency", "")), fixed(r.get("karp_flatt", ""), 3),
            r["failed"] if r["failed"] != "0" else "", best(r)))
    return "\n".join(lines) + "\n"
