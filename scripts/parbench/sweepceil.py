"""The machine's ceilings at the start of a sweep: the probes of
tools/ceilings/ in their quick mode, or a ceilings.csv measured before on
the same machine and the same build (a cache under the build directory),
copied into the run directory; and the record meta.json keeps of them.

  cache_path(build, host, fp)     where the ceilings of a machine and build live
  reusable(record, want)          None when a cache record fits, else why not
  lookup(path, want)              the cached rows, or None and why not
  load(path)                      a ceilings.csv read back: checked rows, problems
  prepare(...)                    the sweep's ceilings: rows and the record
  summary_of(rows)                the best figure of each kind and worker count
  triad_isa(rows)                 the vector width triad streams best with here

The status is 'measured', 'cached', 'off' (--no-ceilings) or 'missing'
(no probe built, or every one failed): then 'why' says so, and the report
shows it. A probe that fails never fails the sweep.
"""
from __future__ import annotations

import json
import os
import re
import time
from typing import Callable, Dict, List, Optional, Sequence, Tuple

from . import ceilings, ceilparse, meta, schema, supervise
from .ceilparse import CeilingsError, Row

MODE = "quick"   # the probes' mode at sweep start: about 5 s on 2 cores
CACHE = "ceilings-cache"
RECORD = "cache.json"
FILE = "ceilings.csv"
STATUSES = ("measured", "cached", "off", "missing")


def cache_path(build: str, host: str, fp: str) -> str:
    """The cache directory of HOST and build fingerprint FP under BUILD."""
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", host or "host")[:64]
    return os.path.join(build, CACHE, f"{safe}-{re.sub(r'[^0-9a-f]', '_', fp)[:32]}")


def wanted(build: str, host: str, fp: str) -> Dict[str, str]:
    """What a cached ceilings.csv must have been measured with: the host,
    the build fingerprint (meta.fingerprint), the machine and probes' key
    (ceilings.cache_key: CPU model, cores, kernel, the probes' binaries)
    and the probes' mode."""
    return {"host": host, "fingerprint": fp, "key": ceilings.cache_key(build), "mode": MODE}


def reusable(record: object, want: Dict[str, str]) -> Optional[str]:
    """Returns None when the cache RECORD (cache.json, untrusted) was
    measured as WANT asks, else why it cannot be reused."""
    if not isinstance(record, dict):
        return "its record is not a JSON object"
    for k in ("host", "fingerprint", "key", "mode"):
        if record.get(k) != want[k]:
            what = {"host": "another host", "fingerprint": "another build", "mode": "another mode of the probes",
                    "key": "another machine or other probes"}[k]
            return f"measured on {what}"
    return None


def load(path: str) -> Tuple[List[Row], List[str]]:
    """Returns the checked rows of the ceilings.csv at PATH and one line per
    problem; ([], [why]) when it cannot be read."""
    try:
        _, rows, problems = schema.read_table(path, schema.CEILINGS_COLUMNS)
    except schema.TableError as e:
        return [], [str(e)]
    good, bad = ceilparse.check_rows(rows)
    return [{c: r[c] for c in schema.CEILINGS_COLUMNS} for r in good], problems + bad


def lookup(path: str, want: Dict[str, str]) -> Tuple[Optional[List[Row]], str]:
    """Returns (rows, '') of the cache at PATH when it fits WANT and reads
    back whole, else (None, why not)."""
    if not os.path.isfile(os.path.join(path, RECORD)):
        return None, "no ceilings cached for this machine and build"
    try:
        with open(os.path.join(path, RECORD), encoding="utf-8") as f:
            record = json.load(f)
    except (OSError, ValueError, UnicodeDecodeError, RecursionError):
        return None, "the cache's record cannot be read"
    why = reusable(record, want)
    if why:
        return None, f"the cached ceilings were {why}"
    rows, problems = load(os.path.join(path, FILE))
    if problems or not rows:
        return None, f"the cached ceilings.csv is damaged ({(problems or ['no rows'])[0]})"
    return rows, ""


def summary_of(rows: Sequence[Row]) -> Dict[str, Dict[str, float]]:
    """The best figure of each kind at each worker count: {kind: {workers: value}}."""
    out: Dict[str, Dict[str, float]] = {}
    for r in rows:
        v = schema.number(r.get("value", ""))
        if r.get("best") == "yes" and v is not None:
            out.setdefault(r["kind"], {})[r["workers"]] = v
    return out


def measure(build: str, root: str, runner: supervise.Runner, say: Callable[[str], None]) -> Tuple[List[Row], List[str]]:
    """Runs every probe built, in quick mode, each on its own: returns the
    rows of those that worked, 'best' marked, and one line per probe that
    failed or said a wrong answer."""
    rows: List[Row] = []
    problems: List[str] = []
    for name in ceilings.built(build):
        try:
            rows += ceilings.probe_rows(build, root, name, MODE == "quick", runner, say)
        except CeilingsError as e:
            problems.append(str(e))
    return ceilparse.mark_best(rows), problems


def record_of(status: str, why: str, rows: Sequence[Row], seconds: float, cache: str,
              problems: Sequence[str]) -> Dict[str, object]:
    """The ceilings' record in meta.json."""
    return {"status": status, "why": why, "mode": MODE, "seconds": round(seconds, 2), "cache": cache,
            "file": FILE if rows else None, "problems": list(problems)[:8], "best": summary_of(rows),
            "units": {k: ceilparse.KINDS[k] for k in sorted({r["kind"] for r in rows})},
            "warnings": ceilings.interference(rows)}


