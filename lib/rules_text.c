/* Rules on texts: header, body, footer and the placeholders in them
 * (header.*, body.*, footer.*, param.* of docs/rules.md).
 * SPDX-License-Identifier: MIT */
#include <string.h>

#include "limits_internal.h"
#include "text_internal.h"
#include "validate_internal.h"

#define PH_KEEP 256 /* placeholders kept per text; more are counted, not positioned */

typedef struct ph_list {
    watpl__placeholder items[PH_KEEP];
    size_t n;      /* kept */
    size_t total;  /* seen */
} ph_list;

static void release_ph(const watpl__alloc *a, void *obj)
{
    watpl__mfree(a, obj);
}

/* The placeholder list of a check: the context's workspace slot
 * WATPL__SLOT_PLACEHOLDERS, kept between calls and borrowed by one check at
 * a time (a second borrow fails). WATPL_OK, WATPL_ENOMEM or the failure of
 * the borrow. */
static int ph_borrow(watpl__vstate *v, ph_list **l)
{
    void *obj;
    int rc = watpl__wksp_borrow(v->ctx, WATPL__SLOT_PLACEHOLDERS, &obj);
    *l = obj;
    if (rc)
        return rc;
    if (!*l && !(*l = watpl__malloc(&v->ctx->alloc, sizeof(ph_list)))) {
        watpl__wksp_return(v->ctx, WATPL__SLOT_PLACEHOLDERS, NULL, release_ph);
        return WATPL_ENOMEM;
    }
    return WATPL_OK;
}

/* Give the list back; returns rc, the result of the check that used it. */
static int ph_return(watpl__vstate *v, ph_list *l, int rc)
{
    watpl__wksp_return(v->ctx, WATPL__SLOT_PLACEHOLDERS, l, release_ph);
    return rc;
}

static bool collect_ph(const watpl__placeholder *ph, void *ud)
{
    ph_list *l = ud;
    if (l->n < PH_KEEP)
        l->items[l->n++] = *ph;
    l->total++;
    return true;
}

static void scan(const watpl__str *s, ph_list *l)
{
    l->n = 0;
    l->total = 0;
    if (s->s)
        watpl__scan_placeholders(s->s, s->len, collect_ph, l);
}

static bool is_variable(const watpl__placeholder *p)
{
    return p->kind == WATPL__PH_POSITIONAL || p->kind == WATPL__PH_NAMED;
}

/* Distinct variables: positional numbers or names. */
static size_t distinct_variables(const watpl__str *s, const ph_list *l)
{
    size_t n = 0;
    for (size_t i = 0; i < l->n; i++) {
        const watpl__placeholder *p = &l->items[i];
        if (!is_variable(p))
            continue;
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++) {
            const watpl__placeholder *q = &l->items[j];
            if (!is_variable(q) || q->kind != p->kind)
                continue;
            if (p->kind == WATPL__PH_POSITIONAL)
                seen = q->number == p->number;
            else
                seen = q->inner_length == p->inner_length &&
                       memcmp(s->s + q->inner_offset, s->s + p->inner_offset, p->inner_length) == 0;
        }
        n += !seen;
    }
    return n;
}

