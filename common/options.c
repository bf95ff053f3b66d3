/* options.c -- strict parsing of the options every binary takes. */
#include "options.h"

#include <stdlib.h>
#include <string.h>

enum argkind { ARG_NUM, ARG_STR, ARG_FLAG };

struct optdef {
    const char *name;  /* without the leading "--" */
    unsigned flag;     /* PB_OPT_*; 0: every binary takes it */
    enum argkind kind;
    size_t field;      /* offset into struct pb_opts */
    long long min, max;
    const char *metavar, *help;
};

#define FIELD(f) offsetof(struct pb_opts, f)

static const struct optdef optdefs[] = {
    {"workers", 0, ARG_NUM, FIELD(workers), 1, PB_MAX_WORKERS, "P",
     "workers: threads, processes or MPI ranks (x threads for hybrid)"},
    {"threads", PB_OPT_THREADS, ARG_NUM, FIELD(threads), 1, PB_MAX_WORKERS, "T",
     "OpenMP threads per MPI rank"},
    {"size", 0, ARG_NUM, FIELD(size), 1, 0, "N", "problem size"},
    {"reps", 0, ARG_NUM, FIELD(reps), 1, 1000000, "R",
     "timed repetitions (default 3)"},
    {"warmup", 0, ARG_NUM, FIELD(warmup), 0, 1000, "W",
     "untimed runs before the timed ones (default 1)"},
    {"delay-ms", PB_OPT_DELAY, ARG_NUM, FIELD(delay_ms), 0, 3600000, "D",
     "milliseconds each task waits (default 200)"},
    {"items", PB_OPT_ITEMS, ARG_STR, FIELD(items), 0, 0, "LIST",
     "comma-separated item values instead of 1..N, e.g. 2,3,8,9"},
    {"verbose", PB_OPT_VERBOSE, ARG_FLAG, FIELD(verbose), 0, 0, NULL,
     "print each task's result on stderr as it completes"},
    {"iters", PB_OPT_ITERS, ARG_NUM, FIELD(iters), 1, 1000000000, "I",
     "sweeps or time steps"},
    {"schedule", PB_OPT_SCHEDULE, ARG_STR, FIELD(schedule), 0, 0, "S",
     "static or dynamic distribution of the work"},
    {"image", PB_OPT_IMAGE, ARG_STR, FIELD(image), 0, 0, "FILE",
     "also write the picture to FILE (PGM)"},
    {"max-iter", PB_OPT_MAX_ITER, ARG_NUM, FIELD(max_iter), 1, 1000000000, "M",
     "iteration cap per point"},
    {"isa", PB_OPT_ISA, ARG_STR, FIELD(isa), 0, 0, "NAME",
     "the loop's instructions: compiler (default: the width it prefers), avx512, avx or sse2"},
    {"check", 0, ARG_FLAG, FIELD(check), 0, 0, NULL,
     "check everything a run would (limits, memory, team), exit 0; run nothing"},
};
#define NOPTS (sizeof optdefs / sizeof optdefs[0])

static const struct optdef *find_opt(const char *name, size_t len)
{
    for (size_t i = 0; i < NOPTS; i++)
        if (strlen(optdefs[i].name) == len && !strncmp(optdefs[i].name, name, len))
            return &optdefs[i];
    return NULL;
}

static void mark_set(struct pb_opts *o, const struct optdef *d)
{
    if (d->field == FIELD(workers)) o->workers_set = 1;
    if (d->field == FIELD(threads)) o->threads_set = 1;
    if (d->field == FIELD(size)) o->size_set = 1;
}

