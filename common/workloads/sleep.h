/* sleep.h -- the tutorials' workload: each item needs its square and its
 * cube, and each of those tasks waits as if on I/O first. */
#ifndef PARBENCH_SLEEP_H
#define PARBENCH_SLEEP_H

#include <stdint.h>

struct sleep_data {
    long long nitems;
    uint64_t *items;   /* the item values */
    uint64_t *results; /* 2*nitems: task t < nitems squares item t, the rest cube */
    long long delay_ms;
    int verbose;
};

static inline long long sleep_ntasks(const struct sleep_data *s)
{
    return 2 * s->nitems;
}

/* Performs task t: waits delay_ms, then returns its square or cube (and
 * prints it with --verbose). */
uint64_t sleep_task(const struct sleep_data *s, long long t);

/* For the team models (pthreads, fork): worker id of nworkers performs its
 * block of tasks, writing task t's result to out[t]. */
struct sleep_team {
    const struct sleep_data *s;
    uint64_t *out;
};
void sleep_team_work(long long id, long long nworkers, void *team);

#endif
