"""Adaptive sampling: each configuration (a cell) runs as K launches of R
timed repetitions, so that launch-level noise (page placement, process
start) and repetition-level noise are both sampled. After every round the
sampler looks at each cell: it stops one when the 95 % interval of its
median is within --target of it (from 3 launches on), or its share of the
--budget is spent; it chooses R for the next launch from the variance it
has seen at each level and what each level costs. When the rounds end
with a class (a workload at one size, floor.py) whose launch-to-launch
noise too few cells measured, as when the first round alone spends the
budget, a few launches more measure it (noise_sample).
"""
from __future__ import annotations

import dataclasses
import random
import statistics
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Tuple

from . import floor, presets, schema, stats, studyplan, summary
from .sweep import Launch

MIN_LAUNCHES = 3
MAX_LAUNCHES = 30
FIRST_REPS = 8
MAX_LAUNCH_SECONDS = 1.0   # of timed work in one launch
TIMED_SHARE = 0.7          # of a launch's time that the timed repetitions should fill
RERUN_SHARE = 0.2          # of the budget that launches run again after it may take (reruns)
NOISE_DOF = 2              # degrees of freedom of a class's launch noise that noise_sample makes sure of
NOISE_REPS = 2             # repetitions of each of noise_sample's launches
NOISE_SHARE = 0.08         # of the budget that noise_sample's launches may take after it


@dataclass
class Cell:
    config: tuple          # studyplan.key
    args: Tuple[str, ...]
    ok: Dict[int, List[float]] = field(default_factory=dict)        # launch -> seconds
    flagged: Dict[int, List[float]] = field(default_factory=dict)   # the same, under interference
    costs: List[Tuple[float, int, float]] = field(default_factory=list)  # (wall, reps, timed seconds)
    failed: int = 0
    last_rep: int = 0
    last_launch: int = 0
    done: str = ""        # why it stopped: target, budget, failed, cap

    @property
    def spent(self) -> float:
        return sum(c[0] for c in self.costs)

    def usable(self) -> List[List[float]]:
        """Returns the launches the statistics use, by the summary's rule."""
        return summary.usable(self.ok, self.flagged)


def cells_from(configs: Sequence[tuple], args: Dict[str, Sequence[str]],
               rows: Sequence[Dict[str, str]]) -> Dict[tuple, Cell]:
    """Returns a Cell per configuration, with what ROWS (of runs.csv) hold."""
    cells = {c: Cell(c, tuple(args[c[0]])) for c in configs}
    walls: Dict[Tuple[tuple, int], Tuple[float, int, float]] = {}
    bad = set()
    for r in rows:
        key = studyplan.row_key(r)
        cell = cells.get(key)
        launch, rep = schema.whole(r.get("launch", "")) or 0, schema.whole(r["rep"]) or 0
        if cell is None:
            continue
        cell.last_rep = max(cell.last_rep, rep)
        cell.last_launch = max(cell.last_launch, launch)
        secs = schema.number(r["seconds"])
        wall, timed = schema.number(r["wall_seconds"]) or 0.0, secs or 0.0
        w, n, t = walls.get((key, launch), (wall, 0, 0.0))
        walls[(key, launch)] = (w, n + 1, t + timed)
        if r["status"] != "ok" or secs is None:
            bad.add((key, launch))
            continue
        target = cell.flagged if "interference" in r.get("flags", "") else cell.ok
        target.setdefault(launch, []).append(secs)
    for (key, _), cost in walls.items():
        cells[key].costs.append(cost)
    for key, _ in bad:
        cells[key].failed += 1
    return cells


