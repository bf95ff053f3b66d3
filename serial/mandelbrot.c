/* serial/mandelbrot.c -- every row in turn; both schedules are the same. */
#include "parbench.h"
#include "workloads/mandelbrot.h"

int pb_kernel(struct pb_run *run, struct pb_answer *ans)
{
    (void)ans;
    struct mandel_data *d = run->data;
    for (long long r = 0; r < d->n; r++) mandel_row(d, r, mandel_at(d, d->counts, r));
    return PB_EXIT_OK;
}
