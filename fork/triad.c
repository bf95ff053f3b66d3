/* fork/triad.c -- the arrays lie in a shared mapping (pb_pages), so the
 * children's writes reach the parent; each child sweeps its block of the
 * elements, the block it wrote first. A child is a new process every run:
 * it first maps its block in, in one call rather than a fault per page. */
#include "parbench.h"
#include "team.h"
#include "workloads/triad.h"

static void sweeps(long long id, long long nworkers, void *data)
{
    const struct triad_data *t = data;
    long long lo, hi;
    pb_block(t->count, nworkers, id, &lo, &hi);
    size_t bytes = (size_t)(hi - lo) * sizeof(double);
    pb_shared_map_in(t->a + lo, bytes);
    pb_shared_map_in(t->b + lo, bytes);
    pb_shared_map_in(t->c + lo, bytes);
    triad_sweeps(t, t->first + lo, t->first + hi);
}

int pb_kernel(struct pb_run *run, struct pb_answer *ans)
{
    (void)ans;
    return pb_fork_run(run->opt.workers, sweeps, run->data);
}
