"""scripts/submit's settings: the values of a Slurm job, each from its
default, parbench.conf, PARBENCH_<KEY> in the environment or an option, a
later one overriding, and the CPUs per node from sinfo when none of them
says. Every value is checked before it goes into a job script; a bad one is
refused naming where it came from (shellio.Refused).

scripts/submit asks (shellio):
  settings [KEY VALUE]...   the settings, the options' KEY VALUE last, as
                            KEY VALUE FROM for each key (FROM: where the
                            value came from, "" for a default)
  cpus SINFO PARTITION STATUS LISTING ERROR
                            CPUS FROM: the cores of each node that sinfo
                            (the command SINFO, "missing" as its STATUS when
                            it is not there) listed for PARTITION, or for
                            the default one when PARTITION is ""
"""
from __future__ import annotations

import codecs
import locale
import os
import re
import sys
from typing import Callable, Dict, List, Mapping, Optional, Tuple

from parbench.shellio import Refused, lines, words

KEYS = ("NODES", "CPUS", "TIME", "PARTITION", "ACCOUNT", "LAUNCHER", "EXCLUSIVE", "JOB_NAME")
DEFAULTS = {"NODES": "1", "CPUS": "", "TIME": "00:30:00", "PARTITION": "", "ACCOUNT": "",
            "LAUNCHER": "srun", "EXCLUSIVE": "no", "JOB_NAME": "parbench"}
# KEY: the pattern its whole value must match, and what it is said not to be
# when it does not.
RULES = {
    "NODES": (r"[1-9][0-9]{0,4}", "a whole number from 1 to 99999"),
    "CPUS": (r"[1-9][0-9]{0,4}", "a whole number from 1 to 99999"),
    "TIME": (r"([0-9]{1,3}-)?[0-9]{1,3}:[0-5][0-9]:[0-5][0-9]", "a time as HH:MM:SS or D-HH:MM:SS"),
    "PARTITION": (r"([A-Za-z0-9_.-]+(,[A-Za-z0-9_.-]+)*)?",
                  "a partition name (letters, digits, _ . -; several split by commas)"),
    "ACCOUNT": (r"[A-Za-z0-9_.-]*", "an account name (letters, digits, _ . -)"),
    "LAUNCHER": (r"srun|mpirun", "srun or mpirun"),
    "EXCLUSIVE": (r"yes|no", "yes or no"),
    "JOB_NAME": (r"[A-Za-z0-9_.-]{1,64}", "a job name (letters, digits, _ . -; at most 64)"),
}
# The message's start when sinfo cannot tell the CPUs per node.
NEED = "needs --cpus C, the CPUs per node (or CPUS= in parbench.conf)"
QUERY = "%P %c %X %Y"

# KEY: (VALUE, where it came from: "" for the default)
Settings = Dict[str, Tuple[str, str]]

# The blanks of bash's [[:space:]]: the C locale's, and in a UTF-8 locale
# also the Unicode spaces of glibc's iswspace.
C_SPACE = " \t\n\v\f\r"
UTF8_SPACE = C_SPACE + "\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200a\u2028\u2029\u205f\u3000"


def conf_patterns(space: str) -> Tuple["re.Pattern", "re.Pattern"]:
    """Returns the patterns of a parbench.conf line with the blanks SPACE: a
    comment or blank line, and KEY=VALUE with blanks around either."""
    s = f"[{space}]"
    return (re.compile(f"{s}*(#.*)?", re.S),
            re.compile(f"{s}*([A-Z_]+){s}*={s}*(.*[^{space}])?{s}*", re.S))


_C_LINES = tuple(re.compile(p.pattern.encode("latin-1"), re.S) for p in conf_patterns(C_SPACE))
_UTF8_LINES = conf_patterns(UTF8_SPACE)
_QUOTED = re.compile("\"(.*)\"|'(.*)'", re.S)


