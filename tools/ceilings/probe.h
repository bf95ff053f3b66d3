/* probe.h -- what the ceiling probes (tools/ceilings/) share: their
 * options, exit statuses and messages, the clock, the CPUs they may use,
 * the last-level cache, and the fault the tests inject.
 *
 * A probe measures one of this machine's limits as the best known code
 * does, checks its own answer like a workload, and prints one line per
 * measurement, key=value pairs, on stdout:
 *   probe=NAME kind=KIND ... workers=P seconds=S <rate>=V verified=yes
 * Exit status: 0 every answer verified, 1 one did not (its line says
 * verified=no, stderr says why), 2 bad input (one line on stderr),
 * 3 a system call failed. */
#ifndef PARBENCH_PROBE_H
#define PARBENCH_PROBE_H

#include <stddef.h>

enum {
    PROBE_OK = 0,
    PROBE_WRONG = 1,
    PROBE_USAGE = 2,
    PROBE_FAILED = 3,
};

#define PROBE_MAX_CPUS 1024

/* Each probe defines its name ("bandwidth"), used in every message. */
extern const char *const probe_name;

/* ---- options ------------------------------------------------------------ */

/* One option --NAME VALUE (a whole number in [min, max]), or --NAME alone
 * (a flag: *value becomes 1) when metavar is NULL, or --NAME WORD (1 to 32
 * lower-case letters, digits and '_', into *word; min, max and value
 * unused) when word is set. */
struct probe_opt {
    const char *name;
    const char *metavar;
    long long min, max;
    long long *value;
    const char *help;
    const char **word;
};

/* Parses argv against opts[0..n). --help prints about, the options and
 * the output's form (what) on stdout and exits 0; a bad argument exits 2
 * with one line. */
void probe_parse(int argc, char **argv, const struct probe_opt *opts, size_t n,
                 const char *about, const char *what);

/* ---- messages and exits --------------------------------------------------- */

/* "ceilings/NAME: MESSAGE" on stderr, one line. */
void probe_say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* probe_say, then exit 2 (bad input). */
void probe_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
/* "ceilings/NAME: WHAT: strerror(errno)" on stderr, then exit 3. */
void probe_syserr(const char *what) __attribute__((noreturn));
/* probe_say, then exit 3: the runtime did not give what was asked. */
void probe_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/* ---- measuring -------------------------------------------------------------- */

/* Seconds on the monotonic clock. */
double probe_now(void);

/* 1 when PARBENCH_FAULT=wrong: the probe spoils its answer before checking
 * it, as the workloads do (common/fault.c), so the tests see a check fail. */
int probe_fault_wrong(void);

/* The CPUs this process may run on, in increasing order, into cpus[0..max).
 * Returns their number (at least 1); exits 3 if they cannot be read. */
int probe_cpus(int *cpus, int max);

/* Binds the calling thread to CPU cpu. Returns 0, or -1 (errno set). */
int probe_bind(int cpu);

/* Writes the CPUs of cpus[0..n) as "0,1,5" into buf. */
void probe_cpu_list(char *buf, size_t len, const int *cpus, int n);

/* The worker counts a probe measures at, into counts[0..1]: 1 and WORKERS
 * (WORKERS alone when it is 1), or AT alone when --at gave one (not 0).
 * Returns how many. */
int probe_counts(long long at, long long workers, int counts[2]);

/* The size in bytes of cpu0's last-level cache (the highest level of
 * /sys/devices/system/cpu/cpu0/cache/index* that holds data), or 0 when
 * sysfs does not say. */
long long probe_llc_bytes(void);

/* What else ran while a measurement did: CPU time of all CPUs (from
 * /proc/stat, the hypervisor's steal included) less this process's own
 * and its reaped children's (/proc/self/stat), in clock ticks. */
struct probe_busy {
    double t;           /* probe_now() at the start */
    long long all, own; /* ticks, -1 when unreadable */
};

/* Starts counting into b. */
void probe_busy_start(struct probe_busy *b);

/* The CPUs' worth of time others used since probe_busy_start(b), on
 * average (0.5: half a core), at least: what /proc's ticks cannot tell
 * from none is left out. -1 when /proc cannot tell. */
double probe_busy_others(const struct probe_busy *b);

/* Sorts x[0..n) in place and returns its median (n >= 1). */
double probe_median(double *x, size_t n);

#endif
