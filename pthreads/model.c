/* pthreads/model.c -- POSIX threads: one shared address space, so workers
 * write their results straight into the parent's arrays. */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "parbench.h"
#include "team.h"

struct slot {
    pthread_t tid;
    long long id, n;
    pb_work_fn fn;
    void *arg;
};

static void *start(void *p)
{
    struct slot *s = p;
    pb_fault_worker_start(s->id);
    s->fn(s->id, s->n, s->arg);
    return NULL;
}

int pb_threads_run(long long n, pb_work_fn fn, void *arg)
{
    struct slot *slots = calloc((size_t)n, sizeof *slots);
    if (!slots) {
        pb_error("out of memory for %lld threads", n);
        return PB_EXIT_FAILED;
    }
    int rc = PB_EXIT_OK;
    long long made = 0;
    for (; made < n; made++) {
        slots[made] = (struct slot){.id = made, .n = n, .fn = fn, .arg = arg};
        int e = pb_fault_hits(PB_FAULT_DIE, made)
                    ? EAGAIN
                    : pthread_create(&slots[made].tid, NULL, start, &slots[made]);
        if (e) {
            pb_error("cannot create worker %lld of %lld: %s", made, n, strerror(e));
            rc = PB_EXIT_FAILED;
            break;
        }
    }
    for (long long i = 0; i < made; i++) pthread_join(slots[i].tid, NULL);
    free(slots);
    return rc;
}

const struct pb_model pb_model = {
    .name = "pthreads",
};
