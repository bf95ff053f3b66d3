/* fork/stencil.c -- both grids lie in one shared mapping (pb_pages), so each
 * child sees its neighbours' rows; each updates the block of rows it wrote
 * first, step after step, with a process-shared barrier between steps. */
#include "parbench.h"
#include "team.h"
#include "workloads/stencil.h"

int pb_kernel(struct pb_run *run, struct pb_answer *ans)
{
    (void)ans;
    struct stencil_data *s = run->data;
    return pb_fork_run_synced(run->opt.workers, stencil_team_steps, s, &s->sync);
}
