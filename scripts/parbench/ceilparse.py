"""The probes' result lines, read strictly into the rows of ceilings.csv,
and what the rows say: the best of each kind, the variant it chose.
(ceilings.py runs the probes.) A line that is not a verified result of the
form its probe promises raises CeilingsError with a one-line reason.
"""
from __future__ import annotations

import re
from typing import Dict, List, Optional, Sequence, Tuple

from . import schema

Row = Dict[str, str]
RATE_UNITS = ("GB/s", "GFLOP/s")


KEY_RE = re.compile(r"^[a-z][a-z0-9_]{0,31}\Z")
VALUE_RE = re.compile(r"^[A-Za-z0-9_.,+-]{1,200}\Z")
CPUS_RE = re.compile(r"^[0-9]{1,5}(,[0-9]{1,5}){0,1023}\Z")


class CeilingsError(Exception):
    """A probe could not be run or said something wrong. STATUS is the exit
    status: 1 a wrong answer, 2 nothing to run, 3 a failure."""

    def __init__(self, message: str, status: int = 3):
        super().__init__(message)
        self.status = status


# ---- reading a probe's lines ------------------------------------------------

def parse_line(line: str) -> Optional[Dict[str, str]]:
    """Returns the key=value pairs of one result line, or None when it is
    not one (a key twice, a pair without '=', odd characters)."""
    out: Dict[str, str] = {}
    for token in line.split():
        key, eq, value = token.partition("=")
        if not eq or not KEY_RE.match(key) or not VALUE_RE.match(value) or key in out:
            return None
        out[key] = value
    return out if out.get("probe") else None


def positive(fields: Dict[str, str], key: str, where: str) -> float:
    """Returns FIELDS[KEY] as a finite number above 0; raises CeilingsError."""
    value = schema.number(fields.get(key, ""))
    if value is None or value <= 0:
        raise CeilingsError(f"{where}: {key}={fields.get(key, '(missing)')[:40]} is not a number above 0")
    return value


def finite(fields: Dict[str, str], key: str, where: str) -> float:
    """Returns FIELDS[KEY] as a finite number; raises CeilingsError."""
    value = schema.number(fields.get(key, ""))
    if value is None:
        raise CeilingsError(f"{where}: {key}={fields.get(key, '(missing)')[:40]} is not a number")
    return value


def count(fields: Dict[str, str], key: str, where: str) -> int:
    """Returns FIELDS[KEY] as a whole number above 0; raises CeilingsError."""
    value = schema.whole(fields.get(key, ""))
    if value is None or value < 1:
        raise CeilingsError(f"{where}: {key}={fields.get(key, '(missing)')[:40]} is not a whole number above 0")
    return value


def num(value: float) -> str:
    """VALUE as the CSV writes it: 6 significant digits, C locale."""
    return "%.6g" % value


def cpus_of(fields: Dict[str, str]) -> str:
    """The probe's CPU list, ';' between CPUs, or '-'."""
    text = fields.get("cpus", "-")
    return text.replace(",", ";") if CPUS_RE.match(text) else "-"


def size_name(size: int) -> str:
    """A message size as 8B, 64KiB or 4MiB."""
    for unit, shift in (("MiB", 20), ("KiB", 10)):
        if size >= 1 << shift and size % (1 << shift) == 0:
            return f"{size >> shift}{unit}"
    return f"{size}B"


def to_row(fields: Dict[str, str], where: str) -> Optional[Row]:
    """Returns the ceilings.csv row of one probe's result line (no 'best'
    yet), None for a line that says a variant is unavailable; raises
    CeilingsError for a line that is not a verified result."""
    probe = fields.get("probe", "")
    if any(v == "unavailable" for v in fields.values()):
        return None
    if fields.get("verified") != "yes":
        raise CeilingsError(f"{where}: its answer did not verify (verified={fields.get('verified', '(missing)')[:10]})", 1)
    workers = count(fields, "workers", where)
    seconds = positive(fields, "seconds", where)
    others = schema.number(fields.get("others", ""))
    row: Row = {"probe": probe, "workers": str(workers), "verified": "yes", "seconds": num(seconds),
                "cpus": cpus_of(fields), "others": "%.2f" % others if others is not None and others >= 0 else ""}
    if probe == "bandwidth":
        stores = fields.get("stores", "")
        kind = fields.get("kind", "")
        if (kind, stores) not in (("triad", "regular"), ("triad", "nontemporal"), ("scale", "regular")):
            raise CeilingsError(f"{where}: not a triad of regular or non-temporal stores, or a scale of regular ones")
        best, median, low = (positive(fields, k, where) for k in ("gbps", "median_gbps", "min_gbps"))
        row.update(kind=f"{kind}_{stores}", unit="GB/s", value=num(best), median=num(median), low=num(low),
                   high=num(best), variant=f"{fields.get('placement', '-')}-huge-{fields.get('huge', '-')}-{fields.get('isa', '-')}")
    elif probe == "flops":
        best, median, low = (positive(fields, k, where) for k in ("gflops", "median_gflops", "min_gflops"))
        row.update(kind="fma", unit="GFLOP/s", value=num(best), median=num(median), low=num(low),
                   high=num(best), variant=f"{fields.get('isa', '-')}-{count(fields, 'chains', where)}chains")
    elif probe == "startup":
        kind = fields.get("kind", "")
        if kind not in ("pthread_create_join", "fork_waitpid", "posix_spawn", "omp_parallel"):
            raise CeilingsError(f"{where}: unknown kind '{kind[:40]}'")
        # the empty region's cost is a difference (EPCC): it may be near 0
        get = finite if kind == "omp_parallel" else positive
        us, lo, hi = (get(fields, k, where) for k in ("us", "min_us", "max_us"))
        row.update(kind=kind, unit="us", variant="-", value=num(us), median=num(us), low=num(lo), high=num(hi))
    elif probe == "mpi":
        kind, size = fields.get("kind", ""), count(fields, "bytes", where) if fields.get("kind") == "pingpong" else 0
        if kind == "barrier":
            row.update(kind="mpi_barrier", unit="us", variant="-")
        elif kind == "pingpong" and size <= 8:
            row.update(kind="mpi_latency", unit="us", variant=size_name(size))
        elif kind == "pingpong":
            # bandwidth: the best batch's rate, as for the other rates
            # GB/s of the fastest, the median and the slowest batch
            fast, med, slow = (size / 1e3 / positive(fields, k, where) for k in ("min_us", "us", "max_us"))
            row.update(kind="mpi_bandwidth", unit="GB/s", value=num(fast), median=num(med), low=num(slow),
                       high=num(fast), variant=size_name(size))
            return row
        else:
            raise CeilingsError(f"{where}: unknown kind '{kind[:40]}'")
        us, lo, hi = (positive(fields, k, where) for k in ("us", "min_us", "max_us"))
        row.update(value=num(us), median=num(us), low=num(lo), high=num(hi))
    else:
        raise CeilingsError(f"{where}: not a line of a known probe (probe={probe[:40]})")
    return row


