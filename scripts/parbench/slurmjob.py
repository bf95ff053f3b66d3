"""The job script that scripts/submit writes and gives to sbatch: a sweep
(scripts/bench) as a Slurm batch job, in the run directory's slurm/.

scripts/submit asks (shellio): NAME=VALUE... -- BENCH_ARGS..., where the
NAMEs are the settings (slurmconf.KEYS) and FROM (where CPUS came from),
MODE (new, resume, or again: a job whose sweep never began, started
afresh), RUN_DIR, ROOT (the checkout), BENCH (the sweep driver) and BUILD
(the build directory); it answers the script's text. Every value has been
checked by scripts/submit (safe_word) or slurmconf; those that the script's
shell reads are quoted as bash's printf %q quotes them.
"""
from __future__ import annotations

import time
from typing import Dict, List, Optional

NAMES = ("NODES", "CPUS", "TIME", "PARTITION", "ACCOUNT", "LAUNCHER", "EXCLUSIVE", "JOB_NAME",
         "FROM", "MODE", "RUN_DIR", "ROOT", "BENCH", "BUILD")
# What scripts/submit's safe_word lets into a job script: these, and in
# some locales (de_DE.UTF-8) the letters its [A-Za-z] takes there, which
# printf %q leaves as they are.
SAFE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.,:/=+-")


def quoted(word: str) -> str:
    """Returns WORD, which safe_word let through, as bash's printf %q
    writes it: '' if it is empty, else with each comma escaped."""
    if not all(c in SAFE or (not c.isascii() and c.isalpha()) for c in word):
        raise ValueError(f"slurmjob: {word!r} cannot go into a job script")
    return word.replace(",", "\\,") if word else "''"


def comment(text: str) -> str:
    """Returns TEXT fit for one comment line: each control character (a
    newline in a file name, say) as '?'."""
    return "".join("?" if ord(c) < 32 or ord(c) == 127 else c for c in text)


def job_script(values: Dict[str, str], bench_args: List[str], now: Optional[time.struct_time] = None) -> str:
    """Returns the job script of VALUES (one for each of NAMES) that runs
    the sweep with BENCH_ARGS; NOW (default: the time now, UTC) is when
    it says it was written."""
    v = values
    stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", now or time.gmtime())
    out = ["#!/bin/bash",
           f"#SBATCH --job-name={v['JOB_NAME']}",
           f"#SBATCH --nodes={v['NODES']}",
           "#SBATCH --ntasks-per-node=1",
           f"#SBATCH --cpus-per-task={v['CPUS']}",
           "#SBATCH --hint=nomultithread",
           f"#SBATCH --time={v['TIME']}"]
    out += [f"#SBATCH --partition={v['PARTITION']}"] if v["PARTITION"] else []
    out += [f"#SBATCH --account={v['ACCOUNT']}"] if v["ACCOUNT"] else []
    out += ["#SBATCH --exclusive"] if v["EXCLUSIVE"] != "no" else []
    out += [f"#SBATCH --output={v['RUN_DIR']}/slurm/slurm-%j.out",
            f"#SBATCH --chdir={v['ROOT']}",
            "#",
            "# A parbench sweep as a Slurm batch job, written by scripts/submit at",
            f"# {stamp}. The thread and process models run here, on the first",
            f"# node, with this task's CPUs; MPI and hybrid start through {v['LAUNCHER']} and span",
            "# the job's nodes. Each run's binding is recorded (slurm/bindings.csv).",
            f"# CPUs per node (--cpus-per-task): {v['CPUS']}, from {comment(v['FROM'])}."]
    if v["MODE"] == "again":
        out.append("# The sweep of an earlier job never began: it starts afresh, with slurm/bench.args.")
    out += ["set -euo pipefail",
            "",
            f"rundir={quoted(v['RUN_DIR'])}",
            f"bench={quoted(v['BENCH'])}",
            f"resume={1 if v['MODE'] == 'resume' else 0}",
            f"export PARBENCH_BUILD={quoted(v['BUILD'])}",
            f"export PARBENCH_LAUNCHER={quoted(v['LAUNCHER'])}",
            "# shellcheck disable=SC2054 # commas within options, not between",
            f"bench_args=({' '.join(quoted(a) for a in bench_args)})"]
    return "\n".join(out) + "\n" + BODY


def answer(args: List[str]) -> List[str]:
    split = args.index("--") if "--" in args else len(args)
    values = dict(a.split("=", 1) for a in args[:split])
    missing = [n for n in NAMES if n not in values]
    if missing:
        raise ValueError(f"slurmjob: no {', '.join(missing)}")
    return [job_script(values, args[split + 1:])]


