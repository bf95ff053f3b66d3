"""The schema: the columns of runs.csv and summary.csv, their units and
meanings, defined once. The writer, the summarizer, the plots' data files,
the report and the tests all take them from here.

Everything read back from a run directory is untrusted: read_table checks
the header, the field count of every row and every value it hands on.
"""
from __future__ import annotations

import csv
import io
import math
import os
import re
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

# (column, meaning) of runs.csv: one row per timed repetition.
RUNS = (
    ("workload", "the workload (common/workloads/W.c)"),
    ("model", "the model (models.conf)"),
    ("workers", "P: threads, processes, ranks, or ranks x threads"),
    ("ranks", "MPI ranks (1 without MPI)"),
    ("threads", "threads per rank or process"),
    ("size", "the workload's --size"),
    ("rep", "the repetition's number in its configuration, 1, 2, ... across launches"),
    ("seconds", "the binary's own time of the parallel part, s (empty unless ok or wrong)"),
    ("wall_seconds", "the whole launch as the driver saw it, s (the same on every row of a launch)"),
    ("checksum", "the answer the run computed"),
    ("verified", "yes when the answer matched the reference"),
    ("status", "ok, wrong (verified=no), failed or timeout"),
    ("gbps", "memory bandwidth, GB/s (triad, stencil)"),
    ("mlups", "million grid-point updates per second (stencil)"),
    ("cold_us", "first parallel region, us (spawn)"),
    ("warm_us", "each later parallel region, us (spawn)"),
    ("log", "the run's log, relative to the run directory"),
    ("cpus", "the CPUs its workers were allowed on, ';' between ranges"),
    ("launch", "the launch (process start) the repetition ran in, 1, 2, ..."),
    ("cpu_seconds", "CPU time of the launch, user + system, summed over all its processes and threads"),
    ("steal_seconds", "CPU time the hypervisor stole during the launch (/proc/stat), all CPUs"),
    ("other_cpu_seconds", "CPU time other processes used during the launch, all CPUs"),
    ("mhz", "mean CPU clock during the launch (/proc/cpuinfo), where the system shows it"),
    ("flags", "interference: others used over a quarter core, or steal over 5 %, during the launch; stacked: "
              "more than one worker, all on one CPU (cpus), so the binding did not hold; limit_moved: the "
              "limits measured right before and after the launch (beside_high, beside_low) differ by more than "
              "15 %; "
              "';' between flags"),
    ("peak_rss_mb", "peak memory of the launch: the sum over its processes of each one's peak resident size, MB"),
    ("study", "the scaling study (studyplan.py): strong (one size, empty in older files), weak (the size grows "
              "with the workers), hybrid (threads is the split), binding, or size (the working set varies)"),
    ("binding", "the binding asked for (binding study): close, spread or none; empty: the launcher's default"),
    ("beside_high", "the limit measured right before and right after the launch (triad, stencil, pi, "
                    "mandelbrot), the higher: the probe of the cell's limit (the bandwidth of triad_regular or "
                    "scale_regular, GB/s; the FMA peak, GFLOP/s) in the start's best variant, at the launch's "
                    "workers, or above the counts the start measured at the most of them (no bandwidth limit "
                    "of the cell's then: it only says how the machine stood); empty when not measured"),
    ("beside_low", "the lower of the two (beside_high)"),
)

