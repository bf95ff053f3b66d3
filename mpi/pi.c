/* mpi/pi.c -- each rank sums a block of intervals; MPI_Reduce adds them. */
#include "mpi_util.h"
#include "parbench.h"
#include "workloads/pi.h"

int pb_kernel(struct pb_run *run, struct pb_answer *ans)
{
    long long n = run->opt.size, lo, hi;
    pb_block(n, run->nranks, run->rank, &lo, &hi);
    ans->d = pb_mpi_sum_to_root(pi_partial(lo, hi, n));
    return PB_EXIT_OK;
}