static bool is_space_byte(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Markup: a `*`, `_`, `~` or backtick that opens a span closed by the same
 * character, outside placeholders (named variables contain underscores). */
static bool find_markup(const char *s, size_t len, const ph_list *l, size_t *off)
{
    size_t next_ph = 0;
    for (size_t i = 0; i + 2 < len; i++) {
        char c = s[i];
        if (c != '*' && c != '_' && c != '~' && c != '`')
            continue;
        while (next_ph < l->n && l->items[next_ph].offset + l->items[next_ph].length <= i)
            next_ph++;
        bool inside = next_ph < l->n && i >= l->items[next_ph].offset;
        if (inside || is_space_byte(s[i + 1]))
            continue;
        /* the closing mark is the next c on the line: linear over the text */
        size_t j = i + 2;
        while (j < len && s[j] != c && s[j] != '\n')
            j++;
        if (j < len && s[j] == c && !is_space_byte(s[j - 1])) {
            *off = i;
            return true;
        }
    }
    return false;
}

static const char *find_newline(const watpl__str *s)
{
    return s->s ? memchr(s->s, '\n', s->len) : NULL;
}

/* Examples cover the variables: positional needs one per distinct variable,
 * named needs one per name. */
static bool examples_cover(const watpl__component *c, const watpl__str *text, const ph_list *l,
                           size_t distinct)
{
    bool any_named = false;
    for (size_t i = 0; i < l->n; i++) {
        const watpl__placeholder *p = &l->items[i];
        if (p->kind != WATPL__PH_NAMED)
            continue;
        any_named = true;
        bool found = false;
        for (size_t k = 0; k < c->n_named && !found; k++)
            found = c->named[k].name.len == p->inner_length &&
                    memcmp(c->named[k].name.s, text->s + p->inner_offset, p->inner_length) == 0;
        if (!found)
            return false;
    }
    if (any_named)
        return true;
    return c->n_examples == distinct;
}

int watpl__check_header(watpl__vstate *v, const watpl__component *c, int component, int64_t index)
{
    watpl_report *r = v->rep;
    int rc = WATPL_OK;
    if (c->format == WATPL_HEADER_NONE || c->format == WATPL_HEADER_UNKNOWN)
        return watpl__diag_add(r, WATPL__R_HEADER_FORMAT_INVALID, component, index, -1, -1,
                               "header format '%s' is not TEXT, IMAGE, VIDEO, DOCUMENT or LOCATION",
                               WATPL__CLIP(c->format_raw.s, c->format_raw.len, 30));
    if ((c->format == WATPL_HEADER_GIF || c->format == WATPL_HEADER_PRODUCT) &&
        v->category != WATPL_CATEGORY_MARKETING)
        return watpl__diag_add(r, WATPL__R_HEADER_FORMAT_INVALID, component, index, -1, -1,
                               "a %s header is only allowed in MARKETING templates",
                               c->format_raw.s ? c->format_raw.s : "");
    if (c->format != WATPL_HEADER_TEXT) {
        bool media = c->format == WATPL_HEADER_IMAGE || c->format == WATPL_HEADER_VIDEO ||
                     c->format == WATPL_HEADER_DOCUMENT || c->format == WATPL_HEADER_GIF;
        if (media && c->n_handles == 0)
            rc = watpl__diag_add(r, WATPL__R_HEADER_EXAMPLE_MISSING, component, index, -1, -1,
                                 "a media header needs a sample in example.header_handle");
        return rc;
    }
    const watpl__str *t = &c->text;
    if (!t->s || t->len == 0)
        return watpl__diag_add(r, WATPL__R_HEADER_TEXT_MISSING, component, index, -1, -1,
                               "a TEXT header needs text");
    ph_list *l;
    if ((rc = ph_borrow(v, &l)))
        return rc;
    scan(t, l);
    size_t n = watpl__policy_len(v, t);
    if (n > HEADER_MAX)
        rc = watpl__diag_add(r, WATPL__R_HEADER_TEXT_TOO_LONG, component, index, -1, -1,
                             "the header is %zu characters long; the limit is %d", n, HEADER_MAX);
    size_t vars = 0;
    const watpl__placeholder *second = NULL; /* the variable over the limit */
    for (size_t i = 0; i < l->n; i++) {
        if (is_variable(&l->items[i]) && ++vars == 2)
            second = &l->items[i];
    }
    if (!rc && second)
        rc = watpl__diag_add(r, WATPL__R_HEADER_TEXT_TOO_MANY_PARAMS, component, index,
                             (int64_t)second->offset, (int64_t)second->length,
                             "a header may hold only one variable; this one has %zu", vars);
    const char *nl = find_newline(t);
    if (!rc && nl)
        rc = watpl__diag_add(r, WATPL__R_HEADER_TEXT_NEWLINE, component, index, nl - t->s, 1,
                             "a header cannot contain a line break");
    size_t off = 0, elen = 0;
    if (!rc && find_markup(t->s, t->len, l, &off))
        rc = watpl__diag_add(r, WATPL__R_HEADER_TEXT_FORMATTING, component, index, (int64_t)off, 1,
                             "headers do not support formatting markup; it is shown as written");
    else if (!rc && watpl__find_emoji(t->s, t->len, &off, &elen))
        rc = watpl__diag_add(r, WATPL__R_HEADER_TEXT_FORMATTING, component, index, (int64_t)off,
                             (int64_t)elen, "WhatsApp Manager does not accept emoji in headers");
    size_t distinct = distinct_variables(t, l);
    if (!rc && distinct > 0 && !examples_cover(c, t, l, distinct))
        rc = watpl__diag_add(r, WATPL__R_HEADER_EXAMPLE_MISSING, component, index, -1, -1,
                             "the header variable needs a sample value (example.header_text)");
    return ph_return(v, l, rc);
}

static bool only_spaces(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (!is_space_byte(s[i]))
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

static bool editor_policy(const watpl__vstate *v)
{
    return v->policy->placement_policy == WATPL_PLACEMENT_EDITOR;
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
static int check_leading(watpl__vstate *v, const watpl__str *t, const ph_list *l, int component,
                         int64_t index)
{
    const watpl__placeholder *first = &l->items[0];
    if (!is_variable(first) || !only_spaces(t->s, first->offset))
        return WATPL_OK;
    int len = (int)(first->length > 40 ? 40 : first->length);
    if (alone_on_line(t, first))
        return watpl__diag_add_sev(v->rep, WATPL__R_BODY_LEADING_PARAM, WATPL_SEVERITY_ERROR, component,
                                   index, (int64_t)first->offset, (int64_t)first->length,
                                   "the body's first line is only %.*s: Meta refuses this (2388299); "
                                   "put a sentence before it", len, t->s + first->offset);
    return watpl__diag_add_sev(v->rep, WATPL__R_BODY_LEADING_PARAM,
                               editor_policy(v) ? WATPL_SEVERITY_ERROR : WATPL_SEVERITY_WARNING, component,
                               index, (int64_t)first->offset, (int64_t)first->length,
                               "the body starts with %.*s: WhatsApp Manager's editor refuses this, though "
                               "Meta has approved such templates through the API", len, t->s + first->offset);
}

/* body.trailing_param: bare trailing variables were approved through the API
 * (warning); a variable followed by final punctuation is what Meta's own
 * samples do (reported under the editor policy only). */
static int check_trailing(watpl__vstate *v, const watpl__str *t, const ph_list *l, int component,
                          int64_t index)
{
    const watpl__placeholder *last = &l->items[l->n - 1];
    if (!is_variable(last) || l->n != l->total)
        return WATPL_OK;
    size_t end = last->offset + last->length, tail = t->len;
    while (tail > end && is_space_byte(t->s[tail - 1]))
        tail--;
    bool bare = tail == end;
    if (tail > end && (t->s[tail - 1] == '.' || t->s[tail - 1] == '!' || t->s[tail - 1] == '?'))
        tail--;
    while (tail > end && is_space_byte(t->s[tail - 1]))
        tail--;
    if (tail != end || (!bare && !editor_policy(v)))
        return WATPL_OK;
    int severity = bare && editor_policy(v) ? WATPL_SEVERITY_ERROR : WATPL_SEVERITY_WARNING;
    int len = (int)(last->length > 40 ? 40 : last->length);
    return watpl__diag_add_sev(v->rep, WATPL__R_BODY_TRAILING_PARAM, severity, component, index,
                               (int64_t)last->offset, (int64_t)last->length,
                               bare ? "the body ends with %.*s: providers' pages and WhatsApp Manager's editor "
                                      "refuse this, though Meta has approved such templates through the API"
                                    : "the body ends with %.*s and punctuation: Meta's own samples do this; "
                                      "some providers refuse it",
                               len, t->s + last->offset);
}

static int check_edges(watpl__vstate *v, const watpl__str *t, const ph_list *l, int component,
                       int64_t index)
{
    if (l->n == 0)
        return WATPL_OK;
    int rc = check_leading(v, t, l, component, index);
    return rc ? rc : check_trailing(v, t, l, component, index);
}

/* body.adjacent_params: Meta approved `Your {{2}} {{3}} at {{4}}` and its own
 * sample writes `{{1}}-{{2}}`; the editor and providers ask for text between. */
static int check_adjacent(watpl__vstate *v, const watpl__str *t, const ph_list *l, int component,
                          int64_t index)
{
    bool editor = editor_policy(v);
    for (size_t i = 1; i < l->n; i++) {
        const watpl__placeholder *a = &l->items[i - 1], *b = &l->items[i];
        if (!is_variable(a) || !is_variable(b))
            continue;
        size_t gap_off = a->offset + a->length;
        size_t gap = b->offset - gap_off;
        int sep = separation(t->s + gap_off, gap);
        if (sep == 0 || (sep == 1 && !editor))
            continue;
        int severity = WATPL_SEVERITY_WARNING;
        const char *msg = "variables separated only by punctuation: providers' pages ask for words between them";
        if (sep == 2 && (gap == 0 || editor)) {
            severity = WATPL_SEVERITY_ERROR;
            msg = gap == 0 ? "variables must be separated by text: nothing separates these two"
                           : "variables must be separated by text";
        } else if (sep == 2) {
            msg = "variables separated only by a space: WhatsApp Manager's editor refuses this, though "
                  "Meta has approved such templates through the API";
        }
        int rc = watpl__diag_add_sev(v->rep, WATPL__R_BODY_ADJACENT_PARAMS, severity, component, index,
                                     (int64_t)a->offset, (int64_t)(b->offset + b->length - a->offset),
                                     "%s", msg);
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
            if (run == 3)
                return watpl__diag_add(v->rep, WATPL__R_BODY_CONSECUTIVE_NEWLINES, component, index,
                                       (int64_t)start, (int64_t)(i + 1 - start),
                                       "more than one blank line in a row is not allowed");
        } else if (c != '\r') {
            run = 0;
        }
    }
    return WATPL_OK;
}

static const char *const shorteners[] = {"bit.ly", "tinyurl.com", "goo.gl", "t.co", "ow.ly",
                                         "is.gd", "cutt.ly", "rb.gy"};

static bool host_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '-';
}

static bool ieq(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z')
            x = (char)(x - 'A' + 'a');
        if (x != y)
            return false;
    }
    return true;
}

