/* mpi/stencil.c -- each rank holds its block of rows and a halo row either
 * side (prepare), and before each step swaps edge rows with the ranks above
 * and below (MPI_Sendrecv), which also keeps the ranks in step. */
#include "mpi_util.h"
#include "parbench.h"
#include "workloads/stencil.h"

int pb_kernel(struct pb_run *run, struct pb_answer *ans)
{
    (void)ans;
    const struct stencil_data *s = run->data;
    for (long long k = 0; k < s->iters; k++) {
        pb_mpi_halo_rows(s->grid[k & 1], s->rows, s->n, s->up, s->down);
        stencil_step(s, k, 1, s->rows - 1);
    }
    return PB_EXIT_OK;
}
