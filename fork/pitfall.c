/* fork/pitfall.c -- the tutorials' lesson in C: a child process fills a
 * result list, and its parent never sees it, because fork() gave the child a
 * copy of the parent's memory. Then two ways to get the results back: a pipe,
 * and a shared mapping. Exits 0 only if all three behave as described. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "options.h"

#define NITEMS 4
static const long items[NITEMS] = {2, 3, 8, 9};
static long delay_ms = 200;

/* The parent's list, as in the tutorial: a global the child also "has". */
static long square_result[NITEMS];
static int square_count;

static void wait_ms(long ms)
{
    struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&t, &t) == -1 && errno == EINTR)
        ;
}

static void print_list(const char *where, const long *v, int n)
{
    printf("%s, result: [", where);
    for (int i = 0; i < n; i++) printf("%s%ld", i ? ", " : "", v[i]);
    printf("]\n");
}

/* The child's work: squares into out (the list it is given), printed. */
static void calc_square(long *out, int *count)
{
    printf("calculate square numbers\n");
    for (int i = 0; i < NITEMS; i++) {
        wait_ms(delay_ms);
        out[(*count)++] = items[i] * items[i];
        printf("square: %ld\n", items[i] * items[i]);
    }
    fflush(stdout);
}

/* Forks a child that runs body(arg) and exits; returns the child's status
 * or -1 if fork failed. */
static int in_child(void (*body)(void *), void *arg)
{
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0) {
        perror("pitfall: fork");
        return -1;
    }
    if (pid == 0) {
        body(arg);
        fflush(stdout);
        _exit(0);
    }
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) return -1;
    return (WIFEXITED(status) && WEXITSTATUS(status) == 0) ? 0 : -1;
}

static void pitfall_body(void *arg)
{
    (void)arg;
    calc_square(square_result, &square_count);
    print_list("Inside the process", square_result, square_count);
}

/* Returns 1 if the parent's list stayed empty, as the lesson says. */
static int show_pitfall(void)
{
    printf("== The pitfall: the child fills the parent's global list\n");
    if (in_child(pitfall_body, NULL) < 0) return 0;
    print_list("Outside the process", square_result, square_count);
    return square_count == 0;
}

static void pipe_body(void *arg)
{
    int fd = *(int *)arg;
    long local[NITEMS];
    int n = 0;
    calc_square(local, &n);
    ssize_t want = (ssize_t)(n * sizeof local[0]);
    if (write(fd, local, (size_t)want) != want) _exit(1);
}

/* Returns 1 if the squares came back through the pipe. */
static int show_pipe(void)
{
    printf("== Fix 1: the child writes its results into a pipe; the parent reads them\n");
    int fds[2];
    if (pipe(fds) < 0) {
        perror("pitfall: pipe");
        return 0;
    }
    /* four longs fit in the pipe's buffer, so the child never blocks */
    int rc = in_child(pipe_body, &fds[1]);
    close(fds[1]);
    long got[NITEMS];
    ssize_t n = read(fds[0], got, sizeof got);
    close(fds[0]);
    int count = n > 0 ? (int)(n / (ssize_t)sizeof got[0]) : 0;
    print_list("Outside the process", got, count);
    return rc == 0 && count == NITEMS;
}

struct shared_list {
    long v[NITEMS];
    int count;
};

static void shared_body(void *arg)
{
    struct shared_list *l = arg;
    calc_square(l->v, &l->count);
}

/* Returns 1 if the squares came back through the shared mapping. */
static int show_shared(void)
{
    printf("== Fix 2: the list lives in a shared mapping (mmap MAP_SHARED)\n");
    struct shared_list *l = mmap(NULL, sizeof *l, PROT_READ | PROT_WRITE,
                                 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (l == MAP_FAILED) {
        perror("pitfall: mmap");
        return 0;
    }
    int rc = in_child(shared_body, l);
    print_list("Outside the process", l->v, l->count);
    int ok = rc == 0 && l->count == NITEMS;
    munmap(l, sizeof *l);
    return ok;
}

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        char err[PB_ERRLEN];
        long long v;
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            printf("usage: %s [--delay-ms D]\n\n"
                   "Shows that a list filled by a child process stays empty in its\n"
                   "parent, then gets the results back through a pipe and through a\n"
                   "shared mapping. Each square waits D ms first (default 200).\n"
                   "Exit status: 0 if all three behave so, 1 if not, 2 on bad input.\n",
                   argv[0]);
            return 0;
        }
        if (strcmp(argv[i], "--delay-ms") != 0) {
            fprintf(stderr, "pitfall: unknown option '%s' (try --help)\n",
                    pb_shown(argv[i], err, sizeof err));
            return 2;
        }
        if (i + 1 >= argc) {
            fprintf(stderr, "pitfall: --delay-ms needs a value\n");
            return 2;
        }
        if (pb_parse_ll(argv[++i], 0, 3600000, &v, err, sizeof err)) {
            fprintf(stderr, "pitfall: --delay-ms: %s\n", err);
            return 2;
        }
        delay_ms = (long)v;
    }
    int ok = show_pitfall();
    ok &= show_pipe();
    ok &= show_shared();
    if (!ok) {
        fprintf(stderr, "pitfall: the processes did not behave as the lesson says\n");
        return 1;
    }
    return 0;
}
