"""The studies' figures: their data files, written from the study rows of
summary.csv (the summarizer computed every number; gnuplot only draws), and
the gnuplot jobs that draw them.

In DATA (RUN/plots/data/), per workload W of each study:
  W-weak.dat     lt model workers efficiency low high (efficiency.gp)
  W-hybrid.dat   x workers ranks threads median low high best (split.gp)
  W-binding.dat  x group label binding median low high (binding.gp)
  W-size.dat     lt model workers bytes gbps low high, a block per model and
                 workers (size.gp); caches.dat: level bytes, from meta.json
"""
from __future__ import annotations

import os
from typing import Dict, List, Sequence, Tuple

from . import figures, plotdata, registry, schema, studyplan

# (study, stem, caption) of the studies' figures, in the report's order.
CAPTIONS = (
    ("weak", "weak", "Weak-scaling efficiency T(1)/T(P): the size grows with the workers, so that each worker has "
                     "the work of the run at 1 worker; 100 % means the time stayed the same. Error bars: its 95 % "
                     "interval (a bootstrap of the ratio of medians)."),
    ("hybrid", "hybrid", "Median time of every split ranks × threads of each worker count, with its 95 % interval; "
                         "red: the best split at its worker count."),
    ("binding", "binding", "Median time with the workers bound close together, spread out, or unbound, with its "
                           "95 % interval. Runs whose workers all sat on one CPU are left out."),
    ("size", "size", "Memory bandwidth against the working set at the median time, error bars from its 95 % "
                     "interval; the grey lines are this machine's caches (from sysfs)."),
)


def rows_of(summ: Sequence[Dict[str, str]], study: str, w: str) -> List[Dict[str, str]]:
    """Returns the believed rows of STUDY and workload W that have a median."""
    return [r for r in summ if r.get("study") == study and r["workload"] == w
            and schema.number(r.get("median", "")) is not None and (schema.whole(r.get("n", "")) or 0) > 0]


def weak_rows(summ, models, w) -> List[Tuple[int, str, int, str]]:
    out = []
    for r in rows_of(summ, "weak", w):
        b = plotdata.bounds(r, "efficiency", "efficiency_low", "efficiency_high")
        if b is not None:
            out.append((registry.line_type(models, r["model"]), r["model"], int(r["workers"]), "%.6g %.6g %.6g" % b))
    return out


def hybrid_lines(summ, w) -> List[str]:
    rows = sorted(rows_of(summ, "hybrid", w), key=lambda r: (int(r["workers"]), -int(r["ranks"] or 0)))
    best: Dict[str, float] = {}
    for r in rows:
        t = schema.number(r["median"])
        best[r["workers"]] = min(best.get(r["workers"], t), t)
    out = []
    for i, r in enumerate(rows, 1):
        t, lo, hi = plotdata.bounds(r, "median", "median_low", "median_high", "min", "max")
        if schema.whole(r["ranks"]) and schema.whole(r["threads"]):
            out.append(f"{i} {r['workers']} {r['ranks']} {r['threads']} %.6g %.6g %.6g {int(t == best[r['workers']])}\n"
                       % (t, lo, hi))
    return out


def binding_lines(summ, w) -> List[str]:
    rows = rows_of(summ, "binding", w)
    groups = list(dict.fromkeys((r["model"], int(r["workers"])) for r in rows))
    out = []
    for r in rows:
        if r.get("binding") not in studyplan.BINDINGS:
            continue
        g = groups.index((r["model"], int(r["workers"]))) + 1
        b = studyplan.BINDINGS.index(r["binding"])
        t, lo, hi = plotdata.bounds(r, "median", "median_low", "median_high", "min", "max")
        out.append(f"{g + 0.22 * (b - 1):.2f} {g} {r['model']},P={r['workers']} {b} %.6g %.6g %.6g\n" % (t, lo, hi))
    return out


