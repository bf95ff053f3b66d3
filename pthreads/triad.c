/* pthreads/triad.c -- each thread sweeps its block of the elements, the
 * block it wrote first (pb_workload.first_touch), so it uses pages it
 * placed. */
#include "parbench.h"
#include "team.h"
#include "workloads/triad.h"

int pb_kernel(struct pb_run *run, struct pb_answer *ans)
{
    (void)ans;
    return pb_threads_run(run->opt.workers, triad_team_sweeps, run->data);
}
