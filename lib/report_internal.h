/* Diagnostics reports (report.c), shared by validation (rules*.c) and
 * rendering (render.c). Never installed. SPDX-License-Identifier: MIT */
#ifndef WATPL_REPORT_INTERNAL_H
#define WATPL_REPORT_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common_internal.h"
#include "template_internal.h"

typedef struct watpl__diag {
    const char *rule;     /* static rule id */
    int severity;         /* WATPL_SEVERITY_* */
    int component;        /* WATPL_COMPONENT_* */
    int64_t index;        /* button/card index or -1 */
    int64_t offset;       /* byte offset in the component's text or -1 */
    int64_t length;       /* bytes or -1 */
    int64_t meta_code;    /* 0 if none */
    size_t message;       /* offset of its NUL-terminated text in the report's text */
    size_t seq;           /* insertion order, for a stable sort */
} watpl__diag;

struct watpl_report {
    watpl__alloc alloc;
    watpl__diag *items;
    size_t n, cap;
    size_t errors, warnings;
    watpl__buf text;      /* the messages, name and language, each NUL-terminated */
    /* Template identity for the JSON form: offsets in text, -1 when absent. */
    int64_t name_at, language_at;
    size_t name_len, language_len;
    int category;         /* WATPL_CATEGORY_* as declared (legacy mapped) */
    bool packed;          /* items and text live in the report's own block */
};

/* New empty report using allocator a (copied). */
int watpl__report_new(const watpl__alloc *a, watpl_report **out);
/* Copy name, language and category of tpl into the report. */
int watpl__report_set_template(watpl_report *r, const watpl_template *tpl);
/* Append a diagnostic; message is printf-formatted and copied.
 * Returns WATPL_OK or WATPL_ENOMEM (the report is unchanged then). */
int watpl__report_add(watpl_report *r, const char *rule, int severity, int component,
                      int64_t index, int64_t offset, int64_t length, int64_t meta_code,
                      const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 9, 10)))
#endif
    ;
/* Room for `items` diagnostics and `text` bytes of text in r (not packed),
 * so that adding them does not allocate. WATPL_OK or WATPL_ENOMEM. */
int watpl__report_reserve(watpl_report *r, size_t items, size_t text);
/* Append the fields of watpl_report_to_json (without the braces) to b. */
void watpl__report_json_fields(watpl__buf *b, const watpl_report *r);
/* Empty r for reuse (its buffers are kept). */
void watpl__report_reset(watpl_report *r);
/* A copy of r in one block from a (what a call returns: one allocation, and
 * r, a context's scratch report, keeps its buffers for the next call). */
int watpl__report_pack(const watpl_report *r, const watpl__alloc *a, watpl_report **out);
/* Sort into the stable public order: component order (TEMPLATE, HEADER,
 * BODY, FOOTER, BUTTONS, CAROUSEL, CARD, LIMITED_TIME_OFFER, PARAMS), then index,
 * then offset, then insertion order. */
void watpl__report_sort(watpl_report *r);

#endif
