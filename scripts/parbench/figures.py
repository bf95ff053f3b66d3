"""The figures of a run: which ones, their captions, and gnuplot drawing
them, several at once, each in the C.UTF-8 locale whatever the user's."""
from __future__ import annotations

import os
import signal
import subprocess
import time
from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence, Tuple

from . import registry, schema

# (stem, caption) of a workload's figures, in the report's order.
CAPTIONS = (
    ("speedup", "Speedup over the same model at 1 worker. Black dashed: ideal; coloured dashed: the Amdahl fit, "
                "with its serial fraction f in the key. Error bars: the 95 % interval of the speedup (a bootstrap "
                "of the ratio of medians); the shaded part has more workers than physical cores."),
    ("efficiency", "Parallel efficiency, the speedup divided by the workers: 100 % is perfect scaling. Error bars: "
                   "its 95 % interval."),
    ("time", "Median time of the parallel part, on log-log axes, with its 95 % interval. Dashed: the serial "
             "program's time divided by the workers."),
    ("bandwidth", "Memory bandwidth at the median time, error bars from the 95 % interval of that time. "
                  "Red dashed: the best bandwidth measured on this machine."),
    ("updates", "Grid-point updates per second at the median time, error bars from the 95 % interval of that time. "
                "Red dashed: the best rate measured."),
    ("resources", "What each run costs the machine. Left: CPU time (user + system, every process and thread of "
                  "the launch, per repetition) over the same model's at 1 worker: 1 is no more CPU than one worker "
                  "used; above it, what the workers spent spinning, starting or oversubscribed. Right: peak memory, "
                  "the sum of each process's peak resident size. Points: the median over launches; bars: the lowest "
                  "and highest launch."),
    ("cost", "Cold (solid): the first parallel region, which creates the workers. Warm (hatched): each later round. "
             "Microseconds on a log scale, at each model's largest worker count."),
)


@dataclass(frozen=True)
class Job:
    out: str               # the figure's path
    script: str            # plots/SCRIPT.gp
    args: Tuple[str, ...]  # gnuplot -c SCRIPT ARGS...


def job(plots: str, data: str, out: str, script: str, dat: str, *rest: str) -> Job:
    """Returns the job that draws PLOTS/OUT from DATA/DAT with SCRIPT."""
    return Job(os.path.join(plots, out), script, (os.path.join(data, dat), os.path.join(plots, out)) + rest)


def jobs(made: Dict[str, List[str]], sizes: Dict[str, str], caption: str, cores: str,
         formats: Sequence[str], data: str, plots: str) -> List[Job]:
    """Returns the job of every figure of a run whose data files MADE lists
    per workload."""
    out = []
    for ext in formats:
        if "(overview)" in made:
            out.append(job(plots, data, f"overview.{ext}", "overview", "overview.dat",
                           "Which model wins where: each model's best speedup over the serial program", caption))
        if "(roofline)" in made:
            out.append(job(plots, data, f"roofline.{ext}", "roofline", "roofline.dat",
                           "Roofline: attained GFLOP/s against FLOP per byte, under this machine's ceilings", caption))
        for w, kinds in made.items():
            size = f", size {sizes[w]}" if sizes.get(w) else ""
            if "time" not in kinds:
                continue
            if "cost" not in kinds and "speedup" in kinds:
                fits = os.path.join(data, f"{w}.fits") if "fits" in kinds else ""
                out.append(job(plots, data, f"{w}-speedup.{ext}", "speedup", f"{w}-speedup.dat",
                               f"{w}: speedup against workers{size}", caption, cores, fits))
                out.append(job(plots, data, f"{w}-efficiency.{ext}", "efficiency", f"{w}-efficiency.dat",
                               f"{w}: parallel efficiency{size}", caption, cores))
            out.append(job(plots, data, f"{w}-time.{ext}", "time", f"{w}.dat", f"{w}: time against workers{size}",
                           caption, cores))
            if "gbps" in kinds:
                out.append(job(plots, data, f"{w}-bandwidth.{ext}", "rate", f"{w}-gbps.dat",
                               f"{w}: memory bandwidth against workers{size}", caption, cores,
                               "memory bandwidth (GB/s)", "GB/s"))
            if "mlups" in kinds:
                out.append(job(plots, data, f"{w}-updates.{ext}", "rate", f"{w}-mlups.dat",
                               f"{w}: grid updates per second against workers{size}", caption, cores,
                               "million grid-point updates per second (MLUP/s)", "MLUP/s"))
            if "cpu" in kinds and "memory" in kinds:
                out.append(job(plots, data, f"{w}-resources.{ext}", "resources", f"{w}-cpu.dat",
                               f"{w}: CPU time and memory against workers{size}", caption, cores,
                               os.path.join(data, f"{w}-memory.dat")))
            if "cost" in kinds:
                out.append(job(plots, data, f"{w}-cost.{ext}", "spawn", f"{w}-cost.dat",
                               f"{w}: cost to start and join workers, at each model's most workers", caption))
    return out


class Drawing:
    """Runs gnuplot jobs, at most as many at once as there are CPUs; stop()
    ends them all (a signal handler calls it)."""

    def __init__(self):
        self.procs: List[subprocess.Popen] = []
        self.stopped = False

    def stop(self, *_args) -> None:
        self.stopped = True
        for p in self.procs:
            if p.poll() is None:
                try:
                    os.killpg(p.pid, signal.SIGKILL)
                except OSError:
                    pass

    def run(self, work: List[Job]) -> List[str]:
        """Draws every job; returns one line per figure that failed, came
        out empty, or about which gnuplot said anything."""
        env = dict(os.environ, LC_ALL="C.UTF-8", LANG="C.UTF-8")
        env.pop("LANGUAGE", None)
        limit = max(1, len(os.sched_getaffinity(0)))
        problems: List[str] = []
        pending = list(work)
        running: List[Tuple[Job, subprocess.Popen]] = []
        name = os.path.basename
        while (pending or running) and not self.stopped:
            while pending and len(running) < limit and not self.stopped:
                job = pending.pop(0)
                cmd = ["gnuplot", "-c", os.path.join(registry.ROOT, "plots", job.script + ".gp"), *job.args]
                p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     env=env, start_new_session=True)
                self.procs.append(p)
                running.append((job, p))
            for job, p in list(running):
                if p.poll() is None:
                    continue
                running.remove((job, p))
                said = p.stdout.read().decode("utf-8", "replace").strip() if p.stdout else ""
                if p.stdout:
                    p.stdout.close()
                for line in said.splitlines():
                    problems.append(f"{name(job.out)}: {line}")
                if p.returncode != 0 or not os.path.isfile(job.out) or os.path.getsize(job.out) == 0:
                    problems.append(f"{name(job.out)}: gnuplot failed (status {p.returncode})")
            time.sleep(0.02)
        return problems


def caption_of(doc: Dict[str, object]) -> str:
    """Returns one line naming the machine, the build and the date."""
    from .meta import text
    lib = text(doc, "mpi", "library_version")
    cores = text(doc, "cores")
    build = " ".join(x for x in (text(doc, "compiler", "cc_version"), text(doc, "flags", "CFLAGS")) if x)
    parts = [text(doc, "host"), text(doc, "cpu_model"), f"{cores} cores" if cores else None, build or None,
             lib.split(",")[0] if lib else None, text(doc, "date")]
    parts = [p for p in parts if p]
    return " · ".join(parts) if parts else "machine unknown (no meta.json)"


def cores_of(doc: Dict[str, object]) -> Optional[int]:
    from .meta import text
    c = schema.whole(text(doc, "cores") or "")
    return c if c is not None and 0 < c < 100000 else None
