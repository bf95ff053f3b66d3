"""What scripts/run answers without launching anything: its --help, the
--shape of a run, and what is wrong with a line of the model registry (or
with a binary that is not built). The launches themselves stay in bash,
where no Python interpreter starts for each of them.

scripts/run asks (shellio):
  help REGISTRY                  the usage, and the models of REGISTRY
  shape REGISTRY MODEL WORKERS [--threads T]
                                 "RANKS THREADS" of that run
  line WHERE FIELD...            refuses the registry line WHERE (FILE:LINE)
                                 for its first fault; nothing if it has none
  unbuilt ROOT BINARY MODEL WORKLOAD BUILD DIR
                                 refuses the run of BINARY, not built, saying why

The registry is read as scripts/run reads it (its load_registry): columns
split at blanks, tabs and newlines only, the bytes as they are; each line's
first fault is registry.line_fault's, which registry.py reports too.
"""
from __future__ import annotations

import os
import re
import shutil
from typing import List, Tuple

from parbench import registry
from parbench.shellio import Refused, lines, split

MAX_WORKERS = 1024  # as the binaries: more is a mistake, not a benchmark

# A model of the registry: name, dir, build, flags, launch, colour, point, checks.
Model = Tuple[str, ...]


def check_line(where: str, fields: List[str]) -> None:
    """Refuses the registry line WHERE (FILE:LINE), of FIELDS, for its first
    fault (registry.line_fault): a column count but 8, or a column that is
    not as models.conf says."""
    fault = registry.line_fault(fields)
    if fault and fault[1:] == ("", ""):
        raise Refused(f"{where}: {fault[0]}")
    if fault:
        raise Refused(f"{where}: {fault[0]}", fault[1], fault[2])


def load(path: str) -> List[Model]:
    """Returns the models of the registry PATH, in order; refuses it when it
    cannot be read, has a malformed line or a model twice, or has no single
    plain model."""
    if not (os.path.isfile(path) and os.access(path, os.R_OK)):
        raise Refused(f"{path}: cannot read the model registry")
    file = path.rsplit("/", 1)[-1]
    with open(path, "rb") as f:
        data = f.read()
    models: List[Model] = []
    for n, line in enumerate(lines(data), 1):
        fields = split(os.fsdecode(line))
        # a comment is a line whose first column starts with '#' (a colour's
        # '#' is not one), or what follows the eighth column
        if not fields or fields[0].startswith("#"):
            continue
        if len(fields) > 8 and fields[8].startswith("#"):
            fields = fields[:8]
        check_line(f"{file}:{n}", fields)
        if any(m[0] == fields[0] for m in models):
            raise Refused(f"{file}:{n}: model '{fields[0]}' is listed twice")
        models.append(tuple(fields))
    plain = sum(m[4] == "plain" for m in models)
    if plain != 1:
        raise Refused(f"{file}: needs exactly one model with launch 'plain' (the baseline), has {plain}")
    return models


def count(what: str, value: str) -> int:
    """Returns VALUE, a whole number from 1 to MAX_WORKERS; refuses it else."""
    if not re.fullmatch(r"[1-9][0-9]{0,5}", value):
        raise Refused(f"{what}: '", value, "' is not a positive whole number")
    if int(value) > MAX_WORKERS:
        raise Refused(f"{what}: '{value}' is too large (at most {MAX_WORKERS})")
    return int(value)


def hybrid_threads(workers: int, opts: List[str]) -> int:
    """Returns the threads per rank of a hybrid run: the last --threads T
    of OPTS, or 2 when WORKERS is even, else 1."""
    threads, i = "", 0
    while i < len(opts):
        if opts[i] == "--threads":
            threads = opts[i + 1] if i + 1 < len(opts) else ""
            i += 1
        elif opts[i].startswith("--threads="):
            threads = opts[i][len("--threads="):]
        i += 1
    return count("--threads", threads or ("2" if workers % 2 == 0 else "1"))


def shape(models: List[Model], args: List[str]) -> str:
    """Returns "RANKS THREADS" of the run MODEL WORKERS [--threads T] (ARGS)
    of one of MODELS, as its launch column has it; refuses what no run
    could start."""
    model, workers = args[0], args[1]
    launch = next((m[4] for m in models if m[0] == model), None)
    if launch is None:
        raise Refused("unknown model '", model, f"' (models: {' '.join(m[0] for m in models)})")
    p = count("WORKERS", workers)
    threads = 1
    if launch == "hybrid":
        threads = hybrid_threads(p, args[2:])
    elif args[2:]:
        raise Refused(f"--threads: model '{model}' (launch {launch}) takes no --threads")
    if launch == "plain" and p != 1:
        raise Refused(f"model '{model}' (launch plain) runs 1 worker, not {p}")
    if p % threads:
        raise Refused(f"WORKERS {p} is not a multiple of --threads {threads}")
    return {"plain": "1 1", "procs": "1 1", "threads": f"1 {p}", "openmp": f"1 {p}",
            "mpi": f"{p} 1", "hybrid": f"{p // threads} {threads}"}[launch]


def shape_args(args: List[str]) -> List[str]:
    """Returns the arguments of --shape, MODEL WORKERS [--threads T]...;
    refuses any other."""
    if len(args) < 2:
        raise Refused("--shape needs MODEL WORKERS [--threads T] (try --help)")
    i = 2
    while i < len(args):
        if args[i] == "--threads":
            if i + 1 >= len(args):
                raise Refused("--threads needs a value")
            i += 1
        elif not args[i].startswith("--threads="):
            raise Refused("--shape: unexpected argument '", args[i], "' (try --help)")
        i += 1
    return args


