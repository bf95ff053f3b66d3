"""The workloads' size classes: scripts/presets/W holds the binary's
arguments for SMALL, DEFAULT and LARGE as bash arrays, e.g.
  DEFAULT=(--size 50000000)   # about 75 ms serial
A model whose build kind (the registry's build column) is far slower on
the same work may have its own arguments for a class: KIND_CLASS=(...),
with KIND that build kind in capitals, e.g.
  PYTHON_DEFAULT=(--size 1000000)   # the interpreted models
A workload that can be scaled weakly states how its --size grows with the
workers, so that the work per worker stays the same:
  WEAK=linear   # the size is the work (intervals, elements, tasks)
  WEAK=sqrt     # the size is the side of an N x N grid, whose area is the work
The file is parsed, never run: only comments, blank lines, shellcheck
directives, NAME=(plain words) lines and that WEAK= line are accepted.
"""
from __future__ import annotations

import os
import re
from typing import Dict, List, Optional

from . import registry

CLASSES = ("small", "default", "large")
ARG_RE = re.compile(r"^[A-Za-z0-9_.,:=+/-]+\Z")
LINE_RE = re.compile(r"^\s*(?:([A-Z][A-Z0-9]*)_)?(SMALL|DEFAULT|LARGE)=\(([^()#]*)\)\s*(#.*)?\Z")
WEAK_RE = re.compile(r"^\s*WEAK=([a-z]+)\s*(#.*)?\Z")
GROWTHS = ("linear", "sqrt")
RESERVED = ("--workers", "--reps", "--warmup", "--threads", "--check")


class PresetError(ValueError):
    """A preset file is missing or malformed; the message names it."""


def read(path: str, build: Optional[str] = None) -> Dict[str, List[str]]:
    """Returns {class: [arguments]} of the preset file PATH: for the models
    of build kind BUILD, that kind's own arguments where the file gives
    them (KIND_CLASS=(...)), else the common ones. Raises PresetError
    naming the line when the file is not as documented, a KIND is not a
    build kind of the registry, or an argument is one the sweep sets
    itself."""
    name = os.path.relpath(path, os.path.dirname(os.path.dirname(path)))
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise PresetError(f"{name}: cannot be read: {getattr(e, 'strerror', None) or e}")
    out: Dict[str, List[str]] = {}
    own: Dict[str, List[str]] = {}
    kinds = [b.upper() for b in registry.BUILDS]
    for n, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        weak = WEAK_RE.match(line)
        if weak:
            if weak.group(1) not in GROWTHS:
                raise PresetError(f"{name}:{n}: WEAK={weak.group(1)[:20]} is not WEAK=linear or WEAK=sqrt")
            continue
        m = LINE_RE.match(line)
        if not m:
            raise PresetError(f"{name}:{n}: not CLASS=(arguments): {line.strip()[:60]}")
        if m.group(1) is not None and m.group(1) not in kinds:
            raise PresetError(f"{name}:{n}: not CLASS=(arguments) or KIND_CLASS=(arguments) with KIND a build "
                              f"kind of the registry ({', '.join(kinds)}): {line.strip()[:60]}")
        args = m.group(3).split()
        for a in args:
            if not ARG_RE.match(a):
                raise PresetError(f"{name}:{n}: argument '{a[:40]}' has characters a preset may not use")
            if a.split("=", 1)[0] in RESERVED:
                raise PresetError(f"{name}:{n}: {a} is set by scripts/bench, not by a preset")
        if m.group(1) is None:
            out[m.group(2).lower()] = args
        elif not args:
            raise PresetError(f"{name}:{n}: {m.group(1)}_{m.group(2)} gives no arguments")
        elif build is not None and m.group(1) == build.upper():
            own[m.group(2).lower()] = args
    for c in CLASSES:
        if not out.get(c):
            raise PresetError(f"{name} defines no {c.upper()} arguments")
    out.update(own)
    return out


def weak_growth(path: str) -> Optional[str]:
    """Returns how the workload of the preset file PATH grows its --size
    with the workers in a weak-scaling study (linear or sqrt), or None when
    the file states none or cannot be read (read() names what is wrong)."""
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    for line in lines:
        m = WEAK_RE.match(line)
        if m and m.group(1) in GROWTHS:
            return m.group(1)
    return None


def available(presets_dir: str) -> List[str]:
    """Returns the workload names that have a preset file, sorted."""
    try:
        entries = sorted(os.listdir(presets_dir))
    except OSError:
        return []
    return [e for e in entries if re.match(r"^[a-z0-9_]{1,40}\Z", e) and os.path.isfile(os.path.join(presets_dir, e))]


def size_of(args: List[str]) -> str:
    """Returns the last --size value in ARGS, or ''."""
    size = ""
    for i, a in enumerate(args):
        if a == "--size" and i + 1 < len(args):
            size = args[i + 1]
        elif a.startswith("--size="):
            size = a[len("--size="):]
    return size
