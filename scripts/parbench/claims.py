"""The tutorials' claims next to what the run measured. The two tutorials
parbench grew from (Python threading against multiprocessing) claim that
threads help only while tasks wait, because the GIL lets one thread run
Python at a time; that processes bypass the GIL and use every core; that
processes cost more memory and start more slowly. Each claim is checked
against summary.csv; the models are found by their registry line (build
python or C, launch threads or procs), never by name, and every sentence
is made from the numbers, with their intervals. A claim on a speedup
holds when its whole 95 % interval is on the claim's side of the line,
does not hold when the whole interval is on the other side, and is left
open when the interval crosses the line: a rerun could go either way.
"""
from __future__ import annotations

from typing import Dict, List, Optional, Sequence

from . import registry, schema

Row = Dict[str, str]


def kind_of(models: List[registry.Model], build: str, launch: str) -> Optional[str]:
    """Returns the first model built by BUILD ('python' or 'c') and
    launched as LAUNCH, or None."""
    for m in models:
        if (m.build == "python") == (build == "python") and m.launch == launch and not m.needs_mpi:
            return m.name
    return None


def cell(summ: Sequence[Row], w: str, m: Optional[str], p: int) -> Optional[Row]:
    return next((r for r in summ if r["workload"] == w and r["model"] == m and r["workers"] == str(p)
                 and schema.number(r.get("median", "")) is not None), None)


def speedup(r: Optional[Row]) -> str:
    if r is None or schema.number(r.get("speedup_self", "")) is None:
        return "not measured"
    lo, hi = r.get("speedup_self_low", ""), r.get("speedup_self_high", "")
    return f"{float(r['speedup_self']):.2f}x" + (f" [{float(lo):.2f}-{float(hi):.2f}]" if lo and hi else "")


OPEN = "cannot tell: the 95 % interval crosses {line:g}x (a larger --budget narrows it)"
# what a unit of work is in each workload, from its size: pi's intervals,
# mandelbrot's pixels (--size is the side of its N x N picture)
UNITS = {"pi": lambda n: n, "mandelbrot": lambda n: n * n}
UNIT_NAMES = {"pi": "interval", "mandelbrot": "pixel"}


def verdict(ok: Optional[bool]) -> str:
    return "not measured" if ok is None else "holds" if ok else "does not hold"


def side(rows: Sequence[Optional[Row]], line: float, above: bool) -> str:
    """The verdict of a claim that each of ROWS' speedups over itself is
    above LINE (ABOVE) or below it: holds when every interval is wholly on
    the claim's side, does not hold when one is wholly on the other, open
    when neither; not measured when a row or its interval is missing."""
    spans = [(bound(r, "speedup_self_low"), bound(r, "speedup_self_high")) for r in rows]
    if not spans or any(lo is None or hi is None for lo, hi in spans):
        return verdict(None)
    if above:
        spans = [(-hi, -lo) for lo, hi in spans]
        line = -line
    if all(hi < line for _, hi in spans):
        return verdict(True)
    if any(lo >= line for lo, _ in spans):
        return verdict(False)
    return OPEN.format(line=abs(line))


def bound(r: Optional[Row], column: str) -> Optional[float]:
    return None if r is None else schema.number(r.get(column, "") or r.get(column.rsplit("_", 1)[0], ""))


def scaling(summ, models, workload: str, p: int) -> List[str]:
    """Returns each kind's speedup at P workers on WORKLOAD, as text."""
    kinds = (("Python threads", "python", "threads"), ("Python processes", "python", "procs"),
             ("C threads", "c", "threads"), ("C processes", "c", "procs"))
    out = []
    for label, build, launch in kinds:
        m = kind_of(models, build, launch)
        if m:
            out.append(f"{label} ({m}) {speedup(cell(summ, workload, m, p))}")
    return out


def claims(summ: Sequence[Row], models: List[registry.Model], interpreter: str = "", p: int = 2) -> List[List[str]]:
    """Returns (claim, what this run measured, verdict) rows; [] when the
    run has no Python model. INTERPRETER is meta.json's python.implementation."""
    if not any(r["model"] in (kind_of(models, "python", "threads"), kind_of(models, "python", "procs"))
               for r in summ):
        return []
    pyt, pyp = kind_of(models, "python", "threads"), kind_of(models, "python", "procs")
    ct, cp = kind_of(models, "c", "threads"), kind_of(models, "c", "procs")
    base = registry.baseline(models).name
    rows = []
    sleep_t, sleep_p = cell(summ, "sleep", pyt, p), cell(summ, "sleep", pyp, p)
    rows.append([f"Threads speed up work that waits (sleep, {p} workers), in Python as in C",
                 "; ".join(scaling(summ, models, "sleep", p)), side([sleep_t, sleep_p], 1.5, True)])
    for w in ("pi", "mandelbrot"):
        rows.append([f"The GIL: Python threads do not speed up compute-bound work ({w}, {p} workers)",
                     "; ".join(scaling(summ, models, w, p)), side([cell(summ, w, pyt, p)], 1.2, False)])
        pr = cell(summ, w, pyp, p)
        rows.append([f"Processes bypass the GIL and use the cores ({w}, {p} workers)", speedup(pr),
                     side([pr], 1.5, True)])
    for label, a, b in (("Python", pyp, pyt), ("C", cp, ct)):
        ra, rb = cell(summ, "pi", a, p), cell(summ, "pi", b, p)
        ma, mb = bound(ra, "peak_rss_mb"), bound(rb, "peak_rss_mb")
        ok = None if ma is None or mb is None else ma > mb
        rows.append([f"Processes take more memory than threads ({label}, pi, {p} workers)",
                     f"{a}: {ma if ma is not None else '?'} MB, {b}: {mb if mb is not None else '?'} MB "
                     "(the sum of each process's peak resident size)", verdict(ok)])
        sa, sb = cell(summ, "spawn", a, p), cell(summ, "spawn", b, p)
        ca, cb = bound(sa, "cold_us"), bound(sb, "cold_us")
        ok = None if ca is None or cb is None else ca > cb
        rows.append([f"Processes cost more to start than threads ({label}, spawn, {p} workers)",
                     f"{a}: {ca if ca is not None else '?'} us, {b}: {cb if cb is not None else '?'} us (cold start)",
                     verdict(ok)])
    if interpreter == "PyPy":
        t = cell(summ, "pi", pyt, p)
        rows.append([f"PyPy as an alternative to the GIL (pi, Python threads, {p} workers)", speedup(t),
                     side([t], 1.5, True)])
    for w, units in UNITS.items():
        rows += interpreter_row(cell(summ, w, pyt, 1), cell(summ, w, base, 1), w, units)
    return rows


def interpreter_row(rp: Optional[Row], rc: Optional[Row], w: str, units) -> List[List[str]]:
    """The row that sets the Python model's time per unit of work of W
    (UNITS of its size) against the serial C program's at 1 worker; []
    when either is missing."""
    n_py, n_c = (schema.whole(r["size"]) if r else None for r in (rp, rc))
    t_py, t_c = (schema.number(r["median"]) if r else None for r in (rp, rc))
    if not (n_py and n_c and t_py and t_c and t_py > 0 and t_c > 0):
        return []
    ratio = (t_py / units(n_py)) / (t_c / units(n_c))
    return [[f"The interpreter against serial C ({w}, time per {UNIT_NAMES[w]}, 1 worker)",
             (f"Python {ratio:.0f}x slower" if ratio >= 1.5 else f"Python {ratio:.2f}x serial C's time")
             + f" ({rp['model']} size {rp['size']}, {rc['model']} size {rc['size']})", "measured"]]
