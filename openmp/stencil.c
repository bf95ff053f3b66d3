/* openmp/stencil.c -- one parallel region around the time loop; each step
 * is a static loop over the rows STENCIL_PASS (four) at a time
 * (stencil_step's pass), whose closing barrier keeps the steps apart. Each
 * thread gets nearly the block of rows it wrote first. */
#include "omp_team.h"
#include "parbench.h"
#include "workloads/stencil.h"

int pb_kernel(struct pb_run *run, struct pb_answer *ans)
{
    (void)ans;
    const struct stencil_data *s = run->data;
    int got = 0;
#pragma omp parallel
    {
        pb_omp_record(&got);
        for (long long k = 0; k < s->iters; k++) {
#pragma omp for schedule(static)
            for (long long r = 1; r < s->rows - 1; r += STENCIL_PASS) stencil_step(s, k, r, r + STENCIL_PASS);
        }
    }
    return pb_omp_check(run, got);
}
