/* fork/pi.c -- each child sums a block of intervals into its slot of a
 * shared mapping; the parent adds the slots in order. */
#include "parbench.h"
#include "team.h"
#include "workloads/pi.h"

int pb_kernel(struct pb_run *run, struct pb_answer *ans)
{
    long long p = run->opt.workers;
    size_t bytes = (size_t)p * sizeof(double);
    struct pi_team t = {run->opt.size, pb_shared_alloc(bytes)};
    if (!t.part) return PB_EXIT_FAILED;
    int rc = pb_fork_run(p, pi_team_work, &t);
    for (long long i = 0; i < p; i++) ans->d += t.part[i];
    pb_shared_free(t.part, bytes);
    return rc;
}
