"""What the unit tests of scripts/parbench share: the package on sys.path,
scratch directories, and a small model registry written by hand.

Run them all from the root with: python3 -m unittest discover -s tests/py -v
(tests/t_python.sh does, for tests/run).
"""
import os
import shutil
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SCRIPTS = os.path.join(ROOT, "scripts")
if SCRIPTS not in sys.path:
    sys.path.insert(0, SCRIPTS)

from parbench import registry  # noqa: E402

# Three models, the baseline first; the values are those of models.conf.
REGISTRY = """\
# a registry for the tests
serial     serial    cc     -         plain    #555555  7      asan,tsan,valgrind
pthreads   pthreads  cc     -pthread  threads  #0072b2  5      asan,tsan
openmp     openmp    cc     -fopenmp  openmp   #009e73  13     asan
"""


def scratch(test) -> str:
    """Returns a new directory that is removed when TEST ends."""
    path = tempfile.mkdtemp(prefix="parbench-test-")
    test.addCleanup(shutil.rmtree, path, True)
    return path


def write(path: str, text, mode: str = "w") -> str:
    """Writes TEXT (str, or bytes with mode 'wb') to PATH; returns PATH."""
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    if "b" in mode:
        with open(path, mode) as f:
            f.write(text)
    else:
        with open(path, mode, encoding="utf-8", newline="") as f:
            f.write(text)
    return path


def read(path: str) -> str:
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


def models(test):
    """Returns the models of REGISTRY, read from a scratch models.conf."""
    return registry.load(write(os.path.join(scratch(test), "models.conf"), REGISTRY))


def runs_row(**kv) -> dict:
    """Returns a runs.csv row: every column of the schema, an ok and verified
    repetition of size 5 on 1 rank x 1 thread unless KV says otherwise."""
    from parbench import schema
    r = dict.fromkeys(schema.RUNS_COLUMNS, "")
    r.update(ranks="1", threads="1", size="5", status="ok", verified="yes", wall_seconds="0.5")
    r.update({k: str(v) for k, v in kv.items()})
    return r


def launch_rows(cell, launch: int, seconds, first_rep: int, **kv) -> list:
    """Returns the rows of one launch of CELL (workload, model, workers):
    one repetition per value of SECONDS, numbered from FIRST_REP."""
    w, m, p = cell
    return [runs_row(workload=w, model=m, workers=p, launch=launch, rep=first_rep + i, seconds=s, **kv)
            for i, s in enumerate(seconds)]


def cell_rows(cell, launches, **kv) -> list:
    """Returns the rows of CELL's LAUNCHES (lists of seconds), the launches
    numbered 1, 2, ... and the repetitions numbered on across them."""
    out = []
    for k, secs in enumerate(launches, 1):
        out += launch_rows(cell, k, secs, len(out) + 1, **kv)
    return out


def refusal(fn, *args) -> tuple:
    """Returns the fields of the shellio.Refused that FN(*ARGS) raises;
    fails the test when it raises none."""
    from parbench.shellio import Refused
    try:
        fn(*args)
    except Refused as e:
        return e.fields
    raise AssertionError(f"{fn.__name__}{args!r} refused nothing")
