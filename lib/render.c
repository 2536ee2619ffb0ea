/* Send time: parameter sets (Meta's send payload), substitution into an
 * approved template and the send.* rules (docs/render.md).
 * SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "limits_internal.h"
#include "rules_internal.h"
#include "text_internal.h"

#define MAX_VALUES 128

typedef struct value {
    int component;      /* WATPL_COMPONENT_HEADER, BODY or BUTTONS */
    size_t button;      /* BUTTONS: the button index */
    watpl__str name;    /* absent for positional */
    watpl__str text;
} value;

struct watpl_params {
    watpl__alloc alloc;
    value *values;
    size_t n;
    watpl__str coupon;
    watpl__str auth_code;
};

struct watpl_rendered {
    watpl__alloc alloc;
    watpl_report *report;
    watpl__buf header, body, payload;
    bool has_header;
    watpl__buf *urls;   /* one per button of the template; data NULL if not a URL button */
    size_t n_urls;
};

/* ---- parameter sets ---------------------------------------------------------- */

int watpl_params_new(watpl_params **out, watpl_ctx *ctx)
{
    if (!out)
        return WATPL_EINVAL;
    *out = NULL;
    if (!ctx)
        return WATPL_EINVAL;
    watpl_params *p = watpl__calloc(&ctx->alloc, 1, sizeof *p);
    if (!p)
        return WATPL_ENOMEM;
    p->alloc = ctx->alloc;
    *out = p;
    return WATPL_OK;
}

void watpl_params_free(watpl_params *p)
{
    if (!p)
        return;
    watpl__alloc a = p->alloc;
    for (size_t i = 0; i < p->n; i++) {
        watpl__str_free(&a, &p->values[i].name);
        watpl__str_free(&a, &p->values[i].text);
    }
    watpl__mfree(&a, p->values);
    watpl__str_free(&a, &p->coupon);
    watpl__str_free(&a, &p->auth_code);
    watpl__mfree(&a, p);
}

int watpl_params_add(watpl_params *p, int component, size_t button, const char *name,
                     size_t name_len, const char *text, size_t text_len)
{
    if (!p || (component != WATPL_COMPONENT_HEADER && component != WATPL_COMPONENT_BODY &&
               component != WATPL_COMPONENT_BUTTONS))
        return WATPL_EINVAL;
    if (p->n >= MAX_VALUES)
        return WATPL_ELIMIT;
    value *v = watpl__realloc(&p->alloc, p->values, p->n * sizeof *v, (p->n + 1) * sizeof *v);
    if (!v)
        return WATPL_ENOMEM;
    p->values = v;
    value *nv = &v[p->n];
    memset(nv, 0, sizeof *nv);
    nv->component = component;
    nv->button = component == WATPL_COMPONENT_BUTTONS ? button : 0;
    int rc = watpl__str_set(&p->alloc, &nv->text, text ? text : "", text ? text_len : 0);
    if (!rc && name)
        rc = watpl__str_set(&p->alloc, &nv->name, name, name_len);
    if (rc) {
        watpl__str_free(&p->alloc, &nv->text);
        return rc;
    }
    p->n++;
    return WATPL_OK;
}

int watpl_params_set_coupon_code(watpl_params *p, const char *code, size_t len)
{
    return p ? watpl__str_set(&p->alloc, &p->coupon, code, len) : WATPL_EINVAL;
}

int watpl_params_set_auth_code(watpl_params *p, const char *code, size_t len)
{
    return p ? watpl__str_set(&p->alloc, &p->auth_code, code, len) : WATPL_EINVAL;
}

static int type_error(watpl_ctx *ctx, const char *path, const char *what)
{
    watpl__fail(ctx, WATPL_ETYPE, "input.json.type", "%s: %s", path, what);
    watpl__fail_pos(ctx, -1, 0, 0, path);
    return WATPL_ETYPE;
}

/* A value of the parameter at path that could not be stored (rc). */
static int store_error(watpl_ctx *ctx, int rc, const char *path, const char *what)
{
    watpl__fail(ctx, rc, rc == WATPL_ELIMIT ? "input.too_large" : NULL, "%s: cannot store the %s", path, what);
    watpl__fail_pos(ctx, -1, 0, 0, path);
    return rc;
}

