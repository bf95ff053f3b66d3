"""The launch-level floor of every interval. A configuration measured in
few launches (a single one, often, on a tight budget) shows how its
repetitions spread inside one process, not how much a whole launch moves
(where its pages land, the clock, what else ran on the machine then),
which on a shared machine is most of the noise; the bootstrap over
launches sees that only from two or three launches on. So the sweep pools,
per class (a workload at one size: the configurations compared with each
other, as a build kind with a preset of its own runs another size), the
relative spread of the launch medians over every configuration of that
class with two launches or more (the pooled variance, each configuration
weighted by its launches less one), and takes the larger of its class's
and its workload's over every size (a class with no such configuration
its workload's, and a workload with none the whole sweep's). The classes
differ: Python's interpreter moved 11-27 % from one launch to the next on
mandelbrot where C moved 1-2 %, and a class's own noise, from the few
launches a budget allows, is itself uncertain. And no
interval of a configuration of K < FEW launches is narrower than
exp(+-1.96 sigma / sqrt(K)) around its median, nor a ratio of two, one of
them of fewer than FEW, than exp(+-1.96 sqrt(sigma_a^2 / K_a + sigma_b^2
/ K_b)). From FEW launches on, the bootstrap's own interval stands.

A ratio of two configurations whose launches ran side by side (the
sampler runs the models of a workload and worker count back to back)
has a floor of its own: the spread of the ratio of launch k of one to
launch k of the other, pooled over the class's pairs that have two or more (pair_noise),
exp(+-1.96 sigma_pair / sqrt(K)) for K pairs. What the host did between
rounds moves both launches of a pair alike, and is not the ratio's noise;
where too few of the class's pairs have two launches, the floor above
stands.
"""
from __future__ import annotations

import math
import statistics
from typing import Dict, Optional, Sequence, Tuple

Z = 1.96
ALL = "(all)"   # launch_noise's key of the noise pooled over every workload
FEW = 3   # launches from which a configuration's bootstrap stands alone (sampling.MIN_LAUNCHES)
PAIRED_DOF = 3   # degrees of freedom pair_noise needs before it stands for a workload
Launches = Sequence[Sequence[float]]


def klass(workload: str, size: str) -> str:
    """The key of a class (WORKLOAD at SIZE) in launch_noise's and
    pair_noise's answers: 'pi/50000000'."""
    return f"{workload}/{size}"


def launch_noise(cells: Dict[Tuple[str, str, int], Launches],
                 sizes: Optional[Dict[Tuple[str, str, int], str]] = None) -> Dict[str, float]:
    """Returns the pooled relative standard deviation of the launch medians
    of CELLS ({(workload, model, workers): launches}, of size SIZES[key]):
    per class (klass), per workload over every size, and under ALL over
    every workload; a class or workload none of whose cells has two
    launches has none of its own."""
    sums: Dict[str, Tuple[float, int]] = {}
    for key, launches in cells.items():
        meds = [statistics.median(x) for x in launches if x]
        if len(meds) < 2:
            continue
        mean = statistics.fmean(meds)
        if mean <= 0:
            continue
        v = statistics.variance(meds) / mean ** 2 * (len(meds) - 1)
        w = key[0]
        for k in {w, ALL} | ({klass(w, sizes.get(key, ""))} if sizes is not None else set()):
            s, n = sums.get(k, (0.0, 0))
            sums[k] = (s + v, n + len(meds) - 1)
    return {k: math.sqrt(s / n) for k, (s, n) in sums.items() if n}


def pair_noise(groups: Dict[tuple, Dict[str, Dict[int, float]]]) -> Dict[str, float]:
    """Returns per class (klass: workload and size) the pooled
    standard deviation of log(A's launch median / B's) over the launch
    numbers two models share in GROUPS ({(workload, workers, size): {model:
    {launch number: its median}}}): the noise of a
    ratio of two launches taken side by side. The sampler runs the models
    of a workload and worker count back to back in each round, so launch k
    of A and launch k of B were seconds apart, and what the host did
    between rounds (a memory bus at 36 GB/s in one, 65 in the next) moves
    both alike. A class with fewer than PAIRED_DOF degrees of freedom has
    none: no other class's pairs stand for it (a memory bus's pairs and
    an FMA unit's move differently, and so do two interpreters')."""
    sums: Dict[str, Tuple[float, int]] = {}
    for key, by_model in groups.items():
        w = klass(key[0], key[2])
        names = sorted(by_model)
        for i, a in enumerate(names):
            for b in names[i + 1:]:
                common = sorted(set(by_model[a]) & set(by_model[b]))
                d = [math.log(by_model[a][k] / by_model[b][k]) for k in common
                     if by_model[a][k] > 0 and by_model[b][k] > 0]
                if len(d) < 2:
                    continue
                s, n = sums.get(w, (0.0, 0))
                sums[w] = (s + statistics.variance(d) * (len(d) - 1), n + len(d) - 1)
    return {w: math.sqrt(s / n) for w, (s, n) in sums.items() if n >= PAIRED_DOF}


def sigma(noise: Dict[str, float], workload: str, size: str = "") -> Optional[float]:
    """Returns the launch noise of WORKLOAD at SIZE from NOISE
    (launch_noise's): the larger of its class's and its workload's over
    every size (a class's own rests on a few launches, often two or
    three, and its workload's pools more), else the whole sweep's."""
    own, pooled = noise.get(klass(workload, size)), noise.get(workload, noise.get(ALL))
    return pooled if own is None else max(own, pooled or 0.0)


def half(sigma: Optional[float], *launches: int) -> float:
    """Returns the floor's half-width, in log units, of a median of a
    configuration of K launches (one count) or of the ratio of two (two
    counts); 0 without a sigma, or when every count is FEW or more."""
    if not floored(sigma, launches):
        return 0.0
    return Z * sigma * math.sqrt(sum(1 / k for k in launches))


def floored(sigma: Optional[float], launches: Sequence[int]) -> bool:
    """Whether a floor applies: a sigma, and some count under FEW, none 0."""
    return bool(sigma) and bool(launches) and 0 < min(launches) < FEW


def half_paired(sigma: Optional[float], *launches: int) -> float:
    """Returns the floor's half-width, in log units, of the ratio of two
    configurations measured side by side (pair_noise's SIGMA), of these
    counts of launches: as many pairs as the fewer; 0 without a sigma, or
    when every count is FEW or more."""
    if not floored(sigma, launches):
        return 0.0
    return Z * sigma / math.sqrt(min(launches))


def widen(ci: Optional[Tuple[float, float, float]], h: float) -> Optional[Tuple[float, float, float]]:
    """Returns the interval CI (value, low, high) made at least
    value x exp(+-H) wide."""
    if ci is None or h <= 0 or ci[0] <= 0:
        return ci
    return ci[0], min(ci[1], ci[0] * math.exp(-h)), max(ci[2], ci[0] * math.exp(h))
