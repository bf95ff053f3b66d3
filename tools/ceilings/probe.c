/* probe.c -- options, messages, clock, CPUs and caches of the ceiling
 * probes (see probe.h). */
#define _GNU_SOURCE
#include "probe.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* ---- messages and exits --------------------------------------------------- */

static void vsay(const char *fmt, va_list ap)
{
    char msg[512];
    vsnprintf(msg, sizeof msg, fmt, ap);
    /* one printable line, written at once */
    for (char *p = msg; *p; p++)
        if (*p == '\n' || *p == '\r' || *p == '\t') *p = ' ';
    fprintf(stderr, "ceilings/%s: %s\n", probe_name, msg);
}

void probe_say(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsay(fmt, ap);
    va_end(ap);
}

void probe_usage(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsay(fmt, ap);
    va_end(ap);
    exit(PROBE_USAGE);
}

void probe_fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsay(fmt, ap);
    va_end(ap);
    exit(PROBE_FAILED);
}

void probe_syserr(const char *what)
{
    probe_say("%s: %s", what, strerror(errno));
    exit(PROBE_FAILED);
}

/* ---- options ------------------------------------------------------------ */

/* Writes ARG, cut and made printable, into buf for a message. */
static void shown(char *buf, size_t len, const char *arg)
{
    size_t i = 0;
    for (; arg[i] && i + 4 < len; i++)
        buf[i] = (arg[i] >= 32 && arg[i] < 127) ? arg[i] : '?';
    if (arg[i]) {
        memcpy(buf + i, "...", 4);
    } else {
        buf[i] = '\0';
    }
}

static void usage_text(const char *prog, const struct probe_opt *opts, size_t n,
                       const char *about, const char *what)
{
    printf("usage: %s [options]\n\n%s\n\noptions:\n", prog, about);
    for (size_t i = 0; i < n; i++) {
        char left[40];
        snprintf(left, sizeof left, "--%s %s", opts[i].name, opts[i].metavar ? opts[i].metavar : "");
        printf("  %-16s %s\n", left, opts[i].help);
    }
    printf("  %-16s %s\n\n%s", "--help", "show this text", what);
    printf("Exit status: 0 every answer verified, 1 one did not, 2 bad input, "
           "3 a system call failed.\nPARBENCH_FAULT=wrong spoils every answer before "
           "it is checked (for the tests).\n");
}

/* Returns the option of opts named by arg ("--name"), or exits 2. */
static const struct probe_opt *find(const char *arg, const struct probe_opt *opts, size_t n)
{
    char s[64];
    shown(s, sizeof s, arg);
    if (strncmp(arg, "--", 2) != 0 || arg[2] == '\0')
        probe_usage("unexpected argument '%s' (try --help)", s);
    for (size_t i = 0; i < n; i++)
        if (!strcmp(arg + 2, opts[i].name)) return &opts[i];
    probe_usage("unknown option '%s' (try --help)", s);
}

void probe_parse(int argc, char **argv, const struct probe_opt *opts, size_t n,
                 const char *about, const char *what)
{
    for (int i = 1; i < argc; i++)
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            usage_text(argv[0], opts, n, about, what);
            exit(PROBE_OK);
        }
    for (int i = 1; i < argc; i++) {
        const struct probe_opt *o = find(argv[i], opts, n);
        if (!o->metavar) {
            *o->value = 1;
            continue;
        }
        if (i + 1 >= argc) probe_usage("--%s needs a value (try --help)", o->name);
        const char *text = argv[++i];
        char s[64];
        shown(s, sizeof s, text);
        if (o->word) {
            size_t len = strspn(text, "abcdefghijklmnopqrstuvwxyz0123456789_");
            if (len == 0 || len > 32 || text[len] != '\0')
                probe_usage("--%s: '%s' is not a name (1 to 32 lower-case letters, digits and '_')", o->name, s);
            *o->word = text;
            continue;
        }
        char *end;
        errno = 0;
        long long v = strtoll(text, &end, 10);
        if (end == text || *end != '\0' || text[0] == '-' || text[0] == '+' || text[0] == ' ')
            probe_usage("--%s: '%s' is not a whole number", o->name, s);
        if (errno == ERANGE || v > o->max)
            probe_usage("--%s: '%s' is too large (at most %lld)", o->name, s, o->max);
        if (v < o->min) probe_usage("--%s: '%s' is too small (at least %lld)", o->name, s, o->min);
        *o->value = v;
    }
}

/* ---- measuring -------------------------------------------------------------- */

double probe_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

int probe_fault_wrong(void)
{
    const char *s = getenv("PARBENCH_FAULT");
    return s && !strcmp(s, "wrong");
}