static int add_parameters(watpl_ctx *ctx, watpl_params *p, const json_t *params, int component,
                          size_t button, size_t ci)
{
    char path[96];
    for (size_t k = 0; k < json_array_size(params); k++) {
        const json_t *pa = json_array_get(params, k);
        snprintf(path, sizeof path, "$.components[%zu].parameters[%zu]", ci, k);
        if (!json_is_object(pa))
            return type_error(ctx, path, "expected an object");
        const char *type = json_string_value(json_object_get(pa, "type"));
        const json_t *coupon = json_object_get(pa, "coupon_code");
        if (type && strcmp(type, "coupon_code") == 0 && json_is_string(coupon)) {
            int rc = watpl_params_set_coupon_code(p, json_string_value(coupon), json_string_length(coupon));
            if (rc)
                return store_error(ctx, rc, path, "coupon code");
            continue;
        }
        const json_t *text = json_object_get(pa, "text");
        const json_t *name = json_object_get(pa, "parameter_name");
        if (!text && type && strcmp(type, "payload") == 0)
            continue; /* quick-reply payloads carry no text to check */
        if (type && (strcmp(type, "image") == 0 || strcmp(type, "video") == 0 ||
                     strcmp(type, "document") == 0 || strcmp(type, "location") == 0 ||
                     strcmp(type, "product") == 0 || strcmp(type, "action") == 0 ||
                     strcmp(type, "limited_time_offer") == 0)) {
            /* a media or location header, a product, a flow action, an offer
             * expiry: no text variable of the template takes them */
            if (!json_is_object(json_object_get(pa, type)))
                return type_error(ctx, path, "a media, location, product, action or offer parameter needs "
                                             "an object under its type");
            continue;
        }
        if (!text && type && (strcmp(type, "currency") == 0 || strcmp(type, "date_time") == 0)) {
            /* the text shown is the fallback value */
            const json_t *obj = json_object_get(pa, type);
            text = json_is_object(obj) ? json_object_get(obj, "fallback_value") : NULL;
            if (!json_is_string(text))
                return type_error(ctx, path, "a currency or date_time parameter needs \"fallback_value\"");
        }
        if (!json_is_string(text))
            return type_error(ctx, path, "a parameter needs \"text\" (string)");
        if (name && !json_is_string(name))
            return type_error(ctx, path, "\"parameter_name\" must be a string");
        int rc = watpl_params_add(p, component, button, name ? json_string_value(name) : NULL,
                                  name ? json_string_length(name) : 0, json_string_value(text),
                                  json_string_length(text));
        if (rc)
            return store_error(ctx, rc, path, "value");
    }
    return WATPL_OK;
}

/* A button index given as a string: decimal digits only ("abc" is not 0). */
static bool parse_index(const char *s, size_t *out)
{
    size_t v = 0;
    if (!*s)
        return false;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || v > (SIZE_MAX - 9) / 10)
            return false;
        v = v * 10 + (size_t)(*s - '0');
    }
    *out = v;
    return true;
}

static int parse_components(watpl_ctx *ctx, watpl_params *p, const json_t *arr)
{
    char path[64];
    for (size_t i = 0; i < json_array_size(arr); i++) {
        const json_t *c = json_array_get(arr, i);
        snprintf(path, sizeof path, "$.components[%zu]", i);
        if (!json_is_object(c))
            return type_error(ctx, path, "expected an object");
        const char *type = json_string_value(json_object_get(c, "type"));
        const json_t *params = json_object_get(c, "parameters");
        if (!type)
            return type_error(ctx, path, "a component needs \"type\" (string)");
        if (params && !json_is_array(params))
            return type_error(ctx, path, "\"parameters\" must be an array");
        int component = WATPL_COMPONENT_BODY;
        size_t button = 0;
        if (strcmp(type, "header") == 0 || strcmp(type, "HEADER") == 0) {
            component = WATPL_COMPONENT_HEADER;
        } else if (strcmp(type, "button") == 0 || strcmp(type, "BUTTON") == 0) {
            component = WATPL_COMPONENT_BUTTONS;
            const json_t *idx = json_object_get(c, "index");
            if (json_is_integer(idx) && json_integer_value(idx) >= 0)
                button = (size_t)json_integer_value(idx);
            else if (!json_is_string(idx) || !parse_index(json_string_value(idx), &button))
                return type_error(ctx, path, "a button component needs \"index\", a number from 0");
        } else if (strcmp(type, "body") != 0 && strcmp(type, "BODY") != 0) {
            continue; /* carousel and other components are not checked here */
        }
        int rc = add_parameters(ctx, p, params, component, button, i);
        if (rc)
            return rc;
    }
    return WATPL_OK;
}