# (column, meaning) of summary.csv: one row per workload x model x workers.
SUMMARY = (
    ("workload", "the workload"),
    ("model", "the model"),
    ("workers", "P"),
    ("ranks", "MPI ranks"),
    ("threads", "threads per rank or process"),
    ("size", "the workload's --size"),
    ("n", "ok repetitions"),
    ("median", "median seconds of the ok repetitions"),
    ("min", "fastest ok repetition, s"),
    ("max", "slowest ok repetition, s"),
    ("spread", "(max - min) / median"),
    ("speedup_serial", "the baseline model's median at 1 worker / this median"),
    ("speedup_self", "the same model's median at 1 worker / this median"),
    ("efficiency", "speedup_self / workers"),
    ("karp_flatt", "Karp-Flatt serial fraction (1/S - 1/P) / (1 - 1/P), P > 1"),
    ("gbps", "median GB/s"),
    ("mlups", "median MLUP/s"),
    ("cold_us", "median cold start, us"),
    ("warm_us", "median warm round, us"),
    ("failed", "repetitions not ok"),
    ("amdahl_f", "serial fraction f of the model's Amdahl fit S(P) = 1/(f + (1-f)/P)"),
    ("amdahl_f_err", "standard error of f (empty when the fit is exact)"),
    ("launches", "launches the ok repetitions came from"),
    ("median_low", "95 % interval of the median, low end (two-level bootstrap over launches, then repetitions)"),
    ("median_high", "95 % interval of the median, high end"),
    ("ci_rel", "half the interval's width over the median"),
    ("target_met", "yes when ci_rel reached the sweep's target (--target), no when the budget ran out first"),
    ("speedup_serial_low", "95 % interval of speedup_serial (bootstrap of the ratio)"),
    ("speedup_serial_high", ""),
    ("speedup_self_low", "95 % interval of speedup_self"),
    ("speedup_self_high", ""),
    ("efficiency_low", "95 % interval of efficiency"),
    ("efficiency_high", ""),
    ("outliers", "ok repetitions whose modified z-score (median absolute deviation) exceeds 3.5"),
    ("interference", "ok repetitions from launches taken under heavy interference (left out when enough others)"),
    ("cpu_seconds", "median CPU seconds per repetition (the launch's CPU time over its repetitions)"),
    ("peak_rss_mb", "median over launches of peak_rss_mb"),
    ("cpu_seconds_min", "the lowest launch's CPU seconds per repetition"),
    ("cpu_seconds_max", "the highest launch's CPU seconds per repetition"),
    ("peak_rss_mb_min", "the lowest launch's peak_rss_mb"),
    ("peak_rss_mb_max", "the highest launch's peak_rss_mb"),
    ("gflops", "attained GFLOP/s: the workload's FLOPs (counted from its source, scripts/parbench/limits.py) "
               "over the median time; empty where not counted (sleep, spawn, Python models)"),
    ("intensity", "arithmetic intensity, FLOP per byte in the bandwidth ceiling's count (triad 2/24, "
                  "stencil 4/16, mandelbrot per pixel written); empty for pi (no memory traffic)"),
    ("limit", "the ceiling it is judged against (ceilings.csv, best of its kind), in that kind's unit"),
    ("limit_of", "which ceiling: KIND@WORKERS (triad_regular, scale_regular, fma, or the spawn's primitive); "
                 "'KIND@WORKERS beside' when measured beside the cell's launches (the median over its "
                 "launches of runs.csv's beside_high; a cost's, of beside_low)"),
    ("pct_of_limit", "100 x attained / limit (triad's bandwidth for triad, scale's for stencil, peak FLOP/s "
                     "for pi and mandelbrot; the best repetition's rate against the probe's best, as STREAM "
                     "counts, for bandwidth on both sides the second-fastest), or "
                     "100 x limit / warm_us for spawn (medians); with a limit 'beside', the median over the "
                     "cell's launches of each one's % against the limit measured around it; "
                     "empty when no limit applies (the report says why)"),
    ("pct_of_limit_high", "with a limit 'beside', the same against each launch's other probe (a rate's "
                          "beside_low, a cost's beside_high), the median over the cell's launches: the limit "
                          "moved between the two probes around a launch, so the % lies between pct_of_limit "
                          "and this; empty without a limit beside"),
    ("study", "the scaling study, as in runs.csv; for weak, efficiency is T(1)/T(P) at the grown size and "
              "speedup_self is Gustafson's scaled speedup P x T(1)/T(P)"),
    ("binding", "the binding asked for, as in runs.csv"),
    ("stacked", "repetitions of more than one worker whose workers all sat on one CPU (cpus): the binding did "
                "not hold; a study leaves them out"),
)

# (column, meaning) of comparisons.csv: every pair of models per workload
# and worker count.
COMPARISONS = (
    ("workload", "the workload"),
    ("workers", "P"),
    ("model_a", "model A"),
    ("model_b", "model B"),
    ("ratio", "A's median time over B's: below 1, A is faster"),
    ("ratio_low", "95 % interval of the ratio, low end"),
    ("ratio_high", "95 % interval of the ratio, high end"),
    ("verdict", "faster, slower (A against B), or tie: the interval holds 1 or the difference is under --threshold"),
)

RUNS_COLUMNS = tuple(c for c, _ in RUNS)
SUMMARY_COLUMNS = tuple(c for c, _ in SUMMARY)
COMPARISON_COLUMNS = tuple(c for c, _ in COMPARISONS)
RATE_COLUMNS = ("gbps", "mlups", "cold_us", "warm_us")
STATUSES = ("ok", "wrong", "failed", "timeout")

NAME_RE = re.compile(r"^[a-z0-9_]{1,40}\Z")
LOG_RE = re.compile(r"^logs/[A-Za-z0-9_.-]{1,120}\Z")
CPUS_RE = re.compile(r"^[0-9]+(-[0-9]+)?(;[0-9]+(-[0-9]+)?){0,63}\Z")
PLAIN_RE = re.compile(r"^[A-Za-z0-9_.+-]{1,64}\Z")


class TableError(ValueError):
    """A CSV file is not the table it should be; the message says where."""


def number(text: str) -> Optional[float]:
    """Returns TEXT as a finite float, whatever the locale, or None."""
    if not isinstance(text, str) or not re.match(r"^[-+]?[0-9]*\.?[0-9]+([eE][-+]?[0-9]+)?\Z", text.strip()):
        return None
    value = float(text)
    return value if math.isfinite(value) else None


def whole(text: str) -> Optional[int]:
    """Returns TEXT as a non-negative int, or None."""
    return int(text) if isinstance(text, str) and re.match(r"^[0-9]{1,18}\Z", text) else None


def fmt(value: Optional[float], spec: str) -> str:
    """Returns VALUE formatted with SPEC (C-locale printf style), '' for None."""
    return "" if value is None else spec % value


