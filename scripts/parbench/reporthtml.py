"""The report's two renderings, HTML and Markdown, from the parts that
report.write gathers (every value still raw: escaped here)."""
from __future__ import annotations

from typing import Dict, List

from .report import ABOUT, AMDAHL_HEAD, CSS, FAILED_HEAD, TABLE_HEAD, esc, html_table, md, md_table

OVERVIEW_TEXT = ("For each workload, the best speedup each model reached at any worker count, over the serial "
                 "program at 1 worker, with its 95 % interval. Above the dashed line a model beats the serial program. "
                 "A model measured at another size than the serial program (the Python models' own presets) has no "
                 "bar there: the two times are not of the same work; its speedup over itself is in the workload's "
                 "figures, and its time per unit of work in the tutorials' claims.")
WINNERS_TEXT = ("Who wins at each worker count: a model is named only when it is faster than every other model there "
                "with 95 % confidence (the interval of the ratio of medians excludes 1) and by more than the "
                "threshold; otherwise the models the data cannot separate are named as a tie (comparisons.csv has "
                "every pair).")
WINNERS_HEAD = ("workload", "workers", "winner")
CLAIMS_HEAD = ("the tutorials' claim", "what this run measured (speedup over the same model at 1 worker [95 %])", "verdict")
CLAIMS_TEXT = ("parbench grew from two tutorials on Python threading against multiprocessing. Their claims, next to "
               "what this machine measured in this run; the verdicts come from the numbers, with their intervals.")
QUALITY_TEXT = ("Each configuration ran as several launches of several timed repetitions; its median's 95 % interval "
                "comes from a two-level bootstrap (launches, then repetitions within them). Launches taken while "
                "other processes or the hypervisor took CPU time are flagged and left out where enough others remain.")
AMDAHL_TEXT = ("The serial fraction f of Amdahl's law, S(p) = 1 / (f + (1 − f) / p), fitted to each model's speedups "
               "by least squares (scripts/parbench/summary.py; the same values are in summary.csv). Only worker counts "
               "up to the physical cores are used when there are any above 1; beyond the cores, extra workers share "
               "cores and f absorbs that too. An f above 1 means that more workers made it slower.")


CEILINGS_HEAD = ("ceiling", "workers", "best", "variant")
LIMITS_TEXT = ("% of limit: how close each cell came to this machine's measured limit (summary.csv's pct_of_limit, "
               "computed in scripts/parbench/limits.py). Triad against the best regular-store triad bandwidth at the "
               "same worker count (24 bytes per element as STREAM counts), stencil against STREAM's scale, which "
               "moves what an update moves (one element read and one written: 16 bytes, 24 on the bus with the "
               "write-allocate, for both); both sides' second-fastest repetition, so that no lone fast one counts. "
               "Where the limit says 'beside', it was measured again right before and right after each of the "
               "cell's launches (the highest counts; runs.csv's beside_high): a shared host's memory bus and CPUs "
               "move with its neighbours from one second to the next, so a limit measured at the sweep's start "
               "cannot judge a cell measured a minute later. The two probes around one launch often differ by 5 % or "
               "more; '(up to …)' gives the % against the other of them (summary.csv's pct_of_limit_high): while "
               "the launch ran, the machine's limit lay somewhere between the two, and the % between the figures. "
               "pi (6 FLOPs per interval) and mandelbrot (8 FLOPs per iteration) against the peak FMA FLOP/s; spawn's "
               "warm round against the probe of the same primitive (100 % is as cheap as it). Above the worker counts "
               "probed, the figure at the most workers, but for bandwidth none (the workers share cores, and a "
               "team's smaller blocks come partly from the caches). The roofline puts every counted cell at its "
               "FLOP per byte under the bandwidth slope and the compute roof; pi moves no memory in its loop, so it "
               "has no place on it.")


GLANCE_TEXT = ("Every cell's % of limit side by side, in whole percents: from its launches against the better of "
               "the probes measured around them to against the other (93–99: summary.csv's pct_of_limit and "
               "pct_of_limit_high), one figure where they agree or the limit was measured once. Each workload's "
               "table below says against which limit.")


def ceilings_html(p: Dict) -> str:
    out = [f'<section id="ceilings">\n<h2>How close to the machine</h2>\n<p>{esc(p["ceilings_status"])}</p>\n']
    if p["ceilings"]:
        if p["glance"][1]:
            out.append(f"<p>{esc(GLANCE_TEXT)}</p>\n" + html_table(*p["glance"]))
        out.append(f"<p>{esc(LIMITS_TEXT)}</p>\n")
        if p["roofline"]:
            out.append(figure("roofline", "Roofline: each cell's attained GFLOP/s against its FLOP per byte; solid: "
                                          "the ceilings at the most workers probed, dashed: at fewer."))
        out.append(html_table(CEILINGS_HEAD, p["ceilings"]))
    return "".join(out) + "</section>\n"