int watpl_params_parse_json(watpl_ctx *ctx, const char *json, size_t len, watpl_params **out)
{
    if (out)
        *out = NULL;
    if (!ctx)
        return WATPL_EINVAL;
    watpl__clear_error(ctx);
    if (!out || (!json && len))
        return watpl__fail(ctx, WATPL_EINVAL, NULL, "invalid argument");
    size_t bad;
    if ((int64_t)len > ctx->policy.max_input_bytes)
        return watpl__fail(ctx, WATPL_ELIMIT, "input.too_large", "the parameters are %zu bytes", len);
    if (!watpl__utf8_valid(json ? json : "", len, &bad)) {
        watpl__fail(ctx, WATPL_EUTF8, "input.utf8", "invalid UTF-8 at byte %zu", bad);
        watpl__fail_pos(ctx, (int64_t)bad, 0, 0, "");
        return WATPL_EUTF8;
    }
    bool too_many = false;
    int64_t at = watpl__json_structure(json ? json : "", len, ctx->policy.max_json_depth, &too_many);
    if (at >= 0) {
        watpl__fail(ctx, WATPL_ELIMIT, "input.too_large",
                    too_many ? "the parameters hold more than %d JSON values" : "JSON nested deeper than %d levels",
                    too_many ? WATPL__MAX_JSON_VALUES : ctx->policy.max_json_depth);
        watpl__fail_pos(ctx, at, 0, 0, "");
        return WATPL_ELIMIT;
    }
    json_error_t err;
    memset(&err, 0, sizeof err); /* jansson leaves it unset when it fails early (no memory) */
    json_t *root = json_loadb(json ? json : "", len, 0, &err);
    if (!root) {
        if (watpl__jansson_out_of_memory(&err, json ? json : "", len))
            return watpl__fail(ctx, WATPL_ENOMEM, NULL, "out of memory");
        watpl__fail(ctx, WATPL_ESYNTAX, "input.json.syntax", "%s", err.text);
        watpl__fail_pos(ctx, err.position > 0 ? (int64_t)err.position - 1 : 0, err.line, err.column, "");
        return WATPL_ESYNTAX;
    }
    const json_t *arr = root;
    if (json_is_object(root)) {
        const json_t *tpl = json_object_get(root, "template");
        arr = json_object_get(json_is_object(tpl) ? tpl : root, "components");
    }
    watpl_params *p = NULL;
    int rc = !json_is_array(arr) ? type_error(ctx, "$", "expected a components array")
                                 : watpl_params_new(&p, ctx);
    if (!rc)
        rc = parse_components(ctx, p, arr);
    json_decref(root);
    if (rc) {
        watpl_params_free(p);
        return rc == WATPL_ENOMEM ? watpl__fail(ctx, rc, NULL, "out of memory") : rc;
    }
    *out = p;
    return WATPL_OK;
}

/* ---- rendering ------------------------------------------------------------------- */

typedef struct subst {
    const watpl_params *p;
    int component;
    const watpl__str *text;
    watpl__buf *out;
    size_t pos;
    size_t used[MAX_VALUES]; /* values consumed, by index in p->values */
    size_t vars;             /* distinct variables */
    int64_t max_number;
    bool named;
} subst;

static const value *find_value(const subst *s, const watpl__placeholder *ph)
{
    size_t nth = 0;
    for (size_t i = 0; i < s->p->n; i++) {
        const value *v = &s->p->values[i];
        if (v->component != s->component)
            continue;
        if (ph->kind == WATPL__PH_NAMED) {
            if (v->name.s && v->name.len == ph->inner_length &&
                memcmp(v->name.s, s->text->s + ph->inner_offset, ph->inner_length) == 0)
                return v;
        } else if (!v->name.s && (int64_t)++nth == ph->number) {
            return v;
        }
    }
    return NULL;
}

static bool substitute(const watpl__placeholder *ph, void *ud)
{
    subst *s = ud;
    watpl__buf_append(s->out, s->text->s + s->pos, ph->offset - s->pos);
    s->pos = ph->offset + ph->length;
    const value *v = NULL;
    if (ph->kind == WATPL__PH_POSITIONAL || ph->kind == WATPL__PH_NAMED)
        v = find_value(s, ph);
    if (ph->kind == WATPL__PH_POSITIONAL && ph->number > s->max_number)
        s->max_number = ph->number;
    if (ph->kind == WATPL__PH_NAMED)
        s->named = true;
    if (v)
        watpl__buf_append(s->out, v->text.s, v->text.len);
    else
        watpl__buf_append(s->out, s->text->s + ph->offset, ph->length);
    return true;
}

static size_t count_values(const watpl_params *p, int component, bool named)
{
    size_t n = 0;
    for (size_t i = 0; i < p->n; i++)
        n += p->values[i].component == component && (p->values[i].name.s != NULL) == named;
    return n;
}

typedef struct name_check {
    const watpl_params *p;
    const watpl__str *text;
    int component;
    watpl_report *rep;
    int rc;
} name_check;

static bool check_named(const watpl__placeholder *ph, void *ud)
{
    name_check *nc = ud;
    if (ph->kind != WATPL__PH_NAMED || nc->rc)
        return !nc->rc;
    subst s = {.p = nc->p, .component = nc->component, .text = nc->text};
    if (!find_value(&s, ph))
        nc->rc = watpl__diag_add(nc->rep, WATPL__R_SEND_PARAM_MISSING, nc->component, -1, -1, -1,
                                 "no value for the variable {{%.*s}}", (int)ph->inner_length,
                                 nc->text->s + ph->inner_offset);
    return !nc->rc;
}

