# shellcheck shell=bash disable=SC2034
# Test arguments of 'sleep': 8 tasks, 5 ms each; results are exact.
ARGS=(--delay-ms 5 --reps 2)
RTOL=0
