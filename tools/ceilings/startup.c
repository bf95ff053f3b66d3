/* startup.c -- the raw costs of starting work, as the spawn workload's
 * rounds pay them: per round, P workers that do nothing are
 *   pthread_create_join  created with pthread_create and joined
 *   fork_waitpid         forked (each _exits at once) and reaped
 *   posix_spawn          /bin/true posix_spawned and reaped
 *   omp_parallel         an empty OpenMP parallel region of P threads,
 *                        measured as EPCC's syncbench does: a loop of
 *                        regions that each hold a short delay, minus a
 *                        reference loop of the same delays, per region
 * at P = 1 and P = all cores. The rounds are timed in --batches batches
 * after an untimed one; a line gives the median batch's microseconds per
 * round and the fastest and slowest batch's. Each is verified: every
 * worker of every round must have run (threads and regions count
 * themselves, processes exit with their own number). */
#define _GNU_SOURCE
#include <errno.h>
#include <omp.h>
#include <pthread.h>
#include <spawn.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "probe.h"

extern char **environ;

const char *const probe_name = "startup";

#define MAX_WORKERS 64
#define MAX_BATCHES 100
#define PAD 16 /* counters between two threads' counters: no false sharing */

/* What a round leaves behind, checked after the batches. */
struct tally {
    long long rounds;   /* rounds run */
    long long started;  /* workers that ran (counted by them or by their exit status) */
    long long per_thread[MAX_WORKERS]; /* omp_parallel: regions each thread ran */
};

/* One kind of start: runs one round of w workers, adding what ran to t.
 * Returns 0, or exits 3 when a system call fails. */
typedef void (*round_fn)(int w, struct tally *t);

/* ---- pthread_create + join ------------------------------------------------- */

static void *thread_body(void *arg)
{
    atomic_fetch_add_explicit((atomic_llong *)arg, 1, memory_order_relaxed);
    return NULL;
}

static void round_pthread(int w, struct tally *t)
{
    pthread_t tid[MAX_WORKERS];
    atomic_llong count;
    atomic_init(&count, 0);
    for (int i = 0; i < w; i++) {
        int rc = pthread_create(&tid[i], NULL, thread_body, &count);
        if (rc != 0) {
            errno = rc;
            probe_syserr("pthread_create");
        }
    }
    for (int i = 0; i < w; i++) {
        int rc = pthread_join(tid[i], NULL);
        if (rc != 0) {
            errno = rc;
            probe_syserr("pthread_join");
        }
    }
    t->started += atomic_load(&count);
}

/* ---- fork + waitpid, posix_spawn ------------------------------------------- */

/* Reaps child pid, which must exit with status want. Returns 1 if it did. */
static int reap(pid_t pid, int want)
{
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) probe_syserr("waitpid");
    return WIFEXITED(status) && WEXITSTATUS(status) == want;
}

static void round_fork(int w, struct tally *t)
{
    pid_t pid[MAX_WORKERS];
    for (int i = 0; i < w; i++) {
        pid[i] = fork();
        if (pid[i] < 0) probe_syserr("fork");
        if (pid[i] == 0) _exit(10 + i); /* its own number, so the parent can tell */
    }
    for (int i = 0; i < w; i++) t->started += reap(pid[i], 10 + i);
}

static const char *true_path(void)
{
    return access("/bin/true", X_OK) == 0 ? "/bin/true" : "/usr/bin/true";
}

static void round_spawn(int w, struct tally *t)
{
    pid_t pid[MAX_WORKERS];
    static const char *const path_arg[] = {"true", NULL};
    const char *path = true_path();
    for (int i = 0; i < w; i++) {
        int rc = posix_spawn(&pid[i], path, NULL, NULL, (char *const *)path_arg, environ);
        if (rc != 0) {
            errno = rc;
            char what[64];
            snprintf(what, sizeof what, "posix_spawn %s", path);
            probe_syserr(what);
        }
    }
    for (int i = 0; i < w; i++) t->started += reap(pid[i], 0);
}

/* ---- the empty parallel region, EPCC style --------------------------------- */

/* EPCC's delay: a loop the compiler must keep, of len iterations (its
 * sum is never negative; the test only keeps it from being dropped). */
static void delay(long long len)
{
    volatile double a = 0.0;
    for (long long i = 0; i < len; i++) a += (double)i;
    if (a < 0.0) probe_say("delay: %g", a);
}

struct epcc {
    long long delay_len; /* delay of each region, EPCC's delaylength */
    long long inner;     /* regions per timed batch, EPCC's innerreps */
};

/* ---- batches ------------------------------------------------------------------- */

struct result {
    const char *kind;
    int workers;
    long long rounds;
    double seconds, us, min_us, max_us;
    double others; /* cores other processes used meanwhile, -1: unknown */
};

static void wrong(const char *kind, int w, const char *fmt, long long got, long long want)
{
    printf("probe=startup kind=%s workers=%d verified=no\n", kind, w);
    fflush(stdout);
    probe_say(fmt, got, want);
    exit(PROBE_WRONG);
}

