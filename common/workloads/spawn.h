/* spawn.h -- what starting and joining workers that do nothing costs. */
#ifndef PARBENCH_SPAWN_H
#define PARBENCH_SPAWN_H

#include <stdatomic.h>
#include <stdint.h>

#include "parbench.h"

/* One round: starts the model's workers once, each adding 1 to the count,
 * and waits for them all. Returns PB_EXIT_OK or PB_EXIT_FAILED. */
typedef int (*spawn_round_fn)(void *arg);

/* Runs run->opt.size rounds. The first round of the process is timed on
 * its own and remembered (cold_us); the others give the mean of this run
 * (warm_us). Both are maxima over the ranks. Sets ans->exact. Returns
 * PB_EXIT_OK, or the status of the first round that failed. The kernel
 * then leaves the number of workers started (all ranks' on rank 0) in
 * ans->u. */
int spawn_rounds(struct pb_run *run, struct pb_answer *ans, spawn_round_fn round, void *arg);

/* spawn_rounds with a plain uint64_t count that round adds to (passed as
 * its arg); leaves this process's count in ans->u. */
int spawn_counted(struct pb_run *run, struct pb_answer *ans, spawn_round_fn round);

/* For the team models (pthreads, fork): the team size and the count its
 * workers add to (atomic, in a shared mapping for fork). */
struct spawn_team {
    long long workers;
    atomic_ullong *count;
};
/* The work of each worker: adds 1 to team->count. */
void spawn_team_work(long long id, long long nworkers, void *team);

#endif
