"""scripts/bench: the sweep. Every workload in every model at several
worker counts, one timed repetition per process, every answer verified;
a run directory with runs.csv, summary.csv, meta.json, logs, plots and
report. Exit status: 0 every run verified; 1 some run failed, timed out
or was wrong, or planned runs are not done; 2 bad options; 3 the driver
could not work; 130, 143 or 129 after SIGINT, SIGTERM or SIGHUP.
"""
from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import signal
import subprocess
from typing import Dict, List, Optional

from . import cli, meta, plan as planmod, presets, registry, schema, studyplan, supervise, sweep

USAGE = """usage: scripts/bench [options]      (make bench BENCH_ARGS='options')

Runs every workload in every model across worker counts, each repetition in
its own process, and writes a run directory with runs.csv, summary.csv and
meta.json. Prints one progress line per run and a table at the end.

  --study LIST       strong (the default), weak, hybrid, binding, size, or
                     several separated by commas (README: "Scaling studies"):
                     weak: the size grows with the workers as the preset says;
                     hybrid: every ranks x threads split of each worker count;
                     binding: close, spread and unbound (openmp, mpi, hybrid);
                     size: triad and stencil from 8 KiB to 8x the last cache
  --models LIST      {models} (default: all built)
  --workloads LIST   default: every workload with a binary and a preset
  --workers LIST     worker counts (default: 1, 2, 4, ... up to twice the
                     cores, plus the core count); {plain} runs at 1 only
  --budget SECONDS   time for the sweep's measurements, its ceilings included
                     (default 100): each configuration runs K launches of R
                     timed repetitions, K and R chosen from the noise seen,
                     until the 95 % interval of its median is within
                     --target, or its share is spent
  --target FRACTION  the interval's half-width over the median (default 0.02)
  --threshold F      a difference under F is a tie (default 0.03)
  --reps R           instead of --budget: exactly R launches of one timed
                     repetition per configuration
  --size SPEC        small, default or large for every workload; WORKLOAD=CLASS
                     or WORKLOAD=N (N: that workload's --size) for one; several
                     separated by commas: --size large,pi=small,sleep=2
  --timeout SECONDS  per run (default 300); a run past it is killed
  --seed N           the order of the runs within each round (default: random)
  --out DIR          the run directory (default results/<host>-<UTC time>/);
                     an existing one must be empty
  --resume DIR       finish an interrupted sweep in DIR, same plan, no run twice
  --new-segment      with --resume: go on although the build changed, as a new
                     segment that meta.json records
  --no-ceilings      do not measure the machine's ceilings at the start (the
                     probes of tools/ceilings/, about 5 s, or reused from the
                     cache in the build directory); no % of limit then
  --dry-run          print the plan and an estimate; run and write nothing
  --quiet            no progress lines
  --help             this text

Exit status: 0 every run verified; 1 some run failed, timed out or was wrong
(the summary names them); 2 bad options; 3 the driver could not work;
130 or 143 interrupted (finish with --resume DIR).
Environment: PARBENCH_BUILD (default build/), MPIRUN, PARBENCH_MPIRUN_FLAGS.
"""


def reps_value(text: str) -> int:
    if not re.match(r"^[1-9][0-9]{0,2}\Z", text):
        raise argparse.ArgumentTypeError(f"'{planmod.shown(text)}' is not a whole number from 1 to 999")
    return int(text)


def timeout_value(text: str) -> float:
    if not re.match(r"^[0-9]{1,6}(\.[0-9]{1,3})?\Z", text) or float(text) <= 0:
        raise argparse.ArgumentTypeError(f"'{planmod.shown(text)}' is not a number of seconds above 0 (like 60 or 0.5)")
    return float(text)


def fraction_value(text: str) -> float:
    if not re.match(r"^0?\.[0-9]{1,4}\Z", text) or float(text) <= 0:
        raise argparse.ArgumentTypeError(f"'{planmod.shown(text)}' is not a fraction above 0 and below 1 (like 0.02)")
    return float(text)


def seed_value(text: str) -> int:
    if not re.match(r"^[0-9]{1,9}\Z", text):
        raise argparse.ArgumentTypeError(f"'{planmod.shown(text)}' is not a whole number below 10^9")
    return int(text)