/* Runs an untimed batch, then batches of rounds rounds of fn with w
 * workers; checks every worker ran; fills r. */
static void measure_rounds(const char *kind, round_fn fn, int w, long long rounds, int batches,
                           struct result *r)
{
    struct tally t;
    memset(&t, 0, sizeof t);
    double us[MAX_BATCHES], total = 0.0;
    for (long long i = 0; i < rounds; i++) fn(w, &t);
    struct probe_busy busy;
    probe_busy_start(&busy);
    for (int b = 0; b < batches; b++) {
        double t0 = probe_now();
        for (long long i = 0; i < rounds; i++) fn(w, &t);
        double dt = probe_now() - t0;
        total += dt;
        us[b] = 1e6 * dt / (double)rounds;
    }
    r->others = probe_busy_others(&busy);
    long long want = (batches + 1) * rounds * w;
    if (probe_fault_wrong()) t.started--;
    if (t.started != want)
        wrong(kind, w, "%lld workers ran, expected %lld: the answer is wrong", t.started, want);
    r->kind = kind;
    r->workers = w;
    r->rounds = rounds * batches;
    r->seconds = total;
    r->us = probe_median(us, (size_t)batches);
    r->min_us = us[0];
    r->max_us = us[batches - 1];
}

/* A batch of e->inner parallel regions of w threads, each thread
 * counting itself and waiting e->delay_len, or (reference) the same
 * delays alone. Returns its seconds. */
static double epcc_batch(const struct epcc *e, int w, int reference, long long *counts)
{
    double t0 = probe_now();
    if (reference) {
        for (long long j = 0; j < e->inner; j++) delay(e->delay_len);
    } else {
        for (long long j = 0; j < e->inner; j++) {
#pragma omp parallel num_threads(w)
            {
                int id = omp_get_thread_num();
                delay(e->delay_len);
                counts[id * PAD]++;
            }
        }
    }
    return probe_now() - t0;
}

/* Binds each of the w threads of the runtime's team to cpus[i], once (the
 * runtime keeps its threads between regions). */
static void omp_bind(int w, const int *cpus)
{
    int failed = 0;
#pragma omp parallel num_threads(w)
    {
        if (probe_bind(cpus[omp_get_thread_num()]) != 0) {
#pragma omp atomic write
            failed = errno ? errno : EINVAL;
        }
    }
    if (failed) {
        errno = failed;
        probe_syserr("pthread_setaffinity_np");
    }
}

/* EPCC syncbench's PARALLEL test at w threads: batches of test minus
 * reference, per region. */
static void measure_omp(int w, const int *cpus, const struct epcc *e, int batches,
                        struct result *r)
{
    long long counts[MAX_WORKERS * PAD];
    memset(counts, 0, sizeof counts);
    omp_bind(w, cpus);
    double ref[MAX_BATCHES], us[MAX_BATCHES], total = 0.0;
    /* the untimed batch makes the runtime's threads */
    (void)epcc_batch(e, w, 0, counts);
    for (int b = 0; b < batches; b++) ref[b] = epcc_batch(e, w, 1, counts);
    double ref_med = probe_median(ref, (size_t)batches);
    struct probe_busy busy;
    probe_busy_start(&busy);
    for (int b = 0; b < batches; b++) {
        double dt = epcc_batch(e, w, 0, counts);
        total += dt;
        us[b] = 1e6 * (dt - ref_med) / (double)e->inner;
    }
    r->others = probe_busy_others(&busy);
    long long want = (batches + 1) * e->inner, sum = 0;
    if (probe_fault_wrong()) counts[0]--;
    for (int i = 0; i < w; i++) {
        if (counts[i * PAD] != want)
            wrong("omp_parallel", w, "a thread ran %lld regions, expected %lld: the answer is wrong",
                  counts[i * PAD], want);
        sum += counts[i * PAD];
    }
    if (sum != want * w) wrong("omp_parallel", w, "%lld thread starts, expected %lld", sum, want * w);
    r->kind = "omp_parallel";
    r->workers = w;
    r->rounds = e->inner * batches;
    r->seconds = total;
    r->us = probe_median(us, (size_t)batches);
    r->min_us = us[0];
    r->max_us = us[batches - 1];
}

/* EPCC's delaylength for about target_us, and innerreps so a batch lasts
 * about batch_ms with 1 us per region. */
static struct epcc epcc_settings(double target_us, double batch_ms)
{
    struct epcc e = {1000, 0};
    for (;;) {
        double t0 = probe_now();
        delay(e.delay_len);
        double dt = 1e6 * (probe_now() - t0);
        if (dt >= target_us || e.delay_len > (1LL << 30)) {
            e.delay_len = (long long)((double)e.delay_len * target_us / (dt > 0 ? dt : target_us));
            if (e.delay_len < 1) e.delay_len = 1;
            break;
        }
        e.delay_len *= 4;
    }
    e.inner = (long long)(batch_ms * 1000.0 / (target_us + 1.0));
    if (e.inner < 10) e.inner = 10;
    return e;
}

