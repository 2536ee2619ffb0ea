/* Send-time parameter sets: values kept in one reusable arena, and Meta's
 * send payload read into them (docs/render.md). SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "send_internal.h"
#include "template_internal.h"
#include "text_internal.h"

/* ---- the arena ---------------------------------------------------------------- */

static void rebase(watpl__str *s, const char *old, char *nb)
{
    if (s->s)
        s->s = nb + (s->s - old);
}

/* Room for need bytes in the arena; the strings of p move with it. */
static int arena_grow(watpl_params *p, size_t need)
{
    size_t cap = p->arena_cap ? p->arena_cap : 256;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    char *nb = watpl__malloc(&p->alloc, cap);
    if (!nb)
        return WATPL_ENOMEM;
    if (p->arena_len)
        memcpy(nb, p->arena, p->arena_len);
    for (size_t i = 0; i < p->n; i++) {
        rebase(&p->values[i].name, p->arena, nb);
        rebase(&p->values[i].text, p->arena, nb);
    }
    rebase(&p->coupon, p->arena, nb);
    rebase(&p->auth_code, p->arena, nb);
    rebase(&p->to, p->arena, nb);
    watpl__mfree(&p->alloc, p->arena);
    p->arena = nb;
    p->arena_cap = cap;
    return WATPL_OK;
}

/* Copy s[0, len) and a NUL into the arena; its offset in *at. */
static int arena_store(watpl_params *p, const char *s, size_t len, size_t *at)
{
    if (len > SIZE_MAX - p->arena_len - 1)
        return WATPL_ENOMEM;
    size_t need = p->arena_len + len + 1;
    if (need > p->arena_cap && arena_grow(p, need))
        return WATPL_ENOMEM;
    if (len)
        memcpy(p->arena + p->arena_len, s, len);
    p->arena[p->arena_len + len] = '\0';
    *at = p->arena_len;
    p->arena_len = need;
    return WATPL_OK;
}

/* The checks of watpl__str_set: bounded, valid UTF-8. */
static int check_string(const char *s, size_t len)
{
    if (!s && len)
        return WATPL_EINVAL;
    if (len > WATPL__MAX_TEXT_BYTES)
        return WATPL_ELIMIT;
    return watpl__utf8_valid(s ? s : "", len, NULL) ? WATPL_OK : WATPL_EUTF8;
}

/* Check and store one string into *dst; dst is unchanged on failure. */
static int set_string(watpl_params *p, watpl__str *dst, const char *s, size_t len)
{
    int rc = check_string(s, len);
    size_t at;
    if (!rc)
        rc = arena_store(p, s ? s : "", len, &at);
    if (!rc)
        *dst = (watpl__str){p->arena + at, len};
    return rc;
}

/* ---- parameter sets ---------------------------------------------------------- */

int watpl_params_new(watpl_params **out, watpl_ctx *ctx)
{
    WATPL__ENTER(ctx, out, WATPL__OUT(out));
    watpl_params *p = watpl__calloc(&ctx->alloc, 1, sizeof *p);
    if (!p)
        return watpl__fail_nomem(ctx);
    p->alloc = ctx->alloc;
    *out = p;
    return WATPL_OK;
}

void watpl_params_free(watpl_params *p)
{
    if (!p)
        return;
    watpl__alloc a = p->alloc;
    watpl__mfree(&a, p->values);
    watpl__mfree(&a, p->arena);
    watpl__mfree(&a, p);
}

void watpl_params_clear(watpl_params *p)
{
    if (!p)
        return;
    p->n = 0;
    p->arena_len = 0;
    p->coupon = p->auth_code = p->to = (watpl__str){NULL, 0};
}

/* ---- the scan of a value ------------------------------------------------------------ */

#define ONES 0x0101010101010101u
#define HIGHS 0x8080808080808080u

/* 8 bytes, in the host's order: the tests below treat every byte alike. */
static uint64_t load_word(const char *s)
{
    uint64_t x;
    memcpy(&x, s, 8);
    return x;
}

