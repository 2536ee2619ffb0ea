/* Rules on buttons (buttons.*, button.*) and on authentication templates
 * (auth.*) of docs/rules.md. SPDX-License-Identifier: MIT */
#include <string.h>

#include "limits_internal.h"
#include "text_internal.h"
#include "validate_internal.h"

/* An authentication OTP button as Meta returns it from GET: type URL with
 * Meta's own OTP link. */
static bool is_otp_url_button(const watpl__button *b)
{
    static const char prefix[] = "https://www.whatsapp.com/otp/code";
    return b->type == WATPL_BUTTON_URL && b->url.s && b->url.len >= sizeof prefix - 1 &&
           memcmp(b->url.s, prefix, sizeof prefix - 1) == 0;
}

static bool is_otp(const watpl__button *b)
{
    return b->type == WATPL_BUTTON_OTP || is_otp_url_button(b);
}

static int check_counts(watpl__vstate *v, const watpl__component *c, int comp, int64_t index)
{
    size_t url = 0, phone = 0, copy = 0;
    for (size_t i = 0; i < c->n_buttons; i++) {
        int t = c->buttons[i].type;
        url += t == WATPL_BUTTON_URL && !is_otp_url_button(&c->buttons[i]);
        phone += t == WATPL_BUTTON_PHONE_NUMBER;
        copy += t == WATPL_BUTTON_COPY_CODE;
    }
    int rc = WATPL_OK;
    if (c->n_buttons > BUTTONS_MAX)
        rc = watpl__diag_add(v->rep, WATPL__R_BUTTONS_TOO_MANY, comp, index, -1, -1,
                             "%zu buttons; a template may have at most %d", c->n_buttons, BUTTONS_MAX);
    if (!rc && url > URL_BUTTONS_MAX)
        rc = watpl__diag_add(v->rep, WATPL__R_BUTTONS_URL_TOO_MANY, comp, index, -1, -1,
                             "%zu URL buttons; at most %d are allowed", url, URL_BUTTONS_MAX);
    if (!rc && phone > 1)
        rc = watpl__diag_add(v->rep, WATPL__R_BUTTONS_PHONE_TOO_MANY, comp, index, -1, -1,
                             "%zu phone number buttons; at most one is allowed", phone);
    if (!rc && copy > 1)
        rc = watpl__diag_add(v->rep, WATPL__R_BUTTONS_COPY_CODE_TOO_MANY, comp, index, -1, -1,
                             "%zu copy code buttons; at most one is allowed", copy);
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
            return watpl__diag_add(v->rep, WATPL__R_BUTTONS_GROUPING, comp,
                                   comp == WATPL_COMPONENT_CARD ? index : (int64_t)i, -1, -1,
                                   "quick reply buttons must be grouped together, before or after the other buttons");
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
                  is_otp_url_button(b);
    if (!t->s || t->len == 0)
        return preset ? WATPL_OK
                      : watpl__diag_add(v->rep, WATPL__R_BUTTON_TEXT_MISSING, comp, i, -1, -1,
                                        "the button has no label");
    if (preset)
        return WATPL_OK; /* OTP labels are checked by auth.otp.text */
    size_t n = watpl__policy_len(v, t);
    if (n > LABEL_MAX)
        return watpl__diag_add(v->rep, WATPL__R_BUTTON_TEXT_TOO_LONG, comp, i, -1, -1,
                               "the label is %zu characters long; the limit is %d", n, LABEL_MAX);
    if (watpl__has_placeholder(t->s, t->len))
        return watpl__diag_add(v->rep, WATPL__R_BUTTON_TEXT_PARAM, comp, i, -1, -1,
                               "button labels cannot contain variables");
    size_t off, len;
    if (has_markup_char(t) || watpl__find_emoji(t->s, t->len, &off, &len))
        return watpl__diag_add(v->rep, WATPL__R_BUTTON_TEXT_FORMATTING, comp, i, -1, -1,
                               "button labels cannot contain line breaks, emoji or formatting markup");
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
        return watpl__diag_add(v->rep, WATPL__R_BUTTON_URL_MISSING, comp, i, -1, -1,
                               "the URL button has no url");
    size_t n = watpl__policy_len(v, u);
    if (n > URL_MAX)
        return watpl__diag_add(v->rep, WATPL__R_BUTTON_URL_TOO_LONG, comp, i, -1, -1,
                               "the URL is %zu characters long; the limit is %d", n, URL_MAX);
    size_t ho = 0, hl = 0;
    if (!url_host(u, &ho, &hl))
        return watpl__diag_add(v->rep, WATPL__R_BUTTON_URL_INVALID, comp, i, -1, -1,
                               "the URL must be an absolute http:// or https:// address");
    if (whatsapp_link(u, ho, hl))
        return watpl__diag_add(v->rep, WATPL__R_BUTTON_URL_WHATSAPP_LINK, comp, i, (int64_t)ho,
                               (int64_t)hl, "buttons cannot link to WhatsApp itself");
    url_vars uv = {0};
    watpl__scan_placeholders(u->s, u->len, count_url_var, &uv);
    int rc = WATPL_OK;
    size_t tail = u->len;
    if (uv.count > 1 || (uv.count == 1 && uv.last_end != tail))
        rc = watpl__diag_add(v->rep, WATPL__R_BUTTON_URL_PARAM_POSITION, comp, i,
                             (int64_t)uv.first_off, (int64_t)uv.first_len,
                             "a URL may hold one variable, {{1}}, at its very end");
    else if (uv.count == 1 && b->n_examples == 0)
        rc = watpl__diag_add(v->rep, WATPL__R_BUTTON_URL_EXAMPLE_MISSING, comp, i, -1, -1,
                             "the URL variable needs a sample value (example)");
    size_t so, sl;
    if (!rc && watpl__find_shortener(u->s + ho, hl, &so, &sl) && so == 0 && sl == hl)
        rc = watpl__diag_add(v->rep, WATPL__R_BUTTON_URL_SHORTENER, comp, i, (int64_t)ho, (int64_t)hl,
                             "links through URL shorteners are often rejected; use the full link");
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
    if (ok && digits >= 7 && digits <= 15)
        return WATPL_OK;
    return watpl__diag_add(v->rep, WATPL__R_BUTTON_PHONE_INVALID, comp, i, -1, -1,
                           "the phone number must be 7 to 15 digits with the country code first (+ optional)");
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
    return watpl__diag_add(v->rep, WATPL__R_BUTTON_COPY_CODE_EXAMPLE, comp, i, -1, -1,
                           "a copy code button needs an example code of 1 to 15 letters or digits");
}

