"""claims: the tutorials' claims against summary.csv. A claim on a
speedup holds only when its whole interval is on its side of the line,
fails only when the whole interval is on the other side, and is left
open otherwise; a time per unit of work counts mandelbrot's pixels, the
square of its side. Every value is worked out by hand."""
import os
import unittest

import pbtest
from parbench import claims, registry


def row(w, m, p, median, size, low=None, high=None, speedup=None, **extra):
    r = {"workload": w, "model": m, "workers": str(p), "median": str(median), "size": str(size),
         "speedup_self": "" if speedup is None else str(speedup),
         "speedup_self_low": "" if low is None else str(low), "speedup_self_high": "" if high is None else str(high)}
    r.update({k: str(v) for k, v in extra.items()})
    return r


class Side(unittest.TestCase):
    def test_a_claim_above_the_line(self):
        # processes bypass the GIL: a speedup above 1.5
        self.assertEqual(claims.side([row("pi", "pyprocs", 2, 1, 1, 1.7, 2.1)], 1.5, True), "holds")
        self.assertEqual(claims.side([row("pi", "pyprocs", 2, 1, 1, 1.0, 1.3)], 1.5, True), "does not hold")
        # 1.52x [0.98, 2.36]: a rerun could go either way
        self.assertEqual(claims.side([row("pi", "pyprocs", 2, 1, 1, 0.98, 2.36)], 1.5, True),
                         claims.OPEN.format(line=1.5))
        self.assertIn("crosses 1.5x", claims.OPEN.format(line=1.5))

    def test_a_claim_below_the_line(self):
        # the GIL: Python threads' speedup under 1.2
        self.assertEqual(claims.side([row("pi", "pythreads", 2, 1, 1, 0.9, 1.1)], 1.2, False), "holds")
        self.assertEqual(claims.side([row("pi", "pythreads", 2, 1, 1, 1.3, 1.9)], 1.2, False), "does not hold")
        self.assertEqual(claims.side([row("pi", "pythreads", 2, 1, 1, 0.66, 1.60)], 1.2, False),
                         claims.OPEN.format(line=1.2))

    def test_every_row_must_hold(self):
        good, open_, bad = (row("sleep", "m", 2, 1, 1, *span) for span in ((1.9, 2.0), (1.2, 1.9), (1.0, 1.4)))
        self.assertEqual(claims.side([good, good], 1.5, True), "holds")
        self.assertEqual(claims.side([good, open_], 1.5, True), claims.OPEN.format(line=1.5))
        self.assertEqual(claims.side([open_, bad], 1.5, True), "does not hold")

    def test_not_measured(self):
        self.assertEqual(claims.side([None], 1.5, True), "not measured")
        self.assertEqual(claims.side([row("pi", "m", 2, 1, 1)], 1.5, True), "not measured")
        self.assertEqual(claims.side([], 1.5, True), "not measured")


class Interpreter(unittest.TestCase):
    def test_mandelbrot_counts_pixels(self):
        # 0.0733 s for 64 x 64 pixels against 0.0748 s for 400 x 400:
        # (0.0733 / 4096) / (0.0748 / 160000) = 38.3
        (got,) = claims.interpreter_row(row("mandelbrot", "pythreads", 1, 0.0733, 64),
                                        row("mandelbrot", "serial", 1, 0.0748, 400), "mandelbrot",
                                        claims.UNITS["mandelbrot"])
        self.assertEqual(got[0], "The interpreter against serial C (mandelbrot, time per pixel, 1 worker)")
        self.assertEqual(got[1], "Python 38x slower (pythreads size 64, serial size 400)")

    def test_pi_counts_intervals(self):
        # (0.0842 / 1e6) / (0.0155 / 5e7) = 271.6
        (got,) = claims.interpreter_row(row("pi", "pythreads", 1, 0.0842, 1000000),
                                        row("pi", "serial", 1, 0.0155, 50000000), "pi", claims.UNITS["pi"])
        self.assertEqual(got[1], "Python 272x slower (pythreads size 1000000, serial size 50000000)")
        # as fast as C: its share of C's time
        (got,) = claims.interpreter_row(row("pi", "pythreads", 1, 0.02, 100), row("pi", "serial", 1, 0.02, 100),
                                        "pi", claims.UNITS["pi"])
        self.assertEqual(got[1], "Python 1.00x serial C's time (pythreads size 100, serial size 100)")

    def test_missing_or_damaged(self):
        self.assertEqual(claims.interpreter_row(None, row("pi", "serial", 1, 0.01, 5), "pi", claims.UNITS["pi"]), [])
        self.assertEqual(claims.interpreter_row(row("pi", "pythreads", 1, 0.01, "x"), row("pi", "serial", 1, 0.01, 5),
                                                "pi", claims.UNITS["pi"]), [])
        # summary.csv is read from disk: a median of 0 or below is no time per unit
        self.assertEqual(claims.interpreter_row(row("pi", "pythreads", 1, 0.01, 5), row("pi", "serial", 1, 0, 5),
                                                "pi", claims.UNITS["pi"]), [])
        self.assertEqual(claims.interpreter_row(row("pi", "pythreads", 1, -1, 5), row("pi", "serial", 1, 0.01, 5),
                                                "pi", claims.UNITS["pi"]), [])


class Claims(unittest.TestCase):
    def test_a_run_whose_intervals_cannot_tell(self):
        models = registry.load(os.path.join(pbtest.ROOT, "models.conf"))
        summ = [row("sleep", "pythreads", 2, 0.1, 8, 1.9, 2.0, 1.99), row("sleep", "pyprocs", 2, 0.1, 8, 1.9, 2.0, 1.95),
                row("pi", "pythreads", 2, 0.09, 10 ** 6, 0.66, 1.60, 1.03),
                row("pi", "pyprocs", 2, 0.06, 10 ** 6, 1.7, 2.0, 1.85),
                row("pi", "pythreads", 1, 0.0842, 10 ** 6), row("pi", "serial", 1, 0.0155, 5 * 10 ** 7)]
        got = {r[0]: r[2] for r in claims.claims(summ, models, "CPython")}
        self.assertEqual(got["Threads speed up work that waits (sleep, 2 workers), in Python as in C"], "holds")
        self.assertEqual(got["The GIL: Python threads do not speed up compute-bound work (pi, 2 workers)"],
                         claims.OPEN.format(line=1.2))
        self.assertEqual(got["Processes bypass the GIL and use the cores (pi, 2 workers)"], "holds")
        self.assertEqual(got["Processes bypass the GIL and use the cores (mandelbrot, 2 workers)"], "not measured")
        self.assertEqual(got["The interpreter against serial C (pi, time per interval, 1 worker)"], "measured")
        self.assertNotIn("The interpreter against serial C (mandelbrot, time per pixel, 1 worker)", got)


if __name__ == "__main__":
    unittest.main()
