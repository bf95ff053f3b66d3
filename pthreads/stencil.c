/* pthreads/stencil.c -- each thread writes its block of rows first (set-up)
 * and then updates the same block every step; a barrier between steps keeps
 * a thread from reading rows its neighbours have not finished. */
#include "parbench.h"
#include "team.h"
#include "workloads/stencil.h"

int pb_setup(struct pb_run *run)
{
    return pb_threads_run(run->opt.workers, stencil_team_init, run->data);
}

int pb_kernel(struct pb_run *run, struct pb_answer *ans)
{
    (void)ans;
    struct stencil_data *s = run->data;
    return pb_threads_run_synced(run->opt.workers, stencil_team_steps, s, &s->sync);
}
