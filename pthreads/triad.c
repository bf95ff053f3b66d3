/* pthreads/triad.c -- each thread writes its block of the arrays first
 * (set-up) and then sweeps the same block, so that it uses the pages it
 * placed. */
#include "parbench.h"
#include "team.h"
#include "workloads/triad.h"

int pb_setup(struct pb_run *run)
{
    return pb_threads_run(run->opt.workers, triad_team_init, run->data);
}

int pb_kernel(struct pb_run *run, struct pb_answer *ans)
{
    (void)ans;
    return pb_threads_run(run->opt.workers, triad_team_sweeps, run->data);
}
