/* parbench.h -- the contract between the driver (common/driver.c), the
 * workloads (common/workloads/<name>.c) and the models (<model>/model.c and
 * <model>/<workload>.c).
 *
 * A binary build/<model>/<workload> is linked from:
 *   common/<part>.o       driver, option parsing, timing, result lines
 *   common/comm_local.o   or common/comm_mpi.o (one process, or MPI ranks)
 *   common/workloads/W.o  the workload: options, inputs, reference answer
 *   <model>/model.o       the model: its name, options and worker teams
 *   <model>/W.o           the parallel decomposition: pb_kernel()
 */
#ifndef PARBENCH_H
#define PARBENCH_H

#include <stddef.h>
#include <stdint.h>

/* Exit statuses of every binary. */
enum {
    PB_EXIT_OK = 0,
    PB_EXIT_WRONG = 1,  /* the answer did not verify */
    PB_EXIT_USAGE = 2,  /* bad command line or input */
    PB_EXIT_FAILED = 3, /* a worker died, a system call failed */
};

#define PB_MAX_WORKERS 1024LL
#define PB_ERRLEN 512

/* Options beyond the common ones (--workers --size --reps --warmup --help).
 * A workload or a model lists the ones it accepts; others are refused. */
enum {
    PB_OPT_THREADS = 1u << 0, /* --threads T: threads per MPI rank (hybrid) */
    PB_OPT_DELAY = 1u << 1,   /* --delay-ms D: wait per task (sleep) */
    PB_OPT_ITEMS = 1u << 2,   /* --items LIST: explicit item values (sleep) */
    PB_OPT_VERBOSE = 1u << 3, /* --verbose: print each task as it completes */
    PB_OPT_ITERS = 1u << 4,    /* --iters I: sweeps or time steps */
    PB_OPT_SCHEDULE = 1u << 5, /* --schedule static|dynamic */
    PB_OPT_IMAGE = 1u << 6,    /* --image FILE.pgm */
    PB_OPT_MAX_ITER = 1u << 7, /* --max-iter M: iteration cap per point */
    PB_OPT_ISA = 1u << 8,      /* --isa NAME: the instructions of triad's loop */
};

struct pb_opts {
    long long workers; /* threads or processes; MPI ranks; hybrid: ranks*threads */
    long long threads; /* hybrid: threads per rank */
    long long size;    /* problem size, in the workload's unit */
    long long reps;    /* timed repetitions */
    long long warmup;  /* untimed runs before the timed ones */
    long long delay_ms;
    const char *items;
    int verbose;
    long long iters;
    const char *schedule; /* "static" or "dynamic"; the workload checks it */
    const char *image;
    long long max_iter;
    const char *isa; /* compiler, avx512, avx or sse2; the workload checks it */
    /* --check: settle and validate everything a run would (options, the
     * workload's limits, memory, the team the runtime allows), then stop:
     * configure() and prepare() validate only, start no worker and
     * allocate nothing big (prepare leaves run->data NULL). */
    int check;
    int workers_set, threads_set, size_set; /* given on the command line */
};

#define PB_CPUS_LEN 256

/* One process's view of a run. */
struct pb_run {
    struct pb_opts opt;
    /* MPI rank and count; 0 and 1 without MPI. A singleton's --check
     * (no mpirun) counts the ranks --workers asks for. */
    int rank, nranks;
    void *data;       /* the workload's inputs and outputs, from prepare() */
    /* The CPUs the workers were allowed on, as a list ("0-3,8"): the union
     * of every thread's affinity on every rank. Empty until measured. */
    char cpus[PB_CPUS_LEN];
};

/* The answer of one repetition. Integer workloads match exactly. */
struct pb_answer {
    int exact;  /* 1: the checksum is u; 0: it is d */
    uint64_t u; /* integer checksum (sums wrap modulo 2^64) */
    double d;   /* floating-point checksum */
};

/* The work of one worker of a team: worker id of n. */
typedef void (*pb_work_fn)(long long id, long long n, void *arg);

/* A barrier for the n workers of a team, filled in by the team runners that
 * offer one (pb_threads_run_synced, pb_fork_run_synced): wait(ctx) returns
 * once all n workers have called it. */
struct pb_barrier {
    void (*wait)(void *ctx);
    void *ctx;
};

struct pb_workload {
    const char *name;
    const char *about;      /* one line for --help */
    const char *size_unit;  /* what --size counts */
    unsigned options;       /* PB_OPT_* it accepts */
    long long default_size, max_size;
    /* Builds the inputs from run->opt into run->data. Returns PB_EXIT_OK, or
     * PB_EXIT_USAGE / PB_EXIT_FAILED with a one-line reason in err. With
     * run->opt.check it only validates (limits, memory, paths) and returns
     * before allocating anything, leaving run->data NULL. May be NULL: the
     * workload needs no inputs. */
    int (*prepare)(struct pb_run *run, char *err, size_t errlen);
    /* Clears outputs before each repetition (untimed). May be NULL. */
    void (*reset)(struct pb_run *run);
    /* On rank 0, after the kernel: completes ans from the outputs. May be NULL. */
    void (*checksum)(const struct pb_run *run, struct pb_answer *ans);
    /* On rank 0: 1 if ans is right, else 0 with the reason in why. */
    int (*verify)(const struct pb_run *run, const struct pb_answer *ans,
                  char *why, size_t whylen);
    /* On every rank after each kernel, untimed: checks this process's share
     * of the outputs and combines the shares into ans on rank 0 with the
     * collective pb_comm_* calls (comm.h). Runs before checksum(). May be
     * NULL: rank 0 already holds the whole answer. */
    void (*combine)(struct pb_run *run, struct pb_answer *ans);
    /* On rank 0 after an answer verified: keeps what a verified answer
     * leaves behind (mandelbrot's --image). Returns PB_EXIT_OK, or
     * PB_EXIT_FAILED after printing why. May be NULL. */
    int (*verified)(struct pb_run *run);
    void (*release)(struct pb_run *run); /* May be NULL. */
    /* On rank 0: extra " key=value" pairs for the result line (gbps=, say),
     * from a verified answer and its time. May be NULL. */
    void (*metrics)(const struct pb_run *run, const struct pb_answer *ans,
                    double seconds, char *buf, size_t len);
    /* First touch: worker id of n writes the first values of its share of
     * run->data, split as the decompositions split the work among n
     * workers, so that each page is placed near the worker that will use
     * it. Run once on every rank by the model's own workers (pb_model.team)
     * after prepare(), untimed. May be NULL: prepare() wrote the inputs. */
    pb_work_fn first_touch;
};

