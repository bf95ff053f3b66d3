# shellcheck shell=bash disable=SC2034
# Test arguments of 'mandelbrot': a 61 x 61 picture (no worker count divides
# 61); the iteration counts are exact.
ARGS=(--size 61 --max-iter 200 --reps 2)
RTOL=0
# A picture of 10^6 x 10^6 needs over 11 TiB: refused before allocating.
HUGE_ARGS=(--size 1000000)
