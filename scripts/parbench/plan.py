"""The sweep's plan: which workloads, models and worker counts, the
arguments of each workload, and the order of the runs.

Runs go in rounds: every configuration once per round, each round in an
order shuffled with the seed, so that a shared machine's drift does not
bias one model.
"""
from __future__ import annotations

import os
import random
import re
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

from . import presets, registry, studyplan

MAX_WORKERS = 1024


class PlanError(ValueError):
    """An option or a stored plan is not valid; the message is one line."""


@dataclass(frozen=True)
class Run:
    workload: str
    model: str
    workers: int
    rep: int
    args: Tuple[str, ...]
    study: str = "strong"
    split: str = ""        # hybrid study: threads per rank
    binding: str = ""      # binding study: close, spread or none

    @property
    def config(self) -> tuple:
        """The configuration's key (studyplan.key)."""
        return studyplan.key(self.workload, self.model, self.workers, self.study,
                             presets.size_of(list(self.args)), self.split, self.binding)

    @property
    def key(self) -> tuple:
        return self.config + (self.rep,)

    def tsv(self) -> str:
        line = f"{self.workload}\t{self.model}\t{self.workers}\t{self.rep}\t{' '.join(self.args)}"
        return line if self.study == "strong" else f"{line}\t{self.study}\t{self.split}\t{self.binding}"


@dataclass
class Sweep:
    models: List[str]
    workloads: List[str]
    workers: List[int]
    reps: int
    size: str
    timeout: float
    seed: int
    args: Dict[str, List[str]] = field(default_factory=dict)
    classes: Dict[str, str] = field(default_factory=dict)
    sampling: str = "fixed"       # fixed: --reps launches of 1 repetition; adaptive: --budget
    budget: float = 100.0
    target: float = 0.02
    threshold: float = 0.03
    # {build kind: {workload: arguments}}: where a preset gives that kind of
    # model arguments of its own (presets.py: PYTHON_DEFAULT=(...))
    build_args: Dict[str, Dict[str, List[str]]] = field(default_factory=dict)
    studies: List[str] = field(default_factory=lambda: ["strong"])

    def args_of(self, workload: str, build: Optional[str] = None) -> List[str]:
        """Returns the arguments of WORKLOAD for a model of build kind BUILD."""
        return self.build_args.get(build or "", {}).get(workload) or self.args[workload]


def split_list(value: str, what: str) -> List[str]:
    """Returns the elements of a comma-separated VALUE; raises PlanError
    naming WHAT on an empty list or element, or a character not printable."""
    if not value or not value.isprintable() or any(not x for x in value.split(",")):
        raise PlanError(f"{what}: '{shown(value)}' is not a comma-separated list")
    return value.split(",")


def shown(value: str) -> str:
    s = "".join(c if c.isprintable() else "?" for c in value)
    return s if len(s) <= 60 else s[:57] + "..."


def parse_workers(value: str) -> List[int]:
    """Returns the sorted, distinct worker counts of VALUE."""
    out = set()
    for p in split_list(value, "--workers"):
        if not re.match(r"^[1-9][0-9]{0,3}\Z", p) or int(p) > MAX_WORKERS:
            raise PlanError(f"--workers: '{shown(p)}' is not a whole number from 1 to {MAX_WORKERS}")
        out.add(int(p))
    return sorted(out)


def default_workers(cores: int) -> List[int]:
    """Returns 1, 2, 4, ... up to twice CORES, and CORES itself."""
    out, p = {cores}, 1
    while p <= 2 * cores and p <= MAX_WORKERS:
        out.add(p)
        p *= 2
    return sorted(out)


def check_size_spec(value: str) -> List[str]:
    """Returns the elements of a --size SPEC; raises PlanError on a bad one."""
    specs = split_list(value, "--size")
    for s in specs:
        if not (re.match(r"^(small|default|large)\Z", s) or
                re.match(r"^[a-z0-9_]{1,40}=(small|default|large|[1-9][0-9]{0,17})\Z", s)):
            raise PlanError(f"--size: '{shown(s)}' is not small, default, large, WORKLOAD=CLASS or WORKLOAD=N")
    return specs


def resolve_sizes(spec: str, workloads: List[str], presets_dir: str,
                  build: Optional[str] = None) -> Tuple[Dict[str, List[str]], Dict[str, str]]:
    """Returns ({workload: arguments}, {workload: size class}) for --size
    SPEC, for the models of build kind BUILD (presets.read). Raises
    PlanError for a workload outside the sweep or a bad preset."""
    base, own = "default", {}
    for s in check_size_spec(spec):
        if "=" in s:
            w, v = s.split("=", 1)
            if w not in workloads:
                raise PlanError(f"--size: '{w}' is not among the workloads of this sweep ({' '.join(workloads)})")
            own[w] = v
        else:
            base = s
    args, classes = {}, {}
    for w in workloads:
        want = own.get(w, base)
        cls, n = (base, want) if want.isdigit() else (want, "")
        try:
            a = list(presets.read(os.path.join(presets_dir, w), build)[cls])
        except presets.PresetError as e:
            raise PlanError(str(e))
        if n:
            a += ["--size", n]
        args[w] = a
        classes[w] = f"{cls}+size={n}" if n else cls
    return args, classes


