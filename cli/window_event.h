/* One event line of `watpl window`, as the fields the command reads
 * (docs/cli.md, "watpl window"). An event of the common shape is read by a
 * scanner without jansson and without allocating; any other line is parsed
 * by jansson as before, and its fields point into the json_t the caller
 * keeps until the event has been handled. Not part of the library.
 * SPDX-License-Identifier: MIT */
#ifndef WATPL_CLI_WINDOW_EVENT_H
#define WATPL_CLI_WINDOW_EVENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

/* The JSON type of a field, as the event logic tells them apart. */
enum window_field_type {
    WINDOW_FIELD_ABSENT = 0, /* the key is not in the object */
    WINDOW_FIELD_NULL,
    WINDOW_FIELD_STRING,     /* str, len: no NUL inside, not NUL-terminated */
    WINDOW_FIELD_INTEGER,    /* integer */
    WINDOW_FIELD_OTHER       /* true, false, a real, an object or an array */
};

typedef struct window_field {
    enum window_field_type type;
    const char *str;
    size_t len;
    int64_t integer;
} window_field;

typedef struct window_event {
    window_field contact, type, t, kind, id, entry, device, service_sent_this_month;
} window_event;

/* Fill ev from one JSON object of the common shape: JSON whitespace
 * (space, tab, CR, LF) anywhere between tokens, only the keys of
 * window_event, each at most once, and values that are null, integers
 * ('-'?, no leading zero, at most 18 digits) or strings of printable ASCII
 * without a backslash. true, and ev's strings point into data; false when
 * the line has any other shape (ev is then unspecified): jansson decides. */
bool window_event_scan(window_event *ev, const char *data, size_t len);

/* Fill ev from a parsed event object (any JSON value: a non-object has
 * no fields); ev's strings point into obj. */
void window_event_from_json(window_event *ev, json_t *obj);

/* Whether a field is the string s (NUL-terminated). */
bool window_field_is(const window_field *f, const char *s);

#endif
