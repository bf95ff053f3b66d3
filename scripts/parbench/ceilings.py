"""This machine's ceilings: runs the probes of tools/ceilings/ (built into
BUILD/ceilings/ by `make ceilings`), checks every result line they print,
and turns them into the rows of ceilings.csv (schema.CEILINGS).

  measure(build, root, quick)  the rows, from every probe that is built
  cache_key(build)             what the rows depend on: machine and build
  ceilparse.best_value, ceilparse.choices   a ceiling; the variant it chose
  interference(rows)           the best rows other processes may have slowed
  main(argv)                   scripts/ceilings

A probe's line is key=value pairs; nothing in it is trusted: a line that
is not a verified result of the form its probe promises stops the
measurement with a one-line reason.
"""
from __future__ import annotations

import hashlib
import json
import os
import platform
import re
import shutil
import signal
import socket
import sys
import time
from typing import Callable, Dict, List, Optional, Sequence, Tuple

from . import cli, meta, schema, supervise
from .ceilparse import RATE_UNITS, CeilingsError, Row, mark_best, parse_output

PROGRAM = "scripts/ceilings"
USAGE = """usage: scripts/ceilings [--out DIR] [--quick] [--help]

Measures this machine's limits with the probes of tools/ceilings/, built by
`make ceilings` into $PARBENCH_BUILD/ceilings/ (default build/): memory
bandwidth (triad with regular and non-temporal stores, several placements,
at 1 worker and at all cores), peak double-precision FLOP/s (FMA chains),
and the costs of starting work (pthread_create + join, fork + waitpid,
posix_spawn, an empty OpenMP region, MPI barrier and ping-pong with 2
ranks). Every probe checks its own answer. Writes DIR/ceilings.csv and
prints the best figure of each kind.

  --out DIR   where ceilings.csv goes (made if missing; default
              results/ceilings-HOST-TIME/)
  --quick     fewer variants and repetitions: a few seconds (the sweep's)
Environment: PARBENCH_BUILD, MPIRUN (default mpirun).
Exit status: 0 done; 1 a probe's answer was wrong; 2 bad usage or no probe
built; 3 a probe failed or the file could not be written.
"""

PROBES = ("bandwidth", "flops", "startup", "mpi")
MPI_RANKS = 2

def timeout(quick: bool) -> float:
    """Seconds a probe may take before it is ended."""
    return 60.0 if quick else 300.0


def probe_path(build: str, name: str) -> str:
    return os.path.join(build, "ceilings", name)


def built(build: str) -> List[str]:
    """The probes built in BUILD/ceilings/, in PROBES order."""
    return [p for p in PROBES if os.access(probe_path(build, p), os.X_OK)]


