/* hybrid/triad.c -- two levels: each rank takes its block of the elements
 * (the slice it holds, since prepare allocated only that), and its OpenMP
 * threads split the slice into blocks, each the one the thread wrote
 * first. */
#include <omp.h>

#include "omp_team.h"
#include "parbench.h"
#include "workloads/triad.h"

int pb_kernel(struct pb_run *run, struct pb_answer *ans)
{
    (void)ans;
    const struct triad_data *t = run->data;
    long long lo, hi;
    pb_block(t->n, run->nranks, run->rank, &lo, &hi);
    int got = 0;
#pragma omp parallel
    {
        pb_omp_record(&got);
        long long from, to;
        pb_block(hi - lo, omp_get_num_threads(), omp_get_thread_num(), &from, &to);
        triad_sweeps(t, lo + from, lo + to);
    }
    return pb_omp_check(run, got);
}
