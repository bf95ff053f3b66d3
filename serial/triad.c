/* serial/triad.c -- one worker sweeps every element. */
#include "parbench.h"
#include "workloads/triad.h"

int pb_kernel(struct pb_run *run, struct pb_answer *ans)
{
    (void)ans;
    const struct triad_data *t = run->data;
    triad_sweeps(t, 0, t->n);
    return PB_EXIT_OK;
}