def ceilings_md(p: Dict) -> str:
    out = [f"## How close to the machine\n\n{md(p['ceilings_status'])}\n\n"]
    if p["ceilings"]:
        if p["glance"][1]:
            out.append(f"{md(GLANCE_TEXT)}\n\n" + md_table(*p["glance"]))
        out.append(f"{LIMITS_TEXT}\n\n")
        if p["roofline"]:
            out.append("[![roofline](plots/roofline.png)](plots/roofline.svg)\n\n")
        out.append(md_table(CEILINGS_HEAD, p["ceilings"]))
    return "".join(out)


def figure(stem: str, caption: str, width: int = 960, height: int = 600) -> str:
    return (f'<figure><a href="plots/{esc(stem)}.svg"><img src="plots/{esc(stem)}.png" alt="{esc(stem.replace("-", ": "))} plot" '
            f'width="{width}" height="{height}"></a>\n<figcaption>{esc(caption)}</figcaption></figure>\n')


def problems_html(run: str, p: Dict) -> str:
    out = ['<section id="failed">\n<h2>Failed or unverified runs</h2>\n']
    if not p["failed"]:
        out.append('<p class="ok">None: every repetition finished and its answer was verified.</p>\n')
    else:
        out.append(f'<p class="bad">{len(p["failed"])} repetitions failed, timed out or gave a wrong answer. They are '
                   'left out of the medians and the plots; their logs are linked.</p>\n')
        out.append(html_table(FAILED_HEAD, p["failed"], run, link=6))
    if p["unplotted"]:
        out.append('<p class="bad">Configurations without a single good repetition, missing from the plots:</p>\n<ul>\n')
        out += [f"<li>{esc(w)}, {esc(m)}, {esc(n)} workers ({esc(f)} failed)</li>\n" for w, m, n, f in p["unplotted"]]
        out.append("</ul>\n")
    return "".join(out) + "</section>\n"


def html_report(run: str, doc, p: Dict) -> str:
    """Returns report.html: no script, nothing loaded from the network."""
    from .meta import text
    title = f"parbench report: {text(doc, 'host') or 'unknown'}, {text(doc, 'date') or 'unknown'}"
    out = ['<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n',
           '<meta name="viewport" content="width=device-width, initial-scale=1">\n<link rel="icon" href="data:,">\n',
           f"<title>{esc(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
           f'<header>\n<h1>parbench report</h1>\n<p class="lead">{esc(p["caption"])}</p>\n</header>\n',
           '<nav><a href="#machine">machine</a>',
           '<a href="#overview">overview</a>' if p["workloads"] or not p.get("studies") else "",
           '<a href="#ceilings">ceilings</a><a href="#quality">measurement quality</a><a href="#failed">failed runs</a>',
           "".join(f'<a href="#w-{esc(w)}">{esc(w)}</a>' for w in p["workloads"]),
           "".join(f'<a href="#study-{esc(s)}">{esc(s)} study</a>' for s in p.get("studies", [])), "</nav>\n",
           '<section id="machine">\n<h2>Machine and build</h2>\n',
           html_table(("item", "value"), p["meta"], cls="meta"), "</section>\n"]
    if p["workloads"] or not p.get("studies"):
        out.append(f'<section id="overview">\n<h2>Which model wins where</h2>\n<p>{esc(OVERVIEW_TEXT)}</p>\n')
        if p["overview"]:
            out.append(figure("overview", "Best speedup over the serial program, per workload and model, with its "
                                          "95 % interval; the number above each bar is its value.", 1100, 620))
        out.append(f"<p>{esc(WINNERS_TEXT)}</p>\n")
        out.append(html_table(WINNERS_HEAD, p["winners"]))
        out.append("</section>\n")
    if p["claims"]:
        out.append(f'<section id="claims">\n<h2>The tutorials\' claims, measured</h2>\n<p>{esc(CLAIMS_TEXT)} '
                   f'Interpreter: {esc(p["interpreter"] or "unknown")}.</p>\n')
        out.append(html_table(CLAIMS_HEAD, p["claims"], cls="meta"))
        out.append("</section>\n")
    out.append(ceilings_html(p))
    out.append(f'<section id="quality">\n<h2>Measurement quality</h2>\n<p>{esc(QUALITY_TEXT)}</p>\n')
    out.append(html_table(("item", "value"), p["quality"], cls="meta"))
    out += [f'<p class="bad">{esc(a)}</p>\n' for a in p["advice"]]
    out.append("</section>\n")
    out.append(problems_html(run, p))
    for w in p["workloads"]:
        out.append(f'<section id="w-{esc(w)}">\n<h2>{esc(w)}</h2>\n<p>{esc(ABOUT.get(w, "No description of this workload yet."))}</p>\n<div class="figs">\n')
        out += [figure(stem, cap) for stem, cap in p["figures"][w]]
        out.append("</div>\n<h3>Medians, speedups and efficiencies</h3>\n")
        out.append(html_table(TABLE_HEAD, p["tables"][w]))
        if p["limits"][w]:
            out.append("<p>No % of limit:</p>\n<ul>\n" + "".join(f"<li>{esc(x)}</li>\n" for x in p["limits"][w]) + "</ul>\n")
        if p["above"][w]:
            out.append("<p>Where the % of limit may mislead:</p>\n<ul>\n" + "".join(f"<li>{esc(x)}</li>\n" for x in p["above"][w]) + "</ul>\n")
        if p["missing"][w]:
            out.append(f"<p>Not implemented (no binary of this workload): {esc(', '.join(p['missing'][w]))}.</p>\n")
        if p["fits"][w]:
            out.append(f"<h3>Amdahl fit</h3>\n<p>{esc(AMDAHL_TEXT)}</p>\n")
            out.append(html_table(AMDAHL_HEAD, p["fits"][w]))
        out.append("</section>\n")
    out.append(p.get("studies_html", ""))
    out.append(f"<footer>Written by <code>scripts/plots</code> from summary.csv, runs.csv and meta.json in this "
               f"directory. To draw it again: <code>make plots RUN={esc(run)}</code>. Figures: PNG (click for SVG) "
               f"in plots/.</footer>\n</body>\n</html>\n")
    return "".join(out)


