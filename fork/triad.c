/* fork/triad.c -- the arrays lie in a shared mapping (pb_pages), so the
 * children's writes reach the parent; each child sweeps its block of the
 * elements, the block it wrote first. */
#include "parbench.h"
#include "team.h"
#include "workloads/triad.h"

int pb_kernel(struct pb_run *run, struct pb_answer *ans)
{
    (void)ans;
    return pb_fork_run(run->opt.workers, triad_team_sweeps, run->data);
}