/* The bytes of x below '#', DEL, non-ASCII or '\\' (their high bits,
 * nonzero when there is one: a borrow or carry only runs from such a byte).
 * The other bytes are plain: one unit in both counting units and one byte
 * in JSON, and no line break, tab or space (send.param.whitespace). */
static uint64_t unplain8(uint64_t x)
{
    uint64_t backslash = x ^ (ONES * '\\');
    return ((x - ONES * '#') | x | (x + ONES) | ((backslash - ONES) & ~backslash)) & HIGHS;
}

/* Copy n bytes from s to d and tell whether they are all plain (0) from
 * the words the copy moves: two overlapping words up to 16 bytes, the
 * words of a longer text (and its last 8 bytes again). */
static uint64_t copy_unplain(char *d, const char *s, size_t n)
{
    if (n >= 8 && n <= 16) {
        uint64_t a = load_word(s), b = load_word(s + n - 8);
        memcpy(d, &a, 8);
        memcpy(d + n - 8, &b, 8);
        return unplain8(a) | unplain8(b);
    }
    if (n > 16) {
        uint64_t bad = unplain8(load_word(s + n - 8));
        memcpy(d, s, n);
        for (size_t i = 0; i + 8 <= n; i += 8)
            bad |= unplain8(load_word(s + i));
        return bad;
    }
    if (n >= 4) {
        uint32_t a, b;
        memcpy(&a, s, 4);
        memcpy(&b, s + n - 4, 4);
        memcpy(d, &a, 4);
        memcpy(d + n - 4, &b, 4);
        return unplain8(a | (uint64_t)b << 32);
    }
    if (!n)
        return 0;
    unsigned char first = (unsigned char)s[0], mid = (unsigned char)s[n / 2], last = (unsigned char)s[n - 1];
    d[0] = (char)first;
    d[n / 2] = (char)mid;
    d[n - 1] = (char)last;
    return unplain8(first | (uint64_t)mid << 8 | (uint64_t)last << 16 | (ONES * 'a' & ~(uint64_t)0xffffff));
}

/* Whether none of the 8 bytes of x is a control, a space, '"', '\\', DEL
 * or non-ASCII: plain text, one code point and one JSON byte each. */
static bool plain8(uint64_t x)
{
    uint64_t quote = x ^ (ONES * '"'), backslash = x ^ (ONES * '\\'), del = x ^ (ONES * 0x7f);
    uint64_t special = ((x - ONES * 0x21) & ~x) | ((quote - ONES) & ~quote) | ((backslash - ONES) & ~backslash) |
                       ((del - ONES) & ~del) | x;
    return (special & HIGHS) == 0;
}

watpl__vstat watpl__value_stat(const char *s, size_t len)
{
    watpl__vstat st = {0, 0, 2, -1, true};
    size_t spaces = 0, i = 0;
    for (uint64_t x; i + 8 <= len && (x = load_word(s + i), plain8(x)); i += 8) {
        st.cp += 8;
        st.json_len += 8;
        spaces = 0;
    }
    for (; i < len; i++) {
        unsigned char b = (unsigned char)s[i];
        if (b > ' ' && b < 0x7f && b != '"' && b != '\\') { /* the common case */
            st.cp++;
            st.json_len++;
            spaces = 0;
            continue;
        }
        spaces = b == ' ' ? spaces + 1 : 0;
        if (st.blank < 0 && (b == '\n' || b == '\t' || spaces >= 5))
            st.blank = (int64_t)i;
        if (b >= 0x80) {
            st.ascii = false;
            st.cp += (b & 0xC0) != 0x80;
            st.u16 += b >= 0xF0; /* a 4-byte sequence is a surrogate pair */
            st.json_len++;
        } else {
            st.cp++;
            st.json_len += b == ' ' ? 1 : b == '"' || b == '\\' || b == '\n' || b == '\r' || b == '\t' ? 2 : 6;
        }
    }
    st.u16 += st.cp;
    return st;
}

