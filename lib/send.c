/* Prepared sends: a template split once at its placeholders, then rendered
 * for many parameter sets without allocating (docs/render.md). This is the
 * one implementation of the send.* rules (the general path); a send of the
 * template's shape that none of them reports is written from precomputed
 * pieces instead (the fast path, at the end). watpl_render prepares and
 * sends through the general path. SPDX-License-Identifier: MIT */
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
    size_t position;       /* POSITIONAL: number - 1, the value's rank among the text's positional
                              values; SIZE_MAX for the others (and for {{0}}) */
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
    size_t fixed_len;      /* the text without its placeholders: the literals and the tail */
    counts fixed;
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

/* The precomputed path of a send (send_fast below): a text as fixed pieces
 * of the string block between the values it takes, placeholders without a
 * value folded into the pieces. */
typedef struct piece {
    size_t off, len;
} piece;

typedef struct fast_text {
    size_t n;              /* values taken */
    piece *pieces;         /* n + 1 */
    unsigned short *value; /* n: index of each value in the send's list (fast_run.v) */
    counts fixed;          /* of the pieces */
    size_t fixed_len;
} fast_text;

/* The shape of a send the fast path takes, and what it writes around the
 * values: no named value, exactly max_number positional values for the
 * header and for the body, one value for each URL button with a variable
 * and none for the other buttons, and a valid coupon code when there is a
 * copy code button, in a template that is not an authentication template
 * and has no named placeholder. Any other send, and any send with a
 * diagnostic, takes the general path. The send's list, in the payload's
 * order: header values, body values, then for each button in order its
 * value (URL) or the coupon code (copy code). */
typedef struct fast_shape {
    bool ok;
    size_t n_header, n_body;
    size_t n_values;       /* the values of a send (the list without the coupon codes) */
    size_t n_list;
    unsigned short button_slot[WATPL__MAX_BUTTONS]; /* index in the list of its value, or NO_VALUE */
    unsigned short coupon_slot[WATPL__MAX_BUTTONS]; /* of the copy code buttons */
    size_t n_coupons;
    fast_text header, body;
    char *payload_text;    /* the payload's fixed parts */
    piece *payload;        /* n_list + 1 pieces of payload_text */
    size_t payload_fixed;  /* their length */
    void *mem;             /* the pieces and value indexes, one block */
} fast_shape;

struct watpl_prepared {
    watpl__alloc alloc;
    char *text;            /* every string of the template used at send time */
    size_t name_off, language_off; /* SIZE_MAX when absent */
    size_t name_len, language_len;
    size_t identity_len;   /* name and language, each NUL-terminated, start the string block */
    int category;
    bool auth;             /* authentication: the code goes in the body and the OTP buttons */
    bool auth_fixed_body;  /* authentication without body text: Meta writes the body */
    bool security;         /* add_security_recommendation */
    ptext header, body;
    slot *slots;           /* the slots of header and body */
    bool has_buttons;
    pbutton *buttons;
    size_t n_buttons;
    fast_shape fast;
};

/* ---- the payload's fixed parts ---------------------------------------------------- */

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
/* The same bytes as they are written: each piece ends where a value starts
 * (the value's opening quote included), so that a value costs one piece. */
#define J_FIRST J_VALUE J_TEXT "\""
#define J_NEXT "\"}," J_VALUE J_TEXT "\""
#define J_FIRST_NAMED J_VALUE J_NAME
#define J_NEXT_NAMED "\"}," J_VALUE J_NAME
#define J_NAMED_TEXT J_TEXT "\""
#define J_CLOSE "\"}]}"
/* The authentication body Meta writes (watpl_render, docs/render.md). */
#define AUTH_BODY_END "* is your verification code."
#define AUTH_SECURITY " For your security, do not share this code."

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
        sl->position = ph->kind == WATPL__PH_POSITIONAL && ph->number >= 1 ? (size_t)(ph->number - 1) : SIZE_MAX;
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
    t->fixed_len = t->tail_len;
    t->fixed = t->tail;
    for (size_t k = 0; out && k < t->n_slots; k++) {
        t->fixed_len += out[k].lit_len;
        counts_add(&t->fixed, out[k].lit);
    }
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

/* ---- the fast path's pieces ------------------------------------------------------- */

/* The placeholders of t that take a value (positional, numbered from 1). */
static size_t value_slots(const ptext *t)
{
    size_t n = 0;
    for (size_t k = 0; k < t->n_slots; k++)
        n += t->slots[k].position != SIZE_MAX;
    return n;
}

/* t as pieces between the values it takes, base the index of its first
 * value in the send's list. */
static void fast_split(const watpl_prepared *pp, const ptext *t, size_t base, fast_text *ft)
{
    size_t cur = t->off, j = 0;
    for (size_t k = 0; k < t->n_slots; k++) {
        const slot *sl = &t->slots[k];
        if (sl->position == SIZE_MAX)
            continue; /* written as it is: part of the piece */
        ft->pieces[j] = (piece){cur, sl->raw_off - cur};
        ft->value[j] = (unsigned short)(base + sl->position);
        cur = sl->raw_off + sl->raw_len;
        j++;
    }
    ft->pieces[j] = (piece){cur, t->off + t->len - cur};
    ft->n = j;
    ft->fixed_len = 0;
    ft->fixed = (counts){0, 0};
    for (size_t i = 0; i <= j; i++) {
        ft->fixed_len += ft->pieces[i].len;
        counts_add(&ft->fixed, count_both(pp->text + ft->pieces[i].off, ft->pieces[i].len));
    }
}

