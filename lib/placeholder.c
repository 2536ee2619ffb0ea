/* Placeholder scanner: {{1}}, {{name}} and every malformed variant, with
 * byte positions. One pass, linear on any input (docs/text.md).
 * SPDX-License-Identifier: MIT */
#include <string.h>

#include "limits_internal.h"
#include "text_internal.h"

#define NUMBER_CAP 1000000000

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

static bool valid_name(const char *s, size_t len)
{
    if (len == 0 || len > PARAM_NAME_MAX)
        return false;
    if (!((s[0] >= 'a' && s[0] <= 'z') || s[0] == '_'))
        return false;
    for (size_t i = 1; i < len; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || is_digit(c) || c == '_'))
            return false;
    }
    return true;
}

static bool all_digits(const char *s, size_t len)
{
    if (len == 0)
        return false;
    for (size_t i = 0; i < len; i++)
        if (!is_digit(s[i]))
            return false;
    return true;
}

static int64_t parse_number(const char *s, size_t len)
{
    int64_t v = 0;
    for (size_t i = 0; i < len; i++) {
        v = v * 10 + (s[i] - '0');
        if (v > NUMBER_CAP)
            return NUMBER_CAP;
    }
    return v;
}

/* Classify the text between two balanced double braces. */
static void classify_inner(const char *s, watpl__placeholder *ph)
{
    const char *in = s + ph->inner_offset;
    size_t len = ph->inner_length;
    size_t a = 0, b = len;
    while (a < b && is_blank(in[a]))
        a++;
    while (b > a && is_blank(in[b - 1]))
        b--;
    ph->number = -1;
    if (a == b) {
        ph->kind = WATPL__PH_EMPTY;
    } else if (memchr(in, '#', len) || memchr(in, '$', len) || memchr(in, '%', len)) {
        ph->kind = WATPL__PH_SPECIAL;
    } else if (a > 0 || b < len) {
        ph->kind = WATPL__PH_SPACED;
        if (all_digits(in + a, b - a))
            ph->number = parse_number(in + a, b - a);
    } else if (all_digits(in, len) && in[0] != '0') {
        ph->kind = WATPL__PH_POSITIONAL;
        ph->number = parse_number(in, len);
    } else if (valid_name(in, len)) {
        ph->kind = WATPL__PH_NAMED;
    } else {
        ph->kind = WATPL__PH_BAD_NAME; /* {{First Name}}, {{1a}}, {{01}}, too long ... */
    }
}

static size_t run_of(const char *s, size_t len, size_t i, char c)
{
    size_t j = i;
    while (j < len && s[j] == c)
        j++;
    return j - i;
}

/* {digits} with single braces: returns its length or 0. */
static size_t single_brace(const char *s, size_t len, size_t i)
{
    size_t j = i + 1;
    while (j < len && is_digit(s[j]))
        j++;
    if (j == i + 1 || j >= len || s[j] != '}')
        return 0;
    if (j + 1 < len && s[j + 1] == '}')
        return 0;
    return j + 1 - i;
}

/* Opening braces at i (run of `open`). Fills ph and returns the index where
 * scanning resumes. */
static size_t scan_open(const char *s, size_t len, size_t i, size_t open, watpl__placeholder *ph)
{
    size_t j = i + open;
    while (j < len && s[j] != '}' && s[j] != '{' && s[j] != '\n')
        j++;
    memset(ph, 0, sizeof *ph);
    ph->offset = i;
    ph->inner_offset = i + open;
    ph->number = -1;
    if (j >= len || s[j] != '}') {
        ph->kind = WATPL__PH_UNCLOSED;
        ph->length = j - i;
        ph->inner_length = j - (i + open);
        return j;
    }
    size_t close = run_of(s, len, j, '}');
    ph->inner_length = j - (i + open);
    ph->length = j + close - i;
    if (open != 2 || close != 2)
        ph->kind = WATPL__PH_TRIPLE;
    else
        classify_inner(s, ph);
    return j + close;
}

void watpl__scan_placeholders(const char *s, size_t len, watpl__ph_fn fn, void *ud)
{
    size_t i = 0;
    while (i < len) {
        char c = s[i];
        if (c != '{' && c != '}') {
            const char *next = NULL;
            for (size_t k = i + 1; k < len; k++) {
                if (s[k] == '{' || s[k] == '}') {
                    next = s + k;
                    break;
                }
            }
            if (!next)
                return;
            i = (size_t)(next - s);
            continue;
        }
        watpl__placeholder ph;
        if (c == '}') {
            size_t n = run_of(s, len, i, '}');
            if (n >= 2) {
                memset(&ph, 0, sizeof ph);
                ph.kind = WATPL__PH_UNOPENED;
                ph.offset = i;
                ph.length = n;
                ph.inner_offset = i;
                ph.number = -1;
                if (!fn(&ph, ud))
                    return;
            }
            i += n;
            continue;
        }
        size_t open = run_of(s, len, i, '{');
        if (open == 1) {
            size_t n = single_brace(s, len, i);
            if (n) {
                memset(&ph, 0, sizeof ph);
                ph.kind = WATPL__PH_SINGLE_BRACE;
                ph.offset = i;
                ph.length = n;
                ph.inner_offset = i + 1;
                ph.inner_length = n - 2;
                ph.number = parse_number(s + i + 1, n - 2);
                if (!fn(&ph, ud))
                    return;
                i += n;
            } else {
                i++;
            }
            continue;
        }
        i = scan_open(s, len, i, open, &ph);
        if (!fn(&ph, ud))
            return;
    }
}

static bool stop_at_first(const watpl__placeholder *ph, void *ud)
{
    (void)ph;
    *(bool *)ud = true;
    return false;
}

bool watpl__has_placeholder(const char *s, size_t len)
{
    bool found = false;
    watpl__scan_placeholders(s, len, stop_at_first, &found);
    return found;
}
