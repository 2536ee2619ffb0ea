/* Template builder (setters) and getters of the public API.
 * SPDX-License-Identifier: MIT */
#include <string.h>

#include "template_internal.h"

/* Components of the template (card < 0) or of carousel card `card`. */
typedef struct target {
    watpl__component **cs;
    size_t *n;
} target;

static watpl__component *find_mut(watpl__component *cs, size_t n, int kind)
{
    for (size_t i = 0; i < n; i++)
        if (cs[i].kind == kind)
            return &cs[i];
    return NULL;
}

static int get_target(watpl_template *t, int card, target *tg)
{
    if (card < 0) {
        tg->cs = &t->components;
        tg->n = &t->n_components;
        return WATPL_OK;
    }
    watpl__component *car = find_mut(t->components, t->n_components, WATPL_COMPONENT_CAROUSEL);
    if (!car || (size_t)card >= car->n_cards)
        return WATPL_ENOTFOUND;
    tg->cs = &car->cards[card].components;
    tg->n = &car->cards[card].n_components;
    return WATPL_OK;
}

static const char *kind_name(int kind)
{
    return watpl_component_name(kind);
}

/* A failed call leaves the template as it was (docs/limits.md): each setter
 * first makes every copy it needs (str_prepare), then creates what is
 * missing, and only then changes the template (str_commit). A component it
 * created for a step that then failed is removed again (drop_created). */

static int str_prepare(const watpl__alloc *a, watpl__str *tmp, const char *s, size_t len)
{
    memset(tmp, 0, sizeof *tmp);
    return watpl__str_set(a, tmp, s, len);
}

static void str_commit(const watpl__alloc *a, watpl__str *dst, watpl__str *tmp)
{
    watpl__str_free(a, dst);
    *dst = *tmp;
    memset(tmp, 0, sizeof *tmp);
}

/* The component of `kind` in the target, created (empty) if absent; *created
 * tells which. */
static watpl__component *component_for(watpl_template *t, int card, int kind, int *rc, bool *created)
{
    target tg;
    *created = false;
    *rc = get_target(t, card, &tg);
    if (*rc)
        return NULL;
    watpl__component *c = find_mut(*tg.cs, *tg.n, kind);
    if (c)
        return c;
    watpl__str type;
    const char *name = kind_name(kind);
    if ((*rc = str_prepare(&t->alloc, &type, name, strlen(name))))
        return NULL;
    c = WATPL__PUSH(&t->alloc, *tg.cs, *tg.n, WATPL__MAX_COMPONENTS, rc);
    if (!c) {
        watpl__str_free(&t->alloc, &type);
        return NULL;
    }
    c->kind = kind;
    c->add_security_recommendation = -1;
    c->lto_has_expiration = -1;
    c->type_raw = type;
    *created = true;
    return c;
}

/* Remove the component component_for just created (the last of its target). */
static void drop_created(watpl_template *t, int card, bool created)
{
    target tg;
    if (!created || get_target(t, card, &tg) || *tg.n == 0)
        return;
    watpl__component_free(&t->alloc, &(*tg.cs)[*tg.n - 1]);
    (*tg.n)--;
}

int watpl_template_set_name(watpl_template *t, const char *s, size_t len)
{
    return t ? watpl__str_set(&t->alloc, &t->name, s, len) : WATPL_EINVAL;
}

int watpl_template_set_language(watpl_template *t, const char *s, size_t len)
{
    return t ? watpl__str_set(&t->alloc, &t->language, s, len) : WATPL_EINVAL;
}

int watpl_template_set_category(watpl_template *t, const char *s, size_t len)
{
    if (!t)
        return WATPL_EINVAL;
    int rc = watpl__str_set(&t->alloc, &t->category_raw, s, len);
    if (rc == WATPL_OK)
        t->category = watpl__category_from(t->category_raw.s, t->category_raw.len, &t->category_legacy);
    return rc;
}

