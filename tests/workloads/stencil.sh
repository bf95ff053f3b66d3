# shellcheck shell=bash disable=SC2034
# Test arguments of 'stencil': 201 interior rows, which no worker count
# divides evenly, and an odd number of steps (the answer is in the second grid).
ARGS=(--size 203 --iters 7 --reps 2)
RTOL=1e-12
HUGE_ARGS=(--size 1000000)
