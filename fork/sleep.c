/* fork/sleep.c -- each child takes a block of tasks. A child's writes to
 * the parent's arrays would stay in the child's copy (see fork/pitfall.c),
 * so results go into a shared mapping that the parent copies out. */
#include <string.h>

#include "parbench.h"
#include "team.h"
#include "workloads/sleep.h"

int pb_kernel(struct pb_run *run, struct pb_answer *ans)
{
    (void)ans;
    struct sleep_data *s = run->data;
    size_t bytes = (size_t)sleep_ntasks(s) * sizeof *s->results;
    struct sleep_team t = {s, pb_shared_alloc(bytes)};
    if (!t.out) return PB_EXIT_FAILED;
    int rc = pb_fork_run(run->opt.workers, sleep_team_work, &t);
    memcpy(s->results, t.out, bytes);
    pb_shared_free(t.out, bytes);
    return rc;
}
