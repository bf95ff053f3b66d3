/* util.c -- small helpers every model and workload shares. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/mman.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "comm.h"
#include "parbench.h"

void pb_block(long long n, long long parts, long long id, long long *lo,
              long long *hi)
{
    long long q = n / parts, r = n % parts;
    *lo = id * q + (id < r ? id : r);
    *hi = *lo + q + (id < r ? 1 : 0);
}

int pb_close(double a, double b, double rel)
{
    double scale = fmax(fabs(a), fabs(b));
    return fabs(a - b) <= rel * scale;
}

void pb_error(const char *fmt, ...)
{
    char msg[PB_ERRLEN];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    /* one write, so that lines from several workers do not interleave */
    fprintf(stderr, "parbench %s/%s: %s\n", pb_model.name, pb_workload.name, msg);
}

void pb_sleep_ms(long long ms)
{
    struct timespec left = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&left, &left) == -1 && errno == EINTR)
        ;
}

/* ---- memory ------------------------------------------------------------ */

/* Reads the first number in file: a cgroup's limit in bytes. Returns it,
 * or 0 if there is none ("max", no file). */
static double read_limit(const char *file)
{
    FILE *f = fopen(file, "r");
    if (!f) return 0;
    unsigned long long v = 0;
    int ok = fscanf(f, "%llu", &v) == 1;
    fclose(f);
    return ok ? (double)v : 0;
}

/* Lowers *limit to the memory limit of the cgroup at path (under the
 * hierarchy mounted at root) and of each cgroup above it. */
static void cgroup_limit(const char *root, const char *path, const char *file,
                         double *limit)
{
    char dir[1024];
    if (snprintf(dir, sizeof dir, "%s%s", root, path) >= (int)sizeof dir) return;
    for (;;) {
        char name[1100];
        snprintf(name, sizeof name, "%s/%s", dir, file);
        double v = read_limit(name);
        if (v > 0 && (*limit == 0 || v < *limit)) *limit = v;
        char *slash = strrchr(dir, '/');
        if (!slash || (size_t)(slash - dir) < strlen(root)) break;
        *slash = '\0';
    }
}

/* The memory limit of this process's cgroup (a container, a Slurm job),
 * version 2 or version 1, in bytes; 0 if there is none. */
static double cgroup_memory(void)
{
    FILE *f = fopen("/proc/self/cgroup", "r");
    if (!f) return 0;
    double limit = 0;
    char line[1024];
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        char *ctrl = strchr(line, ':'), *path = ctrl ? strchr(ctrl + 1, ':') : NULL;
        if (!path) continue;
        *path++ = '\0';
        ctrl++;
        if (!strcmp(line, "0") && !*ctrl)
            cgroup_limit("/sys/fs/cgroup", path, "memory.max", &limit);
        else if (strstr(ctrl, "memory"))
            cgroup_limit("/sys/fs/cgroup/memory", path, "memory.limit_in_bytes", &limit);
    }
    fclose(f);
    return limit;
}

/* Prints bytes as "12.3 GiB", or in MiB below a GiB. */
static void human_bytes(double bytes, char *buf, size_t len)
{
    if (bytes >= 1073741824.0) snprintf(buf, len, "%.1f GiB", bytes / 1073741824.0);
    else snprintf(buf, len, "%.1f MiB", bytes / 1048576.0);
}

int pb_check_memory(double bytes, const char *what, char *err, size_t errlen)
{
    long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
    double total = (pages > 0 && page > 0) ? (double)pages * (double)page : 0;
    const char *whose = "this machine has";
    /* a smaller limit on this process: ulimit -v or -d, or its cgroup's */
    struct rlimit rl;
    const int res[] = {RLIMIT_AS, RLIMIT_DATA};
    for (size_t i = 0; i < sizeof res / sizeof res[0]; i++)
        if (getrlimit(res[i], &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
            (total == 0 || (double)rl.rlim_cur < total)) {
            total = (double)rl.rlim_cur;
            whose = "its ulimit allows";
        }
    double cg = cgroup_memory();
    if (cg > 0 && (total == 0 || cg < total)) {
        total = cg;
        whose = "its cgroup allows";
    }
    if (total > 0 && bytes > 0.9 * total) {
        char need[32], have[32];
        human_bytes(bytes, need, sizeof need);
        human_bytes(total, have, sizeof have);
        snprintf(err, errlen, "%s needs %s of memory; %s %s", what, need, whose, have);
        return PB_EXIT_USAGE;
    }
    return PB_EXIT_OK;
}

void *pb_pages(size_t bytes)
{
    int share = pb_model.forks ? MAP_SHARED : MAP_PRIVATE;
    void *p = mmap(NULL, bytes ? bytes : 1, PROT_READ | PROT_WRITE,
                   share | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return NULL;
#ifdef MADV_HUGEPAGE
    /* Huge pages where the kernel leaves them to the program
     * (transparent_hugepage=madvise): a triad over 4 KiB pages ran at 0.58
     * of the machine's bandwidth, 0.75 with them (scripts/ceilings). Only
     * advice: a kernel that refuses changes nothing. Shared mappings (fork)
     * follow shmem_enabled instead. */
    if (share == MAP_PRIVATE) (void)madvise(p, bytes ? bytes : 1, MADV_HUGEPAGE);
#endif
    return p;
}

void pb_pages_free(void *p, size_t bytes)
{
    if (p) munmap(p, bytes ? bytes : 1);
}

int pb_team_self(const struct pb_run *run, pb_work_fn fn, void *arg)
{
    (void)run;
    fn(0, 1, arg);
    return PB_EXIT_OK;
}

/* ---- the clock ------------------------------------------------------------ */

/* CLOCK_MONOTONIC in every model, MPI ones too: on one node every rank
 * reads the same clock, so that pb_comm_span can compare their times. */
double pb_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

double pb_tick(void)
{
    struct timespec t;
    clock_getres(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}
