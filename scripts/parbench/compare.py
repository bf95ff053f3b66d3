"""scripts/compare: two sweeps side by side: first what differs between
their meta.json (machine, compiler and flags, MPI library, kernel,
commit), then per cell run B's median time over run A's with its 95 %
interval and a verdict, then one speedup figure per workload both
measured. Reads each run's runs.csv, summary.csv and meta.json, trusting
none of them."""
from __future__ import annotations

import os
import shutil
import sys
from typing import List

from . import cli, figures, plotcmd, plotdata, registry, report, schema, studyplan

USAGE = """usage: scripts/compare [-o OUT_DIR] [--threshold F] RUN_A RUN_B

Prints what differs between the two runs' meta.json, then per workload,
model and workers B's median time over A's with its 95 % interval and a
verdict (faster, slower, tie: the interval holds 1 or the change is under
F, default 0.03), and writes them to OUT_DIR/compare.csv. Then plots the
speedups side by side, one figure per workload found in both, on shared
axes. OUT_DIR defaults to compare-<name of A>-vs-<name of B>. FORMAT=pdf
adds PDF figures.
Exit status: 0 done; 1 a figure failed; 2 bad usage, missing input, or
gnuplot missing.
"""


def label(doc, run: str) -> str:
    from .meta import text
    parts = [os.path.basename(run)] + [x for x in (text(doc, "host"), text(doc, "compiler", "cc_version"),
                                                   (text(doc, "mpi", "library_version") or "").split(",")[0]) if x]
    return " · ".join(parts)


CHANGE_COLUMNS = ("workload", "model", "workers", "ratio", "ratio_low", "ratio_high", "verdict")
META_ITEMS = (("host", ("host",)), ("CPU", ("cpu_model",)), ("cores", ("cores",)), ("kernel", ("os",)),
              ("compiler", ("compiler", "cc_version")), ("CFLAGS", ("flags", "CFLAGS")),
              ("MPI library", ("mpi", "library_version")), ("commit", ("parbench", "commit")),
              ("uncommitted changes", ("parbench", "dirty")))


def meta_differences(a, b) -> List[List[str]]:
    """Returns (item, A's, B's) for each meta.json item the runs differ in."""
    from .meta import text
    out = []
    for label, path in META_ITEMS:
        x, y = text(a, *path) or "unknown", text(b, *path) or "unknown"
        if x != y:
            out.append([label, x, y])
    return out


def changes(rows_a, rows_b, models, threshold: float) -> List[dict]:
    """Returns per cell both runs measured: B's median time over A's, its
    95 % interval (a bootstrap of the ratio) and the verdict for B."""
    import random
    from . import stats, summary
    la = {k: g.launches() for k, g in summary.group(rows_a).items()}
    lb = {k: g.launches() for k, g in summary.group(rows_b).items()}
    order = {m.name: i for i, m in enumerate(models)}
    out = []
    for key in sorted(set(la) & set(lb), key=lambda k: (k[0], order.get(k[1], 99), k[2])):
        ci = stats.ratio_ci(lb[key], la[key], random.Random(f"compare:{key}"))
        if ci:
            out.append({"workload": key[0], "model": key[1], "workers": str(key[2]), "ratio": "%.4f" % ci[0],
                        "ratio_low": "%.4f" % ci[1], "ratio_high": "%.4f" % ci[2],
                        "verdict": stats.verdict(*ci, threshold)})
    return out


def agreement(a: List[dict], b: List[dict]):
    """Returns (same, opposite, both): how many model pairs both runs'
    comparisons.csv judge, how many alike, and how many the other way
    round (faster in one, slower in the other); None when either has none."""
    va = {(c["workload"], c["workers"], c["model_a"], c["model_b"]): c["verdict"] for c in a}
    vb = {(c["workload"], c["workers"], c["model_a"], c["model_b"]): c["verdict"] for c in b}
    both = set(va) & set(vb)
    if not both:
        return None
    same = sum(1 for k in both if va[k] == vb[k])
    opposite = sum(1 for k in both if {va[k], vb[k]} == {"faster", "slower"})
    return same, opposite, len(both)


def print_changes(diffs, cells) -> None:
    print("what differs between A and B (meta.json):" if diffs else "meta.json: the same machine and build")
    for label, x, y in diffs:
        print(f"  {label}: {x}  ->  {y}")
    print("\nB's median time over A's, 95 % interval, verdict for B:")
    for c in cells:
        print(f"  {c['workload']:<11} {c['model']:<9} P={c['workers']:<4} {c['ratio']} "
              f"[{c['ratio_low']}-{c['ratio_high']}] {c['verdict']}")


