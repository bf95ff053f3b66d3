"""shellio: how the bash scripts call the package, and bash's ways of
reading lines and words."""
import os
import subprocess
import sys
import unittest

import pbtest
from parbench import shellio


class BashWays(unittest.TestCase):
    def test_lines(self):
        self.assertEqual(shellio.lines(b""), [])
        self.assertEqual(shellio.lines(b"a\nb\n"), [b"a", b"b"])
        self.assertEqual(shellio.lines(b"a\n\nb"), [b"a", b"", b"b"])
        self.assertEqual(shellio.lines(b"a\0b\n\r\n"), [b"ab", b"\r"])

    def test_words_as_read_sets_them(self):
        self.assertEqual(shellio.words("  a b\tc  d e  ", 4), ["a", "b", "c", "d e"])
        self.assertEqual(shellio.words("a", 4), ["a", "", "", ""])
        self.assertEqual(shellio.words("", 2), ["", ""])
        self.assertEqual(shellio.words("a\rb c", 2), ["a\rb", "c"])

    def test_split(self):
        self.assertEqual(shellio.split(" a\tb  c\r "), ["a", "b", "c\r"])
        self.assertEqual(shellio.split("   "), [])


class Main(unittest.TestCase):
    """The call the scripts make: fields ended by NUL bytes, status 0, or a
    refusal's fields and status 2."""

    def ask(self, *args, env=None):
        code = "import sys; sys.path[:0] = sys.argv[1:2]; from parbench import shellio; sys.exit(shellio.main(sys.argv[2:]))"
        return subprocess.run([sys.executable, "-I", "-S", "-c", code, pbtest.SCRIPTS, *args], capture_output=True,
                              env=env, cwd=pbtest.scratch(self))

    def test_an_answer(self):
        p = self.ask("slurmconf", "settings", "NODES", "3", env=dict(os.environ, PARBENCH_CONF=""))
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(p.stdout.split(b"\0")[:4], [b"NODES", b"3", b"--nodes", b"CPUS"])

    def test_a_refusal_keeps_the_bytes_of_its_value(self):
        p = self.ask("slurmconf", "settings", "ACCOUNT", "a\xff\nb".encode("latin-1").decode("utf-8", "surrogateescape"),
                     env=dict(os.environ, PARBENCH_CONF=""))
        self.assertEqual(p.returncode, 2)
        self.assertEqual(p.stdout, b"--account: \0a\xff\nb\0 is not an account name (letters, digits, _ . -)\0")

    def test_only_the_modules_the_scripts_ask(self):
        p = self.ask("bench", "--help")
        self.assertEqual((p.returncode, p.stdout), (2, b""))


if __name__ == "__main__":
    unittest.main()
