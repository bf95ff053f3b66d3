/* openmp/spawn.c -- a round is an empty parallel region: the first one
 * makes the runtime's threads, later ones reuse them. */
#include "omp_team.h"
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

/* Every round's region must have had the whole team: rounds x threads
 * starts, else the team was short. */
int pb_kernel(struct pb_run *run, struct pb_answer *ans)
{
    int rc = spawn_counted(run, ans, round_region);
    if (rc == PB_EXIT_OK) rc = pb_omp_check(run, (long long)ans->u / run->opt.size);
    return rc;
}