int watpl_template_set_parameter_format(watpl_template *t, const char *s, size_t len)
{
    if (!t)
        return WATPL_EINVAL;
    int rc = watpl__str_set(&t->alloc, &t->parameter_format_raw, s, len);
    if (rc == WATPL_OK)
        t->parameter_format = watpl__parameter_format_from(s, len);
    return rc;
}

int watpl_template_set_header_text(watpl_template *t, int card, const char *text, size_t len)
{
    if (!t)
        return WATPL_EINVAL;
    watpl__str body, format;
    int rc = str_prepare(&t->alloc, &body, text, len);
    if (rc)
        return rc;
    if ((rc = str_prepare(&t->alloc, &format, "TEXT", 4))) {
        watpl__str_free(&t->alloc, &body);
        return rc;
    }
    bool created;
    watpl__component *c = component_for(t, card, WATPL_COMPONENT_HEADER, &rc, &created);
    if (!c) {
        watpl__str_free(&t->alloc, &body);
        watpl__str_free(&t->alloc, &format);
        return rc;
    }
    str_commit(&t->alloc, &c->text, &body);
    str_commit(&t->alloc, &c->format_raw, &format);
    c->format = WATPL_HEADER_TEXT;
    return WATPL_OK;
}

int watpl_template_set_header_media(watpl_template *t, int card, const char *format,
                                    size_t format_len, const char *handle, size_t handle_len)
{
    if (!t || !format)
        return WATPL_EINVAL;
    watpl__str fmt, h = {0};
    int rc = str_prepare(&t->alloc, &fmt, format, format_len);
    if (!rc && handle)
        rc = str_prepare(&t->alloc, &h, handle, handle_len);
    bool created = false;
    watpl__component *c = rc ? NULL : component_for(t, card, WATPL_COMPONENT_HEADER, &rc, &created);
    if (c && handle && c->n_handles == 0 &&
        !WATPL__PUSH(&t->alloc, c->handles, c->n_handles, WATPL__MAX_EXAMPLES, &rc)) {
        drop_created(t, card, created);
        c = NULL;
    }
    if (!c) {
        watpl__str_free(&t->alloc, &fmt);
        watpl__str_free(&t->alloc, &h);
        return rc;
    }
    str_commit(&t->alloc, &c->format_raw, &fmt);
    c->format = watpl__header_format_from(format, format_len);
    watpl__str_free(&t->alloc, &c->text);
    if (handle)
        str_commit(&t->alloc, &c->handles[0], &h);
    return WATPL_OK;
}

/* Set the text of the component of `kind` (created if absent). */
static int set_text(watpl_template *t, int card, int kind, const char *text, size_t len)
{
    if (!t)
        return WATPL_EINVAL;
    watpl__str copy;
    int rc = str_prepare(&t->alloc, &copy, text, len);
    if (rc)
        return rc;
    bool created;
    watpl__component *c = component_for(t, card, kind, &rc, &created);
    if (!c) {
        watpl__str_free(&t->alloc, &copy);
        return rc;
    }
    str_commit(&t->alloc, &c->text, &copy);
    return WATPL_OK;
}

int watpl_template_set_body(watpl_template *t, int card, const char *text, size_t len)
{
    return set_text(t, card, WATPL_COMPONENT_BODY, text, len);
}

int watpl_template_set_footer(watpl_template *t, const char *text, size_t len)
{
    return set_text(t, -1, WATPL_COMPONENT_FOOTER, text, len);
}

