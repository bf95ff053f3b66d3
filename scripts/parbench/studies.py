"""The scaling studies' rows of summary.csv (weak, hybrid, binding, size),
and their verdicts: the best hybrid split and the best binding at each
worker count, each against the others with the interval of the ratio.

A repetition of more than one worker whose workers all sat on one CPU
(studyplan.stacked) is not believed: it is counted in the row's stacked
column and left out of its statistics and verdicts.
"""
from __future__ import annotations

import statistics
from typing import Dict, List, Optional, Sequence, Tuple

from . import registry, schema, stats, studyplan, summary

VERDICT_HEAD = ("study", "workload", "model", "workers", "best", "median (s) [95 %]", "against the others", "left out")


def believed(r: Dict[str, str]) -> bool:
    """False for a row whose workers all sat on one CPU."""
    return not studyplan.stacked(schema.whole(r.get("workers", "")) or 0, r.get("cpus", ""))


def study_rows(rows: Sequence[Dict[str, str]]) -> List[Dict[str, str]]:
    """Returns the rows of ROWS that belong to a study other than strong."""
    return [r for r in rows if studyplan.study_of(r) != "strong"]


def analyse(rows: Sequence[Dict[str, str]], seed: int):
    """Returns (groups, boot, stacked counts) of the study rows of ROWS,
    keyed by studyplan.row_key; the stacked ones are only counted."""
    mine = study_rows(rows)
    groups = summary.group([r for r in mine if believed(r)], studyplan.row_key)
    stacked: Dict[tuple, int] = {}
    for r in mine:
        k = studyplan.row_key(r)
        if k is not None and not believed(r):
            stacked[k] = stacked.get(k, 0) + 1
            groups.setdefault(k, summary.Group(info=(r["ranks"], r["threads"], r["size"])))
    return groups, summary.samples(groups, seed), stacked


def summarize(rows: Sequence[Dict[str, str]], models: List[registry.Model], seed: int = 0,
              target: float = 0.02) -> List[Dict[str, str]]:
    """Returns the summary.csv rows of the studies' configurations, by
    study, workload, model (registry order), workers, split, binding, size."""
    order = {m.name: i for i, m in enumerate(models)}
    groups, boot, stacked = analyse(rows, seed)
    med = {k: statistics.median(stats.flat(b[0])) for k, b in boot.items() if b[0]}
    ones = {(k[0], k[1], k[3]): k for k in med if k[2] == 1 and k[3] == "weak"}

    def sort_key(k):
        return (studyplan.STUDIES.index(k[3]), k[0], order.get(k[1], len(order)), k[1], k[2],
                int(k[5] or 0), studyplan.BINDINGS.index(k[6]) if k[6] in studyplan.BINDINGS else 9,
                schema.whole(k[4]) or 0)
    out = []
    for k in sorted(groups, key=sort_key):
        g, (launches, dist) = groups[k], boot[k]
        v = stats.flat(launches)
        ranks, threads, size = g.info
        row = {"workload": k[0], "model": k[1], "workers": str(k[2]), "ranks": ranks, "threads": threads,
               "size": size, "n": str(len(v)), "failed": str(g.failed), "launches": str(len(launches)),
               "study": k[3], "binding": k[6], "stacked": str(stacked.get(k, 0)), "interference": "0"}
        if v:
            t = med[k]
            row.update(median="%.6g" % t, min="%.6g" % min(v), max="%.6g" % max(v),
                       spread=schema.fmt((max(v) - min(v)) / t if t > 0 else None, "%.4f"),
                       outliers=str(sum(stats.mad_outliers(v))),
                       cpu_seconds=schema.fmt(statistics.median(g.cpu) if g.cpu else None, "%.6g"),
                       peak_rss_mb=schema.fmt(statistics.median(g.rss) if g.rss else None, "%.1f"))
            if dist and t > 0:
                lo, hi = stats.ends(dist)
                rel = (hi - lo) / 2 / t
                row.update(median_low="%.6g" % lo, median_high="%.6g" % hi, ci_rel="%.4f" % rel,
                           target_met="yes" if rel <= target else "no")
            for c in schema.RATE_COLUMNS:
                vals = g.rates.get(c)
                row[c] = schema.fmt(statistics.median(vals) if vals else None, "%.6g")
            one = ones.get((k[0], k[1], k[3]))
            if one is not None and t > 0:
                eff = med[one] / t
                row.update(efficiency="%.4f" % eff, speedup_self="%.4f" % (eff * k[2]))
                ci = stats.ratio_of(boot[one][1], dist, eff)
                summary.interval(row, "efficiency", ci)
                if ci:
                    summary.interval(row, "speedup_self", ci, 1 / k[2])
        out.append(row)
    return out


