/* hybrid/sleep.c -- each rank takes a block of tasks and shares it among its
 * threads; a sum reduction brings the results back to rank 0. */
#include "mpi_util.h"
#include "omp_team.h"
#include "parbench.h"
#include "workloads/sleep.h"

int pb_kernel(struct pb_run *run, struct pb_answer *ans)
{
    (void)ans;
    struct sleep_data *s = run->data;
    long long lo, hi;
    pb_block(sleep_ntasks(s), run->nranks, run->rank, &lo, &hi);
    int got = 0;
#pragma omp parallel
    {
        pb_omp_record(&got);
#pragma omp for schedule(static)
        for (long long t = lo; t < hi; t++) s->results[t] = sleep_task(s, t);
    }
    pb_mpi_sum_u64_to_root(s->results, sleep_ntasks(s));
    return pb_omp_check(run, got);
}