struct pb_model {
    const char *name;
    unsigned options;      /* PB_OPT_* it accepts */
    int mpi;               /* workers are MPI ranks (times threads) */
    /* its ranks run threads: MPI is asked for MPI_THREAD_FUNNELED. A model
     * without asks for no thread support, under which Open MPI's
     * shared-memory barrier is faster: spawn's MPI round, one barrier, took
     * 0.82 of the time. */
    int mpi_threads;
    /* Settles run->opt.workers / threads for this model and sets the model
     * up, checking that the runtime will give the team it is asked for.
     * Returns PB_EXIT_OK, or PB_EXIT_USAGE (bad options) / PB_EXIT_FAILED
     * (the runtime cannot give that team) with a reason in err. With
     * run->opt.check it starts no worker. May be NULL: --workers stands as
     * given. */
    int (*configure)(struct pb_run *run, char *err, size_t errlen);
    /* Runs fn(id, n, arg) on this process's workers: its threads or child
     * processes, or the process itself as worker 0 of 1. Returns
     * PB_EXIT_OK, or PB_EXIT_FAILED after printing why. May be NULL: the
     * process is its one worker (pb_team_self). */
    int (*team)(const struct pb_run *run, pb_work_fn fn, void *arg);
    int forks; /* workers are fork()ed processes: pb_pages() shares with them */
};

/* Linked in: one workload, one model, one decomposition. */
extern const struct pb_workload pb_workload;
extern const struct pb_model pb_model;

/* The decomposition: runs the workload once with run->opt.workers workers
 * and leaves the answer in ans (on rank 0) or in run->data. Returns
 * PB_EXIT_OK, or PB_EXIT_FAILED after printing why. */
int pb_kernel(struct pb_run *run, struct pb_answer *ans);

/* ---- helpers shared by every model (common/util.c) ------------------ */

/* The half-open range [*lo, *hi) of part id when n items are split into
 * parts nearly equal blocks; empty when there are more parts than items. */
void pb_block(long long n, long long parts, long long id, long long *lo,
              long long *hi);

/* 1 if a and b agree to a relative tolerance rel (both zero agree). */
int pb_close(double a, double b, double rel);

/* Prints "parbench <model>/<workload>: <message>" on stderr. */
void pb_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Sleeps for ms milliseconds, resuming after signals. */
void pb_sleep_ms(long long ms);

/* Measures run->cpus after a kernel has run (common/affinity.c). Every
 * rank must call it: the ranks' masks are combined. */
void pb_measure_cpus(struct pb_run *run);

/* Checks that bytes of memory are there to be had before allocating them.
 * Returns PB_EXIT_OK, or PB_EXIT_USAGE naming what and how much in err. */
int pb_check_memory(double bytes, const char *what, char *err, size_t errlen);

/* A page-aligned, zero-filled mapping of bytes for a workload's arrays. No
 * page is placed until it is first written (first touch). It is shared
 * with the workers when they are processes (pb_model.forks), else private.
 * Returns NULL with errno set. */
void *pb_pages(size_t bytes);
void pb_pages_free(void *p, size_t bytes);

/* The team of a process that is its one worker (serial, mpi): fn(0, 1,
 * arg). Returns PB_EXIT_OK. */
int pb_team_self(const struct pb_run *run, pb_work_fn fn, void *arg);

/* ---- fault injection for the tests (common/fault.c) ----------------- *
 * PARBENCH_FAULT=wrong    the checksum is perturbed before verification
 * PARBENCH_FAULT=die:K    worker K dies (fork: SIGKILL; pthreads: it cannot
 *                         be created; mpi, hybrid: rank K is killed)
 * PARBENCH_FAULT=hang:K   worker K never finishes
 * PARBENCH_FAULT=abort:K  worker K ends the whole run with status 3 (mpi,
 *                         hybrid: MPI_Abort; fork, pthreads: exit)       */
enum pb_fault { PB_FAULT_NONE, PB_FAULT_WRONG, PB_FAULT_DIE, PB_FAULT_HANG, PB_FAULT_ABORT };
/* Reads PARBENCH_FAULT, once, before any worker starts: a worker then reads
 * what it says from memory its process already has (a forked child that
 * ran getenv() took page faults into the C library on every start). */
void pb_fault_init(void);
enum pb_fault pb_fault_kind(void);
/* 1 if the injected fault targets worker id. */
int pb_fault_hits(enum pb_fault kind, long long id);
/* Called by a worker as it starts: hangs or dies if PARBENCH_FAULT says so. */
void pb_fault_worker_start(long long id);

#endif
