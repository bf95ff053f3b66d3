/* pthreads/sleep.c -- each thread takes a block of tasks and writes the
 * results into the shared array: the parent sees them at once. */
#include "parbench.h"
#include "team.h"
#include "workloads/sleep.h"

int pb_kernel(struct pb_run *run, struct pb_answer *ans)
{
    (void)ans;
    struct sleep_data *s = run->data;
    struct sleep_team t = {s, s->results};
    return pb_threads_run(run->opt.workers, sleep_team_work, &t);
}