static void print_result(const struct result *r, const int *cpus)
{
    char list[256];
    probe_cpu_list(list, sizeof list, cpus, r->workers);
    printf("probe=startup kind=%s workers=%d cpus=%s rounds=%lld seconds=%.9f us=%.3f "
           "min_us=%.3f max_us=%.3f others=%.2f verified=yes\n",
           r->kind, r->workers, !strcmp(r->kind, "omp_parallel") ? list : "-", r->rounds,
           r->seconds, r->us, r->min_us, r->max_us, r->others);
}

/* ---- main ------------------------------------------------------------------ */

int main(int argc, char **argv)
{
    int cpus[PROBE_MAX_CPUS];
    int ncpus = probe_cpus(cpus, PROBE_MAX_CPUS);
    long long rounds = 0, batches = 0, workers = ncpus < MAX_WORKERS ? ncpus : MAX_WORKERS,
              quick = 0, delay_ns = 100, at = 0;
    const char *kind = NULL;
    const struct probe_opt opts[] = {
        {"rounds", "N", 1, 1000000, &rounds, "rounds per batch (default 200 threads, 100 processes; --quick 25 processes)", NULL},
        {"batches", "B", 1, MAX_BATCHES, &batches, "timed batches, the median counts (default 9)", NULL},
        {"workers", "P", 1, workers, &workers, "workers of the all-cores figures (default: every allowed CPU)", NULL},
        {"delay-ns", "D", 1, 1000000, &delay_ns, "EPCC's delay in each region, ns (default 100)", NULL},
        {"quick", NULL, 0, 1, &quick, "fewer process rounds and shorter OpenMP batches: for a sweep's start", NULL},
        {"at", "P", 1, workers, &at, "only at P workers (not at 1 and at --workers)", NULL},
        {"kind", "K", 0, 0, NULL, "only cost K: pthread_create_join, fork_waitpid, posix_spawn or omp_parallel",
         &kind},
    };
    probe_parse(argc, argv, opts, sizeof opts / sizeof opts[0],
                "The raw costs of starting work, per round of P workers that do nothing: "
                "pthread_create + join, fork + waitpid, posix_spawn of /bin/true + waitpid, "
                "and an empty OpenMP parallel region (EPCC syncbench: regions minus a "
                "reference loop of their delays), at P = 1 and P = --workers.",
                "One line per measurement on stdout:\n"
                "  probe=startup kind=pthread_create_join|fork_waitpid|posix_spawn|omp_parallel\n"
                "  workers=P cpus=LIST rounds=N seconds=S us=U min_us=L max_us=H others=O\n"
                "  verified=yes\n"
                "us is the median batch's microseconds per round, min_us and max_us the\n"
                "fastest and slowest batch's; others the CPUs' worth of time other processes\n"
                "used meanwhile, at least, from /proc's ticks (-1: unknown).\n");
    /* threads keep their 200 rounds and 9 batches in quick mode (0.2 s in
     * all): with 50 and 5, the median batch of two threads swung from 60
     * to 186 us between runs a minute apart, where 200 and 9 stayed
     * within 61-68 */
    if (!batches) batches = 9;
    long long thread_rounds = rounds ? rounds : 200;
    long long proc_rounds = rounds ? rounds : quick ? 25 : 100;
    if (access(true_path(), X_OK) != 0) probe_fail("no /bin/true or /usr/bin/true to posix_spawn");
    omp_set_dynamic(0);

    static const char *const kinds[] = {"pthread_create_join", "fork_waitpid", "posix_spawn", "omp_parallel"};
    int want[4] = {1, 1, 1, 1};
    if (kind) {
        int found = 0;
        for (int k = 0; k < 4; k++) found |= want[k] = !strcmp(kind, kinds[k]);
        if (!found) probe_usage("--kind: '%s' is not pthread_create_join, fork_waitpid, posix_spawn or omp_parallel", kind);
    }
    int counts[2], ncounts = probe_counts(at, workers, counts);
    struct result r;
    for (int ci = 0; ci < ncounts; ci++) {
        int w = counts[ci];
        if (want[0]) {
            measure_rounds(kinds[0], round_pthread, w, thread_rounds, (int)batches, &r);
            print_result(&r, cpus);
        }
        if (want[1]) {
            measure_rounds(kinds[1], round_fork, w, proc_rounds, (int)batches, &r);
            print_result(&r, cpus);
        }
        if (want[2]) {
            measure_rounds(kinds[2], round_spawn, w, proc_rounds, (int)batches, &r);
            print_result(&r, cpus);
        }
        fflush(stdout);
    }
    struct epcc e = epcc_settings((double)delay_ns / 1000.0, quick ? 5.0 : 20.0);
    for (int ci = 0; ci < ncounts && want[3]; ci++) {
        measure_omp(counts[ci], cpus, &e, (int)batches, &r);
        print_result(&r, cpus);
    }
    return fflush(stdout) == 0 ? PROBE_OK : PROBE_FAILED;
}
