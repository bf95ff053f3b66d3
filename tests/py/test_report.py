"""report: report.html and report.md from hostile run directories."""
import os
import re
import unittest

import pbtest
from parbench import report, schema

HOSTILE = ("<script>alert(1)</script>", "a|b", "`id`", "[x](javascript:alert(1))", "line\nbreak\r\nthere",
           "<img src=x onerror=alert(1)>", "&lt;script&gt;", "*bold* _it_ #h !x ~s~ {c} \\")


class EscapeTest(unittest.TestCase):
    def test_esc(self):
        self.assertEqual(report.esc("<script>alert(1)</script>"), "&lt;script&gt;alert(1)&lt;/script&gt;")
        self.assertEqual(report.esc("\"'&"), "&quot;&#x27;&amp;")
        self.assertEqual(report.esc(3), "3")

    def test_md(self):
        # < > & become entities; markup characters get a backslash; lines join
        self.assertEqual(report.md("<script>alert(1)</script>"), "&lt;script&gt;alert\\(1\\)&lt;/script&gt;")
        self.assertEqual(report.md("a|b"), "a\\|b")
        self.assertEqual(report.md("`id`"), "\\`id\\`")
        self.assertEqual(report.md("[x](javascript:alert(1))"), "\\[x\\]\\(javascript:alert\\(1\\)\\)")
        self.assertEqual(report.md("line\nbreak\r\n  there\t"), "line break there")
        self.assertEqual(report.md("a&lt;b"), "a&amp;lt;b")
        self.assertEqual(report.md("\\|"), "\\\\\\|")

    def test_md_leaves_no_live_markup(self):
        for h in HOSTILE:
            s = report.md(h)
            self.assertNotIn("\n", s)
            self.assertNotIn("<", s)
            # every markup character is escaped: drop the escaped ones, none is left
            rest = re.sub(r"\\.", "", s)
            self.assertIsNone(re.search(r"[\\`*_{}\[\]()#!|~<>]", rest), (h, s))


class SafeFileTest(unittest.TestCase):
    def setUp(self):
        self.run = pbtest.scratch(self)
        pbtest.write(os.path.join(self.run, "logs", "a.log"), "log\n")
        os.mkdir(os.path.join(self.run, "logs", "adir.log"))
        os.symlink("/etc/passwd", os.path.join(self.run, "logs", "out.log"))
        os.symlink(os.path.join(self.run, "..", os.path.basename(self.run) + "x"), os.path.join(self.run, "logs", "sib.log"))
        os.symlink("a.log", os.path.join(self.run, "logs", "in.log"))

    def test_accepts_a_log_of_the_run(self):
        self.assertTrue(report.safe_file(self.run, "logs/a.log"))
        self.assertTrue(report.safe_file(self.run, "logs/in.log"))  # a link that stays inside

    def test_refuses_the_rest(self):
        for rel in ("../x", "logs/../../x", "/etc/passwd", "javascript:alert(1)", "logs/out.log", "logs/sib.log",
                    "logs/adir.log", "logs/missing.log", "logs", "logs/", "", None, "logs/a.log?x=1",
                    "LOGS/a.log", "logs/a b.log", "http://example.com/logs/a.log"):
            self.assertFalse(report.safe_file(self.run, rel), repr(rel))

    def test_refuses_a_name_with_a_newline(self):
        # LOG_RE ends with '$', which also matches before a final newline
        pbtest.write(os.path.join(self.run, "logs", "a.log\n"), "x")
        self.assertFalse(report.safe_file(self.run, "logs/a.log\n"))


def summary_row(**kv):
    r = {c: "" for c in schema.SUMMARY_COLUMNS}
    r.update(kv)
    return r


def runs_row(**kv):
    r = {c: "" for c in schema.RUNS_COLUMNS}
    r.update(kv)
    return r


class NoiseTest(unittest.TestCase):
    def test_the_noise_meta_json_holds_is_untrusted(self):
        q = {"launch_noise": {"pi": 0.05, "(all)": 0.1, "<b>": 0.1, "triad": "0.1", "sleep": True, "spawn": 500,
                              "pi/1000000": 0.08, "pi/1e6": 0.1, "pi/": 0.02, "/5": 0.1, "pi/5/5": 0.1},
             "pair_noise": ["pi", 0.1]}
        # a workload at a size (floor.klass), and none but those
        self.assertEqual(report.noise_of(q, "launch_noise"), {"pi": 0.05, "(all)": 0.1, "pi/1000000": 0.08, "pi/": 0.02})
        self.assertEqual(report.noise_of(q, "pair_noise"), {})
        doc = {"sweep": {"quality": {"pair_noise": {"triad": 0.0123}}}}
        row = [r for r in report.quality_rows(doc, []) if r[0].startswith("noise of the ratio")]
        self.assertEqual([r[1] for r in row], ["triad 1.2 %"])