def csv_text(columns: Sequence[str], rows: Iterable[Dict[str, str]], header: bool = True) -> str:
    """Returns ROWS as CSV text with COLUMNS, in that order, '\\n' line ends."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    if header:
        w.writerow(columns)
    for row in rows:
        w.writerow([" ".join(str(row.get(c, "")).splitlines()) for c in columns])
    return buf.getvalue()


def write_whole(path: str, text: str) -> None:
    """Replaces PATH with TEXT through a temporary file and a rename, so it
    is whole or as it was; the new file gets the mode the umask gives.
    Raises OSError."""
    tmp = os.path.join(os.path.dirname(path) or ".", f".{os.path.basename(path)}.{os.getpid()}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8", errors="replace", newline="") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _fields(line: str) -> Tuple[Optional[List[str]], str]:
    """Returns the fields of one CSV line, or None and why it is not one."""
    if len(line) > 100000:
        return None, "a line of more than 100000 characters"
    try:
        rows = list(csv.reader([line]))
    except csv.Error as e:
        return None, str(e)
    return (rows[0] if rows else []), ""


def read_table(path: str, required: Sequence[str]) -> Tuple[List[str], List[Dict[str, str]], List[str]]:
    """Reads the CSV file PATH by column name. Returns (header, rows,
    problems): the rows whose field count matches the header, as dicts, and
    one line per row left out. Raises TableError when the file cannot be
    read, is not UTF-8, or its header lacks a REQUIRED column or repeats one.
    A UTF-8 byte-order mark and CRLF line ends are read as plain text."""
    try:
        with open(path, encoding="utf-8", newline="") as f:
            text = f.read()
    except UnicodeDecodeError:
        raise TableError(f"{path}: not UTF-8 text")
    except OSError as e:
        raise TableError(f"{path}: {e.strerror}")
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = [line[:-1] if line.endswith("\r") else line for line in text.split("\n")]
    if lines and lines[-1] == "":
        lines.pop()
    if not lines:
        raise TableError(f"{path}: empty")
    header, why = _fields(lines[0])
    if header is None:
        raise TableError(f"{path}: line 1: {why}")
    header = [h.strip() for h in header]
    missing = [c for c in required if c not in header]
    if missing:
        raise TableError(f"{path}: the header has no column {', '.join(missing)}")
    if len(set(header)) != len(header):
        raise TableError(f"{path}: the header names a column twice")
    rows, problems = [], []
    for n, line in enumerate(lines[1:], 2):
        if not line:
            continue
        fields, why = _fields(line)
        if fields is None:
            problems.append(f"line {n}: {why}")
        elif len(fields) != len(header):
            what = "more" if len(fields) > len(header) else "fewer"
            problems.append(f"line {n}: {len(fields)} fields, {what} than the header's {len(header)}")
        else:
            rows.append(dict(zip(header, (x.strip() for x in fields))))
    return header, rows, problems


# (column, meaning) of ceilings.csv: this machine's limits as measured by
# the probes of tools/ceilings/ (scripts/ceilings), one row per measurement.
# A rate (GB/s, GFLOP/s) is the best repetition's, as STREAM reports (for
# memory bandwidth the second-fastest: a rate two repetitions reached); a
# cost (us) is the median batch's, as the spawn workload's rounds are.
CEILINGS = (
    ("probe", "the probe, tools/ceilings/PROBE.c: bandwidth, flops, startup or mpi"),
    ("kind", "what it measures: triad_regular, triad_nontemporal, scale_regular, fma, pthread_create_join, "
             "fork_waitpid, posix_spawn, omp_parallel, mpi_barrier, mpi_latency, mpi_bandwidth"),
    ("variant", "how: the arrays' placement, huge pages and the store's instructions (triad, scale), "
                "the instructions and chains (fma), the message size (mpi); '-' for none"),
    ("workers", "threads, processes or MPI ranks it ran on"),
    ("value", "the figure: a rate's best repetition (memory bandwidth: the second-fastest), a cost's median batch"),
    ("unit", "GB/s (24 bytes per triad element and 16 per scale element, as STREAM counts), GFLOP/s "
             "(2 per FMA and lane) or us (per round of workers)"),
    ("best", "yes for the best variant of its kind at its worker count (highest rate, lowest cost): "
             "the ceiling; triad_regular's is the bandwidth ceiling triad is judged against, "
             "scale_regular's the stencil's"),
    ("verified", "yes when the probe's answer matched its closed form"),
    ("seconds", "the timed part: the best repetition (rates) or all batches (costs), s"),
    ("median", "the median repetition's or batch's figure"),
    ("low", "the lowest repetition's or batch's figure"),
    ("high", "the highest repetition's or batch's figure"),
    ("cpus", "the CPUs its threads were bound to, ';' between them; '-' when unbound"),
    ("others", "CPUs' worth of time other processes (and the hypervisor) used meanwhile, at least: "
               "/proc counts in ticks, and a tick per CPU is left out; above about 0.25 the figure may "
               "be low (empty: unknown)"),
)
CEILINGS_COLUMNS = tuple(c for c, _ in CEILINGS)