def write_cache(path: str, rows: Sequence[Row], want: Dict[str, str], seconds: float) -> None:
    """Stores ROWS as the cache at PATH. Raises OSError."""
    os.makedirs(path, exist_ok=True)
    schema.write_whole(os.path.join(path, FILE), schema.csv_text(schema.CEILINGS_COLUMNS, rows))
    doc = dict(want, measured=meta.utc_now(), seconds=round(seconds, 2))
    schema.write_whole(os.path.join(path, RECORD), json.dumps(doc, indent=2, allow_nan=False) + "\n")


def prepare(run: str, build: str, root: str, fp: str, host: str, enabled: bool, runner: supervise.Runner,
            say: Callable[[str], None]) -> Tuple[List[Row], Dict[str, object]]:
    """The ceilings of a new sweep in the run directory RUN: from the cache
    of this HOST and build FP when it fits, else measured (and cached when
    every probe worked); written to RUN/ceilings.csv. ENABLED false
    (--no-ceilings): none. Returns (rows, meta.json's record); SAY gets one
    line that says what was done. Raises OSError when RUN/ceilings.csv
    cannot be written."""
    if not enabled:
        return [], record_of("off", "--no-ceilings: the probes were not run", [], 0.0, "", [])
    cache = cache_path(build, host, fp)
    t0 = time.monotonic()
    want = wanted(build, host, fp)
    rows, why_not = lookup(cache, want)
    if rows is not None:
        status, why, problems = "cached", f"measured before on this machine and build ({cache})", []
    elif not ceilings.built(build):
        return [], record_of("missing", f"no probe is built in {build}/ceilings/ (make ceilings builds them)",
                             [], 0.0, "", [])
    else:
        rows, problems = measure(build, root, runner, say)
        status, why = "measured", f"{why_not}: measured now"
        if not rows:
            return [], record_of("missing", "every probe failed: " + "; ".join(problems)[:400],
                                 [], time.monotonic() - t0, "", problems)
        if not problems:
            try:
                write_cache(cache, rows, want, time.monotonic() - t0)
            except OSError as e:
                problems = [f"the cache {cache} cannot be written: {e.strerror}"]
    seconds = time.monotonic() - t0
    schema.write_whole(os.path.join(run, FILE), schema.csv_text(schema.CEILINGS_COLUMNS, rows))
    say(f"ceilings: {status} in {seconds:.1f} s ({why})" + (f"; {len(problems)} problem(s): {problems[0]}"
                                                             if problems else ""))
    return rows, record_of(status, why, rows, seconds, cache, problems)


def kept(run: str, old: object) -> Tuple[List[Row], Optional[Dict[str, object]]]:
    """The ceilings a resumed sweep has: the rows of RUN/ceilings.csv and
    the record its meta.json kept (OLD, untrusted), or (rows, None) when
    there is no usable record."""
    rows, _ = load(os.path.join(run, FILE)) if os.path.isfile(os.path.join(run, FILE)) else ([], [])
    if not isinstance(old, dict) or old.get("status") not in STATUSES:
        return rows, None
    status = str(old["status"])
    why = old.get("why") if isinstance(old.get("why"), str) else ""
    if status in ("measured", "cached") and not rows:
        return [], record_of("missing", "the run directory's ceilings.csv is missing or damaged", [], 0.0, "", [])
    seconds = old.get("seconds") if isinstance(old.get("seconds"), (int, float)) else 0.0
    cache = old.get("cache") if isinstance(old.get("cache"), str) else ""
    return rows, record_of(status, why[:400], rows, float(seconds), cache, [])


# triad's own placement of its arrays (common/workloads/triad.c): b and c
# 2 KiB and 1 KiB past a page, huge pages asked for
TRIAD_PLACEMENT = "off2k-huge-on-"


def triad_isa(rows: Sequence[Row]) -> Tuple[Optional[str], str]:
    """Returns the instructions (--isa) the triad workload should run with,
    chosen from the bandwidth probe's regular-store variants in triad's own
    placement (else any): the one whose figure, over the best at each
    worker count measured, is highest on average; and why. (None, why)
    when the probe measured none."""
    best: Dict[str, float] = {}
    seen: Dict[Tuple[str, str], float] = {}
    ours = [r for r in rows if r.get("kind") == "triad_regular" and r.get("verified") == "yes"
            and r.get("variant", "").startswith(TRIAD_PLACEMENT)]
    for r in ours or [r for r in rows if r.get("kind") == "triad_regular" and r.get("verified") == "yes"]:
        v, isa = schema.number(r.get("value", "")), r.get("variant", "").rsplit("-", 1)[-1]
        if v is None or v <= 0 or not re.match(r"^[a-z0-9]{1,16}\Z", isa):
            continue
        p = r.get("workers", "")
        best[p] = max(best.get(p, 0.0), v)
        seen[(isa, p)] = max(seen.get((isa, p), 0.0), v)
    if not seen:
        return None, "the bandwidth probe measured no regular-store triad"
    isas = sorted({isa for isa, _ in seen})
    score = {isa: sum(seen.get((isa, p), 0.0) / b for p, b in best.items()) / len(best) for isa in isas}
    pick = max(isas, key=lambda i: (score[i], i == "compiler", i))
    shown = ", ".join(f"{i} {100 * score[i]:.0f} %" for i in sorted(isas, key=lambda i: -score[i]))
    where = "in triad's placement" if ours else "in any placement"
    return pick, (f"the bandwidth probe's regular-store triad, {where}, at {len(best)} worker count(s), "
                  f"as a share of the best at each: {shown}")

