"""What the commands share: one-line messages on stderr with exit status
2 for bad input, and an argparse parser that keeps to that."""
from __future__ import annotations

import argparse
import re
import sys
from typing import Callable, List, NoReturn


def die(program: str, message: str, status: int = 2) -> NoReturn:
    """Prints 'PROGRAM: MESSAGE' as one printable line on stderr and exits."""
    line = "".join(c if c.isprintable() else "?" for c in f"{program}: {message}")
    print(line, file=sys.stderr, flush=True)
    sys.exit(status)


def nonempty(name: str) -> Callable[[str], str]:
    def check(text: str) -> str:
        if not text:
            raise argparse.ArgumentTypeError("needs a value (try --help)")
        return text
    return check


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line naming the option, and
    whose --help prints USAGE on stdout."""

    def __init__(self, program: str, usage: str):
        super().__init__(prog=program, add_help=False, allow_abbrev=False)
        self.program = program
        self.usage_text = usage
        self.add_argument("--help", "-h", action="store_true")

    def die(self, message: str) -> NoReturn:
        die(self.program, message)

    def error(self, message: str) -> NoReturn:
        m = re.match(r"argument (\S+?)(/\S+)?: (.*)$", message)
        if m:
            opt, why = m.group(1), m.group(3)
            if why.startswith("expected one argument"):
                self.die(f"{opt} needs a value (try --help)")
            if why.startswith("ignored explicit argument"):
                self.die(f"{opt} takes no value")
            if why.startswith("needs a value"):
                self.die(f"{opt} {why}")
            self.die(f"{opt}: {why}")
        m = re.match(r"unrecognized arguments: (.*)$", message)
        if m:
            self.die(f"unknown option '{m.group(1).split(' ')[0]}' (try --help)")
        self.die(message)

    def parse(self, argv: List[str]) -> argparse.Namespace:
        """Returns the options of ARGV; prints the usage and exits 0 on --help."""
        if any(a in ("--help", "-h") for a in argv):
            known, _ = self.parse_known_args(argv)
            if known.help:
                sys.stdout.write(self.usage_text)
                sys.exit(0)
        return self.parse_args(argv)