int watpl_template_add_example(watpl_template *t, int card, int component, const char *name,
                               size_t name_len, const char *value, size_t value_len)
{
    if (!t || (component != WATPL_COMPONENT_HEADER && component != WATPL_COMPONENT_BODY))
        return WATPL_EINVAL;
    watpl__str n = {0}, v;
    int rc = str_prepare(&t->alloc, &v, value, value_len);
    if (!rc && name)
        rc = str_prepare(&t->alloc, &n, name, name_len);
    bool created = false;
    watpl__component *c = rc ? NULL : component_for(t, card, component, &rc, &created);
    void *slot = NULL;
    if (c && !name)
        slot = WATPL__PUSH(&t->alloc, c->examples, c->n_examples, WATPL__MAX_EXAMPLES, &rc);
    else if (c)
        slot = WATPL__PUSH(&t->alloc, c->named, c->n_named, WATPL__MAX_EXAMPLES, &rc);
    if (!slot) {
        drop_created(t, card, created);
        watpl__str_free(&t->alloc, &v);
        watpl__str_free(&t->alloc, &n);
        return rc;
    }
    if (!name) {
        *(watpl__str *)slot = v;
    } else {
        watpl__named_example *e = slot;
        e->name = n;
        e->value = v;
    }
    return WATPL_OK;
}

int watpl_template_set_security_recommendation(watpl_template *t, int on)
{
    if (!t)
        return WATPL_EINVAL;
    int rc;
    bool created;
    watpl__component *c = component_for(t, -1, WATPL_COMPONENT_BODY, &rc, &created);
    if (c)
        c->add_security_recommendation = on ? 1 : 0;
    return c ? WATPL_OK : rc;
}

int watpl_template_set_code_expiration(watpl_template *t, int64_t minutes)
{
    if (!t)
        return WATPL_EINVAL;
    int rc;
    bool created;
    watpl__component *c = component_for(t, -1, WATPL_COMPONENT_FOOTER, &rc, &created);
    if (!c)
        return rc;
    c->has_code_expiration = true;
    c->code_expiration_minutes = minutes;
    return WATPL_OK;
}

int watpl_template_add_button(watpl_template *t, int card, const char *type, size_t type_len,
                              const char *text, size_t text_len, size_t *index_out)
{
    if (!t || !type)
        return WATPL_EINVAL;
    watpl__str ty, tx = {0};
    int rc = str_prepare(&t->alloc, &ty, type, type_len);
    if (!rc && text)
        rc = str_prepare(&t->alloc, &tx, text, text_len);
    bool created = false;
    watpl__component *c = rc ? NULL : component_for(t, card, WATPL_COMPONENT_BUTTONS, &rc, &created);
    watpl__button *b = c ? WATPL__PUSH(&t->alloc, c->buttons, c->n_buttons, WATPL__MAX_BUTTONS, &rc) : NULL;
    if (!b) {
        drop_created(t, card, created);
        watpl__str_free(&t->alloc, &ty);
        watpl__str_free(&t->alloc, &tx);
        return rc;
    }
    b->zero_tap_terms = -1;
    b->type_raw = ty;
    b->text = tx;
    b->type = watpl__button_type_from(type, type_len);
    if (index_out)
        *index_out = c->n_buttons - 1;
    return WATPL_OK;
}

static watpl__button *button_at(watpl_template *t, int card, size_t i)
{
    watpl__component *cs = t->components;
    size_t n = t->n_components;
    if (card >= 0) {
        target tg;
        if (get_target(t, card, &tg))
            return NULL;
        cs = *tg.cs;
        n = *tg.n;
    }
    watpl__component *c = find_mut(cs, n, WATPL_COMPONENT_BUTTONS);
    return c && i < c->n_buttons ? &c->buttons[i] : NULL;
}

