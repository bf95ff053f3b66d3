# shellcheck shell=bash disable=SC2034
# Test arguments of 'spawn': 10 rounds; the count of started workers is exact.
ARGS=(--size 10 --reps 2)
RTOL=0
