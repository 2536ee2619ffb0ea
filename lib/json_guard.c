/* Guards of every jansson parse of the library (templates, send parameters,
 * window events): the structure of the text is counted before jansson builds
 * it, and a jansson failure is told apart from running out of memory. Layer 1
 * (lib/README.md): used by the template, send-time and window layers.
 * SPDX-License-Identifier: MIT */
#include <string.h>

#include <jansson.h>

#include "common_internal.h"
#include "text_internal.h"

int64_t watpl__json_structure(const char *s, size_t len, int max_depth, bool *too_many)
{
    int depth = 0;
    int64_t values = 0;
    bool in_str = false, esc = false, in_scalar = false;
    *too_many = false;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (in_str) {
            if (esc)
                esc = false;
            else if (c == '\\')
                esc = true;
            else if (c == '"')
                in_str = false;
            continue;
        }
        bool starts = false;
        if (c == '"') {
            in_str = true;
            starts = true;
            in_scalar = false;
        } else if (c == '{' || c == '[') {
            if (++depth > max_depth)
                return (int64_t)i;
            starts = true;
            in_scalar = false;
        } else if (c == '}' || c == ']') {
            depth--;
            in_scalar = false;
        } else if (c == ',' || c == ':' || c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            in_scalar = false;
        } else if (!in_scalar) {
            starts = in_scalar = true;
        }
        if (starts && ++values > WATPL__MAX_JSON_VALUES) {
            *too_many = true;
            return (int64_t)i;
        }
    }
    return -1;
}

/* ---- JSON syntax, without allocating ----------------------------------------------------
 * jansson reports running out of memory as unknown or syntax errors (an empty
 * text, or "string expected"): when it fails on a text that is valid JSON, the
 * failure was memory. Depth is already bounded by watpl__json_structure. */

typedef struct syntax {
    const unsigned char *s;
    size_t len, i;
} syntax;

static void skip_ws(syntax *x)
{
    while (x->i < x->len && (x->s[x->i] == ' ' || x->s[x->i] == '\t' || x->s[x->i] == '\n' || x->s[x->i] == '\r'))
        x->i++;
}

static bool eat(syntax *x, char c)
{
    skip_ws(x);
    if (x->i < x->len && x->s[x->i] == (unsigned char)c) {
        x->i++;
        return true;
    }
    return false;
}

static bool is_digit(syntax *x)
{
    return x->i < x->len && x->s[x->i] >= '0' && x->s[x->i] <= '9';
}

/* Four hex digits of a \\u escape, or -1. */
static long hex4(syntax *x)
{
    long v = 0;
    for (int k = 0; k < 4; k++, x->i++) {
        if (x->i >= x->len)
            return -1;
        unsigned char c = x->s[x->i];
        int d = c >= '0' && c <= '9' ? c - '0' : (c | 0x20) >= 'a' && (c | 0x20) <= 'f' ? (c | 0x20) - 'a' + 10 : -1;
        if (d < 0)
            return -1;
        v = v * 16 + d;
    }
    return v;
}

static bool syntax_string(syntax *x)
{
    if (!eat(x, '"'))
        return false;
    while (x->i < x->len) {
        unsigned char c = x->s[x->i++];
        if (c == '"')
            return true;
        if (c < 0x20)
            return false;
        if (c == '\\') {
            if (x->i >= x->len)
                return false;
            c = x->s[x->i++];
            if (c == 'u') {
                long u = hex4(x);
                if (u >= 0xDC00 && u <= 0xDFFF)
                    return false; /* a low surrogate alone */
                if (u >= 0xD800 && u <= 0xDBFF) {
                    if (x->len - x->i < 2 || x->s[x->i] != '\\' || x->s[x->i + 1] != 'u')
                        return false;
                    x->i += 2;
                    long low = hex4(x);
                    if (low < 0xDC00 || low > 0xDFFF)
                        return false;
                }
                if (u < 0)
                    return false;
            } else if (!strchr("\"\\/bfnrt", c) || c == 0) {
                return false;
            }
        }
    }
    return false;
}

static bool syntax_number(syntax *x)
{
    size_t start = x->i;
    if (x->i < x->len && x->s[x->i] == '-')
        x->i++;
    if (!is_digit(x))
        return false;
    if (x->s[x->i] == '0')
        x->i++;
    else
        while (is_digit(x))
            x->i++;
    if (x->i < x->len && x->s[x->i] == '.') {
        x->i++;
        if (!is_digit(x))
            return false;
        while (is_digit(x))
            x->i++;
    }
    if (x->i < x->len && (x->s[x->i] == 'e' || x->s[x->i] == 'E')) {
        x->i++;
        if (x->i < x->len && (x->s[x->i] == '+' || x->s[x->i] == '-'))
            x->i++;
        if (!is_digit(x))
            return false;
        while (is_digit(x))
            x->i++;
    }
    return x->i > start;
}

