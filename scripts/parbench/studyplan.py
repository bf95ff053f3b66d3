"""Scaling studies: which configurations each study runs, and the key that
names a configuration everywhere (the plan, the sweep, the sampler,
runs.csv on --resume, the summarizer).

  strong   every workload, model and worker count at one size (the sweep as
           it always was)
  weak     the size grows with the workers as the workload's preset states
           (WEAK=linear or WEAK=sqrt), so that the work per worker stays
           that of the run at 1 worker
  hybrid   at each worker count P, every split ranks x threads of P, for the
           models launched as hybrid
  binding  close, spread and unbound, for the models launched as openmp,
           mpi and hybrid, at each worker count above 1
  size     triad and stencil over working sets from 8 KiB to 8 times the
           last-level cache, --iters scaled so that each run moves about
           the same bytes, at 1 worker and at the core count

A strong configuration keeps the key it always had, (workload, model,
workers); the others add (study, size, split, binding), so that rows of
several studies in one run directory never mix.
"""
from __future__ import annotations

import math
import os
import re
from typing import Dict, List, NamedTuple, Optional, Tuple

from . import presets, registry, schema

STUDIES = ("strong", "weak", "hybrid", "binding", "size")
BINDINGS = ("close", "spread", "none")
BINDING_LAUNCHES = ("openmp", "mpi", "hybrid")
SIZE_WORKLOADS = ("triad", "stencil")
SIZE_LAUNCHES = ("plain", "openmp")     # the size study's models unless --models names others
SIZE_FROM = 8 * 1024                    # the smallest working set, bytes
SIZE_BEYOND = 8                         # the largest: this many times the last-level cache
SIZE_TRAFFIC = 1 << 30                  # bytes each run of the size study moves, about
DEFAULT_LLC = 32 << 20                  # when sysfs names no cache
BYTES_PER = {"triad": lambda n: 24 * n, "stencil": lambda n: 16 * n * n}


class Config(NamedTuple):
    """One configuration of a sweep, with the arguments of its binary."""
    workload: str
    model: str
    workers: int
    args: Tuple[str, ...]
    study: str = "strong"
    split: str = ""        # hybrid study: threads per rank
    binding: str = ""      # binding study: close, spread or none

    @property
    def key(self) -> tuple:
        return key(self.workload, self.model, self.workers, self.study, presets.size_of(list(self.args)),
                   self.split, self.binding)


def key(workload: str, model: str, workers: int, study: str = "strong", size: str = "", split: str = "",
        binding: str = "") -> tuple:
    """Returns the key of a configuration: (workload, model, workers) for
    the strong study, with (study, size, split, binding) after it for the
    others."""
    if study in ("", "strong"):
        return (workload, model, workers)
    return (workload, model, workers, study, size, split, binding)


def study_of(row: Dict[str, str]) -> str:
    """Returns a runs.csv or summary.csv row's study: strong when the
    column is missing or empty (a run directory older than the studies)."""
    return row.get("study") or "strong"


def row_key(row: Dict[str, str]) -> Optional[tuple]:
    """Returns the configuration key of a runs.csv ROW, None when its
    workers is not a number."""
    p = schema.whole(row.get("workers", ""))
    if p is None:
        return None
    study = study_of(row)
    return key(row.get("workload", ""), row.get("model", ""), p, study, row.get("size", ""),
               row.get("threads", "") if study == "hybrid" else "", row.get("binding", ""))


def variant(config: tuple) -> Tuple[str, str, str]:
    """Returns (study, split, binding) of a configuration key."""
    if len(config) < 7:
        return ("strong", "", "")
    return (config[3], config[5], config[6])


def label(config: tuple) -> str:
    """Returns how a progress line or the plan names a key's study, '' for
    the strong study."""
    study, split, binding = variant(config)
    if study == "strong":
        return ""
    n = schema.whole(config[4]) or 0
    if study == "size" and config[0] in BYTES_PER:
        return f"size: working set {human_bytes(BYTES_PER[config[0]](n))} (--size {n})"
    extra = {"hybrid": f" {config[2] // int(split)}x{split}" if split.isdigit() and int(split) else "",
             "binding": f" {binding}", "weak": f" size {config[4]}"}
    return f"{study}{extra.get(study, '')}"


def human_bytes(n: int) -> str:
    """Returns N bytes in KiB, MiB or GiB: whole from 10 on, else two digits."""
    for unit, shift in (("GiB", 30), ("MiB", 20), ("KiB", 10)):
        if n >= 1 << shift:
            v = n / (1 << shift)
            return f"{v:.0f} {unit}" if v >= 10 else f"{v:.2g} {unit}"
    return f"{n} B"


def parse_studies(value: str) -> List[str]:
    """Returns the studies of a --study LIST, in the order of STUDIES;
    raises ValueError naming the first that is not one."""
    names = value.split(",")
    for n in names:
        if n not in STUDIES:
            shown = "".join(c if c.isprintable() else "?" for c in n)[:40]
            raise ValueError(f"--study: '{shown}' is not a study ({', '.join(STUDIES)})")
    return [s for s in STUDIES if s in names]


def cpu_count(cpus: str) -> Optional[int]:
    """Returns how many CPUs a cpus= value (0-3;6) names, None when it is
    not one."""
    if not schema.CPUS_RE.match(cpus or ""):
        return None
    n = 0
    for part in cpus.split(";"):
        lo, _, hi = part.partition("-")
        n += (int(hi) - int(lo) + 1) if hi else 1
    return n if n > 0 else None


def stacked(workers: int, cpus: str) -> bool:
    """True when a run of more than one worker had all of them on one CPU:
    its binding did not hold, and its time is not believed."""
    return workers > 1 and cpu_count(cpus) == 1


