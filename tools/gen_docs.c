/* Writes docs/rules.md and the table of Meta's limits of docs/limits.md from
 * the library's own tables: the rule catalogue (WATPL__RULE_LIST,
 * lib/rules_internal.h) and the limits (WATPL__LIMITS,
 * lib/limits_internal.h), with the hand-written parts of each page around
 * them and, for each rule, the example of its trigger fixture
 * (tests/data/rules/cases.jsonl). `make docs` writes the pages; `make check`
 * (check-docs) fails when the committed ones differ from what this prints.
 * A ${NAME} in a description or a hand-written part is written as the value
 * of the limit NAME or the default of the option WATPL_OPT_NAME.
 * It fails too when a text names neither (${NAME}), when a rule has
 * no trigger fixture, and when a message spells the value of its limit
 * instead of taking it as an argument.
 *
 *   gen_docs rules HEAD.md CASES.jsonl          > docs/rules.md
 *   gen_docs limits HEAD.md TAIL.md             > docs/limits.md
 *
 * SPDX-License-Identifier: MIT */
#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "options_internal.h"
#include "rules_internal.h"

typedef struct rule_doc {
    const char *name, *id, *severity;
    long long meta_code;
    int limit;          /* enum watpl__limit_index */
    const char *message, *what, *source;
} rule_doc;

typedef struct limit_doc {
    const char *name;
    long long value;
    const char *unit, *what;
    int rule;           /* enum watpl__rule_index of the rule that checks it */
} limit_doc;

