/* Rules on buttons (buttons.*, button.* of docs/rules.md): their counts and
 * order, labels, URLs, phone numbers and copy codes. The OTP button of an
 * AUTHENTICATION template is checked by auth.* (rules_auth.c).
 * SPDX-License-Identifier: MIT */
#include <string.h>

#include "validate_internal.h"

static int check_counts(watpl__vstate *v, const watpl__component *c, int comp, int64_t index)
{
    size_t url = 0, phone = 0, copy = 0;
    for (size_t i = 0; i < c->n_buttons; i++) {
        int t = c->buttons[i].type;
        url += t == WATPL_BUTTON_URL && !watpl__is_otp_url_button(&c->buttons[i]);
        phone += t == WATPL_BUTTON_PHONE_NUMBER;
        copy += t == WATPL_BUTTON_COPY_CODE;
    }
    int rc = WATPL_OK;
    if (c->n_buttons > BUTTONS_MAX)
        rc = watpl__finding(v->rep, WATPL__R_BUTTONS_TOO_MANY, comp, index, -1, -1, c->n_buttons, BUTTONS_MAX);
    if (!rc && url > URL_BUTTONS_MAX)
        rc = watpl__finding(v->rep, WATPL__R_BUTTONS_URL_TOO_MANY, comp, index, -1, -1, url, URL_BUTTONS_MAX);
    if (!rc && phone > PHONE_BUTTONS_MAX)
        rc = watpl__finding(v->rep, WATPL__R_BUTTONS_PHONE_TOO_MANY, comp, index, -1, -1, phone);
    if (!rc && copy > COPY_CODE_BUTTONS_MAX)
        rc = watpl__finding(v->rep, WATPL__R_BUTTONS_COPY_CODE_TOO_MANY, comp, index, -1, -1, copy);
    return rc;
}

/* Quick replies must form one group: at most one switch between quick
 * replies and other buttons. */
static int check_grouping(watpl__vstate *v, const watpl__component *c, int comp, int64_t index)
{
    size_t switches = 0;
    for (size_t i = 1; i < c->n_buttons; i++) {
        bool a = c->buttons[i - 1].type == WATPL_BUTTON_QUICK_REPLY;
        bool b = c->buttons[i].type == WATPL_BUTTON_QUICK_REPLY;
        if (a != b && ++switches == 2)
            return watpl__finding(v->rep, WATPL__R_BUTTONS_GROUPING, comp,
                                  comp == WATPL_COMPONENT_CARD ? index : (int64_t)i, -1, -1);
    }
    return WATPL_OK;
}

static bool has_markup_char(const watpl__str *s)
{
    for (size_t i = 0; i < s->len; i++)
        if (s->s[i] == '*' || s->s[i] == '_' || s->s[i] == '~' || s->s[i] == '\n')
            return true;
    return false;
}

static int check_label(watpl__vstate *v, const watpl__button *b, int comp, int64_t i)
{
    const watpl__str *t = &b->text;
    bool preset = b->type == WATPL_BUTTON_OTP || b->type == WATPL_BUTTON_COPY_CODE ||
                  watpl__is_otp_url_button(b);
    if (!t->s || t->len == 0)
        return preset ? WATPL_OK
                      : watpl__finding(v->rep, WATPL__R_BUTTON_TEXT_MISSING, comp, i, -1, -1);
    if (preset)
        return WATPL_OK; /* OTP labels are checked by auth.otp.text */
    size_t n = watpl__policy_len(v, t);
    if (n > LABEL_MAX)
        return watpl__finding(v->rep, WATPL__R_BUTTON_TEXT_TOO_LONG, comp, i, -1, -1, n, LABEL_MAX);
    if (watpl__has_placeholder(t->s, t->len))
        return watpl__finding(v->rep, WATPL__R_BUTTON_TEXT_PARAM, comp, i, -1, -1);
    size_t off, len;
    if (has_markup_char(t) || watpl__find_emoji(t->s, t->len, &off, &len))
        return watpl__finding(v->rep, WATPL__R_BUTTON_TEXT_FORMATTING, comp, i, -1, -1);
    return WATPL_OK;
}