def options(argv: List[str], models: List[registry.Model]) -> argparse.Namespace:
    """Returns the parsed options; exits 2 with one line on a bad one."""
    p = cli.Parser("bench", USAGE.format(models=",".join(registry.names(models)),
                                         plain=registry.baseline(models).name))
    for name in ("--models", "--workloads", "--workers", "--size", "--out", "--resume", "--study"):
        p.add_argument(name, type=cli.nonempty(name))
    p.add_argument("--reps", type=reps_value)
    p.add_argument("--budget", type=timeout_value)
    p.add_argument("--target", type=fraction_value)
    p.add_argument("--threshold", type=fraction_value)
    p.add_argument("--timeout", type=timeout_value)
    p.add_argument("--seed", type=seed_value)
    for flag in ("--dry-run", "--quiet", "--new-segment", "--no-ceilings"):
        p.add_argument(flag, action="store_true")
    a = p.parse(argv)
    if a.resume is not None:
        for o in ("models", "workloads", "workers", "reps", "size", "seed", "out", "budget", "target", "threshold",
                  "study"):
            if getattr(a, o) is not None:
                p.die(f"--{o} cannot be combined with --resume (the sweep's plan is in its directory)")
        if a.no_ceilings:
            p.die("--no-ceilings cannot be combined with --resume (a resumed sweep keeps the ceilings it has)")
    elif a.new_segment:
        p.die("--new-segment goes with --resume")
    if a.reps is not None and a.budget is not None:
        p.die("--reps and --budget exclude each other (--reps fixes the count, --budget lets the noise decide)")
    try:
        for o in ("models", "workloads"):
            if getattr(a, o) is not None:
                planmod.split_list(getattr(a, o), f"--{o}")
        if a.models is not None:
            for m in a.models.split(","):
                if registry.by_name(models, m) is None:
                    p.die(f"--models: unknown model '{planmod.shown(m)}' (models: {' '.join(registry.names(models))})")
        if a.workloads is not None:
            for w in a.workloads.split(","):
                if not schema.NAME_RE.match(w):
                    p.die(f"--workloads: '{planmod.shown(w)}' is not a workload name")
        a.workers = planmod.parse_workers(a.workers) if a.workers is not None else None
        if a.size is not None:
            planmod.check_size_spec(a.size)
        if a.study is not None:
            planmod.split_list(a.study, "--study")
        a.study = studyplan.parse_studies(a.study) if a.study is not None else ["strong"]
    except (planmod.PlanError, ValueError) as e:
        p.die(str(e))
    if a.out is not None and not a.out.isprintable():
        p.die("--out: the directory name has a control character (a newline or tab?)")
    return a


class Setup:
    """The build and launcher this sweep runs with."""

    def __init__(self, root: str, models: List[registry.Model]):
        build = os.environ.get("PARBENCH_BUILD") or os.path.join(root, "build")
        self.build = os.path.abspath(build)
        self.root = root
        self.models = models
        self.mpirun = os.environ.get("MPIRUN") or "mpirun"
        has_mpi_build = any(os.path.isdir(os.path.join(self.build, m.name)) for m in models if m.needs_mpi)
        self.mpi_note = ""
        if not has_mpi_build:
            self.mpi_note = "MPI not built: skipping the MPI models (make deps installs Open MPI)"
        elif not shutil.which(self.mpirun):
            self.mpi_note = f"{planmod.shown(self.mpirun)} not found: skipping the MPI models"
        self.mpi_ok = not self.mpi_note

    def runnable(self, model: str, workload: str) -> bool:
        m = registry.by_name(self.models, model)
        if m is None or (m.needs_mpi and not self.mpi_ok):
            return False
        return os.access(os.path.join(self.build, model, workload), os.X_OK)


def choose(a: argparse.Namespace, s: Setup) -> planmod.Sweep:
    """Returns the sweep the options ask for on this build; exits 2 when it
    cannot be made."""
    if not os.path.isdir(s.build):
        cli.die("bench", f"nothing is built in {s.build} (run make, or make bench)")
    pdir = os.path.join(s.root, "scripts", "presets")
    avail = [w for w in presets.available(pdir)
             if any(os.access(os.path.join(s.build, m.name, w), os.X_OK) for m in s.models)]
    if not avail:
        cli.die("bench", f"no workload has both a binary in {s.build} and a preset in scripts/presets (run make)")
    workloads = list(dict.fromkeys(a.workloads.split(","))) if a.workloads else avail
    for w in workloads:
        if w not in avail:
            cli.die("bench", f"--workloads: '{w}' has no binary or no preset here (available: {' '.join(avail)})")
    asked = a.models.split(",") if a.models else registry.names(s.models)
    chosen = []
    for m in s.models:
        if m.name not in asked:
            continue
        if m.needs_mpi and not s.mpi_ok:
            continue
        if not os.path.isdir(os.path.join(s.build, m.name)):
            sweep.say(f"model {m.name} is not built: skipped")
            continue
        chosen.append(m.name)
    if not s.mpi_ok and any(registry.by_name(s.models, m).needs_mpi for m in asked):
        sweep.say(s.mpi_note)
    if not chosen:
        cli.die("bench", "none of the chosen models is built here")
    try:
        args, classes = planmod.resolve_sizes(a.size or "default", workloads, pdir)
        own = planmod.build_sizes(a.size or "default", workloads, pdir,
                                  [registry.by_name(s.models, m).build for m in chosen], args)
    except planmod.PlanError as e:
        cli.die("bench", str(e))
    if "python" in own:
        own, note = planmod.for_interpreter(own, meta.python_of(meta.env_text("PYTHON"))["implementation"])
        if note and not a.quiet:
            sweep.say(note)
    for w in workloads:
        check_limits(s, w, args[w], chosen)
        for kind_args in own.values():
            if w in kind_args:
                check_limits(s, w, kind_args[w], chosen)
    return planmod.Sweep(chosen, workloads, a.workers or planmod.default_workers(meta.cores()),
                         a.reps or 1, a.size or "default", a.timeout or 300.0,
                         a.seed if a.seed is not None else random.SystemRandom().randrange(10 ** 9),
                         args, classes, "fixed" if a.reps else "adaptive", a.budget or 100.0,
                         a.target or 0.02, a.threshold or 0.03, own, list(a.study))


