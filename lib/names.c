/* The names of the library's numbered vocabularies, one table each: the
 * strings of its JSON, of the `watpl` command and of the Python binding
 * (python/tests/test_names.py checks the binding's lists against these
 * tables through the functions below). Layer 1 (lib/README.md): data only.
 * SPDX-License-Identifier: MIT */
#include <string.h>

#include "common_internal.h"

typedef struct name_row {
    int value;
    const char *name;
} name_row;

static const name_row categories[] = {
    {WATPL_CATEGORY_MARKETING, "MARKETING"},
    {WATPL_CATEGORY_UTILITY, "UTILITY"},
    {WATPL_CATEGORY_AUTHENTICATION, "AUTHENTICATION"},
};

static const name_row components[] = {
    {WATPL_COMPONENT_TEMPLATE, "TEMPLATE"},   {WATPL_COMPONENT_HEADER, "HEADER"},
    {WATPL_COMPONENT_BODY, "BODY"},           {WATPL_COMPONENT_FOOTER, "FOOTER"},
    {WATPL_COMPONENT_BUTTONS, "BUTTONS"},     {WATPL_COMPONENT_CARD, "CARD"},
    {WATPL_COMPONENT_PARAMS, "PARAMS"},       {WATPL_COMPONENT_CAROUSEL, "CAROUSEL"},
    {WATPL_COMPONENT_LIMITED_TIME_OFFER, "LIMITED_TIME_OFFER"},
};

/* The kind of an outbound message of the service window. */
static const name_row kinds[] = {
    {WATPL_KIND_MARKETING, "MARKETING"},
    {WATPL_KIND_UTILITY, "UTILITY"},
    {WATPL_KIND_AUTHENTICATION, "AUTHENTICATION"},
    {WATPL_KIND_SERVICE, "SERVICE"},
};

static const name_row schedules[] = {
    {WATPL_SCHEDULE_2025_07, "2025-07"},
    {WATPL_SCHEDULE_2026_10, "2026-10"},
};

static const name_row initiators[] = {
    {WATPL_INITIATOR_USER, "user"},
    {WATPL_INITIATOR_BUSINESS, "business"},
};

/* The keyword of each option is its row's field name (options_internal.h). */
static const name_row options[] = {
#define WATPL__OPT_NAME(NAME, name, type, def, lo, hi) {WATPL_OPT_##NAME, #name},
    WATPL__OPTIONS(WATPL__OPT_NAME)
#undef WATPL__OPT_NAME
};

static const char *name_of(const name_row *rows, size_t n, int value)
{
    for (size_t i = 0; i < n; i++)
        if (rows[i].value == value)
            return rows[i].name;
    return "";
}

static int value_of(const name_row *rows, size_t n, const char *name, size_t len)
{
    if (!name && len)
        return WATPL_EINVAL;
    for (size_t i = 0; i < n; i++)
        if (strlen(rows[i].name) == len && memcmp(rows[i].name, name, len) == 0)
            return rows[i].value;
    return WATPL_ENOTFOUND;
}

const char *watpl_category_name(int category)
{
    return name_of(categories, WATPL__ARRAY_LEN(categories), category);
}

const char *watpl_component_name(int component)
{
    return name_of(components, WATPL__ARRAY_LEN(components), component);
}

const char *watpl_kind_name(int kind)
{
    return name_of(kinds, WATPL__ARRAY_LEN(kinds), kind);
}

int watpl_kind_from_name(const char *name, size_t len)
{
    return value_of(kinds, WATPL__ARRAY_LEN(kinds), name, len);
}

const char *watpl_schedule_name(int schedule)
{
    return name_of(schedules, WATPL__ARRAY_LEN(schedules), schedule);
}

int watpl_schedule_from_name(const char *name, size_t len)
{
    return value_of(schedules, WATPL__ARRAY_LEN(schedules), name, len);
}

const char *watpl_initiator_name(int initiator)
{
    return name_of(initiators, WATPL__ARRAY_LEN(initiators), initiator);
}

int watpl_initiator_from_name(const char *name, size_t len)
{
    return value_of(initiators, WATPL__ARRAY_LEN(initiators), name, len);
}

const char *watpl_option_name(int option)
{
    return name_of(options, WATPL__ARRAY_LEN(options), option);
}

int watpl_option_from_name(const char *name, size_t len)
{
    return value_of(options, WATPL__ARRAY_LEN(options), name, len);
}
