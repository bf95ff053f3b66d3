"""How good the measurements are: the share of launch time spent inside
timed regions, interference seen, and the cells that did not reach the
target interval, with what a user can do about it."""
from __future__ import annotations

from typing import Dict, List, Optional, Sequence

from . import schema


def of_sweep(rows: Sequence[Dict[str, str]], summ: Sequence[Dict[str, str]], elapsed: float,
             noise: Optional[Dict[str, float]] = None, pairs: Optional[Dict[str, float]] = None) -> Dict[str, object]:
    """Returns the measurement-quality record of meta.json; NOISE: the
    launch-level noise per workload (floor.launch_noise); PAIRS: that of
    the ratio of two launches side by side (floor.pair_noise)."""
    walls, steal, others, flagged = {}, {}, {}, set()
    timed = 0.0
    for r in rows:
        key = (r["workload"], r["model"], r["workers"], r.get("launch") or r["rep"])
        walls[key] = schema.number(r["wall_seconds"]) or 0.0
        steal[key] = schema.number(r.get("steal_seconds", "")) or 0.0
        others[key] = schema.number(r.get("other_cpu_seconds", "")) or 0.0
        if "interference" in r.get("flags", ""):
            flagged.add(key)
        if r["status"] == "ok":
            timed += schema.number(r["seconds"]) or 0.0
    launch_time = sum(walls.values())
    missed = [f"{r['workload']},{r['model']},{r['workers']}" for r in summ if r.get("target_met") == "no"]
    return {"timed_seconds": round(timed, 3), "launch_seconds": round(launch_time, 3),
            "timed_fraction": round(timed / launch_time, 4) if launch_time > 0 else None,
            "measuring_seconds": round(elapsed, 3), "launches": len(walls),
            "interference_launches": len(flagged), "steal_seconds": round(sum(steal.values()), 3),
            "other_cpu_seconds": round(sum(others.values()), 3),
            "outliers": sum(schema.whole(r.get("outliers", "")) or 0 for r in summ),
            "cells": len(summ), "cells_short_of_target": missed,
            "launch_noise": {w: round(v, 4) for w, v in sorted((noise or {}).items())},
            "pair_noise": {w: round(v, 4) for w, v in sorted((pairs or {}).items())}}


def advice(q: Dict[str, object], cells: int) -> List[str]:
    """Returns what to do about the quality Q, one sentence a line."""
    out = []
    def count(key: str) -> float:
        v = q.get(key)
        return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else 0.0
    missed = q.get("cells_short_of_target") or []
    if isinstance(missed, list) and missed:
        out.append(f"{len(missed)} of {cells} cells did not reach the target interval: give the sweep more time "
                   "(--budget), or run it on a quieter machine.")
    if count("interference_launches") > 0:
        out.append("Some launches ran while other processes used the CPUs or the hypervisor stole time: they were "
                   "run again and left out where enough others remained; a quieter machine, or pinning, helps.")
    frac = q.get("timed_fraction")
    if isinstance(frac, (int, float)) and not isinstance(frac, bool) and 0 <= frac < 0.6:
        out.append("Less than 60 % of the launches' time was inside timed regions: larger sizes (--size large) "
                   "or more repetitions per launch spend more of it measuring.")
    return out
