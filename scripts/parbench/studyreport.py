"""The studies' sections of report.html and report.md: per study a sentence
on how to read it, its figures, and its table (weak: efficiency, scaled
speedup and Gustafson's serial fraction; hybrid and binding: the best
choice at each worker count with its interval against the others, and what
was left out because its workers sat on one CPU; size: bandwidth per
working set, with the machine's caches)."""
from __future__ import annotations

from typing import Dict, List, Sequence

from . import schema, studies, studyplan, studyplots
from .report import esc, html_table, md, md_table, num, with_interval

INTRO = {
    "weak": "Weak scaling: the problem grows with the workers as each workload's preset states (WEAK=linear: "
            "the size times P; WEAK=sqrt: the side of an N × N grid times √P), so that every worker has the work "
            "of the run at 1 worker. The efficiency T(1)/T(P) stays at 100 % when adding workers and work together "
            "costs nothing; Gustafson's scaled speedup is P times it, and s = (P − S)/(P − 1) the serial fraction "
            "that Gustafson's law S = P − s(P − 1) gives.",
    "hybrid": "Hybrid splits: at each worker count P, every way to split it into MPI ranks × OpenMP threads. The "
              "best split is the one with the lowest median; it is named faster only when the 95 % interval of "
              "its time over each other split's lies below 1 by more than the threshold, else as a tie.",
    "binding": "Binding: the same runs with the workers bound close together (neighbouring cores), spread out "
               "(over the sockets), or unbound (OMP_PROC_BIND, OMP_PLACES; mpirun --bind-to and --map-by; srun "
               "--cpu-bind). Each run records the CPUs its workers were allowed on; a run of more than one worker "
               "whose workers all sat on one CPU did not get the binding it asked for, and is left out.",
    "size": "Working-set size: triad and stencil from 8 KiB to 8 times the last-level cache, the iterations "
            "scaled so that every run moves about 1 GiB. Bandwidth steps down where the working set leaves a "
            "cache; the grey lines mark this machine's caches.",
}
WEAK_HEAD = ("model", "workers", "size", "median (s) [95 %]", "efficiency T(1)/T(P) [95 %]",
             "scaled speedup P·T(1)/T(P) [95 %]", "Gustafson serial fraction s", "runs on one CPU")
SIZE_HEAD = ("model", "workers", "working set", "size", "median (s)", "GB/s", "runs on one CPU")


def weak_rows(summ: Sequence[Dict[str, str]], w: str) -> List[List[str]]:
    out = []
    for r in summ:
        if r.get("study") != "weak" or r["workload"] != w:
            continue
        p, s = schema.whole(r["workers"]) or 0, schema.number(r.get("speedup_self", ""))
        g = studies.gustafson_serial(p, s) if s is not None else None
        med = f"{num(r.get('median', ''), '%.4g')} [{num(r.get('median_low', ''), '%.4g')}–" \
              f"{num(r.get('median_high', ''), '%.4g')}]" if r.get("median") else "no believed run"
        out.append([r["model"], r["workers"], r["size"], med, with_interval(r, "efficiency"),
                    with_interval(r, "speedup_self"), "–" if g is None else f"{g:.3f}", r.get("stacked") or "0"])
    return out


def size_rows(summ: Sequence[Dict[str, str]], w: str) -> List[List[str]]:
    out = []
    for r in summ:
        n = schema.whole(r["size"])
        if r.get("study") != "size" or r["workload"] != w or not n or w not in studyplan.BYTES_PER:
            continue
        out.append([r["model"], r["workers"], studyplan.human_bytes(studyplan.BYTES_PER[w](n)), r["size"],
                    num(r.get("median", ""), "%.4g"), num(r.get("gbps", ""), "%.2f"), r.get("stacked") or "0"])
    return out


