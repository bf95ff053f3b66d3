"""How the bash scripts (scripts/run, scripts/submit) ask this package, and
the ways of bash that the modules they ask keep to.

A script runs

    python3 -I -S -c 'import sys; sys.path[:0] = sys.argv[1:2]; ...' SCRIPTS MODULE ARGS...

which calls main([MODULE, ARGS...]): the answer(ARGS) of parbench.MODULE,
printed as fields, each ended by a NUL byte (bash reads them with
`mapfile -d ''`), exit status 0. A Refused prints its fields instead, exit
status 2: TEXT, or BEFORE VALUE AFTER, which the script words as its own
one-line message, VALUE shown its own way (printf %q in scripts/submit,
'?' for each unprintable character in scripts/run), as it always has.
Fields hold any byte but NUL: arguments, the environment and files are
passed on as the bytes they were (os.fsdecode, os.fsencode).
"""
from __future__ import annotations

import importlib
import os
import re
import sys
from typing import List, Optional, Sequence

# The modules the scripts ask.
ASKED = ("runinfo", "slurmconf", "slurmjob")


class Refused(Exception):
    """Bad input, for a one-line message and exit status 2: TEXT alone, or
    VALUE, which the script shows its own way, between BEFORE and AFTER."""

    def __init__(self, before: str, value: Optional[str] = None, after: str = ""):
        super().__init__(before if value is None else f"{before}{value}{after}")
        self.fields = (before,) if value is None else (before, value, after)


def lines(data: bytes) -> List[bytes]:
    """Returns the lines of DATA as bash's `while IFS= read -r line || [[ -n
    "$line" ]]` reads them: split at newlines, a last line without one
    kept, NUL bytes dropped."""
    out = data.split(b"\n")
    if out[-1] == b"":
        out.pop()
    return [line.replace(b"\0", b"") for line in out]


def words(line: str, n: int) -> List[str]:
    """Returns the N values that bash's `read -r V1 ... VN` gives LINE (the
    default IFS): a word each, the last one the rest of the line, "" for
    those the line has no word for."""
    rest = line.strip(" \t\n")
    out = []
    for _ in range(n - 1):
        first, *more = re.split(r"[ \t\n]+", rest, maxsplit=1)
        out.append(first)
        rest = more[0] if more else ""
    return out + [rest]


def split(line: str) -> List[str]:
    """Returns the words of LINE as bash's `read -ra` splits it (blanks,
    tabs and newlines)."""
    return [w for w in re.split(r"[ \t\n]+", line) if w]


def main(argv: Sequence[str]) -> int:
    if not argv or argv[0] not in ASKED:
        print(f"parbench.shellio: asks one of {', '.join(ASKED)}", file=sys.stderr)
        return 2
    module = importlib.import_module(f"parbench.{argv[0]}")
    try:
        fields, status = module.answer(list(argv[1:])), 0
    except Refused as e:
        fields, status = e.fields, 2
    sys.stdout.buffer.write(b"".join(os.fsencode(f) + b"\0" for f in fields))
    sys.stdout.flush()
    return status
