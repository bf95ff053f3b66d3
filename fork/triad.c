/* fork/triad.c -- the arrays lie in one shared mapping (pb_pages), so the
 * children's writes reach the parent. Each child writes its block first
 * (set-up) and then sweeps the same block. */
#include "parbench.h"
#include "team.h"
#include "workloads/triad.h"

int pb_setup(struct pb_run *run)
{
    return pb_fork_run(run->opt.workers, triad_team_init, run->data);
}

int pb_kernel(struct pb_run *run, struct pb_answer *ans)
{
    (void)ans;
    return pb_fork_run(run->opt.workers, triad_team_sweeps, run->data);
}
