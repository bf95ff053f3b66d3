/* serial/spawn.c -- the baseline: a round is one call of a function that
 * only counts itself. */
#include "parbench.h"
#include "workloads/spawn.h"

static int round_call(void *count)
{
    ++*(uint64_t *)count;
    return PB_EXIT_OK;
}

int pb_kernel(struct pb_run *run, struct pb_answer *ans)
{
    return spawn_counted(run, ans, round_call);
}
