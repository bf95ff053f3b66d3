"""A sweep from its run directory's birth (or resumption) to its summary,
meta.json, table, plots and exit status."""
from __future__ import annotations

import os
import socket
import time
from typing import Dict, List

from . import cli, comparisons, floor, measure, meta, plan as planmod, presets, quality, registry, rundir, schema
from . import beside, limits, studies, studyplan, summary, supervise, sweep, sweepceil

SESSIONS = "sessions.tsv"


def plan_summary(sw: planmod.Sweep, runs: List[planmod.Run], models: List[registry.Model]) -> str:
    """Returns what --dry-run prints: the plan and a rough estimate."""
    if sw.sampling == "adaptive":
        out = [f"plan: {len(runs)} configurations: workloads {' '.join(sw.workloads)}; models {' '.join(sw.models)}; "
               f"workers {' '.join(map(str, sw.workers))}; adaptive sampling within {sw.budget:g} s to +-"
               f"{100 * sw.target:g} %; size {sw.size}; timeout {sw.timeout:g} s; seed {sw.seed}{studies_of(sw)}"]
        out += arg_lines(sw)
        out += [f"[{i}/{len(runs)}] {r.model} {r.workload} P={r.workers}{study_label(r)}" for i, r in enumerate(runs, 1)]
        out.append(f"estimate: about {sw.budget:g} s of measuring, then the summary and plots; nothing was run")
        return "\n".join(out) + "\n"
    out = [f"plan: {len(runs)} runs: workloads {' '.join(sw.workloads)}; models {' '.join(sw.models)}; "
           f"workers {' '.join(map(str, sw.workers))}; {sw.reps} reps; size {sw.size}; timeout {sw.timeout:g} s; "
           f"seed {sw.seed}{studies_of(sw)}"]
    out += arg_lines(sw)
    out += [f"[{i}/{len(runs)}] {r.model} {r.workload} P={r.workers}{study_label(r)} rep {r.rep}/{sw.reps}"
            for i, r in enumerate(runs, 1)]
    work = {"small": 2, "large": 2000}.get(sw.size.split(",")[0].split("=")[0], 150)
    mpi = sum(1 for r in runs if registry.by_name(models, r.model).needs_mpi)
    est = ((len(runs) - mpi) * (50 + work) + mpi * (400 + work) + 999) // 1000
    shown = f"{est // 3600}h{est % 3600 // 60:02d}m" if est >= 3600 else f"{est // 60}m{est % 60:02d}s" if est >= 60 else f"{est}s"
    out.append(f"estimate: about {shown} (rough: {work} ms of work per run, launching 0.05 s, MPI 0.4 s); nothing was run")
    return "\n".join(out) + "\n"


def studies_of(sw: planmod.Sweep) -> str:
    """Returns '; studies ...' for a sweep of other studies than strong."""
    return "" if sw.studies == ["strong"] else f"; studies {','.join(sw.studies)}"


def study_label(r: planmod.Run) -> str:
    """Returns ' STUDY ...' for a run of a study other than strong."""
    text = studyplan.label(r.config)
    return f" {text}" if text else ""


def arg_lines(sw: planmod.Sweep) -> List[str]:
    """Returns the lines of --dry-run that give each workload's arguments,
    and those of a build kind that has its own."""
    out = [f"  {w}: {' '.join(sw.args[w])}" for w in sw.workloads]
    for kind, own in sorted(sw.build_args.items()):
        out += [f"  {w} (build {kind}): {' '.join(own[w])}" for w in sw.workloads if w in own]
    return out


def settings_of(sw: planmod.Sweep, started: str, fingerprint: str, ceilings: bool = True) -> Dict[str, str]:
    values = {"ceilings": "on" if ceilings else "off", "format": "2", "started": started, "models": ",".join(sw.models), "workloads": ",".join(sw.workloads),
              "workers": ",".join(map(str, sw.workers)), "reps": str(sw.reps), "warmup": str(sweep.WARMUP),
              "size": sw.size, "timeout": f"{sw.timeout:g}", "seed": str(sw.seed), "fingerprint": fingerprint,
              "sampling": sw.sampling, "budget": f"{sw.budget:g}", "target": f"{sw.target:g}",
              "threshold": f"{sw.threshold:g}"}
    if sw.studies != ["strong"]:
        values["studies"] = ",".join(sw.studies)
    for w in sw.workloads:
        values[f"args.{w}"] = " ".join(sw.args[w])
        values[f"class.{w}"] = sw.classes[w]
    for kind, own in sorted(sw.build_args.items()):
        for w in sw.workloads:
            if w in own:
                values[f"args_{kind}.{w}"] = " ".join(own[w])
    return values