def gustafson_serial(workers: int, scaled: float) -> Optional[float]:
    """Returns the serial fraction s of Gustafson's law S = P - s (P - 1)
    that a scaled speedup SCALED on WORKERS gives, None at 1 worker."""
    return (workers - scaled) / (workers - 1) if workers > 1 else None


def choice(k: tuple) -> str:
    """Returns what a hybrid or binding configuration chose: R x T, or the
    binding."""
    study, split, binding = studyplan.variant(k)
    if study == "hybrid":
        t = int(split or 1)
        return f"{k[2] // t} × {t}"
    return binding


def verdicts(rows: Sequence[Dict[str, str]], seed: int, threshold: float) -> List[List[str]]:
    """Returns, for the hybrid and binding studies, one line per workload,
    model and worker count: the choice with the lowest median, its 95 %
    interval, and whether it is faster than every other (the interval of
    each ratio of medians below 1 by more than THRESHOLD) or tied with
    some; and the choices left out because their workers sat on one CPU."""
    groups, boot, stacked = analyse(rows, seed)
    cells: Dict[Tuple[str, str, str, int], List[tuple]] = {}
    for k in groups:
        if k[3] in ("hybrid", "binding"):
            cells.setdefault((k[3], k[0], k[1], k[2]), []).append(k)
    out = []
    for (study, w, m, p), ks in sorted(cells.items()):
        have = [k for k in ks if boot[k][0]]
        gone = [f"{choice(k)} (workers on one CPU: {stacked[k]} runs)" for k in sorted(ks) if stacked.get(k)]
        gone += [f"{choice(k)} (no verified run)" for k in sorted(ks) if not boot[k][0] and not stacked.get(k)]
        if not have:
            out.append([study, w, m, str(p), "none", "–", "no configuration to compare", "; ".join(gone) or "–"])
            continue
        med = {k: statistics.median(stats.flat(boot[k][0])) for k in have}
        best = min(have, key=lambda k: (med[k], k))
        lo, hi = stats.ends(boot[best][1]) if boot[best][1] else (med[best], med[best])
        ties, beaten = [], []
        for k in sorted(have):
            if k == best:
                continue
            ci = stats.ratio_of(boot[best][1], boot[k][1], med[best] / med[k]) if med[k] > 0 else None
            v = stats.verdict(*ci, threshold) if ci else "tie"
            (beaten if v == "faster" else ties).append(f"{choice(k)} (time ratio {ci[0]:.2f} [{ci[1]:.2f}–{ci[2]:.2f}])"
                                                       if ci else choice(k))
        if not ties and not beaten:
            against = "the only one measured"
        elif not ties:
            against = "faster than every other: " + ", ".join(beaten)
        else:
            against = "tie with " + ", ".join(ties) + (f"; faster than {', '.join(beaten)}" if beaten else "")
        out.append([study, w, m, str(p), choice(best), f"{med[best]:.4g} [{lo:.4g}–{hi:.4g}]", against,
                    "; ".join(gone) or "–"])
    return out


def table(summ: Sequence[Dict[str, str]]) -> str:
    """Returns the terminal lines of the studies' rows: one a configuration,
    its median, and what its study compares."""
    lines, cur = [], None
    for r in summ:
        if (r["study"], r["workload"]) != cur:
            cur = (r["study"], r["workload"])
            lines.append(f"\n{r['study']} study, {r['workload']}: median of the believed verified repetitions")
        what = {"weak": f"size {r['size']}  efficiency T(1)/T(P) {r.get('efficiency') or '-'}",
                "hybrid": f"{r['ranks']}x{r['threads']}", "binding": r.get("binding", ""),
                "size": f"size {r['size']}  {r.get('gbps') or '-'} GB/s"}.get(r["study"], "")
        stacked = f"  {r['stacked']} stacked on one CPU" if r.get("stacked") not in ("", "0", None) else ""
        lines.append(f"  {r['model']:<9} P={r['workers']:<4} {what:<44} {r.get('median') or 'no good run':>10}"
                     f"{stacked}")
    return "\n".join(lines) + "\n" if lines else ""
