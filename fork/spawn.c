/* fork/spawn.c -- a round forks and reaps a team of processes with
 * pb_fork_run, as every fork workload does; they count themselves in a
 * shared mapping. */
#include "parbench.h"
#include "team.h"
#include "workloads/spawn.h"

static int round_team(void *team)
{
    struct spawn_team *t = team;
    return pb_fork_run(t->workers, spawn_team_work, t);
}

int pb_kernel(struct pb_run *run, struct pb_answer *ans)
{
    atomic_ullong *count = pb_shared_alloc(sizeof *count);
    if (!count) return PB_EXIT_FAILED;
    atomic_init(count, 0);
    struct spawn_team t = {run->opt.workers, count};
    int rc = spawn_rounds(run, ans, round_team, &t);
    ans->u = atomic_load(count);
    pb_shared_free(count, sizeof *count);
    return rc;
}