static bool syntax_value(syntax *x, int depth)
{
    skip_ws(x);
    if (x->i >= x->len || depth > 512)
        return false;
    unsigned char c = x->s[x->i];
    if (c == '{' || c == '[') {
        x->i++;
        char close = c == '{' ? '}' : ']';
        if (eat(x, close))
            return true;
        do {
            if (c == '{' && !(syntax_string(x) && eat(x, ':')))
                return false;
            if (!syntax_value(x, depth + 1))
                return false;
        } while (eat(x, ','));
        return eat(x, close);
    }
    if (c == '"')
        return syntax_string(x);
    static const char *const words[] = {"true", "false", "null"};
    for (size_t k = 0; k < 3; k++) {
        size_t n = strlen(words[k]);
        if (x->len - x->i >= n && memcmp(x->s + x->i, words[k], n) == 0) {
            x->i += n;
            return true;
        }
    }
    return syntax_number(x);
}

bool watpl__json_syntax_ok(const char *s, size_t len)
{
    syntax x = {(const unsigned char *)s, len, 0};
    skip_ws(&x);
    if (x.i >= len || (s[x.i] != '{' && s[x.i] != '[')) /* jansson wants an object or an array */
        return false;
    if (!syntax_value(&x, 0))
        return false;
    skip_ws(&x);
    return x.i == len;
}

bool watpl__jansson_out_of_memory(const struct json_error_t *err, const char *s, size_t len)
{
    switch (json_error_code(err)) {
    case json_error_out_of_memory:
        return true;
    case json_error_unknown:
    case json_error_invalid_syntax:
    case json_error_premature_end_of_input:
    case json_error_end_of_input_expected:
    case json_error_invalid_utf8:
        return watpl__json_syntax_ok(s, len);
    default: /* a duplicate key, a NUL character, a number out of range: jansson is right */
        return false;
    }
}


json_t *watpl__json_load(watpl_ctx *ctx, const char *s, size_t len, size_t flags, int *rc)
{
    json_error_t err;
    memset(&err, 0, sizeof err); /* jansson leaves it unset when it fails early (no memory) */
    json_t *v = json_loadb(s, len, flags, &err);
    if (v) {
        *rc = WATPL_OK;
    } else if (watpl__jansson_out_of_memory(&err, s, len)) {
        *rc = watpl__fail(ctx, WATPL_ENOMEM, NULL, "out of memory");
    } else {
        *rc = watpl__fail(ctx, WATPL_ESYNTAX, "input.json.syntax", "%s", err.text);
        watpl__fail_pos(ctx, err.position > 0 ? (int64_t)err.position - 1 : 0, err.line > 0 ? err.line : 1,
                        err.column > 0 ? err.column : 1, "");
    }
    return v;
}

/* Line and column (both from 1, the column in code points) of byte off. */
static void line_col(const char *s, size_t off, int64_t *line, int64_t *col)
{
    int64_t l = 1, c = 1;
    for (size_t i = 0; i < off; i++) {
        if (s[i] == '\n') {
            l++;
            c = 1;
        } else if (((unsigned char)s[i] & 0xC0) != 0x80) {
            c++;
        }
    }
    *line = l;
    *col = c;
}

json_t *watpl__json_parse(watpl_ctx *ctx, const char *s, size_t len, int *rc)
{
    int64_t line, col;
    size_t bad = 0;
    if (!watpl__utf8_valid(s, len, &bad)) {
        line_col(s, bad, &line, &col);
        *rc = watpl__fail(ctx, WATPL_EUTF8, "input.utf8", "invalid UTF-8 at byte %zu", bad);
        watpl__fail_pos(ctx, (int64_t)bad, line, col, "");
        return NULL;
    }
    bool too_many = false;
    int64_t at = watpl__json_structure(s, len, ctx->policy.max_json_depth, &too_many);
    if (at >= 0) {
        line_col(s, (size_t)at, &line, &col);
        if (too_many)
            *rc = watpl__fail(ctx, WATPL_ELIMIT, "input.too_large", "more than %d JSON values", WATPL__MAX_JSON_VALUES);
        else
            *rc = watpl__fail(ctx, WATPL_ELIMIT, "input.too_large", "JSON nested deeper than %d levels",
                              ctx->policy.max_json_depth);
        watpl__fail_pos(ctx, at, line, col, "");
        return NULL;
    }
    return watpl__json_load(ctx, s, len, JSON_REJECT_DUPLICATES, rc);
}