/* The end of a piece of the payload being built: a value follows. */
static void cut(const watpl__buf *b, piece *pieces, size_t *k, size_t *start)
{
    pieces[(*k)++] = (piece){*start, b->len - *start};
    *start = b->len;
}

/* The payload of a send of the fast shape without its values: the same
 * bytes as write_payload. */
static int fast_payload(fast_shape *fs, const watpl_prepared *pp)
{
    watpl__buf b;
    watpl__buf_init(&b, &pp->alloc);
    size_t k = 0, start = 0;
    bool first = true;
    watpl__buf_putc(&b, '[');
    for (size_t g = 0; g < 2; g++) {
        size_t n = g ? fs->n_body : fs->n_header;
        if (!n)
            continue;
        if (!first)
            watpl__buf_putc(&b, ',');
        first = false;
        watpl__buf_puts(&b, g ? J_BODY J_PARAMS : J_HEADER J_PARAMS);
        for (size_t j = 0; j < n; j++) {
            watpl__buf_puts(&b, j ? J_NEXT : J_FIRST);
            cut(&b, fs->payload, &k, &start);
        }
        watpl__buf_puts(&b, J_CLOSE);
    }
    for (size_t i = 0; i < pp->n_buttons; i++) {
        bool copy = pp->buttons[i].type == WATPL_BUTTON_COPY_CODE;
        if (!copy && fs->button_slot[i] == NO_VALUE)
            continue;
        if (!first)
            watpl__buf_putc(&b, ',');
        first = false;
        if (copy)
            watpl__buf_printf(&b, J_COPY "%zu" J_INDEX_END J_COUPON "\"", i);
        else
            watpl__buf_printf(&b, J_URL "%zu" J_INDEX_END J_PARAMS J_FIRST, i);
        cut(&b, fs->payload, &k, &start);
        watpl__buf_puts(&b, copy ? "\"" J_COUPON_END : J_CLOSE);
    }
    watpl__buf_putc(&b, ']');
    fs->payload[k] = (piece){start, b.len - start};
    watpl__buf_reserve(&b, WATPL__COPY_SLACK);
    if (b.failed) {
        watpl__buf_free(&b);
        return WATPL_ENOMEM;
    }
    fs->payload_text = b.data;
    fs->payload_fixed = b.len;
    return WATPL_OK;
}

/* The fast shape of pp's sends, if it has one (fs->ok). */
static int prepare_fast(watpl_prepared *pp)
{
    fast_shape *fs = &pp->fast;
    fs->ok = false;
    if (pp->auth || (pp->header.present && pp->header.named) || pp->body.named)
        return WATPL_OK;
    fs->n_header = pp->header.present ? (size_t)pp->header.max_number : 0;
    fs->n_body = (size_t)pp->body.max_number;
    if (fs->n_header > WATPL__MAX_VALUES || fs->n_body > WATPL__MAX_VALUES)
        return WATPL_OK;
    size_t n = fs->n_header + fs->n_body;
    fs->n_coupons = 0;
    for (size_t i = 0; i < pp->n_buttons; i++) {
        const pbutton *pb = &pp->buttons[i];
        fs->button_slot[i] = NO_VALUE;
        if (pb->type == WATPL_BUTTON_COPY_CODE)
            fs->coupon_slot[fs->n_coupons++] = (unsigned short)n++;
        else if (pb->url && pb->var)
            fs->button_slot[i] = (unsigned short)n++;
    }
    if (n - fs->n_coupons > WATPL__MAX_VALUES)
        return WATPL_OK;
    fs->n_list = n;
    fs->n_values = n - fs->n_coupons;
    size_t hs = pp->header.present ? value_slots(&pp->header) : 0, bs = value_slots(&pp->body);
    size_t n_pieces = hs + 1 + bs + 1 + n + 1;
    fs->mem = watpl__calloc(&pp->alloc, 1, n_pieces * sizeof(piece) + (hs + bs) * sizeof(unsigned short));
    if (!fs->mem)
        return WATPL_ENOMEM;
    piece *pc = fs->mem;
    unsigned short *vi = (unsigned short *)(void *)(pc + n_pieces);
    fs->header = (fast_text){0, pc, vi, {0, 0}, 0};
    fs->body = (fast_text){0, pc + hs + 1, vi + hs, {0, 0}, 0};
    fs->payload = pc + hs + 1 + bs + 1;
    if (pp->header.present)
        fast_split(pp, &pp->header, 0, &fs->header);
    fast_split(pp, &pp->body, fs->n_header, &fs->body);
    int rc = fast_payload(fs, pp);
    fs->ok = rc == WATPL_OK;
    return rc;
}

static int prepare(watpl_prepared *pp, const watpl_template *t, bool fast)
{
    watpl__buf b;
    watpl__buf_init(&b, &pp->alloc);
    pp->name_off = keep(&b, &t->name);
    pp->name_len = t->name.len;
    pp->language_off = keep(&b, &t->language);
    pp->language_len = t->language.len;
    pp->identity_len = b.len;
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
    watpl__buf_reserve(&b, fast ? WATPL__COPY_SLACK : 0); /* the fast path's slack; 0: a NUL at least */
    if (b.failed) {
        watpl__buf_free(&b);
        return WATPL_ENOMEM;
    }
    pp->text = b.data;
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
    return fast ? prepare_fast(pp) : WATPL_OK;
}

