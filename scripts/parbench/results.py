"""The binaries' result lines, and what a finished run was: ok, wrong,
failed or timeout.

A result line is key=value pairs separated by single spaces:
  workload=pi model=openmp workers=2 size=100 rep=1 seconds=0.07 checksum=3.14 verified=yes
Only plain values are taken (letters, digits and . _ + -); cpus= becomes
the CSV's form with ';' between ranges.
"""
from __future__ import annotations

import re
import signal
from typing import Dict, List, Optional, Tuple

from . import schema

KEYS = ("workload", "model", "workers", "ranks", "threads", "size", "rep", "seconds",
        "checksum", "verified", "gbps", "mlups", "cold_us", "warm_us")
CPUS_RE = re.compile(r"^[0-9]+(-[0-9]+)?(,[0-9]+(-[0-9]+)?){0,63}\Z")


def parse_line(line: str) -> Dict[str, str]:
    """Returns the known keys of one result line with plain values."""
    out: Dict[str, str] = {}
    for kv in line.split(" "):
        key, eq, value = kv.partition("=")
        if not eq:
            continue
        if key == "cpus" and CPUS_RE.match(value):
            out["cpus"] = value.replace(",", ";")
        elif key in KEYS and schema.PLAIN_RE.match(value):
            out[key] = value
    return out


def parse_output(text: str) -> List[Dict[str, str]]:
    """Returns the parsed result lines of a run's stdout, in order."""
    return [parse_line(line) for line in text.splitlines() if line.startswith("workload=")]


def shown(text: str, limit: int = 120) -> str:
    """Returns TEXT fit for a one-line message: printable, at most LIMIT."""
    s = "".join(c if c.isprintable() else "?" for c in text)
    return s if len(s) <= limit else s[: limit - 3] + "..."


def last_message(stderr: str) -> str:
    """Returns the last line of STDERR that says something, made printable,
    or ''. Open MPI's and OpenMP's binding reports are not messages."""
    for line in reversed(stderr.splitlines()):
        line = line.strip()
        if line and not line.startswith(("parbench affinity:", "OMP: Info", "[")) \
                and "binding" not in line.lower() and not line.startswith("libgomp: Affinity"):
            return shown(line)
    return ""


def status_text(rc: int) -> str:
    """Returns how a process ended, from Popen's returncode."""
    if rc < 0:
        try:
            return f"killed by signal {-rc} ({signal.Signals(-rc).name})"
        except ValueError:
            return f"killed by signal {-rc}"
    return f"exit status {rc}"


def classify(rc: int, timed_out: bool, timeout_s: float, lines: List[Dict[str, str]],
             expect: Dict[str, str], stderr: str) -> Tuple[str, str]:
    """Returns (status, reason) of a finished run: its exit status RC, whether
    it was killed for its timeout, its parsed result LINES, the workload,
    model and workers it must report (EXPECT) and its stderr. 'wrong' is
    kept for an answer that a result line says is not verified."""
    if timed_out:
        return "timeout", f"killed after the --timeout of {timeout_s:g} s"
    if any(line.get("verified") == "no" for line in lines):
        return "wrong", "wrong answer (verified=no)"
    why = last_message(stderr)
    if rc != 0:
        return "failed", status_text(rc) + (f": {why}" if why else "")
    if not lines:
        return "failed", "no result line" + (f": {why}" if why else "")
    for line in lines:
        if line.get("verified") != "yes" or not line.get("seconds") or \
                any(line.get(k) != v for k, v in expect.items()):
            return "failed", "the result line does not match the run"
    return "ok", ""


def first(lines: List[Dict[str, str]]) -> Optional[Dict[str, str]]:
    return lines[0] if lines else None
