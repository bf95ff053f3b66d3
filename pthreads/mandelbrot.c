/* pthreads/mandelbrot.c -- static: each thread computes a block of rows;
 * dynamic: threads take the next row from a shared atomic counter. Rows go
 * straight into the shared picture. */
#include <stdatomic.h>

#include "parbench.h"
#include "team.h"
#include "workloads/mandelbrot.h"

int pb_kernel(struct pb_run *run, struct pb_answer *ans)
{
    (void)ans;
    struct mandel_data *d = run->data;
    atomic_llong next;
    atomic_init(&next, 0);
    struct mandel_team t = {d, d->counts, d->dynamic ? &next : NULL};
    return pb_threads_run(run->opt.workers, mandel_team_work, &t);
}