bool watpl__find_shortener(const char *s, size_t len, size_t *off, size_t *slen)
{
    /* every shortener has a dot: only the text around its dots is compared */
    const char *dot = memchr(s, '.', len);
    while (dot) {
        size_t d = (size_t)(dot - s);
        for (size_t k = 0; k < WATPL__ARRAY_LEN(shorteners); k++) {
            size_t o = (size_t)(strchr(shorteners[k], '.') - shorteners[k]);
            if (o > d)
                continue;
            size_t i = d - o, n = strlen(shorteners[k]);
            if (i > 0 && host_char(s[i - 1]))
                continue;
            if (i + n > len || !ieq(s + i, shorteners[k], n))
                continue;
            if (i + n < len && (host_char(s[i + n]) && s[i + n] != '.'))
                continue;
            if (i + n + 1 < len && s[i + n] == '.' && host_char(s[i + n + 1]))
                continue;
            *off = i;
            *slen = n;
            return true;
        }
        dot = d + 1 < len ? memchr(dot + 1, '.', len - d - 1) : NULL;
    }
    return false;
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
            bool left = i == 0 || !host_char(t->s[i - 1]);
            bool right = i + n == t->len || !host_char(t->s[i + n]);
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

static int check_body_counts(watpl__vstate *v, const watpl__component *c, const ph_list *l,
                             int component, int64_t index)
{
    const watpl__str *t = &c->text;
    size_t distinct = distinct_variables(t, l);
    int rc = WATPL_OK;
    size_t per = (size_t)v->policy->words_per_param;
    if (distinct > 0 && per > 0 && !is_test_exception(v, distinct)) {
        size_t words = watpl__count_plain_words(t->s, t->len);
        if (distinct * per > words)
            rc = watpl__diag_add_sev(v->rep, WATPL__R_BODY_TOO_MANY_PARAMS,
                                     editor_policy(v) ? WATPL_SEVERITY_ERROR : WATPL_SEVERITY_WARNING,
                                     component, index, -1, -1,
                                     "%zu variables with %zu words of text around them (%zu wanted): Meta may "
                                     "refuse this, though it has approved such templates (its own "
                                     "sample_flight_confirmation among them)",
                                     distinct, words, distinct * per);
    }
    size_t emoji = watpl__count_emoji(t->s, t->len);
    int cap = v->category == WATPL_CATEGORY_UTILITY ? v->policy->emoji_cap_utility
                                                    : v->policy->emoji_cap_marketing;
    if (!rc && emoji > (size_t)cap)
        rc = watpl__diag_add(v->rep, WATPL__R_BODY_EMOJI_COUNT, component, index, -1, -1,
                             "the body has %zu emoji; more than %d may be rejected", emoji, cap);
    size_t off = 0, n = 0;
    if (!rc && watpl__find_shortener(t->s, t->len, &off, &n))
        rc = watpl__diag_add(v->rep, WATPL__R_BODY_SHORTENED_URL, component, index, (int64_t)off,
                             (int64_t)n, "links through URL shorteners are often rejected; use the full link");
    if (!rc && find_lost_value(t, &off, &n))
        rc = watpl__diag_add(v->rep, WATPL__R_PARAM_UNDEFINED_LITERAL, component, index, (int64_t)off,
                             (int64_t)n, "'%.*s' looks like a value that was missing when the text was generated",
                             (int)n, t->s + off);
    if (!rc && distinct > 0 && !examples_cover(c, t, l, distinct))
        rc = watpl__diag_add(v->rep, WATPL__R_BODY_EXAMPLE_MISSING, component, index, -1, -1,
                             "the body has %zu variables but %zu sample values (example.body_text)",
                             distinct, c->n_examples + c->n_named);
    return rc;
}

int watpl__check_body(watpl__vstate *v, const watpl__component *c, int component, int64_t index,
                      size_t max_len)
{
    const watpl__str *t = &c->text;
    if (!t->s || only_spaces(t->s, t->len))
        return watpl__diag_add(v->rep, WATPL__R_BODY_EMPTY, component, index, -1, -1,
                               "the body has no text");
    int rc = WATPL_OK;
    size_t n = watpl__policy_len(v, t);
    if (n > max_len)
        rc = watpl__diag_add(v->rep, WATPL__R_BODY_TOO_LONG, component, index, -1, -1,
                             "the body is %zu characters long; the limit here is %zu", n, max_len);
    ph_list *l;
    int brc = ph_borrow(v, &l);
    if (brc)
        return brc;
    scan(t, l);
    if (!rc)
        rc = check_edges(v, t, l, component, index);
    if (!rc)
        rc = check_adjacent(v, t, l, component, index);
    if (!rc)
        rc = check_newlines(v, t, component, index);
    if (!rc)
        rc = check_body_counts(v, c, l, component, index);
    return ph_return(v, l, rc);
}

int watpl__check_footer(watpl__vstate *v)
{
    const watpl__component *c = watpl__tpl_component(v->tpl, -1, WATPL_COMPONENT_FOOTER);
    if (!c || !c->text.s || v->category == WATPL_CATEGORY_AUTHENTICATION)
        return WATPL_OK;
    const watpl__str *t = &c->text;
    int rc = WATPL_OK;
    size_t n = watpl__policy_len(v, t);
    if (n > FOOTER_MAX)
        rc = watpl__diag_add(v->rep, WATPL__R_FOOTER_TOO_LONG, WATPL_COMPONENT_FOOTER, -1, -1, -1,
                             "the footer is %zu characters long; the limit is %d", n, FOOTER_MAX);
    ph_list *l;
    int brc = ph_borrow(v, &l);
    if (brc)
        return brc;
    scan(t, l);
    for (size_t i = 0; !rc && i < l->n; i++) {
        if (!is_variable(&l->items[i]))
            continue;
        rc = watpl__diag_add_sev(v->rep, WATPL__R_FOOTER_PARAM, v->policy->footer_param_severity,
                                 WATPL_COMPONENT_FOOTER, -1, (int64_t)l->items[i].offset,
                                 (int64_t)l->items[i].length, "variables are not supported in the footer");
        break;
    }
    const char *nl = find_newline(t);
    if (!rc && nl)
        rc = watpl__diag_add(v->rep, WATPL__R_FOOTER_NEWLINE, WATPL_COMPONENT_FOOTER, -1, nl - t->s, 1,
                             "a footer cannot contain a line break");
    return ph_return(v, l, rc);
}

/* ---- param.* over header and body texts ------------------------------------ */

typedef struct param_seen {
    bool positional, named;
    int64_t first_pos_off, first_named_off;
    int first_pos_comp, first_named_comp;
    int64_t first_pos_index, first_named_index;
} param_seen;

static bool inner_has_letter(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80)
            return true;
    }
    return false;
}

