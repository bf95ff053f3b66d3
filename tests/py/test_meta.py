"""meta: meta.json is JSON whatever bytes its values came from, and reading
it back trusts nothing."""
import json
import os
import sys
import unittest

import pbtest
from parbench import meta, schema


class EnvironbMixin:
    def set_env(self, key: bytes, value: bytes):
        """Sets the environment variable KEY to the bytes VALUE for this test."""
        old = os.environb.get(key)

        def restore():
            if old is None:
                os.environb.pop(key, None)
            else:
                os.environb[key] = old
        self.addCleanup(restore)
        os.environb[key] = value


class DocumentTest(EnvironbMixin, unittest.TestCase):
    def test_json_whatever_the_environment_holds(self):
        self.set_env(b"OMP_X", b"\xff\xfe")
        self.set_env(b"OMP_PROC_BIND", b"clo\xffse")
        self.set_env(b"SLURM_Y", b'say "hi"\\\n')
        self.set_env(b"PARBENCH_MPIRUN_FLAGS", b"--x \xfe")
        static = {"host": 'a"b\\c\nd\te', "cpu_model": "\u00e9\u2028\x00", "cores": 2,
                  "binding": meta.binding(None)}
        sessions = [{"start": "2026-01-01T00:00:00Z", "host": "h'\"", "fingerprint": "0123", "segment": "1"}]
        rows = [{"status": "ok"}, {"status": "ok"}, {"status": "failed"}, {"status": "timeout"}]
        text = meta.document(static, {"arguments": {"pi": "--size 1"}, "timeout_s": 0.5}, sessions, rows,
                             False, "2026-01-01T00:00:00Z")
        text.encode("utf-8")  # it can be written as UTF-8: no lone surrogate
        doc = json.loads(text)
        self.assertEqual(doc["env"]["OMP_X"], "\ufffd\ufffd")
        self.assertEqual(doc["env"]["SLURM_Y"], 'say "hi"\\\n')
        self.assertEqual(doc["binding"]["omp_proc_bind"], "clo\ufffdse")
        self.assertEqual(doc["binding"]["mpirun_flags"], "--x \ufffd")
        self.assertEqual(doc["host"], 'a"b\\c\nd\te')
        self.assertEqual(doc["cpu_model"], "\u00e9\u2028\x00")
        self.assertEqual(doc["sessions"], sessions)
        self.assertEqual(doc["results"], {"rows": 4, "ok": 2, "failed": 1, "wrong": 0, "timeout": 1})
        self.assertEqual((doc["format"], doc["complete"], doc["started"]),
                         ("parbench-meta-1", False, "2026-01-01T00:00:00Z"))
        self.assertRegex(doc["date"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
        # and it goes to disk and back
        path = os.path.join(pbtest.scratch(self), "meta.json")
        schema.write_whole(path, text)
        self.assertEqual(meta.load(path), doc)

    def test_environment_takes_omp_and_slurm_only(self):
        self.set_env(b"OMP_\xffNAME", b"1")
        self.set_env(b"SLURM_JOB_ID", b"42")
        self.set_env(b"XOMP_NOT", b"1")
        env = meta.environment()
        self.assertEqual(env["OMP_\ufffdNAME"], "1")
        self.assertEqual(env["SLURM_JOB_ID"], "42")
        self.assertNotIn("XOMP_NOT", env)
        self.assertTrue(all(k.startswith(("OMP_", "SLURM_")) for k in env))


class TextTest(unittest.TestCase):
    DOC = {"host": "x\ty\nz\x00", "cores": 2, "dirty": True, "clean": False, "f": 0.5, "list": [1], "obj": {"a": "b"},
           "empty": "", "bidi": "a\u202eb\u200bc", "long": "x" * 1000, "ls": "a\u2028b", "none": None,
           "compiler": {"cc_version": "gcc 12"}}

    def test_scalars(self):
        t = lambda *p: meta.text(self.DOC, *p)  # noqa: E731
        # whitespace runs become one space; other unprintable characters '?'
        self.assertEqual(t("host"), "x y z?")
        self.assertEqual((t("cores"), t("dirty"), t("clean"), t("f")), ("2", "true", "false", "0.5"))
        self.assertEqual(t("bidi"), "a?b?c")
        self.assertEqual(t("ls"), "a b")
        self.assertEqual(t("long"), "x" * 300)
        self.assertEqual(t("compiler", "cc_version"), "gcc 12")

    def test_not_scalars(self):
        for path in (("list",), ("obj",), ("empty",), ("none",), ("missing",), ("host", "x"), ("compiler", "cc"),
                     ("list", "0")):
            self.assertIsNone(meta.text(self.DOC, *path), path)
        self.assertIsNone(meta.text({}, "host"))

    def test_every_text_is_printable(self):
        for k in self.DOC:
            v = meta.text(self.DOC, k)
            self.assertTrue(v is None or (v.isprintable() and len(v) <= 300), (k, v))


class LoadTest(unittest.TestCase):
    def load(self, data: bytes):
        return meta.load(pbtest.write(os.path.join(pbtest.scratch(self), "meta.json"), data, "wb"))

    def test_not_an_object(self):
        for data in (b"", b"[1, 2]", b'"x"', b"{", b"\xff\xfe", b"[" * 100000 + b"]" * 100000):
            self.assertEqual(self.load(data), {}, data[:20])
        self.assertEqual(meta.load(os.path.join(pbtest.scratch(self), "none.json")), {})

    def test_an_object(self):
        self.assertEqual(self.load(b'{"host": "h", "cores": 2}'), {"host": "h", "cores": 2})


class PythonTest(unittest.TestCase):
    def test_a_wrapper_resolves_to_the_interpreter_it_runs(self):
        # a version manager's shim: a shell script that execs the interpreter
        real = sys.executable
        shim = pbtest.write(os.path.join(pbtest.scratch(self), "python3"), f'#!/bin/sh\nexec "{real}" "$@"\n')
        os.chmod(shim, 0o755)
        got = meta.python_of(shim)
        self.assertEqual(got["interpreter"], shim)
        self.assertEqual(os.path.realpath(got["executable"]), os.path.realpath(real))
        self.assertIn(got["gil"], (True, False))

    def test_no_interpreter_there(self):
        got = meta.python_of(os.path.join(pbtest.scratch(self), "no-such-python"))
        self.assertEqual((got["implementation"], got["executable"]), (None, None))


class BuildinfoTest(unittest.TestCase):
    def test_key_value_lines(self):
        d = pbtest.scratch(self)
        pbtest.write(os.path.join(d, "buildinfo"), b"CC=gcc -std=c11\nCFLAGS=-O3 =x\nnot a line\n1X=y\n"
                                                   b"LDLIBS=-lm \xff\n", "wb")
        self.assertEqual(meta.buildinfo(d), {"CC": "gcc -std=c11", "CFLAGS": "-O3 =x", "LDLIBS": "-lm \ufffd"})
        self.assertEqual(meta.buildinfo(os.path.join(d, "none")), {})

    def test_first_line_and_counts(self):
        self.assertEqual(meta.first_line("a\nb"), "a")
        self.assertIsNone(meta.first_line(""))
        self.assertIsNone(meta.first_line(None))
        self.assertEqual(meta.counts([{"status": "wrong"}]), {"rows": 1, "ok": 0, "failed": 0, "wrong": 1, "timeout": 0})

    def test_output_of(self):
        self.assertEqual(meta.output_of(["sh", "-c", "printf ' a\\377 \\n'"]), "a\ufffd")
        self.assertIsNone(meta.output_of(["sh", "-c", "echo x; exit 1"]))
        self.assertEqual(meta.output_of(["sh", "-c", "echo x >&2; exit 1"], stderr=True), "x")
        self.assertIsNone(meta.output_of([os.path.join(pbtest.scratch(self), "none")]))


if __name__ == "__main__":
    unittest.main()
