"""The data files gnuplot draws, written from summary.csv and runs.csv (the
summarizer computed every number; gnuplot only draws), and the figures.
Error bars are 95 % intervals: of the median time, of the speedup and
efficiency (intervals of the ratio), of a rate (from its time's interval);
where an older summary.csv has no interval, the lowest and highest values.

In DATA (RUN/plots/data/): models.gp (line types from the registry), per
workload W: W.dat (lt model workers median low high, seconds), W-speedup.dat
and W-efficiency.dat (lt model workers value low high), W.fits (model f
f_err n pmax), W-gbps.dat and W-mlups.dat (lt model workers median low
high), W-cost.dat (lt model workers cold_us warm_us), W-cpu.dat (lt model
workers, CPU seconds per repetition over the model's own at 1 worker, and
the lowest and highest launch's) and W-memory.dat (lt model workers, peak
resident MB, the lowest and highest launch's); overview.dat (a
header "workload M1 M1_low M1_high M2 ...", then per workload each model's
best speedup over the baseline and its interval, "-" where none);
roofline.dat (with the run's ceilings: block 1, workers bandwidth_gbps
peak_gflops; block 2, lt model workload workers intensity gflops).
"""
from __future__ import annotations

import os
from typing import Dict, List, Sequence, Tuple

from . import limits, registry, schema, summary

KNOWN_ORDER = ("sleep", "pi", "mandelbrot", "triad", "stencil", "spawn")


def workloads_in(summ: Sequence[Dict[str, str]]) -> List[str]:
    """Returns the workloads of a summary, the known ones first in the
    report's order, then the others sorted."""
    present = {r["workload"] for r in summ}
    return [w for w in KNOWN_ORDER if w in present] + sorted(present - set(KNOWN_ORDER))


def blocks(rows: List[Tuple[int, str, int, str]]) -> str:
    """Returns gnuplot blocks, one per model (two blank lines between), of
    ROWS (lt, model, workers, rest-of-line), sorted by lt then workers."""
    out, last = [], None
    for lt, model, p, rest in sorted(rows, key=lambda x: (x[0], x[2])):
        if last is not None and lt != last:
            out.append("\n\n")
        out.append(f"{lt} {model} {p} {rest}\n")
        last = lt
    return "".join(out)


def bounds(r: Dict[str, str], value: str, low: str, high: str, lo_alt: str = "", hi_alt: str = ""):
    """Returns (value, low, high) of a summary row's column VALUE and its
    interval (LOW, HIGH), else (LO_ALT, HI_ALT), else the value itself."""
    v = schema.number(r.get(value, ""))
    if v is None:
        return None
    lo, hi = schema.number(r.get(low, "")), schema.number(r.get(high, ""))
    if lo is None or hi is None:
        lo, hi = schema.number(r.get(lo_alt, "")), schema.number(r.get(hi_alt, ""))
    return v, v if lo is None else lo, v if hi is None else hi


def time_rows(summ, models, w, column="median") -> List[Tuple[int, str, int, str]]:
    """Returns the rows of W.dat (COLUMN median), W-speedup.dat
    (speedup_self) or W-efficiency.dat (efficiency)."""
    alt = ("min", "max") if column == "median" else ("", "")
    out = []
    for r in summ:
        b = bounds(r, column, f"{column}_low", f"{column}_high", *alt)
        if r["workload"] != w or b is None or b[0] <= 0 or (schema.whole(r["n"]) or 0) == 0:
            continue
        out.append((registry.line_type(models, r["model"]), r["model"], int(r["workers"]), "%.6g %.6g %.6g" % b))
    return out


def rate_rows(summ, models, w, column) -> List[Tuple[int, str, int, str]]:
    """Returns the rows of W-gbps.dat or W-mlups.dat: the median rate and
    the interval its time's interval gives (rate times median / bound)."""
    out = []
    for r in summ:
        v, t = schema.number(r.get(column, "")), bounds(r, "median", "median_low", "median_high", "min", "max")
        if r["workload"] != w or v is None or t is None or min(t) <= 0:
            continue
        out.append((registry.line_type(models, r["model"]), r["model"], int(r["workers"]),
                    "%.6g %.6g %.6g" % (v, v * t[0] / t[2], v * t[0] / t[1])))
    return out


def cost_rows(summ, models, w) -> List[str]:
    best: Dict[str, Dict[str, str]] = {}
    for r in summ:
        if r["workload"] == w and schema.number(r.get("cold_us", "")) is not None:
            if r["model"] not in best or int(r["workers"]) > int(best[r["model"]]["workers"]):
                best[r["model"]] = r
    return [f"{registry.line_type(models, m)} {m} {r['workers']} {r['cold_us']} {r.get('warm_us') or '-'}\n"
            for m, r in sorted(best.items(), key=lambda x: registry.line_type(models, x[0]))]


