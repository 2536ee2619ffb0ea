/* Prepared sends: a template split once at its placeholders, then rendered
 * for many parameter sets without allocating (docs/render.md). This is the
 * one implementation of the send.* rules; watpl_render prepares and sends.
 * SPDX-License-Identifier: MIT */
#include <string.h>

#include "send_internal.h"
#include "text_internal.h"

/* Values of one send: the set's own, plus the authentication code put in
 * the body and in each one-time-password button that has no value. */
#define MAX_EFFECTIVE (WATPL__MAX_VALUES + 1 + WATPL__MAX_BUTTONS)
/* Slots whose value a send looks up once (more are looked up each time). */
#define SLOT_CACHE 32
#define NO_VALUE 0xffff
/* Longest diagnostic message of a send.* rule, with its NUL. */
#define MESSAGE_MAX 128

/* The length of a text in both counting units. */
typedef struct counts {
    size_t u16, cp;
} counts;

static counts count_both(const char *s, size_t len)
{
    counts c = {0, 0};
    for (size_t i = 0; i < len; i++) {
        unsigned char b = (unsigned char)s[i];
        c.cp += (b & 0xC0) != 0x80;
        c.u16 += b >= 0xF0; /* a 4-byte sequence is a surrogate pair */
    }
    c.u16 += c.cp;
    return c;
}

static void counts_add(counts *a, counts b)
{
    a->u16 += b.u16;
    a->cp += b.cp;
}

static size_t counts_in(counts c, int unit)
{
    return unit == WATPL_UNIT_CODEPOINTS ? c.cp : c.u16;
}

/* A placeholder of a prepared text and the literal text before it. Offsets
 * are in the prepared template's string block. */
typedef struct slot {
    size_t lit_off, lit_len;
    counts lit;
    enum watpl__ph_kind kind; /* POSITIONAL and NAMED take a value; others stay as written */
    int64_t number;        /* POSITIONAL */
    size_t raw_off, raw_len; /* as written */
    counts raw;
    size_t name_off, name_len; /* NAMED */
} slot;

typedef struct ptext {
    bool present;
    int component;
    size_t off, len;       /* the whole text */
    slot *slots;
    size_t n_slots, n_named;
    size_t tail_off, tail_len;
    counts tail;
    int64_t max_number;    /* highest positional placeholder */
    bool named;            /* has a named placeholder: names are checked, not counts */
    size_t max;            /* send.header.too_long / send.body.too_long limit */
} ptext;

typedef struct pbutton {
    int type;              /* WATPL_BUTTON_* */
    bool url;              /* a URL that is rendered (not in an authentication template) */
    bool var;              /* the URL has a placeholder */
    bool otp;              /* an authentication template puts its code here */
    size_t url_off, url_len, cut; /* cut: bytes before the first "{{" */
    counts prefix, whole;
} pbutton;

struct watpl_prepared {
    watpl__alloc alloc;
    char *text;            /* every string of the template used at send time */
    size_t name_off, language_off; /* SIZE_MAX when absent */
    size_t name_len, language_len;
    int category;
    bool auth;             /* authentication: the code goes in the body and the OTP buttons */
    bool auth_fixed_body;  /* authentication without body text: Meta writes the body */
    bool security;         /* add_security_recommendation */
    ptext header, body;
    slot *slots;           /* the slots of header and body */
    bool has_buttons;
    pbutton *buttons;
    size_t n_buttons;
};

/* ---- preparing ------------------------------------------------------------------- */

typedef struct slot_fill {
    const char *s;         /* the text being split */
    size_t base;           /* its offset in the string block */
    ptext *t;
    slot *out;             /* NULL: count only */
    size_t pos;            /* end of the previous placeholder */
} slot_fill;

static bool fill_slot(const watpl__placeholder *ph, void *ud)
{
    slot_fill *f = ud;
    ptext *t = f->t;
    if (ph->kind == WATPL__PH_POSITIONAL && ph->number > t->max_number)
        t->max_number = ph->number;
    if (ph->kind == WATPL__PH_NAMED) {
        t->named = true;
        t->n_named++;
    }
    if (f->out) {
        slot *sl = &f->out[t->n_slots];
        sl->lit_off = f->base + f->pos;
        sl->lit_len = ph->offset - f->pos;
        sl->lit = count_both(f->s + f->pos, sl->lit_len);
        sl->kind = ph->kind;
        sl->number = ph->number;
        sl->raw_off = f->base + ph->offset;
        sl->raw_len = ph->length;
        sl->raw = count_both(f->s + ph->offset, ph->length);
        sl->name_off = f->base + ph->inner_offset;
        sl->name_len = ph->inner_length;
    }
    f->pos = ph->offset + ph->length;
    t->n_slots++;
    return true;
}

/* Split text (already copied at base in the string block) into t's slots. */
static void split_text(ptext *t, const char *s, size_t len, size_t base, slot *out)
{
    slot_fill f = {s, base, t, out, 0};
    t->n_slots = t->n_named = 0;
    t->max_number = 0;
    t->named = false;
    watpl__scan_placeholders(s, len, fill_slot, &f);
    t->slots = out;
    t->tail_off = base + f.pos;
    t->tail_len = len - f.pos;
    t->tail = count_both(s + f.pos, t->tail_len);
}

