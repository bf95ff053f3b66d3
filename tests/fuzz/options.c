/* options.c -- libFuzzer target for the option parser (common/options.c,
 * common/number.c). Built and run by `make fuzz`.
 *
 * An input is: two bytes of PB_OPT_* bits (the options a binary accepts),
 * one byte choosing the size limit and the error buffer's length, then the
 * arguments, separated by NUL bytes. Every argument also goes through
 * pb_parse_ll and pb_shown. The parsed options are checked against the
 * parser's own table (pb_option_info), so options added to it later are
 * checked too. The checks abort on any broken promise; ASan and UBSan
 * catch the rest. */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"
#include "parbench.h"

/* pb_print_help needs a workload and a model; the parser needs neither. */
const struct pb_workload pb_workload = {.name = "fuzz", .about = "fuzz target",
                                        .size_unit = "things", .default_size = 10,
                                        .max_size = 1000};
const struct pb_model pb_model = {.name = "fuzz"};

#define MAX_ARGS 64

/* Stops the fuzzer with the broken promise named. */
#define PROMISE(cond)                                                          \
    do {                                                                       \
        if (!(cond)) {                                                         \
            fprintf(stderr, "fuzz: broken promise: %s (line %d)\n", #cond,     \
                    __LINE__);                                                 \
            abort();                                                           \
        }                                                                      \
    } while (0)

static const long long size_limits[] = {1, 1000, 30000, 1000000000000LL, LLONG_MAX};
static const size_t err_lengths[] = {PB_ERRLEN, 64, 8};

/* 1 if the message in buf (len bytes) ends within them and is one line of
 * printable characters. */
static int one_line(const char *buf, size_t len)
{
    const char *end = memchr(buf, '\0', len);
    if (!end) return 0;
    for (const char *p = buf; p < end; p++)
        if ((unsigned char)*p < 0x20 || (unsigned char)*p > 0x7e) return 0;
    return 1;
}

/* The meaning of a number, found independently of strtoll: 0 a whole
 * number in [min, max] (in *v), 1 not a whole number, 2 above max, 3 below
 * min. */
static int reference_number(const char *s, long long min, long long max, long long *v)
{
    const char *p = s;
    int negative = (*p == '-');
    if (negative) p++;
    if (!*p) return 1;
    __int128 acc = 0, cap = (__int128)1 << 70; /* far beyond long long */
    for (; *p; p++) {
        if (*p < '0' || *p > '9') return 1;
        if (acc < cap) acc = acc * 10 + (*p - '0');
    }
    if (negative) acc = -acc;
    if (acc > max) return 2;
    if (acc < min) return 3;
    *v = (long long)acc;
    return 0;
}

static void check_number(const char *s)
{
    static const long long ranges[][2] = {
        {1, PB_MAX_WORKERS}, {0, 1000}, {LLONG_MIN, LLONG_MAX}, {-5, -1}, {0, 0}};
    for (size_t i = 0; i < sizeof ranges / sizeof ranges[0]; i++) {
        long long min = ranges[i][0], max = ranges[i][1], got = 12345, want = 0;
        char err[PB_ERRLEN];
        memset(err, 0x55, sizeof err);
        int rc = pb_parse_ll(s, min, max, &got, err, sizeof err);
        int ref = reference_number(s, min, max, &want);
        PROMISE(rc == 0 || rc == -1);
        if (rc == 0) {
            PROMISE(ref == 0 && got == want && got >= min && got <= max);
            continue;
        }
        PROMISE(got == 12345); /* untouched on error */
        PROMISE(one_line(err, sizeof err) && err[0] != '\0');
        if (ref == 1) PROMISE(strstr(err, "is not a whole number") != NULL);
        else if (ref == 2) PROMISE(strstr(err, "is too large") != NULL);
        else PROMISE(ref == 3 && strstr(err, "is too small") != NULL);
    }
}

static void check_shown(const char *s)
{
    for (size_t len = 4; len <= 68; len += 16) {
        char buf[68];
        memset(buf, 0x55, sizeof buf);
        PROMISE(pb_shown(s, buf, len) == buf);
        PROMISE(one_line(buf, len));
        size_t n = strlen(s);
        if (n < len && one_line(s, n + 1)) PROMISE(!strcmp(buf, s));
        if (n >= len) PROMISE(strlen(buf) == len - 1 && !strcmp(buf + len - 4, "..."));
    }
}

