/* The rule catalogue as data, and the public accessors over it.
 * SPDX-License-Identifier: MIT */
#include <stdarg.h>
#include <stdio.h>

#include "rules_internal.h"

#define WATPL__RULE_ROW(name, id, sev, code) {id, WATPL_SEVERITY_##sev, code},
static const watpl__rule rule_table[WATPL__RULE_COUNT] = {WATPL__RULE_LIST(WATPL__RULE_ROW)};
#undef WATPL__RULE_ROW

const watpl__rule *watpl__rule_get(enum watpl__rule_index r)
{
    return &rule_table[r];
}

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
    const watpl__rule *rule = &rule_table[r];
    return watpl__report_add(rep, rule->id, severity, component, index, offset, length,
                             rule->meta_code, "%s", msg);
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
