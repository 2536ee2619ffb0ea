/* The rule catalogue as data (WATPL__RULE_LIST of rules_internal.h), the
 * public accessors over it, and the one way a check adds a finding.
 * SPDX-License-Identifier: MIT */
#include <stdarg.h>
#include <stdio.h>

#include "rules_internal.h"

typedef struct rule_row {
    const char *id;
    int severity;        /* default WATPL_SEVERITY_* */
    int64_t meta_code;   /* 0 when Meta has none */
    const char *message; /* printf format */
} rule_row;

/* The library keeps what a finding needs; the descriptions and the Meta
 * pages of the list are for docs/rules.md (tools/gen_docs.c). */
#define WATPL__RULE_ROW(name, id, sev, code, limit, msg, what, src) {id, WATPL_SEVERITY_##sev, code, msg},
static const rule_row rule_table[WATPL__RULE_COUNT] = {WATPL__RULE_LIST(WATPL__RULE_ROW)};
#undef WATPL__RULE_ROW

size_t watpl_rule_count(void)
{
    return WATPL__RULE_COUNT;
}

const char *watpl_rule_id(size_t i)
{
    return i < WATPL__RULE_COUNT ? rule_table[i].id : NULL;
}

int watpl_rule_severity(size_t i)
{
    return i < WATPL__RULE_COUNT ? rule_table[i].severity : 0;
}

int64_t watpl_rule_meta_code(size_t i)
{
    return i < WATPL__RULE_COUNT ? rule_table[i].meta_code : 0;
}

static int vadd(watpl_report *rep, enum watpl__rule_index r, int severity, int component,
                int64_t index, int64_t offset, int64_t length, const char *fmt, va_list ap)
{
    char msg[400];
    watpl__message_fit(msg, sizeof msg, vsnprintf(msg, sizeof msg, fmt, ap));
    const rule_row *rule = &rule_table[r];
    return watpl__report_add(rep, rule->id, severity, component, index, offset, length,
                             rule->meta_code, "%s", msg);
}

int watpl__finding(watpl_report *rep, enum watpl__rule_index r, int component, int64_t index,
                   int64_t offset, int64_t length, ...)
{
    va_list ap;
    va_start(ap, length);
    int rc = vadd(rep, r, rule_table[r].severity, component, index, offset, length,
                  rule_table[r].message, ap);
    va_end(ap);
    return rc;
}

int watpl__finding_sev(watpl_report *rep, enum watpl__rule_index r, int severity, int component,
                       int64_t index, int64_t offset, int64_t length, ...)
{
    va_list ap;
    va_start(ap, length);
    int rc = vadd(rep, r, severity, component, index, offset, length, rule_table[r].message, ap);
    va_end(ap);
    return rc;
}

int watpl__diag_add(watpl_report *rep, enum watpl__rule_index r, int component, int64_t index,
                    int64_t offset, int64_t length, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = vadd(rep, r, rule_table[r].severity, component, index, offset, length, fmt, ap);
    va_end(ap);
    return rc;
}

int watpl__diag_add_sev(watpl_report *rep, enum watpl__rule_index r, int severity, int component,
                        int64_t index, int64_t offset, int64_t length, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = vadd(rep, r, severity, component, index, offset, length, fmt, ap);
    va_end(ap);
    return rc;
}
