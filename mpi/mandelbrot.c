/* mpi/mandelbrot.c -- static: each rank computes a block of rows; dynamic:
 * ranks take the next row from a counter on rank 0 (one-sided, so rank 0
 * computes rows too instead of only handing them out). Each rank lists its
 * rows, and rank 0 gathers them into its picture. */
#include <stdlib.h>

#include "comm.h"
#include "mpi_util.h"
#include "parbench.h"
#include "workloads/mandelbrot.h"

int pb_kernel(struct pb_run *run, struct pb_answer *ans)
{
    (void)ans;
    struct mandel_data *d = run->data;
    int *rows = malloc((size_t)d->n * sizeof *rows), k = 0;
    if (!rows) {
        pb_error("rank %d: out of memory for %lld row numbers", run->rank, d->n);
        pb_comm_abort(PB_EXIT_FAILED);
    }
    if (d->dynamic) {
        struct pb_mpi_counter next;
        pb_mpi_counter_open(&next);
        for (long long r; (r = pb_mpi_counter_next(&next)) < d->n;) {
            mandel_row(d, r, mandel_at(d, d->counts, r));
            rows[k++] = (int)r;
        }
        pb_mpi_counter_close(&next);
    } else {
        long long lo, hi;
        pb_block(d->n, run->nranks, run->rank, &lo, &hi);
        for (long long r = lo; r < hi; r++) {
            mandel_row(d, r, mandel_at(d, d->counts, r));
            rows[k++] = (int)r;
        }
    }
    pb_mpi_gather_rows(d->counts, (size_t)d->n * sizeof *d->counts, rows, k);
    free(rows);
    return PB_EXIT_OK;
}
