/* fork/stencil.c -- both grids lie in one shared mapping (pb_pages), so each
 * child sees its neighbours' rows; each writes its block first (set-up),
 * then updates it every step, with a process-shared barrier between steps. */
#include "parbench.h"
#include "team.h"
#include "workloads/stencil.h"

int pb_setup(struct pb_run *run)
{
    return pb_fork_run(run->opt.workers, stencil_team_init, run->data);
}

int pb_kernel(struct pb_run *run, struct pb_answer *ans)
{
    (void)ans;
    struct stencil_data *s = run->data;
    return pb_fork_run_synced(run->opt.workers, stencil_team_steps, s, &s->sync);
}
