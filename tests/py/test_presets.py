"""presets: scripts/presets/W parsed as data, never run."""
import os
import unittest

import pbtest
from parbench import presets

PRESETS = os.path.join(pbtest.ROOT, "scripts", "presets")
GOOD = "SMALL=(--size 1)\nDEFAULT=(--size 2)\nLARGE=(--size 3)\n"


class RealPresetsTest(unittest.TestCase):
    def test_every_real_preset_parses(self):
        names = presets.available(PRESETS)
        self.assertIn("pi", names)
        for w in names:
            got = presets.read(os.path.join(PRESETS, w))
            self.assertEqual(sorted(got), ["default", "large", "small"], w)
            for cls, args in got.items():
                self.assertTrue(args, f"{w} {cls}")
                self.assertRegex(presets.size_of(args), r"^[1-9][0-9]*$", f"{w} {cls}: {args}")

    def test_available_lists_plain_names_only(self):
        d = pbtest.scratch(self)
        for name in ("pi", "sleep", "Bad", "x.sh", ".hidden"):
            pbtest.write(os.path.join(d, name), GOOD)
        os.mkdir(os.path.join(d, "adir"))
        self.assertEqual(presets.available(d), ["pi", "sleep"])
        self.assertEqual(presets.available(os.path.join(d, "missing")), [])


class MalformedTest(unittest.TestCase):
    def read(self, text):
        return presets.read(pbtest.write(os.path.join(pbtest.scratch(self), "presets", "pi"), text))

    def refused(self, text, *needles):
        with self.assertRaises(presets.PresetError) as cm:
            self.read(text)
        for n in needles:
            self.assertIn(n, str(cm.exception))

    def test_comments_directives_and_trailing_comments(self):
        text = ("# shellcheck shell=bash disable=SC2034\n\n  # indented\n"
                "SMALL=(--size 1 --max-iter=10)   # tiny\n  DEFAULT=( --size 2 )\nLARGE=(--size 3)#x\n")
        self.assertEqual(self.read(text), {"small": ["--size", "1", "--max-iter=10"],
                                           "default": ["--size", "2"], "large": ["--size", "3"]})

    def test_crlf_line_ends(self):
        self.assertEqual(self.read(GOOD.replace("\n", "\r\n"))["large"], ["--size", "3"])

    def test_shell_code_is_refused(self):
        for line in ("SMALL=($(id))", "SMALL=(`id`)", "SMALL=(--size $HOME)", "SMALL=(--size 1; id)",
                     "SMALL=(--size 1) && id", "SMALL=(--size 1) ; id", "SMALL=(--size 1 | id)",
                     "SMALL=(--size \"1\")", "SMALL=(--size 1 >/tmp/x)", "SMALL=(--size ${X})",
                     "SMALL=(--size 1 *)", "SMALL=(--size ~)", "SMALL=(--size 1 \\\n--x)"):
            self.refused(line + "\n" + GOOD.split("\n", 1)[1], "presets/pi:1")

    def test_a_missing_class(self):
        self.refused("SMALL=(--size 1)\nDEFAULT=(--size 2)\n", "defines no LARGE")
        self.refused("SMALL=()\nDEFAULT=(--size 2)\nLARGE=(--size 3)\n", "defines no SMALL")
        self.refused("", "defines no SMALL")

    def test_reserved_options(self):
        for arg in ("--workers 4", "--workers=4", "--reps 2", "--warmup=0", "--threads 2", "--check"):
            self.refused(f"SMALL=(--size 1)\nDEFAULT=(--size 2 {arg})\nLARGE=(--size 3)\n",
                         "presets/pi:2", "set by scripts/bench")

    def test_unknown_lines(self):
        for line in ("echo hi", "OTHER=(--size 1)", "small=(--size 1)", "export SMALL=(--size 1)",
                     "SMALL=--size", "SMALL=(--size 1", "SMALL+=(--size 1)", "declare -a SMALL"):
            self.refused(GOOD + line + "\n", "presets/pi:4", "not CLASS=(arguments)")

    def test_unreadable(self):
        with self.assertRaises(presets.PresetError):
            presets.read(os.path.join(pbtest.scratch(self), "presets", "none"))
        with self.assertRaises(presets.PresetError):
            presets.read(pbtest.write(os.path.join(pbtest.scratch(self), "p", "pi"), b"SMALL=(\xff)\n", "wb"))

    def test_size_of(self):
        self.assertEqual(presets.size_of(["--size", "5", "--x", "1", "--size=7"]), "7")
        self.assertEqual(presets.size_of(["--size=7", "--size", "9"]), "9")
        self.assertEqual(presets.size_of(["--size"]), "")
        self.assertEqual(presets.size_of([]), "")


if __name__ == "__main__":
    unittest.main()
