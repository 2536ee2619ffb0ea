/* Meta's template JSON in (jansson) and out (canonical POST form).
 * Bounds are documented in docs/limits.md. SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "template_internal.h"
#include "text_internal.h"

typedef struct parser {
    watpl_ctx *ctx;
    const watpl__alloc *a;
    char path[WATPL__ERRPATH_CAP];
    size_t path_len;
} parser;

/* ---- JSON path ------------------------------------------------------------- */

/* Append s[0, len) to the path, cut at its capacity (as snprintf would):
 * the path is written for every field read, so without printf. */
static void path_append(parser *p, const char *s, size_t len)
{
    size_t room = sizeof p->path - 1 - p->path_len;
    if (len > room)
        len = room;
    memcpy(p->path + p->path_len, s, len);
    p->path_len += len;
    p->path[p->path_len] = '\0';
}

static size_t path_push_key(parser *p, const char *key)
{
    size_t saved = p->path_len;
    path_append(p, ".", 1);
    path_append(p, key, strlen(key));
    return saved;
}

static size_t path_push_index(parser *p, size_t i)
{
    size_t saved = p->path_len;
    char d[24];
    size_t k = sizeof d;
    d[--k] = ']';
    do {
        d[--k] = (char)('0' + i % 10);
        i /= 10;
    } while (i);
    d[--k] = '[';
    path_append(p, d + k, sizeof d - k);
    return saved;
}

static void path_pop(parser *p, size_t saved)
{
    p->path_len = saved;
    p->path[saved] = '\0';
}

static int fail_at(parser *p, int code, const char *fmt_what)
{
    const char *rule = code == WATPL_ETYPE ? "input.json.type"
                       : code == WATPL_ELIMIT ? "input.too_large"
                       : code == WATPL_EUTF8 ? "input.utf8"
                                             : NULL;
    if (code == WATPL_ENOMEM)
        return watpl__fail(p->ctx, code, NULL, "out of memory");
    watpl__fail(p->ctx, code, rule, "%s: %s", p->path, fmt_what);
    watpl__fail_pos(p->ctx, -1, 0, 0, p->path);
    return code;
}

static const char *type_name(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "an array";
    case JSON_STRING: return "a string";
    case JSON_INTEGER: return "an integer";
    case JSON_REAL: return "a number";
    case JSON_TRUE:
    case JSON_FALSE: return "a boolean";
    default: return "null";
    }
}

static int wrong_type(parser *p, const json_t *v, const char *want)
{
    char msg[96];
    snprintf(msg, sizeof msg, "expected %s, found %s", want, type_name(v));
    return fail_at(p, WATPL_ETYPE, msg);
}

/* ---- field readers -------------------------------------------------------------- */

/* Read obj[key] as a string into dst; absent or null leaves dst absent. */
static int read_str(parser *p, const json_t *obj, const char *key, watpl__str *dst)
{
    const json_t *v = json_object_get(obj, key);
    if (!v || json_is_null(v))
        return WATPL_OK;
    size_t saved = path_push_key(p, key);
    int rc = WATPL_OK;
    if (!json_is_string(v)) {
        rc = wrong_type(p, v, "a string");
    } else {
        rc = watpl__str_set(p->a, dst, json_string_value(v), json_string_length(v));
        if (rc == WATPL_ELIMIT)
            rc = fail_at(p, rc, "string longer than 65536 bytes");
        else if (rc)
            rc = fail_at(p, rc, "invalid string");
    }
    if (!rc)
        path_pop(p, saved);
    return rc;
}

static int read_bool(parser *p, const json_t *obj, const char *key, int *dst)
{
    const json_t *v = json_object_get(obj, key);
    if (!v || json_is_null(v))
        return WATPL_OK;
    if (!json_is_boolean(v)) {
        path_push_key(p, key);
        return wrong_type(p, v, "true or false");
    }
    *dst = json_is_true(v) ? 1 : 0;
    return WATPL_OK;
}