/* Append s to the string block (NUL-terminated); its offset, or SIZE_MAX if absent. */
static size_t keep(watpl__buf *b, const watpl__str *s)
{
    if (!s->s)
        return SIZE_MAX;
    size_t at = b->len;
    watpl__buf_append(b, s->s, s->len);
    watpl__buf_putc(b, '\0');
    return at;
}

static void prepare_text(ptext *t, watpl__buf *b, int component, const watpl__str *text, size_t max)
{
    static const watpl__str empty = {"", 0};
    t->present = true;
    t->component = component;
    t->max = max;
    if (!text->s)
        text = &empty;
    t->off = keep(b, text);
    t->len = text->len;
}

static void prepare_button(pbutton *pb, watpl__buf *b, const watpl__button *bt, bool auth)
{
    pb->type = bt->type;
    pb->var = bt->url.s && watpl__has_placeholder(bt->url.s, bt->url.len);
    pb->url = bt->type == WATPL_BUTTON_URL && bt->url.s && !auth;
    pb->otp = bt->type == WATPL_BUTTON_OTP || (bt->type == WATPL_BUTTON_URL && pb->var);
    if (!pb->url)
        return;
    const char *open = strstr(bt->url.s, "{{");
    pb->cut = open ? (size_t)(open - bt->url.s) : bt->url.len;
    pb->url_off = keep(b, &bt->url);
    pb->url_len = bt->url.len;
    pb->prefix = count_both(bt->url.s, pb->cut);
    pb->whole = count_both(bt->url.s, bt->url.len);
}

static int prepare(watpl_prepared *pp, const watpl_template *t)
{
    watpl__buf b;
    watpl__buf_init(&b, &pp->alloc);
    pp->name_off = keep(&b, &t->name);
    pp->name_len = t->name.len;
    pp->language_off = keep(&b, &t->language);
    pp->language_len = t->language.len;
    pp->category = t->category;
    pp->auth = t->category == WATPL_CATEGORY_AUTHENTICATION;
    pp->auth_fixed_body = pp->auth && !watpl_template_body(t, -1, NULL);
    const watpl__component *h = watpl__tpl_component(t, -1, WATPL_COMPONENT_HEADER);
    const watpl__component *body = watpl__tpl_component(t, -1, WATPL_COMPONENT_BODY);
    const watpl__component *bc = watpl__tpl_component(t, -1, WATPL_COMPONENT_BUTTONS);
    pp->security = body && body->add_security_recommendation == 1;
    if (h && h->format == WATPL_HEADER_TEXT && h->text.s)
        prepare_text(&pp->header, &b, WATPL_COMPONENT_HEADER, &h->text, HEADER_MAX);
    bool lto = watpl__tpl_component(t, -1, WATPL_COMPONENT_LIMITED_TIME_OFFER) != NULL;
    prepare_text(&pp->body, &b, WATPL_COMPONENT_BODY, body ? &body->text : &(watpl__str){NULL, 0},
                 lto ? LTO_BODY_MAX : BODY_MAX);
    pp->has_buttons = bc != NULL;
    pp->n_buttons = bc ? bc->n_buttons : 0;
    if (pp->n_buttons > WATPL__MAX_BUTTONS) { /* the parser and the builder never make one */
        watpl__buf_free(&b);
        return WATPL_ELIMIT;
    }
    if (pp->n_buttons) {
        pp->buttons = watpl__calloc(&pp->alloc, pp->n_buttons, sizeof *pp->buttons);
        if (!pp->buttons) {
            watpl__buf_free(&b);
            return WATPL_ENOMEM;
        }
    }
    for (size_t i = 0; i < pp->n_buttons; i++)
        prepare_button(&pp->buttons[i], &b, &bc->buttons[i], pp->auth);
    if (b.failed) {
        watpl__buf_free(&b);
        return WATPL_ENOMEM;
    }
    pp->text = b.data ? b.data : NULL;
    if (!pp->text && !(pp->text = watpl__calloc(&pp->alloc, 1, 1)))
        return WATPL_ENOMEM;
    /* the slots: counted, then filled */
    ptext *texts[2] = {&pp->header, &pp->body};
    size_t n = 0;
    for (size_t i = 0; i < 2; i++)
        if (texts[i]->present) {
            split_text(texts[i], pp->text + texts[i]->off, texts[i]->len, texts[i]->off, NULL);
            n += texts[i]->n_slots;
        }
    if (n && !(pp->slots = watpl__calloc(&pp->alloc, n, sizeof *pp->slots)))
        return WATPL_ENOMEM;
    n = 0;
    for (size_t i = 0; i < 2; i++)
        if (texts[i]->present) {
            split_text(texts[i], pp->text + texts[i]->off, texts[i]->len, texts[i]->off, pp->slots + n);
            n += texts[i]->n_slots;
        }
    return WATPL_OK;
}

int watpl_prepared_new(watpl_ctx *ctx, const watpl_template *tpl, watpl_prepared **out)
{
    WATPL__ENTER(ctx, tpl && out, WATPL__OUT(out));
    watpl_prepared *pp = watpl__calloc(&ctx->alloc, 1, sizeof *pp);
    if (!pp)
        return watpl__fail(ctx, WATPL_ENOMEM, NULL, "out of memory");
    pp->alloc = ctx->alloc;
    int rc = prepare(pp, tpl);
    if (rc) {
        watpl_prepared_free(pp);
        return watpl__fail(ctx, rc, NULL, rc == WATPL_ENOMEM ? "out of memory" : "too many buttons");
    }
    *out = pp;
    return WATPL_OK;
}