/* One ASCII byte b at offset i of a value, as watpl__value_stat counts it. */
static void stat_ascii(watpl__vstat *st, unsigned char b, size_t i, size_t *spaces)
{
    st->cp++;
    if (b > ' ' && b < 0x7f && b != '"' && b != '\\') {
        st->json_len++;
        *spaces = 0;
        return;
    }
    *spaces = b == ' ' ? *spaces + 1 : 0;
    if (st->blank < 0 && (b == '\n' || b == '\t' || *spaces >= 5))
        st->blank = (int64_t)i;
    st->json_len += b == ' ' ? 1 : b == '"' || b == '\\' || b == '\n' || b == '\r' || b == '\t' ? 2 : 6;
}

/* The length of the UTF-8 sequence that starts with b >= 0x80 at s[i],
 * 0 if it is not valid: RFC 3629, the sequences watpl__utf8_valid accepts
 * (no overlong form, no surrogate, nothing above U+10FFFF). */
static size_t sequence_len(const unsigned char *s, size_t len, size_t i)
{
    unsigned char b = s[i];
    size_t left = len - i;
    if (b < 0xE0) /* 2 bytes, the most common */
        return b >= 0xC2 && left >= 2 && (s[i + 1] & 0xC0) == 0x80 ? 2 : 0;
    if (b < 0xF0) {
        if (left < 3 || (s[i + 1] & 0xC0) != 0x80 || (s[i + 2] & 0xC0) != 0x80)
            return 0;
        return (b == 0xE0 && s[i + 1] < 0xA0) || (b == 0xED && s[i + 1] > 0x9F) ? 0 : 3;
    }
    if (b > 0xF4 || left < 4 || (s[i + 1] & 0xC0) != 0x80 || (s[i + 2] & 0xC0) != 0x80 ||
        (s[i + 3] & 0xC0) != 0x80)
        return 0;
    return (b == 0xF0 && s[i + 1] < 0x90) || (b == 0xF4 && s[i + 1] > 0x8F) ? 0 : 4;
}

/* The stat of a value that is not all plain, in one pass that also checks
 * its UTF-8; false if it is not valid. The same stat as watpl__value_stat
 * for a valid text. */
WATPL__NOINLINE static bool stat_other(watpl__vstat *st, const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str;
    watpl__vstat t = {0, 0, 2, -1, true};
    size_t spaces = 0, pairs = 0;
    for (size_t i = 0; i < len;) {
        unsigned char b = s[i];
        if (b < 0x80) {
            if (!(i & 7) && i + 8 <= len && plain8(load_word(str + i))) { /* 8 plain bytes */
                t.cp += 8;
                t.json_len += 8;
                spaces = 0;
                i += 8;
                continue;
            }
            stat_ascii(&t, b, i, &spaces);
            i++;
            continue;
        }
        size_t n = sequence_len(s, len, i);
        if (!n)
            return false;
        t.ascii = false;
        t.cp++;
        pairs += n == 4; /* a surrogate pair in UTF-16 */
        t.json_len += n;
        spaces = 0;
        i += n;
    }
    t.u16 = t.cp + pairs;
    *st = t;
    return true;
}

/* ---- adding values -------------------------------------------------------------------- */

static int grow_values(watpl_params *p)
{
    size_t cap = p->cap ? p->cap * 2 : 8;
    watpl__value *v = watpl__realloc(&p->alloc, p->values, p->cap * sizeof *v, cap * sizeof *v);
    if (!v)
        return WATPL_ENOMEM;
    p->values = v;
    p->cap = cap;
    return WATPL_OK;
}

/* Value n of p, its text stored at offset at and its stat known; the name
 * given is stored after it. */