int pb_parse_options(int argc, char **argv, unsigned allowed,
                     long long default_size, long long max_size,
                     struct pb_opts *o, char *err, size_t errlen)
{
    memset(o, 0, sizeof *o);
    o->workers = 1;
    o->threads = 1;
    o->size = default_size;
    o->reps = 3;
    o->warmup = 1;
    o->delay_ms = 200;

    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (!strcmp(arg, "--help") || !strcmp(arg, "-h")) return PB_PARSE_HELP;
        char shown[64];
        if (strncmp(arg, "--", 2) != 0 || arg[2] == '\0') {
            snprintf(err, errlen, "unexpected argument '%s' (try --help)",
                     pb_shown(arg, shown, sizeof shown));
            return PB_PARSE_ERROR;
        }
        const char *name = arg + 2;
        const char *eq = strchr(name, '=');
        size_t len = eq ? (size_t)(eq - name) : strlen(name);
        const struct optdef *d = find_opt(name, len);
        if (!d || (d->flag && !(d->flag & allowed))) {
            char given[128]; /* "--name" without its value, cut short */
            size_t n = len + 2 < sizeof given ? len + 2 : sizeof given - 1;
            memcpy(given, arg, n);
            given[n] = '\0';
            snprintf(err, errlen, "unknown option '%s' (try --help)",
                     pb_shown(given, shown, sizeof shown));
            return PB_PARSE_ERROR;
        }
        char *field = (char *)o + d->field;
        if (d->kind == ARG_FLAG) {
            if (eq) {
                snprintf(err, errlen, "--%s takes no value", d->name);
                return PB_PARSE_ERROR;
            }
            *(int *)field = 1;
            continue;
        }
        const char *val = eq ? eq + 1 : NULL;
        if (!val) {
            if (i + 1 >= argc) {
                snprintf(err, errlen, "--%s needs a value", d->name);
                return PB_PARSE_ERROR;
            }
            val = argv[++i];
        }
        if (d->kind == ARG_STR) {
            *(const char **)field = val;
        } else {
            char why[PB_ERRLEN];
            long long max = (d->field == FIELD(size)) ? max_size : d->max;
            if (pb_parse_ll(val, d->min, max, (long long *)field, why, sizeof why)) {
                snprintf(err, errlen, "--%s: %s", d->name, why);
                return PB_PARSE_ERROR;
            }
        }
        mark_set(o, d);
    }
    return PB_PARSE_OK;
}

int pb_option_info(size_t i, const char **name, unsigned *flag, char *kind,
                   size_t *field, long long *min, long long *max)
{
    if (i >= NOPTS) return -1;
    const struct optdef *d = &optdefs[i];
    *name = d->name;
    *flag = d->flag;
    *kind = d->kind == ARG_NUM ? 'n' : d->kind == ARG_STR ? 's' : 'f';
    *field = d->field;
    *min = d->min;
    *max = d->max;
    return 0;
}

void pb_print_help(FILE *f, const char *prog)
{
    const struct pb_workload *w = &pb_workload;
    unsigned allowed = w->options | pb_model.options;
    fprintf(f, "usage: %s [options]\n\n", prog);
    fprintf(f, "parbench workload '%s' in model '%s': %s\n\n", w->name,
            pb_model.name, w->about);
    fprintf(f, "options:\n");
    for (size_t i = 0; i < NOPTS; i++) {
        const struct optdef *d = &optdefs[i];
        if (d->flag && !(d->flag & allowed)) continue;
        char left[32];
        snprintf(left, sizeof left, "--%s%s%s", d->name, d->metavar ? " " : "",
                 d->metavar ? d->metavar : "");
        if (d->field == FIELD(size))
            fprintf(f, "  %-16s %s: %s (default %lld, at most %lld)\n", left,
                    d->help, w->size_unit, w->default_size, w->max_size);
        else
            fprintf(f, "  %-16s %s\n", left, d->help);
    }
    fprintf(f, "  %-16s %s\n", "--help", "show this text");
    fprintf(f,
            "\nOne line per timed repetition goes to stdout:\n"
            "  workload= model= workers= size= rep= seconds= checksum= verified=yes|no\n"
            "Exit status: 0 verified, 1 wrong answer, 2 bad input, 3 a worker or system call failed.\n"
            "With --check: 0 and no output when a run with these options could start.\n");
    if (pb_model.mpi)
        fprintf(f, "Start it with mpirun (scripts/run does): the ranks are the workers.\n");
}