void watpl_prepared_free(watpl_prepared *pp)
{
    if (!pp)
        return;
    watpl__alloc a = pp->alloc;
    watpl__mfree(&a, pp->text);
    watpl__mfree(&a, pp->slots);
    watpl__mfree(&a, pp->buttons);
    watpl__mfree(&a, pp);
}

/* ---- one send ---------------------------------------------------------------------- */

typedef struct run {
    const watpl_prepared *pp;
    const watpl_params *p;
    int unit;
    watpl_report *rep;     /* NULL: errors are only counted */
    size_t errors;
    int rc;                /* WATPL_ENOMEM once a diagnostic could not be stored */
    const watpl__value *v[MAX_EFFECTIVE]; /* the effective values, in order */
    size_t n;
    watpl__value extra[1 + WATPL__MAX_BUTTONS];
    /* positional (unnamed) values of header and body, in order, as indexes in v */
    unsigned short pos_header[MAX_EFFECTIVE], pos_body[MAX_EFFECTIVE];
    size_t n_pos_header, n_pos_body;
    size_t n_header, n_body; /* all values of header and body */
    size_t first_button[WATPL__MAX_BUTTONS]; /* first value of each button, or SIZE_MAX */
    size_t n_button[WATPL__MAX_BUTTONS];     /* values of each button */
    size_t header_sum, body_sum, button_sum[WATPL__MAX_BUTTONS]; /* their lengths in the payload */
    const watpl__str *auth_code; /* the code of an authentication message, or NULL */
    /* the value of each of the first slots of header and body (SLOT_CACHE: beyond) */
    unsigned short slot_header[SLOT_CACHE], slot_body[SLOT_CACHE];
    size_t header_len, body_len; /* the texts after substitution */
    counts header_counts, body_counts;
} run;

static void note(run *r, int rc)
{
    if (rc && !r->rc)
        r->rc = rc;
}

/* One send.* diagnostic: stored in the report, or counted (every send.* rule is an error). */
#define EMIT(r, rule, component, index, ...)                                                        \
    ((r)->rep ? note((r), watpl__diag_add((r)->rep, (rule), (component), (index), __VA_ARGS__))      \
              : (void)((r)->errors += watpl_rule_severity((size_t)(rule)) == WATPL_SEVERITY_ERROR))

/* Whether none of the 8 bytes of x is a control, a space, '"', '\\', DEL
 * or non-ASCII: plain text, one code point and one JSON byte each. */
static bool plain8(uint64_t x)
{
    const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
    uint64_t quote = x ^ (ones * '"'), backslash = x ^ (ones * '\\'), del = x ^ (ones * 0x7f);
    uint64_t special = ((x - ones * 0x21) & ~x) | ((quote - ones) & ~quote) | ((backslash - ones) & ~backslash) |
                       ((del - ones) & ~del) | x;
    return (special & highs) == 0;
}