static const json_t *get_array(parser *p, const json_t *obj, const char *key, int *rc)
{
    const json_t *v = json_object_get(obj, key);
    *rc = WATPL_OK;
    if (!v || json_is_null(v))
        return NULL;
    if (!json_is_array(v)) {
        path_push_key(p, key);
        *rc = wrong_type(p, v, "an array");
        return NULL;
    }
    return v;
}

static int too_many(parser *p, size_t max)
{
    char msg[64];
    snprintf(msg, sizeof msg, "more than %zu items", max);
    return fail_at(p, WATPL_ELIMIT, msg);
}

/* Reads one item of a list into the model (ud): WATPL_OK, or the failure
 * recorded at the item's path. */
typedef int (*item_reader)(parser *p, const json_t *item, void *ud);

/* Every item of the JSON array arr, at most max of them, each read with the
 * JSON path at the item (the procedure of every list of the template). */
static int read_items(parser *p, const json_t *arr, size_t max, item_reader read_item, void *ud)
{
    if (json_array_size(arr) > max)
        return too_many(p, max);
    for (size_t i = 0; i < json_array_size(arr); i++) {
        size_t saved = path_push_index(p, i);
        int rc = read_item(p, json_array_get(arr, i), ud);
        if (rc)
            return rc;
        path_pop(p, saved);
    }
    return WATPL_OK;
}

typedef struct str_list {
    watpl__str **arr;
    size_t *n;
} str_list;

static int read_str_item(parser *p, const json_t *e, void *ud)
{
    str_list *l = ud;
    if (!json_is_string(e))
        return wrong_type(p, e, "a string");
    int rc;
    watpl__str *s = WATPL__PUSH(p->a, *l->arr, *l->n, WATPL__MAX_EXAMPLES, &rc);
    if (!s)
        return fail_at(p, rc, "too many items");
    rc = watpl__str_set(p->a, s, json_string_value(e), json_string_length(e));
    return rc ? fail_at(p, rc, "string too long") : WATPL_OK;
}

/* An array of strings appended to (arr, n). A bare string counts as one. */
static int read_str_list(parser *p, const json_t *v, watpl__str **arr, size_t *n)
{
    str_list l = {arr, n};
    if (json_is_string(v))
        return read_str_item(p, v, &l);
    if (!json_is_array(v))
        return wrong_type(p, v, "an array of strings");
    return read_items(p, v, WATPL__MAX_EXAMPLES, read_str_item, &l);
}

static int read_named_item(parser *p, const json_t *e, void *ud)
{
    watpl__component *c = ud;
    if (!json_is_object(e))
        return wrong_type(p, e, "an object");
    int rc;
    watpl__named_example *ne = WATPL__PUSH(p->a, c->named, c->n_named, WATPL__MAX_EXAMPLES, &rc);
    if (!ne)
        return fail_at(p, rc, "too many items");
    if ((rc = read_str(p, e, "param_name", &ne->name)) || (rc = read_str(p, e, "example", &ne->value)))
        return rc;
    return WATPL_OK;
}

static int read_named(parser *p, const json_t *v, watpl__component *c)
{
    if (!json_is_array(v))
        return wrong_type(p, v, "an array of {param_name, example}");
    return read_items(p, v, WATPL__MAX_EXAMPLES, read_named_item, c);
}