static int check_one(watpl__vstate *v, const watpl__button *b, int comp, int64_t i)
{
    bool auth = v->category == WATPL_CATEGORY_AUTHENTICATION;
    if (b->type == WATPL_BUTTON_UNKNOWN)
        return watpl__diag_add(v->rep, WATPL__R_BUTTON_TYPE_INVALID, comp, i, -1, -1,
                               "'%s' is not a button type", WATPL__CLIP(b->type_raw.s, b->type_raw.len, 30));
    if (is_otp(b) != auth && v->category != WATPL_CATEGORY_NONE)
        return watpl__diag_add(v->rep, WATPL__R_BUTTON_TYPE_NOT_ALLOWED, comp, i, -1, -1,
                               auth ? "authentication templates take only an OTP button"
                                    : "OTP buttons are only for AUTHENTICATION templates");
    if (is_otp(b))
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
                return watpl__diag_add(v->rep, WATPL__R_BUTTON_TEXT_DUPLICATE, comp, (int64_t)i, -1,
                                       -1, "two buttons have the label '%s'", WATPL__CLIP(a->s, a->len, 30));
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

/* ---- authentication ---------------------------------------------------------- */

/* The preset body as Meta returns it: its one variable written in bold. */
static bool preset_auth_body(const watpl__str *t)
{
    return t->s && t->len > 0 && strstr(t->s, "*{{1}}*") != NULL;
}

static bool package_ok(const watpl__str *p)
{
    if (!p->s || p->len == 0 || p->len > PACKAGE_MAX)
        return false;
    size_t segments = 0;
    bool at_start = true;
    for (size_t i = 0; i < p->len; i++) {
        char c = p->s[i];
        bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        bool digit = c >= '0' && c <= '9';
        if (c == '.') {
            if (at_start)
                return false;
            at_start = true;
        } else if (at_start) {
            if (!letter)
                return false;
            segments++;
            at_start = false;
        } else if (!letter && !digit && c != '_') {
            return false;
        }
    }
    return !at_start && segments >= 2;
}

static bool hash_ok(const watpl__str *h)
{
    if (!h->s || h->len != 11)
        return false;
    for (size_t i = 0; i < h->len; i++) {
        char c = h->s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '+' || c == '/' || c == '='))
            return false;
    }
    return true;
}

static bool same_str(const watpl__str *a, const watpl__str *b)
{
    return a->s && b->s && a->len == b->len && memcmp(a->s, b->s, a->len) == 0;
}

static int check_apps(watpl__vstate *v, const watpl__button *b, int64_t i)
{
    const char *why = NULL;
    if (b->n_apps == 0)
        why = "ONE_TAP and ZERO_TAP buttons need supported_apps";
    else if (b->n_apps > APPS_MAX)
        why = "at most 5 supported apps";
    for (size_t k = 0; !why && k < b->n_apps; k++) {
        if (!package_ok(&b->apps[k].package_name))
            why = "package_name must be 2 or more dot-separated segments starting with a letter, up to 224 characters";
        else if (!hash_ok(&b->apps[k].signature_hash))
            why = "signature_hash must be exactly 11 characters of A-Z a-z 0-9 + / =";
        for (size_t j = 0; !why && j < k; j++)
            if (same_str(&b->apps[j].package_name, &b->apps[k].package_name) &&
                same_str(&b->apps[j].signature_hash, &b->apps[k].signature_hash))
                why = "the same app is listed twice";
    }
    return why ? watpl__diag_add(v->rep, WATPL__R_AUTH_APPS_INVALID, WATPL_COMPONENT_BUTTONS, i, -1, -1,
                                 "%s", why)
               : WATPL_OK;
}