static bool has_name(const watpl__str *text, const watpl__str *name)
{
    if (!text->s)
        return false;
    for (size_t i = 0; i + name->len + 4 <= text->len; i++)
        if (memcmp(text->s + i, "{{", 2) == 0 && memcmp(text->s + i + 2, name->s, name->len) == 0 &&
            memcmp(text->s + i + 2 + name->len, "}}", 2) == 0)
            return true;
    return false;
}

static int check_counts(watpl_report *rep, const watpl_params *p, int component, const watpl__str *text,
                        const subst *s)
{
    if (s->named) {
        name_check nc = {p, text, component, rep, WATPL_OK};
        watpl__scan_placeholders(text->s, text->len, check_named, &nc);
        for (size_t i = 0; !nc.rc && i < p->n; i++) {
            const value *v = &p->values[i];
            if (v->component == component && v->name.s && !has_name(text, &v->name))
                nc.rc = watpl__diag_add(rep, WATPL__R_SEND_PARAM_UNKNOWN, component, (int64_t)i, -1, -1,
                                        "the template has no variable named '%s'",
                                        WATPL__CLIP(v->name.s, v->name.len, 40));
        }
        return nc.rc;
    }
    size_t given = count_values(p, component, false);
    if (given != (size_t)s->max_number)
        return watpl__diag_add(rep, WATPL__R_SEND_PARAM_COUNT, component, -1, -1, -1,
                               "%zu values given; the %s has %lld variables", given,
                               component == WATPL_COMPONENT_HEADER ? "header" : "body",
                               (long long)s->max_number);
    return WATPL_OK;
}

static int check_value(watpl_report *rep, const value *v, int64_t index)
{
    const watpl__str *t = &v->text;
    int comp = v->component;
    if (t->len == 0)
        return watpl__diag_add(rep, WATPL__R_SEND_PARAM_EMPTY, comp, index, -1, -1, "a value is empty");
    size_t spaces = 0;
    for (size_t i = 0; i < t->len; i++) {
        char c = t->s[i];
        spaces = c == ' ' ? spaces + 1 : 0;
        if (c == '\n' || c == '\t' || spaces >= 5)
            return watpl__diag_add(rep, WATPL__R_SEND_PARAM_WHITESPACE, comp, index, (int64_t)i, 1,
                                   "values cannot contain line breaks, tabs or more than 4 spaces in a row");
    }
    return WATPL_OK;
}

static int render_text(watpl_rendered *r, const watpl_ctx *ctx, const watpl_params *p, int component,
                       const watpl__str *text, watpl__buf *out, size_t max)
{
    subst s;
    memset(&s, 0, sizeof s);
    s.p = p;
    s.component = component;
    s.text = text;
    s.out = out;
    watpl__scan_placeholders(text->s, text->len, substitute, &s);
    watpl__buf_append(out, text->s + s.pos, text->len - s.pos);
    watpl__buf_putc(out, '\0');
    out->len--;
    if (out->failed)
        return WATPL_ENOMEM;
    int rc = check_counts(r->report, p, component, text, &s);
    size_t n = watpl__count_chars(out->data, out->len, ctx->policy.count_unit);
    if (!rc && n > max)
        rc = watpl__diag_add(r->report, component == WATPL_COMPONENT_HEADER ? WATPL__R_SEND_HEADER_TOO_LONG
                                                                            : WATPL__R_SEND_BODY_TOO_LONG,
                             component, -1, -1, -1, "%zu characters after substitution; the limit is %zu", n,
                             max);
    return rc;
}

static bool looks_like_url(const watpl__str *s)
{
    return (s->s && (strstr(s->s, "http://") || strstr(s->s, "https://") || strstr(s->s, "www.")));
}

/* A coupon code (of button index `button`) or an authentication code. */
static int check_code(watpl_report *rep, const watpl__str *code, bool coupon, int64_t button)
{
    size_t n = code->s ? watpl__count_codepoints(code->s, code->len) : 0;
    size_t eo, el;
    if (coupon) {
        bool alnum = n > 0;
        for (size_t i = 0; alnum && i < code->len; i++) {
            char c = code->s[i];
            alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        }
        if (n > CODE_MAX || !alnum)
            return watpl__diag_add(rep, WATPL__R_SEND_COUPON_INVALID, WATPL_COMPONENT_BUTTONS, button, -1, -1,
                                   "a coupon code is 1 to 15 letters or digits");
        return WATPL_OK;
    }
    if (n == 0 || n > CODE_MAX || looks_like_url(code) || watpl__find_emoji(code->s, code->len, &eo, &el))
        return watpl__diag_add(rep, WATPL__R_SEND_AUTH_CODE, WATPL_COMPONENT_BODY, -1, -1, -1,
                               "an authentication code is 1 to 15 characters, without links or emoji");
    return WATPL_OK;
}

