"""noise: what the machine did between two samples, and when a launch
counts as taken under heavy interference (others over a quarter core, or
steal over 5 % of the wall time)."""
import unittest

__import__("pbtest")  # puts scripts/ on sys.path
from parbench import noise

S = noise.Sample


class BetweenTest(unittest.TestCase):
    def test_a_quiet_launch(self):
        # 2.5 CPU s in all, 2.0 of them the launch's own: others 0.5 over 2 s of wall
        # is exactly a quarter core, not more; no steal; the clock the mean of both
        r = noise.between(S(100.0, 5.0, 1.0, 2000.0), S(102.5, 5.0, 3.0, 2200.0), 2.0)
        self.assertEqual(r, noise.Reading(2.0, 0.0, 0.5, 2100.0, False))

    def test_others_over_a_quarter_core(self):
        # others 2.625 - 2.0 = 0.625 over 2 s: 0.3125 of a core
        r = noise.between(S(100.0, 5.0, 1.0, None), S(102.625, 5.0, 3.0, None), 2.0)
        self.assertEqual((r.other_cpu_seconds, r.interference), (0.625, True))

    def test_steal_over_five_percent(self):
        # 0.125 s stolen over 2 s: 6.25 %
        r = noise.between(S(0.0, 0.0, 0.0, None), S(1.0, 0.125, 1.0, None), 2.0)
        self.assertEqual((r.steal_seconds, r.other_cpu_seconds, r.interference), (0.125, 0.0, True))
        # 0.1 s over 2 s: exactly 5 %, not more
        r = noise.between(S(0.0, 0.0, 0.0, None), S(1.0, 0.1, 1.0, None), 2.0)
        self.assertEqual((r.steal_seconds, r.interference), (0.1, False))

    def test_what_the_system_does_not_say(self):
        # no /proc/stat: neither others nor steal known, never interference
        r = noise.between(S(None, None, 1.0, None), S(None, None, 1.5, 1800.0), 0.25)
        self.assertEqual(r, noise.Reading(0.5, None, None, 1800.0, False))
        # a wall of 0 (the launch could not start): no share of it to judge
        r = noise.between(S(0.0, 0.0, 0.0, None), S(5.0, 5.0, 0.0, None), 0.0)
        self.assertFalse(r.interference)

    def test_own_time_never_negative(self):
        # the children's time cannot go down; if it seems to, the launch used none
        r = noise.between(S(10.0, None, 3.0, None), S(10.25, None, 2.0, None), 1.0)
        self.assertEqual((r.cpu_seconds, r.other_cpu_seconds, r.interference), (0.0, 0.25, False))


if __name__ == "__main__":
    unittest.main()
