/* hybrid/pi.c -- each rank takes a block of intervals, its threads reduce
 * it in a parallel loop, and MPI_Reduce adds the ranks' sums. */
#include "mpi_util.h"
#include "omp_team.h"
#include "parbench.h"
#include "workloads/pi.h"

int pb_kernel(struct pb_run *run, struct pb_answer *ans)
{
    long long n = run->opt.size, lo, hi;
    pb_block(n, run->nranks, run->rank, &lo, &hi);
    const double h = 1.0 / (double)n;
    double sum = 0.0;
    int got = 0;
#pragma omp parallel
    {
        pb_omp_record(&got);
#pragma omp for simd schedule(static) reduction(+ : sum)
        for (long long i = lo; i < hi; i++) sum += pi_term(i, h);
    }
    ans->d = pb_mpi_sum_to_root(h * sum);
    return pb_omp_check(run, got);
}