def size_blocks(summ, models, w) -> str:
    """Returns W-size.dat: a block per model and worker count, by bytes."""
    blocks: Dict[Tuple[int, str, int], List[str]] = {}
    for r in rows_of(summ, "size", w):
        n, v = schema.whole(r["size"]), schema.number(r.get("gbps", ""))
        t = plotdata.bounds(r, "median", "median_low", "median_high", "min", "max")
        if not n or v is None or min(t) <= 0:
            continue
        k = (registry.line_type(models, r["model"]), r["model"], int(r["workers"]))
        blocks.setdefault(k, []).append((studyplan.BYTES_PER[w](n), f"{k[0]} {k[1]} {k[2]} {studyplan.BYTES_PER[w](n)} "
                                         "%.6g %.6g %.6g\n" % (v, v * t[0] / t[2], v * t[0] / t[1])))
    return "\n\n".join("".join(x for _, x in sorted(lines)) for _, lines in sorted(blocks.items()))


def caches_of(doc) -> List[Tuple[int, int]]:
    """Returns (level, bytes) of the caches meta.json records, checked."""
    out = []
    for c in doc.get("caches", []) if isinstance(doc.get("caches"), list) else []:
        if isinstance(c, dict) and isinstance(c.get("level"), int) and isinstance(c.get("bytes"), int) \
                and 0 < c["level"] < 10 and 0 < c["bytes"] < 1 << 40:
            out.append((c["level"], c["bytes"]))
    return sorted(out)


def write(data: str, summ, models, doc) -> Dict[str, List[str]]:
    """Writes the studies' data files into DATA; returns {study: [workloads
    with a figure]}. Raises OSError."""
    os.makedirs(data, exist_ok=True)
    files: Dict[str, str] = {}
    made: Dict[str, List[str]] = {}
    workloads = plotdata.workloads_in([r for r in summ if r.get("study") not in ("", "strong", None)])
    for w in workloads:
        parts = {"weak": plotdata.blocks(weak_rows(summ, models, w)), "hybrid": "".join(hybrid_lines(summ, w)),
                 "binding": "".join(binding_lines(summ, w)),
                 "size": size_blocks(summ, models, w) if w in studyplan.SIZE_WORKLOADS else ""}
        for study, text in parts.items():
            if text:
                files[f"{w}-{study}.dat"] = text
                made.setdefault(study, []).append(w)
    caches = caches_of(doc)
    if caches:
        files["caches.dat"] = "".join(f"{level} {size}\n" for level, size in caches)
    for name, text in files.items():
        schema.write_whole(os.path.join(data, name), text)
    return made


def jobs(made: Dict[str, List[str]], caption: str, cores: str, formats: Sequence[str], data: str,
         plots: str) -> List[figures.Job]:
    """Returns the job of every study figure whose data file MADE lists."""
    out = []
    caches = os.path.join(data, "caches.dat") if os.path.isfile(os.path.join(data, "caches.dat")) else ""
    for ext in formats:
        for w in made.get("weak", []):
            out.append(figures.job(plots, data, f"{w}-weak.{ext}", "efficiency", f"{w}-weak.dat",
                                   f"{w}: weak-scaling efficiency (the size grows with the workers)", caption, cores,
                                   "weak-scaling efficiency = T(1) / T(P) at the grown size"))
        for w in made.get("hybrid", []):
            out.append(figures.job(plots, data, f"{w}-hybrid.{ext}", "split", f"{w}-hybrid.dat",
                                   f"{w}: hybrid, time of each split ranks × threads", caption))
        for w in made.get("binding", []):
            out.append(figures.job(plots, data, f"{w}-binding.{ext}", "binding", f"{w}-binding.dat",
                                   f"{w}: close, spread or unbound workers", caption))
        for w in made.get("size", []):
            out.append(figures.job(plots, data, f"{w}-size.{ext}", "size", f"{w}-size.dat", caches,
                                   f"{w}: bandwidth against the working set", caption))
    return out


def figures_of(run: str, study: str, workloads: Sequence[str]) -> List[Tuple[str, str]]:
    """Returns (stem, caption) of the figures of STUDY drawn in RUN."""
    cap = dict((s, c) for s, _, c in CAPTIONS)[study]
    return [(f"{w}-{study}", cap) for w in workloads if os.path.isfile(os.path.join(run, "plots", f"{w}-{study}.png"))]
