"""report.html and report.md of a run directory. Every value in them comes
from files that may have been made elsewhere, so every one is escaped for
HTML or Markdown, and links point only at regular files inside the run."""
from __future__ import annotations

import html
import os
import re
from typing import Dict, List, Optional, Sequence, Tuple

from . import figures, limits, meta, registry, schema, summary
from .ceilparse import KINDS

ABOUT = {
    "sleep": "Waiting-bound, like I/O or a remote call: every task mostly waits. Waiting needs no core, so the speedup keeps growing past the core count, and the models differ only in how cheaply they start workers and hand out tasks.",
    "pi": "Compute-bound and balanced: the workers integrate equal shares of 4/(1+x²) and combine their partial sums once. The speedup should follow the ideal line up to the physical cores and stop there; what is missing from the ideal is the cost of starting workers and combining the results.",
    "mandelbrot": "Compute-bound but imbalanced: points inside the set cost many more iterations than points outside it, so equal shares of the image are not equal work. A static split leaves workers idle while one finishes its expensive share; a dynamic schedule hands out work as workers become free. The gap between the models here is load balancing, not raw speed.",
    "triad": "Memory-bandwidth-bound: a[i] = b[i] + s·c[i] over arrays far larger than the caches (STREAM's triad). Each element moves 24 bytes for 2 floating-point operations, so the speedup stops when the memory bus is full, often before the core count. The bandwidth plot shows how close each model gets to the best bandwidth measured on this machine.",
    "stencil": "Halo exchange and a barrier every step: each worker updates its part of a grid from its neighbours, then must see their new edges before the next step. It measures the cost of synchronising and communicating often: shared-memory models read the edges directly, MPI sends them as messages. MLUP/s is millions of grid-point updates per second.",
    "spawn": "The cost to start and join workers, with almost no work in between. Cold is the first parallel region (creating threads or processes, or starting MPI); warm is each later round, when the workers exist already. It tells how much work a parallel region needs before a model pays off.",
}
TABLE_HEAD = ("model", "workers", "ranks × threads", "good runs (launches)", "median (s)", "95 % interval (s)",
              "min–max (s)", "speedup vs serial [95 %]", "speedup vs self [95 %]", "efficiency", "Karp–Flatt",
              "rate or cost", "% of limit", "failed")
FAILED_HEAD = ("workload", "model", "workers", "repetition", "status", "verified", "log")
AMDAHL_HEAD = ("model", "serial fraction f", "standard error", "worker counts above 1 fitted")
META_ROWS = (("host", ("host",)), ("CPU", ("cpu_model",)), ("physical cores", ("cores",)),
             ("operating system", ("os_release",)), ("compiler", ("compiler", "cc_version")),
             ("CFLAGS", ("flags", "CFLAGS")), ("MPI library", ("mpi", "library_version")),
             ("git commit", ("parbench", "commit")), ("uncommitted changes", ("parbench", "dirty")),
             ("date of the sweep", ("date",)))
CSS = """body { font-family: "DejaVu Sans", system-ui, sans-serif; color: #222; max-width: 1240px; margin: 0 auto; padding: 1rem 1.5rem 3rem; line-height: 1.45; }
h1 { font-size: 1.7rem; margin-bottom: 0.2rem; } h2 { font-size: 1.35rem; margin-top: 2.4rem; border-bottom: 2px solid #ddd; padding-bottom: 0.2rem; }
h3 { font-size: 1.05rem; margin-top: 1.4rem; } .lead { color: #555; margin-top: 0; } nav a { margin-right: 0.9rem; } a { color: #0060a0; }
code { background: #f3f3f3; padding: 0 0.25rem; border-radius: 3px; } .scroll { overflow-x: auto; }
table { border-collapse: collapse; font-size: 0.88rem; margin: 0.6rem 0; }
th, td { border: 1px solid #d8d8d8; padding: 0.25rem 0.55rem; text-align: right; white-space: nowrap; }
th { background: #f4f4f4; white-space: normal; vertical-align: bottom; } td:first-child, th:first-child { text-align: left; }
table.meta td, table.meta th { text-align: left; white-space: normal; }
.figs { display: grid; grid-template-columns: repeat(auto-fit, minmax(480px, 1fr)); gap: 1rem; }
figure { margin: 0; } figure img { width: 100%; height: auto; border: 1px solid #e5e5e5; }
figcaption { font-size: 0.85rem; color: #555; } .ok { color: #2a7a2a; } .bad { color: #b00000; }
footer { margin-top: 3rem; color: #666; font-size: 0.85rem; }"""


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def md(text: object) -> str:
    """Returns TEXT safe in a Markdown line or table cell: no markup, no
    HTML, no line break."""
    s = " ".join(str(text).split()).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return re.sub(r"([\\`*_{}\[\]()#!|~])", r"\\\1", s)


