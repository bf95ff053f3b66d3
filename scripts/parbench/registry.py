"""The model registry: models.conf, read strictly.

Every other module asks this one which models exist, how each is built and
launched, and how it looks on a plot. Nothing else lists model names.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import List, Optional, Tuple

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_PATH = os.path.join(ROOT, "models.conf")

LAUNCHES = ("plain", "threads", "procs", "openmp", "mpi", "hybrid")
BUILDS = ("cc", "mpicc", "python")
CHECKS = ("asan", "tsan", "valgrind")
NAME_RE = re.compile(r"^[a-z][a-z0-9_]{0,30}\Z")
COLOUR_RE = re.compile(r"^#[0-9a-fA-F]{6}\Z")
FLAG_RE = re.compile(r"^-[A-Za-z0-9_=+.-]+\Z")


class RegistryError(ValueError):
    """models.conf is missing or malformed; the message names the line."""


@dataclass(frozen=True)
class Model:
    name: str
    dir: str
    build: str
    flags: Tuple[str, ...]
    launch: str
    colour: str
    point: int
    checks: Tuple[str, ...]

    @property
    def needs_mpi(self) -> bool:
        """True for a model built with mpicc and started by an MPI launcher."""
        return self.build == "mpicc"

    @property
    def one_worker(self) -> bool:
        """True for the model that runs at 1 worker only (the baseline)."""
        return self.launch == "plain"


def _words(field: str) -> Tuple[str, ...]:
    return () if field == "-" else tuple(field.split(","))


def line_fault(fields: List[str]) -> Optional[Tuple[str, str, str]]:
    """Returns the first fault of a registry line's FIELDS, in its columns'
    order, as (words before, the value, words after), or None when it has
    none. scripts/run (through runinfo) shows the value its own way."""
    if len(fields) != 8:
        return (f"{len(fields)} columns, not 8 (name dir build flags launch colour point checks)", "", "")
    name, mdir, build, flags, launch, colour, point, checks = fields
    faults = (
        (NAME_RE.match(name), "'", name, "' is not a model name (a-z, 0-9, _)"),
        (NAME_RE.match(mdir), "'", mdir, "' is not a directory name (a-z, 0-9, _)"),
        (build in BUILDS, "build '", build, f"' is not one of {', '.join(BUILDS)}"),
        (flags == "-" or all(FLAG_RE.match(f) for f in flags.split(",")), "flags '", flags,
         "' are not compiler flags separated by commas"),
        (launch in LAUNCHES, "launch '", launch, f"' is not one of {', '.join(LAUNCHES)}"),
        (COLOUR_RE.match(colour), "colour '", colour, "' is not #rrggbb"),
        (re.match(r"^[0-9]{1,2}\Z", point), "point type '", point, "' is not a number from 0 to 99"),
        (checks == "-" or all(c in CHECKS for c in checks.split(",")), "checks '", checks,
         f"' are not among {', '.join(CHECKS)}"),
    )
    return next(((before, value, after) for ok, before, value, after in faults if not ok), None)


def parse_line(text: str, where: str) -> Optional[Model]:
    """Returns the Model of one registry line, None for a blank or comment
    line; raises RegistryError naming WHERE on anything else."""
    # a colour's '#' is not a comment: a comment is a line, or what follows
    # the eighth column, that starts with '#'
    fields = text.split()
    if not fields or fields[0].startswith("#"):
        return None
    if len(fields) > 8 and fields[8].startswith("#"):
        fields = fields[:8]
    fault = line_fault(fields)
    if fault:
        raise RegistryError(f"{where}: {fault[0]}{fault[1][:40]}{fault[2]}")
    name, mdir, build, flags, launch, colour, point, checks = fields
    return Model(name, mdir, build, _words(flags), launch, colour, int(point), _words(checks))


def load(path: Optional[str] = None) -> List[Model]:
    """Returns the models of the registry at PATH (default: $PARBENCH_REGISTRY,
    else models.conf at the root), in order. Raises RegistryError when it
    cannot be read, is malformed, names a model twice or has no baseline."""
    path = path or os.environ.get("PARBENCH_REGISTRY") or DEFAULT_PATH
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise RegistryError(f"{path}: cannot read the model registry: {getattr(e, 'strerror', None) or e}")
    models: List[Model] = []
    for n, text in enumerate(lines, 1):
        m = parse_line(text, f"{os.path.basename(path)}:{n}")
        if m is None:
            continue
        if any(o.name == m.name for o in models):
            raise RegistryError(f"{os.path.basename(path)}:{n}: model '{m.name}' is listed twice")
        models.append(m)
    plain = [m for m in models if m.one_worker]
    if len(plain) != 1:
        raise RegistryError(f"{path}: needs exactly one model with launch 'plain' (the baseline), has {len(plain)}")
    return models


def names(models: List[Model]) -> List[str]:
    return [m.name for m in models]


def by_name(models: List[Model], name: str) -> Optional[Model]:
    for m in models:
        if m.name == name:
            return m
    return None


def baseline(models: List[Model]) -> Model:
    """Returns the plain model: the program every speedup_serial divides."""
    return next(m for m in models if m.one_worker)


def line_type(models: List[Model], name: str) -> int:
    """Returns NAME's gnuplot line type (its 1-based place), 0 if unknown."""
    for i, m in enumerate(models, 1):
        if m.name == name:
            return i
    return 0


def gnuplot_style(models: List[Model]) -> str:
    """Returns models.gp: the line type, colour and point of every model."""
    out = ["# generated from models.conf: one line type per model, in registry order",
           f'MODELS = "{" ".join(names(models))}"',
           f"NMODELS = {len(models)}",
           f'BASELINE = "{baseline(models).name}"']
    for i, m in enumerate(models, 1):
        out.append(f'set linetype {i} lc rgb "{m.colour}" lw 2 pt {m.point} ps 1.4 dt solid')
    return "\n".join(out) + "\n"
