/* fork/stencil.c -- both grids lie in one shared mapping (pb_pages), so each
 * child sees its neighbours' rows; each updates the block of rows it wrote
 * first, step after step, with a process-shared barrier between steps. A
 * child is a new process every run: it first maps its rows in, in one call
 * rather than a fault per page. */
#include "parbench.h"
#include "team.h"
#include "workloads/stencil.h"

static void steps(long long id, long long nworkers, void *data)
{
    const struct stencil_data *s = data;
    long long lo, hi;
    stencil_block(s, id, nworkers, &lo, &hi);
    size_t bytes = (size_t)((hi - lo) * s->n) * sizeof(double);
    pb_shared_map_in(s->grid[0] + lo * s->n, bytes);
    pb_shared_map_in(s->grid[1] + lo * s->n, bytes);
    stencil_team_steps(id, nworkers, data);
}

int pb_kernel(struct pb_run *run, struct pb_answer *ans)
{
    (void)ans;
    struct stencil_data *s = run->data;
    return pb_fork_run_synced(run->opt.workers, steps, s, &s->sync);
}
