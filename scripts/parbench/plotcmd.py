"""scripts/plots: the figures and report of a run directory, from its
summary.csv, runs.csv and meta.json alone; nothing is rerun, nothing in
them is trusted, and summary.csv is never changed."""
from __future__ import annotations

import os
import shutil
import signal
import sys
from typing import Dict, List, Tuple

from . import cli, figures, meta, plotdata, registry, report, schema, studyplan, studyplots, studyreport
from . import sweepceil
from .results import shown

USAGE = """usage: scripts/plots [--format pdf] [--docs DIR] RUN_DIR

Draws the plots of the sweep in RUN_DIR (summary.csv, runs.csv, meta.json)
into RUN_DIR/plots/ as PNG and SVG, with the data files gnuplot reads in
RUN_DIR/plots/data/, and writes RUN_DIR/report.html and RUN_DIR/report.md.
Running it again redoes all of it; summary.csv is left as it is.

  --format pdf   also write PDF figures (or set FORMAT=pdf)
  --docs DIR     also copy the PNG figures into DIR (for the README)
Exit status: 0 done; 1 a figure failed; 2 bad usage, missing input files,
or gnuplot missing; 130 or 143 interrupted.
"""
GNUPLOT_MISSING = "gnuplot not found: it draws the plots; install it with 'make deps' (Debian package gnuplot-nox)"


def clean(rows: List[Dict[str, str]], columns, models, what: str, say) -> List[Dict[str, str]]:
    """Returns the ROWS whose workload, model and workers are names this
    build knows the form of, every column of COLUMNS present; says once
    why each other one is left out."""
    out, told = [], set()
    for r in rows:
        w, m = r.get("workload", ""), r.get("model", "")
        why = None
        if not schema.NAME_RE.match(w):
            why = f"workload '{shown(w, 40)}' is not a workload name"
        elif registry.by_name(models, m) is None:
            why = f"model {m[:40] if schema.NAME_RE.match(m) else '(not a name)'} is not in models.conf"
        elif schema.whole(r.get("workers", "")) is None:
            why = "workers is not a whole number"
        if why:
            if why not in told:
                say(f"{what}: {why}; left out of the plots")
                told.add(why)
            continue
        out.append({c: r.get(c, "") for c in columns})
    return out


def load(run: str, models, say) -> Tuple[list, list, dict]:
    """Returns (summary rows, runs rows, meta) of RUN; exits 2 when its
    tables are missing or unreadable."""
    tables = []
    for name, cols, need in (("summary.csv", schema.SUMMARY_COLUMNS, ("workload", "model", "workers", "n", "median")),
                             ("runs.csv", schema.RUNS_COLUMNS, ("workload", "model", "workers", "status"))):
        path = os.path.join(run, name)
        if not os.path.isfile(path) or os.path.getsize(path) == 0:
            cli.die("scripts/plots", f"{path}: missing or empty (is {run} a run directory of scripts/bench?)")
        try:
            _, rows, problems = schema.read_table(path, need)
        except schema.TableError as e:
            cli.die("scripts/plots", str(e))
        for p in problems[:3]:
            say(f"{name}: {p}; left out")
        tables.append(clean(rows, cols, models, name, say))
    return tables[0], tables[1], meta.load(os.path.join(run, "meta.json"))


def comparisons_of(run: str, models, say) -> List[Dict[str, str]]:
    """Returns the rows of RUN/comparisons.csv whose names are known and
    whose numbers are numbers; [] when there is none."""
    path = os.path.join(run, "comparisons.csv")
    if not os.path.isfile(path):
        return []
    try:
        _, rows, _ = schema.read_table(path, schema.COMPARISON_COLUMNS)
    except schema.TableError as e:
        say(str(e))
        return []
    names = registry.names(models)
    return [{c: r[c] for c in schema.COMPARISON_COLUMNS} for r in rows
            if schema.NAME_RE.match(r["workload"]) and r["model_a"] in names and r["model_b"] in names
            and schema.whole(r["workers"]) is not None and r["verdict"] in ("faster", "slower", "tie")
            and all(schema.number(r[c]) is not None for c in ("ratio", "ratio_low", "ratio_high"))]


