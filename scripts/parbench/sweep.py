"""Running a sweep: launches of the binaries, each under the supervisor and
holding one or more timed repetitions, each launch's rows appended to
runs.csv whole, its output to its log.
"""
from __future__ import annotations

import os
import signal
import statistics
import sys
import time
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

from . import beside, noise, presets, results, rundir, schema, studyplan, supervise

WARMUP = 1


@dataclass(frozen=True)
class Launch:
    """One process start: REPS timed repetitions numbered from FIRST."""
    workload: str
    model: str
    workers: int
    launch: int
    first: int
    reps: int
    args: Tuple[str, ...]
    study: str = "strong"
    split: str = ""
    binding: str = ""

    @property
    def config(self) -> tuple:
        return studyplan.key(self.workload, self.model, self.workers, self.study,
                             presets.size_of(list(self.args)), self.split, self.binding)

    def log_name(self) -> str:
        """Returns the configuration's log, relative to the run directory."""
        extra = {"weak": f"-weak-{presets.size_of(list(self.args))}", "size": f"-size-{presets.size_of(list(self.args))}",
                 "hybrid": f"-hybrid-T{self.split}", "binding": f"-bind-{self.binding}"}.get(self.study, "")
        return f"logs/{self.model}-{self.workload}-P{self.workers}{extra}.log"


@dataclass
class Context:
    """What the runs of one sweep share."""
    root: str
    path: str                      # the run directory
    timeout: float
    env: Dict[str, str]
    quiet: bool
    shapes: Dict[Tuple[str, int], Tuple[str, str]] = field(default_factory=dict)
    stop: Optional[str] = None     # the name of the signal that stops the sweep
    # {workload: arguments} the sweep adds to every launch of it, chosen
    # from the machine's ceilings (triad's --isa: sweepceil.triad_isa)
    tuning: Dict[str, Tuple[str, ...]] = field(default_factory=dict)
    build: str = ""
    # {(workload, workers): the probe's words} of the limit measured beside
    # each launch (beside.plan), and what those measurements took:
    # {"probes", "failed", "seconds", "problem"}
    beside: Dict[Tuple[str, int], Tuple[str, ...]] = field(default_factory=dict)
    beside_done: Dict[str, object] = field(default_factory=lambda: {"probes": 0, "failed": 0, "seconds": 0.0,
                                                                    "problem": ""})
    # how the MPI probe beside launches starts (beside.mpi_launcher)
    beside_mpi: Optional[Tuple[List[str], Dict[str, str]]] = None
    # seconds this session spent on the sweep's ceilings before its launches
    # (measured at the start, or looked up): they count against --budget
    ceilings_seconds: float = 0.0
    # the probe that ended the last launch: (key, beside.how_for's answer,
    # its figure). The next launch, when it has the same probe, takes that
    # as its own 'before' (sampling.py runs such launches side by side).
    last_beside: Optional[Tuple[str, Tuple[Tuple[str, ...], int], float]] = None


class WriteFailed(Exception):
    """A file of the run directory could not be written: the sweep stops."""

    def __init__(self, name: str, error: OSError):
        super().__init__(f"cannot write {name}: {error.strerror or error}")


def shape(ctx: Context, model: str, workers: int) -> Tuple[str, str]:
    """Returns (ranks, threads) as scripts/run launches MODEL with WORKERS."""
    key = (model, workers)
    if key not in ctx.shapes:
        out = supervise_query([os.path.join(ctx.root, "scripts", "run"), "--shape", model, str(workers)], ctx.env)
        parts = (out or "").split()
        ctx.shapes[key] = (parts[0], parts[1]) if len(parts) == 2 and all(schema.whole(p) for p in parts) else ("", "")
    return ctx.shapes[key]


def supervise_query(cmd: List[str], env: Dict[str, str]) -> Optional[str]:
    import subprocess
    try:
        p = subprocess.run(cmd, env=env, capture_output=True, timeout=30, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError):
        return None
    return p.stdout.decode("utf-8", "replace").strip() if p.returncode == 0 else None


def log_entry(job: Launch, stamp: str, cmd: str, out: supervise.Outcome, end: str) -> str:
    reps = f"reps {job.first}-{job.first + job.reps - 1}" if job.reps > 1 else f"rep {job.first}"
    return (f"== launch {job.launch}, {reps}, {stamp}: {cmd}\n{out.stdout}"
            f"{'' if not out.stdout or out.stdout.endswith(chr(10)) else chr(10)}{out.stderr}"
            f"{'' if not out.stderr or out.stderr.endswith(chr(10)) else chr(10)}== {end}\n\n")