def utf8_locale() -> bool:
    """True if the calling script's bash reads text as UTF-8: Python found a
    locale of UTF-8 text, and not the C or POSIX locale, where it chooses
    UTF-8 itself (sys.flags.utf8_mode: scripts/submit runs it with -I, so
    that no PYTHONUTF8 can set it) and bash reads bytes."""
    return not sys.flags.utf8_mode and codecs.lookup(locale.getpreferredencoding(False)).name == "utf-8"


def checked(origin: str, key: str, value: str) -> str:
    """Returns VALUE if it suits setting KEY; refuses it naming ORIGIN."""
    if key not in RULES:
        raise Refused(f"{origin}: unknown setting '{key}' (settings: {' '.join(KEYS)})")
    pattern, want = RULES[key]
    if not re.fullmatch(pattern, value, re.ASCII):
        raise Refused(f"{origin}: ", value, f" is not {want}")
    return value


def setting(settings: Settings, origin: str, key: str, value: str) -> Settings:
    """Returns SETTINGS with KEY set to VALUE from ORIGIN, once checked."""
    return {**settings, key: (checked(origin, key, value), origin)}


def defaults() -> Settings:
    return {k: (v, "") for k, v in DEFAULTS.items()}


def from_conf(settings: Settings, name: str, data: bytes, utf8: bool) -> Settings:
    """Returns SETTINGS with those of the parbench.conf NAME, whose bytes are
    DATA, read as bash reads it: as UTF-8 text if UTF8 (where a line that
    is not UTF-8 is no KEY=VALUE), else as bytes. The file is parsed, never
    run: anything but comments, blank lines and KEY=VALUE is refused, and so
    is a key given twice. A UTF-8 byte-order mark and CRLF line ends are
    read as if they were not there; a value in double or single quotes
    loses them."""
    seen: Dict[str, int] = {}
    blank, pair = _UTF8_LINES if utf8 else _C_LINES
    for n, raw in enumerate(lines(data), 1):
        if n == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        raw = raw[:-1] if raw.endswith(b"\r") else raw
        try:
            line = raw.decode("utf-8") if utf8 else raw
        except UnicodeDecodeError:
            raise Refused(f"{name}:{n}: not KEY=VALUE: ", os.fsdecode(raw), "")
        if blank.fullmatch(line):
            continue
        m = pair.fullmatch(line)
        if not m:
            raise Refused(f"{name}:{n}: not KEY=VALUE: ", os.fsdecode(raw), "")
        key, value = (os.fsdecode(g) if isinstance(g, bytes) else g for g in (m.group(1), m.group(2) or ""))
        if key in seen:
            raise Refused(f"{name}:{n}: {key} is given twice (lines {seen[key]} and {n}); keep one")
        seen[key] = n
        q = _QUOTED.fullmatch(value)
        if q:
            value = q.group(1) if q.group(1) is not None else q.group(2)
        settings = setting(settings, f"{name}:{n}: {key}", key, value)
    return settings


def read_conf(settings: Settings, environ: Mapping[str, str], utf8: bool) -> Settings:
    """Returns SETTINGS with those of parbench.conf, or of the file
    PARBENCH_CONF names (which must be there), if there is one (from_conf)."""
    name = environ.get("PARBENCH_CONF") or "parbench.conf"
    if not os.path.isfile(name):
        if environ.get("PARBENCH_CONF"):
            raise Refused("PARBENCH_CONF: ", name, " is not a file")
        return settings
    try:
        with open(name, "rb") as f:
            data = f.read()
    except OSError as e:
        raise Refused(f"{name}: cannot be read: {e.strerror or e}")
    return from_conf(settings, name, data, utf8)


def from_env(settings: Settings, environ: Mapping[str, str]) -> Settings:
    """Returns SETTINGS with those of the PARBENCH_<KEY> variables set."""
    for key in KEYS:
        var = f"PARBENCH_{key}"
        if var in environ:
            settings = setting(settings, var, key, environ[var])
    return settings


