/* Rules on the header (header.* of docs/rules.md): its format, and the text
 * of a TEXT header. SPDX-License-Identifier: MIT */
#include <string.h>

#include "validate_internal.h"

/* Markup: a `*`, `_`, `~` or backtick that opens a span closed by the same
 * character, outside placeholders (named variables contain underscores). */
static bool find_markup(const char *s, size_t len, const watpl__ph_list *l, size_t *off)
{
    size_t next_ph = 0;
    for (size_t i = 0; i + 2 < len; i++) {
        char c = s[i];
        if (c != '*' && c != '_' && c != '~' && c != '`')
            continue;
        while (next_ph < l->n && l->items[next_ph].offset + l->items[next_ph].length <= i)
            next_ph++;
        bool inside = next_ph < l->n && i >= l->items[next_ph].offset;
        if (inside || watpl__is_space_byte(s[i + 1]))
            continue;
        /* the closing mark is the next c on the line: linear over the text */
        size_t j = i + 2;
        while (j < len && s[j] != c && s[j] != '\n')
            j++;
        if (j < len && s[j] == c && !watpl__is_space_byte(s[j - 1])) {
            *off = i;
            return true;
        }
    }
    return false;
}

/* header.format.invalid and header.example.missing of a media header; true
 * when the header is not a TEXT one (nothing more to check). */
static bool check_format(watpl__vstate *v, const watpl__component *c, int component, int64_t index,
                         int *rc)
{
    watpl_report *r = v->rep;
    if (c->format == WATPL_HEADER_NONE || c->format == WATPL_HEADER_UNKNOWN) {
        *rc = watpl__finding(r, WATPL__R_HEADER_FORMAT_INVALID, component, index, -1, -1,
                             WATPL__CLIP(c->format_raw.s, c->format_raw.len, 30));
        return true;
    }
    if ((c->format == WATPL_HEADER_GIF || c->format == WATPL_HEADER_PRODUCT) &&
        v->category != WATPL_CATEGORY_MARKETING) {
        *rc = watpl__diag_add(r, WATPL__R_HEADER_FORMAT_INVALID, component, index, -1, -1,
                              "a %s header is only allowed in MARKETING templates",
                              c->format_raw.s ? c->format_raw.s : "");
        return true;
    }
    if (c->format == WATPL_HEADER_TEXT)
        return false;
    bool media = c->format == WATPL_HEADER_IMAGE || c->format == WATPL_HEADER_VIDEO ||
                 c->format == WATPL_HEADER_DOCUMENT || c->format == WATPL_HEADER_GIF;
    if (media && c->n_handles == 0)
        *rc = watpl__diag_add(r, WATPL__R_HEADER_EXAMPLE_MISSING, component, index, -1, -1,
                              "a media header needs a sample in example.header_handle");
    return true;
}

int watpl__check_header(watpl__vstate *v, const watpl__component *c, int component, int64_t index)
{
    watpl_report *r = v->rep;
    int rc = WATPL_OK;
    if (check_format(v, c, component, index, &rc))
        return rc;
    const watpl__str *t = &c->text;
    if (!t->s || t->len == 0)
        return watpl__finding(r, WATPL__R_HEADER_TEXT_MISSING, component, index, -1, -1);
    watpl__ph_list *l;
    if ((rc = watpl__ph_borrow(v, &l)))
        return rc;
    watpl__ph_scan(t, l);
    size_t n = watpl__policy_len(v, t);
    if (n > HEADER_MAX)
        rc = watpl__finding(r, WATPL__R_HEADER_TEXT_TOO_LONG, component, index, -1, -1, n, HEADER_MAX);
    size_t vars = 0;
    const watpl__placeholder *over = NULL; /* the variable over the limit */
    for (size_t i = 0; i < l->n; i++) {
        if (watpl__ph_is_variable(&l->items[i]) && ++vars == HEADER_PARAMS_MAX + 1)
            over = &l->items[i];
    }
    if (!rc && over)
        rc = watpl__finding(r, WATPL__R_HEADER_TEXT_TOO_MANY_PARAMS, component, index,
                            (int64_t)over->offset, (int64_t)over->length, vars);
    const char *nl = watpl__find_newline(t);
    if (!rc && nl)
        rc = watpl__finding(r, WATPL__R_HEADER_TEXT_NEWLINE, component, index, nl - t->s, 1);
    size_t off = 0, elen = 0;
    if (!rc && find_markup(t->s, t->len, l, &off))
        rc = watpl__finding(r, WATPL__R_HEADER_TEXT_FORMATTING, component, index, (int64_t)off, 1);
    else if (!rc && watpl__find_emoji(t->s, t->len, &off, &elen))
        rc = watpl__diag_add(r, WATPL__R_HEADER_TEXT_FORMATTING, component, index, (int64_t)off,
                             (int64_t)elen, "WhatsApp Manager does not accept emoji in headers");
    size_t distinct = watpl__ph_distinct(t, l);
    if (!rc && distinct > 0 && !watpl__examples_cover(c, t, l, distinct))
        rc = watpl__finding(r, WATPL__R_HEADER_EXAMPLE_MISSING, component, index, -1, -1);
    return watpl__ph_return(v, l, rc);
}