static const value *button_value(const watpl_params *p, size_t button)
{
    for (size_t i = 0; i < p->n; i++)
        if (p->values[i].component == WATPL_COMPONENT_BUTTONS && p->values[i].button == button)
            return &p->values[i];
    return NULL;
}

/* A value for a button the template does not have is an error, not
 * silently dropped. */
static int check_button_values(watpl_report *rep, const watpl_params *p, size_t n_buttons)
{
    for (size_t i = 0; i < p->n; i++) {
        const value *v = &p->values[i];
        if (v->component == WATPL_COMPONENT_BUTTONS && v->button >= n_buttons)
            return watpl__diag_add(rep, WATPL__R_SEND_PARAM_UNKNOWN, WATPL_COMPONENT_BUTTONS, (int64_t)v->button,
                                   -1, -1, "a value for button %zu; the template has %zu button%s", v->button,
                                   n_buttons, n_buttons == 1 ? "" : "s");
    }
    return WATPL_OK;
}

static int render_buttons(watpl_rendered *r, const watpl_ctx *ctx, const watpl_template *t,
                          const watpl_params *p)
{
    const watpl__component *bc = watpl__tpl_component(t, -1, WATPL_COMPONENT_BUTTONS);
    int known = check_button_values(r->report, p, bc ? bc->n_buttons : 0);
    if (!bc || known)
        return known;
    r->urls = watpl__calloc(&r->alloc, bc->n_buttons ? bc->n_buttons : 1, sizeof *r->urls);
    if (!r->urls)
        return WATPL_ENOMEM;
    r->n_urls = bc->n_buttons;
    int rc = WATPL_OK;
    for (size_t i = 0; !rc && i < bc->n_buttons; i++) {
        const watpl__button *b = &bc->buttons[i];
        watpl__buf_init(&r->urls[i], &r->alloc);
        if (b->type == WATPL_BUTTON_COPY_CODE) {
            rc = p->coupon.s ? check_code(r->report, &p->coupon, true, (int64_t)i)
                             : watpl__diag_add(r->report, WATPL__R_SEND_PARAM_MISSING, WATPL_COMPONENT_BUTTONS,
                                               (int64_t)i, -1, -1, "the copy code button needs a coupon code");
            continue;
        }
        if (b->type != WATPL_BUTTON_URL || !b->url.s || t->category == WATPL_CATEGORY_AUTHENTICATION)
            continue;
        const value *v = button_value(p, i);
        bool var = watpl__has_placeholder(b->url.s, b->url.len);
        watpl__buf *u = &r->urls[i];
        if (var && v) {
            size_t cut = b->url.len;
            const char *open = strstr(b->url.s, "{{");
            if (open)
                cut = (size_t)(open - b->url.s);
            watpl__buf_append(u, b->url.s, cut);
            watpl__buf_append(u, v->text.s, v->text.len);
            rc = check_value(r->report, v, (int64_t)i);
        } else {
            watpl__buf_append(u, b->url.s, b->url.len);
            if (var != (v != NULL))
                rc = watpl__diag_add(r->report, WATPL__R_SEND_PARAM_COUNT, WATPL_COMPONENT_BUTTONS, (int64_t)i,
                                     -1, -1, var ? "the URL button needs its suffix value"
                                                 : "the URL button has no variable; remove its value");
        }
        watpl__buf_putc(u, '\0');
        u->len--;
        if (u->failed)
            return WATPL_ENOMEM;
        size_t n = watpl__count_chars(u->data, u->len, ctx->policy.count_unit);
        if (!rc && n > URL_MAX)
            rc = watpl__diag_add(r->report, WATPL__R_SEND_URL_TOO_LONG, WATPL_COMPONENT_BUTTONS, (int64_t)i, -1,
                                 -1, "the URL is %zu characters after substitution", n);
    }
    return rc;
}

static void payload_params(watpl__buf *b, const watpl_params *p, int component, size_t button)
{
    watpl__buf_puts(b, "\"parameters\":[");
    bool first = true;
    for (size_t i = 0; i < p->n; i++) {
        const value *v = &p->values[i];
        if (v->component != component || (component == WATPL_COMPONENT_BUTTONS && v->button != button))
            continue;
        if (!first)
            watpl__buf_putc(b, ',');
        first = false;
        watpl__buf_puts(b, "{\"type\":\"text\"");
        if (v->name.s) {
            watpl__buf_puts(b, ",\"parameter_name\":");
            watpl__json_str(b, v->name.s, v->name.len);
        }
        watpl__buf_puts(b, ",\"text\":");
        watpl__json_str(b, v->text.s, v->text.len);
        watpl__buf_putc(b, '}');
    }
    watpl__buf_putc(b, ']');
}