int watpl_template_set_button_field(watpl_template *t, int card, size_t button, int field,
                                    const char *s, size_t len)
{
    if (!t)
        return WATPL_EINVAL;
    watpl__button *b = button_at(t, card, button);
    if (!b)
        return WATPL_ENOTFOUND;
    switch (field) {
    case WATPL_BUTTON_FIELD_URL:
        return watpl__str_set(&t->alloc, &b->url, s, len);
    case WATPL_BUTTON_FIELD_PHONE_NUMBER:
        return watpl__str_set(&t->alloc, &b->phone_number, s, len);
    case WATPL_BUTTON_FIELD_OTP_TYPE:
        return watpl__str_set(&t->alloc, &b->otp_type, s, len);
    case WATPL_BUTTON_FIELD_AUTOFILL_TEXT:
        return watpl__str_set(&t->alloc, &b->autofill_text, s, len);
    case WATPL_BUTTON_FIELD_TEXT:
        return watpl__str_set(&t->alloc, &b->text, s, len);
    case WATPL_BUTTON_FIELD_EXAMPLE: {
        if (b->n_examples)
            return watpl__str_set(&t->alloc, &b->examples[0], s, len);
        watpl__str copy;
        int rc = str_prepare(&t->alloc, &copy, s, len);
        watpl__str *e = rc ? NULL : WATPL__PUSH(&t->alloc, b->examples, b->n_examples, WATPL__MAX_EXAMPLES, &rc);
        if (!e) {
            watpl__str_free(&t->alloc, &copy);
            return rc;
        }
        *e = copy;
        return WATPL_OK;
    }
    default:
        return WATPL_EINVAL;
    }
}

int watpl_template_set_button_zero_tap_terms(watpl_template *t, size_t button, int on)
{
    if (!t)
        return WATPL_EINVAL;
    watpl__button *b = button_at(t, -1, button);
    if (!b)
        return WATPL_ENOTFOUND;
    b->zero_tap_terms = on ? 1 : 0;
    return WATPL_OK;
}

int watpl_template_add_button_app(watpl_template *t, size_t button, const char *package_name,
                                  size_t package_len, const char *signature_hash, size_t hash_len)
{
    if (!t || !package_name || !signature_hash)
        return WATPL_EINVAL;
    watpl__button *b = button_at(t, -1, button);
    if (!b)
        return WATPL_ENOTFOUND;
    watpl__str pkg, hash = {0};
    int rc = str_prepare(&t->alloc, &pkg, package_name, package_len);
    if (!rc)
        rc = str_prepare(&t->alloc, &hash, signature_hash, hash_len);
    watpl__app *app = rc ? NULL : WATPL__PUSH(&t->alloc, b->apps, b->n_apps, WATPL__MAX_APPS, &rc);
    if (!app) {
        watpl__str_free(&t->alloc, &pkg);
        watpl__str_free(&t->alloc, &hash);
        return rc;
    }
    app->package_name = pkg;
    app->signature_hash = hash;
    return WATPL_OK;
}

int watpl_template_add_card(watpl_template *t, size_t *index_out)
{
    if (!t)
        return WATPL_EINVAL;
    int rc;
    bool created;
    watpl__component *c = component_for(t, -1, WATPL_COMPONENT_CAROUSEL, &rc, &created);
    watpl__card *card = c ? WATPL__PUSH(&t->alloc, c->cards, c->n_cards, WATPL__MAX_CARDS, &rc) : NULL;
    if (!card) {
        drop_created(t, -1, created);
        return rc;
    }
    if (index_out)
        *index_out = c->n_cards - 1;
    return WATPL_OK;
}

int watpl_template_set_limited_time_offer(watpl_template *t, const char *text, size_t len,
                                          int has_expiration)
{
    if (!t)
        return WATPL_EINVAL;
    watpl__str copy;
    int rc = str_prepare(&t->alloc, &copy, text, len);
    if (rc)
        return rc;
    bool created;
    watpl__component *c = component_for(t, -1, WATPL_COMPONENT_LIMITED_TIME_OFFER, &rc, &created);
    if (!c) {
        watpl__str_free(&t->alloc, &copy);
        return rc;
    }
    str_commit(&t->alloc, &c->lto_text, &copy);
    c->lto_has_expiration = has_expiration ? 1 : 0;
    return WATPL_OK;
}

/* ---- getters ------------------------------------------------------------------ */

static const char *out_str(const watpl__str *s, size_t *len)
{
    if (len)
        *len = s->s ? s->len : 0;
    return s->s;
}