# The part of every job script after its settings.
BODY = r'''
# One OpenMP thread per CPU of the task, each on a core of its own. srun
# (Slurm 22.05 on) no longer takes --cpus-per-task from the job: without
# SRUN_CPUS_PER_TASK every thread of a task would share one core.
cpus="${SLURM_CPUS_PER_TASK:-${SLURM_CPUS_ON_NODE:-1}}"
export OMP_NUM_THREADS="$cpus" SRUN_CPUS_PER_TASK="$cpus"
export OMP_PLACES=cores OMP_PROC_BIND=close
export OMP_DISPLAY_AFFINITY=TRUE
export OMP_AFFINITY_FORMAT='parbench affinity: host %H pid %P thread %n of %N on cpus %A'

# scripts/bench --out wants an empty run directory: the job's own files
# wait beside it while the sweep runs, and go back into RUN_DIR/slurm after.
jobdir="$rundir/slurm"
files="$jobdir"
[[ "$resume" == 1 ]] || files="${rundir%/*}/.${rundir##*/}.slurm-$SLURM_JOB_ID"
export PARBENCH_LAUNCH_LOG="$files/launches.log" PARBENCH_RECORD="$files/results.log"

# The binding of every run, from the result lines' cpus= (the union of the
# CPUs its threads and ranks were allowed on).
# shellcheck disable=SC2317 # called by at_exit
bindings() {
    awk 'BEGIN { print "workload,model,workers,ranks,threads,size,rep,verified,cpus" }
         /^workload=/ {
             split("", f)
             for (i = 1; i <= NF; i++) { k = $i; sub(/=.*/, "", k); v = $i; sub(/^[^=]*=/, "", v); f[k] = v }
             printf "%s,%s,%s,%s,%s,%s,%s,%s,\"%s\"\n", f["workload"], f["model"], f["workers"],
                 f["ranks"], f["threads"], f["size"], f["rep"], f["verified"], f["cpus"]
         }' "$PARBENCH_RECORD" 2>/dev/null || true
}

# However the job ends (scancel and the time limit send SIGTERM first):
# the bindings, the job's files back in RUN_DIR/slurm, and the way on.
# shellcheck disable=SC2317 # run by the EXIT trap
at_exit() {
    local rc="$?"
    if [[ -d "$files" ]]; then bindings >"$files/bindings.csv" || true; fi
    if [[ "$files" != "$jobdir" && -d "$files" ]]; then
        mkdir -p "$rundir" && mv -T "$files" "$jobdir" || echo "parbench job $SLURM_JOB_ID: its files stay in $files"
    fi
    echo "parbench job $SLURM_JOB_ID: ended with status $rc${stopped:+ (SIG$stopped: scancel, or the time limit)}"
    if ! grep -qs '"complete": *true' "$rundir/meta.json"; then
        echo "parbench job $SLURM_JOB_ID: the sweep is not complete: finish it with scripts/submit --resume $rundir"
    fi
}
stopped=""
trap at_exit EXIT
trap 'stopped=TERM; exit 143' TERM
trap 'stopped=INT; exit 130' INT
[[ "$files" == "$jobdir" ]] || mv -T "$jobdir" "$files"

{
    echo "job $SLURM_JOB_ID: nodes ${SLURM_JOB_NODELIST:-?}, CPUs per node ${SLURM_JOB_CPUS_PER_NODE:-?}"
    echo "batch step on $(hostname): $(grep Cpus_allowed_list /proc/self/status)"
    scontrol show job -d "$SLURM_JOB_ID" 2>&1 || true
} >"$files/allocation.txt"
env | grep -E '^(SLURM|SRUN|OMP|PARBENCH)_' | sort >"$files/environment.txt" || true

# scripts/bench's hints name scripts/bench --resume; from a job, the way on
# is a new job. The filter outlives the SIGTERM that ends the job, so that
# scripts/bench's last lines still reach the job's output.
hints() {
    trap '' TERM INT
    sed -u 's#scripts/bench --resume#scripts/submit --resume#g'
}

rc=0
if [[ "$resume" == 0 ]]; then
    "$bench" --out "$rundir" "${bench_args[@]}" 2>&1 | hints || rc=$?
else
    "$bench" --resume "$rundir" "${bench_args[@]}" 2>&1 | hints || rc=$?
fi
exit "$rc"
'''
