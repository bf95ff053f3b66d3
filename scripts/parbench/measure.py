"""The measuring part of a sweep, in either of its two ways: a fixed plan
(--reps: R launches of one repetition each, in shuffled rounds), or
adaptive sampling within --budget (sampling.py decides each round)."""
from __future__ import annotations

import time
from typing import Callable, Dict, List, Set, Tuple

from . import plan as planmod
from . import sampling, studyplan, supervise, sweep

Rows = List[Dict[str, str]]


def fixed(ctx: sweep.Context, runner: supervise.Runner, sw: planmod.Sweep, runs: List[planmod.Run],
          rows: Rows, done: Set[tuple], runnable: Callable[[str, str], bool]) -> int:
    """Runs the planned repetitions not DONE that can run here; returns how
    many planned ones are left. Raises sweep.WriteFailed."""
    todo = [r for r in runs if r.key not in done and runnable(r.model, r.workload)]
    skipped = sum(1 for r in runs if r.key not in done and not runnable(r.model, r.workload))
    if skipped:
        sweep.say(f"{skipped} planned runs have no binary to run here: left for a later --resume")
    sweep.say(f"{ctx.path}: {len(todo)} of {len(runs)} runs to do")
    jobs = [sweep.Launch(r.workload, r.model, r.workers, r.rep, r.rep, 1, r.args, r.study, r.split, r.binding)
            for r in todo]
    index = {r.key: i for i, r in enumerate(runs, 1)}
    before = len(rows)
    sweep.run_fixed(ctx, runner, jobs, len(runs), index, sw.reps, rows)
    for row in rows[before:]:
        done.add(studyplan.row_key(row) + (int(row["rep"]),))
    return sum(1 for r in runs if r.key not in done)


def human(seconds: float) -> str:
    s = int(seconds + 0.5)
    return f"{s // 60}m{s % 60:02d}s" if s >= 60 else f"{s}s"


def adaptive(ctx: sweep.Context, runner: supervise.Runner, sw: planmod.Sweep, runs: List[planmod.Run],
             rows: Rows, runnable: Callable[[str, str], bool]) -> Tuple[int, Dict[str, object]]:
    """Samples every configuration of RUNS until it is done or the budget is
    spent (each one launched once at least, however long that takes); returns the cells left open (after a signal) and what the
    sampler decided, for meta.json. Raises sweep.WriteFailed."""
    configs = list(dict.fromkeys(r.config for r in runs))
    here = [c for c in configs if runnable(c[1], c[0])]
    if len(here) < len(configs):
        sweep.say(f"{len(configs) - len(here)} configurations have no binary to run here: left for a later --resume")
    # each configuration's arguments are its runs' in the plan: its model's
    # build kind may have its own (presets.py)
    planned = {r.config: r.args for r in runs}
    cells = {}
    for c in here:
        cells.update(sampling.cells_from([c], {c[0]: planned[c]}, rows))
    sampler = sampling.Sampler(cells, sw.budget, sw.target, sw.seed)
    sampler.extra = spent_besides(ctx)
    sweep.say(f"{ctx.path}: {len(sampler.open_cells())} of {len(configs)} configurations to sample, "
              f"budget {sw.budget:g} s, target +-{100 * sw.target:g} %")
    t0 = time.monotonic()

    def budget() -> float:
        """The rounds' budget: the sweep's, less what the noise sample after them will cost."""
        return sw.budget - sampler.noise_reserve()

    while not ctx.stop:
        jobs = sampler.next_round()
        if not jobs:
            break
        for job in jobs:
            if ctx.stop:
                break
            # past the budget, only a configuration never launched still
            # gets its one launch: every configuration of the plan runs
            if sampler.cells[job.config].done or (sampler.spent() >= budget() and sampler.cells[job.config].costs):
                continue
            if not launch_one(ctx, runner, sampler, job, rows, lambda: (
                    f"round {sampler.round}, {len(sampler.open_cells())} open",
                    human(max(sw.budget - sampler.spent(), 0.0)))):
                break
        if sampler.spent() >= budget():
            sampler.close()
            break
    reruns = noise = 0
    if not ctx.stop:
        sampler.close()
        noise = sample_noise(ctx, runner, sampler, rows)
        reruns = rerun_flagged(ctx, runner, sampler, sw.budget * sampling.RERUN_SHARE, rows)
    left = len([c for c in sampler.cells.values() if not c.done]) + len(configs) - len(here)
    decided = {c: cell.done for c, cell in sampler.cells.items()}
    return left, {"rounds": sampler.round, "elapsed_s": round(time.monotonic() - t0, 3), "reruns": reruns,
                  "noise_launches": noise, "stopped": {",".join(map(str, c)): why for c, why in decided.items()}}


def spent_besides(ctx: sweep.Context) -> float:
    """The seconds of the budget this session spent besides the launches:
    the ceilings at the start, and the probes beside launches (beside.py)."""
    return ctx.ceilings_seconds + float(ctx.beside_done["seconds"])


def launch_one(ctx: sweep.Context, runner: supervise.Runner, sampler: sampling.Sampler, job: sweep.Launch,
               rows: Rows, shown: Callable[[], Tuple[str, str]]) -> bool:
    """Runs JOB, adds its rows to ROWS and the sampler, and prints its
    progress line (SHOWN: its index and ETA); False when it could not run.
    Raises sweep.WriteFailed."""
    got = sweep.run_launch(ctx, runner, job)
    if got is None:
        return False
    rows.extend(got)
    sampler.extra = spent_besides(ctx)
    sampler.record(job, got)
    if not ctx.quiet:
        index, eta = shown()
        sweep.say(sweep.progress_line(job, index, got, eta), prefix=False)
    return True


def sample_noise(ctx: sweep.Context, runner: supervise.Runner, sampler: sampling.Sampler, rows: Rows) -> int:
    """Runs the launches sampler.noise_sample() asks for (the launch noise
    of the classes the rounds left without enough of it); returns how many
    ran. Raises sweep.WriteFailed."""
    ran = 0
    for job in sampler.noise_sample():
        if ctx.stop or not launch_one(ctx, runner, sampler, job, rows,
                                      lambda: ("again: the launch noise of its workload and size", "-")):
            break
        ran += 1
    return ran


def rerun_flagged(ctx: sweep.Context, runner: supervise.Runner, sampler: sampling.Sampler, allowance: float,
                  rows: Rows) -> int:
    """Runs the launches sampler.reruns() asks for (cells that ended with
    every launch under heavy interference) while they have taken
    less than ALLOWANCE seconds; returns how many ran. Raises
    sweep.WriteFailed."""
    start, ran = sampler.spent(), 0
    for job in sampler.reruns():
        if ctx.stop or sampler.spent() - start >= allowance or \
                not launch_one(ctx, runner, sampler, job, rows, lambda: ("again: its launches ran under interference", "-")):
            break
        ran += 1
    return ran