int watpl_prepared_new(watpl_ctx *ctx, const watpl_template *tpl, watpl_prepared **out)
{
    return watpl__prepared_new(ctx, tpl, true, out);
}

int watpl__prepared_new(watpl_ctx *ctx, const watpl_template *tpl, bool fast, watpl_prepared **out)
{
    WATPL__ENTER(ctx, tpl && out, WATPL__OUT(out));
    watpl_prepared *pp = watpl__calloc(&ctx->alloc, 1, sizeof *pp);
    if (!pp)
        return watpl__fail(ctx, WATPL_ENOMEM, NULL, "out of memory");
    pp->alloc = ctx->alloc;
    int rc = prepare(pp, tpl, fast);
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
    watpl__mfree(&a, pp->fast.mem);
    watpl__mfree(&a, pp->fast.payload_text);
    watpl__mfree(&a, pp);
}

/* ---- one send ---------------------------------------------------------------------- */

/* The values of a send in groups, each written as one component of the
 * payload: the header's, the body's, then one group per button. */
#define G_HEADER 0
#define G_BODY 1
#define G_BUTTON 2
#define N_GROUPS (G_BUTTON + WATPL__MAX_BUTTONS)
#define END 0xffff /* the end of a chain of values */

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
    /* the values of each group, in order: a chain from head (END: none) through next */
    unsigned short head[N_GROUPS], tail[N_GROUPS], next[MAX_EFFECTIVE];
    size_t count[N_GROUPS], sum[N_GROUPS]; /* values, and their bytes in the payload (when head is not END) */
    size_t unknown_button; /* the first value for a button the template lacks, or SIZE_MAX */
    bool suspect_value;    /* a value is empty or has a line break, tab or space run */
    const watpl__str *auth_code; /* the code of an authentication message, or NULL */
    /* the value of each of the first slots of header and body (SLOT_CACHE: beyond) */
    unsigned short slot_header[SLOT_CACHE], slot_body[SLOT_CACHE];
    size_t header_len, body_len; /* the texts after substitution */
    counts header_counts, body_counts;
    size_t url_len[WATPL__MAX_BUTTONS]; /* each rendered URL */
    counts url_counts[WATPL__MAX_BUTTONS];
    size_t payload_len;
} run;

static void note(run *r, int rc)
{
    if (rc && !r->rc)
        r->rc = rc;
}

/* One send.* diagnostic: stored in the report, or counted (every send.* rule is an error).
 * EMIT_ROW writes the rule's message (its row in rules_internal.h) with the
 * arguments after offset and length; EMIT a message of its own. */
#define EMIT(r, rule, component, index, ...)                                                        \
    ((r)->rep ? note((r), watpl__diag_add((r)->rep, (rule), (component), (index), __VA_ARGS__))      \
              : (void)((r)->errors += watpl_rule_severity((size_t)(rule)) == WATPL_SEVERITY_ERROR))
#define EMIT_ROW(r, rule, component, index, ...)                                                    \
    ((r)->rep ? note((r), watpl__finding((r)->rep, (rule), (component), (index), __VA_ARGS__))       \
              : (void)((r)->errors += watpl_rule_severity((size_t)(rule)) == WATPL_SEVERITY_ERROR))

static size_t json_len(const char *s, size_t len)
{
    return watpl__value_stat(s, len).json_len;
}

/* The length of one value in the payload. */
static size_t value_len(const watpl__value *v)
{
    size_t n = LIT_LEN(J_VALUE) + LIT_LEN(J_TEXT) + v->st.json_len + 1;
    return v->name.s ? n + LIT_LEN(J_NAME) + v->name_json : n;
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
    for (size_t i = 0; i < p->n; i++)
        r->v[i] = &p->values[i];
    r->n = p->n;
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
        r->extra[k++] = (watpl__value){WATPL_COMPONENT_BODY, 0, {NULL, 0}, *code, st, 0};
    for (size_t i = 0; i < r->pp->n_buttons; i++)
        if (r->pp->buttons[i].otp && !button_value(p, i))
            r->extra[k++] = (watpl__value){WATPL_COMPONENT_BUTTONS, i, {NULL, 0}, *code, st, 0};
    for (size_t i = 0; i < k; i++)
        r->v[r->n++] = &r->extra[i];
}

/* Each value into its group; the positional values of header and body in order. */
static void index_values(run *r)
{
    for (size_t g = 0; g < N_GROUPS; g++)
        r->head[g] = END;
    size_t n_buttons = r->pp->n_buttons, n_header = 0, n_body = 0;
    bool suspect = false;
    r->unknown_button = SIZE_MAX;
    for (size_t i = 0; i < r->n; i++) {
        const watpl__value *v = r->v[i];
        suspect |= v->text.len == 0 || v->st.blank >= 0;
        size_t g;
        if (v->component == WATPL_COMPONENT_BODY) {
            g = G_BODY;
            if (!v->name.s)
                r->pos_body[n_body++] = (unsigned short)i;
        } else if (v->component == WATPL_COMPONENT_HEADER) {
            g = G_HEADER;
            if (!v->name.s)
                r->pos_header[n_header++] = (unsigned short)i;
        } else if (v->button < n_buttons) {
            g = G_BUTTON + v->button;
        } else {
            if (r->unknown_button == SIZE_MAX)
                r->unknown_button = i;
            continue;
        }
        size_t len = value_len(v);
        r->next[i] = END;
        if (r->head[g] == END) {
            r->head[g] = r->tail[g] = (unsigned short)i;
            r->count[g] = 1;
            r->sum[g] = len;
        } else {
            r->next[r->tail[g]] = (unsigned short)i;
            r->tail[g] = (unsigned short)i;
            r->count[g]++;
            r->sum[g] += len;
        }
    }
    r->n_pos_header = n_header;
    r->n_pos_body = n_body;
    r->suspect_value = suspect;
}