def sweep_of(settings: Dict[str, str], models: List[registry.Model]) -> planmod.Sweep:
    """Returns the Sweep a settings file records; raises PlanError."""
    try:
        sw = planmod.Sweep(planmod.split_list(settings["models"], "models"),
                           planmod.split_list(settings["workloads"], "workloads"),
                           planmod.parse_workers(settings["workers"]), int(settings["reps"]), settings["size"],
                           float(settings["timeout"]), int(settings["seed"]))
        sw.sampling = settings.get("sampling", "fixed")
        sw.budget, sw.target = float(settings.get("budget", "100")), float(settings.get("target", "0.02"))
        sw.threshold = float(settings.get("threshold", "0.03"))
        sw.studies = studyplan.parse_studies(settings.get("studies", "strong"))
        if sw.sampling not in ("fixed", "adaptive") or not (0 < sw.target < 1 and 0 < sw.threshold < 1 and sw.budget > 0):
            raise ValueError("sampling, budget, target or threshold")
    except (KeyError, ValueError) as e:
        raise planmod.PlanError(f"settings: {e}")
    for m in sw.models:
        if registry.by_name(models, m) is None:
            raise planmod.PlanError(f"settings: unknown model '{planmod.shown(m)}'")
    for w in sw.workloads:
        if not schema.NAME_RE.match(w):
            raise planmod.PlanError("settings: a bad workload name")
        sw.args[w] = settings.get(f"args.{w}", "").split()
        sw.classes[w] = settings.get(f"class.{w}", "")
        for kind in registry.BUILDS:
            own = settings.get(f"args_{kind}.{w}")
            if own is not None:
                sw.build_args.setdefault(kind, {})[w] = own.split()
    return sw


def static_meta(s, fingerprint: str) -> Dict[str, object]:
    """Returns the parts of meta.json that do not change during a sweep."""
    doc = meta.machine()
    sw = meta.software(s.build, s.root, s.mpirun, s.mpi_ok)
    doc.update(sw)
    doc["parbench"] = dict(meta.git_state(s.root), build=s.build, fingerprint=fingerprint)
    doc["binding"] = meta.binding(sw["mpi"]["flavour"])
    doc["caches"] = [{"level": level, "bytes": size} for level, size in studyplan.caches()]
    if any(m.build == "python" for m in s.models):
        doc["python"] = meta.python_of(meta.env_text("PYTHON"))
    return doc


def start(a, s, sw: planmod.Sweep, runs: List[planmod.Run], note: str = "") -> int:
    """Makes the run directory of a new sweep and runs it; NOTE is said
    once the directory is there."""
    started = meta.utc_now()
    fp = meta.fingerprint(s.build, s.root, os.environ.get("PARBENCH_REGISTRY") or registry.DEFAULT_PATH)
    try:
        rd = rundir.create(a.out, s.root)
    except rundir.RunDirError as e:
        cli.die("bench", str(e), e.status)
    try:
        os.mkdir(os.path.join(rd.path, "logs"))
        for name, text in (("plan.tsv", planmod.plan_text(runs)),
                           ("settings", rundir.settings_text(settings_of(sw, started, fp, not a.no_ceilings))),
                           ("runs.csv", schema.csv_text(schema.RUNS_COLUMNS, []))):
            schema.write_whole(os.path.join(rd.path, name), text)
    except OSError as e:
        rundir.unmake(rd)
        cli.die("bench", f"cannot write the run directory {planmod.shown(rd.path)}: {e.strerror}", 3)
    if note and not a.quiet:
        sweep.say(note)
    return execute(a, s, rd, sw, runs, [], set(), started, fp, (not a.no_ceilings, False))


