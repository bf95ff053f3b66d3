/* openmp/stencil.c -- one parallel region around the time loop; each step
 * is a static loop over the rows, whose closing barrier keeps the steps
 * apart. The set-up's loop has the same schedule, so each thread first
 * writes the rows it will update. */
#include "parbench.h"
#include "workloads/stencil.h"

int pb_setup(struct pb_run *run)
{
    const struct stencil_data *s = run->data;
    stencil_init_rows(s, 0, 1);
    stencil_init_rows(s, s->rows - 1, s->rows);
#pragma omp parallel for schedule(static)
    for (long long r = 1; r < s->rows - 1; r++) stencil_init_rows(s, r, r + 1);
    return PB_EXIT_OK;
}

int pb_kernel(struct pb_run *run, struct pb_answer *ans)
{
    (void)ans;
    const struct stencil_data *s = run->data;
#pragma omp parallel
    for (long long k = 0; k < s->iters; k++) {
#pragma omp for schedule(static)
        for (long long r = 1; r < s->rows - 1; r++) stencil_step(s, k, r, r + 1);
    }
    return PB_EXIT_OK;
}