static int read_example(parser *p, const json_t *comp, watpl__component *c)
{
    const json_t *ex = json_object_get(comp, "example");
    if (!ex || json_is_null(ex))
        return WATPL_OK;
    size_t saved = path_push_key(p, "example");
    if (!json_is_object(ex))
        return wrong_type(p, ex, "an object");
    const json_t *v;
    int rc = WATPL_OK;
    size_t s2;
    if ((v = json_object_get(ex, "header_handle")) && !json_is_null(v)) {
        s2 = path_push_key(p, "header_handle");
        if ((rc = read_str_list(p, v, &c->handles, &c->n_handles)))
            return rc;
        path_pop(p, s2);
    }
    if ((v = json_object_get(ex, "header_text")) && !json_is_null(v)) {
        s2 = path_push_key(p, "header_text");
        if ((rc = read_str_list(p, v, &c->examples, &c->n_examples)))
            return rc;
        path_pop(p, s2);
    }
    if ((v = json_object_get(ex, "body_text")) && !json_is_null(v)) {
        s2 = path_push_key(p, "body_text");
        /* [[...]] (Meta's form), a flat array, or a string for one variable */
        const json_t *row = v;
        if (json_is_array(v) && json_array_size(v) > 0 && json_is_array(json_array_get(v, 0))) {
            row = json_array_get(v, 0);
            path_push_index(p, 0);
        }
        if ((rc = read_str_list(p, row, &c->examples, &c->n_examples)))
            return rc;
        path_pop(p, s2);
    }
    const char *named_keys[] = {"header_text_named_params", "body_text_named_params"};
    for (size_t k = 0; k < 2; k++) {
        if ((v = json_object_get(ex, named_keys[k])) && !json_is_null(v)) {
            s2 = path_push_key(p, named_keys[k]);
            if ((rc = read_named(p, v, c)))
                return rc;
            path_pop(p, s2);
        }
    }
    path_pop(p, saved);
    return WATPL_OK;
}

static int read_app_item(parser *p, const json_t *e, void *ud)
{
    watpl__button *b = ud;
    if (!json_is_object(e))
        return wrong_type(p, e, "an object");
    int rc;
    watpl__app *app = WATPL__PUSH(p->a, b->apps, b->n_apps, WATPL__MAX_APPS, &rc);
    if (!app)
        return fail_at(p, rc, "too many items");
    if ((rc = read_str(p, e, "package_name", &app->package_name)) ||
        (rc = read_str(p, e, "signature_hash", &app->signature_hash)))
        return rc;
    return WATPL_OK;
}

static int read_apps(parser *p, const json_t *btn, watpl__button *b)
{
    int rc;
    const json_t *arr = get_array(p, btn, "supported_apps", &rc);
    if (!arr)
        return rc;
    size_t saved = path_push_key(p, "supported_apps");
    if ((rc = read_items(p, arr, WATPL__MAX_APPS, read_app_item, b)))
        return rc;
    path_pop(p, saved);
    return WATPL_OK;
}

static int read_button(parser *p, const json_t *btn, watpl__button *b)
{
    if (!json_is_object(btn))
        return wrong_type(p, btn, "an object");
    b->zero_tap_terms = -1;
    int rc;
    if ((rc = read_str(p, btn, "type", &b->type_raw)) || (rc = read_str(p, btn, "text", &b->text)) ||
        (rc = read_str(p, btn, "url", &b->url)) ||
        (rc = read_str(p, btn, "phone_number", &b->phone_number)) ||
        (rc = read_str(p, btn, "otp_type", &b->otp_type)) ||
        (rc = read_str(p, btn, "autofill_text", &b->autofill_text)) ||
        (rc = read_bool(p, btn, "zero_tap_terms_accepted", &b->zero_tap_terms)) ||
        (rc = read_apps(p, btn, b)))
        return rc;
    b->type = b->type_raw.s ? watpl__button_type_from(b->type_raw.s, b->type_raw.len)
                            : WATPL_BUTTON_UNKNOWN;
    const json_t *ex = json_object_get(btn, "example");
    if (ex && !json_is_null(ex)) {
        size_t saved = path_push_key(p, "example");
        if ((rc = read_str_list(p, ex, &b->examples, &b->n_examples)))
            return rc;
        path_pop(p, saved);
    }
    return WATPL_OK;
}

static int read_button_item(parser *p, const json_t *btn, void *ud)
{
    watpl__component *c = ud;
    int rc;
    watpl__button *b = WATPL__PUSH(p->a, c->buttons, c->n_buttons, WATPL__MAX_BUTTONS, &rc);
    if (!b)
        return fail_at(p, rc, "too many buttons");
    return read_button(p, btn, b);
}

static int read_buttons(parser *p, const json_t *comp, watpl__component *c)
{
    int rc;
    const json_t *arr = get_array(p, comp, "buttons", &rc);
    if (!arr)
        return rc;
    size_t saved = path_push_key(p, "buttons");
    if ((rc = read_items(p, arr, WATPL__MAX_BUTTONS, read_button_item, c)))
        return rc;
    path_pop(p, saved);
    return WATPL_OK;
}

