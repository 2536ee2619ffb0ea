/* Rules on the body (body.* of docs/rules.md, and param.undefined_literal):
 * its length, where its variables stand (the severities come from what Meta
 * was seen to do: docs/rules.md, "Variable placement"), blank lines, emoji,
 * shortened links and examples. SPDX-License-Identifier: MIT */
#include <string.h>

#include "validate_internal.h"

static bool only_spaces(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (!watpl__is_space_byte(s[i]))
            return false;
    return true;
}

/* Separation between two variables: 0 text, 1 punctuation only, 2 whitespace only. */
static int separation(const char *s, size_t len)
{
    if (only_spaces(s, len))
        return 2;
    size_t i = 0;
    while (i < len) {
        int32_t cp = 0;
        size_t n = watpl__utf8_decode(s, len, i, &cp);
        if (n == 0)
            return 0;
        if (watpl__is_word_cp(cp))
            return 0;
        i += n;
    }
    return 1;
}

/* The variable is alone on its line: only blanks follow it up to the line's end. */
static bool alone_on_line(const watpl__str *t, const watpl__placeholder *p)
{
    for (size_t i = p->offset + p->length; i < t->len && t->s[i] != '\n'; i++)
        if (t->s[i] != ' ' && t->s[i] != '\t' && t->s[i] != '\r')
            return false;
    return true;
}

/* body.leading_param: Meta refused a body whose first line is only the
 * variable (2388299) and approved `{{1}}, your order ...` (docs/rules.md). */
static int check_leading(watpl__vstate *v, const watpl__str *t, const watpl__ph_list *l, int component,
                         int64_t index)
{
    const watpl__placeholder *first = &l->items[0];
    if (!watpl__ph_is_variable(first) || !only_spaces(t->s, first->offset))
        return WATPL_OK;
    int len = (int)(first->length > 40 ? 40 : first->length);
    if (alone_on_line(t, first))
        return watpl__diag_add_sev(v->rep, WATPL__R_BODY_LEADING_PARAM, WATPL_SEVERITY_ERROR, component,
                                   index, (int64_t)first->offset, (int64_t)first->length,
                                   "the body's first line is only %.*s: Meta refuses this (%lld); "
                                   "put a sentence before it", len, t->s + first->offset,
                                   (long long)watpl_rule_meta_code(WATPL__R_BODY_LEADING_PARAM));
    return watpl__finding_sev(v->rep, WATPL__R_BODY_LEADING_PARAM,
                              watpl__editor_policy(v) ? WATPL_SEVERITY_ERROR : WATPL_SEVERITY_WARNING,
                              component, index, (int64_t)first->offset, (int64_t)first->length, len,
                              t->s + first->offset);
}

/* body.trailing_param: bare trailing variables were approved through the API
 * (warning); a variable followed by final punctuation is what Meta's own
 * samples do (reported under the editor policy only). */
static int check_trailing(watpl__vstate *v, const watpl__str *t, const watpl__ph_list *l, int component,
                          int64_t index)
{
    const watpl__placeholder *last = &l->items[l->n - 1];
    if (!watpl__ph_is_variable(last) || l->n != l->total)
        return WATPL_OK;
    size_t end = last->offset + last->length, tail = t->len;
    while (tail > end && watpl__is_space_byte(t->s[tail - 1]))
        tail--;
    bool bare = tail == end;
    if (tail > end && (t->s[tail - 1] == '.' || t->s[tail - 1] == '!' || t->s[tail - 1] == '?'))
        tail--;
    while (tail > end && watpl__is_space_byte(t->s[tail - 1]))
        tail--;
    bool editor = watpl__editor_policy(v);
    if (tail != end || (!bare && !editor))
        return WATPL_OK;
    int severity = bare && editor ? WATPL_SEVERITY_ERROR : WATPL_SEVERITY_WARNING;
    int len = (int)(last->length > 40 ? 40 : last->length);
    if (bare)
        return watpl__finding_sev(v->rep, WATPL__R_BODY_TRAILING_PARAM, severity, component, index,
                                  (int64_t)last->offset, (int64_t)last->length, len, t->s + last->offset);
    return watpl__diag_add_sev(v->rep, WATPL__R_BODY_TRAILING_PARAM, severity, component, index,
                               (int64_t)last->offset, (int64_t)last->length,
                               "the body ends with %.*s and punctuation: Meta's own samples do this; "
                               "some providers refuse it",
                               len, t->s + last->offset);
}