def md_report(run: str, p: Dict) -> str:
    """Returns report.md, every value escaped."""
    out: List[str] = [f"# parbench report\n\n{md(p['caption'])}\n\n## Machine and build\n\n",
                      md_table(("item", "value"), p["meta"])]
    if p["workloads"] or not p.get("studies"):
        out.append("## Which model wins where\n\n" + OVERVIEW_TEXT + "\n\n")
        if p["overview"]:
            out.append("[![overview](plots/overview.png)](plots/overview.svg)\n\n")
        out.append(WINNERS_TEXT + "\n\n" + md_table(WINNERS_HEAD, p["winners"]))
    if p["claims"]:
        out.append(f"## The tutorials' claims, measured\n\n{CLAIMS_TEXT} Interpreter: {md(p['interpreter'] or 'unknown')}.\n\n")
        out.append(md_table(CLAIMS_HEAD, p["claims"]))
    out.append(ceilings_md(p))
    out.append(f"## Measurement quality\n\n{QUALITY_TEXT}\n\n" + md_table(("item", "value"), p["quality"]))
    out += [f"{a}\n\n" for a in p["advice"]]
    out.append("## Failed or unverified runs\n\n")
    if not p["failed"]:
        out.append("None: every repetition finished and its answer was verified.\n\n")
    else:
        out.append(f"{len(p['failed'])} repetitions failed, timed out or gave a wrong answer. They are left out of the "
                   "medians and the plots.\n\n")
        out.append(md_table(FAILED_HEAD, p["failed"], run, link=6))
    if p["unplotted"]:
        out.append("Configurations without a single good repetition, missing from the plots:\n\n")
        out += [f"- {md(w)}, {md(m)}, {md(n)} workers ({md(f)} failed)\n" for w, m, n, f in p["unplotted"]]
        out.append("\n")
    for w in p["workloads"]:
        out.append(f"## {md(w)}\n\n{ABOUT.get(w, 'No description of this workload yet.')}\n\n")
        out += [f"[![{stem}](plots/{stem}.png)](plots/{stem}.svg)\n\n*{md(cap)}*\n\n" for stem, cap in p["figures"][w]]
        out.append("### Medians, speedups and efficiencies\n\n")
        out.append(md_table(TABLE_HEAD, p["tables"][w]))
        if p["limits"][w]:
            out.append("No % of limit:\n\n" + "".join(f"- {md(x)}\n" for x in p["limits"][w]) + "\n")
        if p["above"][w]:
            out.append("Where the % of limit may mislead:\n\n" + "".join(f"- {md(x)}\n" for x in p["above"][w]) + "\n")
        if p["missing"][w]:
            out.append(f"Not implemented (no binary of this workload): {md(', '.join(p['missing'][w]))}.\n\n")
        if p["fits"][w]:
            out.append(f"### Amdahl fit\n\n{AMDAHL_TEXT}\n\n")
            out.append(md_table(AMDAHL_HEAD, p["fits"][w]))
    out.append(p.get("studies_md", ""))
    out.append(f"---\n\nWritten by scripts/plots from summary.csv, runs.csv and meta.json. To draw it again: "
               f"`make plots RUN={run.replace('`', '')}`.\n")
    return "".join(out)