int probe_cpus(int *cpus, int max)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) != 0) probe_syserr("sched_getaffinity");
    int n = 0;
    for (int c = 0; c < CPU_SETSIZE && n < max; c++)
        if (CPU_ISSET(c, &set)) cpus[n++] = c;
    if (n == 0) probe_fail("sched_getaffinity: no CPU to run on");
    return n;
}

int probe_bind(int cpu)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    int rc = pthread_setaffinity_np(pthread_self(), sizeof set, &set);
    if (rc != 0) {
        errno = rc;
        return -1;
    }
    return 0;
}

void probe_cpu_list(char *buf, size_t len, const int *cpus, int n)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < n && used < len; i++) {
        int k = snprintf(buf + used, len - used, "%s%d", i ? "," : "", cpus[i]);
        if (k < 0) break;
        used += (size_t)k;
    }
}

/* Reads the first line of dir/name into buf. Returns 0, or -1. */
static int read_line(const char *dir, const char *name, char *buf, size_t len)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    int ok = fgets(buf, (int)len, f) != NULL;
    fclose(f);
    if (!ok) return -1;
    buf[strcspn(buf, "\n")] = '\0';
    return 0;
}

long long probe_llc_bytes(void)
{
    long long best = 0;
    int best_level = 0;
    for (int i = 0; i < 16; i++) {
        char dir[128], level[32], type[32], size[32];
        snprintf(dir, sizeof dir, "/sys/devices/system/cpu/cpu0/cache/index%d", i);
        if (read_line(dir, "level", level, sizeof level) || read_line(dir, "type", type, sizeof type) ||
            read_line(dir, "size", size, sizeof size))
            continue;
        if (!strcmp(type, "Instruction")) continue;
        char *end;
        long long bytes = strtoll(size, &end, 10);
        if (end == size || bytes <= 0) continue;
        if (*end == 'K') bytes *= 1024;
        else if (*end == 'M') bytes *= 1024 * 1024;
        else if (*end == 'G') bytes *= 1024LL * 1024 * 1024;
        int lv = atoi(level);
        if (lv > best_level || (lv == best_level && bytes > best)) {
            best_level = lv;
            best = bytes;
        }
    }
    return best;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double probe_median(double *x, size_t n)
{
    qsort(x, n, sizeof *x, cmp_double);
    return n % 2 ? x[n / 2] : 0.5 * (x[n / 2 - 1] + x[n / 2]);
}

/* ---- what else ran ---------------------------------------------------------- */

/* Ticks all CPUs were busy (user, nice, system, irq, softirq, steal), or -1. */
static long long all_busy(void)
{
    FILE *f = fopen("/proc/stat", "r");
    if (!f) return -1;
    long long v[8] = {0};
    int n = fscanf(f, "cpu %lld %lld %lld %lld %lld %lld %lld %lld", &v[0], &v[1], &v[2], &v[3],
                   &v[4], &v[5], &v[6], &v[7]);
    fclose(f);
    if (n < 4) return -1;
    return v[0] + v[1] + v[2] + v[5] + v[6] + v[7]; /* not idle (3), not iowait (4) */
}

/* Ticks this process and its reaped children used, or -1. */
static long long own_busy(void)
{
    FILE *f = fopen("/proc/self/stat", "r");
    if (!f) return -1;
    char buf[1024];
    size_t got = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[got] = '\0';
    /* the fields after the command's closing parenthesis: state is 3 */
    const char *p = strrchr(buf, ')');
    long long ut, st, cut, cst;
    if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lld %lld %lld %lld", &ut,
                     &st, &cut, &cst) != 4)
        return -1;
    return ut + st + cut + cst;
}

void probe_busy_start(struct probe_busy *b)
{
    b->t = probe_now();
    b->all = all_busy();
    b->own = own_busy();
}

double probe_busy_others(const struct probe_busy *b)
{
    long long all = all_busy(), own = own_busy();
    long hz = sysconf(_SC_CLK_TCK);
    double wall = probe_now() - b->t;
    if (b->all < 0 || b->own < 0 || all < 0 || own < 0 || hz <= 0 || wall <= 0) return -1.0;
    /* /proc/stat counts each CPU's time in whole ticks, sampled, and this
     * process's own time is rounded to one: either side may be a tick off
     * per CPU. Only what is beyond that counts, so that a probe of 20 ms
     * does not read 0.6 of a CPU from one stray tick: a lower bound. */
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    long long ticks = (all - b->all) - (own - b->own) - (cpus > 0 ? cpus : 1) - 1;
    return ticks > 0 ? (double)ticks / (double)hz / wall : 0.0;
}

int probe_counts(long long at, long long workers, int counts[2])
{
    counts[0] = at ? (int)at : 1;
    counts[1] = (int)workers;
    return !at && workers > 1 ? 2 : 1;
}
