/* pi.h -- midpoint rule for the integral of 4/(1+x^2) over [0, 1]. */
#ifndef PARBENCH_PI_H
#define PARBENCH_PI_H

/* Term i of the sum, with h = 1/n. */
static inline double pi_term(long long i, double h)
{
    double x = ((double)i + 0.5) * h;
    return 4.0 / (1.0 + x * x);
}

/* h times the sum of the midpoint terms lo..hi-1 of n intervals: the part
 * of pi that intervals [lo, hi) contribute. Every model calls this on its
 * share, so that each runs the same inner loop. */
double pi_partial(long long lo, long long hi, long long n);

/* For the team models (pthreads, fork): worker id of nworkers sums its block
 * of the n intervals into part[id]. */
struct pi_team {
    long long n;
    double *part;
};
void pi_team_work(long long id, long long nworkers, void *team);

#endif
