"""schema: the columns, reading untrusted CSV, numbers, whole writes."""
import locale
import os
import shutil
import stat
import subprocess
import sys
import unittest

import pbtest
from parbench import schema


class ColumnsTest(unittest.TestCase):
    def test_columns_are_defined_once_and_distinct(self):
        self.assertEqual(len(set(schema.RUNS_COLUMNS)), len(schema.RUNS_COLUMNS))
        self.assertEqual(len(set(schema.SUMMARY_COLUMNS)), len(schema.SUMMARY_COLUMNS))
        self.assertEqual(schema.RUNS_COLUMNS[:3], ("workload", "model", "workers"))
        for c in schema.RATE_COLUMNS:
            self.assertIn(c, schema.RUNS_COLUMNS)
            self.assertIn(c, schema.SUMMARY_COLUMNS)


class ReadTableTest(unittest.TestCase):
    def table(self, data: bytes, required=("workload", "model")):
        return schema.read_table(pbtest.write(os.path.join(pbtest.scratch(self), "t.csv"), data, "wb"), required)

    def test_bom_and_crlf(self):
        header, rows, problems = self.table(b"\xef\xbb\xbfworkload,model\r\npi,serial\r\nsleep,openmp\r\n")
        self.assertEqual(header, ["workload", "model"])
        self.assertEqual(rows, [{"workload": "pi", "model": "serial"}, {"workload": "sleep", "model": "openmp"}])
        self.assertEqual(problems, [])

    def test_blank_lines_and_spaces(self):
        header, rows, problems = self.table(b" workload , model \n\n pi , serial\n")
        self.assertEqual((header, rows, problems), (["workload", "model"], [{"workload": "pi", "model": "serial"}], []))

    def test_extra_and_missing_fields(self):
        _, rows, problems = self.table(b"workload,model\npi,serial,x\npi\nsleep,openmp\n")
        self.assertEqual(rows, [{"workload": "sleep", "model": "openmp"}])
        self.assertEqual(problems, ["line 2: 3 fields, more than the header's 2",
                                    "line 3: 1 fields, fewer than the header's 2"])

    def test_a_bad_line_costs_that_line_only(self):
        # a stray CR inside a field, a field past csv's size limit: the csv
        # module raises; the rows after that line are still whole and must be read
        for bad in (b"pi,se\rrial\n", b'pi,"' + b"y" * 200000 + b'"\n'):
            _, rows, problems = self.table(b"workload,model\n" + bad + b"sleep,openmp\ntriad,fork\n")
            self.assertEqual(rows, [{"workload": "sleep", "model": "openmp"}, {"workload": "triad", "model": "fork"}],
                             bad[:20])
            self.assertEqual(len(problems), 1, problems)
            self.assertTrue(problems[0].startswith("line 2: "), problems)

    def test_bad_tables(self):
        for data, needle in ((b"", "empty"), (b"workload\npi\n", "no column model"),
                             (b"workload,model,model\n", "names a column twice"),
                             (b"workload,model\n\xff,x\n", "not UTF-8")):
            with self.assertRaises(schema.TableError, msg=data) as cm:
                self.table(data)
            self.assertIn(needle, str(cm.exception))
        with self.assertRaises(schema.TableError):
            schema.read_table(os.path.join(pbtest.scratch(self), "none.csv"), ())

    def test_csv_text_round_trip(self):
        rows = [{"workload": "pi", "model": 'say "hi", twice', "log": "a,b"},
                {"workload": "sleep", "model": "", "log": "=1+1"}]
        text = schema.csv_text(("workload", "model", "log"), rows)
        self.assertTrue(text.startswith("workload,model,log\n"))
        self.assertNotIn("\r", text)
        path = pbtest.write(os.path.join(pbtest.scratch(self), "t.csv"), text)
        header, back, problems = schema.read_table(path, ("workload",))
        self.assertEqual((header, back, problems), (["workload", "model", "log"], rows, []))

    def test_csv_text_keeps_a_row_on_one_line(self):
        # a line break in a value would split the row: it becomes a blank
        text = schema.csv_text(("workload", "log"), [{"workload": "pi", "log": "a\nb\rc"}], header=False)
        self.assertEqual(text, "pi,a b c\n")

    def test_csv_text_takes_the_columns_in_order(self):
        text = schema.csv_text(("b", "a"), [{"a": "1", "b": "2", "c": "3"}], header=False)
        self.assertEqual(text, "2,1\n")


