/* serial/spawn.c -- the baseline: a round is one call of a function that
 * only counts itself. */
#include "parbench.h"
#include "workloads/spawn.h"

static int round_call(void *count)
{
    ++*(unsigned long long *)count;
    return PB_EXIT_OK;
}

int pb_kernel(struct pb_run *run, struct pb_answer *ans)
{
    unsigned long long count = 0;
    int rc = spawn_rounds(run, ans, round_call, &count);
    ans->u = count;
    return rc;
}