static int check_malformed(watpl__vstate *v, const watpl__str *t, const ph_list *l, int component,
                           int64_t index)
{
    int rc = WATPL_OK;
    for (size_t i = 0; !rc && i < l->n; i++) {
        const watpl__placeholder *p = &l->items[i];
        int64_t off = (int64_t)p->offset, len = (int64_t)p->length;
        switch (p->kind) {
        case WATPL__PH_POSITIONAL:
        case WATPL__PH_NAMED:
            break;
        case WATPL__PH_SPECIAL:
            rc = watpl__diag_add(v->rep, WATPL__R_PARAM_SPECIAL_CHARS, component, index, off, len,
                                 "variables cannot contain #, $ or %%");
            break;
        case WATPL__PH_BAD_NAME:
            if (inner_has_letter(t->s + p->inner_offset, p->inner_length))
                rc = watpl__diag_add(v->rep, WATPL__R_PARAM_NAMED_INVALID, component, index, off, len,
                                     "variable names use lowercase letters, digits and underscores (up to 32)");
            else
                rc = watpl__diag_add(v->rep, WATPL__R_PARAM_MALFORMED, component, index, off, len,
                                     "malformed variable: neither a number nor a name");
            break;
        default:
            rc = watpl__diag_add(v->rep, WATPL__R_PARAM_MALFORMED, component, index, off, len,
                                 "malformed variable: write {{1}} or {{name}} with two braces on each side and no spaces");
            break;
        }
    }
    return rc;
}

