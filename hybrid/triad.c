/* hybrid/triad.c -- each rank holds only its slice of the arrays (from
 * prepare); its OpenMP threads each write a block of the slice first and
 * then sweep the same block. */
#include <omp.h>

#include "parbench.h"
#include "workloads/triad.h"

int pb_setup(struct pb_run *run)
{
#pragma omp parallel
    triad_team_init(omp_get_thread_num(), omp_get_num_threads(), run->data);
    return PB_EXIT_OK;
}

int pb_kernel(struct pb_run *run, struct pb_answer *ans)
{
    (void)ans;
#pragma omp parallel
    triad_team_sweeps(omp_get_thread_num(), omp_get_num_threads(), run->data);
    return PB_EXIT_OK;
}