def rows_of(ctx: Context, job: Launch, out: supervise.Outcome, log: str,
            reading: noise.Reading) -> Tuple[List[Dict[str, str]], str, str]:
    """Returns the runs.csv rows of a finished launch (one per repetition it
    was to run), its status and why it is not ok. A launch is ok only when
    every repetition's result line is there and verified."""
    lines = results.parse_output(out.stdout)
    expect = {"workload": job.workload, "model": job.model, "workers": str(job.workers)}
    status, reason = results.classify(out.rc, out.timed_out, ctx.timeout, lines, expect, out.stderr)
    if status == "ok" and len(lines) != job.reps:
        status, reason = "failed", f"{len(lines)} result lines for {job.reps} repetitions"
    ranks, threads = shape(ctx, job.model, job.workers)
    if job.split:
        ranks, threads = str(job.workers // int(job.split)), job.split
    rows = []
    for i in range(job.reps):
        res = lines[i] if i < len(lines) else {}
        flags = ";".join(f for f, on in (("interference", reading.interference),
                                         ("stacked", studyplan.stacked(job.workers, res.get("cpus", "")))) if on)
        row = dict.fromkeys(schema.RUNS_COLUMNS, "")
        row.update({"workload": job.workload, "model": job.model, "workers": str(job.workers),
                    "ranks": res.get("ranks", ranks), "threads": res.get("threads", threads),
                    "size": res.get("size") or presets.size_of(list(job.args)), "rep": str(job.first + i),
                    "wall_seconds": "%.6f" % out.wall, "verified": res.get("verified", ""), "status": status,
                    "log": log, "cpus": res.get("cpus", ""), "launch": str(job.launch),
                    "cpu_seconds": "%.6f" % reading.cpu_seconds, "flags": flags,
                    "steal_seconds": schema.fmt(reading.steal_seconds, "%.3f"),
                    "other_cpu_seconds": schema.fmt(reading.other_cpu_seconds, "%.3f"),
                    "mhz": schema.fmt(reading.mhz, "%.0f"),
                    "peak_rss_mb": schema.fmt(out.peak_rss_kb / 1024 if out.peak_rss_kb else None, "%.1f"),
                    "study": job.study, "binding": job.binding})
        if schema.whole(row["size"]) is None:
            row["size"] = ""
        if status in ("ok", "wrong"):
            row.update(seconds=res.get("seconds", ""), checksum=res.get("checksum", ""))
        if status == "ok":
            row.update({c: res.get(c, "") for c in schema.RATE_COLUMNS})
        rows.append(row)
    return rows, status, reason


class Progress:
    """The progress line of each run, and the time left."""

    def __init__(self, todo: List[Launch]):
        self.left: Dict[str, int] = {}
        for r in todo:
            self.left[r.model] = self.left.get(r.model, 0) + 1
        self.walls: Dict[str, List[float]] = {}

    def eta(self) -> str:
        every = [w for ws in self.walls.values() for w in ws]
        if not every:
            return "?"
        total = 0.0
        for m, n in self.left.items():
            ws = self.walls.get(m) or every
            total += n * sum(ws) / len(ws)
        s = int(total + 0.5)
        return f"{s // 3600}h{s % 3600 // 60:02d}m" if s >= 3600 else f"{s // 60}m{s % 60:02d}s" if s >= 60 else f"{s}s"

    def done(self, job: Launch, wall: float) -> None:
        self.left[job.model] = max(self.left.get(job.model, 1) - 1, 0)
        self.walls.setdefault(job.model, []).append(wall)


def run_launch(ctx: Context, runner: supervise.Runner, job: Launch) -> Optional[List[Dict[str, str]]]:
    """Runs one launch and appends its rows and log entry. Returns the rows,
    or None when a signal stopped it (then nothing is recorded but its log
    entry). Raises WriteFailed."""
    log = job.log_name()
    stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    cmd = ["scripts/run", job.model, job.workload, str(job.workers), *job.args,
           *ctx.tuning.get(job.workload, ()), "--reps", str(job.reps),
           "--warmup", str(WARMUP)] + (["--bind", job.binding] if job.binding else [])
    argv = [os.path.join(ctx.root, cmd[0])] + cmd[1:]
    key = beside.key_of(job.workload, job.model)
    paired = beside.how_for(ctx.beside, key, job.workers)
    shared, ctx.last_beside = ctx.last_beside, None
    limit_before = (shared[2] if shared and shared[:2] == (key, paired) else measure_beside(ctx, runner, key, paired)) \
        if paired and not ctx.stop else None
    before = noise.sample()
    try:
        out = runner.run(argv, ctx.env, ctx.timeout)
    except OSError as e:
        out = supervise.Outcome(127, False, "", f"scripts/run: cannot start: {e.strerror}\n", 0.0, False)
    reading = noise.between(before, noise.sample(), out.wall)
    if out.interrupted or (ctx.stop and out.rc < 0):
        append(ctx, log, log_entry(job, stamp, " ".join(cmd), out,
                                   f"interrupted (SIG{ctx.stop}) after {out.wall:.6f} s: not recorded"))
        return None
    rows, status, reason = rows_of(ctx, job, out, log, reading)
    if status == "ok" and paired:
        after = measure_beside(ctx, runner, key, paired)
        if after is not None:
            ctx.last_beside = (key, paired, after)
        high, low, moved = beside.pair(limit_before, after)
        for row in rows:
            row.update(beside_high=schema.fmt(high, "%.4g"), beside_low=schema.fmt(low, "%.4g"))
            row["flags"] = ";".join(f for f in (row["flags"], "limit_moved" if moved else "") if f)
    end = f"{results.status_text(out.rc)}, wall {out.wall:.6f} s: {status}" + (f" ({reason})" if reason else "")
    if out.leftover:
        end += "; processes left behind were killed"
    if reading.interference:
        end += (f"; interference: others used {reading.other_cpu_seconds or 0:.2f} CPU s, "
                f"steal {reading.steal_seconds or 0:.2f} s")
    append(ctx, log, log_entry(job, stamp, " ".join(cmd), out, end))
    append(ctx, "runs.csv", schema.csv_text(schema.RUNS_COLUMNS, rows, header=False))
    return rows


def measure_beside(ctx: Context, runner: supervise.Runner, key: str,
                   paired: Tuple[Tuple[str, ...], int]) -> Optional[float]:
    """Runs the probe beside a launch of KEY (beside.key_of); PAIRED is
    beside.how_for's answer (the probe, its worker count). Returns its
    figure, or None when it failed (ctx.beside_done keeps the first why)."""
    got, took, why = beside.measure(runner, ctx.env, ctx.build, paired[0], key, paired[1], ctx.beside_mpi)
    done = ctx.beside_done
    done.update(probes=int(done["probes"]) + 1, seconds=float(done["seconds"]) + took)
    if got is None:
        done["failed"] = int(done["failed"]) + 1
        done["problem"] = done["problem"] or why
    return got


def append(ctx: Context, name: str, text: str) -> None:
    """Appends TEXT to the run directory's file NAME whole; raises WriteFailed."""
    try:
        rundir.append_whole(os.path.join(ctx.path, name), text)
    except OSError as e:
        raise WriteFailed(name, e)


def progress_line(job: Launch, index: str, rows: List[Dict[str, str]], eta: str) -> str:
    secs = [schema.number(r["seconds"]) for r in rows if r["seconds"]]
    shown = statistics.median(secs) if secs else (schema.number(rows[0]["wall_seconds"]) or 0.0)
    reps = f"rep {job.first}" if job.reps == 1 else f"launch {job.launch} x{job.reps}"
    study = studyplan.label(job.config)
    return f"[{index}] {job.model} {job.workload} P={job.workers}{' ' + study if study else ''} {reps} {shown:.3f} s {rows[0]['status']} ETA {eta}"


def run_fixed(ctx: Context, runner: supervise.Runner, todo: List[Launch], total: int,
              index: Dict[tuple, int], reps: int, rows: List[Dict[str, str]]) -> None:
    """Runs the launches TODO in order (the fixed plan of --reps), appending
    each one's rows to ROWS. Stops early when ctx.stop is set. Raises
    WriteFailed."""
    progress = Progress(todo)
    for job in todo:
        if ctx.stop:
            break
        got = run_launch(ctx, runner, job)
        if got is None:
            break
        rows.extend(got)
        progress.done(job, schema.number(got[0]["wall_seconds"]) or 0.0)
        if not ctx.quiet:
            say(progress_line(job, f"{index[job.config + (job.first,)]}/{total}", got, progress.eta())
                .replace(f"rep {job.first} ", f"rep {job.first}/{reps} "), prefix=False)


def say(message: str, prefix: bool = True) -> None:
    print(("bench: " if prefix else "") + message, file=sys.stderr, flush=True)


def signal_names() -> Dict[int, str]:
    return {signal.SIGINT: "INT", signal.SIGTERM: "TERM", signal.SIGHUP: "HUP"}