def main(argv: List[str]) -> int:
    p = cli.Parser("scripts/compare", USAGE)
    p.add_argument("-o", dest="out")
    p.add_argument("--threshold", type=float, default=0.03)
    p.add_argument("runs", nargs="*")
    a = p.parse(argv)
    if len(a.runs) != 2:
        sys.stderr.write(USAGE)
        return 2
    for r in a.runs:
        f = os.path.join(r, "summary.csv")
        if not os.path.isfile(f) or os.path.getsize(f) == 0:
            cli.die("scripts/compare", f"{f}: missing or empty (is {r} a run directory?)")
    formats = plotcmd.formats_of(os.environ.get("FORMAT", ""))
    if not shutil.which("gnuplot"):
        cli.die("scripts/compare", plotcmd.GNUPLOT_MISSING)
    models = registry.load()
    say = lambda m: print(f"scripts/compare: {m}", file=sys.stderr)  # noqa: E731
    runs = [os.path.abspath(r) for r in a.runs]
    out = a.out or f"compare-{os.path.basename(runs[0])}-vs-{os.path.basename(runs[1])}"
    loaded, made, runrows = [], [], []
    for side, run in zip("ab", runs):
        summ, rows, doc = plotcmd.load(run, models, say)
        # the strong study's rows: the studies have keys of their own
        summ = [r for r in summ if studyplan.study_of(r) == "strong"]
        rows = [r for r in rows if studyplan.study_of(r) == "strong"]
        loaded.append((summ, doc))
        runrows.append(rows)
        made.append(plotdata.write(os.path.join(out, "data", side), summ, rows, models, figures.cores_of(doc) or 0))
    both = [w for w in plotdata.workloads_in(loaded[0][0])
            if "speedup" in made[0].get(w, []) and "speedup" in made[1].get(w, [])]
    if not both:
        cli.die("scripts/compare", "no workload measured in both runs")
    labels = [f"A: {label(loaded[0][1], runs[0])}", f"B: {label(loaded[1][1], runs[1])}"]
    cores = [str(figures.cores_of(d) or "") for _, d in loaded]
    diffs = meta_differences(loaded[0][1], loaded[1][1])
    cells = changes(runrows[0], runrows[1], models, a.threshold)
    print_changes(diffs, cells)
    agree = agreement(*(plotcmd.comparisons_of(r, models, say) for r in runs))
    moved = sum(1 for c in cells if abs(float(c["ratio"]) - 1) > 0.05)
    print(f"\ncells whose median moved by more than 5 %: {moved} of {len(cells)}")
    if agree:
        print(f"verdicts of comparisons.csv the same in both runs: {agree[0]} of {agree[2]}; "
              f"faster in one and slower in the other: {agree[1]}")
    schema.write_whole(os.path.join(out, "compare.csv"), schema.csv_text(CHANGE_COLUMNS, cells))
    index = [f"# {report.md(labels[0])} against {report.md(labels[1])}\n\n",
             "## What differs\n\n", report.md_table(("item", "A", "B"), diffs) if diffs else "Nothing in meta.json.\n\n",
             "## B over A, per cell\n\n", report.md_table(CHANGE_COLUMNS, [[c[k] for k in CHANGE_COLUMNS] for c in cells]),
             "Speedup over the same model at 1 worker, per workload; both panels share their axes.\n\n"]
    work = []
    for w in both:
        for ext in formats:
            target = os.path.join(out, f"{w}.{ext}")
            work.append(figures.Job(target, "compare", (os.path.join(out, "data", "a", f"{w}-speedup.dat"),
                                                        os.path.join(out, "data", "b", f"{w}-speedup.dat"), target,
                                                        f"{w}: speedup against workers", *labels, *cores)))
        index.append(f"## {report.md(w)}\n\n[![{w}]({w}.png)]({w}.svg)\n\n")
    problems = figures.Drawing().run(work)
    for x in problems:
        say(x)
    schema.write_whole(os.path.join(out, "index.md"), "".join(index))
    if any("gnuplot failed" in x for x in problems):
        return 1
    print(f"scripts/compare: {len(both)} figures in {out}/")
    return 0