def check_limits(s: Setup, workload: str, args: List[str], models: List[str]) -> None:
    """Asks a binary of WORKLOAD whether ARGS are within its limits
    (--check: it validates as a real run would, and runs nothing); exits 2
    with its message when they are not."""
    for m in [registry.baseline(s.models).name] + models:
        binary = os.path.join(s.build, m, workload)
        if os.access(binary, os.X_OK) and not registry.by_name(s.models, m).needs_mpi:
            break
    else:
        return
    try:
        p = subprocess.run([binary, *args, "--check"], capture_output=True, timeout=60, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError):
        return
    if p.returncode != 0:
        lines = p.stderr.decode("utf-8", "replace").strip().splitlines() or ["refused by the binary"]
        cli.die("bench", f"--size: {workload} {' '.join(args)}: {planmod.shown(lines[-1])}")


def main(argv: List[str]) -> int:
    root = registry.ROOT
    try:
        models = registry.load()
    except registry.RegistryError as e:
        cli.die("bench", str(e))
    a = options(argv, models)
    os.environ["LC_ALL"] = "C"
    s = Setup(root, models)
    from . import benchrun
    if a.resume is not None:
        return benchrun.resume(a, s)
    sw = choose(a, s)
    configs, missing = [], {}
    pdir = os.path.join(root, "scripts", "presets")
    caches = studyplan.caches()
    planned, left = studyplan.configurations(sw, models, pdir, meta.cores(), max((b for _, b in caches), default=0),
                                             a.models is None)
    for study, why in left.items():
        sweep.say(f"{study} study: {why}")
    check_study_limits(s, planned)
    for c in planned:
        if s.runnable(c[1], c[0]):
            configs.append(c)
        elif not os.access(os.path.join(s.build, c[1], c[0]), os.X_OK):
            missing.setdefault(c[1], set()).add(c[0])
    note = "; ".join(f"{m} ({', '.join(sorted(ws))})" for m, ws in missing.items())
    if not configs:
        cli.die("bench", "nothing to run: no chosen model has a binary of a chosen workload"
                + (f" (studies: {','.join(sw.studies)})" if sw.studies != ["strong"] else ""))
    runs = planmod.make_plan(sw, configs, models)
    if a.dry_run:
        print(benchrun.plan_summary(sw, runs, models), end="")
        if note:
            print(f"not implemented, so not run: {note}")
        return 0
    return benchrun.start(a, s, sw, runs, f"not implemented, so not run: {note}" if note else "")


def check_study_limits(s: Setup, configs: List[studyplan.Config]) -> None:
    """Asks the binaries whether the largest size each study other than
    strong grows a workload to is within their limits (check_limits)."""
    largest: Dict[tuple, studyplan.Config] = {}
    for c in configs:
        n = schema.whole(presets.size_of(list(c.args))) or 0
        k = (c.study, c.workload)
        if c.study in ("weak", "size") and (k not in largest or
                                            n > (schema.whole(presets.size_of(list(largest[k].args))) or 0)):
            largest[k] = c
    for c in largest.values():
        check_limits(s, c.workload, list(c.args), [c.model])


def handle_signals(ctx: sweep.Context, runner: supervise.Runner) -> None:
    names = sweep.signal_names()

    def on_signal(sig, _frame):
        ctx.stop = names.get(sig, "TERM")
        runner.interrupt()
    for sig in names:
        signal.signal(sig, on_signal)


def ignore_signals() -> Dict[int, object]:
    return {sig: signal.signal(sig, signal.SIG_IGN) for sig in sweep.signal_names()}


def exit_status(stop: Optional[str]) -> int:
    return {"INT": 130, "TERM": 143, "HUP": 129}.get(stop or "", 0)