static bool str_eq(const watpl__str *s, const char *lit)
{
    return s->s && s->len == strlen(lit) && memcmp(s->s, lit, s->len) == 0;
}

static int check_otp_button(watpl__vstate *v, const watpl__button *b, int64_t i)
{
    if (is_otp_url_button(b))
        return WATPL_OK; /* as Meta returns it: already accepted */
    bool copy = str_eq(&b->otp_type, "COPY_CODE"), one = str_eq(&b->otp_type, "ONE_TAP");
    bool zero = str_eq(&b->otp_type, "ZERO_TAP");
    if (!copy && !one && !zero)
        return watpl__diag_add(v->rep, WATPL__R_AUTH_OTP_TYPE, WATPL_COMPONENT_BUTTONS, i, -1, -1,
                               "otp_type must be COPY_CODE, ONE_TAP or ZERO_TAP");
    if ((b->text.s && watpl__policy_len(v, &b->text) > LABEL_MAX) ||
        (b->autofill_text.s && watpl__policy_len(v, &b->autofill_text) > LABEL_MAX))
        return watpl__diag_add(v->rep, WATPL__R_AUTH_OTP_TEXT, WATPL_COMPONENT_BUTTONS, i, -1, -1,
                               "OTP button labels are limited to %d characters", LABEL_MAX);
    if (copy && b->autofill_text.s)
        return watpl__diag_add(v->rep, WATPL__R_AUTH_OTP_TEXT, WATPL_COMPONENT_BUTTONS, i, -1, -1,
                               "a COPY_CODE button has no autofill_text");
    if (copy)
        return WATPL_OK;
    int rc = check_apps(v, b, i);
    if (!rc && zero && b->zero_tap_terms != 1)
        rc = watpl__diag_add(v->rep, WATPL__R_AUTH_ZERO_TAP_TERMS, WATPL_COMPONENT_BUTTONS, i, -1, -1,
                             "ZERO_TAP needs \"zero_tap_terms_accepted\": true");
    return rc;
}

static int check_auth_texts(watpl__vstate *v)
{
    const watpl_template *t = v->tpl;
    int rc = WATPL_OK;
    if (watpl__tpl_component(t, -1, WATPL_COMPONENT_HEADER))
        rc = watpl__diag_add(v->rep, WATPL__R_AUTH_HEADER_NOT_ALLOWED, WATPL_COMPONENT_HEADER, -1, -1, -1,
                             "authentication templates have no header");
    const watpl__component *body = watpl__tpl_component(t, -1, WATPL_COMPONENT_BODY);
    if (!rc && body && body->text.s && body->text.len > 0 && !preset_auth_body(&body->text))
        rc = watpl__diag_add(v->rep, WATPL__R_AUTH_BODY_CUSTOM_TEXT, WATPL_COMPONENT_BODY, -1, -1, -1,
                             "the text of authentication templates is preset by Meta; remove \"text\"");
    const watpl__component *foot = watpl__tpl_component(t, -1, WATPL_COMPONENT_FOOTER);
    if (!rc && foot) {
        bool text = foot->text.s && foot->text.len > 0 && !foot->has_code_expiration;
        bool range = foot->has_code_expiration && (foot->code_expiration_minutes < EXPIRATION_MIN ||
                                                   foot->code_expiration_minutes > EXPIRATION_MAX);
        if (text || range || (!foot->has_code_expiration && !foot->text.s))
            rc = watpl__diag_add(v->rep, WATPL__R_AUTH_FOOTER_INVALID, WATPL_COMPONENT_FOOTER, -1, -1, -1,
                                 text ? "the footer of authentication templates is preset; give only code_expiration_minutes"
                                      : "code_expiration_minutes must be between 1 and 90");
    }
    return rc;
}

int watpl__check_auth(watpl__vstate *v)
{
    if (v->category != WATPL_CATEGORY_AUTHENTICATION)
        return WATPL_OK;
    int rc = check_auth_texts(v);
    const watpl__component *bc = watpl__tpl_component(v->tpl, -1, WATPL_COMPONENT_BUTTONS);
    size_t otp = 0;
    for (size_t i = 0; !rc && bc && i < bc->n_buttons; i++) {
        if (!is_otp(&bc->buttons[i]))
            continue;
        if (++otp == 2)
            rc = watpl__diag_add(v->rep, WATPL__R_AUTH_OTP_COUNT, WATPL_COMPONENT_BUTTONS, (int64_t)i, -1, -1,
                                 "an authentication template has exactly one OTP button");
        else
            rc = check_otp_button(v, &bc->buttons[i], (int64_t)i);
    }
    if (!rc && otp == 0)
        rc = watpl__diag_add(v->rep, WATPL__R_AUTH_OTP_MISSING, WATPL_COMPONENT_BUTTONS, -1, -1, -1,
                             "an authentication template needs an OTP button");
    return rc;
}