#define RULE_DOC(name, id, sev, code, limit, msg, what, src) \
    {#name, id, #sev, code, WATPL__LIMIT_##limit, msg, what, WATPL__SRC_##src},
static const rule_doc rules[] = {WATPL__RULE_LIST(RULE_DOC)};
#undef RULE_DOC

#define LIMIT_DOC(name, value, unit, what, rule) {#name, value, unit, what, WATPL__R_##rule},
/* index 0 is WATPL__LIMIT_NONE */
static const limit_doc limits[] = {{"NONE", 0, "", "", 0}, WATPL__LIMITS(LIMIT_DOC)};
#undef LIMIT_DOC

/* The defaults of the options, for the policy thresholds the pages quote. */
typedef struct option_doc {
    const char *name;
    long long value;
} option_doc;

#define OPTION_DOC(name, field, type, def, min, max) {#name, (long long)(def)},
static const option_doc options[] = {WATPL__OPTIONS(OPTION_DOC)};
#undef OPTION_DOC

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static int fail(const char *what, const char *detail)
{
    fprintf(stderr, "gen_docs: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
    return 1;
}

static int same_name(const char *name, const char *s, size_t len)
{
    return strlen(name) == len && memcmp(name, s, len) == 0;
}

/* The value of the limit NAME, or else the default of the option
 * WATPL_OPT_NAME; 0 when neither exists. */
static int value_named(const char *s, size_t len, long long *value)
{
    for (size_t i = 1; i < COUNT(limits); i++)
        if (same_name(limits[i].name, s, len))
            return *value = limits[i].value, 1;
    for (size_t i = 0; i < COUNT(options); i++)
        if (same_name(options[i].name, s, len))
            return *value = options[i].value, 1;
    return 0;
}

/* Text with each ${NAME} written as the value of the limit NAME (or the
 * default of the option WATPL_OPT_NAME). */
static int put_what(const char *s)
{
    while (*s) {
        const char *open = strstr(s, "${");
        if (!open) {
            fputs(s, stdout);
            break;
        }
        fwrite(s, 1, (size_t)(open - s), stdout);
        const char *close = strchr(open, '}');
        long long value;
        if (!close || !value_named(open + 2, (size_t)(close - open - 2), &value))
            return fail("a text names no limit (lib/limits_internal.h) nor option", open);
        printf("%lld", value);
        s = close + 1;
    }
    return 0;
}

/* The example column: the trigger's fields for the template-level rules,
 * its components for the others, the parameters for send.*; `|` escaped,
 * cut to 107 code points and "..." past 110. */
static int put_example(json_t *c, const char *rule)
{
    json_t *trigger = json_object_get(c, "trigger"), *show;
    json_t *keep = NULL;
    if (trigger) {
        int fields = strncmp(rule, "template.", 9) == 0 && strncmp(rule, "template.component", 18) != 0 &&
                     strncmp(rule, "template.body", 13) != 0;
        if (fields) {
            keep = json_deep_copy(trigger);
            json_object_del(keep, "components");
            show = keep;
        } else {
            show = json_object_get(trigger, "components");
            if (!show)
                show = keep = json_array();
        }
    } else {
        show = json_object_get(c, "trigger_params");
    }
    char *text = show ? json_dumps(show, JSON_ENCODE_ANY | JSON_PRESERVE_ORDER) : NULL;
    json_decref(keep);
    if (!text)
        return fail("a fixture without its trigger", rule);
    /* `|` escaped first, then cut, as the page has always been written */
    char *esc = malloc(2 * strlen(text) + 1), *e = esc;
    for (const char *p = text; esc && *p; p++) {
        if (*p == '|')
            *e++ = '\\';
        *e++ = *p;
    }
    if (!esc) {
        free(text);
        return fail("out of memory", rule);
    }
    *e = '\0';
    size_t cps = 0;
    for (const char *p = esc; *p; p++)
        cps += ((unsigned char)*p & 0xC0) != 0x80;
    size_t keep_cps = cps <= 110 ? cps : 107, seen = 0;
    fputc('`', stdout);
    for (const char *p = esc; *p; p++) {
        if (((unsigned char)*p & 0xC0) != 0x80 && seen++ == keep_cps)
            break;
        fputc(*p, stdout);
    }
    fputs(cps <= 110 ? "`" : "...`", stdout);
    free(esc);
    free(text);
    return 0;
}

static json_t *load_cases(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    json_t *by_rule = json_object();
    char *line = NULL;
    size_t cap = 0;
    while (by_rule && getline(&line, &cap, f) > 0) {
        json_error_t err;
        json_t *c = json_loads(line, 0, &err);
        const char *rule = json_string_value(json_object_get(c, "rule"));
        if (rule)
            json_object_set(by_rule, rule, c);
        json_decref(c);
        if (!rule && strspn(line, " \t\r\n") != strlen(line)) {
            fprintf(stderr, "gen_docs: %s: a line that is not a fixture: %.60s\n", path, line);
            json_decref(by_rule);
            by_rule = NULL;
        }
    }
    free(line);
    fclose(f);
    return by_rule;
}

/* A message gives its limit as an argument: it may not spell the value. */
static int message_retypes_limit(const rule_doc *r)
{
    if (r->limit == WATPL__LIMIT_NONE)
        return 0;
    char value[32];
    snprintf(value, sizeof value, "%lld", limits[r->limit].value);
    size_t n = strlen(value);
    for (const char *p = strstr(r->message, value); p; p = strstr(p + 1, value)) {
        int before = p > r->message && isdigit((unsigned char)p[-1]);
        if (!before && !isdigit((unsigned char)p[n]))
            return fail("a message retypes the value of its limit (give the limit as an argument)", r->id);
    }
    return 0;
}

static int lower_put(const char *s)
{
    for (; *s; s++)
        fputc(tolower((unsigned char)*s), stdout);
    return 0;
}

/* A hand-written part of a page, its ${NAME}s written out. */
static int copy_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return fail("cannot read", path);
    size_t cap = 1 << 20;
    char *text = malloc(cap);
    size_t n = text ? fread(text, 1, cap - 1, f) : 0;
    int bad = !text || ferror(f) || !feof(f);
    fclose(f);
    if (bad) {
        free(text);
        return fail("cannot read (or over 1 MiB)", path);
    }
    text[n] = '\0';
    int rc = put_what(text);
    free(text);
    return rc;
}

static int gen_rules(const char *head, const char *cases_path)
{
    json_t *cases = load_cases(cases_path);
    if (!cases)
        return fail("cannot read", cases_path);
    int rc = copy_file(head);
    if (!rc) {
        puts("| id | severity | Meta code | what it checks | Meta page | example that triggers it |");
        puts("|---|---|---|---|---|---|");
    }
    for (size_t i = 0; !rc && i < COUNT(rules); i++) {
        const rule_doc *r = &rules[i];
        json_t *c = json_object_get(cases, r->id);
        if (!c) {
            rc = fail("a rule without a trigger fixture in tests/data/rules/cases.jsonl", r->id);
            break;
        }
        if ((rc = message_retypes_limit(r)) != 0)
            break;
        printf("| `%s` | ", r->id);
        lower_put(r->severity);
        fputs(" | ", stdout);
        if (r->meta_code)
            printf("%lld", r->meta_code);
        fputs(" | ", stdout);
        rc = put_what(r->what);
        printf(" | [source](%s) | ", r->source);
        if (!rc)
            rc = put_example(c, r->id);
        fputs(" |\n", stdout);
    }
    json_decref(cases);
    return rc;
}

/* One row per limit: what it bounds, its value, the rule that checks it in
 * a template and every rule whose message gives it. */
static int gen_limits(const char *head, const char *tail)
{
    int rc = copy_file(head);
    if (rc)
        return rc;
    puts("| what | limit | rules |");
    puts("|---|---|---|");
    for (size_t i = 1; i < COUNT(limits); i++) {
        const limit_doc *l = &limits[i];
        printf("| %s | %lld %s | `%s`", l->what, l->value, l->unit, rules[l->rule].id);
        for (size_t r = 0; r < COUNT(rules); r++)
            if (rules[r].limit == (int)i && r != (size_t)l->rule)
                printf(", `%s`", rules[r].id);
        fputs(" |\n", stdout);
    }
    return copy_file(tail);
}

int main(int argc, char **argv)
{
    int rc;
    if (argc == 4 && strcmp(argv[1], "rules") == 0)
        rc = gen_rules(argv[2], argv[3]);
    else if (argc == 4 && strcmp(argv[1], "limits") == 0)
        rc = gen_limits(argv[2], argv[3]);
    else
        return 2 * fail("usage", "gen_docs rules HEAD.md CASES.jsonl | gen_docs limits HEAD.md TAIL.md");
    if (fflush(stdout) != 0 || ferror(stdout))
        rc = fail("cannot write", "stdout");
    return rc;
}
