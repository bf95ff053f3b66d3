/* mpi/triad.c -- each rank sweeps its block of the elements: the slice it
 * holds, since prepare allocated only that. No messages are needed until
 * the answer is combined. */
#include "parbench.h"
#include "workloads/triad.h"

int pb_kernel(struct pb_run *run, struct pb_answer *ans)
{
    (void)ans;
    const struct triad_data *t = run->data;
    long long lo, hi;
    pb_block(t->n, run->nranks, run->rank, &lo, &hi);
    triad_sweeps(t, lo, hi);
    return PB_EXIT_OK;
}
