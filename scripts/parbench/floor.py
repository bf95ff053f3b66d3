"""The launch-level floor of every interval. A configuration measured in
few launches (a single one, often, on a tight budget) shows how its
repetitions spread inside one process, not how much a whole launch moves
(where its pages land, the clock, what else ran on the machine then),
which on a shared machine is most of the noise; the bootstrap over
launches sees that only from two or three launches on. So the sweep pools,
per workload, the relative spread of the launch medians over every
configuration of that workload with two launches or more (the pooled
variance, each configuration weighted by its launches less one; a
workload with no such configuration takes the whole sweep's), and no
interval of a configuration of K < FEW launches is narrower than
exp(+-1.96 sigma / sqrt(K)) around its median, nor a ratio of two, one of
them of fewer than FEW, than exp(+-1.96 sqrt(sigma_a^2 / K_a + sigma_b^2
/ K_b)). From FEW launches on, the bootstrap's own interval stands.
"""
from __future__ import annotations

import math
import statistics
from typing import Dict, Optional, Sequence, Tuple

Z = 1.96
ALL = "(all)"   # launch_noise's key of the noise pooled over every workload
FEW = 3   # launches from which a configuration's bootstrap stands alone (sampling.MIN_LAUNCHES)
Launches = Sequence[Sequence[float]]


def launch_noise(cells: Dict[Tuple[str, str, int], Launches]) -> Dict[str, float]:
    """Returns per workload the pooled relative standard deviation of the
    launch medians of CELLS ({(workload, model, workers): launches}), and
    under ALL the same over every workload; a workload none of whose cells
    has two launches has none of its own."""
    sums: Dict[str, Tuple[float, int]] = {}
    for (w, _, _), launches in cells.items():
        meds = [statistics.median(x) for x in launches if x]
        if len(meds) < 2:
            continue
        mean = statistics.fmean(meds)
        if mean <= 0:
            continue
        v = statistics.variance(meds) / mean ** 2 * (len(meds) - 1)
        for key in (w, ALL):
            s, n = sums.get(key, (0.0, 0))
            sums[key] = (s + v, n + len(meds) - 1)
    return {w: math.sqrt(s / n) for w, (s, n) in sums.items() if n}


def sigma(noise: Dict[str, float], workload: str) -> Optional[float]:
    """Returns WORKLOAD's launch noise from NOISE (launch_noise's), or the
    whole sweep's where the workload has none of its own."""
    return noise.get(workload, noise.get(ALL))


def half(sigma: Optional[float], *launches: int) -> float:
    """Returns the floor's half-width, in log units, of a median of a
    configuration of K launches (one count) or of the ratio of two (two
    counts); 0 without a sigma, or when every count is FEW or more."""
    if not sigma or not launches or min(launches) <= 0 or min(launches) >= FEW:
        return 0.0
    return Z * sigma * math.sqrt(sum(1 / k for k in launches))


def widen(ci: Optional[Tuple[float, float, float]], h: float) -> Optional[Tuple[float, float, float]]:
    """Returns the interval CI (value, low, high) made at least
    value x exp(+-H) wide."""
    if ci is None or h <= 0 or ci[0] <= 0:
        return ci
    return ci[0], min(ci[1], ci[0] * math.exp(-h)), max(ci[2], ci[0] * math.exp(h))
