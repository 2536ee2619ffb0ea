/* Growable buffers and JSON output. SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "common_internal.h"

void watpl__buf_init(watpl__buf *b, const watpl__alloc *a)
{
    b->a = a;
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    b->failed = false;
}

void watpl__buf_free(watpl__buf *b)
{
    watpl__mfree(b->a, b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

void watpl__buf_reserve(watpl__buf *b, size_t extra)
{
    if (b->failed)
        return;
    if (extra > SIZE_MAX - b->len - 1) {
        b->failed = true;
        return;
    }
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need) {
        if (cap > SIZE_MAX / 2) {
            cap = need;
            break;
        }
        cap *= 2;
    }
    char *p = watpl__realloc(b->a, b->data, b->cap, cap);
    if (!p) {
        b->failed = true;
        return;
    }
    b->data = p;
    b->cap = cap;
}

void watpl__buf_append(watpl__buf *b, const char *s, size_t len)
{
    watpl__buf_reserve(b, len);
    if (b->failed)
        return;
    if (len)
        memcpy(b->data + b->len, s, len);
    b->len += len;
    b->data[b->len] = '\0';
}

void watpl__buf_puts(watpl__buf *b, const char *s)
{
    watpl__buf_append(b, s, strlen(s));
}

void watpl__buf_putc(watpl__buf *b, char c)
{
    watpl__buf_append(b, &c, 1);
}

void watpl__buf_printf(watpl__buf *b, const char *fmt, ...)
{
    char small[128];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->failed = true;
        return;
    }
    if ((size_t)n < sizeof small) {
        watpl__buf_append(b, small, (size_t)n);
        return;
    }
    watpl__buf_reserve(b, (size_t)n);
    if (b->failed)
        return;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

int watpl__buf_finish_out(watpl__buf *b, char **out, size_t *out_len)
{
    if (b->failed) {
        watpl__buf_free(b);
        return WATPL_ENOMEM;
    }
    char *o = watpl__out_alloc(b->a, b->len + 1);
    if (!o) {
        watpl__buf_free(b);
        return WATPL_ENOMEM;
    }
    if (b->len)
        memcpy(o, b->data, b->len);
    o[b->len] = '\0';
    if (out_len)
        *out_len = b->len;
    *out = o;
    watpl__buf_free(b);
    return WATPL_OK;
}

/* ---- JSON ------------------------------------------------------------- */

void watpl__json_str(watpl__buf *b, const char *s, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    if (!s) {
        watpl__buf_append(b, "null", 4);
        return;
    }
    watpl__buf_reserve(b, len + 2);
    watpl__buf_putc(b, '"');
    size_t run = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        const char *esc = NULL;
        char u[6];
        if (c == '"')
            esc = "\\\"";
        else if (c == '\\')
            esc = "\\\\";
        else if (c == '\n')
            esc = "\\n";
        else if (c == '\r')
            esc = "\\r";
        else if (c == '\t')
            esc = "\\t";
        else if (c < 0x20 || c == 0x7f) {
            u[0] = '\\';
            u[1] = 'u';
            u[2] = '0';
            u[3] = '0';
            u[4] = hex[c >> 4];
            u[5] = hex[c & 15];
        }
        if (esc || c < 0x20 || c == 0x7f) {
            watpl__buf_append(b, s + run, i - run);
            if (esc)
                watpl__buf_puts(b, esc);
            else
                watpl__buf_append(b, u, 6);
            run = i + 1;
        }
    }
    watpl__buf_append(b, s + run, len - run);
    watpl__buf_putc(b, '"');
}

void watpl__json_cstr(watpl__buf *b, const char *s)
{
    watpl__json_str(b, s, s ? strlen(s) : 0);
}

void watpl__json_key(watpl__buf *b, const char *key)
{
    watpl__json_cstr(b, key);
    watpl__buf_putc(b, ':');
}

void watpl__json_i64(watpl__buf *b, int64_t v)
{
    watpl__buf_printf(b, "%lld", (long long)v);
}

size_t watpl__fmt_fixed(char out[WATPL__FIXED_CAP], double v, int decimals)
{
    if (!isfinite(v))
        v = 0.0;
    if (v > 1e15) /* far above any score or weight; keeps the digits in out */
        v = 1e15;
    if (v < -1e15)
        v = -1e15;
    if (decimals < 0)
        decimals = 0;
    if (decimals > 6)
        decimals = 6;
    /* printf rounds exactly; only its decimal point follows LC_NUMERIC (it
     * may be "," or several bytes), so whatever separates the integer digits
     * from the decimals is replaced by '.'. Digits are ASCII in every locale
     * (no grouping without the ' flag). */
    char raw[64];
    int k = snprintf(raw, sizeof raw, "%.*f", decimals, v);
    if (k <= 0 || (size_t)k >= sizeof raw)
        return 0;
    size_t i = 0, n = 0;
    if (raw[i] == '-')
        out[n++] = raw[i++];
    while (raw[i] >= '0' && raw[i] <= '9')
        out[n++] = raw[i++];
    if (decimals) {
        while (raw[i] && !(raw[i] >= '0' && raw[i] <= '9'))
            i++;
        out[n++] = '.';
        while (raw[i] >= '0' && raw[i] <= '9' && n < WATPL__FIXED_CAP - 1)
            out[n++] = raw[i++];
    }
    out[n] = '\0';
    return n;
}

void watpl__json_double(watpl__buf *b, double v)
{
    char tmp[WATPL__FIXED_CAP];
    size_t len = watpl__fmt_fixed(tmp, v, 4);
    if (len == 0) {
        b->failed = true;
        return;
    }
    /* Trim trailing zeros for readability ("0.9100" -> "0.91", "1.0000" -> "1"). */
    if (memchr(tmp, '.', len)) {
        while (len > 1 && tmp[len - 1] == '0')
            len--;
        if (tmp[len - 1] == '.')
            len--;
    }
    watpl__buf_append(b, tmp, len);
}

void watpl__json_bool(watpl__buf *b, bool v)
{
    watpl__buf_puts(b, v ? "true" : "false");
}