static const char *absent(size_t *len)
{
    if (len)
        *len = 0;
    return NULL;
}

const char *watpl_template_name(const watpl_template *t, size_t *len)
{
    return t ? out_str(&t->name, len) : absent(len);
}

const char *watpl_template_language(const watpl_template *t, size_t *len)
{
    return t ? out_str(&t->language, len) : absent(len);
}

const char *watpl_template_category_string(const watpl_template *t, size_t *len)
{
    return t ? out_str(&t->category_raw, len) : absent(len);
}

int watpl_template_category(const watpl_template *t)
{
    return t ? t->category : WATPL_CATEGORY_NONE;
}

int watpl_template_parameter_format(const watpl_template *t)
{
    return t ? t->parameter_format : WATPL_PARAMS_POSITIONAL;
}

int watpl_template_header_format(const watpl_template *t, int card)
{
    const watpl__component *c = watpl__tpl_component(t, card, WATPL_COMPONENT_HEADER);
    return c ? c->format : WATPL_HEADER_NONE;
}

const char *watpl_template_header_text(const watpl_template *t, int card, size_t *len)
{
    const watpl__component *c = watpl__tpl_component(t, card, WATPL_COMPONENT_HEADER);
    return c && c->format == WATPL_HEADER_TEXT ? out_str(&c->text, len) : absent(len);
}

const char *watpl_template_body(const watpl_template *t, int card, size_t *len)
{
    const watpl__component *c = watpl__tpl_component(t, card, WATPL_COMPONENT_BODY);
    return c ? out_str(&c->text, len) : absent(len);
}

const char *watpl_template_footer(const watpl_template *t, size_t *len)
{
    const watpl__component *c = watpl__tpl_component(t, -1, WATPL_COMPONENT_FOOTER);
    return c ? out_str(&c->text, len) : absent(len);
}

static const watpl__button *button_get(const watpl_template *t, int card, size_t i)
{
    const watpl__component *c = watpl__tpl_component(t, card, WATPL_COMPONENT_BUTTONS);
    return c && i < c->n_buttons ? &c->buttons[i] : NULL;
}

size_t watpl_template_button_count(const watpl_template *t, int card)
{
    const watpl__component *c = watpl__tpl_component(t, card, WATPL_COMPONENT_BUTTONS);
    return c ? c->n_buttons : 0;
}

int watpl_template_button_type(const watpl_template *t, int card, size_t i)
{
    const watpl__button *b = button_get(t, card, i);
    return b ? b->type : -1;
}

const char *watpl_template_button_field(const watpl_template *t, int card, size_t i, int field,
                                        size_t *len)
{
    const watpl__button *b = button_get(t, card, i);
    if (!b)
        return absent(len);
    switch (field) {
    case WATPL_BUTTON_FIELD_URL:
        return out_str(&b->url, len);
    case WATPL_BUTTON_FIELD_PHONE_NUMBER:
        return out_str(&b->phone_number, len);
    case WATPL_BUTTON_FIELD_EXAMPLE:
        return b->n_examples ? out_str(&b->examples[0], len) : absent(len);
    case WATPL_BUTTON_FIELD_OTP_TYPE:
        return out_str(&b->otp_type, len);
    case WATPL_BUTTON_FIELD_AUTOFILL_TEXT:
        return out_str(&b->autofill_text, len);
    case WATPL_BUTTON_FIELD_TEXT:
        return out_str(&b->text, len);
    default:
        return absent(len);
    }
}

size_t watpl_template_card_count(const watpl_template *t)
{
    const watpl__component *c = watpl__tpl_component(t, -1, WATPL_COMPONENT_CAROUSEL);
    return c ? c->n_cards : 0;
}

const char *watpl_template_limited_time_offer(const watpl_template *t, size_t *len)
{
    const watpl__component *c = watpl__tpl_component(t, -1, WATPL_COMPONENT_LIMITED_TIME_OFFER);
    return c ? out_str(&c->lto_text, len) : absent(len);
}
