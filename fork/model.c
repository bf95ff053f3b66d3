/* fork/model.c -- processes made with fork(), reaped with waitpid(). */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "parbench.h"
#include "team.h"

#define FEW_WORKERS 64 /* teams up to this size keep their pids on the stack */

void *pb_shared_alloc(size_t bytes)
{
    void *p = mmap(NULL, bytes ? bytes : 1, PROT_READ | PROT_WRITE,
                   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
        pb_error("mmap of %zu shared bytes: %s", bytes, strerror(errno));
        return NULL;
    }
    return p;
}

void pb_shared_free(void *p, size_t bytes)
{
    if (p) munmap(p, bytes ? bytes : 1);
}

void pb_shared_map_in(const void *p, size_t bytes)
{
#ifdef MADV_POPULATE_READ
    long page = sysconf(_SC_PAGESIZE);
    uintptr_t lo = (uintptr_t)p / (uintptr_t)page * (uintptr_t)page;
    uintptr_t hi = (uintptr_t)p + bytes;
    if (bytes > 0) madvise((void *)lo, hi - lo, MADV_POPULATE_READ);
#else
    (void)p, (void)bytes;
#endif
}

/* In the child: dies with the parent, does its share, exits without
 * flushing the stdio buffers it inherited. */
static void child(long long id, long long n, pb_work_fn fn, void *arg, pid_t parent)
{
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(PB_EXIT_FAILED);
    pb_fault_worker_start(id);
    fn(id, n, arg);
    _exit(PB_EXIT_OK); /* only here: every child that exits 0 ran its share */
}

static long long worker_of(const pid_t *pids, long long n, pid_t pid)
{
    for (long long i = 0; i < n; i++)
        if (pids[i] == pid) return i;
    return -1;
}

/* Names how child id ended, if it did not end well. Returns 1 if it failed. */
static int report(long long id, pid_t pid, int status)
{
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return 0;
    if (WIFSIGNALED(status))
        pb_error("worker %lld (pid %d) was killed by signal %d (%s)", id, (int)pid,
                 WTERMSIG(status), strsignal(WTERMSIG(status)));
    else
        pb_error("worker %lld (pid %d) exited with status %d", id, (int)pid,
                 WEXITSTATUS(status));
    return 1;
}

/* Kills the children still running in pids (0 marks a reaped one). */
static void kill_rest(const pid_t *pids, long long n)
{
    for (long long i = 0; i < n; i++)
        if (pids[i] > 0) kill(pids[i], SIGKILL);
}

/* Reaps all live children in pids. Returns 1 if any failed. */
static int reap(pid_t *pids, long long live, long long n)
{
    int failed = 0;
    while (live > 0) {
        int status;
        pid_t pid = waitpid(-1, &status, 0);
        if (pid < 0) {
            if (errno == EINTR) continue;
            pb_error("waitpid: %s", strerror(errno));
            return 1;
        }
        long long id = worker_of(pids, n, pid);
        if (id < 0) continue;
        pids[id] = 0;
        live--;
        /* after the first failure, the rest die by our hand: not named */
        if (!failed && report(id, pid, status)) {
            failed = 1;
            kill_rest(pids, n);
        }
    }
    return failed;
}

int pb_fork_run(long long n, pb_work_fn fn, void *arg)
{
    /* After the first fork every page the parent writes faults once more
     * (copy on write), a few microseconds each: a small team's pids live on
     * the stack, not in a heap page, and stdio is not flushed here: its
     * buffers hold nothing a child could write twice (the driver flushes
     * stdout after every line; stderr has no buffer). */
    pid_t few[FEW_WORKERS] = {0};
    pid_t *pids = n <= FEW_WORKERS ? few : calloc((size_t)n, sizeof *pids);
    if (!pids) {
        pb_error("out of memory for %lld processes", n);
        return PB_EXIT_FAILED;
    }
    pid_t parent = getpid();
    int failed = 0;
    long long made = 0;
    for (; made < n; made++) {
        pid_t pid = fork();
        if (pid == 0) child(made, n, fn, arg, parent);
        if (pid < 0) {
            pb_error("cannot fork worker %lld of %lld: %s", made, n, strerror(errno));
            failed = 1;
            kill_rest(pids, made);
            break;
        }
        pids[made] = pid;
    }
    failed |= reap(pids, made, n);
    if (pids != few) free(pids);
    return failed ? PB_EXIT_FAILED : PB_EXIT_OK;
}

static void barrier_wait(void *ctx) { pthread_barrier_wait(ctx); }

/* A barrier for n processes in a shared mapping, or NULL after printing why. */
static pthread_barrier_t *shared_barrier(long long n)
{
    pthread_barrier_t *b = pb_shared_alloc(sizeof *b);
    if (!b) return NULL;
    pthread_barrierattr_t attr;
    pthread_barrierattr_init(&attr);
    pthread_barrierattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
    int e = pthread_barrier_init(b, &attr, (unsigned)n);
    pthread_barrierattr_destroy(&attr);
    if (!e) return b;
    pb_error("cannot make a barrier for %lld processes: %s", n, strerror(e));
    pb_shared_free(b, sizeof *b);
    return NULL;
}

int pb_fork_run_synced(long long n, pb_work_fn fn, void *arg, struct pb_barrier *bar)
{
    pthread_barrier_t *b = shared_barrier(n);
    if (!b) return PB_EXIT_FAILED;
    *bar = (struct pb_barrier){barrier_wait, b};
    int rc = pb_fork_run(n, fn, arg);
    /* After a failure, killed children may still be counted in the barrier,
     * and destroying it could wait for them for ever: unmapping is enough. */
    if (rc == PB_EXIT_OK) pthread_barrier_destroy(b);
    pb_shared_free(b, sizeof *b);
    return rc;
}

static int fork_team(const struct pb_run *run, pb_work_fn fn, void *arg)
{
    return pb_fork_run(run->opt.workers, fn, arg);
}

const struct pb_model pb_model = {
    .name = "fork",
    .team = fork_team,
    .forks = 1,
};