def draw(run: str, formats: List[str], say, drawing: figures.Drawing) -> int:
    """Draws the figures and writes the report of RUN. Returns the number
    of figures that failed. Raises OSError."""
    models = registry.load()
    every, all_runs, doc = load(run, models, say)
    summ = [r for r in every if studyplan.study_of(r) == "strong"]
    runs = [r for r in all_runs if studyplan.study_of(r) == "strong"]
    workloads = plotdata.workloads_in(summ)
    if not workloads and len(summ) == len(every):
        cli.die("scripts/plots", f"{run}/summary.csv: no workloads in it")
    plots = os.path.join(run, "plots")
    if os.path.islink(plots) or os.path.isfile(plots):
        os.unlink(plots)
    elif os.path.isdir(plots):
        shutil.rmtree(plots)
    data = os.path.join(plots, "data")
    ceil, bad = sweepceil.load(os.path.join(run, sweepceil.FILE)) if os.path.isfile(os.path.join(run, sweepceil.FILE)) else ([], [])
    for p in bad[:3]:
        say(f"ceilings.csv: {p}; left out")
    made = plotdata.write(data, summ, runs, models, figures.cores_of(doc) or 0, ceil)
    sizes = {w: "/".join(sorted({r["size"] for r in summ if r["workload"] == w and schema.whole(r["size"]) is not None}, key=int))
             for w in workloads}
    cores = figures.cores_of(doc)
    work = figures.jobs(made, sizes, figures.caption_of(doc), str(cores or ""), formats, data, plots)
    smade = studyplots.write(data, every, models, doc)
    work += studyplots.jobs(smade, figures.caption_of(doc), str(cores or ""), formats, data, plots)
    problems = drawing.run(work)
    for p in problems:
        say(p)
    report.write(run, doc, summ, runs, workloads, figures.cores_of(doc) or 0, comparisons_of(run, models, say), models,
                 ceil, studyreport.gather(run, doc, every, all_runs))
    return len({p.split(":", 1)[0] for p in problems if "gnuplot failed" in p})


def formats_of(text: str) -> List[str]:
    out = ["png", "svg"]
    for word in text.replace(",", " ").split():
        if word == "pdf":
            out.append("pdf")
        elif word not in ("png", "svg"):
            cli.die("scripts/plots", f"FORMAT: '{word[:20]}' is not one of png, svg, pdf")
    return out


def main(argv: List[str]) -> int:
    p = cli.Parser("scripts/plots", USAGE)
    p.add_argument("--format", default=os.environ.get("FORMAT", ""))
    p.add_argument("--docs")
    p.add_argument("run", nargs="?")
    a = p.parse(argv)
    if not a.run:
        sys.stderr.write(USAGE)
        return 2
    if not os.path.isdir(a.run):
        cli.die("scripts/plots", f"{a.run}: no such directory")
    formats = formats_of(a.format)
    if not shutil.which("gnuplot"):
        cli.die("scripts/plots", GNUPLOT_MISSING)
    run = os.path.abspath(a.run)
    drawing = figures.Drawing()
    stopped = []

    def on_signal(sig, _frame):
        stopped.append(sig)
        drawing.stop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, on_signal)
    say = lambda m: print(f"scripts/plots: {m}", file=sys.stderr)  # noqa: E731
    try:
        failed = draw(run, formats, say, drawing)
        if a.docs and not stopped:
            os.makedirs(a.docs, exist_ok=True)
            for f in sorted(os.listdir(os.path.join(run, "plots"))):
                if f.endswith(".png"):
                    shutil.copy(os.path.join(run, "plots", f), a.docs)
    except OSError as e:
        cli.die("scripts/plots", f"cannot write in {run}: {e.strerror}", 3)
    if stopped:
        return 128 + stopped[0]
    if failed:
        say(f"{failed} figure(s) failed; the report shows the others")
        return 1
    print(f"scripts/plots: {run}/report.html")
    return 0


def after_sweep(run: str, quiet: bool) -> int:
    """Draws a finished sweep's plots, messages into logs/plots.log. Returns
    0, or 128 + the signal that stopped it (the sweep's verdict stands)."""
    if not shutil.which("gnuplot"):
        print("bench: gnuplot not found: no plots (make deps installs it)", file=sys.stderr)
        return 0
    drawing, stopped = figures.Drawing(), []

    def on_signal(sig, _frame):
        stopped.append(sig)
        drawing.stop()
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, on_signal)
    log = []
    try:
        failed = draw(run, ["png", "svg"] + (["pdf"] if "pdf" in os.environ.get("FORMAT", "") else []),
                      log.append, drawing)
    except (OSError, SystemExit) as e:
        failed = 1
        log.append(f"the plots stopped: {getattr(e, 'strerror', None) or e}")
    try:
        with open(os.path.join(run, "logs", "plots.log"), "a", encoding="utf-8") as f:
            f.write("".join(x + "\n" for x in log))
    except OSError:
        pass
    if stopped:
        print(f"bench: interrupted while plotting: scripts/plots {run} draws them again", file=sys.stderr)
        return 128 + stopped[0]
    if failed:
        print("bench: plots: some figures failed (see logs/plots.log)", file=sys.stderr)
    elif not quiet:
        print(f"bench: report: {run}/report.html", file=sys.stderr)
    return 0