/* The value a slot of t takes (index in r->v), or SIZE_MAX. */
static size_t slot_value(const run *r, const ptext *t, const slot *sl)
{
    if (sl->kind == WATPL__PH_POSITIONAL) {
        bool header = t->component == WATPL_COMPONENT_HEADER;
        size_t n = header ? r->n_pos_header : r->n_pos_body;
        const unsigned short *pos = header ? r->pos_header : r->pos_body;
        return sl->position < n ? pos[sl->position] : SIZE_MAX;
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

/* The value of each slot of t looked up once (into cache), and the length
 * and counts of t after substitution summed from its fixed text's and the
 * values' (nothing is written). */
static void resolve_text(run *r, const ptext *t, unsigned short *cache, size_t *len, counts *c)
{
    size_t n = t->fixed_len;
    counts cc = t->fixed;
    bool header = t->component == WATPL_COMPONENT_HEADER;
    size_t n_pos = header ? r->n_pos_header : r->n_pos_body;
    const unsigned short *pos = header ? r->pos_header : r->pos_body;
    for (size_t k = 0; k < t->n_slots; k++) {
        const slot *sl = &t->slots[k];
        size_t i = sl->position < n_pos ? pos[sl->position] : sl->kind == WATPL__PH_NAMED ? slot_value(r, t, sl) : SIZE_MAX;
        if (k < SLOT_CACHE)
            cache[k] = i == SIZE_MAX ? NO_VALUE : (unsigned short)i;
        if (i != SIZE_MAX) {
            const watpl__value *v = r->v[i];
            n += v->text.len;
            cc.u16 += v->st.u16;
            cc.cp += v->st.cp;
        } else {
            n += sl->raw_len;
            counts_add(&cc, sl->raw);
        }
    }
    *len = n;
    *c = cc;
}

/* The length and counts of each rendered URL. */
static void resolve_urls(run *r)
{
    for (size_t b = 0; b < r->pp->n_buttons; b++) {
        const pbutton *pb = &r->pp->buttons[b];
        if (!pb->url)
            continue;
        size_t i = r->head[G_BUTTON + b];
        if (pb->var && i != END) {
            const watpl__value *v = r->v[i];
            r->url_len[b] = pb->cut + v->text.len;
            r->url_counts[b] = (counts){pb->prefix.u16 + v->st.u16, pb->prefix.cp + v->st.cp};
        } else {
            r->url_len[b] = pb->url_len;
            r->url_counts[b] = pb->whole;
        }
    }
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
    if (r->head[G_HEADER] != END) {
        n += LIT_LEN(J_HEADER) + params_len(r->count[G_HEADER], r->sum[G_HEADER]) + 1;
        parts++;
    }
    if (r->head[G_BODY] != END) {
        n += LIT_LEN(J_BODY) + params_len(r->count[G_BODY], r->sum[G_BODY]) + 1;
        parts++;
    }
    const watpl__str *coupon = &r->p->coupon;
    for (size_t i = 0; i < r->pp->n_buttons; i++) {
        if (r->pp->buttons[i].type == WATPL_BUTTON_COPY_CODE && coupon->s)
            n += LIT_LEN(J_COPY) + digits(i) + LIT_LEN(J_INDEX_END) + LIT_LEN(J_COUPON) +
                 json_len(coupon->s, coupon->len) + LIT_LEN(J_COUPON_END);
        else if (r->head[G_BUTTON + i] != END)
            n += LIT_LEN(J_URL) + digits(i) + LIT_LEN(J_INDEX_END) +
                 params_len(r->count[G_BUTTON + i], r->sum[G_BUTTON + i]) + 1;
        else
            continue;
        parts++;
    }
    return n + (parts ? parts - 1 : 0);
}

static size_t auth_body_len(const run *r)
{
    if (!r->auth_code)
        return 0;
    return 1 + r->auth_code->len + LIT_LEN(AUTH_BODY_END) + (r->pp->security ? LIT_LEN(AUTH_SECURITY) : 0);
}

/* ---- the send.* checks ---------------------------------------------------------------- */

static void check_value(run *r, size_t i, int64_t index)
{
    const watpl__value *v = r->v[i];
    if (v->text.len == 0)
        EMIT_ROW(r, WATPL__R_SEND_PARAM_EMPTY, v->component, index, -1, -1);
    else if (r->v[i]->st.blank >= 0)
        EMIT_ROW(r, WATPL__R_SEND_PARAM_WHITESPACE, v->component, index, r->v[i]->st.blank, 1);
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
        EMIT_ROW(r, WATPL__R_SEND_AUTH_CODE, WATPL_COMPONENT_BODY, -1, -1, -1, CODE_MAX);
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
                EMIT_ROW(r, WATPL__R_SEND_PARAM_MISSING, t->component, -1, -1, -1, (int)sl->name_len,
                         r->pp->text + sl->name_off);
        }
        for (size_t i = 0; i < r->n; i++) {
            const watpl__value *v = r->v[i];
            if (v->component == t->component && v->name.s && !text_has_name(s, t->len, &v->name))
                EMIT_ROW(r, WATPL__R_SEND_PARAM_UNKNOWN, t->component, (int64_t)i, -1, -1,
                         WATPL__CLIP(v->name.s, v->name.len, 40));
        }
        return;
    }
    size_t given = t->component == WATPL_COMPONENT_HEADER ? r->n_pos_header : r->n_pos_body;
    if (given != (size_t)t->max_number)
        EMIT_ROW(r, WATPL__R_SEND_PARAM_COUNT, t->component, -1, -1, -1, given,
                 t->component == WATPL_COMPONENT_HEADER ? "header" : "body", (long long)t->max_number);
}