def from_options(settings: Settings, pairs: List[str]) -> Settings:
    """Returns SETTINGS with the options' KEY VALUE PAIRS, in order."""
    for key, value in zip(pairs[::2], pairs[1::2]):
        settings = setting(settings, "--" + key.lower().replace("_", "-"), key, value)
    return settings


def resolve(environ: Mapping[str, str], pairs: List[str], utf8: bool) -> Settings:
    """Returns the settings: the defaults, then parbench.conf (read as UTF-8
    text if UTF8), then the environment, then the options' KEY VALUE
    PAIRS."""
    return from_options(from_env(read_conf(defaults(), environ, utf8), environ), pairs)


def sinfo_nodes(listing: str, partition: str) -> List[Tuple[str, int]]:
    """Returns (PARTITION, CORES) for each node of LISTING, what `sinfo -h -e
    -o '%P %c %X %Y'` printed, of PARTITION or, when it is "", of the
    default partition (marked '*'). A node's cores are its CPUs, but never
    more than sockets x cores per socket: the job asks
    --hint=nomultithread, one CPU per core."""
    nodes = []
    for line in listing.split("\n"):
        name, cpus, sockets, cores = words(line, 4)
        if not name or (not partition and not name.endswith("*")):
            continue
        if not re.fullmatch(r"[1-9][0-9]{0,5} [1-9][0-9]{0,3} [1-9][0-9]{0,4}", f"{cpus} {sockets} {cores}", re.ASCII):
            raise Refused(f"{NEED}: sinfo gave ", f"{name} {cpus} {sockets} {cores}",
                          ", not the CPUs, sockets and cores of a node")
        nodes.append((name[:-1] if name.endswith("*") else name, min(int(cpus), int(sockets) * int(cores))))
    if not nodes:
        if partition:
            raise Refused(f"{NEED}: sinfo lists no node in partition {partition}")
        raise Refused(f"{NEED}: sinfo marks no partition as the default ('*'): name one with --partition")
    return nodes


def sinfo_cpus(sinfo: str, partition: str, status: str, listing: str, error: str,
               collate: Callable[[str], object] = os.fsencode) -> Tuple[str, str]:
    """Returns (CPUS, FROM): the cores per node of PARTITION (or the default
    one), when all its nodes have as many, from what the command SINFO
    printed (LISTING) and the last line of its stderr (ERROR) and its exit
    STATUS ("missing": no such command). FROM names the partitions in the
    order of COLLATE (default: their bytes')."""
    if status == "missing":
        raise Refused(f"{NEED}: {sinfo} is not here to tell")
    if status != "0":
        failed = f"{NEED}: sinfo -o '{QUERY}'{' -p ' + partition if partition else ''} failed (status {status})"
        raise Refused(failed + ": ", error, "") if error else Refused(failed)
    nodes = sinfo_nodes(listing, partition)
    counts = sorted({cores for _, cores in nodes})
    part = ",".join(sorted({name for name, _ in nodes}, key=collate))
    if not partition:
        part += " (the default)"
    if len(counts) > 1:
        raise Refused(f"{NEED}: the nodes of partition {part} have {' or '.join(map(str, counts))} cores "
                      "(sinfo): choose with --cpus")
    origin = f"sinfo: the cores of every node of partition {part}"
    return checked(origin, "CPUS", str(counts[0])), origin


def answer(args: List[str], environ: Optional[Mapping[str, str]] = None) -> List[str]:
    environ = os.environ if environ is None else environ
    if args[:1] == ["settings"]:
        settings = resolve(environ, args[1:], utf8_locale())
        return [f for key in KEYS for f in (key, *settings[key])]
    if args[:1] == ["cpus"] and len(args) == 6:
        # the partitions in the order of sort(1), which bash used, in the locale's
        locale.setlocale(locale.LC_COLLATE, "")
        return list(sinfo_cpus(*args[1:], collate=locale.strxfrm))
    raise ValueError(f"slurmconf: cannot answer {args[:1]}")
