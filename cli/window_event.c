/* The fields of one `watpl window` event line (window_event.h): a scanner
 * for the shape nearly every line has, and the same fields read from
 * jansson's object for every other line. The scanner accepts a strict
 * subset of what jansson accepts (with JSON_REJECT_DUPLICATES), with the
 * same values, so that the event logic sees the same fields either way
 * and every line it refuses keeps jansson's error text and position.
 * SPDX-License-Identifier: MIT */
#include "window_event.h"

#include <string.h>

static const struct window_key {
    const char *name;
    size_t len;
    size_t offset;
} window_keys[] = {
    {"contact", 7, offsetof(window_event, contact)},
    {"type", 4, offsetof(window_event, type)},
    {"t", 1, offsetof(window_event, t)},
    {"kind", 4, offsetof(window_event, kind)},
    {"id", 2, offsetof(window_event, id)},
    {"entry", 5, offsetof(window_event, entry)},
    {"device", 6, offsetof(window_event, device)},
    {"service_sent_this_month", 23, offsetof(window_event, service_sent_this_month)},
};

#define WINDOW_KEYS (sizeof window_keys / sizeof *window_keys)

static window_field *field_at(window_event *ev, size_t i)
{
    return (window_field *)(void *)((char *)ev + window_keys[i].offset);
}

/* The field of a key, NULL for a key the command does not read. */
static window_field *field_named(window_event *ev, const char *key, size_t len)
{
    for (size_t i = 0; i < WINDOW_KEYS; i++)
        if (window_keys[i].len == len && memcmp(window_keys[i].name, key, len) == 0)
            return field_at(ev, i);
    return NULL;
}

/* ---- the common shape -------------------------------------------------------------------------- */

/* The most digits of an integer the scanner reads: 18 never overflow an
 * int64_t; longer ones go to jansson, which says "too big integer". */
#define SCAN_MAX_DIGITS 18

typedef struct scanner {
    const char *p, *end;
} scanner;

/* JSON's whitespace, as jansson skips it (not \f, \v or a BOM). */
static void skip_space(scanner *s)
{
    while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r'))
        s->p++;
}

static bool take(scanner *s, char c)
{
    skip_space(s);
    if (s->p == s->end || *s->p != c)
        return false;
    s->p++;
    return true;
}

/* A string of printable ASCII without a backslash: what it holds is its
 * bytes. Control characters, escapes and UTF-8 are jansson's. */
static bool scan_string(scanner *s, const char **str, size_t *len)
{
    if (!take(s, '"'))
        return false;
    const char *start = s->p;
    for (const char *q = start; q < s->end; q++) {
        unsigned char c = (unsigned char)*q;
        if (c == '"') {
            *str = start;
            *len = (size_t)(q - start);
            s->p = q + 1;
            return true;
        }
        if (c < 0x20 || c >= 0x80 || c == '\\')
            return false;
    }
    return false; /* cut inside the string */
}

/* '-'?, then 0 or a non-zero digit and digits. What follows is the
 * caller's: a '.', 'e' or another digit after "0" is not a delimiter, so
 * the line goes to jansson. */
static bool scan_integer(scanner *s, int64_t *value)
{
    bool negative = s->p < s->end && *s->p == '-';
    const char *digits = negative ? s->p + 1 : s->p, *q = digits;
    int64_t v = 0;
    while (q < s->end && *q >= '0' && *q <= '9') {
        if (q - digits == SCAN_MAX_DIGITS)
            return false;
        v = v * 10 + (*q - '0');
        q++;
    }
    if (q == digits || (*digits == '0' && q - digits > 1))
        return false;
    *value = negative ? -v : v;
    s->p = q;
    return true;
}

static bool scan_value(scanner *s, window_field *f)
{
    skip_space(s);
    if (s->p == s->end)
        return false;
    if (*s->p == '"') {
        f->type = WINDOW_FIELD_STRING;
        return scan_string(s, &f->str, &f->len);
    }
    if (*s->p == 'n') {
        if (s->end - s->p < 4 || memcmp(s->p, "null", 4) != 0)
            return false;
        s->p += 4;
        f->type = WINDOW_FIELD_NULL;
        return true;
    }
    f->type = WINDOW_FIELD_INTEGER;
    return scan_integer(s, &f->integer);
}

bool window_event_scan(window_event *ev, const char *data, size_t len)
{
    scanner s = {data, data + len};
    memset(ev, 0, sizeof *ev); /* every field absent */
    if (!take(&s, '{'))
        return false;
    skip_space(&s);
    if (s.p < s.end && *s.p == '}') {
        s.p++;
    } else {
        for (;;) {
            const char *key;
            size_t key_len;
            if (!scan_string(&s, &key, &key_len))
                return false;
            window_field *f = field_named(ev, key, key_len);
            if (!f || f->type != WINDOW_FIELD_ABSENT) /* unknown or repeated: jansson's */
                return false;
            if (!take(&s, ':') || !scan_value(&s, f))
                return false;
            skip_space(&s);
            if (s.p == s.end)
                return false;
            if (*s.p++ == '}')
                break;
            if (s.p[-1] != ',')
                return false;
        }
    }
    skip_space(&s);
    return s.p == s.end; /* anything after the object is jansson's error */
}

/* ---- any other shape ---------------------------------------------------------------------------- */

static void field_from_json(window_field *f, json_t *v)
{
    memset(f, 0, sizeof *f);
    if (!v) {
        f->type = WINDOW_FIELD_ABSENT;
    } else if (json_is_null(v)) {
        f->type = WINDOW_FIELD_NULL;
    } else if (json_is_string(v)) {
        f->type = WINDOW_FIELD_STRING;
        f->str = json_string_value(v);
        f->len = json_string_length(v);
    } else if (json_is_integer(v)) {
        f->type = WINDOW_FIELD_INTEGER;
        f->integer = (int64_t)json_integer_value(v);
    } else {
        f->type = WINDOW_FIELD_OTHER;
    }
}

void window_event_from_json(window_event *ev, json_t *obj)
{
    for (size_t i = 0; i < WINDOW_KEYS; i++)
        field_from_json(field_at(ev, i), json_object_get(obj, window_keys[i].name));
}

bool window_field_is(const window_field *f, const char *s)
{
    size_t n = strlen(s);
    return f->type == WINDOW_FIELD_STRING && f->len == n && memcmp(f->str, s, n) == 0;
}
