/* unit.c -- unit tests of common/: number and option parsing, block
 * partitions, tolerances, result lines, page mappings. Prints one line per
 * check and a closing "N passed, N failed"; exits 1 on any failure. */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "options.h"
#include "parbench.h"
#include "report.h"

/* The unit tests link no workload or model: these stand in for them. */
const struct pb_workload pb_workload = {.name = "unit", .about = "unit tests",
                                        .size_unit = "things", .default_size = 10,
                                        .max_size = 1000};
const struct pb_model pb_model = {.name = "unit"};

static int passed, failed;

static void expect(int cond, const char *what)
{
    printf("%s unit: %s\n", cond ? "ok  " : "FAIL", what);
    if (cond) passed++;
    else failed++;
}

/* Parses a NULL-terminated argument list. */
static int parse(struct pb_opts *o, char *err, unsigned allowed, const char **args)
{
    char *argv[16] = {"unit"};
    int argc = 1;
    for (; args[argc - 1]; argc++) argv[argc] = (char *)args[argc - 1];
    return pb_parse_options(argc, argv, allowed, 10, 1000, o, err, PB_ERRLEN);
}

static void test_numbers(void)
{
    char err[PB_ERRLEN];
    long long v = -1;
    expect(pb_parse_ll("42", 1, 100, &v, err, sizeof err) == 0 && v == 42, "42 parses");
    expect(pb_parse_ll("0", 0, 5, &v, err, sizeof err) == 0 && v == 0, "0 parses when allowed");
    const char *bad[] = {"", "abc", "2x", " 7", "+7", "1.5", "-", "0x10", "7 "};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char what[64];
        snprintf(what, sizeof what, "'%s' is refused as not a number", bad[i]);
        expect(pb_parse_ll(bad[i], 0, 100, &v, err, sizeof err) == -1 &&
                   strstr(err, "not a whole number"), what);
    }
    expect(pb_parse_ll("0", 1, 100, &v, err, sizeof err) == -1 && strstr(err, "too small"),
           "0 is too small for a minimum of 1");
    expect(pb_parse_ll("-3", 1, 100, &v, err, sizeof err) == -1 && strstr(err, "too small"),
           "-3 is too small");
    expect(pb_parse_ll("101", 1, 100, &v, err, sizeof err) == -1 && strstr(err, "too large"),
           "101 is over a maximum of 100");
    expect(pb_parse_ll("99999999999999999999", 1, 100, &v, err, sizeof err) == -1 &&
               strstr(err, "too large"), "an overflowing number is too large");
    expect(pb_parse_ll("-99999999999999999999", 1, 100, &v, err, sizeof err) == -1 &&
               strstr(err, "too small"), "a number overflowing below is too small");
    expect(pb_parse_ll("1\n2", 1, 100, &v, err, sizeof err) == -1 && !strchr(err, '\n') &&
               strstr(err, "'1?2' is not a whole number"), "a newline in a value stays off the message");
}

static void test_shown(void)
{
    char buf[8];
    expect(!strcmp(pb_shown("abc", buf, sizeof buf), "abc"), "a short printable value is shown as it is");
    expect(!strcmp(pb_shown("a\tb\x7f", buf, sizeof buf), "a?b?"), "control characters are shown as '?'");
    expect(!strcmp(pb_shown("abcdefgh", buf, sizeof buf), "abcd..."), "a long value is cut, ending in '...'");
    expect(!strcmp(pb_shown("abcdefg", buf, sizeof buf), "abcdefg"), "a value that just fits is whole");
}

