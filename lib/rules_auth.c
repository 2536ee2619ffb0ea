/* Rules on authentication templates (auth.* of docs/rules.md): Meta's preset
 * texts, the OTP button and the apps of a one-tap or zero-tap button.
 * SPDX-License-Identifier: MIT */
#include <string.h>

#include "validate_internal.h"

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
    if (!h->s || h->len != SIGNATURE_HASH_LEN)
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

static bool listed_before(const watpl__button *b, size_t k)
{
    for (size_t j = 0; j < k; j++)
        if (same_str(&b->apps[j].package_name, &b->apps[k].package_name) &&
            same_str(&b->apps[j].signature_hash, &b->apps[k].signature_hash))
            return true;
    return false;
}

static int check_apps(watpl__vstate *v, const watpl__button *b, int64_t i)
{
    watpl_report *r = v->rep;
    int comp = WATPL_COMPONENT_BUTTONS;
    if (b->n_apps == 0)
        return watpl__diag_add(r, WATPL__R_AUTH_APPS_INVALID, comp, i, -1, -1,
                               "ONE_TAP and ZERO_TAP buttons need supported_apps");
    if (b->n_apps > APPS_MAX)
        return watpl__finding(r, WATPL__R_AUTH_APPS_INVALID, comp, i, -1, -1, APPS_MAX);
    for (size_t k = 0; k < b->n_apps; k++) {
        if (!package_ok(&b->apps[k].package_name))
            return watpl__diag_add(r, WATPL__R_AUTH_APPS_INVALID, comp, i, -1, -1,
                                   "package_name must be 2 or more dot-separated segments starting with a "
                                   "letter, up to %d characters", PACKAGE_MAX);
        if (!hash_ok(&b->apps[k].signature_hash))
            return watpl__diag_add(r, WATPL__R_AUTH_APPS_INVALID, comp, i, -1, -1,
                                   "signature_hash must be exactly %d characters of A-Z a-z 0-9 + / =",
                                   SIGNATURE_HASH_LEN);
        if (listed_before(b, k))
            return watpl__diag_add(r, WATPL__R_AUTH_APPS_INVALID, comp, i, -1, -1,
                                   "the same app is listed twice");
    }
    return WATPL_OK;
}

static bool str_eq(const watpl__str *s, const char *lit)
{
    return s->s && s->len == strlen(lit) && memcmp(s->s, lit, s->len) == 0;
}

static int check_otp_button(watpl__vstate *v, const watpl__button *b, int64_t i)
{
    if (watpl__is_otp_url_button(b))
        return WATPL_OK; /* as Meta returns it: already accepted */
    bool copy = str_eq(&b->otp_type, "COPY_CODE"), one = str_eq(&b->otp_type, "ONE_TAP");
    bool zero = str_eq(&b->otp_type, "ZERO_TAP");
    if (!copy && !one && !zero)
        return watpl__finding(v->rep, WATPL__R_AUTH_OTP_TYPE, WATPL_COMPONENT_BUTTONS, i, -1, -1);
    if ((b->text.s && watpl__policy_len(v, &b->text) > LABEL_MAX) ||
        (b->autofill_text.s && watpl__policy_len(v, &b->autofill_text) > LABEL_MAX))
        return watpl__finding(v->rep, WATPL__R_AUTH_OTP_TEXT, WATPL_COMPONENT_BUTTONS, i, -1, -1, LABEL_MAX);
    if (copy && b->autofill_text.s)
        return watpl__diag_add(v->rep, WATPL__R_AUTH_OTP_TEXT, WATPL_COMPONENT_BUTTONS, i, -1, -1,
                               "a COPY_CODE button has no autofill_text");
    if (copy)
        return WATPL_OK;
    int rc = check_apps(v, b, i);
    if (!rc && zero && b->zero_tap_terms != 1)
        rc = watpl__finding(v->rep, WATPL__R_AUTH_ZERO_TAP_TERMS, WATPL_COMPONENT_BUTTONS, i, -1, -1);
    return rc;
}

static int check_auth_texts(watpl__vstate *v)
{
    const watpl_template *t = v->tpl;
    int rc = WATPL_OK;
    if (watpl__tpl_component(t, -1, WATPL_COMPONENT_HEADER))
        rc = watpl__finding(v->rep, WATPL__R_AUTH_HEADER_NOT_ALLOWED, WATPL_COMPONENT_HEADER, -1, -1, -1);
    const watpl__component *body = watpl__tpl_component(t, -1, WATPL_COMPONENT_BODY);
    if (!rc && body && body->text.s && body->text.len > 0 && !preset_auth_body(&body->text))
        rc = watpl__finding(v->rep, WATPL__R_AUTH_BODY_CUSTOM_TEXT, WATPL_COMPONENT_BODY, -1, -1, -1);
    const watpl__component *foot = watpl__tpl_component(t, -1, WATPL_COMPONENT_FOOTER);
    if (!rc && foot) {
        bool text = foot->text.s && foot->text.len > 0 && !foot->has_code_expiration;
        bool range = foot->has_code_expiration && (foot->code_expiration_minutes < EXPIRATION_MIN ||
                                                   foot->code_expiration_minutes > EXPIRATION_MAX);
        if (text)
            rc = watpl__diag_add(v->rep, WATPL__R_AUTH_FOOTER_INVALID, WATPL_COMPONENT_FOOTER, -1, -1, -1,
                                 "the footer of authentication templates is preset; give only "
                                 "code_expiration_minutes");
        else if (range || (!foot->has_code_expiration && !foot->text.s))
            rc = watpl__finding(v->rep, WATPL__R_AUTH_FOOTER_INVALID, WATPL_COMPONENT_FOOTER, -1, -1, -1,
                                EXPIRATION_MIN, EXPIRATION_MAX);
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
        if (!watpl__is_otp(&bc->buttons[i]))
            continue;
        if (++otp == 2)
            rc = watpl__finding(v->rep, WATPL__R_AUTH_OTP_COUNT, WATPL_COMPONENT_BUTTONS, (int64_t)i, -1, -1);
        else
            rc = check_otp_button(v, &bc->buttons[i], (int64_t)i);
    }
    if (!rc && otp == 0)
        rc = watpl__finding(v->rep, WATPL__R_AUTH_OTP_MISSING, WATPL_COMPONENT_BUTTONS, -1, -1, -1);
    return rc;
}
