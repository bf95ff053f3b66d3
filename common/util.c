/* util.c -- small helpers every model and workload shares. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

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

int pb_check_memory(double bytes, const char *what, char *err, size_t errlen)
{
    long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
    if (pages <= 0 || page <= 0) return PB_EXIT_OK;
    double total = (double)pages * (double)page;
    if (bytes > 0.9 * total) {
        snprintf(err, errlen, "%s needs %.1f GiB of memory; this machine has %.1f GiB",
                 what, bytes / 1073741824.0, total / 1073741824.0);
        return PB_EXIT_USAGE;
    }
    return PB_EXIT_OK;
}

void *pb_pages(size_t bytes)
{
    int share = pb_model.forks ? MAP_SHARED : MAP_PRIVATE;
    void *p = mmap(NULL, bytes ? bytes : 1, PROT_READ | PROT_WRITE,
                   share | MAP_ANONYMOUS, -1, 0);
    return p == MAP_FAILED ? NULL : p;
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
