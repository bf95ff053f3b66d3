/* number.c -- strict parsing of whole numbers. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "options.h"

int pb_parse_ll(const char *s, long long min, long long max, long long *out,
                char *err, size_t errlen)
{
    /* strtoll alone would take " 7", "+7", "" and "7x" */
    const char *p = (*s == '-') ? s + 1 : s;
    if (*p < '0' || *p > '9') {
        snprintf(err, errlen, "'%s' is not a whole number", s);
        return -1;
    }
    errno = 0;
    char *end;
    long long v = strtoll(s, &end, 10);
    if (*end != '\0') {
        snprintf(err, errlen, "'%s' is not a whole number", s);
        return -1;
    }
    if (errno == ERANGE || v > max) {
        snprintf(err, errlen, "'%s' is too large (at most %lld)", s, max);
        return -1;
    }
    if (v < min) {
        snprintf(err, errlen, "'%s' is too small (at least %lld)", s, min);
        return -1;
    }
    *out = v;
    return 0;
}
