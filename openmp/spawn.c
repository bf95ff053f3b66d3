/* openmp/spawn.c -- a round is an empty parallel region: the first one
 * makes the runtime's threads, later ones reuse them. */
#include "parbench.h"
#include "workloads/spawn.h"

static int round_region(void *count)
{
    uint64_t *c = count;
#pragma omp parallel
    {
#pragma omp atomic
        ++*c;
    }
    return PB_EXIT_OK;
}

int pb_kernel(struct pb_run *run, struct pb_answer *ans)
{
    return spawn_counted(run, ans, round_region);
}