static void build_payload(watpl_rendered *r, const watpl_template *t, const watpl_params *p)
{
    watpl__buf *b = &r->payload;
    watpl__buf_putc(b, '[');
    bool first = true;
    if (count_values(p, WATPL_COMPONENT_HEADER, false) + count_values(p, WATPL_COMPONENT_HEADER, true)) {
        watpl__buf_puts(b, "{\"type\":\"header\",");
        payload_params(b, p, WATPL_COMPONENT_HEADER, 0);
        watpl__buf_putc(b, '}');
        first = false;
    }
    if (count_values(p, WATPL_COMPONENT_BODY, false) + count_values(p, WATPL_COMPONENT_BODY, true)) {
        if (!first)
            watpl__buf_putc(b, ',');
        watpl__buf_puts(b, "{\"type\":\"body\",");
        payload_params(b, p, WATPL_COMPONENT_BODY, 0);
        watpl__buf_putc(b, '}');
        first = false;
    }
    const watpl__component *bc = watpl__tpl_component(t, -1, WATPL_COMPONENT_BUTTONS);
    for (size_t i = 0; bc && i < bc->n_buttons; i++) {
        const watpl__button *bt = &bc->buttons[i];
        bool copy = bt->type == WATPL_BUTTON_COPY_CODE && p->coupon.s;
        if (!copy && !button_value(p, i))
            continue;
        if (!first)
            watpl__buf_putc(b, ',');
        first = false;
        watpl__buf_printf(b, "{\"type\":\"button\",\"sub_type\":\"%s\",\"index\":\"%zu\",",
                          copy ? "copy_code" : "url", i);
        if (copy) {
            watpl__buf_puts(b, "\"parameters\":[{\"type\":\"coupon_code\",\"coupon_code\":");
            watpl__json_str(b, p->coupon.s, p->coupon.len);
            watpl__buf_puts(b, "}]}");
        } else {
            payload_params(b, p, WATPL_COMPONENT_BUTTONS, i);
            watpl__buf_putc(b, '}');
        }
    }
    watpl__buf_putc(b, ']');
}

/* Authentication: the code goes in the body and in the OTP button. */
/* The first value given for the body, or NULL. */
static const value *first_body_value(const watpl_params *p)
{
    for (size_t i = 0; i < p->n; i++)
        if (p->values[i].component == WATPL_COMPONENT_BODY)
            return &p->values[i];
    return NULL;
}

/* A body value and an authentication code that differ (both were given). */
static int auth_mismatch(watpl_report *rep, const watpl_params *p)
{
    const value *v = first_body_value(p);
    const watpl__str *bv = v ? &v->text : NULL;
    if (bv && p->auth_code.s && (bv->len != p->auth_code.len || memcmp(bv->s, p->auth_code.s, bv->len) != 0))
        return watpl__diag_add(rep, WATPL__R_SEND_AUTH_CODE, WATPL_COMPONENT_BODY, -1, -1, -1,
                               "the body's value and the authentication code differ");
    return WATPL_OK;
}

static int render_auth(watpl_rendered *r, const watpl_template *t, const watpl_params *codes)
{
    const watpl__str *code = &codes->auth_code;
    const value *bv = first_body_value(codes);
    if (!code->s && bv)
        code = &bv->text;
    if (!code->s)
        return watpl__diag_add(r->report, WATPL__R_SEND_PARAM_MISSING, WATPL_COMPONENT_BODY, -1, -1, -1,
                               "an authentication message needs its code");
    const watpl__component *body = watpl__tpl_component(t, -1, WATPL_COMPONENT_BODY);
    watpl__buf_putc(&r->body, '*');
    watpl__buf_append(&r->body, code->s, code->len);
    watpl__buf_puts(&r->body, "* is your verification code.");
    if (body && body->add_security_recommendation == 1)
        watpl__buf_puts(&r->body, " For your security, do not share this code.");
    if (r->body.failed)
        return WATPL_ENOMEM;
    int rc = check_code(r->report, code, false, -1);
    return rc ? rc : auth_mismatch(r->report, codes);
}

void watpl_rendered_free(watpl_rendered *r)
{
    if (!r)
        return;
    watpl_report_free(r->report);
    watpl__buf_free(&r->header);
    watpl__buf_free(&r->body);
    watpl__buf_free(&r->payload);
    for (size_t i = 0; i < r->n_urls; i++)
        watpl__buf_free(&r->urls[i]);
    watpl__alloc a = r->alloc;
    watpl__mfree(&a, r->urls);
    watpl__mfree(&a, r);
}

