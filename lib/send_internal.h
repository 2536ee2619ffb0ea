/* Send time internals: parameter sets (params.c), renderings (render.c) and
 * prepared templates (send.c). Never installed. SPDX-License-Identifier: MIT */
#ifndef WATPL_SEND_INTERNAL_H
#define WATPL_SEND_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "limits_internal.h"
#include "rules_internal.h"

#define WATPL__MAX_VALUES 128 /* values of one parameter set (docs/limits.md) */

/* What one pass over a value's text tells, once, when it is added. */
typedef struct watpl__vstat {
    size_t u16, cp;     /* its length in both counting units */
    size_t json_len;    /* as a JSON string, quotes included */
    int64_t blank;      /* offset of its first line break, tab or fifth space in a row; -1 */
    bool ascii;
} watpl__vstat;

/* The stat of any string (the authentication code, a parameter name). */
watpl__vstat watpl__value_stat(const char *s, size_t len);

/* A function kept out of its caller so that the caller's common path stays
 * small (GCC and Clang); COLD: rarely called at all. */
#if defined(__GNUC__)
#define WATPL__NOINLINE __attribute__((noinline))
#define WATPL__COLD __attribute__((noinline, cold))
#else
#define WATPL__NOINLINE
#define WATPL__COLD
#endif

/* Bytes readable and writable past the end of every piece the fast path
 * copies (the prepared template's strings, a parameter set's values, the
 * rendering's buffers): it copies 32 bytes at once and may run past. */
#define WATPL__COPY_SLACK 32

/* Copy n bytes and return the end of the copy; up to WATPL__COPY_SLACK
 * bytes past the end are read and written. The pieces of a send are
 * short: the first 32 bytes are copied without a test on n. */
static inline char *watpl__copy_slack(char *d, const char *s, size_t n)
{
    char *end = d + n;
    memcpy(d, s, 32);
    for (size_t i = 32; i < n; i += 32)
        memcpy(d + i, s + i, 32);
    return end;
}

/* Copy n bytes and return the end of the copy. The pieces of a send are
 * short (3 to 40 bytes): two overlapping word moves cost less than a call. */
static inline char *watpl__copy(char *d, const char *s, size_t n)
{
    if (n <= 16) {
        if (n >= 8) {
            uint64_t a, b;
            memcpy(&a, s, 8);
            memcpy(&b, s + n - 8, 8);
            memcpy(d, &a, 8);
            memcpy(d + n - 8, &b, 8);
        } else if (n >= 4) {
            uint32_t a, b;
            memcpy(&a, s, 4);
            memcpy(&b, s + n - 4, 4);
            memcpy(d, &a, 4);
            memcpy(d + n - 4, &b, 4);
        } else if (n) {
            d[0] = s[0];
            d[n / 2] = s[n / 2];
            d[n - 1] = s[n - 1];
        }
        return d + n;
    }
    if (n <= 32) {
        char a[16], b[16];
        memcpy(a, s, 16);
        memcpy(b, s + n - 16, 16);
        memcpy(d, a, 16);
        memcpy(d + n - 16, b, 16);
        return d + n;
    }
    memcpy(d, s, n);
    return d + n;
}

/* One value of a parameter set. Its strings live in the set's arena. */
typedef struct watpl__value {
    int component;      /* WATPL_COMPONENT_HEADER, BODY or BUTTONS */
    size_t button;      /* BUTTONS: the button index */
    watpl__str name;    /* absent (s NULL) for positional */
    watpl__str text;
    watpl__vstat st;    /* of text */
    size_t name_json;   /* the name as a JSON string, quotes included (0: no name) */
} watpl__value;

/* A parameter set: the values in one array and every string (each
 * NUL-terminated) in one arena, both kept by watpl_params_clear so that a
 * refilled set does not allocate again. */
struct watpl_params {
    watpl__alloc alloc;
    watpl__value *values;
    size_t n, cap;
    char *arena;
    size_t arena_len, arena_cap;
    watpl__str coupon;
    watpl__str auth_code;
    watpl__str to;      /* recipient of a whole message object */
};

typedef struct watpl__url {
    watpl__buf text;
    bool present;       /* false: not a URL button (or not rendered) */
} watpl__url;

struct watpl_rendered {
    watpl__alloc alloc;
    watpl_report *report;
    watpl__buf header, body, payload;
    bool has_header;
    watpl__url *urls;   /* one per button of the template */
    size_t n_urls, urls_cap;
};

/* Render p into pp, replacing out's content (send.c). WATPL_OK or
 * WATPL_ENOMEM (out unchanged). */
int watpl__send(watpl_ctx *ctx, const watpl_prepared *pp, const watpl_params *p, watpl_rendered *out);
/* watpl_prepared_new, with the precomputed pieces of the fast path or
 * without them (a one-shot send would not repay building them). */
int watpl__prepared_new(watpl_ctx *ctx, const watpl_template *tpl, bool fast, watpl_prepared **out);

/* An empty rendering using allocator a. */
int watpl__rendered_new(const watpl__alloc *a, watpl_rendered **out);
/* Make room for n URL slots (kept content); WATPL_OK or WATPL_ENOMEM. */
int watpl__rendered_reserve_urls(watpl_rendered *r, size_t n);

#endif