static int check_sequence(watpl__vstate *v, const ph_list *l, int component, int64_t index)
{
    int64_t max = 0;
    for (size_t i = 0; i < l->n; i++)
        if (l->items[i].kind == WATPL__PH_POSITIONAL && l->items[i].number > max)
            max = l->items[i].number;
    for (int64_t want = 1; want <= max && want <= (int64_t)PH_KEEP; want++) {
        bool found = false;
        for (size_t i = 0; i < l->n && !found; i++)
            found = l->items[i].kind == WATPL__PH_POSITIONAL && l->items[i].number == want;
        if (!found)
            return watpl__diag_add(v->rep, WATPL__R_PARAM_NOT_SEQUENTIAL, component, index, -1, -1,
                                   "positional variables must be numbered 1 to n without gaps; {{%lld}} is missing",
                                   (long long)want);
    }
    if (max > (int64_t)PH_KEEP)
        return watpl__diag_add(v->rep, WATPL__R_PARAM_NOT_SEQUENTIAL, component, index, -1, -1,
                               "positional variables must be numbered 1 to n without gaps");
    return WATPL_OK;
}

static void note_formats(param_seen *seen, const ph_list *l, int component, int64_t index)
{
    for (size_t i = 0; i < l->n; i++) {
        const watpl__placeholder *p = &l->items[i];
        if (p->kind == WATPL__PH_POSITIONAL && !seen->positional) {
            seen->positional = true;
            seen->first_pos_off = (int64_t)p->offset;
            seen->first_pos_comp = component;
            seen->first_pos_index = index;
        } else if (p->kind == WATPL__PH_NAMED && !seen->named) {
            seen->named = true;
            seen->first_named_off = (int64_t)p->offset;
            seen->first_named_comp = component;
            seen->first_named_index = index;
        }
    }
}