static int render_all(watpl_rendered *r, watpl_ctx *ctx, const watpl_template *t, const watpl_params *p)
{
    int rc = watpl__report_set_template(r->report, t);
    for (size_t i = 0; !rc && i < p->n; i++)
        if (p->values[i].component != WATPL_COMPONENT_BUTTONS)
            rc = check_value(r->report, &p->values[i], (int64_t)i);
    if (rc)
        return rc;
    if (t->category == WATPL_CATEGORY_AUTHENTICATION && !watpl_template_body(t, -1, NULL))
        return render_auth(r, t, p);
    if (t->category == WATPL_CATEGORY_AUTHENTICATION) {
        /* Meta's GET form, the body written out: its first value is the code */
        const value *bv = first_body_value(p);
        if (bv)
            rc = check_code(r->report, &bv->text, false, -1);
        if (!rc)
            rc = auth_mismatch(r->report, p);
        if (rc)
            return rc;
    }
    const watpl__component *h = watpl__tpl_component(t, -1, WATPL_COMPONENT_HEADER);
    if (h && h->format == WATPL_HEADER_TEXT && h->text.s) {
        r->has_header = true;
        rc = render_text(r, ctx, p, WATPL_COMPONENT_HEADER, &h->text, &r->header, HEADER_MAX);
    }
    const watpl__component *body = watpl__tpl_component(t, -1, WATPL_COMPONENT_BODY);
    static const watpl__str empty = {"", 0};
    size_t max = watpl__tpl_component(t, -1, WATPL_COMPONENT_LIMITED_TIME_OFFER) ? LTO_BODY_MAX : BODY_MAX;
    if (!rc)
        rc = render_text(r, ctx, p, WATPL_COMPONENT_BODY, body && body->text.s ? &body->text : &empty, &r->body,
                         max);
    if (!rc)
        rc = render_buttons(r, ctx, t, p);
    return rc;
}

/* An authentication template takes its one-time code as the body's {{1}}
 * and as the variable of its one-tap / copy-code URL button. The code is
 * the one of watpl_params_set_auth_code, else the first body value. When the
 * body or such a button has no value of its own, *eff becomes p plus those
 * values (in *extra, an array the caller frees; strings are shared with p). */
static int auth_values(const watpl__alloc *a, const watpl_template *t, const watpl_params *p,
                       watpl_params *eff, value **extra)
{
    *extra = NULL;
    if (t->category != WATPL_CATEGORY_AUTHENTICATION)
        return WATPL_OK;
    const value *bv = first_body_value(p);
    const watpl__str *code = p->auth_code.s || !bv ? &p->auth_code : &bv->text;
    if (!code->s)
        return WATPL_OK;
    const watpl__component *bc = watpl__tpl_component(t, -1, WATPL_COMPONENT_BUTTONS);
    size_t nb = bc ? bc->n_buttons : 0;
    if (p->n > MAX_VALUES || nb > MAX_VALUES)
        return WATPL_OK;
    value *v = watpl__malloc(a, (p->n + 1 + nb) * sizeof *v);
    if (!v)
        return WATPL_ENOMEM;
    if (p->n)
        memcpy(v, p->values, p->n * sizeof *v);
    size_t n = p->n;
    if (!bv)
        v[n++] = (value){WATPL_COMPONENT_BODY, 0, {NULL, 0}, *code};
    for (size_t i = 0; i < nb; i++) {
        const watpl__button *bt = &bc->buttons[i];
        bool otp = bt->type == WATPL_BUTTON_OTP ||
                   (bt->type == WATPL_BUTTON_URL && bt->url.s && watpl__has_placeholder(bt->url.s, bt->url.len));
        if (otp && !button_value(p, i))
            v[n++] = (value){WATPL_COMPONENT_BUTTONS, i, {NULL, 0}, *code};
    }
    if (n == p->n) {
        watpl__mfree(a, v);
        return WATPL_OK;
    }
    *eff = *p;
    eff->values = v;
    eff->n = n;
    *extra = v;
    return WATPL_OK;
}

int watpl_render(watpl_ctx *ctx, const watpl_template *t, const watpl_params *p, watpl_rendered **out)
{
    if (out)
        *out = NULL;
    if (!ctx)
        return WATPL_EINVAL;
    watpl__clear_error(ctx);
    if (!t || !p || !out)
        return watpl__fail(ctx, WATPL_EINVAL, NULL, "invalid argument");
    watpl_rendered *r = watpl__calloc(&ctx->alloc, 1, sizeof *r);
    if (!r)
        return watpl__fail(ctx, WATPL_ENOMEM, NULL, "out of memory");
    r->alloc = ctx->alloc;
    watpl__buf_init(&r->header, &r->alloc);
    watpl__buf_init(&r->body, &r->alloc);
    watpl__buf_init(&r->payload, &r->alloc);
    int rc = watpl__report_new(&ctx->alloc, &r->report);
    watpl_params eff;
    value *extra = NULL;
    if (!rc && auth_values(&ctx->alloc, t, p, &eff, &extra) == WATPL_ENOMEM)
        rc = WATPL_ENOMEM;
    if (extra)
        p = &eff;
    if (!rc)
        rc = render_all(r, ctx, t, p);
    if (!rc) {
        build_payload(r, t, p);
        watpl__buf_putc(&r->payload, '\0');
        r->payload.len--;
        watpl__buf_putc(&r->body, '\0');
        r->body.len--;
        if (r->payload.failed || r->body.failed)
            rc = WATPL_ENOMEM;
    }
    watpl__mfree(&ctx->alloc, extra);
    if (rc) {
        watpl_rendered_free(r);
        return watpl__fail(ctx, rc, NULL, "out of memory");
    }
    watpl__report_sort(r->report);
    *out = r;
    return WATPL_OK;
}