/* ---- writing ---------------------------------------------------------------------------- */

/* Writers take the output position and return the end of what they wrote;
 * the room was measured before (payload_len, resolve_text, resolve_urls). */
#define PUT(o, lit) (memcpy((o), (lit), LIT_LEN(lit)), (o) + LIT_LEN(lit))

/* The content of a JSON string (between its quotes) as watpl__json_str
 * writes it; jl is its length with the quotes. */
static char *put_json_inner(char *o, const char *s, size_t len, size_t jl)
{
    static const char hex[] = "0123456789abcdef";
    if (jl == len + 2)
        return watpl__copy(o, s, len);
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
    return o;
}

/* A JSON string as watpl__json_str writes it; jl is its length. */
static char *put_json(char *o, const char *s, size_t len, size_t jl)
{
    *o++ = '"';
    o = put_json_inner(o, s, len, jl);
    *o++ = '"';
    return o;
}

static char *put_index(char *o, size_t i)
{
    size_t n = digits(i);
    for (size_t k = n; k-- > 0; i /= 10)
        o[k] = (char)('0' + i % 10);
    return o + n;
}

/* Text t with the values substituted. */
static char *write_text(const run *r, const ptext *t, char *o)
{
    const char *s = r->pp->text;
    for (size_t k = 0; k < t->n_slots; k++) {
        const slot *sl = &t->slots[k];
        o = watpl__copy(o, s + sl->lit_off, sl->lit_len);
        size_t i = cached_value(r, t, k);
        if (i != SIZE_MAX)
            o = watpl__copy(o, r->v[i]->text.s, r->v[i]->text.len);
        else
            o = watpl__copy(o, s + sl->raw_off, sl->raw_len);
    }
    return watpl__copy(o, s + t->tail_off, t->tail_len);
}

/* The body Meta writes for an authentication template without body text. */
static char *write_auth_body(const run *r, char *o)
{
    *o++ = '*';
    o = watpl__copy(o, r->auth_code->s, r->auth_code->len);
    o = PUT(o, AUTH_BODY_END);
    return r->pp->security ? PUT(o, AUTH_SECURITY) : o;
}

/* URL of button b (a rendered URL button). */
static char *write_url(const run *r, size_t b, char *o)
{
    const pbutton *pb = &r->pp->buttons[b];
    size_t i = r->head[G_BUTTON + b];
    const char *url = r->pp->text + pb->url_off;
    if (pb->var && i != END) {
        o = watpl__copy(o, url, pb->cut);
        return watpl__copy(o, r->v[i]->text.s, r->v[i]->text.len);
    }
    return watpl__copy(o, url, pb->url_len);
}

/* The values of group g (at least one) and the end of its component:
 * {"type":"text","text":"..."},... ]} */
static char *write_group(const run *r, size_t g, char *o)
{
    bool first = true;
    for (size_t i = r->head[g]; i != END; i = r->next[i]) {
        const watpl__value *v = r->v[i];
        if (v->name.s) {
            o = first ? PUT(o, J_FIRST_NAMED) : PUT(o, J_NEXT_NAMED);
            o = put_json(o, v->name.s, v->name.len, v->name_json);
            o = PUT(o, J_NAMED_TEXT);
        } else {
            o = first ? PUT(o, J_FIRST) : PUT(o, J_NEXT);
        }
        first = false;
        o = put_json_inner(o, v->text.s, v->text.len, v->st.json_len);
    }
    return PUT(o, J_CLOSE);
}

/* The components array of Meta's send payload. */
static char *write_payload(const run *r, char *o)
{
    *o++ = '[';
    bool first = true;
    if (r->head[G_HEADER] != END) {
        o = PUT(o, J_HEADER J_PARAMS);
        o = write_group(r, G_HEADER, o);
        first = false;
    }
    if (r->head[G_BODY] != END) {
        if (!first)
            *o++ = ',';
        o = PUT(o, J_BODY J_PARAMS);
        o = write_group(r, G_BODY, o);
        first = false;
    }
    const watpl__str *coupon = &r->p->coupon;
    for (size_t i = 0; i < r->pp->n_buttons; i++) {
        bool copy = r->pp->buttons[i].type == WATPL_BUTTON_COPY_CODE && coupon->s;
        if (!copy && r->head[G_BUTTON + i] == END)
            continue;
        if (!first)
            *o++ = ',';
        first = false;
        o = copy ? PUT(o, J_COPY) : PUT(o, J_URL);
        o = put_index(o, i);
        o = PUT(o, J_INDEX_END);
        if (copy) {
            o = PUT(o, J_COUPON);
            o = put_json(o, coupon->s, coupon->len, json_len(coupon->s, coupon->len));
            o = PUT(o, J_COUPON_END);
        } else {
            o = PUT(o, J_PARAMS);
            o = write_group(r, G_BUTTON + i, o);
        }
    }
    *o++ = ']';
    return o;
}