static int read_components(parser *p, const json_t *arr, watpl__component **cs, size_t *n,
                           bool in_card);

static int read_card_item(parser *p, const json_t *card, void *ud)
{
    watpl__component *c = ud;
    if (!json_is_object(card))
        return wrong_type(p, card, "an object");
    int rc;
    watpl__card *cd = WATPL__PUSH(p->a, c->cards, c->n_cards, WATPL__MAX_CARDS, &rc);
    if (!cd)
        return fail_at(p, rc, "too many cards");
    const json_t *cc = get_array(p, card, "components", &rc);
    if (rc)
        return rc;
    if (cc) {
        size_t saved = path_push_key(p, "components");
        if ((rc = read_components(p, cc, &cd->components, &cd->n_components, true)))
            return rc;
        path_pop(p, saved);
    }
    return WATPL_OK;
}

static int read_cards(parser *p, const json_t *comp, watpl__component *c)
{
    int rc;
    const json_t *arr = get_array(p, comp, "cards", &rc);
    if (!arr)
        return rc;
    size_t saved = path_push_key(p, "cards");
    if ((rc = read_items(p, arr, WATPL__MAX_CARDS, read_card_item, c)))
        return rc;
    path_pop(p, saved);
    return WATPL_OK;
}

static int read_lto(parser *p, const json_t *comp, watpl__component *c)
{
    const json_t *o = json_object_get(comp, "limited_time_offer");
    if (!o || json_is_null(o))
        return WATPL_OK;
    size_t saved = path_push_key(p, "limited_time_offer");
    if (!json_is_object(o))
        return wrong_type(p, o, "an object");
    int rc;
    if ((rc = read_str(p, o, "text", &c->lto_text)) ||
        (rc = read_bool(p, o, "has_expiration", &c->lto_has_expiration)))
        return rc;
    path_pop(p, saved);
    return WATPL_OK;
}

static int read_expiration(parser *p, const json_t *comp, watpl__component *c)
{
    const json_t *v = json_object_get(comp, "code_expiration_minutes");
    if (!v || json_is_null(v))
        return WATPL_OK;
    if (!json_is_integer(v)) {
        path_push_key(p, "code_expiration_minutes");
        return wrong_type(p, v, "an integer");
    }
    c->has_code_expiration = true;
    c->code_expiration_minutes = (int64_t)json_integer_value(v);
    return WATPL_OK;
}

static int read_component(parser *p, const json_t *comp, watpl__component *c, bool in_card)
{
    if (!json_is_object(comp))
        return wrong_type(p, comp, "an object");
    c->add_security_recommendation = -1;
    c->lto_has_expiration = -1;
    int rc;
    if ((rc = read_str(p, comp, "type", &c->type_raw)) || (rc = read_str(p, comp, "format", &c->format_raw)) ||
        (rc = read_str(p, comp, "text", &c->text)) || (rc = read_example(p, comp, c)) ||
        (rc = read_bool(p, comp, "add_security_recommendation", &c->add_security_recommendation)) ||
        (rc = read_expiration(p, comp, c)) || (rc = read_buttons(p, comp, c)) || (rc = read_lto(p, comp, c)))
        return rc;
    c->kind = c->type_raw.s ? watpl__component_kind_from(c->type_raw.s, c->type_raw.len) : -1;
    c->format = c->format_raw.s ? watpl__header_format_from(c->format_raw.s, c->format_raw.len)
                                : (c->kind == WATPL_COMPONENT_HEADER ? WATPL_HEADER_NONE : WATPL_HEADER_NONE);
    if (c->kind == WATPL_COMPONENT_CAROUSEL && !in_card)
        return read_cards(p, comp, c);
    return WATPL_OK;
}

typedef struct component_list {
    watpl__component **cs;
    size_t *n;
    bool in_card;
} component_list;