static int check_edges(watpl__vstate *v, const watpl__str *t, const watpl__ph_list *l, int component,
                       int64_t index)
{
    if (l->n == 0)
        return WATPL_OK;
    int rc = check_leading(v, t, l, component, index);
    return rc ? rc : check_trailing(v, t, l, component, index);
}

/* body.adjacent_params: Meta approved `Your {{2}} {{3}} at {{4}}` and its own
 * sample writes `{{1}}-{{2}}`; the editor and providers ask for text between. */
static int check_adjacent(watpl__vstate *v, const watpl__str *t, const watpl__ph_list *l, int component,
                          int64_t index)
{
    bool editor = watpl__editor_policy(v);
    for (size_t i = 1; i < l->n; i++) {
        const watpl__placeholder *a = &l->items[i - 1], *b = &l->items[i];
        if (!watpl__ph_is_variable(a) || !watpl__ph_is_variable(b))
            continue;
        size_t gap_off = a->offset + a->length;
        size_t gap = b->offset - gap_off;
        int sep = separation(t->s + gap_off, gap);
        if (sep == 0 || (sep == 1 && !editor))
            continue;
        int64_t off = (int64_t)a->offset, len = (int64_t)(b->offset + b->length - a->offset);
        int rc;
        if (sep == 2 && gap > 0 && editor)
            rc = watpl__finding_sev(v->rep, WATPL__R_BODY_ADJACENT_PARAMS, WATPL_SEVERITY_ERROR, component,
                                    index, off, len);
        else if (sep == 2 && gap == 0)
            rc = watpl__diag_add_sev(v->rep, WATPL__R_BODY_ADJACENT_PARAMS, WATPL_SEVERITY_ERROR, component,
                                     index, off, len,
                                     "variables must be separated by text: nothing separates these two");
        else if (sep == 2)
            rc = watpl__diag_add_sev(v->rep, WATPL__R_BODY_ADJACENT_PARAMS, WATPL_SEVERITY_WARNING,
                                     component, index, off, len,
                                     "variables separated only by a space: WhatsApp Manager's editor "
                                     "refuses this, though Meta has approved such templates through the API");
        else
            rc = watpl__diag_add_sev(v->rep, WATPL__R_BODY_ADJACENT_PARAMS, WATPL_SEVERITY_WARNING,
                                     component, index, off, len,
                                     "variables separated only by punctuation: providers' pages ask for "
                                     "words between them");
        if (rc)
            return rc;
    }
    return WATPL_OK;
}

static int check_newlines(watpl__vstate *v, const watpl__str *t, int component, int64_t index)
{
    size_t run = 0, start = 0;
    for (size_t i = 0; i < t->len; i++) {
        char c = t->s[i];
        if (c == '\n') {
            if (run++ == 0)
                start = i;
            if (run == NEWLINE_RUN_MAX + 1)
                return watpl__finding(v->rep, WATPL__R_BODY_CONSECUTIVE_NEWLINES, component, index,
                                      (int64_t)start, (int64_t)(i + 1 - start));
        } else if (c != '\r') {
            run = 0;
        }
    }
    return WATPL_OK;
}

/* Words that a template generator writes where a value was missing. */
static const char *const lost_values[] = {"undefined", "null", "NaN", "[object Object]"};