def safe_file(run: str, rel: str, pattern=schema.LOG_RE) -> bool:
    """True when REL (from the run's files) names a regular file inside RUN."""
    if not pattern.match(rel or ""):
        return False
    path = os.path.realpath(os.path.join(run, rel))
    return path.startswith(os.path.realpath(run) + os.sep) and os.path.isfile(path)


def num(text: str, spec: str, scale: float = 1.0) -> str:
    v = schema.number(text or "")
    return "–" if v is None else spec % (v * scale)


def table_rows(summ: Sequence[Dict[str, str]], w: str) -> List[List[str]]:
    out = []
    for r in summ:
        if r["workload"] != w:
            continue
        layout = f"{r['ranks']} × {r['threads']}" if r["ranks"] and r["threads"] else "–"
        if schema.number(r.get("gbps", "")) is not None:
            rate = num(r["gbps"], "%.2f GB/s")
        elif schema.number(r.get("mlups", "")) is not None:
            rate = num(r["mlups"], "%.1f MLUP/s")
        elif schema.number(r.get("cold_us", "")) is not None:
            rate = f"{num(r['cold_us'], '%.3g')} / {num(r.get('warm_us', ''), '%.3g')} µs"
        else:
            rate = "–"
        good = r.get("median") and r["n"] not in ("", "0")
        short = " (short of the target)" if r.get("target_met") == "no" else ""
        out.append([r["model"], r["workers"], layout, f"{r['n'] or '0'} ({r.get('launches') or '–'})",
                    num(r["median"], "%.4g") if good else "no good run",
                    f"{num(r.get('median_low', ''), '%.4g')}–{num(r.get('median_high', ''), '%.4g')}{short}"
                    if good and r.get("median_low") else "–",
                    f"{num(r['min'], '%.4g')}–{num(r['max'], '%.4g')}" if good else "–",
                    with_interval(r, "speedup_serial"), with_interval(r, "speedup_self"),
                    num(r.get("efficiency", ""), "%.0f %%", 100), num(r.get("karp_flatt", ""), "%.3f"),
                    rate, pct_cell(r), r.get("failed") or "0"])
    return out


def pct_ends(r: Dict[str, str]) -> Optional[Tuple[float, float]]:
    """Returns a row's % of limit and the high end of its range
    (pct_of_limit_high, where the limit was measured beside the launches
    and it is higher; else the % again), or None when the row has no
    sound % of limit."""
    pct, lim, of = schema.number(r.get("pct_of_limit", "")), schema.number(r.get("limit", "")), r.get("limit_of", "")
    if pct is None or lim is None or of.split("@")[0] not in KINDS or \
            not re.match(r"^[a-z_]+@[0-9]{1,6}( beside)?\Z", of):
        return None
    high = schema.number(r.get("pct_of_limit_high", "")) if of.endswith(limits.BESIDE) else None
    return pct, high if high is not None and high > pct else pct


def pct_cell(r: Dict[str, str]) -> str:
    """Returns a row's % of limit as '68.3 % of 62.6 GB/s (triad_regular@2)',
    with a limit measured beside the launches '68.3 % (up to 74.0) of ...'
    where the other probe around them gives more (pct_ends), or '–'."""
    ends = pct_ends(r)
    if ends is None:
        return "–"
    (pct, high), of = ends, r["limit_of"]
    upto = f" (up to {high:.1f})" if f"{high:.1f}" != f"{pct:.1f}" else ""
    return f"{pct:.1f} %{upto} of {float(r['limit']):.4g} {KINDS[of.split('@')[0]].replace('us', 'µs')} ({of})"


