"""meta.json: the machine, the build, the software and the sweep, written
with json.dump so that every value, whatever bytes it came from, is JSON.
"""
from __future__ import annotations

import hashlib
import json
import os
import platform
import shutil
import socket
import subprocess
import time
from typing import Dict, List, Optional, Sequence

FORMAT = "parbench-meta-1"


def utc_now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def output_of(cmd: Sequence[str], timeout: float = 20, stderr: bool = False) -> Optional[str]:
    """Returns what CMD printed (stdout, and stderr if asked), decoded with
    replacement characters, or None when it could not run or failed."""
    try:
        p = subprocess.run(list(cmd), stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout)
    except (OSError, subprocess.SubprocessError):
        return None
    text = (p.stdout + (p.stderr if stderr else b"")).decode("utf-8", "replace").strip()
    return text if p.returncode == 0 or stderr else None


def first_line(text: Optional[str]) -> Optional[str]:
    return text.splitlines()[0] if text else None


def buildinfo(build: str) -> Dict[str, str]:
    """Returns the KEY=VALUE lines make wrote into BUILD/buildinfo."""
    out: Dict[str, str] = {}
    try:
        with open(os.path.join(build, "buildinfo"), encoding="utf-8", errors="replace") as f:
            for line in f.read().splitlines():
                k, eq, v = line.partition("=")
                if eq and k.isidentifier():
                    out[k] = v
    except OSError:
        pass
    return out


def git_state(root: str) -> Dict[str, object]:
    """Returns the commit, whether the tree is dirty, and why they are null."""
    if not shutil.which("git"):
        return {"commit": None, "dirty": None, "commit_note": "git is not installed"}
    commit = output_of(["git", "-C", root, "rev-parse", "HEAD"])
    if not commit:
        return {"commit": None, "dirty": None, "commit_note": "not a git checkout (a tarball?)"}
    status = output_of(["git", "-C", root, "status", "--porcelain"])
    return {"commit": commit, "dirty": bool(status) if status is not None else None}


def cpu_model() -> Optional[str]:
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as f:
            for line in f:
                k, _, v = line.partition(":")
                if k.strip() in ("model name", "Model name", "cpu model", "Processor"):
                    return v.strip()
    except OSError:
        pass
    return None


def os_release() -> Optional[str]:
    try:
        with open("/etc/os-release", encoding="utf-8", errors="replace") as f:
            for line in f:
                if line.startswith("PRETTY_NAME="):
                    return line.split("=", 1)[1].strip().strip('"')
    except OSError:
        pass
    return None


def topology() -> Dict[str, Optional[str]]:
    for tool, cmd in (("lstopo-no-graphics", ["lstopo-no-graphics", "--of", "console"]), ("lscpu", ["lscpu"])):
        if shutil.which(tool):
            return {"topology_tool": tool, "topology": output_of(cmd)}
    return {"topology_tool": None, "topology": None}


def environment(prefixes: Sequence[str] = ("OMP_", "SLURM_")) -> Dict[str, str]:
    """Returns the OMP_* and SLURM_* variables, any bytes made UTF-8."""
    out = {}
    for k, v in sorted(os.environb.items()):
        name = k.decode("utf-8", "replace")
        if name.startswith(tuple(prefixes)):
            out[name] = v.decode("utf-8", "replace")
    return out


def env_text(name: str) -> Optional[str]:
    """Returns the environment variable NAME, any bytes made UTF-8, or None."""
    value = os.environb.get(name.encode())
    return value.decode("utf-8", "replace") if value else None


def cores() -> int:
    return len(os.sched_getaffinity(0))


def python_of(env_python: Optional[str]) -> Dict[str, object]:
    """Returns the interpreter the Python models run under (PYTHON, else
    python3): its implementation, version and whether it has a GIL."""
    exe = env_python or "python3"
    probe = ("import platform, sys; g = getattr(sys, '_is_gil_enabled', None); "
             "print(platform.python_implementation(), platform.python_version(), 'no' if g and not g() else 'yes', "
             "sys.executable)")
    out = (output_of([exe, "-S", "-c", probe]) or "").split(" ", 3)
    if len(out) != 4:
        return {"interpreter": exe, "implementation": None, "version": None, "gil": None, "executable": None}
    # the program itself: PYTHON may name a wrapper (a version manager's
    # shim) that costs a tenth of a second at every launch
    real = out[3].strip()
    return {"interpreter": exe, "implementation": out[0], "version": out[1], "gil": out[2] == "yes",
            "executable": real if os.path.isabs(real) and os.access(real, os.X_OK) else None}