WATPL__COLD static int add_named(watpl_params *p, const char *name, size_t name_len, size_t at, size_t text_len)
{
    size_t name_at = 0;
    int rc = check_string(name, name_len);
    if (!rc)
        rc = arena_store(p, name, name_len, &name_at);
    if (rc)
        return rc;
    watpl__value *nv = &p->values[p->n];
    nv->text = (watpl__str){p->arena + at, text_len};
    nv->name = (watpl__str){p->arena + name_at, name_len};
    nv->name_json = watpl__value_stat(name, name_len).json_len;
    return WATPL_OK;
}

/* Room for one more value of len bytes. */
WATPL__COLD static int make_room(watpl_params *p, size_t len)
{
    if (p->n == p->cap && grow_values(p))
        return WATPL_ENOMEM;
    size_t need = p->arena_len + len + WATPL__COPY_SLACK;
    return need > p->arena_cap ? arena_grow(p, need) : WATPL_OK;
}

int watpl_params_add(watpl_params *p, int component, size_t button, const char *name,
                     size_t name_len, const char *text, size_t text_len)
{
    if (!p || (component != WATPL_COMPONENT_HEADER && component != WATPL_COMPONENT_BODY &&
               component != WATPL_COMPONENT_BUTTONS))
        return WATPL_EINVAL;
    if (p->n >= WATPL__MAX_VALUES)
        return WATPL_ELIMIT;
    if (!text)
        text_len = 0;
    if (text_len > WATPL__MAX_TEXT_BYTES)
        return WATPL_ELIMIT;
    size_t at = p->arena_len;
    /* a value is followed by WATPL__COPY_SLACK bytes of the arena (its NUL first) */
    if ((p->n == p->cap || at + text_len + WATPL__COPY_SLACK > p->arena_cap) && make_room(p, text_len))
        return WATPL_ENOMEM;
    /* copied and checked in one pass; only a text that is not plain ASCII is scanned again */
    char *d = p->arena + at;
    watpl__value *nv = &p->values[p->n];
    if (!copy_unplain(d, text, text_len))
        nv->st = (watpl__vstat){text_len, text_len, text_len + 2, -1, true};
    else if (!stat_other(&nv->st, d, text_len))
        return WATPL_EUTF8;
    d[text_len] = '\0';
    p->arena_len = at + text_len + 1;
    if (name) {
        int rc = add_named(p, name, name_len, at, text_len);
        if (rc) {
            p->arena_len = at;
            return rc;
        }
    } else {
        nv->text = (watpl__str){d, text_len};
        nv->name = (watpl__str){NULL, 0};
        nv->name_json = 0;
    }
    nv->component = component;
    nv->button = component == WATPL_COMPONENT_BUTTONS ? button : 0;
    p->n++;
    return WATPL_OK;
}

int watpl_params_set_coupon_code(watpl_params *p, const char *code, size_t len)
{
    return p ? set_string(p, &p->coupon, code, len) : WATPL_EINVAL;
}

int watpl_params_set_auth_code(watpl_params *p, const char *code, size_t len)
{
    return p ? set_string(p, &p->auth_code, code, len) : WATPL_EINVAL;
}

const char *watpl_params_to(const watpl_params *p, size_t *len)
{
    if (len)
        *len = p && p->to.s ? p->to.len : 0;
    return p ? p->to.s : NULL;
}

/* ---- Meta's send payload ---------------------------------------------------------- */

/* Where a failure happened: component ci, parameter k (SIZE_MAX: the
 * component itself, ci SIZE_MAX: the root). The JSON path is only written
 * when there is an error. */
typedef struct where {
    size_t ci, k;
} where;

static void where_path(where w, char *path, size_t cap)
{
    if (w.ci == SIZE_MAX)
        snprintf(path, cap, "$");
    else if (w.k == SIZE_MAX)
        snprintf(path, cap, "$.components[%zu]", w.ci);
    else
        snprintf(path, cap, "$.components[%zu].parameters[%zu]", w.ci, w.k);
}

static int type_error(watpl_ctx *ctx, where w, const char *what)
{
    char path[96];
    where_path(w, path, sizeof path);
    watpl__fail(ctx, WATPL_ETYPE, "input.json.type", "%s: %s", path, what);
    watpl__fail_pos(ctx, -1, 0, 0, path);
    return WATPL_ETYPE;
}