class ReportTest(unittest.TestCase):
    """report.write on a scratch run directory with a hand-made summary,
    runs and meta, the meta full of hostile values."""

    def setUp(self):
        self.run = os.path.join(pbtest.scratch(self), "run_1")
        pbtest.write(os.path.join(self.run, "logs", "openmp-pi-P2.log"), "log\n")
        os.symlink("/etc/passwd", os.path.join(self.run, "logs", "evil.log"))
        doc = {"host": "<script>alert('host')</script>", "cpu_model": "CPU | with `ticks`\nand a line",
               "cores": 2, "os_release": "[x](javascript:alert(1))",
               "compiler": {"cc_version": "gcc <b>12</b> | x"},
               "flags": {"CFLAGS": "-O2 <script>alert(2)</script> | -DX='`id`'"},
               "mpi": {"library_version": "Open MPI <i>4</i>, | more"},
               "parbench": {"commit": "abc\u202edef\u200b", "dirty": True}, "date": "2026-01-01T00:00:00Z\n<hr>"}
        summ = [summary_row(workload="pi", model="serial", workers="1", ranks="1", threads="1", size="100", n="3",
                            median="1.1", min="1", max="1.2", spread="0.1818", speedup_serial="1.0000",
                            speedup_self="1.0000", efficiency="1.0000", failed="0"),
                summary_row(workload="pi", model="openmp", workers="2", ranks="1", threads="2", size="100", n="2",
                            median="0.625", min="0.6", max="0.65", spread="0.0800", speedup_serial="1.7600",
                            speedup_self="1.6000", efficiency="0.8000", karp_flatt="0.2500", failed="2",
                            amdahl_f="0.25", amdahl_f_err=""),
                summary_row(workload="pi", model="openmp", workers="1", ranks="1", threads="1", size="100", n="2",
                            median="1", min="0.9", max="1.1", spread="0.2", speedup_serial="1.1",
                            speedup_self="1", efficiency="1", failed="0", amdahl_f="0.25", amdahl_f_err=""),
                summary_row(workload="pi", model="pthreads", workers="4", ranks="1", threads="4", size="100", n="0",
                            failed="1")]
        runs = [runs_row(workload="pi", model="openmp", workers="2", rep="1", status="failed", verified="",
                         log="logs/openmp-pi-P2.log"),
                runs_row(workload="pi", model="openmp", workers="2", rep="2", status="wrong|x", verified="no<br>",
                         log="javascript:alert(1)"),
                runs_row(workload="pi", model="pthreads", workers="4", rep="1", status="timeout", verified="",
                         log="logs/evil.log"),
                runs_row(workload="pi", model="serial", workers="1", rep="1", status="ok", verified="yes",
                         log="logs/serial-pi-P1.log")]
        report.write(self.run, doc, summ, runs, ["pi"])
        self.html = pbtest.read(os.path.join(self.run, "report.html"))
        self.md = pbtest.read(os.path.join(self.run, "report.md"))

    def test_html_has_no_script_and_no_markup_from_the_values(self):
        low = self.html.lower()
        self.assertNotIn("<script", low)
        for tag in ("<b>", "<i>", "<hr>", "<br>"):
            self.assertNotIn(tag, low)
        self.assertIn("&lt;script&gt;alert(&#x27;host&#x27;)&lt;/script&gt;", self.html)
        self.assertNotIn("\u202e", self.html)

    def test_html_links_point_inside_the_run(self):
        hrefs = re.findall(r'href="([^"]*)"', self.html)
        for h in hrefs:
            self.assertRegex(h, r"^(#[a-z0-9_-]+|plots/[a-z0-9_-]+\.svg|logs/[A-Za-z0-9_.-]+|data:,)$")
        self.assertIn("logs/openmp-pi-P2.log", hrefs)
        self.assertNotIn("logs/evil.log", hrefs)          # a link out of the run
        self.assertNotIn("logs/serial-pi-P1.log", hrefs)  # ok and verified: not listed; and no such file
        self.assertNotIn("javascript", " ".join(hrefs))
        self.assertNotIn("src=", self.html.replace('src="plots/', ""))

    def test_html_table_rows_are_whole(self):
        for table in re.findall(r"<table.*?</table>", self.html, re.S):
            rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)
            widths = {len(re.findall(r"<t[hd]>", r)) for r in rows}
            self.assertEqual(len(widths), 1, table)
            for r in rows:
                self.assertNotIn("\n", r)
        meta = re.search(r'<table class="meta">(.*?)</table>', self.html, re.S).group(1)
        self.assertIn("<td>host</td><td>&lt;script&gt;", meta)
        self.assertIn("<td>CFLAGS</td><td>-O2 &lt;script&gt;alert(2)&lt;/script&gt; | -DX=&#x27;`id`&#x27;</td>", meta)

    def test_md_has_no_script_and_no_links_out(self):
        self.assertNotIn("<script", self.md.lower())
        self.assertNotIn("<", self.md.replace("&lt;", ""))
        links = re.findall(r"(?<!\\)\]\((?!\\)([^)]*)\)", self.md)
        for target in links:
            self.assertRegex(target, r"^(plots/[a-z0-9_-]+\.(png|svg)|logs/[A-Za-z0-9_.-]+)$")
        self.assertIn("logs/openmp-pi-P2.log", links)
        self.assertNotIn("logs/evil.log", links)

    def test_md_table_rows_are_whole(self):
        blocks, cur = [], []
        for line in self.md.split("\n"):
            if line.startswith("|"):
                cur.append(line)
            elif cur:
                blocks.append(cur)
                cur = []
        self.assertGreaterEqual(len(blocks), 3)  # machine, failed runs, medians (and the fit)
        for block in blocks:
            # the cells of a row are split by the '|' that no backslash escapes
            widths = {len(re.findall(r"(?<!\\)\|", re.sub(r"\\\\", "", line))) for line in block}
            self.assertEqual(len(widths), 1, "\n".join(block))
            self.assertRegex(block[1], r"^\|(---\|)+$")
        self.assertIn("| CFLAGS | -O2 &lt;script&gt;alert\\(2\\)&lt;/script&gt; \\| -DX='\\`id\\`' |", self.md)
        self.assertIn("| host | &lt;script&gt;alert\\(&#x27;host&#x27;\\)", self.md.replace("'", "&#x27;"))

    def test_md_footer_shows_the_run_directory_as_it_is(self):
        # a code span shows backslashes as they are: the path must not get any
        self.assertIn(f"`make plots RUN={self.run}`", self.md)

    def test_amdahl_fit_rows(self):
        self.assertIn("<td>openmp</td><td>0.250</td><td>exact (one count)</td>", self.html)

    def test_unplotted_configurations_are_named(self):
        self.assertIn("<li>pi, pthreads, 4 workers (1 failed)</li>", self.html)
        self.assertIn("- pi, pthreads, 4 workers (1 failed)\n", self.md)


