/* pthreads/stencil.c -- each thread updates the block of rows it wrote
 * first, step after step; a barrier between steps keeps a thread from
 * reading rows its neighbours have not finished. */
#include "parbench.h"
#include "team.h"
#include "workloads/stencil.h"

int pb_kernel(struct pb_run *run, struct pb_answer *ans)
{
    (void)ans;
    struct stencil_data *s = run->data;
    return pb_threads_run_synced(run->opt.workers, stencil_team_steps, s, &s->sync);
}
