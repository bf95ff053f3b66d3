/* openmp/mandelbrot.c -- one parallel loop over the rows; --schedule picks
 * the loop's schedule: static blocks, or dynamic with one row at a time. */
#include <omp.h>

#include "omp_team.h"
#include "parbench.h"
#include "workloads/mandelbrot.h"

int pb_kernel(struct pb_run *run, struct pb_answer *ans)
{
    (void)ans;
    struct mandel_data *d = run->data;
    omp_set_schedule(d->dynamic ? omp_sched_dynamic : omp_sched_static, d->dynamic ? 1 : 0);
    int got = 0;
#pragma omp parallel
    {
        pb_omp_record(&got);
#pragma omp for schedule(runtime)
        for (long long r = 0; r < d->n; r++) mandel_row(d, r, mandel_at(d, d->counts, r));
    }
    return pb_omp_check(run, got);
}