/* ---- the rules of a send, in the order watpl_render has always reported them ---------- */

static void check_text(run *r, const ptext *t)
{
    bool header = t->component == WATPL_COMPONENT_HEADER;
    size_t n = counts_in(header ? r->header_counts : r->body_counts, r->unit);
    if (!t->named && (header ? r->n_pos_header : r->n_pos_body) == (size_t)t->max_number && n <= t->max)
        return; /* the common case: nothing to report */
    check_counts(r, t);
    if (n > t->max)
        EMIT_ROW(r, t->component == WATPL_COMPONENT_HEADER ? WATPL__R_SEND_HEADER_TOO_LONG : WATPL__R_SEND_BODY_TOO_LONG,
                 t->component, -1, -1, -1, n, t->max);
}

static void check_buttons(run *r)
{
    /* A value for a button the template does not have is an error, not
     * silently dropped (the first such value is named). */
    if (r->unknown_button != SIZE_MAX) {
        const watpl__value *v = r->v[r->unknown_button];
        EMIT(r, WATPL__R_SEND_PARAM_UNKNOWN, WATPL_COMPONENT_BUTTONS, (int64_t)v->button, -1, -1,
             "a value for button %zu; the template has %zu button%s", v->button, r->pp->n_buttons,
             r->pp->n_buttons == 1 ? "" : "s");
    }
    const watpl__str *coupon = &r->p->coupon;
    for (size_t i = 0; i < r->pp->n_buttons; i++) {
        const pbutton *pb = &r->pp->buttons[i];
        if (pb->type == WATPL_BUTTON_COPY_CODE) {
            if (!coupon->s)
                EMIT(r, WATPL__R_SEND_PARAM_MISSING, WATPL_COMPONENT_BUTTONS, (int64_t)i, -1, -1,
                     "the copy code button needs a coupon code");
            else if (!coupon_ok(coupon))
                EMIT_ROW(r, WATPL__R_SEND_COUPON_INVALID, WATPL_COMPONENT_BUTTONS, (int64_t)i, -1, -1, CODE_MAX);
            continue;
        }
        if (!pb->url)
            continue;
        size_t v = r->head[G_BUTTON + i];
        if (pb->var && v != END)
            check_value(r, v, (int64_t)i);
        else if (pb->var != (v != END))
            EMIT(r, WATPL__R_SEND_PARAM_COUNT, WATPL_COMPONENT_BUTTONS, (int64_t)i, -1, -1,
                 pb->var ? "the URL button needs its suffix value" : "the URL button has no variable; remove its value");
        size_t n = counts_in(r->url_counts[i], r->unit);
        if (n > URL_MAX)
            EMIT_ROW(r, WATPL__R_SEND_URL_TOO_LONG, WATPL_COMPONENT_BUTTONS, (int64_t)i, -1, -1, n);
    }
}