def pct_range(r: Dict[str, str]) -> str:
    """Returns a row's % of limit in whole percents as '93', or with the
    high end of its range as '93–99' (pct_ends), or '–'."""
    ends = pct_ends(r)
    if ends is None:
        return "–"
    a, b = (f"{x:.0f}" for x in ends)
    return a if a == b else f"{a}–{b}"


def glance_rows(summ, workloads: Sequence[str], models) -> Tuple[List[str], List[List[str]]]:
    """Returns (head, rows) of every cell's % of limit side by side: a row
    per workload and worker count, a column per model (in MODELS' order)
    that has one."""
    have = [r for r in summ if r.get("study", "") in ("", "strong") and pct_cell(r) != "–"]
    names = [m.name for m in models if any(r["model"] == m.name for r in have)]
    rows = []
    for w in workloads:
        cells = {(r["model"], r["workers"]): pct_range(r) for r in have if r["workload"] == w}
        for p in sorted({p for _, p in cells}, key=int):
            rows.append([w, p] + [cells.get((m, p), "–") for m in names])
    return ["workload", "workers"] + names, rows


def limit_notes(summ, w: str, models, ceil, status: str) -> List[str]:
    """Returns why the rows of W without a % of limit have none: one line
    per reason, with the model and workers it applies to."""
    why: Dict[str, List[str]] = {}
    for r in summ:
        if r["workload"] == w and pct_cell(r) == "–":
            reason = limits.why_none(r, registry.by_name(list(models), r["model"]), ceil, status)
            why.setdefault(reason, []).append(f"{r['model']} P={r['workers']}")
    return [f"{', '.join(cells)}: {reason}" for reason, cells in why.items()]


ABOVE = 105.0   # a % of limit beyond this says the limit was measured at a slower moment
ABOVE_WHY = (f"above {ABOVE:.0f} % of the limit: the machine was faster while this cell ran than while its limit "
             "was measured (at the sweep's start, or beside the cell's launches where it says 'beside'): a "
             "shared host's memory bus and CPUs move with its neighbours, so the limit understates it here")


MOVED_WHY = ("the limits measured right before and right after some of the cell's launches differ by more than "
             "15 % (runs.csv's limit_moved): the machine moved while they ran, and the better of the two (a rate's "
             "higher, a cost's lower) is the launch's limit, so the % may understate the cell")


def above_notes(summ, w: str, runs=()) -> List[str]:
    """Returns the lines that say where W's % of limit may mislead: one
    naming the rows whose % is above ABOVE, with their %, and why; one
    naming those with a launch whose limit moved (RUNS: runs.csv's rows)."""
    cells = [f"{r['model']} P={r['workers']} {float(r['pct_of_limit']):.0f} %" for r in summ
             if r["workload"] == w and (schema.number(r.get("pct_of_limit", "")) or 0.0) > ABOVE]
    moved = {(r["model"], r["workers"]) for r in runs if r.get("workload") == w and r.get("status") == "ok"
             and "limit_moved" in r.get("flags", "").split(";")}
    shown = [f"{r['model']} P={r['workers']} {float(r['pct_of_limit']):.0f} %" for r in summ
             if r["workload"] == w and (r["model"], r["workers"]) in moved and r.get("limit_of", "").endswith(limits.BESIDE)
             and schema.number(r.get("pct_of_limit", "")) is not None]
    return ([f"{', '.join(cells)}: {ABOVE_WHY}"] if cells else []) + ([f"{', '.join(shown)}: {MOVED_WHY}"] if shown else [])