def resume(a, s) -> int:
    """Finishes the sweep in --resume DIR: the same plan, no run twice,
    and only with the build it was measured with unless --new-segment."""
    try:
        rd = rundir.open_existing(a.resume)
        settings = rundir.read_settings(os.path.join(rd.path, "settings"))
        sw = sweep_of(settings, s.models)
        with open(os.path.join(rd.path, "plan.tsv"), encoding="utf-8") as f:
            runs = [r for r in (planmod.parse_plan_line(x, sw.models) for x in f.read().splitlines()) if r]
    except rundir.RunDirError as e:
        cli.die("bench", str(e), e.status)
    except (planmod.PlanError, OSError, UnicodeDecodeError) as e:
        cli.die("bench", f"--resume: {getattr(e, 'strerror', None) or e}")
    if not runs:
        cli.die("bench", f"--resume: {rd.path}/plan.tsv plans no run")
    if a.timeout:
        sw.timeout = a.timeout
    fp = meta.fingerprint(s.build, s.root, os.environ.get("PARBENCH_REGISTRY") or registry.DEFAULT_PATH)
    if settings.get("fingerprint") not in (fp, None) and not a.new_segment:
        cli.die("bench", f"--resume: {planmod.shown(rd.path)} was measured with another build (compiler, flags, "
                f"commit, build directory, MPI or models.conf differ); rebuild it as it was, or add --new-segment "
                f"to go on with this build, recorded as a new segment in meta.json")
    if a.dry_run:
        _, rows = load_plain(rd.path)
        if sw.sampling == "fixed":
            have = {(studyplan.row_key(x) or ()) + (schema.whole(x["rep"]),) for x in rows}
            left = [r for r in runs if r.key not in have]
        else:
            have = {studyplan.row_key(x) for x in rows}
            left = [r for r in runs if r.config not in have]
        print(plan_summary(sw, left, s.models), end="")
        print(f"resume: {len(left)} of {len(runs)} {'runs' if sw.sampling == 'fixed' else 'configurations'} "
              f"not begun in {rd.path}; nothing was run")
        return 0
    planned = {r.config: presets.size_of(list(r.args)) for r in runs}
    reps = None
    if sw.sampling == "fixed":
        reps = {}
        for r in runs:
            reps.setdefault(r.config, set()).add(r.rep)
    old = rundir.old_header(os.path.join(rd.path, "runs.csv"))
    rows, dropped = rundir.load_rows(os.path.join(rd.path, "runs.csv"), planned, reps)
    if dropped or old:
        sweep.say(f"runs.csv: dropped {len(dropped)} row(s): {'; '.join(dropped[:3])}"
                  f"{'; ...' if len(dropped) > 3 else ''}")
        try:
            schema.write_whole(os.path.join(rd.path, "runs.csv"), schema.csv_text(schema.RUNS_COLUMNS, rows))
        except OSError as e:
            cli.die("bench", f"cannot write runs.csv: {e.strerror}", 3)
    done = {studyplan.row_key(r) + (int(r["rep"]),) for r in rows}
    return execute(a, s, rd, sw, runs, rows, done, settings.get("started", meta.utc_now()), fp,
                   (settings.get("ceilings") == "on", True))


def load_plain(path: str):
    """Returns (header, rows) of PATH/runs.csv as it is, for a look only."""
    try:
        header, rows, _ = schema.read_table(os.path.join(path, "runs.csv"), ("workload", "model", "workers", "rep"))
    except schema.TableError as e:
        cli.die("bench", f"--resume: {e}")
    return header, rows


def sessions(path: str, fp: str) -> List[Dict[str, str]]:
    """Appends this session to sessions.tsv; returns every session, with
    the segment (a build) each belongs to."""
    out: List[Dict[str, str]] = []
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f.read().splitlines():
                p = line.split("\t")
                out.append({"start": p[0], "host": p[1] if len(p) > 1 else "",
                            "fingerprint": p[2] if len(p) > 2 else ""})
    except OSError:
        pass
    me = {"start": meta.utc_now(), "host": socket.gethostname(), "fingerprint": fp}
    rundir.append_whole(path, "\t".join(me.values()) + "\n")
    out.append(me)
    seg, last = 0, None
    for x in out:
        if x["fingerprint"] != last:
            seg, last = seg + 1, x["fingerprint"]
        x["segment"] = str(seg)
    return out