static void check_send(run *r)
{
    for (size_t i = 0; r->suspect_value && i < r->n; i++)
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

/* Everything a send needs to know before it writes: the values in their
 * groups and slots, the lengths and counts of the texts, the payload's length. */
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
    r->header_len = 0;
    r->header_counts = (counts){0, 0};
    if (pp->header.present)
        resolve_text(r, &pp->header, r->slot_header, &r->header_len, &r->header_counts);
    resolve_text(r, &pp->body, r->slot_body, &r->body_len, &r->body_counts);
    resolve_urls(r);
    if (pp->auth_fixed_body) {
        const watpl__value *bv = first_body_value(r);
        r->auth_code = p->auth_code.s ? &p->auth_code : bv ? &bv->text : NULL;
    }
    r->payload_len = payload_len(r);
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

/* The text of b written up to end: its length, and a NUL. */
static void fill(watpl__buf *b, char *end)
{
    b->len = (size_t)(end - b->data);
    *end = '\0';
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
    z->payload = r->payload_len;
    z->header = z->body = 0;
    if (pp->auth_fixed_body) {
        z->body = auth_body_len(r);
    } else {
        z->header = r->header_len;
        z->body = r->body_len;
        for (size_t i = 0; i < pp->n_buttons; i++)
            z->urls[i] = pp->buttons[i].url ? r->url_len[i] : 0;
    }
    z->diags = 3 * r->n + pp->header.n_named + pp->body.n_named + 2 * pp->n_buttons + 8;
    z->text = z->diags * MESSAGE_MAX + pp->identity_len;
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

/* The report of a send before its checks: no diagnostic, and the template's
 * identity, which the string block starts with (name and language, each
 * NUL-terminated, as watpl__report_set_template keeps them). The report has
 * the room (reserve). */
static void start_report(watpl_report *rep, const watpl_prepared *pp)
{
    watpl__report_reset(rep);
    watpl__copy(rep->text.data, pp->text, pp->identity_len);
    rep->text.len = pp->identity_len;
    if (pp->name_off != SIZE_MAX) {
        rep->name_at = (int64_t)pp->name_off;
        rep->name_len = pp->name_len;
    }
    if (pp->language_off != SIZE_MAX) {
        rep->language_at = (int64_t)pp->language_off;
        rep->language_len = pp->language_len;
    }
    rep->category = pp->category;
}

static void write_rendering(const run *r, watpl_rendered *out)
{
    const watpl_prepared *pp = r->pp;
    fill(&out->payload, write_payload(r, out->payload.data));
    out->has_header = false;
    out->header.len = 0;
    out->n_urls = 0;
    if (pp->auth_fixed_body) {
        fill(&out->body, r->auth_code ? write_auth_body(r, out->body.data) : out->body.data);
        return;
    }
    fill(&out->body, write_text(r, &pp->body, out->body.data));
    if (pp->header.present) {
        out->has_header = true;
        fill(&out->header, write_text(r, &pp->header, out->header.data));
    }
    if (!pp->has_buttons)
        return;
    out->n_urls = pp->n_buttons;
    for (size_t i = 0; i < pp->n_buttons; i++) {
        watpl__url *u = &out->urls[i];
        u->present = pp->buttons[i].url;
        if (u->present)
            fill(&u->text, write_url(r, i, u->text.data));
    }
}

/* A send through the general path: any send (watpl_render's always). */
static int send_general(watpl_ctx *ctx, const watpl_prepared *pp, const watpl_params *p, watpl_rendered *out)
{
    run r;
    start_run(&r, ctx, pp, p, out->report);
    sizes z;
    measure(&r, &z);
    if (reserve(out, pp, &z))
        return WATPL_ENOMEM;
    start_report(out->report, pp);
    check_send(&r);
    if (r.rc) {
        watpl__report_reset(out->report);
        return r.rc;
    }
    watpl__report_sort(out->report);
    write_rendering(&r, out);
    return WATPL_OK;
}

/* ---- the fast path ---------------------------------------------------------------------- */

/* A send of the fast shape: its values in the list's order, and the lengths
 * of what it writes. */
typedef struct fast_run {
    const watpl__value *v[WATPL__MAX_VALUES + WATPL__MAX_BUTTONS];
    watpl__value coupon;   /* the coupon code, as the value of the copy code buttons */
    size_t header_len, body_len, payload_len;
    size_t url_len[WATPL__MAX_BUTTONS];
} fast_run;

/* The length of text ft with the values of f; *n gets its count in unit. */
static size_t fast_len(const fast_text *ft, const fast_run *f, int unit, size_t *n)
{
    size_t len = ft->fixed_len;
    counts c = ft->fixed;
    for (size_t j = 0; j < ft->n; j++) {
        const watpl__value *v = f->v[ft->value[j]];
        len += v->text.len;
        c.u16 += v->st.u16;
        c.cp += v->st.cp;
    }
    *n = counts_in(c, unit);
    return len;
}

/* Whether p is a send of pp's fast shape that no send.* rule reports (f
 * then holds it). Each value was examined when it was added: only its
 * group, its position in it and its stat are looked at; the limits are
 * checked from the summed counts of the pieces and the values. */
static bool fast_resolve(const watpl_ctx *ctx, const watpl_prepared *pp, const watpl_params *p, fast_run *f)
{
    const fast_shape *fs = &pp->fast;
    if (!fs->ok || p->n != fs->n_values)
        return false;
    size_t n_header = 0, n_body = 0, json = 0;
    unsigned filled = 0; /* buttons that have their value */
    bool suspect = false;
    for (size_t i = 0; i < p->n; i++) {
        const watpl__value *v = &p->values[i];
        suspect |= (v->name.s != NULL) | (v->text.len == 0) | (v->st.blank >= 0);
        json += v->st.json_len;
        if (v->component == WATPL_COMPONENT_BODY) {
            if (n_body == fs->n_body)
                return false;
            f->v[fs->n_header + n_body++] = v;
        } else if (v->component == WATPL_COMPONENT_HEADER) {
            if (n_header == fs->n_header)
                return false;
            f->v[n_header++] = v;
        } else {
            size_t b = v->button;
            if (b >= pp->n_buttons || fs->button_slot[b] == NO_VALUE || (filled >> b & 1u))
                return false;
            filled |= 1u << b;
            f->v[fs->button_slot[b]] = v;
        }
    }
    /* as many values as the shape takes and none over a group's count: each group is full */
    if (suspect)
        return false;
    int unit = ctx->policy.count_unit;
    size_t n;
    f->header_len = 0;
    if (pp->header.present && ((f->header_len = fast_len(&fs->header, f, unit, &n)), n > pp->header.max))
        return false;
    f->body_len = fast_len(&fs->body, f, unit, &n);
    if (n > pp->body.max)
        return false;
    for (size_t b = 0; b < pp->n_buttons; b++) {
        const pbutton *pb = &pp->buttons[b];
        if (!pb->url)
            continue;
        counts c = pb->whole;
        f->url_len[b] = pb->url_len;
        if (pb->var) {
            const watpl__value *v = f->v[fs->button_slot[b]];
            c = (counts){pb->prefix.u16 + v->st.u16, pb->prefix.cp + v->st.cp};
            f->url_len[b] = pb->cut + v->text.len;
        }
        if (counts_in(c, unit) > URL_MAX)
            return false;
    }
    if (fs->n_coupons) {
        const watpl__str *code = &p->coupon;
        if (!code->s || !coupon_ok(code))
            return false;
        /* 1 to 15 letters or digits: one unit and one JSON byte each */
        f->coupon.text = *code;
        f->coupon.st = (watpl__vstat){code->len, code->len, code->len + 2, -1, true};
        for (size_t i = 0; i < fs->n_coupons; i++)
            f->v[fs->coupon_slot[i]] = &f->coupon;
        json += fs->n_coupons * (code->len + 2);
    }
    f->payload_len = fs->payload_fixed + json - 2 * fs->n_list; /* the pieces hold the quotes */
    return true;
}

/* The fast path writes into the rendering's buffers, which have the slack,
 * or into a caller's buffer, which may not. */
static inline char *copy_piece(char *o, const char *s, size_t n, bool slack)
{
    return slack ? watpl__copy_slack(o, s, n) : watpl__copy(o, s, n);
}

static char *fast_write_text(const fast_text *ft, const char *text, const fast_run *f, char *o)
{
    for (size_t j = 0; j < ft->n; j++) {
        o = watpl__copy_slack(o, text + ft->pieces[j].off, ft->pieces[j].len);
        const watpl__value *v = f->v[ft->value[j]];
        o = watpl__copy_slack(o, v->text.s, v->text.len);
    }
    return watpl__copy_slack(o, text + ft->pieces[ft->n].off, ft->pieces[ft->n].len);
}

static inline char *fast_write_payload(const fast_shape *fs, const fast_run *f, char *o, bool slack)
{
    for (size_t j = 0; j < fs->n_list; j++) {
        o = copy_piece(o, fs->payload_text + fs->payload[j].off, fs->payload[j].len, slack);
        const watpl__value *v = f->v[j];
        if (v->st.json_len == v->text.len + 2) /* nothing to escape */
            o = copy_piece(o, v->text.s, v->text.len, slack);
        else
            o = put_json_inner(o, v->text.s, v->text.len, v->st.json_len);
    }
    return copy_piece(o, fs->payload_text + fs->payload[fs->n_list].off, fs->payload[fs->n_list].len, slack);
}

static char *fast_write_url(const watpl_prepared *pp, const fast_run *f, size_t b, char *o)
{
    const pbutton *pb = &pp->buttons[b];
    const char *url = pp->text + pb->url_off;
    if (!pb->var)
        return watpl__copy_slack(o, url, pb->url_len);
    const watpl__value *v = f->v[pp->fast.button_slot[b]];
    o = watpl__copy_slack(o, url, pb->cut);
    return watpl__copy_slack(o, v->text.s, v->text.len);
}

/* f into out: its report has no diagnostic. */
static int fast_render(const watpl_prepared *pp, const fast_run *f, watpl_rendered *out)
{
    const size_t slack = WATPL__COPY_SLACK;
    /* room for the report's identity, the texts, the payload and the URLs (tested here: mostly there) */
    if ((pp->identity_len >= out->report->text.cap && watpl__report_reserve(out->report, 0, pp->identity_len)) ||
        ensure(&out->header, f->header_len + slack) || ensure(&out->body, f->body_len + slack) ||
        ensure(&out->payload, f->payload_len + slack) ||
        (pp->has_buttons && pp->n_buttons > out->urls_cap && watpl__rendered_reserve_urls(out, pp->n_buttons)))
        return WATPL_ENOMEM;
    for (size_t i = 0; pp->has_buttons && i < pp->n_buttons; i++)
        if (pp->buttons[i].url && ensure(&out->urls[i].text, f->url_len[i] + slack))
            return WATPL_ENOMEM;
    start_report(out->report, pp);
    fill(&out->payload, fast_write_payload(&pp->fast, f, out->payload.data, true));
    fill(&out->body, fast_write_text(&pp->fast.body, pp->text, f, out->body.data));
    out->has_header = pp->header.present;
    out->header.len = 0;
    if (pp->header.present)
        fill(&out->header, fast_write_text(&pp->fast.header, pp->text, f, out->header.data));
    out->n_urls = pp->has_buttons ? pp->n_buttons : 0;
    for (size_t i = 0; i < out->n_urls; i++) {
        watpl__url *u = &out->urls[i];
        u->present = pp->buttons[i].url;
        if (u->present)
            fill(&u->text, fast_write_url(pp, f, i, u->text.data));
    }
    return WATPL_OK;
}

/* ---- the entry points ------------------------------------------------------------------ */

int watpl__send(watpl_ctx *ctx, const watpl_prepared *pp, const watpl_params *p, watpl_rendered *out)
{
    fast_run f;
    if (fast_resolve(ctx, pp, p, &f))
        return fast_render(pp, &f, out);
    return send_general(ctx, pp, p, out);
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
    fast_run f;
    if (fast_resolve(ctx, pp, p, &f)) {
        if (needed)
            *needed = f.payload_len;
        if (errors)
            *errors = 0;
        if (cap <= f.payload_len)
            return WATPL_EBUFSIZE;
        *fast_write_payload(&pp->fast, &f, buf, false) = '\0';
        return WATPL_OK;
    }
    run r;
    start_run(&r, ctx, pp, p, NULL);
    check_send(&r);
    size_t n = r.payload_len;
    if (needed)
        *needed = n;
    if (errors)
        *errors = r.errors;
    if (cap <= n)
        return WATPL_EBUFSIZE;
    *write_payload(&r, buf) = '\0';
    return WATPL_OK;
}