def ceilings_rows(ceil) -> List[List[str]]:
    """Returns the best ceiling of each kind and worker count: kind, workers, value, variant."""
    order = list(KINDS)
    best = sorted((r for r in ceil if r.get("best") == "yes"),
                  key=lambda r: (order.index(r["kind"]) if r["kind"] in order else 99, int(r["workers"])))
    return [[r["kind"], r["workers"], f"{num(r['value'], '%.4g')} {KINDS.get(r['kind'], '').replace('us', 'µs')}",
             r.get("variant", "")] for r in best]


def ceilings_status(doc, ceil) -> str:
    """Returns one sentence on where the ceilings came from, or why there are none."""
    status, why = meta.text(doc, "ceilings", "status"), meta.text(doc, "ceilings", "why") or ""
    secs = meta.text(doc, "ceilings", "seconds")
    isa, chose = meta.text(doc, "sweep", "tuning", "triad", "isa"), meta.text(doc, "sweep", "tuning", "triad", "why")
    tuned = f" Triad ran with --isa {isa}: {chose}." if isa and chose else ""
    if ceil and status in ("measured", "cached"):
        how = "measured at the start of the sweep" if status == "measured" else "reused from the cache"
        return (f"The machine's ceilings were {how} ({why}; {secs or '?'} s), in the probes' "
                f"{meta.text(doc, 'ceilings', 'mode') or '?'} mode; ceilings.csv has every measurement.{tuned}"
                f"{beside_sentence(doc)}")
    if ceil:
        return "The ceilings are those of this run directory's ceilings.csv (meta.json does not say how they were made)."
    return f"No ceilings, so no % of limit in this report: {why or status or 'meta.json does not record them'}."


def with_interval(r: Dict[str, str], column: str) -> str:
    """Returns a summary value with its interval, as 1.93 [1.88–1.97]."""
    v = num(r.get(column, ""), "%.2f")
    if v == "–" or schema.number(r.get(f"{column}_low", "")) is None:
        return v
    return f"{v} [{num(r[f'{column}_low'], '%.2f')}–{num(r[f'{column}_high'], '%.2f')}]"


def winner_rows(summ, comps, workloads: List[str], baseline: str = "") -> List[List[str]]:
    """Returns per workload and worker count who wins: a model faster than
    every other there with 95 % confidence and by more than the threshold,
    or 'tie' and the models the data cannot separate."""
    from .comparisons import winners
    ws = winners(comps, summ, baseline)
    out = []
    for w in workloads:
        for p in sorted({r["workers"] for r in summ if r["workload"] == w}, key=lambda x: int(x)):
            names = ws.get((w, p))
            if names:
                out.append([w, p, names[0] if len(names) == 1 else "tie: " + ", ".join(names)])
    return out


def amdahl_rows(summ, w, cores: int) -> List[List[str]]:
    out = []
    for m, f, e, n, p in summary.fits_of(summ, w, cores):
        fv = schema.number(f) or 0.0
        out.append([m, "%.3f" % (0.0 if abs(fv) < 0.0005 else fv),
                    f"± {float(e):.3f}" if schema.number(e) is not None else "exact (one count)", f"{n} (up to {p} workers)"])
    return out


def failed_rows(runs: Sequence[Dict[str, str]]) -> List[List[str]]:
    return [[r["workload"], r["model"], r["workers"], r["rep"], r["status"] or "unknown", r["verified"] or "unknown",
             r["log"]] for r in runs if r["status"] != "ok" or r["verified"] != "yes"]


def html_table(head: Sequence[str], rows: Sequence[Sequence[str]], run: str = "", link: Optional[int] = None,
               cls: str = "") -> str:
    out = [f'<div class="scroll"><table{f" class={chr(34)}{cls}{chr(34)}" if cls else ""}>',
           "<thead><tr>" + "".join(f"<th>{esc(h)}</th>" for h in head) + "</tr></thead><tbody>"]
    for row in rows:
        cells = []
        for i, c in enumerate(row):
            cell = esc(c)
            if i == link and safe_file(run, c):
                cell = f'<a href="{esc(c)}">{cell}</a>'
            cells.append(f"<td>{cell}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    return "\n".join(out) + "\n</tbody></table></div>\n"


def md_table(head: Sequence[str], rows: Sequence[Sequence[str]], run: str = "", link: Optional[int] = None) -> str:
    out = ["| " + " | ".join(md(h) for h in head) + " |", "|" + "---|" * len(head)]
    for row in rows:
        cells = [f"[{md(c)}]({c})" if i == link and safe_file(run, c) else md(c) for i, c in enumerate(row)]
        out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out) + "\n\n"


