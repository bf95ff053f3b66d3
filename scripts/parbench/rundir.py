"""The run directory: taken under a lock before anything is written, its
plan and settings, and its rows and logs appended whole or not at all.

  runs.csv  summary.csv  meta.json  plan.tsv  settings  logs/  plots/
"""
from __future__ import annotations

import fcntl
import os
import re
import socket
import time
from dataclasses import dataclass
from typing import Dict, List, Optional, Tuple

from . import schema, studyplan

LOCK = ".lock"
SETTINGS_RE = re.compile(r"^([a-z_]+(\.[a-z0-9_]{1,40})?)=(.*)\Z")


class RunDirError(Exception):
    """The run directory cannot be used. STATUS is the exit status: 2 for
    the user's choice of directory, 3 for a system call that failed."""

    def __init__(self, message: str, status: int = 2):
        super().__init__(message)
        self.status = status


@dataclass
class RunDir:
    path: str
    lock_fd: int
    made: bool = False


def _shown(path: str) -> str:
    s = "".join(c if c.isprintable() else "?" for c in path)
    return s if len(s) <= 80 else s[:77] + "..."


def _lock(path: str) -> int:
    """Returns an fd holding the exclusive lock of run directory PATH;
    raises RunDirError when a sweep, or a run of one, holds it."""
    try:
        fd = os.open(os.path.join(path, LOCK), os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as e:
        raise RunDirError(f"cannot write the run directory {_shown(path)}: {e.strerror}", 3)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        raise RunDirError(f"another scripts/bench, or a run it started, is still working in {_shown(path)}", 3)
    return fd


def default_path(root: str) -> str:
    host = re.sub(r"[^A-Za-z0-9._-]", "_", socket.gethostname() or "host")
    return os.path.join(root, "results", f"{host}-{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}")


def create(out: Optional[str], root: str) -> RunDir:
    """Returns a new, empty, locked run directory: OUT (made if missing, or
    empty), else a fresh one under ROOT/results. The emptiness of OUT is
    checked under the lock, so two sweeps cannot share it."""
    made = False
    if out is None:
        base = default_path(root)
        os.makedirs(os.path.dirname(base), exist_ok=True)
        for n in range(1, 100):
            path = base if n == 1 else f"{base}-{n}"
            try:
                os.mkdir(path)
                made = True
                break
            except FileExistsError:
                continue
            except OSError as e:
                raise RunDirError(f"cannot create {_shown(path)}: {e.strerror}", 3)
        else:
            raise RunDirError(f"cannot create a run directory under {_shown(os.path.dirname(base))}", 3)
    else:
        path = out
        if os.path.lexists(path) and not os.path.isdir(path):
            raise RunDirError(f"--out: '{_shown(out)}' exists and is not a directory")
        if not os.path.isdir(path):
            try:
                os.makedirs(path)
                made = True
            except FileExistsError:
                pass
            except OSError as e:
                raise RunDirError(f"cannot create {_shown(out)}: {e.strerror}", 3)
    path = os.path.abspath(path)
    had_lock = os.path.lexists(os.path.join(path, LOCK))
    try:
        fd = _lock(path)
    except RunDirError:
        if made:
            try:
                os.rmdir(path)
            except OSError:
                pass  # the sweep that holds the lock has written there
        raise
    if any(e != LOCK for e in os.listdir(path)):
        if not had_lock:
            os.unlink(os.path.join(path, LOCK))
        os.close(fd)
        raise RunDirError(f"--out: '{_shown(out or path)}' is not empty (an earlier sweep? --resume it, or choose another)")
    return RunDir(path, fd, made)


def open_existing(path: str) -> RunDir:
    """Returns the locked run directory PATH of an earlier sweep; raises
    RunDirError when it is not one, or a sweep or its runs still hold it."""
    if not os.path.isdir(path):
        raise RunDirError(f"--resume: '{_shown(path)}' is not a directory")
    for f in ("runs.csv", "plan.tsv", "settings"):
        if not os.path.isfile(os.path.join(path, f)):
            raise RunDirError(f"--resume: '{_shown(path)}' has no {f} (not a sweep of scripts/bench)")
    path = os.path.abspath(path)
    return RunDir(path, _lock(path))


def unmake(rd: RunDir) -> None:
    """Removes what a new run directory holds after it could not be set up."""
    for name in ("runs.csv", "plan.tsv", "settings", LOCK):
        try:
            os.unlink(os.path.join(rd.path, name))
        except OSError:
            pass
    try:
        os.rmdir(os.path.join(rd.path, "logs"))
        if rd.made:
            os.rmdir(rd.path)
    except OSError:
        pass


def settings_text(values: Dict[str, str]) -> str:
    """Returns the settings file: one key=value a line, printable values."""
    return "".join(f"{k}={v}\n" for k, v in values.items() if "\n" not in str(v))


def read_settings(path: str) -> Dict[str, str]:
    """Returns the key=value pairs of a settings file; raises RunDirError
    on a line that is not one, or a key given twice."""
    out: Dict[str, str] = {}
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise RunDirError(f"--resume: cannot read {_shown(path)}: {getattr(e, 'strerror', None) or e}")
    for n, line in enumerate(lines, 1):
        m = SETTINGS_RE.match(line)
        if not m or not m.group(3).isprintable():
            raise RunDirError(f"--resume: settings:{n} is not key=value")
        if m.group(1) in out:
            raise RunDirError(f"--resume: settings:{n}: {m.group(1)} is given twice")
        out[m.group(1)] = m.group(3)
    return out


def append_whole(path: str, text: str) -> None:
    """Appends TEXT to PATH in one write, or not at all: after a failed
    write (a full disk) PATH is cut back to its old size. Raises OSError."""
    data = text.encode("utf-8")
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        size = os.fstat(fd).st_size
        try:
            done = 0
            while done < len(data):
                done += os.write(fd, data[done:])
        except OSError:
            os.ftruncate(fd, size)
            raise
    finally:
        os.close(fd)


# the columns of runs.csv in older sweeps, oldest first: before the
# studies (study, binding), before the limits beside each launch
# (beside_high, beside_low). Read, and written again with today's columns.
OLDER_RUNS_COLUMNS = (schema.RUNS_COLUMNS[:-4], schema.RUNS_COLUMNS[:-2])
OLD_RUNS_COLUMNS = OLDER_RUNS_COLUMNS[0]


def old_header(path: str) -> bool:
    """True when the runs.csv at PATH has the columns of an older sweep
    (OLDER_RUNS_COLUMNS): a sweep resumed there writes it again with
    today's."""
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            first = f.readline().lstrip("\ufeff").rstrip("\r\n")
    except OSError:
        return False
    return any(first == ",".join(cols) for cols in OLDER_RUNS_COLUMNS)


def load_rows(path: str, planned: Dict[tuple, str],
              reps: Optional[Dict[tuple, set]] = None) -> Tuple[List[Dict[str, str]], List[str]]:
    """Returns (rows, dropped) of runs.csv at PATH: the rows that are whole,
    of a planned configuration (PLANNED maps each key, studyplan.key, to
    its size) and, when REPS is given, of one of its planned repetitions;
    the first of their configuration and repetition; and one reason per row
    left out. A runs.csv from before the studies (no study and binding
    columns, old_header) reads as the strong study's; one from before the
    limits beside launches, with no beside_high and beside_low.
    Raises RunDirError when the file is not a runs.csv of this schema."""
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except OSError as e:
        raise RunDirError(f"--resume: cannot read runs.csv: {e.strerror}", 3)
    dropped = []
    if raw and not raw.endswith(b"\n"):
        raw = raw[: raw.rfind(b"\n") + 1]
        dropped.append("a row cut short")
    tmp = path + ".check"
    try:
        with open(tmp, "wb") as f:
            f.write(raw)
        header, rows, problems = schema.read_table(tmp, OLD_RUNS_COLUMNS)
    except (OSError, schema.TableError) as e:
        raise RunDirError(f"--resume: runs.csv: {str(e).replace(tmp, 'runs.csv')}")
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    if tuple(header) not in (schema.RUNS_COLUMNS,) + OLDER_RUNS_COLUMNS:
        raise RunDirError("--resume: runs.csv does not have the columns of runs.csv, in order")
    dropped += problems
    for row in rows:
        for c in schema.RUNS_COLUMNS[len(header):]:
            row[c] = ""
    kept, seen = [], set()
    for row in rows:
        config = studyplan.row_key(row) or (row["workload"], row["model"], None)
        key = config + (schema.whole(row["rep"]),)
        if key[-1] is None or (row.get("launch") and schema.whole(row["launch"]) is None):
            dropped.append(f"{','.join(map(str, key))}: a repetition or launch that is not a number")
        elif config not in planned or (reps is not None and key[-1] not in reps.get(config, ())):
            dropped.append(f"{','.join(map(str, key))}: not in the plan")
        elif key in seen:
            dropped.append(f"{','.join(map(str, key))}: a repetition twice")
        elif planned[config] and row["size"] and row["size"] != planned[config]:
            dropped.append(f"{','.join(map(str, key))}: size {row['size']}, not the plan's {planned[config]}")
        elif row["status"] not in schema.STATUSES:
            dropped.append(f"{','.join(map(str, key))}: status '{row['status'][:20]}'")
        else:
            seen.add(key)
            kept.append(row)
    return kept, dropped
