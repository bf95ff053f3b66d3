/* number.c -- strict parsing of whole numbers. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"

const char *pb_shown(const char *s, char *buf, size_t len)
{
    size_t n = strlen(s), keep = n < len ? n : len - 4;
    for (size_t i = 0; i < keep; i++) {
        unsigned char c = (unsigned char)s[i];
        buf[i] = (c >= 0x20 && c < 0x7f) ? (char)c : '?';
    }
    if (keep < n) {
        memcpy(buf + keep, "...", 4);
    } else {
        buf[keep] = '\0';
    }
    return buf;
}

int pb_parse_ll(const char *s, long long min, long long max, long long *out,
                char *err, size_t errlen)
{
    char shown[64];
    /* strtoll alone would take " 7", "+7", "" and "7x" */
    const char *p = (*s == '-') ? s + 1 : s;
    if (*p < '0' || *p > '9') {
        snprintf(err, errlen, "'%s' is not a whole number", pb_shown(s, shown, sizeof shown));
        return -1;
    }
    errno = 0;
    char *end;
    long long v = strtoll(s, &end, 10);
    if (*end != '\0') {
        snprintf(err, errlen, "'%s' is not a whole number", pb_shown(s, shown, sizeof shown));
        return -1;
    }
    /* beyond the range of long long: strtoll's clamp says which end */
    int over = errno == ERANGE;
    if ((over && v > 0) || v > max) {
        snprintf(err, errlen, "'%s' is too large (at most %lld)",
                 pb_shown(s, shown, sizeof shown), max);
        return -1;
    }
    if (over || v < min) {
        snprintf(err, errlen, "'%s' is too small (at least %lld)",
                 pb_shown(s, shown, sizeof shown), min);
        return -1;
    }
    *out = v;
    return 0;
}
