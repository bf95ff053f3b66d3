/* spawn.c -- the round timing, checksum and verification of 'spawn'. */
#include "spawn.h"

#include <stdio.h>
#include <stdlib.h>

#include "comm.h"

struct spawn_data {
    int cold_done;  /* the process's first round has run */
    double cold_us; /* its time */
    long long warm; /* rounds after the first in the last run */
    double warm_us; /* their mean time */
    uint64_t starts; /* rank 0: workers started in the last run */
};

void spawn_team_work(long long id, long long nworkers, void *team)
{
    (void)id, (void)nworkers;
    struct spawn_team *t = team;
    atomic_fetch_add_explicit(t->count, 1, memory_order_relaxed);
}

int spawn_rounds(struct pb_run *run, struct pb_answer *ans, spawn_round_fn round, void *arg)
{
    struct spawn_data *s = run->data;
    long long first = 0, rounds = run->opt.size;
    int rc = PB_EXIT_OK, cold = !s->cold_done;
    ans->exact = 1;
    if (cold) {
        double t0 = pb_now();
        rc = round(arg);
        s->cold_us = 1e6 * (pb_now() - t0);
        s->cold_done = 1;
        first = 1;
    }
    double t0 = pb_now();
    for (long long i = first; i < rounds && rc == PB_EXIT_OK; i++) rc = round(arg);
    double warm_us = 1e6 * (pb_now() - t0);
    s->warm = rounds - first;
    s->warm_us = s->warm > 0 ? warm_us / (double)s->warm : 0.0;
    /* the slowest rank's times (every rank makes the same calls) */
    if (cold) s->cold_us = pb_comm_max_double(s->cold_us);
    s->warm_us = pb_comm_max_double(s->warm_us);
    return rc;
}

int spawn_counted(struct pb_run *run, struct pb_answer *ans, spawn_round_fn round)
{
    uint64_t count = 0;
    int rc = spawn_rounds(run, ans, round, &count);
    ans->u = count;
    return rc;
}

static int spawn_prepare(struct pb_run *run, char *err, size_t errlen)
{
    if (run->opt.check) return PB_EXIT_OK; /* nothing to validate */
    run->data = calloc(1, sizeof(struct spawn_data));
    if (!run->data) {
        snprintf(err, errlen, "out of memory");
        return PB_EXIT_FAILED;
    }
    return PB_EXIT_OK;
}

/* The kernel left the workers started in ans->u; the checksum is the
 * rounds they make up, the same in every model. */
static void spawn_checksum(const struct pb_run *run, struct pb_answer *ans)
{
    struct spawn_data *s = run->data;
    s->starts = ans->u;
    ans->u = s->starts / (uint64_t)run->opt.workers;
}

/* Every worker of every round must have started: rounds x workers. */
static int spawn_verify(const struct pb_run *run, const struct pb_answer *ans,
                        char *why, size_t len)
{
    const struct spawn_data *s = run->data;
    uint64_t rounds = (uint64_t)run->opt.size;
    uint64_t want = rounds * (uint64_t)run->opt.workers;
    if (s->starts != want) {
        snprintf(why, len, "%llu workers started, expected %lld rounds x %lld workers = %llu",
                 (unsigned long long)s->starts, run->opt.size, run->opt.workers,
                 (unsigned long long)want);
        return 0;
    }
    if (ans->u != rounds) {
        snprintf(why, len, "checksum %llu, expected %lld rounds", (unsigned long long)ans->u,
                 run->opt.size);
        return 0;
    }
    return 1;
}

static void spawn_release(struct pb_run *run)
{
    free(run->data);
    run->data = NULL;
}

static void spawn_metrics(const struct pb_run *run, const struct pb_answer *ans,
                          double seconds, char *buf, size_t len)
{
    (void)ans, (void)seconds;
    const struct spawn_data *s = run->data;
    int n = snprintf(buf, len, " cold_us=%.3f", s->cold_us);
    if (s->warm > 0 && n > 0 && (size_t)n < len)
        snprintf(buf + n, len - (size_t)n, " warm_us=%.3f", s->warm_us);
}

const struct pb_workload pb_workload = {
    .name = "spawn",
    .about = "start and join P workers that do nothing, N rounds: the cost of a team "
             "(threads, processes, an OpenMP region, an MPI barrier); cold_us is the "
             "process's first round, warm_us the mean of the others",
    .size_unit = "rounds",
    .options = 0,
    .default_size = 1000,
    .max_size = 1000000000,
    .prepare = spawn_prepare,
    .checksum = spawn_checksum,
    .verify = spawn_verify,
    .release = spawn_release,
    .metrics = spawn_metrics,
};