static bool ci_prefix(const char *s, size_t len, const char *p)
{
    size_t n = strlen(p);
    if (len < n)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != p[i])
            return false;
    }
    return true;
}

/* Host of an absolute http(s) URL; false if the URL is not one. */
static bool url_host(const watpl__str *u, size_t *host_off, size_t *host_len)
{
    size_t start;
    if (ci_prefix(u->s, u->len, "https://"))
        start = 8;
    else if (ci_prefix(u->s, u->len, "http://"))
        start = 7;
    else
        return false;
    size_t end = start;
    while (end < u->len && u->s[end] != '/' && u->s[end] != '?' && u->s[end] != '#' &&
           u->s[end] != ':')
        end++;
    if (end == start)
        return false;
    for (size_t i = start; i < end; i++) {
        unsigned char c = (unsigned char)u->s[i];
        if (c <= ' ' || c == '{' || c == '}')
            return false;
    }
    *host_off = start;
    *host_len = end - start;
    return true;
}

static bool host_is(const char *h, size_t n, const char *domain)
{
    size_t d = strlen(domain);
    if (n == d)
        return ci_prefix(h, n, domain);
    return n > d && h[n - d - 1] == '.' && ci_prefix(h + n - d, d, domain);
}

static bool whatsapp_link(const watpl__str *u, size_t ho, size_t hl)
{
    const char *h = u->s + ho;
    if (host_is(h, hl, "wa.me") || host_is(h, hl, "api.whatsapp.com") ||
        host_is(h, hl, "chat.whatsapp.com"))
        return true;
    return host_is(h, hl, "whatsapp.com") && ci_prefix(h + hl, u->len - ho - hl, "/send");
}

typedef struct url_vars {
    size_t count;
    size_t last_end;
    size_t first_off, first_len;
} url_vars;

static bool count_url_var(const watpl__placeholder *p, void *ud)
{
    url_vars *uv = ud;
    if (uv->count++ == 0) {
        uv->first_off = p->offset;
        uv->first_len = p->length;
    }
    uv->last_end = p->offset + p->length;
    return true;
}

static int check_url(watpl__vstate *v, const watpl__button *b, int comp, int64_t i)
{
    const watpl__str *u = &b->url;
    if (!u->s || u->len == 0)
        return watpl__finding(v->rep, WATPL__R_BUTTON_URL_MISSING, comp, i, -1, -1);
    size_t n = watpl__policy_len(v, u);
    if (n > URL_MAX)
        return watpl__finding(v->rep, WATPL__R_BUTTON_URL_TOO_LONG, comp, i, -1, -1, n, URL_MAX);
    size_t ho = 0, hl = 0;
    if (!url_host(u, &ho, &hl))
        return watpl__finding(v->rep, WATPL__R_BUTTON_URL_INVALID, comp, i, -1, -1);
    if (whatsapp_link(u, ho, hl))
        return watpl__finding(v->rep, WATPL__R_BUTTON_URL_WHATSAPP_LINK, comp, i, (int64_t)ho,
                              (int64_t)hl);
    url_vars uv = {0};
    watpl__scan_placeholders(u->s, u->len, count_url_var, &uv);
    int rc = WATPL_OK;
    size_t tail = u->len;
    if (uv.count > 1 || (uv.count == 1 && uv.last_end != tail))
        rc = watpl__finding(v->rep, WATPL__R_BUTTON_URL_PARAM_POSITION, comp, i,
                            (int64_t)uv.first_off, (int64_t)uv.first_len);
    else if (uv.count == 1 && b->n_examples == 0)
        rc = watpl__finding(v->rep, WATPL__R_BUTTON_URL_EXAMPLE_MISSING, comp, i, -1, -1);
    size_t so, sl;
    if (!rc && watpl__find_shortener(u->s + ho, hl, &so, &sl) && so == 0 && sl == hl)
        rc = watpl__finding(v->rep, WATPL__R_BUTTON_URL_SHORTENER, comp, i, (int64_t)ho, (int64_t)hl);
    return rc;
}

