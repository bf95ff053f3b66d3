/* serial/stencil.c -- every interior row, step after step. */
#include "parbench.h"
#include "workloads/stencil.h"

int pb_kernel(struct pb_run *run, struct pb_answer *ans)
{
    (void)ans;
    const struct stencil_data *s = run->data;
    for (long long k = 0; k < s->iters; k++) stencil_step(s, k, 1, s->rows - 1);
    return PB_EXIT_OK;
}