def software(build: str, root: str, mpirun: str, mpi_usable: bool) -> Dict[str, object]:
    """Returns the compilers, flags, MPI library and parbench's commit."""
    info = buildinfo(build)
    cc, mpicc = info.get("CC"), info.get("MPICC")
    mpi_version = os.path.join(build, "tools", "mpi_version")
    lib = output_of([mpi_version]) if os.access(mpi_version, os.X_OK) else None
    flavour = output_of([os.path.join(root, "scripts", "run"), "--mpi-flavour"]) if mpi_usable else None
    return {
        "compiler": {"cc": cc, "cc_version": first_line(output_of(cc.split() + ["--version"])) if cc else None,
                     "mpicc": mpicc,
                     "mpicc_version": first_line(output_of(mpicc.split() + ["--version"])) if mpicc and lib else None},
        "flags": {k: info.get(k) or None for k in ("CFLAGS", "ALL_CFLAGS", "LDFLAGS", "LDLIBS")},
        "mpi": {"usable": mpi_usable, "library_version": lib, "mpirun": mpirun.encode("utf-8", "replace").decode(),
                "mpirun_version": first_line(output_of([mpirun, "--version"], stderr=True)) if mpi_usable else None,
                "flavour": flavour},
    }


def fingerprint(build: str, root: str, registry_path: str) -> str:
    """Returns a digest of what makes two builds measure the same thing:
    the compilers and flags, the commit, the build directory, the MPI
    library and the model registry. --resume refuses a sweep whose build
    has another."""
    h = hashlib.sha256()
    mpi_version = os.path.join(build, "tools", "mpi_version")
    parts = [json.dumps(buildinfo(build), sort_keys=True), str(git_state(root).get("commit")),
             os.path.realpath(build), str(output_of([mpi_version]) if os.access(mpi_version, os.X_OK) else None)]
    try:
        with open(registry_path, "rb") as f:
            parts.append(f.read().decode("utf-8", "replace"))
    except OSError:
        parts.append("")
    for p in parts:
        h.update(p.encode("utf-8", "replace") + b"\0")
    return h.hexdigest()[:16]


def binding(flavour: Optional[str]) -> Dict[str, Optional[str]]:
    mpi = {"openmpi": "scripts/run: Open MPI --bind-to core (hybrid: --map-by slot:PE=threads) when ranks x threads"
                      " <= cores, else --oversubscribe --bind-to none; outside a Slurm job --mca pml ob1 (shared memory) unless"
                      " OMPI_MCA_pml is set; each log has --report-bindings",
           "mpich": "scripts/run: MPICH Hydra defaults (no binding flags)"}.get(flavour or "", "scripts/run: the launcher's defaults")
    return {"openmp": "OMP_PROC_BIND and OMP_PLACES as below (unset: the runtime's default, no binding with GCC);"
                      " each log has OMP_DISPLAY_AFFINITY output",
            "omp_proc_bind": env_text("OMP_PROC_BIND"), "omp_places": env_text("OMP_PLACES"),
            "mpi": mpi, "mpirun_flags": env_text("PARBENCH_MPIRUN_FLAGS")}


def machine() -> Dict[str, object]:
    un = platform.uname()
    out: Dict[str, object] = {"host": socket.gethostname(), "cpu_model": cpu_model(), "cores": cores(),
                              "cores_all": os.cpu_count()}
    out.update(topology())
    out.update({"os": f"{un.system} {un.release} {un.version} {un.machine}", "os_release": os_release()})
    return out


def counts(rows: Sequence[Dict[str, str]]) -> Dict[str, int]:
    out = {"rows": len(rows)}
    for s in ("ok", "failed", "wrong", "timeout"):
        out[s] = sum(1 for r in rows if r["status"] == s)
    return out


def document(static: Dict[str, object], sweep: Dict[str, object], sessions: List[Dict[str, str]],
             rows: Sequence[Dict[str, str]], complete: bool, started: str) -> str:
    """Returns meta.json's text: STATIC (machine and software, gathered once),
    the SWEEP's settings, its SESSIONS and the runs' counts."""
    doc: Dict[str, object] = {"format": FORMAT, "date": utc_now(), "started": started, "complete": complete,
                              "sessions": sessions}
    doc.update(static)
    doc["env"] = environment()
    doc["sweep"] = sweep
    doc["results"] = counts(rows)
    return json.dumps(doc, indent=2, allow_nan=False, ensure_ascii=False) + "\n"


def load(path: str) -> Dict[str, object]:
    """Returns meta.json at PATH as a dict, {} when missing or not a JSON
    object (its values are still untrusted: read them with text())."""
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            doc = json.load(f)
    except (OSError, ValueError, RecursionError):
        return {}
    return doc if isinstance(doc, dict) else {}


def text(doc: Dict[str, object], *path: str) -> Optional[str]:
    """Returns the scalar at PATH in DOC as printable text, or None."""
    cur: object = doc
    for key in path:
        if not isinstance(cur, dict) or key not in cur:
            return None
        cur = cur[key]
    if isinstance(cur, bool):
        return "true" if cur else "false"
    if isinstance(cur, (int, float, str)):
        s = " ".join(str(cur).split())
        return "".join(c if c.isprintable() else "?" for c in s)[:300] or None
    return None