# ---- the machine's caches -------------------------------------------------

def size_bytes(text: str) -> Optional[int]:
    """Returns a sysfs cache size (32K, 1024K, 32M) in bytes, or None."""
    m = re.match(r"^([0-9]{1,9})([KMG]?)\Z", text.strip())
    if not m:
        return None
    return int(m.group(1)) << {"": 0, "K": 10, "M": 20, "G": 30}[m.group(2)]


def caches(root: str = "/sys/devices/system/cpu/cpu0/cache") -> List[Tuple[int, int]]:
    """Returns (level, bytes) of CPU 0's data and unified caches, by level,
    from sysfs; [] when it shows none."""
    out = {}
    try:
        entries = sorted(e for e in os.listdir(root) if re.match(r"^index[0-9]{1,2}\Z", e))
    except OSError:
        return []
    for e in entries:
        try:
            with open(os.path.join(root, e, "type"), encoding="ascii") as f:
                kind = f.read().strip()
            with open(os.path.join(root, e, "level"), encoding="ascii") as f:
                level = int(f.read().strip())
            with open(os.path.join(root, e, "size"), encoding="ascii") as f:
                size = size_bytes(f.read())
        except (OSError, ValueError, UnicodeDecodeError):
            continue
        if kind in ("Data", "Unified") and size and 0 < level < 10:
            out[level] = size
    return sorted(out.items())


def working_sets(llc: int) -> List[int]:
    """Returns the working sets of the size study, bytes: powers of two from
    SIZE_FROM to SIZE_BEYOND times the last-level cache LLC."""
    top, out, b = SIZE_BEYOND * (llc or DEFAULT_LLC), [], SIZE_FROM
    while b <= top:
        out.append(b)
        b *= 2
    return out


def size_args(workload: str, ws: int) -> Tuple[str, ...]:
    """Returns --size and --iters of WORKLOAD for a working set of about WS
    bytes, the iterations scaled so that each run moves about
    SIZE_TRAFFIC bytes."""
    n = round(ws / 24) if workload == "triad" else max(3, round(math.sqrt(ws / 16)))
    iters = min(max(1, round(SIZE_TRAFFIC / BYTES_PER[workload](n))), 1000000)
    return ("--size", str(n), "--iters", str(iters))


# ---- the configurations of each study -------------------------------------

def weak_size(base: int, growth: str, workers: int) -> int:
    """Returns the --size of a weak-scaling run on WORKERS: BASE times the
    workers (linear) or times their square root (sqrt: N x N grids, whose
    area grows with the workers)."""
    return base * workers if growth == "linear" else max(1, round(base * math.sqrt(workers)))


def configurations(sw, models: List[registry.Model], presets_dir: str, cores: int, llc: int,
                   all_models: bool = True) -> Tuple[List[Config], Dict[str, str]]:
    """Returns the configurations of every study of the sweep SW, and per
    study what it leaves out and why (a workload without a weak-scaling
    growth, a study without a model to run). ALL_MODELS: --models was not
    given, so the size study takes its own (SIZE_LAUNCHES)."""
    out: List[Config] = []
    notes: Dict[str, str] = {}
    build = {m.name: m for m in models}

    def args(w: str, m: str) -> Tuple[str, ...]:
        return tuple(sw.args_of(w, build[m].build if m in build else None))

    def counts(m: str) -> List[int]:
        return [1] if m not in build or build[m].one_worker else list(sw.workers)

    for study in getattr(sw, "studies", None) or ["strong"]:
        if study == "strong":
            out += [Config(w, m, p, args(w, m)) for w in sw.workloads for m in sw.models for p in counts(m)]
        elif study == "weak":
            left = []
            for w in sw.workloads:
                growth = presets.weak_growth(os.path.join(presets_dir, w))
                if growth is None:
                    left.append(w)
                    continue
                for m in sw.models:
                    a = args(w, m)
                    base = schema.whole(presets.size_of(list(a)))
                    if base:
                        out += [Config(w, m, p, a + ("--size", str(weak_size(base, growth, p))), "weak")
                                for p in counts(m)]
            if left:
                notes["weak"] = (f"{', '.join(left)}: no weak-scaling growth stated in scripts/presets "
                                 f"(WEAK=linear or WEAK=sqrt), so not in the weak study")
        elif study == "hybrid":
            hy = [m for m in sw.models if m in build and build[m].launch == "hybrid"]
            if not hy:
                notes["hybrid"] = "no model launched as hybrid is in the sweep"
            out += [Config(w, m, p, args(w, m) + ("--threads", str(t)), "hybrid", str(t))
                    for w in sw.workloads for m in hy for p in sw.workers for t in range(1, p + 1) if p % t == 0]
        elif study == "binding":
            bm = [m for m in sw.models if m in build and build[m].launch in BINDING_LAUNCHES]
            ps = [p for p in sw.workers if p > 1]
            if not bm or not ps:
                notes["binding"] = "no model launched as openmp, mpi or hybrid, or no worker count above 1"
            out += [Config(w, m, p, args(w, m), "binding", "", b)
                    for w in sw.workloads for m in bm for p in ps for b in BINDINGS]
        elif study == "size":
            sm = [m for m in sw.models if m in build and build[m].build != "python"
                  and (not all_models or build[m].launch in SIZE_LAUNCHES)]
            ws = [w for w in SIZE_WORKLOADS if w in sw.workloads]
            if not sm or not ws:
                notes["size"] = "needs triad or stencil, and a compiled model"
            for w in ws:
                for m in sm:
                    for p in sorted({1, cores} if not build[m].one_worker else {1}):
                        out += [Config(w, m, p, args(w, m) + size_args(w, b), "size") for b in working_sets(llc)]
    return out, notes
