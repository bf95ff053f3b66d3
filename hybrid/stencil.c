/* hybrid/stencil.c -- MPI ranks hold blocks of rows with a halo row either
 * side (as in mpi/stencil.c); inside a rank, one parallel region runs the
 * time loop: the master thread swaps the edge rows with the neighbours
 * (MPI is called from it alone), then the threads share the rows,
 * STENCIL_PASS (four) at a time, in a static loop (as in openmp/stencil.c). */
#include "mpi_util.h"
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
#pragma omp master
            pb_mpi_halo_rows(s->grid[k & 1], s->rows, s->n, s->up, s->down);
#pragma omp barrier
#pragma omp for schedule(static)
            for (long long r = 1; r < s->rows - 1; r += STENCIL_PASS) stencil_step(s, k, r, r + STENCIL_PASS);
        }
    }
    return pb_omp_check(run, got);
}