static void test_options(void)
{
    struct pb_opts o;
    char err[PB_ERRLEN];
    expect(parse(&o, err, 0, (const char *[]){NULL}) == PB_PARSE_OK && o.workers == 1 &&
               o.size == 10 && o.reps == 3 && o.warmup == 1 && !o.size_set,
           "defaults: 1 worker, default size, 3 reps, 1 warm-up");
    expect(parse(&o, err, 0, (const char *[]){"--workers", "4", "--size=20", "--reps", "2", NULL}) ==
                   PB_PARSE_OK && o.workers == 4 && o.workers_set && o.size == 20 &&
               o.size_set && o.reps == 2,
           "--workers 4 --size=20 --reps 2");
    expect(parse(&o, err, 0, (const char *[]){"--size", "5", "--help", NULL}) == PB_PARSE_HELP,
           "--help wins");
    struct { const char *args[4]; const char *msg; } bad[] = {
        {{"--workers", "0"}, "--workers: '0' is too small"},
        {{"--workers", "-3"}, "--workers: '-3' is too small"},
        {{"--workers", "abc"}, "--workers: 'abc' is not a whole number"},
        {{"--workers", "2x"}, "--workers: '2x' is not a whole number"},
        {{"--workers"}, "--workers needs a value"},
        {{"--workers", "5000"}, "--workers: '5000' is too large"},
        {{"--size", "1001"}, "--size: '1001' is too large (at most 1000)"},
        {{"--frobnicate"}, "unknown option '--frobnicate'"},
        {{"--threads", "2"}, "unknown option '--threads'"},
        {{"stray"}, "unexpected argument 'stray'"},
        {{"--reps", ""}, "--reps: '' is not a whole number"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char what[128];
        snprintf(what, sizeof what, "refused with \"%s\"", bad[i].msg);
        int rc = parse(&o, err, 0, bad[i].args);
        expect(rc == PB_PARSE_ERROR && strstr(err, bad[i].msg) && !strchr(err, '\n'), what);
    }
    expect(parse(&o, err, PB_OPT_THREADS, (const char *[]){"--threads", "2", NULL}) ==
                   PB_PARSE_OK && o.threads == 2 && o.threads_set,
           "--threads is taken where the model allows it");
    expect(parse(&o, err, PB_OPT_VERBOSE, (const char *[]){"--verbose=1", NULL}) ==
                   PB_PARSE_ERROR && strstr(err, "takes no value"),
           "a flag takes no value");
    expect(parse(&o, err, 0, (const char *[]){NULL}) == PB_PARSE_OK && !o.check,
           "no --check: a run");
    expect(parse(&o, err, 0, (const char *[]){"--size", "20", "--check", NULL}) == PB_PARSE_OK &&
               o.check && o.size == 20,
           "--check is taken by every binary, with the other options");
    expect(parse(&o, err, 0, (const char *[]){"--check", "--size", "1001", NULL}) ==
                   PB_PARSE_ERROR && strstr(err, "--size: '1001' is too large"),
           "--check still refuses a size over the limit");
    expect(parse(&o, err, 0, (const char *[]){"--check=yes", NULL}) == PB_PARSE_ERROR &&
               strstr(err, "--check takes no value"),
           "--check takes no value");
}

/* Every option of the table is in --help, --check too. */
static void test_help(void)
{
    char text[4096] = "";
    FILE *f = fmemopen(text, sizeof text - 1, "w");
    if (!f) {
        expect(0, "--help text can be captured");
        return;
    }
    pb_print_help(f, "unit");
    fclose(f);
    expect(strstr(text, "\n  --check ") != NULL, "--help lists --check");
    expect(strstr(text, "\n  --workers P ") != NULL, "--help lists --workers P");
}

static void test_blocks(void)
{
    int ok = 1;
    for (long long n = 0; n <= 40; n++)
        for (long long p = 1; p <= 9; p++) {
            long long next = 0, lo, hi, big = 0, small = n;
            for (long long id = 0; id < p; id++) {
                pb_block(n, p, id, &lo, &hi);
                if (lo != next || hi < lo) ok = 0;
                next = hi;
                if (hi - lo > big) big = hi - lo;
                if (hi - lo < small) small = hi - lo;
            }
            if (next != n || big - small > 1) ok = 0;
        }
    expect(ok, "blocks cover 0..n-1 in order, sizes differ by at most 1 (n 0..40, p 1..9)");
    long long lo, hi;
    pb_block(1, 3, 2, &lo, &hi);
    expect(lo == hi, "more parts than items: the last parts are empty");
}

static void test_close(void)
{
    expect(pb_close(1.0, 1.0 + 1e-13, 1e-12), "relative tolerance accepts 1e-13 at 1e-12");
    expect(!pb_close(1.0, 1.0 + 1e-11, 1e-12), "relative tolerance refuses 1e-11 at 1e-12");
    expect(pb_close(1e300, 1e300 * (1 + 1e-13), 1e-12), "relative, not absolute, at 1e300");
    expect(pb_close(0.0, 0.0, 1e-12), "both zero agree");
    expect(!pb_close(NAN, NAN, 1e-12), "NaN never agrees");
}

static void test_result_line(void)
{
    struct pb_run run;
    memset(&run, 0, sizeof run);
    run.opt.workers = 3;
    run.opt.size = 8;
    struct pb_answer a = {.exact = 1, .u = 18446744073709551615ULL};
    char line[512];
    pb_format_result(line, sizeof line, &run, 2, 0.5, &a, 1);
    expect(!strcmp(line, "workload=unit model=unit workers=3 size=8 rep=2 "
                         "seconds=0.500000000 checksum=18446744073709551615 verified=yes"),
           "result line of an integer answer");
    struct pb_answer d = {.d = M_PI};
    pb_format_result(line, sizeof line, &run, 1, 1.0, &d, 0);
    expect(strstr(line, "checksum=3.1415926535897931 verified=no") != NULL,
           "a double keeps 17 significant digits");
    expect(pb_format_result(line, 20, &run, 1, 1.0, &d, 0) == -1,
           "a line that does not fit is refused, not cut");
    strcpy(run.cpus, "0-3");
    pb_format_result(line, sizeof line, &run, 1, 1.0, &d, 1);
    expect(strstr(line, "verified=yes cpus=0-3") != NULL && line[strlen(line) - 1] == '3',
           "a measured binding ends the line as cpus=");
}

static void test_cpu_lists(void)
{
    unsigned long bits[2] = {0, 0};
    char buf[64];
    expect(pb_format_cpus(buf, sizeof buf, bits, 2) == 0 && !strcmp(buf, ""), "no CPU: empty list");
    bits[0] = 0xFUL | 1UL << 8 | 3UL << 10;
    expect(pb_format_cpus(buf, sizeof buf, bits, 2) > 0 && !strcmp(buf, "0-3,8,10-11"),
           "runs of CPUs become ranges");
    bits[0] = 1UL << (8 * sizeof(unsigned long) - 1);
    bits[1] = 1UL;
    pb_format_cpus(buf, sizeof buf, bits, 2);
    char want[32];
    snprintf(want, sizeof want, "%zu-%zu", 8 * sizeof(unsigned long) - 1, 8 * sizeof(unsigned long));
    expect(!strcmp(buf, want), "a range crosses a word boundary");
    bits[0] = 0x5555UL;
    expect(pb_format_cpus(buf, 8, bits, 1) == -1, "a list that does not fit is refused");
}

static void record(long long id, long long n, void *arg)
{
    long long *seen = arg;
    seen[0] = id;
    seen[1] = n;
}

static void test_pages_and_team(void)
{
    size_t bytes = 3 * 4096 + 100;
    unsigned char *p = pb_pages(bytes);
    int zero = p != NULL;
    for (size_t i = 0; zero && i < bytes; i++) zero = p[i] == 0;
    expect(p && (uintptr_t)p % 4096 == 0 && zero, "pb_pages gives page-aligned zeroed memory");
    pb_pages_free(p, bytes);
    long long seen[2] = {-1, -1};
    expect(pb_team_self(NULL, record, seen) == PB_EXIT_OK && seen[0] == 0 && seen[1] == 1,
           "pb_team_self runs the work as worker 0 of 1");
}

int main(void)
{
    test_numbers();
    test_shown();
    test_options();
    test_help();
    test_blocks();
    test_close();
    test_result_line();
    test_cpu_lists();
    test_pages_and_team();
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