def tuning_of(sw: planmod.Sweep, ceil) -> tuple:
    """Returns ({workload: arguments} the launches add, meta.json's record
    of them): triad at the vector width the bandwidth probe found best
    here, unless its arguments name one."""
    if "triad" not in sw.workloads:
        return {}, {}
    isa, why = sweepceil.triad_isa(ceil)
    if any(x == "--isa" or x.startswith("--isa=") for x in sw.args_of("triad")):
        return {}, {"triad": {"isa": "as its arguments say", "why": "the sweep's own --isa"}}
    if isa is None:
        return {}, {"triad": {"isa": "compiler", "why": f"the compiler's width: {why}"}}
    return {"triad": ("--isa", isa)}, {"triad": {"isa": isa, "why": why}}


def sweep_ceilings(a, s, rd, fp, runner, how) -> tuple:
    """Returns (rows, meta.json's record) of the sweep's ceilings. HOW is
    (asked for, resumed): a resumed sweep keeps the ones it has; a new one,
    or a resumed one that has none yet, takes them from the cache or the
    probes (sweepceil.prepare). Raises OSError."""
    on, resumed = how
    say = (lambda m: None) if a.quiet else sweep.say
    if resumed:
        ceil, record = sweepceil.kept(rd.path, meta.load(os.path.join(rd.path, "meta.json")).get("ceilings"))
        if record is not None or not on:
            return ceil, record or sweepceil.record_of("off", "the sweep began without ceilings (--no-ceilings)",
                                                       [], 0.0, "", [])
    return sweepceil.prepare(rd.path, s.build, s.root, fp, socket.gethostname(), on, runner, say)