/* 1 if p is NULL or points into one of the arguments. */
static int from_argv(const char *p, char **argv, int argc)
{
    if (!p) return 1;
    for (int i = 1; i < argc; i++)
        if (p >= argv[i] && p <= argv[i] + strlen(argv[i])) return 1;
    return 0;
}

/* Checks every option of the table in o against its promise: a number
 * given is within its range, text points into the arguments, a flag is 0
 * or 1, and an option the binary does not take keeps its default (from
 * def, the options parsed from no arguments). */
static void check_table(const struct pb_opts *o, const struct pb_opts *def, char **argv,
                        int argc, unsigned allowed, long long max_size)
{
    const char *name;
    unsigned flag;
    char kind;
    size_t field;
    long long min, max;
    for (size_t i = 0; pb_option_info(i, &name, &flag, &kind, &field, &min, &max) == 0; i++) {
        const char *at = (const char *)o + field, *was = (const char *)def + field;
        int taken = flag == 0 || (flag & allowed);
        if (field == offsetof(struct pb_opts, size)) max = max_size;
        if (kind == 'n') {
            long long v, d;
            memcpy(&v, at, sizeof v);
            memcpy(&d, was, sizeof d);
            PROMISE(v == d || (taken && v >= min && v <= max));
        } else if (kind == 's') {
            const char *v, *d;
            memcpy(&v, at, sizeof v);
            memcpy(&d, was, sizeof d);
            PROMISE(v == d || (taken && from_argv(v, argv, argc)));
        } else {
            int v;
            memcpy(&v, at, sizeof v);
            PROMISE(v == 0 || (taken && v == 1));
        }
    }
}

static void check_options(int argc, char **argv, unsigned allowed, long long max_size,
                          size_t errlen)
{
    struct pb_opts o, def;
    char err[PB_ERRLEN + 1]; /* one byte more, to see that nothing goes past errlen */
    long long default_size = max_size < 10 ? max_size : 10;
    PROMISE(pb_parse_options(1, argv, allowed, default_size, max_size, &def, err,
                             sizeof err) == PB_PARSE_OK);
    memset(err, 0x55, sizeof err);
    int rc = pb_parse_options(argc, argv, allowed, default_size, max_size, &o, err, errlen);
    PROMISE(rc == PB_PARSE_OK || rc == PB_PARSE_HELP || rc == PB_PARSE_ERROR);
    if (rc == PB_PARSE_ERROR) {
        PROMISE(one_line(err, errlen));
        if (errlen > 1) PROMISE(err[0] != '\0');
        PROMISE((unsigned char)err[errlen] == 0x55); /* nothing past errlen */
        return;
    }
    if (rc == PB_PARSE_HELP) return;
    check_table(&o, &def, argv, argc, allowed, max_size);
    PROMISE(o.workers_set == 0 || o.workers_set == 1);
    PROMISE(o.threads_set == 0 || o.threads_set == 1);
    PROMISE(o.size_set == 0 || o.size_set == 1);
    PROMISE(o.workers_set || o.workers == def.workers);
    PROMISE(o.threads_set || o.threads == def.threads);
    PROMISE(o.size_set || o.size == default_size);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 3) return 0;
    unsigned allowed = data[0] | (unsigned)data[1] << 8;
    long long max_size = size_limits[(data[2] & 0x0f) % (sizeof size_limits / sizeof size_limits[0])];
    size_t errlen = err_lengths[(data[2] >> 4) % (sizeof err_lengths / sizeof err_lengths[0])];
    data += 3;
    size -= 3;

    /* the arguments: a private copy, NUL-terminated */
    char *text = malloc(size + 1);
    if (!text) return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    char *argv[MAX_ARGS + 2] = {"fuzz"};
    int argc = 1;
    for (char *p = text; argc <= MAX_ARGS && p <= text + size; p += strlen(p) + 1)
        argv[argc++] = p;
    argv[argc] = NULL;

    for (int i = 1; i < argc; i++) {
        check_number(argv[i]);
        check_shown(argv[i]);
    }
    check_options(argc, argv, allowed, max_size, errlen);
    free(text);
    return 0;
}
