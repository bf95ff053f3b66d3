/* openmp/pi.c -- one parallel loop with a sum reduction. */
#include "omp_team.h"
#include "parbench.h"
#include "workloads/pi.h"

int pb_kernel(struct pb_run *run, struct pb_answer *ans)
{
    long long n = run->opt.size;
    const double h = 1.0 / (double)n;
    double sum = 0.0;
    int got = 0;
#pragma omp parallel
    {
        pb_omp_record(&got);
#pragma omp for simd schedule(static) reduction(+ : sum)
        for (long long i = 0; i < n; i++) sum += pi_term(i, h);
    }
    ans->d = h * sum;
    return pb_omp_check(run, got);
}