static int read_component_item(parser *p, const json_t *comp, void *ud)
{
    component_list *l = ud;
    int rc;
    watpl__component *c = WATPL__PUSH(p->a, *l->cs, *l->n, WATPL__MAX_COMPONENTS, &rc);
    if (!c)
        return fail_at(p, rc, "too many components");
    return read_component(p, comp, c, l->in_card);
}

static int read_components(parser *p, const json_t *arr, watpl__component **cs, size_t *n,
                           bool in_card)
{
    component_list l = {cs, n, in_card};
    return read_items(p, arr, WATPL__MAX_COMPONENTS, read_component_item, &l);
}

static int read_template(parser *p, const json_t *root, watpl_template *t)
{
    if (!json_is_object(root))
        return wrong_type(p, root, "a template object");
    int rc;
    if ((rc = read_str(p, root, "name", &t->name)) || (rc = read_str(p, root, "language", &t->language)) ||
        (rc = read_str(p, root, "category", &t->category_raw)) ||
        (rc = read_str(p, root, "parameter_format", &t->parameter_format_raw)))
        return rc;
    t->category = watpl__category_from(t->category_raw.s, t->category_raw.len, &t->category_legacy);
    t->parameter_format = t->parameter_format_raw.s
                              ? watpl__parameter_format_from(t->parameter_format_raw.s, t->parameter_format_raw.len)
                              : WATPL_PARAMS_POSITIONAL;
    const json_t *arr = get_array(p, root, "components", &rc);
    if (rc || !arr)
        return rc;
    size_t saved = path_push_key(p, "components");
    if ((rc = read_components(p, arr, &t->components, &t->n_components, false)))
        return rc;
    path_pop(p, saved);
    return WATPL_OK;
}

/* ---- input checks before jansson ------------------------------------------------------- */

static int precheck(watpl_ctx *ctx, size_t len)
{
    if ((int64_t)len > ctx->policy.max_input_bytes) {
        watpl__fail(ctx, WATPL_ELIMIT, "input.too_large", "the template is %zu bytes; the limit is %lld",
                    len, (long long)ctx->policy.max_input_bytes);
        watpl__fail_pos(ctx, -1, 0, 0, "");
        return WATPL_ELIMIT;
    }
    return WATPL_OK;
}

int watpl_template_parse_json(watpl_ctx *ctx, const char *json, size_t len, watpl_template **out)
{
    WATPL__ENTER(ctx, out && (json || !len), WATPL__OUT(out));
    if (!json)
        json = "";
    int rc = precheck(ctx, len);
    if (rc)
        return rc;
    json_t *root = watpl__json_parse(ctx, json, len, &rc);
    if (!root)
        return rc;
    watpl_template *t = NULL;
    rc = watpl_template_new(&t, ctx);
    if (rc) {
        json_decref(root);
        return watpl__fail(ctx, rc, NULL, "out of memory");
    }
    parser p = {ctx, &ctx->alloc, "$", 1};
    rc = read_template(&p, root, t);
    json_decref(root);
    if (rc) {
        watpl_template_free(t);
        return rc;
    }
    *out = t;
    return WATPL_OK;
}

/* ---- output ------------------------------------------------------------------------ */

static void put_str_field(watpl__buf *b, const char *key, const watpl__str *s)
{
    if (!s->s)
        return;
    watpl__buf_putc(b, ',');
    watpl__json_key(b, key);
    watpl__json_str(b, s->s, s->len);
}

static void put_str_array(watpl__buf *b, const watpl__str *arr, size_t n)
{
    watpl__buf_putc(b, '[');
    for (size_t i = 0; i < n; i++) {
        if (i)
            watpl__buf_putc(b, ',');
        watpl__json_str(b, arr[i].s, arr[i].len);
    }
    watpl__buf_putc(b, ']');
}