def meta_rows(doc) -> List[List[str]]:
    return [[label, meta.text(doc, *path) or "unknown"] for label, path in META_ROWS]


def unplotted(summ) -> List[List[str]]:
    return [[r["workload"], r["model"], r["workers"], r.get("failed") or "0"] for r in summ
            if not r.get("median") or r["n"] in ("", "0")]


def not_implemented(doc, summ, w: str) -> List[str]:
    """Returns the models of the sweep (meta.json) with no row of workload
    W: those that do not implement it (no binary), never failures."""
    sweep = doc.get("sweep") if isinstance(doc.get("sweep"), dict) else {}
    models = sweep.get("models") if isinstance(sweep.get("models"), list) else []
    have = {r["model"] for r in summ if r["workload"] == w}
    return [m for m in models if isinstance(m, str) and schema.NAME_RE.match(m) and m not in have]


def figures_of(run: str, w: str) -> List[tuple]:
    return [(f"{w}-{stem}", cap) for stem, cap in figures.CAPTIONS
            if os.path.isfile(os.path.join(run, "plots", f"{w}-{stem}.png"))]


def beside_sentence(doc) -> str:
    """Returns what meta.json says of the limits measured beside
    launches (beside.py), as a sentence after a space, or ''."""
    probes, failed = meta.text(doc, "sweep", "beside", "probes"), meta.text(doc, "sweep", "beside", "failed")
    secs, problem = meta.text(doc, "sweep", "beside", "seconds"), meta.text(doc, "sweep", "beside", "problem")
    if not schema.whole(probes or ""):
        return ""
    failing = f"; {failed} failed, the first: {problem}" if schema.whole(failed or "") else ""
    return (f" The limits of triad, stencil, pi, mandelbrot and spawn were measured again right before and right "
            f"after each of their launches (the probe after one launch is the one before the next of the same "
            f"probe): {probes} times, {secs or '?'} s in all{failing}. These and the ceilings measured at the start "
            f"count against --budget.")


NOISE_CLASS = re.compile(r"^[a-z0-9_]{1,40}/[0-9]{0,15}\Z")   # floor.klass: workload/size


def noise_of(q: Dict[str, object], key: str) -> Dict[str, float]:
    """meta.json's (untrusted) noise per workload under sweep.quality's KEY."""
    got = q.get(key) if isinstance(q.get(key), dict) else {}
    return {str(w): v for w, v in got.items() if (schema.NAME_RE.match(str(w)) or w == "(all)" or NOISE_CLASS.match(str(w)))
            and isinstance(v, (int, float)) and not isinstance(v, bool) and 0 <= v < 100}