static bool find_lost_value(const watpl__str *t, size_t *off, size_t *len)
{
    for (size_t k = 0; k < WATPL__ARRAY_LEN(lost_values); k++) {
        size_t n = strlen(lost_values[k]);
        for (size_t i = 0; i + n <= t->len; i++) {
            if (t->s[i] != lost_values[k][0] || memcmp(t->s + i, lost_values[k], n) != 0)
                continue;
            bool left = i == 0 || !watpl__is_host_char(t->s[i - 1]);
            bool right = i + n == t->len || !watpl__is_host_char(t->s[i + n]);
            if (left && right) {
                *off = i;
                *len = n;
                return true;
            }
        }
    }
    return false;
}

static bool is_test_exception(const watpl__vstate *v, size_t distinct)
{
    const watpl__str *n = &v->tpl->name;
    return distinct == 1 && n->s && n->len == 4 && memcmp(n->s, "test", 4) == 0;
}

static int check_body_counts(watpl__vstate *v, const watpl__component *c, const watpl__ph_list *l,
                             int component, int64_t index)
{
    const watpl__str *t = &c->text;
    size_t distinct = watpl__ph_distinct(t, l);
    int rc = WATPL_OK;
    size_t per = (size_t)v->policy->words_per_param;
    if (distinct > 0 && per > 0 && !is_test_exception(v, distinct)) {
        size_t words = watpl__count_plain_words(t->s, t->len);
        if (distinct * per > words)
            rc = watpl__finding_sev(v->rep, WATPL__R_BODY_TOO_MANY_PARAMS,
                                    watpl__editor_policy(v) ? WATPL_SEVERITY_ERROR : WATPL_SEVERITY_WARNING,
                                    component, index, -1, -1, distinct, words, distinct * per);
    }
    size_t emoji = watpl__count_emoji(t->s, t->len);
    int cap = v->category == WATPL_CATEGORY_UTILITY ? v->policy->emoji_cap_utility
                                                    : v->policy->emoji_cap_marketing;
    if (!rc && emoji > (size_t)cap)
        rc = watpl__finding(v->rep, WATPL__R_BODY_EMOJI_COUNT, component, index, -1, -1, emoji, cap);
    size_t off = 0, n = 0;
    if (!rc && watpl__find_shortener(t->s, t->len, &off, &n))
        rc = watpl__finding(v->rep, WATPL__R_BODY_SHORTENED_URL, component, index, (int64_t)off,
                            (int64_t)n);
    if (!rc && find_lost_value(t, &off, &n))
        rc = watpl__finding(v->rep, WATPL__R_PARAM_UNDEFINED_LITERAL, component, index, (int64_t)off,
                            (int64_t)n, (int)n, t->s + off);
    if (!rc && distinct > 0 && !watpl__examples_cover(c, t, l, distinct))
        rc = watpl__finding(v->rep, WATPL__R_BODY_EXAMPLE_MISSING, component, index, -1, -1, distinct,
                            c->n_examples + c->n_named);
    return rc;
}

int watpl__check_body(watpl__vstate *v, const watpl__component *c, int component, int64_t index,
                      size_t max_len)
{
    const watpl__str *t = &c->text;
    if (!t->s || only_spaces(t->s, t->len))
        return watpl__finding(v->rep, WATPL__R_BODY_EMPTY, component, index, -1, -1);
    int rc = WATPL_OK;
    size_t n = watpl__policy_len(v, t);
    if (n > max_len)
        rc = watpl__finding(v->rep, WATPL__R_BODY_TOO_LONG, component, index, -1, -1, n, max_len);
    watpl__ph_list *l;
    int brc = watpl__ph_borrow(v, &l);
    if (brc)
        return brc;
    watpl__ph_scan(t, l);
    if (!rc)
        rc = check_edges(v, t, l, component, index);
    if (!rc)
        rc = check_adjacent(v, t, l, component, index);
    if (!rc)
        rc = check_newlines(v, t, component, index);
    if (!rc)
        rc = check_body_counts(v, c, l, component, index);
    return watpl__ph_return(v, l, rc);
}
