/* pthreads/spawn.c -- a round creates and joins a team of threads with
 * pb_threads_run, as every pthreads workload does. */
#include "parbench.h"
#include "team.h"
#include "workloads/spawn.h"

static int round_team(void *team)
{
    struct spawn_team *t = team;
    return pb_threads_run(t->workers, spawn_team_work, t);
}

int pb_kernel(struct pb_run *run, struct pb_answer *ans)
{
    atomic_ullong count;
    atomic_init(&count, 0);
    struct spawn_team t = {run->opt.workers, &count};
    int rc = spawn_rounds(run, ans, round_team, &t);
    ans->u = atomic_load(&count);
    return rc;
}