def gather(run: str, doc, summ, runs) -> Dict[str, object]:
    """Returns the parts of the studies' sections, every value still raw."""
    sw = doc.get("sweep") if isinstance(doc.get("sweep"), dict) else {}
    seed = sw.get("seed") if isinstance(sw.get("seed"), int) else 0
    thr = sw.get("threshold") if isinstance(sw.get("threshold"), (int, float)) else 0.03
    asked = [s for s in (sw.get("studies") or []) if s in studyplan.STUDIES] if isinstance(sw.get("studies"), list) else []
    present = [s for s in studyplan.STUDIES[1:] if s in asked or any(r.get("study") == s for r in summ)]
    swept = [w for w in sw.get("workloads", []) if isinstance(w, str) and schema.NAME_RE.match(w)] \
        if isinstance(sw.get("workloads"), list) else []
    verdict = studies.verdicts(runs, seed, thr) if {"hybrid", "binding"} & set(present) else []
    out: Dict[str, object] = {"studies": present, "sections": {}}
    caches = studyplots.caches_of(doc)
    for s in present:
        ws = list(dict.fromkeys(r["workload"] for r in summ if r.get("study") == s))
        sec = {"figures": studyplots.figures_of(run, s, ws), "notes": []}
        if s == "weak":
            sec["tables"] = [(w, WEAK_HEAD, weak_rows(summ, w)) for w in ws]
            left = [w for w in swept if w not in ws]
            if left:
                sec["notes"].append(f"Not in the weak study: {', '.join(left)}: its preset states no weak-scaling "
                                    f"growth (WEAK=linear or WEAK=sqrt in scripts/presets).")
        elif s == "size":
            sec["tables"] = [(w, SIZE_HEAD, size_rows(summ, w)) for w in ws]
            sec["notes"].append("Caches of this machine: " + (", ".join(f"L{lv} {studyplan.human_bytes(b)}" for lv, b in caches)
                                                               if caches else "unknown (sysfs showed none)") + ".")
        else:
            rows = [v[1:] for v in verdict if v[0] == s]
            sec["tables"] = [("", studies.VERDICT_HEAD[1:], rows)]
            gone = sum(schema.whole(r.get("stacked", "")) or 0 for r in summ if r.get("study") == s)
            if gone:
                sec["notes"].append(f"{gone} runs had all their workers on one CPU: the binding did not hold, so "
                                    f"they are not believed and are left out of the medians and the verdicts.")
        if not ws:
            sec["notes"].append("No configuration of this study ran here.")
        out["sections"][s] = sec
    return out


def html_part(p: Dict[str, object]) -> str:
    out = []
    for s in p["studies"]:
        sec = p["sections"][s]
        out.append(f'<section id="study-{esc(s)}">\n<h2>{esc(s.capitalize())} study</h2>\n<p>{esc(INTRO[s])}</p>\n')
        out.append('<div class="figs">\n')
        for stem, cap in sec["figures"]:
            out.append(f'<figure><a href="plots/{esc(stem)}.svg"><img src="plots/{esc(stem)}.png" alt="{esc(stem)}" '
                       f'width="960" height="600"></a><figcaption>{esc(cap)}</figcaption></figure>\n')
        out.append("</div>\n")
        for w, head, rows in sec["tables"]:
            if w:
                out.append(f"<h3>{esc(w)}</h3>\n")
            out.append(html_table(head, rows))
        out += [f"<p>{esc(n)}</p>\n" for n in sec["notes"]]
        out.append("</section>\n")
    return "".join(out)


def md_part(p: Dict[str, object]) -> str:
    out = []
    for s in p["studies"]:
        sec = p["sections"][s]
        out.append(f"## {md(s.capitalize())} study\n\n{md(INTRO[s])}\n\n")
        out += [f"[![{stem}](plots/{stem}.png)](plots/{stem}.svg)\n\n*{md(cap)}*\n\n" for stem, cap in sec["figures"]]
        for w, head, rows in sec["tables"]:
            if w:
                out.append(f"### {md(w)}\n\n")
            out.append(md_table(head, rows))
        out += [f"{md(n)}\n\n" for n in sec["notes"]]
    return "".join(out)