static void put_named(watpl__buf *b, const char *key, const watpl__component *c)
{
    watpl__buf_putc(b, ',');
    watpl__json_key(b, key);
    watpl__buf_putc(b, '[');
    for (size_t i = 0; i < c->n_named; i++) {
        if (i)
            watpl__buf_putc(b, ',');
        watpl__buf_putc(b, '{');
        watpl__json_key(b, "param_name");
        watpl__json_str(b, c->named[i].name.s, c->named[i].name.len);
        watpl__buf_putc(b, ',');
        watpl__json_key(b, "example");
        watpl__json_str(b, c->named[i].value.s, c->named[i].value.len);
        watpl__buf_putc(b, '}');
    }
    watpl__buf_putc(b, ']');
}

static void put_example(watpl__buf *b, const watpl__component *c)
{
    if (!c->n_handles && !c->n_examples && !c->n_named)
        return;
    bool header = c->kind == WATPL_COMPONENT_HEADER;
    bool first = true;
    watpl__buf_putc(b, ',');
    watpl__json_key(b, "example");
    watpl__buf_putc(b, '{');
    if (c->n_handles) {
        watpl__json_key(b, "header_handle");
        put_str_array(b, c->handles, c->n_handles);
        first = false;
    }
    if (c->n_examples) {
        if (!first)
            watpl__buf_putc(b, ',');
        watpl__json_key(b, header ? "header_text" : "body_text");
        if (!header)
            watpl__buf_putc(b, '[');
        put_str_array(b, c->examples, c->n_examples);
        if (!header)
            watpl__buf_putc(b, ']');
        first = false;
    }
    if (c->n_named) {
        if (first) {
            /* put_named writes a leading comma; emit the key directly instead */
            watpl__json_key(b, header ? "header_text_named_params" : "body_text_named_params");
            watpl__buf_putc(b, '[');
            for (size_t i = 0; i < c->n_named; i++) {
                if (i)
                    watpl__buf_putc(b, ',');
                watpl__buf_putc(b, '{');
                watpl__json_key(b, "param_name");
                watpl__json_str(b, c->named[i].name.s, c->named[i].name.len);
                watpl__buf_putc(b, ',');
                watpl__json_key(b, "example");
                watpl__json_str(b, c->named[i].value.s, c->named[i].value.len);
                watpl__buf_putc(b, '}');
            }
            watpl__buf_putc(b, ']');
        } else {
            put_named(b, header ? "header_text_named_params" : "body_text_named_params", c);
        }
    }
    watpl__buf_putc(b, '}');
}

static void put_button(watpl__buf *b, const watpl__button *bt)
{
    watpl__buf_putc(b, '{');
    watpl__json_key(b, "type");
    if (bt->type_raw.s)
        watpl__json_str(b, bt->type_raw.s, bt->type_raw.len);
    else
        watpl__buf_puts(b, "null");
    put_str_field(b, "text", &bt->text);
    put_str_field(b, "url", &bt->url);
    put_str_field(b, "phone_number", &bt->phone_number);
    put_str_field(b, "otp_type", &bt->otp_type);
    put_str_field(b, "autofill_text", &bt->autofill_text);
    if (bt->n_examples) {
        watpl__buf_putc(b, ',');
        watpl__json_key(b, "example");
        put_str_array(b, bt->examples, bt->n_examples);
    }
    if (bt->n_apps) {
        watpl__buf_putc(b, ',');
        watpl__json_key(b, "supported_apps");
        watpl__buf_putc(b, '[');
        for (size_t i = 0; i < bt->n_apps; i++) {
            if (i)
                watpl__buf_putc(b, ',');
            watpl__buf_putc(b, '{');
            watpl__json_key(b, "package_name");
            watpl__json_str(b, bt->apps[i].package_name.s, bt->apps[i].package_name.len);
            watpl__buf_putc(b, ',');
            watpl__json_key(b, "signature_hash");
            watpl__json_str(b, bt->apps[i].signature_hash.s, bt->apps[i].signature_hash.len);
            watpl__buf_putc(b, '}');
        }
        watpl__buf_putc(b, ']');
    }
    if (bt->zero_tap_terms >= 0) {
        watpl__buf_putc(b, ',');
        watpl__json_key(b, "zero_tap_terms_accepted");
        watpl__json_bool(b, bt->zero_tap_terms == 1);
    }
    watpl__buf_putc(b, '}');
}