const watpl_report *watpl_rendered_report(const watpl_rendered *r)
{
    return r ? r->report : NULL;
}

static const char *buf_out(const watpl__buf *b, size_t *len)
{
    if (len)
        *len = b->len;
    return b->data ? b->data : "";
}

const char *watpl_rendered_header(const watpl_rendered *r, size_t *len)
{
    if (!r || !r->has_header) {
        if (len)
            *len = 0;
        return NULL;
    }
    return buf_out(&r->header, len);
}

const char *watpl_rendered_body(const watpl_rendered *r, size_t *len)
{
    if (!r) {
        if (len)
            *len = 0;
        return NULL;
    }
    return buf_out(&r->body, len);
}

const char *watpl_rendered_button_url(const watpl_rendered *r, size_t button, size_t *len)
{
    if (!r || button >= r->n_urls || !r->urls[button].data) {
        if (len)
            *len = 0;
        return NULL;
    }
    return buf_out(&r->urls[button], len);
}

const char *watpl_rendered_payload_json(const watpl_rendered *r, size_t *len)
{
    if (!r) {
        if (len)
            *len = 0;
        return NULL;
    }
    return buf_out(&r->payload, len);
}

int watpl_rendered_copy(const watpl_rendered *r, int part, size_t button, char *buf, size_t cap,
                        size_t *needed)
{
    if (!r || (!buf && cap))
        return WATPL_EINVAL;
    size_t len = 0;
    const char *s = part == WATPL_COMPONENT_HEADER   ? watpl_rendered_header(r, &len)
                    : part == WATPL_COMPONENT_BODY    ? watpl_rendered_body(r, &len)
                    : part == WATPL_COMPONENT_BUTTONS ? watpl_rendered_button_url(r, button, &len)
                                                      : NULL;
    if (!s)
        return part == WATPL_COMPONENT_HEADER || part == WATPL_COMPONENT_BODY || part == WATPL_COMPONENT_BUTTONS
                   ? WATPL_ENOTFOUND
                   : WATPL_EINVAL;
    if (needed)
        *needed = len;
    if (cap <= len)
        return WATPL_EBUFSIZE;
    memcpy(buf, s, len);
    buf[len] = '\0';
    return WATPL_OK;
}

int watpl_rendered_to_json(watpl_ctx *ctx, const watpl_rendered *r, char **out, size_t *out_len)
{
    if (out)
        *out = NULL;
    if (!ctx)
        return WATPL_EINVAL;
    watpl__clear_error(ctx);
    if (!r || !out)
        return watpl__fail(ctx, WATPL_EINVAL, NULL, "invalid argument");
    char *rep = NULL;
    size_t rl = 0;
    int rc = watpl_report_to_json(ctx, r->report, &rep, &rl);
    if (rc)
        return rc;
    watpl__buf b;
    watpl__buf_init(&b, &ctx->alloc);
    watpl__buf_puts(&b, "{\"header\":");
    if (r->has_header)
        watpl__json_str(&b, r->header.data ? r->header.data : "", r->header.len);
    else
        watpl__buf_puts(&b, "null");
    watpl__buf_puts(&b, ",\"body\":");
    watpl__json_str(&b, r->body.data ? r->body.data : "", r->body.len);
    watpl__buf_puts(&b, ",\"buttons\":[");
    bool first = true;
    for (size_t i = 0; i < r->n_urls; i++) {
        if (!r->urls[i].data)
            continue;
        if (!first)
            watpl__buf_putc(&b, ',');
        first = false;
        watpl__buf_printf(&b, "{\"index\":%zu,\"url\":", i);
        watpl__json_str(&b, r->urls[i].data, r->urls[i].len);
        watpl__buf_putc(&b, '}');
    }
    watpl__buf_puts(&b, "],\"components\":");
    watpl__buf_append(&b, r->payload.data ? r->payload.data : "[]", r->payload.data ? r->payload.len : 2);
    watpl__buf_putc(&b, ',');
    watpl__buf_append(&b, rep + 1, rl - 1);
    watpl_free(rep);
    rc = watpl__buf_finish_out(&b, out, out_len);
    return rc ? watpl__fail(ctx, rc, NULL, "out of memory") : WATPL_OK;
}
