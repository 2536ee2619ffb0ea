/* Helpers that several rule files use: the placeholder list of a text, the
 * examples of a component, URL shorteners, Meta's OTP link. Below the rule
 * files (validate_internal.h); it adds no finding. SPDX-License-Identifier: MIT */
#include <string.h>

#include "validate_internal.h"

static void release_ph(const watpl__alloc *a, void *obj)
{
    watpl__mfree(a, obj);
}

int watpl__ph_borrow(watpl__vstate *v, watpl__ph_list **l)
{
    void *obj;
    int rc = watpl__wksp_borrow(v->ctx, WATPL__SLOT_PLACEHOLDERS, &obj);
    *l = obj;
    if (rc)
        return rc;
    if (!*l && !(*l = watpl__malloc(&v->ctx->alloc, sizeof(watpl__ph_list)))) {
        watpl__wksp_return(v->ctx, WATPL__SLOT_PLACEHOLDERS, NULL, release_ph);
        return WATPL_ENOMEM;
    }
    return WATPL_OK;
}

int watpl__ph_return(watpl__vstate *v, watpl__ph_list *l, int rc)
{
    watpl__wksp_return(v->ctx, WATPL__SLOT_PLACEHOLDERS, l, release_ph);
    return rc;
}

static bool collect_ph(const watpl__placeholder *ph, void *ud)
{
    watpl__ph_list *l = ud;
    if (l->n < WATPL__PH_KEEP)
        l->items[l->n++] = *ph;
    l->total++;
    return true;
}

void watpl__ph_scan(const watpl__str *s, watpl__ph_list *l)
{
    l->n = 0;
    l->total = 0;
    if (s->s)
        watpl__scan_placeholders(s->s, s->len, collect_ph, l);
}

size_t watpl__ph_distinct(const watpl__str *s, const watpl__ph_list *l)
{
    size_t n = 0;
    for (size_t i = 0; i < l->n; i++) {
        const watpl__placeholder *p = &l->items[i];
        if (!watpl__ph_is_variable(p))
            continue;
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++) {
            const watpl__placeholder *q = &l->items[j];
            if (!watpl__ph_is_variable(q) || q->kind != p->kind)
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

bool watpl__examples_cover(const watpl__component *c, const watpl__str *text, const watpl__ph_list *l,
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

const char *watpl__find_newline(const watpl__str *s)
{
    return s->s ? memchr(s->s, '\n', s->len) : NULL;
}

static const char *const shorteners[] = {"bit.ly", "tinyurl.com", "goo.gl", "t.co", "ow.ly",
                                         "is.gd", "cutt.ly", "rb.gy"};

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
            if (i > 0 && watpl__is_host_char(s[i - 1]))
                continue;
            if (i + n > len || !ieq(s + i, shorteners[k], n))
                continue;
            if (i + n < len && (watpl__is_host_char(s[i + n]) && s[i + n] != '.'))
                continue;
            if (i + n + 1 < len && s[i + n] == '.' && watpl__is_host_char(s[i + n + 1]))
                continue;
            *off = i;
            *slen = n;
            return true;
        }
        dot = d + 1 < len ? memchr(dot + 1, '.', len - d - 1) : NULL;
    }
    return false;
}

bool watpl__is_otp_url_button(const watpl__button *b)
{
    static const char prefix[] = "https://www.whatsapp.com/otp/code";
    return b->type == WATPL_BUTTON_URL && b->url.s && b->url.len >= sizeof prefix - 1 &&
           memcmp(b->url.s, prefix, sizeof prefix - 1) == 0;
}