static int params_in(watpl__vstate *v, const watpl__str *t, int component, int64_t index,
                     param_seen *seen, ph_list *l)
{
    if (!t->s)
        return WATPL_OK;
    scan(t, l);
    int rc = check_malformed(v, t, l, component, index);
    if (!rc)
        rc = check_sequence(v, l, component, index);
    note_formats(seen, l, component, index);
    return rc;
}

static int params_of_components(watpl__vstate *v, const watpl__component *cs, size_t n, int card,
                                param_seen *seen, ph_list *l)
{
    int rc = WATPL_OK;
    for (size_t i = 0; !rc && i < n; i++) {
        const watpl__component *c = &cs[i];
        if (c->kind != WATPL_COMPONENT_HEADER && c->kind != WATPL_COMPONENT_BODY)
            continue;
        if (c->kind == WATPL_COMPONENT_HEADER && c->format != WATPL_HEADER_TEXT)
            continue;
        int comp = card >= 0 ? WATPL_COMPONENT_CARD : c->kind;
        rc = params_in(v, &c->text, comp, card, seen, l);
    }
    return rc;
}

int watpl__check_params(watpl__vstate *v)
{
    const watpl_template *t = v->tpl;
    if (v->category == WATPL_CATEGORY_AUTHENTICATION)
        return WATPL_OK; /* the preset text is Meta's */
    ph_list *l;
    int rc = ph_borrow(v, &l);
    if (rc)
        return rc;
    param_seen seen = {0};
    rc = params_of_components(v, t->components, t->n_components, -1, &seen, l);
    const watpl__component *car = watpl__tpl_component(t, -1, WATPL_COMPONENT_CAROUSEL);
    for (size_t k = 0; !rc && car && k < car->n_cards; k++)
        rc = params_of_components(v, car->cards[k].components, car->cards[k].n_components, (int)k,
                                  &seen, l);
    ph_return(v, l, rc);
    if (rc)
        return rc;
    int fmt = t->parameter_format;
    if (seen.positional && seen.named)
        rc = watpl__diag_add(v->rep, WATPL__R_PARAM_MIXED_FORMATS, seen.first_named_comp,
                             seen.first_named_index, seen.first_named_off, -1,
                             "named and positional variables cannot be mixed in one template");
    else if (seen.named && fmt == WATPL_PARAMS_POSITIONAL)
        rc = watpl__diag_add(v->rep, WATPL__R_PARAM_MIXED_FORMATS, seen.first_named_comp,
                             seen.first_named_index, seen.first_named_off, -1,
                             "named variables need \"parameter_format\": \"named\"");
    else if (seen.positional && fmt == WATPL_PARAMS_NAMED)
        rc = watpl__diag_add(v->rep, WATPL__R_PARAM_MIXED_FORMATS, seen.first_pos_comp,
                             seen.first_pos_index, seen.first_pos_off, -1,
                             "the template declares named parameters but uses positional ones");
    return rc;
}
