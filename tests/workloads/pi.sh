# shellcheck shell=bash disable=SC2034
# Test arguments of 'pi': a size no worker count divides evenly.
ARGS=(--size 1000003 --reps 2)
RTOL=1e-10
