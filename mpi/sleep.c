/* mpi/sleep.c -- each rank takes a block of tasks; a sum reduction brings
 * every square and cube back to rank 0 (the other slots are zero). */
#include "mpi_util.h"
#include "parbench.h"
#include "workloads/sleep.h"

int pb_kernel(struct pb_run *run, struct pb_answer *ans)
{
    (void)ans;
    struct sleep_data *s = run->data;
    long long lo, hi;
    pb_block(sleep_ntasks(s), run->nranks, run->rank, &lo, &hi);
    for (long long t = lo; t < hi; t++) s->results[t] = sleep_task(s, t);
    pb_mpi_sum_u64_to_root(s->results, sleep_ntasks(s));
    return PB_EXIT_OK;
}