class CeilingsStatusTest(unittest.TestCase):
    CEIL = [{"kind": "triad_regular"}]

    def test_where_the_ceilings_came_from_and_triads_width(self):
        doc = {"ceilings": {"status": "measured", "why": "no cache yet", "seconds": 7.1, "mode": "quick"},
               "sweep": {"tuning": {"triad": {"isa": "sse2", "why": "sse2 100 %, avx 95 %"}}}}
        self.assertEqual(report.ceilings_status(doc, self.CEIL),
                         "The machine's ceilings were measured at the start of the sweep (no cache yet; 7.1 s), "
                         "in the probes' quick mode; ceilings.csv has every measurement. Triad ran with --isa sse2: "
                         "sse2 100 %, avx 95 %.")

    def test_without_a_choice_nothing_is_said_of_it(self):
        doc = {"ceilings": {"status": "cached", "why": "same build", "seconds": 0, "mode": "quick"},
               "sweep": {"tuning": {"triad": ["not", "an", "object"]}}}
        self.assertTrue(report.ceilings_status(doc, self.CEIL).endswith("ceilings.csv has every measurement."))
        self.assertEqual(report.ceilings_status({"ceilings": {"status": "off", "why": "--no-ceilings"}}, []),
                         "No ceilings, so no % of limit in this report: --no-ceilings.")