def quality_rows(doc, summ) -> List[List[str]]:
    """Returns the measurement-quality facts of meta.json, as (item, value)."""
    q = doc.get("sweep", {}).get("quality", {}) if isinstance(doc.get("sweep"), dict) else {}
    q = q if isinstance(q, dict) else {}
    frac = schema.number(str(q.get("timed_fraction", "")))
    missed = [r for r in summ if r.get("target_met") == "no"]
    sweep = doc.get("sweep") if isinstance(doc.get("sweep"), dict) else {}
    target = schema.number(str(sweep.get("target", ""))) if sweep else None
    stopped = sweep.get("sampler", {}).get("stopped", {}) if isinstance(sweep.get("sampler"), dict) else {}
    why = {"budget": "its share of the budget was spent", "failed": "its runs failed", "cap": "the launch cap"}
    noise, pairs = (noise_of(q, k) for k in ("launch_noise", "pair_noise"))
    rows = [["share of the launches' time inside timed regions", "–" if frac is None else f"{100 * frac:.0f} %"],
            ["launches taken under heavy interference", str(q.get("interference_launches", "–"))],
            ["CPU time stolen by the hypervisor", f"{q.get('steal_seconds', '–')} s"],
            ["CPU time of other processes during launches", f"{q.get('other_cpu_seconds', '–')} s"],
            ["repetitions flagged as outliers (MAD)", str(q.get("outliers", "–"))],
            ["launch-to-launch noise of each workload at each size (workload/size), of each workload, and (all) of "
             "the sweep (the floor of the intervals of cells of fewer than 3 launches: the larger of their size's "
             "and their workload's)", ", ".join(f"{w} {100 * v:.1f} %" for w, v in noise.items()) or "–"],
            ["noise of the ratio of two models' launches side by side, per workload/size where 3 pairs or more had "
             "two launches (the floor of their comparisons instead, for triad, stencil, pi and mandelbrot)",
             ", ".join(f"{w} {100 * v:.1f} %" for w, v in pairs.items()) or "–"],
            ["cells that reached the target interval" + (f" (±{100 * target:g} %)" if target else ""),
             f"{len([r for r in summ if r.get('target_met') == 'yes'])} of {len(summ)}"]]
    for r in missed:
        key = f"{r['workload']},{r['model']},{r['workers']}"
        rows.append([f"short of the target: {r['workload']} {r['model']} P={r['workers']}",
                     f"±{100 * (schema.number(r.get('ci_rel', '')) or 0):.1f} %: "
                     + why.get(str(stopped.get(key, "")) if isinstance(stopped, dict) else "", "too few repetitions")])
    return rows


def write(run: str, doc, summ, runs, workloads: List[str], cores: int = 0, comps=(), models=(), ceil=(),
          study_parts=None) -> None:
    """Writes RUN/report.html and RUN/report.md, each whole, with the
    studies' sections of STUDY_PARTS (studyreport.gather). Raises OSError."""
    from .studyreport import html_part, md_part
    from .quality import advice
    from .reporthtml import html_report, md_report
    q = doc.get("sweep", {}).get("quality", {}) if isinstance(doc.get("sweep"), dict) else {}
    from .claims import claims
    interp = meta.text(doc, "python", "implementation") or ""
    parts = {"claims": claims(summ, list(models), interp) if models else [],
             "interpreter": " ".join(x for x in (interp, meta.text(doc, "python", "version"),
                                                 {"true": "with a GIL", "false": "without a GIL"}.get(
                                                     meta.text(doc, "python", "gil") or "", "")) if x),
             "winners": winner_rows(summ, comps, workloads, registry.baseline(list(models)).name if models else ""),
             "quality": quality_rows(doc, summ), "advice": advice(q if isinstance(q, dict) else {}, len(summ)),
             "caption": figures.caption_of(doc), "meta": meta_rows(doc), "failed": failed_rows(runs),
             "unplotted": unplotted(summ), "workloads": workloads,
             "tables": {w: table_rows(summ, w) for w in workloads}, "fits": {w: amdahl_rows(summ, w, cores) for w in workloads},
             "figures": {w: figures_of(run, w) for w in workloads},
             "missing": {w: not_implemented(doc, summ, w) for w in workloads},
             "overview": os.path.isfile(os.path.join(run, "plots", "overview.png")),
             "roofline": os.path.isfile(os.path.join(run, "plots", "roofline.png")),
             "ceilings": ceilings_rows(ceil), "ceilings_status": ceilings_status(doc, ceil),
             "glance": glance_rows(summ, workloads, models),
             "limits": {w: limit_notes(summ, w, models, ceil, meta.text(doc, "ceilings", "why") or "") for w in workloads},
             "above": {w: above_notes(summ, w, runs) for w in workloads},
             "studies": (study_parts or {}).get("studies", []),
             "studies_html": html_part(study_parts) if study_parts else "",
             "studies_md": md_part(study_parts) if study_parts else ""}
    schema.write_whole(os.path.join(run, "report.html"), html_report(run, doc, parts))
    schema.write_whole(os.path.join(run, "report.md"), md_report(run, parts))
