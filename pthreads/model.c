/* pthreads/model.c -- POSIX threads: one shared address space, so workers
 * write their results straight into the parent's arrays. */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "parbench.h"
#include "team.h"

/* The team starts together or not at all: workers wait at a gate until
 * every thread exists, so that no worker is left at a barrier waiting for a
 * thread that could not be created. */
enum gate_state { GATE_WAIT, GATE_GO, GATE_CANCEL };

struct team {
    pthread_mutex_t lock;
    pthread_cond_t opened;
    enum gate_state gate;
    atomic_llong started; /* workers that ran fn: all n, or the team failed */
};

struct slot {
    pthread_t tid;
    long long id, n;
    pb_work_fn fn;
    void *arg;
    struct team *team;
};

static void *start(void *p)
{
    struct slot *s = p;
    struct team *t = s->team;
    pthread_mutex_lock(&t->lock);
    while (t->gate == GATE_WAIT) pthread_cond_wait(&t->opened, &t->lock);
    enum gate_state gate = t->gate;
    pthread_mutex_unlock(&t->lock);
    if (gate == GATE_CANCEL) return NULL;
    pb_fault_worker_start(s->id);
    atomic_fetch_add_explicit(&t->started, 1, memory_order_relaxed);
    s->fn(s->id, s->n, s->arg);
    return NULL;
}

static void open_gate(struct team *t, enum gate_state how)
{
    pthread_mutex_lock(&t->lock);
    t->gate = how;
    pthread_cond_broadcast(&t->opened);
    pthread_mutex_unlock(&t->lock);
}

int pb_threads_run(long long n, pb_work_fn fn, void *arg)
{
    struct slot *slots = calloc((size_t)n, sizeof *slots);
    if (!slots) {
        pb_error("out of memory for %lld threads", n);
        return PB_EXIT_FAILED;
    }
    struct team team = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, GATE_WAIT, 0};
    int rc = PB_EXIT_OK;
    long long made = 0;
    for (; made < n; made++) {
        slots[made] = (struct slot){.id = made, .n = n, .fn = fn, .arg = arg, .team = &team};
        int e = pb_fault_hits(PB_FAULT_DIE, made)
                    ? EAGAIN
                    : pthread_create(&slots[made].tid, NULL, start, &slots[made]);
        if (e) {
            pb_error("cannot create worker %lld of %lld: %s", made, n, strerror(e));
            rc = PB_EXIT_FAILED;
            break;
        }
    }
    open_gate(&team, rc == PB_EXIT_OK ? GATE_GO : GATE_CANCEL);
    for (long long i = 0; i < made; i++) pthread_join(slots[i].tid, NULL);
    free(slots);
    /* the team it reports: every one of the n workers ran */
    long long started = atomic_load(&team.started);
    if (rc == PB_EXIT_OK && started != n) {
        pb_error("only %lld of %lld workers started", started, n);
        rc = PB_EXIT_FAILED;
    }
    return rc;
}

static void barrier_wait(void *ctx) { pthread_barrier_wait(ctx); }

int pb_threads_run_synced(long long n, pb_work_fn fn, void *arg, struct pb_barrier *bar)
{
    pthread_barrier_t b;
    int e = pthread_barrier_init(&b, NULL, (unsigned)n);
    if (e) {
        pb_error("cannot make a barrier for %lld threads: %s", n, strerror(e));
        return PB_EXIT_FAILED;
    }
    *bar = (struct pb_barrier){barrier_wait, &b};
    int rc = pb_threads_run(n, fn, arg);
    pthread_barrier_destroy(&b);
    return rc;
}

static int threads_team(const struct pb_run *run, pb_work_fn fn, void *arg)
{
    return pb_threads_run(run->opt.workers, fn, arg);
}

const struct pb_model pb_model = {
    .name = "pthreads",
    .team = threads_team,
};
