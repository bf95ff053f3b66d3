/* openmp/triad.c -- one parallel region; each thread sweeps its block of
 * the elements, the block it wrote first, so it uses pages it placed. */
#include <omp.h>

#include "omp_team.h"
#include "parbench.h"
#include "workloads/triad.h"

int pb_kernel(struct pb_run *run, struct pb_answer *ans)
{
    (void)ans;
    int got = 0;
#pragma omp parallel
    {
        pb_omp_record(&got);
        triad_team_sweeps(omp_get_thread_num(), omp_get_num_threads(), run->data);
    }
    return pb_omp_check(run, got);
}
