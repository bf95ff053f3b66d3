/* pthreads/team.h -- a team of POSIX threads, created and joined per run. */
#ifndef PARBENCH_PTHREADS_TEAM_H
#define PARBENCH_PTHREADS_TEAM_H

#include "parbench.h"

/* Creates n threads running fn(id, n, arg) and joins them. The workers
 * start once all n exist. Returns PB_EXIT_OK, or PB_EXIT_FAILED after
 * naming the worker that could not be created (the ones already created
 * then end without running fn, and are joined). */
int pb_threads_run(long long n, pb_work_fn fn, void *arg);

/* As pb_threads_run, with *bar filled in, before any worker starts, with a
 * barrier for the n workers (pthread_barrier_t) that lasts the run; bar
 * usually lies in arg's struct. */
int pb_threads_run_synced(long long n, pb_work_fn fn, void *arg, struct pb_barrier *bar);

#endif