class Sampler:
    """Decides the launches of each round, and when each cell is done."""

    def __init__(self, cells: Dict[tuple, Cell], budget: float, target: float, seed: int):
        self.cells = cells
        self.budget = budget
        self.target = target
        self.rng = random.Random(seed)
        self.round = 0
        self.extra = 0.0   # seconds the sweep spent besides the launches (its ceilings, beside.py's probes)
        for cell in cells.values():
            self.check(cell)

    def open_cells(self) -> List[Cell]:
        return [c for c in self.cells.values() if not c.done]

    def spent(self) -> float:
        return sum(c.spent for c in self.cells.values()) + self.extra

    def share(self) -> float:
        """Returns the time one open cell may spend: what the budget leaves
        after the cells that are done, over the open ones."""
        done = sum(c.spent for c in self.cells.values() if c.done)
        return max(self.budget - done, 0.0) / max(len(self.open_cells()), 1)

    def reps_for(self, cell: Cell) -> int:
        """Returns R for the cell's next launch: Kalibera and Jones's optimum
        for the variances seen, but at least enough for the repetitions to
        fill TIMED_SHARE of the launch (starting a process is not
        measuring), and at most MAX_LAUNCH_SECONDS of timed work."""
        if not cell.costs or not cell.usable():
            return FIRST_REPS
        rep_cost = statistics.median(x for launch in cell.usable() for x in launch)
        launch_cost = statistics.median(max(w - t, 0.0) for w, _, t in cell.costs)
        r = stats.reps_per_launch(cell.usable(), launch_cost, rep_cost)
        if rep_cost > 0:
            r = max(r, int(launch_cost * TIMED_SHARE / (1 - TIMED_SHARE) / rep_cost + 0.999))
            r = min(r, 30, max(2, int(MAX_LAUNCH_SECONDS / rep_cost)))
        return r

    def next_round(self) -> List[Launch]:
        """Returns the launches of the next round, one per open cell, [] when
        every cell is done. The cells that differ only in their model run
        side by side, so that each comparison (comparisons.py) holds
        launches a few seconds apart on a host that moves within seconds,
        and the limit measured after one launch is the one before the next
        (beside.py); the order of the models within such a group, and of
        the groups, shuffled with the seed, taking a group of each workload
        in turn."""
        self.round += 1
        order = sorted(self.open_cells(), key=lambda c: c.config)
        self.rng.shuffle(order)
        groups: Dict[tuple, List[Cell]] = {}
        for c in order:
            groups.setdefault(group_of(c.config), []).append(c)
        # a group of each workload in turn, those with the fewest cells of
        # two launches or more first: a budget that ends within the round
        # still measures every workload's launch noise (floor.py)
        multi: Dict[str, int] = {}
        for c in self.cells.values():
            multi[c.config[0]] = multi.get(c.config[0], 0) + (len(c.usable()) >= 2)
        queues: Dict[str, List[List[Cell]]] = {}
        for g, cells in groups.items():
            queues.setdefault(g[0], []).append(cells)
        turns = sorted(queues, key=lambda w: multi[w])
        return [self.launch_of(c) for i in range(max(map(len, queues.values()), default=0))
                for q in (queues[w] for w in turns) if i < len(q) for c in q[i]]

    def launch_of(self, c: Cell) -> Launch:
        """The cell's next launch."""
        return Launch(c.config[0], c.config[1], c.config[2], c.last_launch + 1, c.last_rep + 1, self.reps_for(c),
                      c.args, *studyplan.variant(c.config))

    def noise_sample(self) -> List[Launch]:
        """Returns, once the rounds are over, the launches that measure the
        launch-to-launch noise of each class (the cells of one workload and
        size: those compared with each other) with fewer than NOISE_DOF
        degrees of freedom (each cell's launches less one): one more
        launch of NOISE_REPS repetitions of as many of its cells of one
        launch as it lacks, the cheapest by what their first launch cost.
        The noise is the floor of every interval of fewer than 3 launches
        (floor.py), and without it a single launch of steady repetitions
        claims an interval a rerun does not confirm. A class's launches run
        one after the other (two cells at the same worker count side by
        side, as the rounds run them), the cheapest class first, within
        NOISE_SHARE of the budget by those costs."""
        classes: Dict[str, List[Cell]] = {}
        for c in sorted(self.cells.values(), key=lambda c: c.config):
            if studyplan.variant(c.config)[0] == "strong" and c.usable() and c.done != "failed":
                classes.setdefault(floor.klass(c.config[0], presets.size_of(list(c.args))), []).append(c)
        picks = []
        for cells in classes.values():
            lack = NOISE_DOF - sum(len(c.usable()) - 1 for c in cells)
            once = sorted((c for c in cells if len(c.usable()) == 1), key=lambda c: (self.noise_cost(c), c.config))
            if lack > 0 and once:
                picks.append(once[:lack])
        out, total = [], 0.0
        for cells in sorted(picks, key=lambda cs: (self.noise_cost(cs[0]), cs[0].config)):
            cost = sum(self.noise_cost(c) for c in cells)
            if total + cost > NOISE_SHARE * self.budget:
                continue
            total += cost
            out += [dataclasses.replace(self.launch_of(c), reps=NOISE_REPS) for c in cells]
        return out

    def noise_reserve(self) -> float:
        """Returns what noise_sample's launches would cost now: the rounds
        leave it out of the budget, so that a sweep whose first round does
        not spend the budget still ends within it."""
        return sum(self.noise_cost(self.cells[j.config]) for j in self.noise_sample())

    def noise_cost(self, cell: Cell) -> float:
        """What a launch of NOISE_REPS repetitions of CELL costs, by its
        launches so far: their median time outside the repetitions, and the
        median repetition."""
        reps = [x for launch in cell.usable() for x in launch]
        if not cell.costs or not reps:
            return float("inf")
        outside = statistics.median(max(w - t, 0.0) for w, _, t in cell.costs)
        return outside + NOISE_REPS * statistics.median(reps)

    def reruns(self) -> List[Launch]:
        """Returns, once the sweep's rounds are over, one more launch of each
        cell that ended for the budget or the target with every launch
        under heavy interference, while no more than summary.MAX_FLAGGED of
        them were; in an order shuffled with the seed."""
        order = sorted((c for c in self.cells.values() if c.done in ("budget", "target") and c.flagged and not c.ok
                        and len(c.flagged) <= summary.MAX_FLAGGED), key=lambda c: c.config)
        self.rng.shuffle(order)
        return [self.launch_of(c) for c in order]

    def record(self, job: Launch, rows: Sequence[Dict[str, str]]) -> None:
        """Takes the rows of a finished launch into its cell, and decides
        whether the cell is done (a cell done already stays so)."""
        one = cells_from([job.config], {job.workload: job.args}, rows)[job.config]
        cell = self.cells[job.config]
        cell.ok.update(one.ok)
        cell.flagged.update(one.flagged)
        cell.costs += one.costs
        cell.failed += one.failed
        cell.last_rep, cell.last_launch = max(cell.last_rep, one.last_rep), max(cell.last_launch, one.last_launch)
        self.check(cell)

    def check(self, cell: Cell) -> None:
        if cell.done:
            return
        if cell.failed >= 2 or (cell.failed and not cell.usable()):
            cell.done = "failed"
            return
        usable = cell.usable()
        if len(usable) >= MIN_LAUNCHES:
            ci = stats.median_ci(usable, self.rng, boot=300)
            if ci and ci[0] > 0 and (ci[2] - ci[1]) / 2 / ci[0] <= self.target:
                cell.done = "target"
                return
        if len(cell.ok) + len(cell.flagged) >= MAX_LAUNCHES:
            cell.done = "cap"
        elif cell.costs and (self.spent() >= self.budget or
                             (len(usable) >= 2 and cell.spent >= self.share())):
            cell.done = "budget"

    def close(self) -> None:
        """Ends every open cell for the budget (the sweep's time is up)."""
        for c in self.open_cells():
            if c.costs:
                c.done = "budget"


def group_of(config: tuple) -> tuple:
    """The configuration key CONFIG (studyplan.key) without its model: the
    cells a round runs side by side."""
    return config[:1] + config[2:]


def ci_rel(launches: Sequence[Sequence[float]], rng: random.Random) -> Optional[float]:
    ci = stats.median_ci(launches, rng)
    return (ci[2] - ci[1]) / 2 / ci[0] if ci and ci[0] > 0 else None