def resource_rows(summ, models, w, column) -> List[Tuple[int, str, int, str]]:
    """Returns the rows of W-cpu.dat (COLUMN cpu_seconds: over the same
    model's median at 1 worker, so that models run at different sizes share
    one axis) or W-memory.dat (peak_rss_mb, MB): the median and the range
    over launches."""
    ones = {r["model"]: schema.number(r.get(column, "")) for r in summ if r["workload"] == w and r["workers"] == "1"}
    out = []
    for r in summ:
        v = [schema.number(r.get(c, "")) for c in (column, f"{column}_min", f"{column}_max")]
        scale = 1.0 if column == "peak_rss_mb" else ones.get(r["model"])
        if r["workload"] != w or None in v or not scale or scale <= 0 or min(v) <= 0:
            continue
        out.append((registry.line_type(models, r["model"]), r["model"], int(r["workers"]),
                    "%.6g %.6g %.6g" % tuple(x / scale for x in v)))
    return out


def overview(summ, models, workloads, cost) -> str:
    lines = ["workload " + " ".join(f"{m} {m}_low {m}_high" for m in registry.names(models))]
    for w in workloads:
        if w in cost:
            continue
        best = []
        for m in registry.names(models):
            bs = [bounds(r, "speedup_serial", "speedup_serial_low", "speedup_serial_high")
                  for r in summ if r["workload"] == w and r["model"] == m]
            bs = [b for b in bs if b is not None]
            best.append("%.4f %.4f %.4f" % max(bs) if bs else "- - -")
        lines.append(w + " " + " ".join(best))
    return "\n".join(lines) + "\n"


def roofline_text(summ, models, ceil) -> str:
    """Returns roofline.dat (plots/roofline.gp), '' without both ceilings
    (triad_regular and fma) at some worker count."""
    roofs, points = limits.roofline(summ, models, ceil)
    if not roofs:
        return ""
    out = ["# workers bandwidth_gbps peak_gflops (ceilings.csv: triad_regular and fma, best=yes)\n"]
    out += [f"{p} {bw:.6g} {pk:.6g}\n" for p, bw, pk in roofs]
    if points:
        out.append("\n\n# lt model workload workers intensity gflops (scripts/parbench/limits.py)\n")
        out += [f"{lt} {m} {w} {p} {x:.6g} {y:.6g}\n" for lt, m, w, p, x, y in sorted(points)]
    return "".join(out)


def write(data: str, summ, runs, models, cores: int, ceil=()) -> Dict[str, List[str]]:
    """Writes every data file into DATA; returns {workload: [kinds]} of the
    files written (time, fits, gbps, mlups, cost), with "(overview)" and
    "(roofline)" (from the ceilings.csv rows CEIL) when drawn. Raises OSError."""
    os.makedirs(data, exist_ok=True)
    files: Dict[str, str] = {"models.gp": registry.gnuplot_style(models)}
    workloads = workloads_in(summ)
    cost = {w for w in workloads if summary.is_cost_workload(runs, w)}
    made: Dict[str, List[str]] = {}
    for w in workloads:
        kinds = []
        t = time_rows(summ, models, w)
        if t:
            files[f"{w}.dat"] = f"# {w}: one block per model; line type, model, workers, median seconds, 95 % interval\n" + blocks(t)
            kinds.append("time")
            for column, name in (("speedup_self", "speedup"), ("efficiency", "efficiency")):
                rows = time_rows(summ, models, w, column)
                if rows and w not in cost:
                    files[f"{w}-{name}.dat"] = f"# {w} {column}: one block per model; line type, model, workers, value, 95 % interval\n" + blocks(rows)
                    kinds.append(name)
        fits = summary.fits_of(summ, w, cores)
        if fits and w not in cost:
            files[f"{w}.fits"] = "".join(f"{m} {f} {e or '-'} {n} {p}\n" for m, f, e, n, p in fits)
            kinds.append("fits")
        for column in ("gbps", "mlups"):
            rr = rate_rows(summ, models, w, column)
            if rr:
                files[f"{w}-{column}.dat"] = f"# {w} {column}: one block per model; line type, model, workers, median, 95 % interval\n" + blocks(rr)
                kinds.append(column)
        for column, name in (("cpu_seconds", "cpu"), ("peak_rss_mb", "memory")):
            rr = resource_rows(summ, models, w, column)
            if rr:
                files[f"{w}-{name}.dat"] = (f"# {w} {column}{' over 1 worker' if name == 'cpu' else ', MB'}: one block per "
                                            "model; line type, model, workers, median, lowest and highest launch\n"
                                            + blocks(rr))
                kinds.append(name)
        c = cost_rows(summ, models, w)
        if c:
            files[f"{w}-cost.dat"] = "".join(c)
            kinds.append("cost")
        made[w] = kinds
    files["overview.dat"] = overview(summ, models, workloads, cost)
    if any(v != "-" for line in files["overview.dat"].splitlines()[1:] for v in line.split()[1:]):
        made["(overview)"] = ["overview"]
    roof = roofline_text(summ, models, ceil)
    if roof:
        files["roofline.dat"] = roof
        made["(roofline)"] = ["roofline"]
    for name, text in files.items():
        schema.write_whole(os.path.join(data, name), text)
    return made
