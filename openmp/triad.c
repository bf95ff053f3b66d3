/* openmp/triad.c -- one parallel region per run; each thread takes the same
 * block in the set-up and in the sweeps, so that it uses the pages it
 * placed (a static schedule over elements would do the same in practice,
 * but would not share the sweep loop with the other models). */
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
