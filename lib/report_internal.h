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
    char *message;        /* owned */
    size_t seq;           /* insertion order, for a stable sort */
} watpl__diag;

struct watpl_report {
    watpl__alloc alloc;
    watpl__diag *items;
    size_t n, cap;
    size_t errors, warnings;
    /* Template identity for the JSON form (copies; absent = s NULL). */
    watpl__str name, language;
    int category;         /* WATPL_CATEGORY_* as declared (legacy mapped) */
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
/* Sort into the stable public order: component order (TEMPLATE, HEADER,
 * BODY, FOOTER, BUTTONS, CARD, CAROUSEL, LIMITED_TIME_OFFER, PARAMS), then index,
 * then offset, then insertion order. */
void watpl__report_sort(watpl_report *r);

#endif