def parse_output(name: str, text: str) -> List[Row]:
    """Returns the rows of probe NAME's stdout TEXT; raises CeilingsError
    when a line is not a result, or no line is."""
    rows = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"ceilings/{name}, line {n}"
        fields = parse_line(line)
        if fields is None or fields.get("probe") != name:
            shown = "".join(c if c.isprintable() else "?" for c in line[:60])
            raise CeilingsError(f"{where}: not a result line: '{shown}'")
        row = to_row(fields, where)
        if row is not None:
            rows.append(row)
    if not rows:
        raise CeilingsError(f"ceilings/{name}: printed no result")
    return rows


def mark_best(rows: List[Row]) -> List[Row]:
    """Returns ROWS with 'best' set: yes on the first row of the highest
    rate, or of the lowest cost, of each (kind, workers)."""
    chosen: Dict[Tuple[str, str], int] = {}
    for i, r in enumerate(rows):
        key = (r["kind"], r["workers"])
        higher = r["unit"] in RATE_UNITS
        j = chosen.get(key)
        if j is None:
            chosen[key] = i
            continue
        a, b = float(r["value"]), float(rows[j]["value"])
        if (a > b) if higher else (a < b):
            chosen[key] = i
    best = set(chosen.values())
    return [dict(r, best="yes" if i in best else "no") for i, r in enumerate(rows)]


def best_value(rows: Sequence[Row], kind: str, workers: int) -> Optional[float]:
    """The ceiling of KIND at WORKERS: the value of its best=yes row, or
    None when none was measured (e.g. triad_regular at 2 workers)."""
    for r in rows:
        if r.get("kind") == kind and r.get("workers") == str(workers) and r.get("best") == "yes":
            return schema.number(r.get("value", ""))
    return None


def choices(rows: Sequence[Row]) -> Dict[str, Dict[str, str]]:
    """The variant each kind's best row chose, per worker count, for
    meta.json: {"triad_regular": {"1": "off2k-huge-on", ...}, ...}."""
    out: Dict[str, Dict[str, str]] = {}
    for r in rows:
        if r.get("best") == "yes":
            out.setdefault(r["kind"], {})[r["workers"]] = r["variant"]
    return out


KINDS = {"triad_regular": "GB/s", "triad_nontemporal": "GB/s", "scale_regular": "GB/s", "fma": "GFLOP/s",
         "pthread_create_join": "us", "fork_waitpid": "us", "posix_spawn": "us", "omp_parallel": "us", "mpi_barrier": "us",
         "mpi_latency": "us", "mpi_bandwidth": "GB/s"}


def check_rows(rows: Sequence[Row]) -> Tuple[List[Row], List[str]]:
    """Returns the rows of a ceilings.csv read back from disk that are what
    the probes write (a known kind in its unit, workers a whole number above
    0, a finite value, above 0 unless a difference (omp_parallel), best yes
    or no), and one line per row that is not."""
    good, problems = [], []
    for n, r in enumerate(rows, 2):
        kind, workers, value = r.get("kind", ""), schema.whole(r.get("workers", "")), schema.number(r.get("value", ""))
        if KINDS.get(kind) is None or r.get("unit") != KINDS[kind]:
            problems.append(f"line {n}: not a known kind in its unit")
        elif workers is None or workers < 1:
            problems.append(f"line {n}: workers is not a whole number above 0")
        elif value is None or (value <= 0 and kind != "omp_parallel"):
            problems.append(f"line {n}: the value is not a number above 0")
        elif r.get("best") not in ("yes", "no") or r.get("verified") != "yes":
            problems.append(f"line {n}: best is not yes or no, or the row is not verified")
        else:
            good.append(dict(r, workers=str(workers)))
    return good, problems