def unbuilt(root: str, binary: str, model: str, workload: str, build: str, mdir: str) -> Refused:
    """Returns why BINARY, of MODEL (built by BUILD from directory MDIR) and
    WORKLOAD, is not built: no MPI compiler, no source of WORKLOAD in MDIR,
    or not made."""
    if build == "mpicc" and not shutil.which(os.environ.get("MPICC") or "mpicc"):
        return Refused(f"{binary} is not built: model {model} needs MPI (make deps installs Open MPI, then make)")
    # a model need not implement every workload (the Python models have no
    # triad): the workload exists, the model's source of it does not
    src = f"{mdir}/{workload}.{'py' if build == 'python' else 'c'}"
    if os.path.isfile(f"{root}/common/workloads/{workload}.c") and not os.path.isfile(f"{root}/{src}"):
        return Refused(f"model {model} does not implement {workload} (no {src}): not implemented")
    return Refused(f"{binary} is not built (run make; 'make help' lists the workloads)")


def usage(registry: str) -> str:
    """Returns the --help text, with the models of REGISTRY if it can be read."""
    try:
        listed = "".join(f" {m[0]} ({m[4]})" for m in load(registry))
    except (Refused, OSError):
        return USAGE
    return f"{USAGE}\nModels in {registry}:{listed}\n"


def answer(args: List[str]) -> List[str]:
    ask, rest = args[0], args[1:]
    if ask == "help":
        return [usage(rest[0])]
    if ask == "shape":
        args = shape_args(rest[1:])
        return [shape(load(rest[0]), args)]
    if ask == "line":
        check_line(rest[0], rest[1:])
        return []
    if ask == "unbuilt":
        raise unbuilt(*rest)
    raise ValueError(f"runinfo: cannot answer {ask!r}")


USAGE = '''usage: scripts/run MODEL WORKLOAD WORKERS [--bind close|spread|none] [options...]
       scripts/run --shape MODEL WORKERS [--threads T]
       scripts/run --mpi-flavour

Runs build/MODEL/WORKLOAD with WORKERS workers, launched as the model
registry (models.conf; PARBENCH_REGISTRY=FILE reads another) says in
MODEL's launch column:
  plain     WORKERS must be 1 (the binary refuses more)
  threads   --workers WORKERS, threads of one process
  procs     --workers WORKERS, processes of one thread
  openmp    OMP_NUM_THREADS=WORKERS (OMP_WAIT_POLICY=passive beyond the cores)
  mpi       mpirun -np WORKERS
  hybrid    mpirun -np WORKERS/T with T OpenMP threads per rank;
            T is --threads T if given, else 2 when WORKERS is even, else 1
The options go to the binary (try: scripts/run MODEL pi 1 --help), but
--bind B, which binds the workers of the openmp, mpi and hybrid launches:
  close     OpenMP: OMP_PROC_BIND=close OMP_PLACES=cores; MPI: ranks bound
            to cores, placed next to each other (Open MPI --map-by core or
            slot:PE=T --bind-to core; MPICH -bind-to core:T -map-by core;
            srun --cpu-bind=cores --distribution=block:block)
  spread    OMP_PROC_BIND=spread OMP_PLACES=cores; ranks bound to cores,
            spread over the sockets (--map-by socket[:PE=T]; -map-by socket;
            srun --distribution=block:cyclic)
  none      OMP_PROC_BIND=false; ranks unbound (--bind-to none, -bind-to
            none, srun --cpu-bind=none)
Without --bind, the launchers' defaults as below. More workers than cores
are never bound. The result line's cpus= shows where the workers ran.

--shape MODEL WORKERS [--threads T] prints "RANKS THREADS": the MPI ranks
and the threads of each that scripts/run MODEL W WORKERS starts (plain and
procs: 1 1; threads, openmp: 1 WORKERS; mpi: WORKERS 1; hybrid: WORKERS/T T).
--mpi-flavour prints openmpi, mpich or other: the MPI of $MPIRUN.
Both exit 0, or 2 with one line on stderr on bad input.

A launcher that cannot start the run (status 126 or 127, or an error of
mpirun's own, which reaches stderr) is named as such; a status above 128
that is a signal's is named as a rank killed by that signal.

A model of build python runs its DIR/WORKLOAD.py under PYTHON (default
python3), launched as its launch column says.

Environment: MPIRUN (default mpirun), PARBENCH_BUILD (default build/),
PARBENCH_REGISTRY (default models.conf), PARBENCH_MPIRUN_FLAGS (extra
mpirun flags, split on spaces).

Inside a Slurm job (SLURM_JOB_ID set), PARBENCH_LAUNCHER chooses how the MPI
models start on the job's CPUs and nodes:
  srun     srun --mpi=pmix -n RANKS -c THREADS --cpu-bind=cores (SRUN, and
           PARBENCH_SRUN_MPI for another --mpi plugin; PARBENCH_SRUN_FLAGS)
  mpirun   mpirun with a slot per allocated CPU, --bind-to core,
           --map-by slot:PE=THREADS for hybrid, and --report-bindings
Beyond the job's CPUs, both overcommit without binding. Unset, or outside
a job, MPI starts as above. PARBENCH_LAUNCH_LOG=FILE appends each launch
command to FILE.
'''
