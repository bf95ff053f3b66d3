/* pi.c -- the compute kernel, reference answer and verification of 'pi'. */
#include "pi.h"

#include <float.h>
#include <math.h>
#include <stdio.h>

#include "parbench.h"

double pi_partial(long long lo, long long hi, long long n)
{
    const double h = 1.0 / (double)n;
    double sum = 0.0;
#pragma omp simd reduction(+ : sum)
    for (long long i = lo; i < hi; i++) sum += pi_term(i, h);
    return h * sum;
}

void pi_team_work(long long id, long long nworkers, void *team)
{
    struct pi_team *t = team;
    long long lo, hi;
    pb_block(t->n, nworkers, id, &lo, &hi);
    t->part[id] = pi_partial(lo, hi, t->n);
}

/* The midpoint rule's error is at most h^2/24 * max|f''| = 1/(3 n^2); the
 * rounding of n terms adds at most about n * eps * pi. */
static int pi_verify(const struct pb_run *run, const struct pb_answer *ans,
                     char *why, size_t len)
{
    double n = (double)run->opt.size;
    double tol = 1.0 / (3.0 * n * n) + 4.0 * n * DBL_EPSILON + 4.0 * DBL_EPSILON;
    double err = fabs(ans->d - M_PI);
    if (!(err <= tol)) {
        snprintf(why, len, "pi = %.17g differs from %.17g by %.3g, more than %.3g",
                 ans->d, M_PI, err, tol);
        return 0;
    }
    return 1;
}

const struct pb_workload pb_workload = {
    .name = "pi",
    .about = "midpoint-rule integral of 4/(1+x^2) over [0,1]: balanced compute and a reduction",
    .size_unit = "intervals",
    .options = 0,
    .default_size = 100000000,
    .max_size = 1000000000000LL,
    .verify = pi_verify,
};
