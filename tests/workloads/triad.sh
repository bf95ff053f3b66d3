# shellcheck shell=bash disable=SC2034
# Test arguments of 'triad': a size no worker count divides evenly, small
# enough to stay in the caches; sums of a are exact, so models agree closely.
ARGS=(--size 200003 --iters 3 --reps 2)
RTOL=1e-12
HUGE_ARGS=(--size 100000000000)