/* A value of the parameter at w that could not be stored (rc). */
static int store_error(watpl_ctx *ctx, int rc, where w, const char *what)
{
    char path[96];
    where_path(w, path, sizeof path);
    watpl__fail(ctx, rc, rc == WATPL_ELIMIT ? "input.too_large" : NULL, "%s: cannot store the %s", path, what);
    watpl__fail_pos(ctx, -1, 0, 0, path);
    return rc;
}

static bool is_type(const char *type, const char *name)
{
    return type && strcmp(type, name) == 0;
}

/* A media or location header, a product, a flow action, an offer expiry: no
 * text variable of the template takes them. */
static bool is_object_parameter(const char *type)
{
    static const char *const kinds[] = {"image",   "video",  "document",          "location",
                                        "product", "action", "limited_time_offer"};
    for (size_t i = 0; type && i < WATPL__ARRAY_LEN(kinds); i++)
        if (strcmp(type, kinds[i]) == 0)
            return true;
    return false;
}

static int add_parameter(watpl_ctx *ctx, watpl_params *p, const json_t *pa, int component, size_t button,
                         where w)
{
    if (!json_is_object(pa))
        return type_error(ctx, w, "expected an object");
    const char *type = json_string_value(json_object_get(pa, "type"));
    const json_t *coupon = json_object_get(pa, "coupon_code");
    if (is_type(type, "coupon_code") && json_is_string(coupon)) {
        int rc = watpl_params_set_coupon_code(p, json_string_value(coupon), json_string_length(coupon));
        return rc ? store_error(ctx, rc, w, "coupon code") : WATPL_OK;
    }
    const json_t *text = json_object_get(pa, "text");
    const json_t *name = json_object_get(pa, "parameter_name");
    if (!text && is_type(type, "payload"))
        return WATPL_OK; /* quick-reply payloads carry no text to check */
    if (is_object_parameter(type))
        return json_is_object(json_object_get(pa, type))
                   ? WATPL_OK
                   : type_error(ctx, w, "a media, location, product, action or offer parameter needs "
                                        "an object under its type");
    if (!text && (is_type(type, "currency") || is_type(type, "date_time"))) {
        /* the text shown is the fallback value */
        const json_t *obj = json_object_get(pa, type);
        text = json_is_object(obj) ? json_object_get(obj, "fallback_value") : NULL;
        if (!json_is_string(text))
            return type_error(ctx, w, "a currency or date_time parameter needs \"fallback_value\"");
    }
    if (!json_is_string(text))
        return type_error(ctx, w, "a parameter needs \"text\" (string)");
    if (name && !json_is_string(name))
        return type_error(ctx, w, "\"parameter_name\" must be a string");
    int rc = watpl_params_add(p, component, button, name ? json_string_value(name) : NULL,
                              name ? json_string_length(name) : 0, json_string_value(text),
                              json_string_length(text));
    return rc ? store_error(ctx, rc, w, "value") : WATPL_OK;
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

static int add_component(watpl_ctx *ctx, watpl_params *p, const json_t *c, size_t ci)
{
    where w = {ci, SIZE_MAX};
    if (!json_is_object(c))
        return type_error(ctx, w, "expected an object");
    const char *type = json_string_value(json_object_get(c, "type"));
    const json_t *params = json_object_get(c, "parameters");
    if (!type)
        return type_error(ctx, w, "a component needs \"type\" (string)");
    if (params && !json_is_array(params))
        return type_error(ctx, w, "\"parameters\" must be an array");
    int component = WATPL_COMPONENT_BODY;
    size_t button = 0;
    if (is_type(type, "header") || is_type(type, "HEADER")) {
        component = WATPL_COMPONENT_HEADER;
    } else if (is_type(type, "button") || is_type(type, "BUTTON")) {
        component = WATPL_COMPONENT_BUTTONS;
        const json_t *idx = json_object_get(c, "index");
        if (json_is_integer(idx) && json_integer_value(idx) >= 0)
            button = (size_t)json_integer_value(idx);
        else if (!json_is_string(idx) || !parse_index(json_string_value(idx), &button))
            return type_error(ctx, w, "a button component needs \"index\", a number from 0");
    } else if (!is_type(type, "body") && !is_type(type, "BODY")) {
        return WATPL_OK; /* carousel and other components are not checked here */
    }
    for (size_t k = 0; k < json_array_size(params); k++) {
        int rc = add_parameter(ctx, p, json_array_get(params, k), component, button, (where){ci, k});
        if (rc)
            return rc;
    }
    return WATPL_OK;
}

/* Add the values of root (a parsed payload) to p. */
static int add_payload(watpl_ctx *ctx, watpl_params *p, const json_t *root)
{
    const json_t *arr = root;
    if (json_is_object(root)) {
        const json_t *tpl = json_object_get(root, "template");
        arr = json_object_get(json_is_object(tpl) ? tpl : root, "components");
    }
    if (!json_is_array(arr))
        return type_error(ctx, (where){SIZE_MAX, SIZE_MAX}, "expected a components array");
    for (size_t i = 0; i < json_array_size(arr); i++) {
        int rc = add_component(ctx, p, json_array_get(arr, i), i);
        if (rc)
            return rc;
    }
    const json_t *to = json_is_object(root) ? json_object_get(root, "to") : NULL;
    if (json_is_string(to)) {
        int rc = set_string(p, &p->to, json_string_value(to), json_string_length(to));
        if (rc)
            return store_error(ctx, rc, (where){SIZE_MAX, SIZE_MAX}, "recipient");
    }
    return WATPL_OK;
}

/* A string of p as an arena offset (SIZE_MAX when absent), to restore it
 * after the arena may have moved. */
static size_t offset_of(const watpl_params *p, const watpl__str *s)
{
    return s->s ? (size_t)(s->s - p->arena) : SIZE_MAX;
}

static watpl__str restore(const watpl_params *p, size_t at, size_t len)
{
    return at == SIZE_MAX ? (watpl__str){NULL, 0} : (watpl__str){p->arena + at, len};
}

int watpl_params_add_json(watpl_ctx *ctx, watpl_params *p, const char *json, size_t len)
{
    WATPL__ENTER(ctx, p && (json || !len), WATPL__NO_OUT);
    if ((int64_t)len > ctx->policy.max_input_bytes)
        return watpl__fail(ctx, WATPL_ELIMIT, "input.too_large", "the parameters are %zu bytes", len);
    int rc;
    json_t *root = watpl__json_parse(ctx, json ? json : "", len, &rc); /* as a template's (json_guard.c) */
    if (!root)
        return rc;
    size_t n = p->n, arena_len = p->arena_len;
    watpl__str coupon = p->coupon, auth = p->auth_code, to = p->to;
    size_t coupon_at = offset_of(p, &coupon), auth_at = offset_of(p, &auth), to_at = offset_of(p, &to);
    rc = add_payload(ctx, p, root);
    json_decref(root);
    if (rc) {
        p->n = n;
        p->arena_len = arena_len;
        p->coupon = restore(p, coupon_at, coupon.len);
        p->auth_code = restore(p, auth_at, auth.len);
        p->to = restore(p, to_at, to.len);
    }
    return rc == WATPL_ENOMEM ? watpl__fail(ctx, rc, NULL, "out of memory") : rc;
}

int watpl_params_parse_json(watpl_ctx *ctx, const char *json, size_t len, watpl_params **out)
{
    WATPL__ENTER(ctx, out, WATPL__OUT(out));
    watpl_params *p = NULL;
    if (watpl_params_new(&p, ctx))
        return watpl__fail_nomem(ctx);
    int rc = watpl_params_add_json(ctx, p, json, len);
    if (rc) {
        watpl_params_free(p);
        return rc;
    }
    *out = p;
    return WATPL_OK;
}