def execute(a, s, rd, sw, runs, rows, done, started, fp, how=(True, False)) -> int:
    """Runs what is left of the plan in the locked run directory RD; HOW:
    (ceilings asked for, resumed)."""
    env = dict(os.environ, LC_ALL="C", PARBENCH_BUILD=s.build, MPIRUN=s.mpirun)
    env.setdefault("OMP_DISPLAY_AFFINITY", "TRUE")
    static = static_meta(s, fp)
    if static.get("python", {}).get("executable"):
        env["PYTHON"] = static["python"]["executable"]   # meta.python_of: the interpreter, not a wrapper of it
    if static["mpi"]["flavour"] == "openmpi":
        env["PARBENCH_MPIRUN_FLAGS"] = " ".join(x for x in (env.get("PARBENCH_MPIRUN_FLAGS"), "--report-bindings") if x)
    ctx = sweep.Context(s.root, rd.path, sw.timeout, env, a.quiet)
    from .bench import exit_status, handle_signals, ignore_signals
    runner = supervise.Runner(supervise.start_watchdog(), keep_fds=(rd.lock_fd,))
    handle_signals(ctx, runner)
    sweep_meta = {"models": sw.models, "workloads": sw.workloads, "workers": sw.workers, "reps": sw.reps,
                  "warmup": sweep.WARMUP, "size": sw.size, "size_class": sw.classes,
                  "arguments": {w: " ".join(sw.args[w]) for w in sw.workloads},
                  "build_arguments": {k: {w: " ".join(a) for w, a in own.items()} for k, own in sw.build_args.items()},
                  "timeout_s": sw.timeout,
                  "seed": sw.seed, "sampling": sw.sampling, "runs_planned": len(runs), "studies": sw.studies}
    if sw.sampling == "adaptive":
        sweep_meta.update(budget_s=sw.budget, target=sw.target, threshold=sw.threshold,
                          order="rounds: every open configuration launched once per round, each round shuffled "
                                "with the seed; K launches of R timed repetitions, chosen as the sweep goes")
    else:
        sweep_meta["order"] = ("rounds: every configuration once per round, each round shuffled with the seed; "
                               "one timed repetition per process")
    error, sess, missing, elapsed, ceil = None, [], 0, 0.0, []
    try:
        t_ceil = time.monotonic()
        ceil, static["ceilings"] = sweep_ceilings(a, s, rd, fp, runner, how)
        ctx.ceilings_seconds = time.monotonic() - t_ceil
        ctx.tuning, sweep_meta["tuning"] = tuning_of(sw, ceil)
        ctx.build = s.build
        ctx.beside, ctx.beside_mpi = beside.mpi_launcher(beside.plan(ceil), s.root, s.build)
        sess = sessions(os.path.join(rd.path, SESSIONS), fp)
        static["segments"] = len({x["segment"] for x in sess})
        write_meta(rd.path, static, sweep_meta, sess, rows, False, started)
        t0 = time.monotonic()
        if sw.sampling == "fixed":
            missing = measure.fixed(ctx, runner, sw, runs, rows, done, s.runnable)
        else:
            missing, decided = measure.adaptive(ctx, runner, sw, runs, rows, s.runnable)
            sweep_meta["sampler"] = decided
        elapsed = time.monotonic() - t0
    except sweep.WriteFailed as e:
        error = str(e)
    except OSError as e:
        error = f"cannot write the run directory: {e.strerror}"
    ignore_signals()
    cores = meta.cores()
    strong = [r for r in rows if studyplan.study_of(r) == "strong"]
    groups = summary.group(strong)
    boot = summary.samples(groups, sw.seed)
    summ = limits.annotate(summary.summarize(strong, s.models, cores, sw.seed, sw.target, boot), strong, s.models, ceil)
    for r in summ:
        r.update(study="strong", binding="")
    pairs = floor.pair_noise(comparisons.side_by_side(groups, {m.name for m in s.models}))
    comps = comparisons.compare(strong, s.models, sw.seed, sw.threshold, boot, paired=pairs)
    study_summ = studies.summarize(rows, s.models, sw.seed, sw.target)
    noise = floor.launch_noise({k: b[0] for k, b in boot.items()}, summary.sizes_of(groups))
    sweep_meta["quality"] = quality.of_sweep(rows, summ + study_summ, elapsed, noise, pairs)
    sweep_meta["beside"] = beside.record(ctx.beside, ctx.beside_done)
    try:
        schema.write_whole(os.path.join(rd.path, "summary.csv"),
                           schema.csv_text(schema.SUMMARY_COLUMNS, summ + study_summ))
        schema.write_whole(os.path.join(rd.path, "comparisons.csv"),
                           schema.csv_text(schema.COMPARISON_COLUMNS, comps))
        write_meta(rd.path, static, sweep_meta, sess, rows, missing == 0, started)
    except OSError as e:
        error = error or f"cannot write summary.csv or meta.json: {e.strerror}"
    if error:
        cli.die("bench", f"{error} (what was written before is kept; free some space, then: "
                f"scripts/bench --resume {rd.path})", 3)
    if ctx.stop:
        sweep.say(f"interrupted (SIG{ctx.stop}): finish with scripts/bench --resume {rd.path}")
        return exit_status(ctx.stop)
    return finish(ctx, s, rd.path, summ, comps, rows, missing, study_summ)


def write_meta(path, static, sweep_meta, sess, rows, complete, started) -> None:
    schema.write_whole(os.path.join(path, "meta.json"), meta.document(static, sweep_meta, sess, rows, complete, started))


def finish(ctx, s, path: str, summ, comps, rows, missing: int, study_summ=()) -> int:
    """Prints the table and the failures, draws the plots; returns the
    sweep's exit status."""
    if summ:
        print(summary.table(summ, s.models, comparisons.winners(comps, summ, registry.baseline(s.models).name)), end="")
    print(studies.table(study_summ), end="")
    bad = [r for r in rows if r["status"] != "ok"]
    print(f"\nresults: {path}")
    status = 0
    if bad:
        print(f"{len(bad)} runs did not pass:")
        for r in bad:
            print(f"  {r['model']} {r['workload']} P={r['workers']} rep {r['rep']}: {r['status']} ({r['log']})")
        status = 1
    if missing:
        print(f"{missing} planned runs are not done: scripts/bench --resume {path}")
        status = 1
    from . import plotcmd
    drawn = plotcmd.after_sweep(path, ctx.quiet)
    return drawn if drawn else status