static int check_phone(watpl__vstate *v, const watpl__button *b, int comp, int64_t i)
{
    const watpl__str *p = &b->phone_number;
    size_t digits = 0;
    /* The leading + is optional: Meta's own examples omit it. */
    bool ok = p->s && p->len > 0 && p->len <= PHONE_RAW_MAX;
    for (size_t k = ok && p->s[0] == '+' ? 1 : 0; ok && k < p->len; k++) {
        char c = p->s[k];
        if (c >= '0' && c <= '9')
            digits++;
        else if (c != ' ' && c != '-')
            ok = false;
    }
    if (ok && digits >= PHONE_DIGITS_MIN && digits <= PHONE_DIGITS_MAX)
        return WATPL_OK;
    return watpl__finding(v->rep, WATPL__R_BUTTON_PHONE_INVALID, comp, i, -1, -1, PHONE_DIGITS_MIN,
                          PHONE_DIGITS_MAX);
}

static bool alnum_only(const watpl__str *s)
{
    for (size_t i = 0; i < s->len; i++) {
        char c = s->s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
            return false;
    }
    return true;
}

static int check_copy_code(watpl__vstate *v, const watpl__button *b, int comp, int64_t i)
{
    const watpl__str *e = b->n_examples ? &b->examples[0] : NULL;
    if (e && e->s && e->len > 0 && e->len <= CODE_MAX && alnum_only(e))
        return WATPL_OK;
    return watpl__finding(v->rep, WATPL__R_BUTTON_COPY_CODE_EXAMPLE, comp, i, -1, -1, CODE_MAX);
}

static int check_one(watpl__vstate *v, const watpl__button *b, int comp, int64_t i)
{
    bool auth = v->category == WATPL_CATEGORY_AUTHENTICATION;
    if (b->type == WATPL_BUTTON_UNKNOWN)
        return watpl__finding(v->rep, WATPL__R_BUTTON_TYPE_INVALID, comp, i, -1, -1,
                              WATPL__CLIP(b->type_raw.s, b->type_raw.len, 30));
    if (watpl__is_otp(b) != auth && v->category != WATPL_CATEGORY_NONE)
        return auth ? watpl__diag_add(v->rep, WATPL__R_BUTTON_TYPE_NOT_ALLOWED, comp, i, -1, -1,
                                      "authentication templates take only an OTP button")
                    : watpl__finding(v->rep, WATPL__R_BUTTON_TYPE_NOT_ALLOWED, comp, i, -1, -1);
    if (watpl__is_otp(b))
        return WATPL_OK;
    int rc = check_label(v, b, comp, i);
    if (!rc && b->type == WATPL_BUTTON_URL)
        rc = check_url(v, b, comp, i);
    if (!rc && b->type == WATPL_BUTTON_PHONE_NUMBER)
        rc = check_phone(v, b, comp, i);
    if (!rc && b->type == WATPL_BUTTON_COPY_CODE)
        rc = check_copy_code(v, b, comp, i);
    return rc;
}

static int check_duplicates(watpl__vstate *v, const watpl__component *c, int comp)
{
    for (size_t i = 1; i < c->n_buttons; i++) {
        const watpl__str *a = &c->buttons[i].text;
        for (size_t j = 0; a->s && a->len && j < i; j++) {
            const watpl__str *b = &c->buttons[j].text;
            if (b->s && b->len == a->len && memcmp(a->s, b->s, a->len) == 0)
                return watpl__finding(v->rep, WATPL__R_BUTTON_TEXT_DUPLICATE, comp, (int64_t)i, -1, -1,
                                      WATPL__CLIP(a->s, a->len, 30));
        }
    }
    return WATPL_OK;
}

int watpl__check_buttons(watpl__vstate *v, const watpl__component *c, int component,
                         int64_t index)
{
    /* Buttons of a carousel card are positioned on the card; others by button index. */
    bool card = component == WATPL_COMPONENT_CARD;
    int rc = check_counts(v, c, component, card ? index : -1);
    if (!rc)
        rc = check_grouping(v, c, component, index);
    for (size_t i = 0; !rc && i < c->n_buttons; i++)
        rc = check_one(v, &c->buttons[i], component, card ? index : (int64_t)i);
    if (!rc)
        rc = check_duplicates(v, c, component);
    return rc;
}
