/* serial/pi.c -- the whole sum in one loop. */
#include "parbench.h"
#include "workloads/pi.h"

int pb_kernel(struct pb_run *run, struct pb_answer *ans)
{
    long long n = run->opt.size;
    ans->d = pi_partial(0, n, n);
    return PB_EXIT_OK;
}