def build_sizes(spec: str, workloads: List[str], presets_dir: str, builds: List[str],
                common: Dict[str, List[str]]) -> Dict[str, Dict[str, List[str]]]:
    """Returns {build kind: {workload: arguments}} for the kinds of BUILDS
    whose presets give them arguments other than COMMON (resolve_sizes'
    for every model). Raises PlanError as resolve_sizes does."""
    out: Dict[str, Dict[str, List[str]]] = {}
    for b in sorted(set(builds)):
        own = {w: a for w, a in resolve_sizes(spec, workloads, presets_dir, b)[0].items() if a != common[w]}
        if own:
            out[b] = own
    return out


# Interpreters that compile Python to machine code as it runs: the work
# per unit is near C's, so the Python models run C's sizes under them
# rather than the interpreted ones' smaller presets (PYTHON_DEFAULT=...).
JIT_PYTHONS = ("PyPy",)


def for_interpreter(own: Dict[str, Dict[str, List[str]]],
                    implementation: Optional[str]) -> Tuple[Dict[str, Dict[str, List[str]]], str]:
    """Returns OWN (build_sizes') without the python build kind's sizes
    when IMPLEMENTATION (meta.python_of's) is a JIT_PYTHONS one, and the
    note that says so ('' when nothing changed)."""
    if implementation in JIT_PYTHONS and "python" in own:
        return ({k: v for k, v in own.items() if k != "python"},
                f"{implementation} compiles as it runs: the Python models run the C models' sizes, "
                "not their presets' PYTHON_ ones")
    return own, ""


def configurations(sweep: Sweep, models: List[registry.Model]) -> List[Tuple[str, str, int]]:
    """Returns every (workload, model, workers) of SWEEP: the plain model at
    1 worker only."""
    out = []
    for w in sweep.workloads:
        for name in sweep.models:
            m = registry.by_name(models, name)
            counts = [1] if m is None or m.one_worker else sweep.workers
            out.extend((w, name, p) for p in counts)
    return out


def make_plan(sweep: Sweep, configs: List[tuple],
              models: Optional[List[registry.Model]] = None) -> List[Run]:
    """Returns the runs: REPS rounds of CONFIGS, each shuffled with SEED;
    for adaptive sampling, the first round only (the sampler decides the
    others as the sweep goes). A configuration is (workload, model,
    workers), whose run has the arguments of its model's build kind
    (MODELS: the registry; without it, the common ones), or a
    studyplan.Config with its own."""
    rng = random.Random(sweep.seed)
    builds = {m.name: m.build for m in models or []}
    runs = []
    for rep in range(1, (sweep.reps if sweep.sampling == "fixed" else 1) + 1):
        order = list(configs)
        rng.shuffle(order)
        for c in order:
            if isinstance(c, studyplan.Config):
                runs.append(Run(c.workload, c.model, c.workers, rep, c.args, c.study, c.split, c.binding))
            else:
                w, m, p = c
                runs.append(Run(w, m, p, rep, tuple(sweep.args_of(w, builds.get(m)))))
    return runs


def parse_plan_line(line: str, known_models: List[str]) -> Optional[Run]:
    """Returns the Run of a plan.tsv line, None for a comment or blank;
    raises PlanError on anything else."""
    if not line.strip() or line.startswith("#"):
        return None
    parts = line.split("\t")
    if len(parts) == 5:
        parts += ["strong", "", ""]
    if len(parts) != 8:
        raise PlanError(f"plan.tsv has a bad line: {shown(line)}")
    w, m, p, rep, args, study, split, binding = parts
    words = args.split()
    if not (re.match(r"^[a-z0-9_]{1,40}\Z", w) and m in known_models and re.match(r"^[1-9][0-9]{0,3}\Z", p)
            and re.match(r"^[1-9][0-9]{0,2}\Z", rep) and all(presets.ARG_RE.match(a) for a in words)
            and study in studyplan.STUDIES and re.match(r"^([1-9][0-9]{0,3})?\Z", split)
            and binding in ("",) + studyplan.BINDINGS):
        raise PlanError(f"plan.tsv has a bad line: {shown(line)}")
    return Run(w, m, int(p), int(rep), tuple(words), study, split, binding)


def plan_text(runs: List[Run]) -> str:
    """Returns plan.tsv."""
    head = "# parbench sweep plan: one run per line, in order\n# workload\tmodel\tworkers\trep\targuments\n"
    if any(r.study != "strong" for r in runs):
        head += "# a study other than strong adds: study\tsplit (threads per rank)\tbinding\n"
    return head + "".join(r.tsv() + "\n" for r in runs)
