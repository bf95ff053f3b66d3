/* hybrid/mandelbrot.c -- the ranks split the rows statically and each
 * rank's threads share its rows. static: a block of rows per rank, static
 * blocks per thread; dynamic: every nranks-th row per rank (so that ranks
 * get alike mixes of heavy and light rows), one row at a time per thread.
 * Rank 0 gathers the rows into its picture. */
#include <omp.h>
#include <stdlib.h>

#include "comm.h"
#include "mpi_util.h"
#include "omp_team.h"
#include "parbench.h"
#include "workloads/mandelbrot.h"

int pb_kernel(struct pb_run *run, struct pb_answer *ans)
{
    (void)ans;
    struct mandel_data *d = run->data;
    long long first = run->rank, stride = run->nranks, count, lo, hi;
    if (d->dynamic) {
        count = first < d->n ? (d->n - first + stride - 1) / stride : 0;
    } else {
        pb_block(d->n, run->nranks, run->rank, &lo, &hi);
        first = lo, stride = 1, count = hi - lo;
    }
    int *rows = malloc((size_t)(count > 0 ? count : 1) * sizeof *rows);
    if (!rows) {
        pb_error("rank %d: out of memory for %lld row numbers", run->rank, count);
        pb_comm_abort(PB_EXIT_FAILED);
    }
    omp_set_schedule(d->dynamic ? omp_sched_dynamic : omp_sched_static, d->dynamic ? 1 : 0);
    int got = 0;
#pragma omp parallel
    {
        pb_omp_record(&got);
#pragma omp for schedule(runtime)
        for (long long k = 0; k < count; k++) {
            long long r = first + k * stride;
            mandel_row(d, r, mandel_at(d, d->counts, r));
            rows[k] = (int)r;
        }
    }
    pb_mpi_gather_rows(d->counts, (size_t)d->n * sizeof *d->counts, rows, (int)count);
    free(rows);
    return pb_omp_check(run, got);
}
