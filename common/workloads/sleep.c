/* sleep.c -- inputs, reference answer and verification of 'sleep'. */
#include "sleep.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"
#include "parbench.h"

#define SLEEP_MAX_ITEMS 1000000LL
#define SLEEP_MAX_VALUE 1000000LL /* its cube still fits in 64 bits */

static uint64_t square(uint64_t v) { return v * v; }
static uint64_t cube(uint64_t v) { return v * v * v; }

uint64_t sleep_task(const struct sleep_data *s, long long t)
{
    int is_cube = t >= s->nitems;
    uint64_t v = s->items[is_cube ? t - s->nitems : t];
    if (s->delay_ms > 0) pb_sleep_ms(s->delay_ms);
    uint64_t r = is_cube ? cube(v) : square(v);
    if (s->verbose)
        fprintf(stderr, "%s: %llu\n", is_cube ? "cube" : "square", (unsigned long long)r);
    return r;
}

void sleep_team_work(long long id, long long nworkers, void *team)
{
    struct sleep_team *w = team;
    long long lo, hi;
    pb_block(sleep_ntasks(w->s), nworkers, id, &lo, &hi);
    for (long long t = lo; t < hi; t++) w->out[t] = sleep_task(w->s, t);
}

/* Counts the values in a comma-separated list, or returns -1. */
static long long count_items(const char *list)
{
    if (!*list) return -1;
    long long n = 1;
    for (const char *p = list; *p; p++)
        if (*p == ',') n++;
    return n;
}

/* Fills items[0..n) from --items list, or with 1..n when list is NULL;
 * with items NULL, only checks list. Returns PB_EXIT_OK, or PB_EXIT_USAGE
 * with the reason in err (a value that is no whole number in range). */
static int fill_items(uint64_t *items, long long n, const char *list, char *err,
                      size_t errlen)
{
    if (!list) {
        for (long long i = 0; items && i < n; i++) items[i] = (uint64_t)(i + 1);
        return PB_EXIT_OK;
    }
    const char *p = list;
    for (long long i = 0; i < n; i++) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        char tok[32], why[PB_ERRLEN];
        long long v;
        if (len >= sizeof tok) len = sizeof tok - 1;
        memcpy(tok, p, len);
        tok[len] = '\0';
        if (pb_parse_ll(tok, 0, SLEEP_MAX_VALUE, &v, why, sizeof why)) {
            snprintf(err, errlen, "--items: item %lld: %s", i + 1, why);
            return PB_EXIT_USAGE;
        }
        if (items) items[i] = (uint64_t)v;
        p = comma ? comma + 1 : p + len;
    }
    return PB_EXIT_OK;
}

static int sleep_prepare(struct pb_run *run, char *err, size_t errlen)
{
    struct pb_opts *o = &run->opt;
    if (o->items) {
        long long n = count_items(o->items);
        if (n < 0 || n > SLEEP_MAX_ITEMS) {
            snprintf(err, errlen, "--items: give 1 to %lld comma-separated values",
                     SLEEP_MAX_ITEMS);
            return PB_EXIT_USAGE;
        }
        if (o->size_set && o->size != n) {
            snprintf(err, errlen, "--size %lld does not match the %lld values of --items",
                     o->size, n);
            return PB_EXIT_USAGE;
        }
        o->size = n;
    }
    int rc = fill_items(NULL, o->size, o->items, err, errlen); /* values, before any memory */
    if (rc != PB_EXIT_OK || o->check) return rc;
    struct sleep_data *s = calloc(1, sizeof *s);
    if (!s) {
        snprintf(err, errlen, "out of memory");
        return PB_EXIT_FAILED;
    }
    run->data = s;
    s->nitems = o->size;
    s->delay_ms = o->delay_ms;
    s->verbose = o->verbose;
    s->items = calloc((size_t)s->nitems, sizeof *s->items);
    s->results = calloc((size_t)sleep_ntasks(s), sizeof *s->results);
    if (!s->items || !s->results) {
        snprintf(err, errlen, "out of memory for %lld items", s->nitems);
        return PB_EXIT_FAILED;
    }
    return fill_items(s->items, s->nitems, o->items, err, errlen);
}

static void sleep_reset(struct pb_run *run)
{
    struct sleep_data *s = run->data;
    memset(s->results, 0, (size_t)sleep_ntasks(s) * sizeof *s->results);
}

static void sleep_checksum(const struct pb_run *run, struct pb_answer *ans)
{
    const struct sleep_data *s = run->data;
    ans->exact = 1;
    ans->u = 0;
    for (long long t = 0; t < sleep_ntasks(s); t++) ans->u += s->results[t];
}

/* Every square and cube must have come back, not just a matching sum. */
static int sleep_verify(const struct pb_run *run, const struct pb_answer *ans,
                        char *why, size_t len)
{
    const struct sleep_data *s = run->data;
    uint64_t want = 0;
    for (long long i = 0; i < s->nitems; i++) {
        uint64_t v = s->items[i];
        if (s->results[i] != square(v) || s->results[s->nitems + i] != cube(v)) {
            snprintf(why, len, "item %lld (%llu): square %llu and cube %llu came back, "
                     "expected %llu and %llu", i + 1, (unsigned long long)v,
                     (unsigned long long)s->results[i],
                     (unsigned long long)s->results[s->nitems + i],
                     (unsigned long long)square(v), (unsigned long long)cube(v));
            return 0;
        }
        want += square(v) + cube(v);
    }
    if (ans->u != want) {
        snprintf(why, len, "checksum %llu, expected %llu", (unsigned long long)ans->u,
                 (unsigned long long)want);
        return 0;
    }
    return 1;
}

static void sleep_release(struct pb_run *run)
{
    struct sleep_data *s = run->data;
    if (!s) return;
    free(s->items);
    free(s->results);
    free(s);
    run->data = NULL;
}

const struct pb_workload pb_workload = {
    .name = "sleep",
    .about = "squares and cubes of N items, each task waiting --delay-ms as if on I/O",
    .size_unit = "items (2 tasks each)",
    .options = PB_OPT_DELAY | PB_OPT_ITEMS | PB_OPT_VERBOSE,
    .default_size = 4,
    .max_size = SLEEP_MAX_ITEMS,
    .prepare = sleep_prepare,
    .reset = sleep_reset,
    .checksum = sleep_checksum,
    .verify = sleep_verify,
    .release = sleep_release,
};