class AboveTheLimitTest(unittest.TestCase):
    def test_cells_above_their_limit_are_named_and_why(self):
        summ = [summary_row(workload="triad", model="hybrid", workers="2", pct_of_limit="159.3"),
                summary_row(workload="triad", model="mpi", workers="2", pct_of_limit="104.9"),
                summary_row(workload="triad", model="serial", workers="1", pct_of_limit=""),
                summary_row(workload="pi", model="openmp", workers="2", pct_of_limit="180")]
        (line,) = report.above_notes(summ, "triad")
        self.assertTrue(line.startswith("hybrid P=2 159 %: above 105 % of the limit: the machine was faster"), line)
        self.assertEqual(report.above_notes(summ[1:3], "triad"), [])

    def test_cells_whose_limit_moved_during_a_launch_are_named(self):
        summ = [summary_row(workload="triad", model="openmp", workers="2", pct_of_limit="59.2",
                            limit_of="triad_regular@2 beside"),
                summary_row(workload="triad", model="mpi", workers="2", pct_of_limit="97.0",
                            limit_of="triad_regular@2 beside")]
        runs = pbtest.launch_rows(("triad", "openmp", "2"), 1, [0.1], 1, flags="interference;limit_moved") + \
            pbtest.launch_rows(("triad", "mpi", "2"), 1, [0.1], 1, flags="interference") + \
            pbtest.launch_rows(("triad", "mpi", "2"), 2, [0.1], 2, flags="limit_moved", status="failed")
        (line,) = report.above_notes(summ, "triad", runs)
        self.assertTrue(line.startswith("openmp P=2 59 %: the limits measured right before and right after"), line)
        self.assertEqual(report.above_notes(summ, "stencil", runs), [])

    def test_a_limit_measured_beside_is_shown_so(self):
        row = summary_row(pct_of_limit="59.2", limit="64.87", limit_of="triad_regular@2 beside")
        self.assertEqual(report.pct_cell(row), "59.2 % of 64.87 GB/s (triad_regular@2 beside)")
        # the other probe around the launches gives more: shown as the upper end
        self.assertEqual(report.pct_cell(dict(row, pct_of_limit_high="66.04")),
                         "59.2 % (up to 66.0) of 64.87 GB/s (triad_regular@2 beside)")
        # the same figure, one that is not a number, a lower one (the file
        # is untrusted), or one without a limit beside: nothing more
        for high, of in (("59.24", "triad_regular@2 beside"), ("x", "triad_regular@2 beside"),
                         ("12", "triad_regular@2 beside"), ("66", "triad_regular@2")):
            self.assertEqual(report.pct_cell(dict(row, pct_of_limit_high=high, limit_of=of)),
                             f"59.2 % of 64.87 GB/s ({of})", high)
        for bad in ("triad_regular@2 besides", "triad_regular@2  beside", "triad_regular beside@2"):
            self.assertEqual(report.pct_cell(dict(row, limit_of=bad)), "\u2013", bad)


class GlanceTest(unittest.TestCase):
    def test_every_cells_percent_side_by_side_with_its_range(self):
        beside = dict(limit="35", limit_of="triad_regular@1 beside")
        summ = [summary_row(workload="triad", model="openmp", workers="1", pct_of_limit="93.4",
                            pct_of_limit_high="99.2", **beside),
                # one figure: the ends agree in whole percents, the limit was
                # measured once, or the high end is lower (an untrusted file)
                summary_row(workload="triad", model="serial", workers="1", pct_of_limit="97.2",
                            pct_of_limit_high="97.4", **beside),
                summary_row(workload="triad", model="openmp", workers="2", pct_of_limit="88",
                            pct_of_limit_high="95", limit="40", limit_of="triad_regular@2"),
                summary_row(workload="triad", model="pthreads", workers="2", pct_of_limit="91",
                            pct_of_limit_high="12", limit="40", limit_of="triad_regular@2 beside"),
                # no % of limit: no column for pythreads, no row for sleep
                summary_row(workload="triad", model="pythreads", workers="1", pct_of_limit=""),
                summary_row(workload="sleep", model="openmp", workers="1", pct_of_limit=""),
                summary_row(workload="spawn", model="openmp", workers="2", pct_of_limit="80.6",
                            pct_of_limit_high="94.4", limit="0.5", limit_of="omp_parallel@2 beside"),
                # a study's cells are not the sweep's
                summary_row(workload="spawn", model="openmp", workers="1", pct_of_limit="50", limit="0.4",
                            limit_of="omp_parallel@1", study="weak")]
        head, rows = report.glance_rows(summ, ["sleep", "triad", "spawn"], pbtest.models(self))
        # the registry's order: serial, pthreads, openmp
        self.assertEqual(head, ["workload", "workers", "serial", "pthreads", "openmp"])
        self.assertEqual(rows, [["triad", "1", "97", "–", "93–99"], ["triad", "2", "–", "91", "88"],
                                ["spawn", "2", "–", "–", "81–94"]])
        self.assertEqual(report.glance_rows(summ[4:6], ["sleep", "triad"], pbtest.models(self)),
                         (["workload", "workers"], []))


class HostileQualityTest(unittest.TestCase):
    def test_a_quality_record_of_strings_and_lists(self):
        # meta.json is untrusted: its sweep.quality values may be anything JSON holds
        run = pbtest.scratch(self)
        for q in ({"interference_launches": "3"}, {"interference_launches": [1], "timed_fraction": "0.1"},
                  {"cells_short_of_target": "abc", "outliers": {}}, [1]):
            try:
                report.write(run, {"sweep": {"quality": q, "sampler": {"stopped": []}, "target": "x"}}, [], [], [])
            except (TypeError, ValueError) as e:
                self.fail(f"report.write raised {e!r} on a meta.json sweep.quality of {q!r}")
            self.assertTrue(os.path.isfile(os.path.join(run, "report.html")))


if __name__ == "__main__":
    unittest.main()