static void put_components(watpl__buf *b, const watpl__component *cs, size_t n);

static void put_component(watpl__buf *b, const watpl__component *c)
{
    watpl__buf_putc(b, '{');
    watpl__json_key(b, "type");
    if (c->type_raw.s)
        watpl__json_str(b, c->type_raw.s, c->type_raw.len);
    else
        watpl__buf_puts(b, "null");
    put_str_field(b, "format", &c->format_raw);
    put_str_field(b, "text", &c->text);
    if (c->add_security_recommendation >= 0) {
        watpl__buf_putc(b, ',');
        watpl__json_key(b, "add_security_recommendation");
        watpl__json_bool(b, c->add_security_recommendation == 1);
    }
    if (c->has_code_expiration) {
        watpl__buf_putc(b, ',');
        watpl__json_key(b, "code_expiration_minutes");
        watpl__json_i64(b, c->code_expiration_minutes);
    }
    put_example(b, c);
    if (c->n_buttons || c->kind == WATPL_COMPONENT_BUTTONS) {
        watpl__buf_putc(b, ',');
        watpl__json_key(b, "buttons");
        watpl__buf_putc(b, '[');
        for (size_t i = 0; i < c->n_buttons; i++) {
            if (i)
                watpl__buf_putc(b, ',');
            put_button(b, &c->buttons[i]);
        }
        watpl__buf_putc(b, ']');
    }
    if (c->n_cards || c->kind == WATPL_COMPONENT_CAROUSEL) {
        watpl__buf_putc(b, ',');
        watpl__json_key(b, "cards");
        watpl__buf_putc(b, '[');
        for (size_t i = 0; i < c->n_cards; i++) {
            if (i)
                watpl__buf_putc(b, ',');
            watpl__buf_putc(b, '{');
            watpl__json_key(b, "components");
            put_components(b, c->cards[i].components, c->cards[i].n_components);
            watpl__buf_putc(b, '}');
        }
        watpl__buf_putc(b, ']');
    }
    if (c->lto_text.s || c->lto_has_expiration >= 0) {
        watpl__buf_putc(b, ',');
        watpl__json_key(b, "limited_time_offer");
        watpl__buf_putc(b, '{');
        bool first = true;
        if (c->lto_text.s) {
            watpl__json_key(b, "text");
            watpl__json_str(b, c->lto_text.s, c->lto_text.len);
            first = false;
        }
        if (c->lto_has_expiration >= 0) {
            if (!first)
                watpl__buf_putc(b, ',');
            watpl__json_key(b, "has_expiration");
            watpl__json_bool(b, c->lto_has_expiration == 1);
        }
        watpl__buf_putc(b, '}');
    }
    watpl__buf_putc(b, '}');
}

static void put_components(watpl__buf *b, const watpl__component *cs, size_t n)
{
    watpl__buf_putc(b, '[');
    for (size_t i = 0; i < n; i++) {
        if (i)
            watpl__buf_putc(b, ',');
        put_component(b, &cs[i]);
    }
    watpl__buf_putc(b, ']');
}

int watpl_template_to_json(watpl_ctx *ctx, const watpl_template *t, char **out, size_t *out_len)
{
    WATPL__ENTER(ctx, t && out, WATPL__OUT(out), WATPL__OUT(out_len));
    watpl__buf b;
    watpl__buf_init(&b, &ctx->alloc);
    watpl__buf_putc(&b, '{');
    watpl__json_key(&b, "name");
    watpl__json_str(&b, t->name.s, t->name.len);
    put_str_field(&b, "language", &t->language);
    put_str_field(&b, "category", &t->category_raw);
    put_str_field(&b, "parameter_format", &t->parameter_format_raw);
    watpl__buf_putc(&b, ',');
    watpl__json_key(&b, "components");
    put_components(&b, t->components, t->n_components);
    watpl__buf_putc(&b, '}');
    int rc = watpl__buf_finish_out(&b, out, out_len);
    return rc ? watpl__fail(ctx, rc, NULL, "out of memory") : WATPL_OK;
}
