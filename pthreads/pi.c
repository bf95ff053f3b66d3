/* pthreads/pi.c -- each thread sums a block of intervals into its own slot;
 * the main thread adds the slots in order. */
#include <stdlib.h>

#include "parbench.h"
#include "team.h"
#include "workloads/pi.h"

int pb_kernel(struct pb_run *run, struct pb_answer *ans)
{
    long long p = run->opt.workers;
    struct pi_team t = {run->opt.size, calloc((size_t)p, sizeof(double))};
    if (!t.part) {
        pb_error("out of memory");
        return PB_EXIT_FAILED;
    }
    int rc = pb_threads_run(p, pi_team_work, &t);
    for (long long i = 0; i < p; i++) ans->d += t.part[i];
    free(t.part);
    return rc;
}