class NumberTest(unittest.TestCase):
    def test_numbers(self):
        self.assertEqual(schema.number("0.0042"), 0.0042)
        self.assertEqual(schema.number("1e3"), 1000.0)
        self.assertEqual(schema.number("-2"), -2.0)
        self.assertEqual(schema.number(".5"), 0.5)
        self.assertEqual(schema.number("+1.5E-2"), 0.015)

    def test_not_numbers(self):
        for bad in ("nan", "NaN", "inf", "-inf", "Infinity", "1,5", "", " ", "1.5.2", "0x10", "1e999", "1_000",
                    "١", "1e", "e3", "--1", None, 1.5):
            self.assertIsNone(schema.number(bad), repr(bad))

    def test_locale_independent(self):
        old = locale.setlocale(locale.LC_ALL)
        try:
            try:
                locale.setlocale(locale.LC_ALL, "de_DE.UTF-8")
            except locale.Error:
                return self.in_a_made_locale()
            self.assertEqual(locale.localeconv()["decimal_point"], ",")
            self.assertEqual(schema.number("0.0042"), 0.0042)
            self.assertIsNone(schema.number("1,5"))
            self.assertEqual(schema.fmt(0.5, "%.4f"), "0.5000")
        finally:
            locale.setlocale(locale.LC_ALL, old)

    def in_a_made_locale(self):
        """Without an installed de_DE.UTF-8, makes one with localedef in a
        scratch LOCPATH and checks in a child Python."""
        if not shutil.which("localedef") or not os.path.isfile("/usr/share/i18n/locales/de_DE"):
            self.skipTest("no de_DE.UTF-8 locale here, and no localedef to make one")
        d = pbtest.scratch(self)
        made = subprocess.run(["localedef", "-i", "de_DE", "-f", "UTF-8", os.path.join(d, "de_DE.UTF-8")],
                              capture_output=True, timeout=60)
        if made.returncode not in (0, 1) or not os.path.isdir(os.path.join(d, "de_DE.UTF-8")):
            self.skipTest("localedef could not make de_DE.UTF-8")
        code = ("import locale, sys; sys.path.insert(0, sys.argv[1]); from parbench import schema; "
                "locale.setlocale(locale.LC_ALL, 'de_DE.UTF-8'); "
                "assert locale.localeconv()['decimal_point'] == ','; "
                "print(schema.number('0.0042') == 0.0042, schema.number('1,5'), schema.fmt(0.5, '%.4f'))")
        p = subprocess.run([sys.executable, "-c", code, pbtest.SCRIPTS], capture_output=True, text=True, timeout=60,
                           env=dict(os.environ, LOCPATH=d))
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(p.stdout, "True None 0.5000\n")

    def test_whole_and_fmt(self):
        self.assertEqual(schema.whole("12"), 12)
        self.assertEqual(schema.whole("0"), 0)
        for bad in ("-1", "1.0", "", "1e3", "x", "9" * 19, None):
            self.assertIsNone(schema.whole(bad), repr(bad))
        self.assertEqual(schema.fmt(None, "%.4f"), "")
        self.assertEqual(schema.fmt(1 / 3, "%.4f"), "0.3333")


class WriteWholeTest(unittest.TestCase):
    def write_with_umask(self, mask):
        d = pbtest.scratch(self)
        path = os.path.join(d, "summary.csv")
        old = os.umask(mask)
        try:
            schema.write_whole(path, "a,b\n")
        finally:
            os.umask(old)
        return d, path

    def test_mode_follows_the_umask(self):
        _, path = self.write_with_umask(0o022)
        self.assertEqual(stat.S_IMODE(os.stat(path).st_mode), 0o644)
        _, path = self.write_with_umask(0o027)
        self.assertEqual(stat.S_IMODE(os.stat(path).st_mode), 0o640)

    def test_replaces_whole_and_leaves_no_temporary(self):
        d, path = self.write_with_umask(0o022)
        schema.write_whole(path, "x\u00e9\n")
        self.assertEqual(pbtest.read(path), "x\u00e9\n")
        self.assertEqual(os.listdir(d), ["summary.csv"])

    def test_a_failed_write_leaves_the_old_file(self):
        d, path = self.write_with_umask(0o022)
        with self.assertRaises(OSError):
            schema.write_whole(os.path.join(d, "missing", "x.csv"), "y\n")
        self.assertEqual(pbtest.read(path), "a,b\n")
        self.assertEqual(os.listdir(d), ["summary.csv"])

    def test_unencodable_text_is_written_with_a_replacement_and_no_temporary(self):
        # a lone surrogate (from os.environ's surrogateescape) cannot be UTF-8:
        # it becomes '?', and the file is still whole
        d, path = self.write_with_umask(0o022)
        schema.write_whole(path, "bad \udcff\n")
        self.assertEqual(pbtest.read(path), "bad ?\n")
        self.assertEqual(os.listdir(d), ["summary.csv"])


if __name__ == "__main__":
    unittest.main()