def mpi_command(root: str, binary: str, cores: int) -> Tuple[Optional[List[str]], Dict[str, str], str]:
    """Returns (command, extra environment, why not) that starts BINARY on
    MPI_RANKS ranks: mpirun with the flags scripts/run gives Open MPI (as
    root, and beyond the cores); command None, and why, when there is no
    mpirun."""
    mpirun = os.environ.get("MPIRUN") or "mpirun"
    if not shutil.which(mpirun):
        return None, {}, f"no {mpirun} to launch it"
    flavour = meta.output_of([os.path.join(root, "scripts", "run"), "--mpi-flavour"]) or "other"
    cmd, env = [mpirun, "-np", str(MPI_RANKS)], {}
    if flavour == "openmpi":
        if os.geteuid() == 0:
            env.update(OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1")
        if cores < MPI_RANKS:
            cmd += ["--oversubscribe", "--bind-to", "none"]
            env["OMPI_MCA_mpi_yield_when_idle"] = "1"
        else:
            cmd += ["--bind-to", "core"]
    return cmd + [binary], env, ""


def run_probe(name: str, cmd: List[str], env: Dict[str, str], quick: bool,
              runner: supervise.Runner) -> List[Row]:
    """Runs one probe's command; returns its rows. Raises CeilingsError: 1
    when it says its answer is wrong, 3 when it fails or times out."""
    try:
        out = runner.run(cmd, dict(os.environ, **env), timeout(quick))
    except OSError as e:
        raise CeilingsError(f"ceilings/{name}: cannot run {cmd[0]}: {e.strerror}")
    said = " ".join(out.stderr.split())[:300]
    if out.interrupted:
        raise CeilingsError(f"ceilings/{name}: interrupted", 3)
    if out.timed_out:
        raise CeilingsError(f"ceilings/{name}: ended after {timeout(quick):.0f} s without finishing")
    if out.rc == 1:
        raise CeilingsError(f"ceilings/{name}: its answer did not verify: {said or '(it said nothing)'}", 1)
    if out.rc != 0:
        raise CeilingsError(f"ceilings/{name}: exit status {out.rc}: {said or '(it said nothing)'}")
    return parse_output(name, out.stdout)


def probe_rows(build_dir: str, root: str, name: str, quick: bool, runner: supervise.Runner,
               say: Optional[Callable[[str], None]] = None) -> List[Row]:
    """Runs probe NAME of BUILD_DIR/ceilings/ and returns its rows (no
    'best' yet); [] for the MPI probe without mpirun (SAY gets why).
    Raises CeilingsError: 1 when its answer was wrong, 3 when it failed."""
    binary = probe_path(build_dir, name)
    env: Dict[str, str] = {}
    if name == "mpi":
        cmd, env, why = mpi_command(root, binary, meta.cores())
        if cmd is None:
            if say:
                say(f"ceilings/mpi left out: {why}")
            return []
    else:
        cmd = [binary]
    return run_probe(name, cmd + (["--quick"] if quick else []), env, quick, runner)


def measure(build_dir: str, root: str, quick: bool, runner: Optional[supervise.Runner] = None,
            say: Optional[Callable[[str], None]] = None) -> List[Row]:
    """Runs every probe built in BUILD_DIR/ceilings/ (ROOT: the checkout,
    for scripts/run) and returns the rows of ceilings.csv, in the probes'
    order, 'best' marked. QUICK runs fewer variants: a few seconds. SAY
    gets a line for each probe left out (the MPI one without mpirun).
    Raises CeilingsError: 2 when no probe is built, 1 when one's answer was
    wrong, 3 when one failed."""
    names = built(build_dir)
    if not names:
        raise CeilingsError(f"no probe is built in {build_dir}/ceilings/ (make ceilings builds them)", 2)
    runner = runner or supervise.Runner()
    rows: List[Row] = []
    for name in names:
        rows += probe_rows(build_dir, root, name, quick, runner, say)
    return mark_best(rows)


# ---- the cache key ------------------------------------------------------------------

def machine() -> Dict[str, object]:
    """What the ceilings depend on in the machine: host, CPU model, the CPUs
    this process may use, kernel."""
    return {"host": socket.gethostname(), "cpu_model": meta.cpu_model(), "cores": meta.cores(),
            "kernel": platform.release()}


def file_digest(path: str) -> Optional[str]:
    """The SHA-256 of the file PATH, or None when it cannot be read."""
    h = hashlib.sha256()
    try:
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
    except OSError:
        return None
    return h.hexdigest()


def cache_key(build_dir: str) -> str:
    """Returns a key (64 hex digits) that changes when the machine (host,
    CPU model, core count, kernel) or the build (BUILD_DIR/buildinfo, and
    the probes' binaries) does: ceilings measured under one key hold for
    every sweep under it."""
    try:
        with open(os.path.join(build_dir, "buildinfo"), "rb") as f:
            info = f.read().decode("utf-8", "replace")
    except OSError:
        info = None
    doc = {"machine": machine(), "buildinfo": info,
           "probes": {p: file_digest(probe_path(build_dir, p)) for p in PROBES}}
    return hashlib.sha256(json.dumps(doc, sort_keys=True).encode()).hexdigest()


# ---- scripts/ceilings ---------------------------------------------------------------

def table(rows: Sequence[Row]) -> str:
    """The best row of each kind and worker count, as a short text table."""
    lines = [f"{'kind':<22} {'workers':>7} {'value':>10} {'unit':<8} {'range':<19} variant"]
    order = {k: i for i, k in reversed(list(enumerate(r["kind"] for r in rows)))}
    for r in sorted((r for r in rows if r["best"] == "yes"), key=lambda r: (order[r["kind"]], int(r["workers"]))):
        spread = f"{float(r['low']):.4g}..{float(r['high']):.4g}"
        lines.append(f"{r['kind']:<22} {r['workers']:>7} {float(r['value']):>10.4g} {r['unit']:<8} {spread:<19} {r['variant']}")
    return "\n".join(lines) + "\n"


# Other processes' use of the CPUs above which a figure is suspect.
BUSY_LIMIT = 0.25


def interference(rows: Sequence[Row]) -> List[str]:
    """One line per best row measured while other processes used more than
    BUSY_LIMIT CPUs: a rate may be below the machine's, a cost above."""
    out = []
    for r in rows:
        busy = schema.number(r.get("others", ""))
        if r.get("best") == "yes" and busy is not None and busy > BUSY_LIMIT:
            how = "low" if r["unit"] in RATE_UNITS else "high"
            workers = f"{r['workers']} worker{'' if r['workers'] == '1' else 's'}"
            out.append(f"{r['kind']} at {workers}: other processes used {busy:.2f} CPUs meanwhile; "
                       f"the figure may be {how} (measure on an idle machine)")
    return out


def default_out(root: str) -> str:
    host = re.sub(r"[^A-Za-z0-9._-]", "_", socket.gethostname() or "host")
    return os.path.join(root, "results", f"ceilings-{host}-{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}")


def main(argv: List[str]) -> int:
    p = cli.Parser(PROGRAM, USAGE)
    p.add_argument("--out", type=cli.nonempty("--out"))
    p.add_argument("--quick", action="store_true")
    opts = p.parse(argv)
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    build = os.environ.get("PARBENCH_BUILD") or os.path.join(root, "build")
    out = opts.out or default_out(root)
    if os.path.lexists(out) and not os.path.isdir(out):
        cli.die(PROGRAM, f"--out: '{out[:80]}' exists and is not a directory")
    runner = supervise.Runner()
    caught: List[int] = []

    def on_signal(sig, _frame):
        # ends the probe's session and the wait for it; then exit 128 + sig
        caught.append(sig)
        runner.interrupt()
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, on_signal)
    try:
        rows = measure(build, root, opts.quick, runner, say=lambda m: print(f"{PROGRAM}: {m}", file=sys.stderr))
    except CeilingsError as e:
        if caught:
            cli.die(PROGRAM, f"stopped by signal {caught[0]}: nothing written", 128 + caught[0])
        cli.die(PROGRAM, str(e), e.status)
    if caught:
        cli.die(PROGRAM, f"stopped by signal {caught[0]}: nothing written", 128 + caught[0])
    try:
        os.makedirs(out, exist_ok=True)
        schema.write_whole(os.path.join(out, "ceilings.csv"), schema.csv_text(schema.CEILINGS_COLUMNS, rows))
    except OSError as e:
        cli.die(PROGRAM, f"cannot write {out[:80]}/ceilings.csv: {e.strerror}", 3)
    sys.stdout.write(table(rows))
    for line in interference(rows):
        print(f"{PROGRAM}: warning: {line}", file=sys.stderr)
    print(f"{PROGRAM}: {len(rows)} measurements in {os.path.join(out, 'ceilings.csv')}")
    return 0