watpl__vstat watpl__value_stat(const char *s, size_t len)
{
    watpl__vstat st = {0, 0, 2, -1, true};
    size_t spaces = 0, i = 0;
    for (uint64_t x; i + 8 <= len && (memcpy(&x, s + i, 8), plain8(x)); i += 8) {
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

static size_t json_len(const char *s, size_t len)
{
    return watpl__value_stat(s, len).json_len;
}

#define LIT_LEN(lit) (sizeof(lit) - 1)

/* The fixed parts of the payload (watpl_rendered_payload_json). */
#define J_PARAMS "\"parameters\":["
#define J_VALUE "{\"type\":\"text\""
#define J_NAME ",\"parameter_name\":"
#define J_TEXT ",\"text\":"
#define J_HEADER "{\"type\":\"header\","
#define J_BODY "{\"type\":\"body\","
#define J_COPY "{\"type\":\"button\",\"sub_type\":\"copy_code\",\"index\":\""
#define J_URL "{\"type\":\"button\",\"sub_type\":\"url\",\"index\":\""
#define J_INDEX_END "\","
#define J_COUPON "\"parameters\":[{\"type\":\"coupon_code\",\"coupon_code\":"
#define J_COUPON_END "}]}"

/* The length of one value in the payload. */
static size_t value_len(const watpl__value *v)
{
    size_t n = LIT_LEN(J_VALUE) + LIT_LEN(J_TEXT) + v->st.json_len + 1;
    return v->name.s ? n + LIT_LEN(J_NAME) + json_len(v->name.s, v->name.len) : n;
}

static const watpl__value *button_value(const watpl_params *p, size_t button)
{
    for (size_t i = 0; i < p->n; i++)
        if (p->values[i].component == WATPL_COMPONENT_BUTTONS && p->values[i].button == button)
            return &p->values[i];
    return NULL;
}

static const watpl__value *first_body_value(const run *r)
{
    for (size_t i = 0; i < r->n; i++)
        if (r->v[i]->component == WATPL_COMPONENT_BODY)
            return r->v[i];
    return NULL;
}

/* The values of the send: the set's, then those an authentication template
 * takes from its code (docs/render.md). */
static void effective_values(run *r)
{
    const watpl_params *p = r->p;
    r->n = 0;
    for (size_t i = 0; i < p->n; i++)
        r->v[r->n++] = &p->values[i];
    r->auth_code = NULL;
    if (!r->pp->auth)
        return;
    const watpl__value *bv = first_body_value(r);
    const watpl__str *code = p->auth_code.s || !bv ? &p->auth_code : &bv->text;
    if (!code->s)
        return;
    size_t k = 0;
    watpl__vstat st = watpl__value_stat(code->s, code->len);
    if (!bv)
        r->extra[k++] = (watpl__value){WATPL_COMPONENT_BODY, 0, {NULL, 0}, *code, st};
    for (size_t i = 0; i < r->pp->n_buttons; i++)
        if (r->pp->buttons[i].otp && !button_value(p, i))
            r->extra[k++] = (watpl__value){WATPL_COMPONENT_BUTTONS, i, {NULL, 0}, *code, st};
    for (size_t i = 0; i < k; i++)
        r->v[r->n++] = &r->extra[i];
}

static void index_values(run *r)
{
    r->n_pos_header = r->n_pos_body = r->n_header = r->n_body = 0;
    r->header_sum = r->body_sum = 0;
    for (size_t i = 0; i < r->pp->n_buttons; i++) {
        r->first_button[i] = SIZE_MAX;
        r->n_button[i] = r->button_sum[i] = 0;
    }
    for (size_t i = 0; i < r->n; i++) {
        const watpl__value *v = r->v[i];
        if (v->component == WATPL_COMPONENT_HEADER) {
            r->n_header++;
            r->header_sum += value_len(v);
            if (!v->name.s)
                r->pos_header[r->n_pos_header++] = (unsigned short)i;
        } else if (v->component == WATPL_COMPONENT_BODY) {
            r->n_body++;
            r->body_sum += value_len(v);
            if (!v->name.s)
                r->pos_body[r->n_pos_body++] = (unsigned short)i;
        } else if (v->button < r->pp->n_buttons) {
            if (r->first_button[v->button] == SIZE_MAX)
                r->first_button[v->button] = i;
            r->n_button[v->button]++;
            r->button_sum[v->button] += value_len(v);
        }
    }
}

/* The value a slot of t takes (index in r->v), or SIZE_MAX. */
static size_t slot_value(const run *r, const ptext *t, const slot *sl)
{
    if (sl->kind == WATPL__PH_POSITIONAL) {
        bool header = t->component == WATPL_COMPONENT_HEADER;
        size_t n = header ? r->n_pos_header : r->n_pos_body;
        const unsigned short *pos = header ? r->pos_header : r->pos_body;
        return sl->number >= 1 && (uint64_t)sl->number <= n ? pos[sl->number - 1] : SIZE_MAX;
    }
    if (sl->kind != WATPL__PH_NAMED)
        return SIZE_MAX;
    const char *name = r->pp->text + sl->name_off;
    for (size_t i = 0; i < r->n; i++) {
        const watpl__value *v = r->v[i];
        if (v->component == t->component && v->name.s && v->name.len == sl->name_len &&
            memcmp(v->name.s, name, sl->name_len) == 0)
            return i;
    }
    return SIZE_MAX;
}

/* The value of slot k of t, from the cache when it is there. */
static size_t cached_value(const run *r, const ptext *t, size_t k)
{
    if (k >= SLOT_CACHE)
        return slot_value(r, t, &t->slots[k]);
    unsigned short i = t->component == WATPL_COMPONENT_HEADER ? r->slot_header[k] : r->slot_body[k];
    return i == NO_VALUE ? SIZE_MAX : i;
}

static void cache_values(run *r, const ptext *t, unsigned short *cache)
{
    for (size_t k = 0; k < t->n_slots && k < SLOT_CACHE; k++) {
        size_t i = slot_value(r, t, &t->slots[k]);
        cache[k] = i == SIZE_MAX ? NO_VALUE : (unsigned short)i;
    }
}

/* ---- the send.* checks ---------------------------------------------------------------- */

static void check_value(run *r, size_t i, int64_t index)
{
    const watpl__value *v = r->v[i];
    if (v->text.len == 0)
        EMIT(r, WATPL__R_SEND_PARAM_EMPTY, v->component, index, -1, -1, "a value is empty");
    else if (r->v[i]->st.blank >= 0)
        EMIT(r, WATPL__R_SEND_PARAM_WHITESPACE, v->component, index, r->v[i]->st.blank, 1,
             "values cannot contain line breaks, tabs or more than 4 spaces in a row");
}

static bool looks_like_url(const watpl__str *s)
{
    return s->s && (strstr(s->s, "http://") || strstr(s->s, "https://") || strstr(s->s, "www."));
}

static bool coupon_ok(const watpl__str *code)
{
    size_t n = watpl__count_codepoints(code->s, code->len);
    bool alnum = n > 0;
    for (size_t i = 0; alnum && i < code->len; i++) {
        char c = code->s[i];
        alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
    return alnum && n <= CODE_MAX;
}

static void check_auth_code(run *r, const watpl__str *code)
{
    size_t n = watpl__count_codepoints(code->s, code->len), eo, el;
    if (n == 0 || n > CODE_MAX || looks_like_url(code) || watpl__find_emoji(code->s, code->len, &eo, &el))
        EMIT(r, WATPL__R_SEND_AUTH_CODE, WATPL_COMPONENT_BODY, -1, -1, -1,
             "an authentication code is 1 to 15 characters, without links or emoji");
}

/* A body value and an authentication code that differ (both were given). */
static void check_auth_mismatch(run *r)
{
    const watpl__value *v = first_body_value(r);
    const watpl__str *code = &r->p->auth_code;
    if (v && code->s && (v->text.len != code->len || memcmp(v->text.s, code->s, code->len) != 0))
        EMIT(r, WATPL__R_SEND_AUTH_CODE, WATPL_COMPONENT_BODY, -1, -1, -1,
             "the body's value and the authentication code differ");
}

static bool text_has_name(const char *s, size_t len, const watpl__str *name)
{
    for (size_t i = 0; i + name->len + 4 <= len; i++)
        if (memcmp(s + i, "{{", 2) == 0 && memcmp(s + i + 2, name->s, name->len) == 0 &&
            memcmp(s + i + 2 + name->len, "}}", 2) == 0)
            return true;
    return false;
}

/* Names (send.param.missing, send.param.unknown) or the count of values
 * (send.param.count) of one text. */
static void check_counts(run *r, const ptext *t)
{
    const char *s = r->pp->text + t->off;
    if (t->named) {
        for (size_t k = 0; k < t->n_slots; k++) {
            const slot *sl = &t->slots[k];
            if (sl->kind == WATPL__PH_NAMED && cached_value(r, t, k) == SIZE_MAX)
                EMIT(r, WATPL__R_SEND_PARAM_MISSING, t->component, -1, -1, -1, "no value for the variable {{%.*s}}",
                     (int)sl->name_len, r->pp->text + sl->name_off);
        }
        for (size_t i = 0; i < r->n; i++) {
            const watpl__value *v = r->v[i];
            if (v->component == t->component && v->name.s && !text_has_name(s, t->len, &v->name))
                EMIT(r, WATPL__R_SEND_PARAM_UNKNOWN, t->component, (int64_t)i, -1, -1,
                     "the template has no variable named '%s'", WATPL__CLIP(v->name.s, v->name.len, 40));
        }
        return;
    }
    size_t given = t->component == WATPL_COMPONENT_HEADER ? r->n_pos_header : r->n_pos_body;
    if (given != (size_t)t->max_number)
        EMIT(r, WATPL__R_SEND_PARAM_COUNT, t->component, -1, -1, -1, "%zu values given; the %s has %lld variables",
             given, t->component == WATPL_COMPONENT_HEADER ? "header" : "body", (long long)t->max_number);
}

/* ---- writing ---------------------------------------------------------------------------- */

/* Output into a buffer of known size; p NULL measures only. */
typedef struct wr {
    char *p;
    size_t n;
    size_t cap; /* bytes p holds: a writer never goes past it */
} wr;

static void put(wr *w, const char *s, size_t len)
{
    if (w->p && len && w->n <= w->cap && len <= w->cap - w->n)
        memcpy(w->p + w->n, s, len);
    w->n += len;
}

#define PUT_LIT(w, lit) put((w), (lit), sizeof(lit) - 1)

/* A JSON string as watpl__json_str writes it; jl is its length. */
static void put_json(wr *w, const char *s, size_t len, size_t jl)
{
    static const char hex[] = "0123456789abcdef";
    if (w->p && (w->n > w->cap || jl > w->cap - w->n)) {
        w->n += jl;
        return;
    }
    if (!w->p || jl == len + 2) {
        if (w->p) {
            w->p[w->n] = '"';
            memcpy(w->p + w->n + 1, s, len);
            w->p[w->n + 1 + len] = '"';
        }
        w->n += jl;
        return;
    }
    char *o = w->p + w->n;
    *o++ = '"';
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        char e = c == '"' ? '"' : c == '\\' ? '\\' : c == '\n' ? 'n' : c == '\r' ? 'r' : c == '\t' ? 't' : 0;
        if (e) {
            *o++ = '\\';
            *o++ = e;
        } else if (c < 0x20 || c == 0x7f) {
            memcpy(o, "\\u00", 4);
            o[4] = hex[c >> 4];
            o[5] = hex[c & 15];
            o += 6;
        } else {
            *o++ = (char)c;
        }
    }
    *o++ = '"';
    w->n = (size_t)(o - w->p);
}

static void put_index(wr *w, size_t i)
{
    char d[24];
    size_t k = sizeof d;
    do {
        d[--k] = (char)('0' + i % 10);
        i /= 10;
    } while (i);
    put(w, d + k, sizeof d - k);
}

/* Text t with the values substituted; *c gets its counts. */
static void write_text(const run *r, const ptext *t, wr *w, counts *c)
{
    const char *s = r->pp->text;
    *c = (counts){0, 0};
    for (size_t k = 0; k < t->n_slots; k++) {
        const slot *sl = &t->slots[k];
        put(w, s + sl->lit_off, sl->lit_len);
        counts_add(c, sl->lit);
        size_t i = cached_value(r, t, k);
        if (i != SIZE_MAX) {
            put(w, r->v[i]->text.s, r->v[i]->text.len);
            counts_add(c, (counts){r->v[i]->st.u16, r->v[i]->st.cp});
        } else {
            put(w, s + sl->raw_off, sl->raw_len);
            counts_add(c, sl->raw);
        }
    }
    put(w, s + t->tail_off, t->tail_len);
    counts_add(c, t->tail);
}

/* The body Meta writes for an authentication template without body text. */
static void write_auth_body(const run *r, wr *w)
{
    PUT_LIT(w, "*");
    put(w, r->auth_code->s, r->auth_code->len);
    PUT_LIT(w, "* is your verification code.");
    if (r->pp->security)
        PUT_LIT(w, " For your security, do not share this code.");
}

/* URL of button b (a rendered URL button); *c gets its counts. */
static void write_url(const run *r, size_t b, wr *w, counts *c)
{
    const pbutton *pb = &r->pp->buttons[b];
    size_t i = r->first_button[b];
    const char *url = r->pp->text + pb->url_off;
    if (pb->var && i != SIZE_MAX) {
        put(w, url, pb->cut);
        put(w, r->v[i]->text.s, r->v[i]->text.len);
        *c = pb->prefix;
        counts_add(c, (counts){r->v[i]->st.u16, r->v[i]->st.cp});
    } else {
        put(w, url, pb->url_len);
        *c = pb->whole;
    }
}

static void write_params(const run *r, wr *w, int component, size_t button)
{
    PUT_LIT(w, J_PARAMS);
    bool first = true;
    for (size_t i = 0; i < r->n; i++) {
        const watpl__value *v = r->v[i];
        if (v->component != component || (component == WATPL_COMPONENT_BUTTONS && v->button != button))
            continue;
        if (!first)
            PUT_LIT(w, ",");
        first = false;
        if (v->name.s) {
            PUT_LIT(w, J_VALUE J_NAME);
            put_json(w, v->name.s, v->name.len, json_len(v->name.s, v->name.len));
            PUT_LIT(w, J_TEXT);
        } else {
            PUT_LIT(w, J_VALUE J_TEXT);
        }
        put_json(w, v->text.s, v->text.len, v->st.json_len);
        PUT_LIT(w, "}");
    }
    PUT_LIT(w, "]");
}

static size_t digits(size_t i)
{
    size_t n = 1;
    while (i >= 10) {
        i /= 10;
        n++;
    }
    return n;
}

/* The length of a "parameters" array of count values of total length sum. */
static size_t params_len(size_t count, size_t sum)
{
    return LIT_LEN(J_PARAMS) + sum + (count ? count - 1 : 0) + 1;
}

/* The length of what write_payload writes, without writing it. */
static size_t payload_len(const run *r)
{
    size_t n = 2, parts = 0;
    if (r->n_header) {
        n += LIT_LEN(J_HEADER) + params_len(r->n_header, r->header_sum) + 1;
        parts++;
    }
    if (r->n_body) {
        n += LIT_LEN(J_BODY) + params_len(r->n_body, r->body_sum) + 1;
        parts++;
    }
    const watpl__str *coupon = &r->p->coupon;
    for (size_t i = 0; i < r->pp->n_buttons; i++) {
        if (r->pp->buttons[i].type == WATPL_BUTTON_COPY_CODE && coupon->s)
            n += LIT_LEN(J_COPY) + digits(i) + LIT_LEN(J_INDEX_END) + LIT_LEN(J_COUPON) +
                 json_len(coupon->s, coupon->len) + LIT_LEN(J_COUPON_END);
        else if (r->first_button[i] != SIZE_MAX)
            n += LIT_LEN(J_URL) + digits(i) + LIT_LEN(J_INDEX_END) +
                 params_len(r->n_button[i], r->button_sum[i]) + 1;
        else
            continue;
        parts++;
    }
    return n + (parts ? parts - 1 : 0);
}

/* The components array of Meta's send payload. */
static void write_payload(const run *r, wr *w)
{
    PUT_LIT(w, "[");
    bool first = true;
    if (r->n_header) {
        PUT_LIT(w, J_HEADER);
        write_params(r, w, WATPL_COMPONENT_HEADER, 0);
        PUT_LIT(w, "}");
        first = false;
    }
    if (r->n_body) {
        if (!first)
            PUT_LIT(w, ",");
        PUT_LIT(w, J_BODY);
        write_params(r, w, WATPL_COMPONENT_BODY, 0);
        PUT_LIT(w, "}");
        first = false;
    }
    const watpl__str *coupon = &r->p->coupon;
    for (size_t i = 0; i < r->pp->n_buttons; i++) {
        bool copy = r->pp->buttons[i].type == WATPL_BUTTON_COPY_CODE && coupon->s;
        if (!copy && r->first_button[i] == SIZE_MAX)
            continue;
        if (!first)
            PUT_LIT(w, ",");
        first = false;
        if (copy)
            PUT_LIT(w, J_COPY);
        else
            PUT_LIT(w, J_URL);
        put_index(w, i);
        PUT_LIT(w, J_INDEX_END);
        if (copy) {
            PUT_LIT(w, J_COUPON);
            put_json(w, coupon->s, coupon->len, json_len(coupon->s, coupon->len));
            PUT_LIT(w, J_COUPON_END);
        } else {
            write_params(r, w, WATPL_COMPONENT_BUTTONS, i);
            PUT_LIT(w, "}");
        }
    }
    PUT_LIT(w, "]");
}

/* ---- the rules of a send, in the order watpl_render has always reported them ---------- */

static void check_text(run *r, const ptext *t)
{
    check_counts(r, t);
    size_t n = counts_in(t->component == WATPL_COMPONENT_HEADER ? r->header_counts : r->body_counts, r->unit);
    if (n > t->max)
        EMIT(r, t->component == WATPL_COMPONENT_HEADER ? WATPL__R_SEND_HEADER_TOO_LONG : WATPL__R_SEND_BODY_TOO_LONG,
             t->component, -1, -1, -1, "%zu characters after substitution; the limit is %zu", n, t->max);
}

static void check_buttons(run *r)
{
    /* A value for a button the template does not have is an error, not
     * silently dropped (the first such value is named). */
    for (size_t i = 0; i < r->n; i++) {
        const watpl__value *v = r->v[i];
        if (v->component == WATPL_COMPONENT_BUTTONS && v->button >= r->pp->n_buttons) {
            EMIT(r, WATPL__R_SEND_PARAM_UNKNOWN, WATPL_COMPONENT_BUTTONS, (int64_t)v->button, -1, -1,
                 "a value for button %zu; the template has %zu button%s", v->button, r->pp->n_buttons,
                 r->pp->n_buttons == 1 ? "" : "s");
            break;
        }
    }
    const watpl__str *coupon = &r->p->coupon;
    for (size_t i = 0; i < r->pp->n_buttons; i++) {
        const pbutton *pb = &r->pp->buttons[i];
        if (pb->type == WATPL_BUTTON_COPY_CODE) {
            if (!coupon->s)
                EMIT(r, WATPL__R_SEND_PARAM_MISSING, WATPL_COMPONENT_BUTTONS, (int64_t)i, -1, -1,
                     "the copy code button needs a coupon code");
            else if (!coupon_ok(coupon))
                EMIT(r, WATPL__R_SEND_COUPON_INVALID, WATPL_COMPONENT_BUTTONS, (int64_t)i, -1, -1,
                     "a coupon code is 1 to 15 letters or digits");
            continue;
        }
        if (!pb->url)
            continue;
        size_t v = r->first_button[i];
        if (pb->var && v != SIZE_MAX)
            check_value(r, v, (int64_t)i);
        else if (pb->var != (v != SIZE_MAX))
            EMIT(r, WATPL__R_SEND_PARAM_COUNT, WATPL_COMPONENT_BUTTONS, (int64_t)i, -1, -1,
                 pb->var ? "the URL button needs its suffix value" : "the URL button has no variable; remove its value");
        counts c;
        wr w = {NULL, 0, 0};
        write_url(r, i, &w, &c);
        size_t n = counts_in(c, r->unit);
        if (n > URL_MAX)
            EMIT(r, WATPL__R_SEND_URL_TOO_LONG, WATPL_COMPONENT_BUTTONS, (int64_t)i, -1, -1,
                 "the URL is %zu characters after substitution", n);
    }
}

static void check_send(run *r)
{
    for (size_t i = 0; i < r->n; i++)
        if (r->v[i]->component != WATPL_COMPONENT_BUTTONS)
            check_value(r, i, (int64_t)i);
    const watpl_prepared *pp = r->pp;
    if (pp->auth_fixed_body) {
        if (!r->auth_code) {
            EMIT(r, WATPL__R_SEND_PARAM_MISSING, WATPL_COMPONENT_BODY, -1, -1, -1,
                 "an authentication message needs its code");
            return;
        }
        check_auth_code(r, r->auth_code);
        check_auth_mismatch(r);
        return;
    }
    if (pp->auth) {
        const watpl__value *bv = first_body_value(r);
        if (bv)
            check_auth_code(r, &bv->text);
        check_auth_mismatch(r);
    }
    if (pp->header.present)
        check_text(r, &pp->header);
    check_text(r, &pp->body);
    check_buttons(r);
}

static void start_run(run *r, const watpl_ctx *ctx, const watpl_prepared *pp, const watpl_params *p,
                      watpl_report *rep)
{
    r->pp = pp;
    r->p = p;
    r->unit = ctx->policy.count_unit;
    r->rep = rep;
    r->errors = 0;
    r->rc = WATPL_OK;
    effective_values(r);
    index_values(r);
    wr w = {NULL, 0, 0};
    r->header_len = 0;
    r->header_counts = (counts){0, 0};
    cache_values(r, &pp->body, r->slot_body);
    if (pp->header.present) {
        cache_values(r, &pp->header, r->slot_header);
        write_text(r, &pp->header, &w, &r->header_counts);
        r->header_len = w.n;
    }
    w.n = 0;
    write_text(r, &pp->body, &w, &r->body_counts);
    r->body_len = w.n;
    if (pp->auth_fixed_body) {
        const watpl__value *bv = first_body_value(r);
        r->auth_code = p->auth_code.s ? &p->auth_code : bv ? &bv->text : NULL;
    }
}

/* ---- into a rendering ----------------------------------------------------------------- */

int watpl__rendered_reserve_urls(watpl_rendered *r, size_t n)
{
    if (n <= r->urls_cap)
        return WATPL_OK;
    watpl__url *u = watpl__realloc(&r->alloc, r->urls, r->urls_cap * sizeof *u, n * sizeof *u);
    if (!u)
        return WATPL_ENOMEM;
    for (size_t i = r->urls_cap; i < n; i++) {
        watpl__buf_init(&u[i].text, &r->alloc);
        u[i].present = false;
    }
    r->urls = u;
    r->urls_cap = n;
    return WATPL_OK;
}

/* Capacity for need bytes and a NUL, content kept. */
static int ensure(watpl__buf *b, size_t need)
{
    if (need >= b->cap) {
        size_t cap = b->cap * 2 > need + 1 ? b->cap * 2 : need + 1;
        char *d = watpl__realloc(b->a, b->data, b->cap, cap);
        if (!d)
            return WATPL_ENOMEM;
        b->data = d;
        b->cap = cap;
    }
    return WATPL_OK;
}

/* Write into b (capacity ensured) and NUL-terminate. */
static void fill(watpl__buf *b, size_t len)
{
    b->len = len;
    b->data[len] = '\0';
    b->failed = false;
}

typedef struct sizes {
    size_t header, body, payload;
    size_t urls[WATPL__MAX_BUTTONS];
    size_t diags, text;     /* bounds for the report */
} sizes;

static void measure(const run *r, sizes *z)
{
    const watpl_prepared *pp = r->pp;
    counts c;
    wr w = {NULL, 0, 0};
    z->payload = payload_len(r);
    z->header = z->body = 0;
    if (pp->auth_fixed_body) {
        w.n = 0;
        if (r->auth_code)
            write_auth_body(r, &w);
        z->body = w.n;
    } else {
        z->header = r->header_len;
        z->body = r->body_len;
        for (size_t i = 0; i < pp->n_buttons && i < WATPL__MAX_BUTTONS; i++) {
            w.n = 0;
            if (pp->buttons[i].url)
                write_url(r, i, &w, &c);
            z->urls[i] = w.n;
        }
    }
    z->diags = 3 * r->n + pp->header.n_named + pp->body.n_named + 2 * pp->n_buttons + 8;
    z->text = z->diags * MESSAGE_MAX + pp->name_len + pp->language_len + 2;
}

static int reserve(watpl_rendered *out, const watpl_prepared *pp, const sizes *z)
{
    bool urls = !pp->auth_fixed_body && pp->has_buttons;
    if (watpl__report_reserve(out->report, z->diags, z->text) || ensure(&out->header, z->header) ||
        ensure(&out->body, z->body) || ensure(&out->payload, z->payload) ||
        (urls && watpl__rendered_reserve_urls(out, pp->n_buttons)))
        return WATPL_ENOMEM;
    for (size_t i = 0; urls && i < pp->n_buttons; i++)
        if (pp->buttons[i].url && ensure(&out->urls[i].text, z->urls[i]))
            return WATPL_ENOMEM;
    return WATPL_OK;
}

static void write_rendering(const run *r, watpl_rendered *out, const sizes *z)
{
    const watpl_prepared *pp = r->pp;
    counts c;
    wr w = {out->payload.data, 0, z->payload};
    write_payload(r, &w);
    fill(&out->payload, z->payload);
    w = (wr){out->body.data, 0, z->body};
    out->has_header = false;
    out->header.len = 0;
    out->n_urls = 0;
    if (pp->auth_fixed_body) {
        if (r->auth_code)
            write_auth_body(r, &w);
        fill(&out->body, z->body);
        return;
    }
    write_text(r, &pp->body, &w, &c);
    fill(&out->body, z->body);
    if (pp->header.present) {
        out->has_header = true;
        w = (wr){out->header.data, 0, z->header};
        write_text(r, &pp->header, &w, &c);
        fill(&out->header, z->header);
    }
    if (!pp->has_buttons)
        return;
    out->n_urls = pp->n_buttons;
    for (size_t i = 0; i < pp->n_buttons; i++) {
        watpl__url *u = &out->urls[i];
        u->present = pp->buttons[i].url;
        if (!u->present)
            continue;
        w = (wr){u->text.data, 0, z->urls[i]};
        write_url(r, i, &w, &c);
        fill(&u->text, z->urls[i]);
    }
}

int watpl__send(watpl_ctx *ctx, const watpl_prepared *pp, const watpl_params *p, watpl_rendered *out)
{
    run r;
    start_run(&r, ctx, pp, p, out->report);
    sizes z;
    measure(&r, &z);
    if (reserve(out, pp, &z))
        return WATPL_ENOMEM;
    watpl__report_reset(out->report);
    watpl_template identity;
    memset(&identity, 0, sizeof identity);
    if (pp->name_off != SIZE_MAX)
        identity.name = (watpl__str){pp->text + pp->name_off, pp->name_len};
    if (pp->language_off != SIZE_MAX)
        identity.language = (watpl__str){pp->text + pp->language_off, pp->language_len};
    identity.category = pp->category;
    note(&r, watpl__report_set_template(out->report, &identity));
    check_send(&r);
    if (r.rc) {
        watpl__report_reset(out->report);
        return r.rc;
    }
    watpl__report_sort(out->report);
    write_rendering(&r, out, &z);
    return WATPL_OK;
}

int watpl_send_render(watpl_ctx *ctx, const watpl_prepared *pp, const watpl_params *p, watpl_rendered *out)
{
    WATPL__ENTER(ctx, pp && p && out, WATPL__NO_OUT);
    int rc = watpl__send(ctx, pp, p, out);
    return rc ? watpl__fail(ctx, rc, NULL, "out of memory") : WATPL_OK;
}

int watpl_send_payload(watpl_ctx *ctx, const watpl_prepared *pp, const watpl_params *p, char *buf, size_t cap,
                       size_t *needed, size_t *errors)
{
    WATPL__ENTER(ctx, pp && p && (buf || !cap), WATPL__NO_OUT);
    run r;
    start_run(&r, ctx, pp, p, NULL);
    check_send(&r);
    size_t n = payload_len(&r);
    if (needed)
        *needed = n;
    if (errors)
        *errors = r.errors;
    if (cap <= n)
        return WATPL_EBUFSIZE;
    wr w = {buf, 0, n};
    write_payload(&r, &w);
    buf[w.n] = '\0';
    return WATPL_OK;
}
