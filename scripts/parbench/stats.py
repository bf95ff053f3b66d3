"""Statistics for a noisy machine: the median and its distribution-free 95 %
interval from a two-level bootstrap over launches and their repetitions,
intervals of ratios of medians, outliers by the modified z-score, and how
many repetitions one launch should hold (Kalibera and Jones, "Rigorous
benchmarking in reasonable time", ISMM 2013).

Every function takes the samples as a list of launches, each a list of the
times of its repetitions; random draws come from a random.Random the
caller seeds, so that the same data give the same interval.
"""
from __future__ import annotations

import math
import random
import statistics
from typing import List, Optional, Sequence, Tuple

Launches = Sequence[Sequence[float]]
BOOT = 1000   # bootstrap resamples
LEVEL = 0.95


def flat(launches: Launches) -> List[float]:
    return [x for launch in launches for x in launch]


def resample(launches: Launches, rng: random.Random) -> List[float]:
    """Returns one two-level bootstrap sample: launches drawn with
    replacement, then repetitions drawn with replacement within each."""
    out: List[float] = []
    for launch in rng.choices(launches, k=len(launches)):
        out += rng.choices(launch, k=len(launch))
    return out


def percentile(sorted_values: Sequence[float], q: float) -> float:
    """Returns the Q-quantile (0..1) of SORTED_VALUES, linearly interpolated."""
    pos = q * (len(sorted_values) - 1)
    lo = int(math.floor(pos))
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (pos - lo)


def boot_medians(launches: Launches, rng: random.Random, boot: int = BOOT) -> List[float]:
    """Returns BOOT medians of two-level bootstrap samples of LAUNCHES, in
    the order drawn (pair them with another cell's to get a ratio's)."""
    launches = [list(x) for x in launches if x]
    if not launches:
        return []
    if len(launches) == 1 and len(launches[0]) == 1:
        return [launches[0][0]] * boot
    return [statistics.median(resample(launches, rng)) for _ in range(boot)]


def ends(values: Sequence[float]) -> Tuple[float, float]:
    """Returns the 2.5 % and 97.5 % percentiles of VALUES."""
    v = sorted(values)
    a = (1 - LEVEL) / 2
    return percentile(v, a), percentile(v, 1 - a)


def ratio_of(num: Sequence[float], den: Sequence[float], point: float) -> Optional[Tuple[float, float, float]]:
    """Returns (POINT, low, high) from two cells' bootstrap medians NUM and
    DEN drawn independently: the interval of the ratio num / den."""
    rs = [a / b for a, b in zip(num, den) if b > 0]
    return (point,) + ends(rs) if rs else None


def median_ci(launches: Launches, rng: random.Random, boot: int = BOOT) -> Optional[Tuple[float, float, float]]:
    """Returns (median, low, high): the median of every repetition and its
    95 % percentile-bootstrap interval, or None without data. With a single
    launch the interval covers the repetition level only."""
    launches = [list(x) for x in launches if x]
    if not launches:
        return None
    return (statistics.median(flat(launches)),) + ends(boot_medians(launches, rng, boot))


def ratio_ci(num: Launches, den: Launches, rng: random.Random, boot: int = BOOT) -> Optional[Tuple[float, float, float]]:
    """Returns (ratio, low, high): median(NUM) / median(DEN) and the 95 %
    interval of that ratio, from bootstrap samples of both (an interval of
    the ratio, not a ratio of intervals). None without data."""
    num = [list(x) for x in num if x]
    den = [list(x) for x in den if x]
    if not num or not den:
        return None
    d = statistics.median(flat(den))
    if d <= 0:
        return None
    ratio = statistics.median(flat(num)) / d
    return ratio_of(boot_medians(num, rng, boot), boot_medians(den, rng, boot), ratio)


def verdict(ratio: float, low: float, high: float, threshold: float) -> str:
    """Returns 'faster', 'slower' or 'tie' for A given the ratio of A's time
    to B's and its interval: a tie when the interval holds 1 or the
    difference is under THRESHOLD (0.03: 3 %)."""
    if low <= 1 <= high or abs(ratio - 1) < threshold:
        return "tie"
    return "faster" if ratio < 1 else "slower"


def mad_outliers(values: Sequence[float], limit: float = 3.5) -> List[bool]:
    """Returns, per value, whether its modified z-score 0.6745 |x - median|
    / MAD exceeds LIMIT (Iglewicz and Hoaglin); none when MAD is 0."""
    if len(values) < 3:
        return [False] * len(values)
    med = statistics.median(values)
    mad = statistics.median(abs(x - med) for x in values)
    if mad <= 0:
        return [False] * len(values)
    return [0.6745 * abs(x - med) / mad > limit for x in values]


def variance_levels(launches: Launches) -> Optional[Tuple[float, float]]:
    """Returns (within, between): the variance of repetitions inside a
    launch, and the variance that launches add on top, or None with fewer
    than two launches of two repetitions each."""
    ls = [list(x) for x in launches if len(x) >= 2]
    if len(ls) < 2:
        return None
    within = statistics.mean(statistics.variance(x) for x in ls)
    means = [statistics.mean(x) for x in ls]
    reps = statistics.mean(len(x) for x in ls)
    between = max(statistics.variance(means) - within / reps, 0.0)
    return within, between


def reps_per_launch(launches: Launches, launch_cost: float, rep_cost: float, lo: int = 2, hi: int = 30) -> int:
    """Returns the repetitions one launch should hold: Kalibera and Jones's
    optimum sqrt((launch cost x within variance) / (repetition cost x
    between variance)), between LO and HI; 3 while the levels are unknown."""
    levels = variance_levels(launches)
    if levels is None or rep_cost <= 0:
        return max(lo, min(hi, 3))
    within, between = levels
    if between <= 0:
        return hi
    r = math.sqrt(max(launch_cost, 0.0) * within / (rep_cost * between))
    return max(lo, min(hi, int(round(r))))
