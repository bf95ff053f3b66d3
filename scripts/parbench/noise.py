"""What the machine was doing during a launch: CPU time the hypervisor
stole, CPU time other processes used, the launch's own CPU time (its
process and every descendant it waited for), and the CPU clock where the
system exposes it. Each reading is None where the system does not say.
"""
from __future__ import annotations

import os
import resource
from dataclasses import dataclass
from typing import Dict, Optional

TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
# A launch is taken under heavy interference when others used more than this
# share of one core, or the hypervisor stole more than STEAL of it.
OTHERS = 0.25
STEAL = 0.05


@dataclass
class Sample:
    busy: Optional[float]     # CPU seconds of every process, all CPUs (/proc/stat)
    steal: Optional[float]    # CPU seconds stolen by the hypervisor
    children: float           # CPU seconds of this process's waited-for descendants
    mhz: Optional[float]      # mean current clock of the CPUs


def proc_stat() -> Dict[str, float]:
    """Returns the 'cpu' line of /proc/stat in seconds by field, {} if none."""
    names = ("user", "nice", "system", "idle", "iowait", "irq", "softirq", "steal")
    try:
        with open("/proc/stat", encoding="ascii", errors="replace") as f:
            for line in f:
                if line.startswith("cpu "):
                    nums = [int(x) for x in line.split()[1:9] if x.isascii() and x.isdigit()]
                    return {n: v / TICK for n, v in zip(names, nums)}
    except (OSError, ValueError):
        pass
    return {}


def clock_mhz() -> Optional[float]:
    """Returns the mean 'cpu MHz' of /proc/cpuinfo, None where absent."""
    vals = []
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as f:
            for line in f:
                if line.startswith("cpu MHz"):
                    try:
                        vals.append(float(line.split(":", 1)[1]))
                    except ValueError:
                        pass
    except OSError:
        return None
    return sum(vals) / len(vals) if vals else None


def sample() -> Sample:
    st = proc_stat()
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    busy = sum(st.get(k, 0.0) for k in ("user", "nice", "system", "irq", "softirq")) if st else None
    return Sample(busy, st.get("steal") if st else None, ru.ru_utime + ru.ru_stime, clock_mhz())


@dataclass
class Reading:
    cpu_seconds: float
    steal_seconds: Optional[float]
    other_cpu_seconds: Optional[float]
    mhz: Optional[float]
    interference: bool


def between(a: Sample, b: Sample, wall: float) -> Reading:
    """Returns what happened between samples A and B, WALL seconds apart."""
    own = max(b.children - a.children, 0.0)
    steal = b.steal - a.steal if a.steal is not None and b.steal is not None else None
    others = None
    if a.busy is not None and b.busy is not None:
        others = max(b.busy - a.busy - own, 0.0)
    mhz = (a.mhz + b.mhz) / 2 if a.mhz and b.mhz else (a.mhz or b.mhz)
    heavy = wall > 0 and ((others is not None and others / wall > OTHERS) or
                          (steal is not None and steal / wall > STEAL))
    return Reading(own, steal, others, mhz, heavy)
