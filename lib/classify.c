/* The classifier: lexicon signals matched on the normalized view of every
 * text of a template, structural signals, and a softmax over the three
 * categories (docs/classify.md). Deterministic, no I/O.
 * SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classify_internal.h"
#include "lexicon_internal.h"
#include "text_internal.h"

#define PRIOR_MARKETING 0.3
#define PRIOR_UTILITY 0.3
#define PRIOR_AUTHENTICATION (-1.0) /* a one-time code needs evidence */
#define MIXED_PROMO_THRESHOLD 1.5 /* promotional weight that makes a template MARKETING */
#define OTHER_LANGUAGE_FACTOR 0.5
#define ENGLISH_FACTOR 0.7        /* English words are common in every language */
#define MAX_SIGNALS 256
#define MAX_HITS_PER_RULE 2

typedef struct watpl__signal {
    const char *rule;
    int category;
    double weight;
    int component;
    int64_t index, offset, length;
    int64_t text; /* offset of the copy of the original span in the pool, or -1 */
} watpl__signal;

struct watpl_classification {
    watpl__alloc alloc;
    int category;
    double confidence;
    double scores[4];
    char language[8];
    watpl__signal *signals;
    size_t n, cap;
    watpl__buf pool; /* the signals' texts */
    watpl__str name, tpl_language; /* borrowed from the template while building, copies once packed */
    int declared;
    bool has_template;
    bool packed; /* signals, texts, name and language live in the result's own block */
};

/* A lexicon hit before weighting. */
typedef struct hit {
    uint16_t entry;
    int component;
    int64_t index;
    size_t offset, length; /* in the original text */
    double factor;         /* component weight */
} hit;

typedef struct run {
    watpl_classification *r;
    watpl__normtext norm;
    hit *hits;
    size_t n_hits, cap_hits;
    size_t lang_hits[32];
    int rc;
} run;

/* ---- matching -------------------------------------------------------------------- */

static bool word_at(const char *s, size_t len, size_t i)
{
    int32_t cp = 0;
    if (i >= len || !watpl__utf8_decode(s, len, i, &cp))
        return false;
    return watpl__is_word_cp(cp);
}

/* The end of the word continuing at byte i (whole code points). */
static size_t word_end(const char *s, size_t len, size_t i)
{
    int32_t cp = 0;
    size_t k;
    while (i < len && (k = watpl__utf8_decode(s, len, i, &cp)) > 0 && watpl__is_word_cp(cp))
        i += k;
    return i;
}

static void add_hit(run *ru, uint16_t entry, int component, int64_t index, size_t off, size_t len,
                    double factor)
{
    if (ru->rc || ru->n_hits >= 4096)
        return;
    if (ru->n_hits == ru->cap_hits) {
        size_t cap = ru->cap_hits ? ru->cap_hits * 2 : 32;
        hit *h = watpl__realloc(&ru->r->alloc, ru->hits, ru->cap_hits * sizeof *h, cap * sizeof *h);
        if (!h) {
            ru->rc = WATPL_ENOMEM;
            return;
        }
        ru->hits = h;
        ru->cap_hits = cap;
    }
    ru->hits[ru->n_hits++] = (hit){entry, component, index, off, len, factor};
}

/* Try the lexicon entries [lo, hi) at byte i of the normalized text t. */
static void match_range(run *ru, const char *t, size_t n, size_t i, bool word_start, uint32_t lo,
                        uint32_t hi, int component, int64_t index, double factor)
{
    for (uint32_t e = lo; e < hi; e++) {
        const watpl__lex_entry *en = &watpl__lex_entries[e];
        if (en->len > n - i)
            continue;
        /* phrases are short: a byte loop beats a call to memcmp */
        size_t k = 0;
        while (k < en->len && t[i + k] == en->phrase[k])
            k++;
        if (k < en->len)
            continue;
        if ((en->flags & WATPL__LEX_WORD_START) && !word_start)
            continue;
        size_t end = i + en->len;
        if ((en->flags & WATPL__LEX_WORD_END) && !(en->flags & WATPL__LEX_PREFIX) && word_at(t, n, end))
            continue;
        if (en->flags & WATPL__LEX_PREFIX)
            end = word_end(t, n, end);
        if (en->lang < 32)
            ru->lang_hits[en->lang]++;
        if (en->flags & WATPL__LEX_STOP)
            continue;
        size_t o0 = ru->norm.map[i], o1 = ru->norm.map[end];
        /* end at a code point boundary of the original: map[end] is the
         * start of the next original code point, or the text's end */
        add_hit(ru, (uint16_t)e, component, index, o0, o1 > o0 ? o1 - o0 : 0, factor);
    }
}

static void match_text(run *ru, const char *s, size_t len, int component, int64_t index,
                       double factor)
{
    if (!s || len == 0 || ru->rc)
        return;
    int rc = watpl__normalize(&ru->norm, s, len);
    if (rc) {
        ru->rc = rc == WATPL_EUTF8 ? WATPL_OK : rc; /* template strings are valid UTF-8 */
        return;
    }
    const char *t = ru->norm.norm;
    size_t n = ru->norm.norm_len;
    bool prev_word = false;
    for (size_t i = 0, k = 1; i < n; i += k) {
        /* one code point at a time: whether it starts a word is known from
         * the previous one, and most buckets only match at word starts */
        unsigned char b = (unsigned char)t[i];
        bool w;
        if (b < 0x80) {
            k = 1;
            w = watpl__is_ascii_word(b);
        } else {
            int32_t cp = 0;
            k = watpl__utf8_decode(t, n, i, &cp);
            w = k > 0 && watpl__is_word_cp(cp);
            if (k == 0)
                k = 1;
        }
        bool word_start = w && !prev_word;
        prev_word = w;
        uint32_t lo = watpl__lex_first[b], hi = watpl__lex_first[b + 1];
        if (lo == hi || (!word_start && !watpl__lex_free_start[b]))
            continue;
        /* Entries are sorted by bytes: the one-byte phrases of the bucket come
         * first, then the longer ones ordered by their second byte, of which
         * only the run equal to the text's next byte can match. */
        uint32_t e = lo;
        while (e < hi && watpl__lex_entries[e].len == 1)
            e++;
        match_range(ru, t, n, i, word_start, lo, e, component, index, factor);
        if (i + 1 < n && e < hi) {
            unsigned char b1 = (unsigned char)t[i + 1];
            uint32_t a = e, z = hi;
            while (a < z) {
                uint32_t mid = a + (z - a) / 2;
                if ((unsigned char)watpl__lex_entries[mid].phrase[1] < b1)
                    a = mid + 1;
                else
                    z = mid;
            }
            z = a;
            while (z < hi && (unsigned char)watpl__lex_entries[z].phrase[1] == b1)
                z++;
            match_range(ru, t, n, i, word_start, a, z, component, index, factor);
        }
    }
}

/* ---- signals ----------------------------------------------------------------------- */

static void add_signal(run *ru, const char *rule, int category, double weight, int component,
                       int64_t index, const char *text, size_t off, size_t len, bool positioned)
{
    watpl_classification *r = ru->r;
    if (ru->rc || r->n >= MAX_SIGNALS)
        return;
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 16;
        watpl__signal *s = watpl__realloc(&r->alloc, r->signals, r->cap * sizeof *s, cap * sizeof *s);
        if (!s) {
            ru->rc = WATPL_ENOMEM;
            return;
        }
        r->signals = s;
        r->cap = cap;
    }
    watpl__signal *sg = &r->signals[r->n];
    *sg = (watpl__signal){rule, category, weight, component, index, -1, -1, -1};
    if (positioned && text) {
        sg->offset = (int64_t)off;
        sg->length = (int64_t)len;
        sg->text = (int64_t)r->pool.len;
        watpl__buf_append(&r->pool, text + off, len);
        if (r->pool.failed) {
            ru->rc = WATPL_ENOMEM;
            return;
        }
    }
    r->n++;
    r->scores[category] += weight;
}

static int lang_index(const char *code, size_t len)
{
    size_t base = 0;
    while (base < len && code[base] != '_' && code[base] != '-')
        base++;
    for (size_t i = 0; i < watpl__lex_lang_count; i++)
        if (strlen(watpl__lex_langs[i]) == base && memcmp(watpl__lex_langs[i], code, base) == 0)
            return (int)i;
    return -1;
}

/* The declared language when the text agrees with it, else the detected one. */
static int choose_language(const run *ru, int declared)
{
    int best = -1;
    size_t best_hits = 0;
    for (size_t i = 0; i < watpl__lex_lang_count && i < 32; i++) {
        if (ru->lang_hits[i] > best_hits) {
            best_hits = ru->lang_hits[i];
            best = (int)i;
        }
    }
    if (declared >= 0 && ru->lang_hits[declared] * 2 >= best_hits)
        return declared;
    return best >= 0 ? best : declared;
}

static const char *text_of(const watpl_template *t, int component, int64_t index, size_t *len);

static double language_factor(const watpl__lex_entry *en, int lang)
{
    if (lang < 0 || en->lang == lang)
        return 1.0;
    return strcmp(watpl__lex_langs[en->lang], "en") == 0 ? ENGLISH_FACTOR : OTHER_LANGUAGE_FACTOR;
}

/* The same phrase in several lexicons matches the same span: keep the hit
 * of the best-fitting language only. */
static bool shadowed(const run *ru, size_t h, int lang)
{
    const hit *a = &ru->hits[h];
    const watpl__lex_entry *ea = &watpl__lex_entries[a->entry];
    double fa = language_factor(ea, lang);
    for (size_t k = 0; k < ru->n_hits; k++) {
        const hit *b = &ru->hits[k];
        const watpl__lex_entry *eb = &watpl__lex_entries[b->entry];
        if (k == h || b->component != a->component || b->index != a->index || b->offset != a->offset ||
            b->length != a->length || strcmp(watpl__lex_rules[eb->rule].id, watpl__lex_rules[ea->rule].id) != 0)
            continue;
        double fb = language_factor(eb, lang);
        if (fb > fa || (fb == fa && k < h))
            return true;
    }
    return false;
}

static void weigh_hits(run *ru, const watpl_template *t, const char *bare, size_t bare_len, int lang)
{
    size_t per_rule[64] = {0};
    for (size_t h = 0; h < ru->n_hits; h++) {
        const hit *hi = &ru->hits[h];
        const watpl__lex_entry *en = &watpl__lex_entries[hi->entry];
        const watpl__lex_rule *rule = &watpl__lex_rules[en->rule];
        if (shadowed(ru, h, lang))
            continue;
        if (en->rule < 64 && per_rule[en->rule]++ >= MAX_HITS_PER_RULE)
            continue;
        double f = hi->factor * language_factor(en, lang);
        if (en->rule < 64 && per_rule[en->rule] == 2)
            f *= 0.5;
        size_t tl = bare_len;
        const char *text = t ? text_of(t, hi->component, hi->index, &tl) : bare;
        add_signal(ru, rule->id, rule->category, rule->weight * f, hi->component, hi->index, text,
                   hi->offset, hi->length, text != NULL && hi->offset + hi->length <= tl);
    }
}

/* ---- template texts and structure ------------------------------------------------------ */

static const char *text_of(const watpl_template *t, int component, int64_t index, size_t *len)
{
    switch (component) {
    case WATPL_COMPONENT_HEADER:
        return watpl_template_header_text(t, -1, len);
    case WATPL_COMPONENT_BODY:
        return watpl_template_body(t, -1, len);
    case WATPL_COMPONENT_FOOTER:
        return watpl_template_footer(t, len);
    case WATPL_COMPONENT_BUTTONS:
        return watpl_template_button_field(t, -1, (size_t)index, WATPL_BUTTON_FIELD_TEXT, len);
    case WATPL_COMPONENT_CARD:
        return watpl_template_body(t, (int)index, len);
    case WATPL_COMPONENT_LIMITED_TIME_OFFER:
        return watpl_template_limited_time_offer(t, len);
    default:
        return NULL;
    }
}

static void match_template(run *ru, const watpl_template *t)
{
    size_t len;
    const char *s;
    if ((s = watpl_template_header_text(t, -1, &len)))
        match_text(ru, s, len, WATPL_COMPONENT_HEADER, -1, 1.0);
    if ((s = watpl_template_body(t, -1, &len)))
        match_text(ru, s, len, WATPL_COMPONENT_BODY, -1, 1.0);
    if ((s = watpl_template_footer(t, &len)))
        match_text(ru, s, len, WATPL_COMPONENT_FOOTER, -1, 0.5);
    for (size_t i = 0; i < watpl_template_button_count(t, -1); i++)
        if ((s = watpl_template_button_field(t, -1, i, WATPL_BUTTON_FIELD_TEXT, &len)))
            match_text(ru, s, len, WATPL_COMPONENT_BUTTONS, (int64_t)i, 0.8);
    for (size_t k = 0; k < watpl_template_card_count(t); k++)
        if ((s = watpl_template_body(t, (int)k, &len)))
            match_text(ru, s, len, WATPL_COMPONENT_CARD, (int64_t)k, 0.8);
    if ((s = watpl_template_limited_time_offer(t, &len)))
        match_text(ru, s, len, WATPL_COMPONENT_LIMITED_TIME_OFFER, -1, 1.0);
}

static bool has_campaign_parameter(const watpl__str *url)
{
    if (!url->s)
        return false;
    return strstr(url->s, "utm_") != NULL || strstr(url->s, "promo") != NULL ||
           strstr(url->s, "coupon") != NULL;
}

static void structure_signals(run *ru, const watpl_template *t)
{
    const watpl__component *bc = watpl__tpl_component(t, -1, WATPL_COMPONENT_BUTTONS);
    for (size_t i = 0; bc && i < bc->n_buttons; i++) {
        const watpl__button *b = &bc->buttons[i];
        int64_t idx = (int64_t)i;
        bool otp_url = b->type == WATPL_BUTTON_URL && b->url.s && strstr(b->url.s, "whatsapp.com/otp") != NULL;
        if (b->type == WATPL_BUTTON_OTP || otp_url)
            add_signal(ru, "struct.otp_button", WATPL_CATEGORY_AUTHENTICATION, 6.0, WATPL_COMPONENT_BUTTONS,
                       idx, NULL, 0, 0, false);
        else if (b->type == WATPL_BUTTON_COPY_CODE)
            add_signal(ru, "struct.coupon_button", WATPL_CATEGORY_MARKETING, 1.5, WATPL_COMPONENT_BUTTONS,
                       idx, NULL, 0, 0, false);
        else if (b->type == WATPL_BUTTON_MPM || b->type == WATPL_BUTTON_CATALOG || b->type == WATPL_BUTTON_SPM)
            add_signal(ru, "struct.catalog_button", WATPL_CATEGORY_MARKETING, 2.0, WATPL_COMPONENT_BUTTONS,
                       idx, NULL, 0, 0, false);
        else if (b->type == WATPL_BUTTON_URL && has_campaign_parameter(&b->url))
            add_signal(ru, "struct.campaign_url", WATPL_CATEGORY_MARKETING, 1.0, WATPL_COMPONENT_BUTTONS,
                       idx, NULL, 0, 0, false);
    }
    if (watpl__tpl_component(t, -1, WATPL_COMPONENT_CAROUSEL))
        add_signal(ru, "struct.carousel", WATPL_CATEGORY_MARKETING, 6.0, WATPL_COMPONENT_CAROUSEL, -1,
                   NULL, 0, 0, false);
    if (watpl__tpl_component(t, -1, WATPL_COMPONENT_LIMITED_TIME_OFFER))
        add_signal(ru, "struct.limited_time_offer", WATPL_CATEGORY_MARKETING, 6.0,
                   WATPL_COMPONENT_LIMITED_TIME_OFFER, -1, NULL, 0, 0, false);
    const watpl__component *body = watpl__tpl_component(t, -1, WATPL_COMPONENT_BODY);
    if (body && body->add_security_recommendation >= 0 && (!body->text.s || body->text.len == 0))
        add_signal(ru, "struct.auth_preset", WATPL_CATEGORY_AUTHENTICATION, 4.0, WATPL_COMPONENT_BODY, -1,
                   NULL, 0, 0, false);
}

typedef struct var_count {
    size_t vars, malformed;
} var_count;

static bool count_vars(const watpl__placeholder *ph, void *ud)
{
    var_count *vc = ud;
    if (ph->kind == WATPL__PH_POSITIONAL || ph->kind == WATPL__PH_NAMED || ph->kind == WATPL__PH_BAD_NAME ||
        ph->kind == WATPL__PH_SINGLE_BRACE)
        vc->vars++;
    return true;
}

/* Content signals: a body that is mostly variables reads as transactional
 * detail; a body with very little text has an unclear purpose (MARKETING). */
static void content_signals(run *ru, const char *body, size_t len)
{
    if (!body)
        return;
    var_count vc = {0, 0};
    watpl__scan_placeholders(body, len, count_vars, &vc);
    size_t words = watpl__count_plain_words(body, len);
    if (vc.vars >= 2)
        add_signal(ru, "txn.variables", WATPL_CATEGORY_UTILITY, 0.3 * (double)(vc.vars > 5 ? 5 : vc.vars),
                   WATPL_COMPONENT_BODY, -1, NULL, 0, 0, false);
    if (words < 5)
        add_signal(ru, "content.unclear", WATPL_CATEGORY_MARKETING, 1.0, WATPL_COMPONENT_BODY, -1, NULL, 0,
                   0, false);
}

/* ---- decision ----------------------------------------------------------------------------- */

static double promo_weight(const watpl_classification *r)
{
    double w = 0;
    for (size_t i = 0; i < r->n; i++)
        if (r->signals[i].category == WATPL_CATEGORY_MARKETING && strncmp(r->signals[i].rule, "promo.", 6) == 0)
            w += r->signals[i].weight;
    return w;
}

static void decide(watpl_classification *r)
{
    double s[4] = {0, r->scores[1] + PRIOR_MARKETING, r->scores[2] + PRIOR_UTILITY,
                  r->scores[3] + PRIOR_AUTHENTICATION};
    if (promo_weight(r) >= MIXED_PROMO_THRESHOLD)
        s[2] *= 0.5; /* a transactional update that also promotes is MARKETING */
    double max = s[1];
    for (int c = 2; c <= 3; c++)
        if (s[c] > max)
            max = s[c];
    double sum = 0;
    for (int c = 1; c <= 3; c++) {
        s[c] = exp(s[c] - max);
        sum += s[c];
    }
    r->category = WATPL_CATEGORY_MARKETING;
    for (int c = 1; c <= 3; c++) {
        r->scores[c] = s[c] / sum;
        if (r->scores[c] > r->scores[r->category])
            r->category = c;
    }
    r->confidence = r->scores[r->category];
}

static int cmp_signal(const void *pa, const void *pb)
{
    const watpl__signal *a = pa, *b = pb;
    if (a->weight != b->weight)
        return a->weight < b->weight ? 1 : -1;
    if (a->component != b->component)
        return a->component - b->component;
    return (a->offset > b->offset) - (a->offset < b->offset);
}

/* The context's scratch classification, emptied: a run builds there (its
 * buffers are reused) and finish() packs the result into one block. */
static int new_result(watpl_ctx *ctx, watpl_classification **out)
{
    watpl_classification *r = ctx->scratch_cls;
    if (!r) {
        r = watpl__calloc(&ctx->alloc, 1, sizeof *r);
        if (!r)
            return WATPL_ENOMEM;
        r->alloc = ctx->alloc;
        ctx->scratch_cls = r;
    }
    watpl__signal *signals = r->signals;
    size_t cap = r->cap;
    watpl__buf pool = r->pool;
    memset(r, 0, sizeof *r);
    r->alloc = ctx->alloc;
    r->signals = signals;
    r->cap = cap;
    r->pool = pool;
    r->pool.a = &r->alloc;
    r->pool.len = 0;
    r->pool.failed = false;
    *out = r;
    return WATPL_OK;
}

/* A copy of the scratch result r in one block. */
static int pack(const watpl_classification *r, const watpl__alloc *a, watpl_classification **out)
{
    size_t head = WATPL__PACK_UP(sizeof *r), sig = r->n * sizeof *r->signals;
    size_t size = head + WATPL__PACK_UP(sig) + r->pool.len + r->name.len + r->tpl_language.len + 3;
    unsigned char *block = watpl__malloc(a, size);
    if (!block)
        return WATPL_ENOMEM;
    watpl_classification *p = (watpl_classification *)(void *)block;
    *p = *r;
    p->alloc = *a;
    p->signals = (watpl__signal *)(void *)(block + head);
    p->cap = r->n;
    if (sig)
        memcpy(p->signals, r->signals, sig);
    char *text = (char *)block + head + WATPL__PACK_UP(sig);
    p->pool = (watpl__buf){&p->alloc, text, r->pool.len, r->pool.len, false};
    if (r->pool.len)
        memcpy(text, r->pool.data, r->pool.len);
    text += r->pool.len;
    const watpl__str *src[2] = {&r->name, &r->tpl_language};
    watpl__str *dst[2] = {&p->name, &p->tpl_language};
    for (int k = 0; k < 2; k++) {
        if (!src[k]->s) {
            *dst[k] = (watpl__str){NULL, 0};
            continue;
        }
        if (src[k]->len)
            memcpy(text, src[k]->s, src[k]->len);
        text[src[k]->len] = '\0';
        *dst[k] = (watpl__str){text, src[k]->len};
        text += src[k]->len + 1;
    }
    p->packed = true;
    *out = p;
    return WATPL_OK;
}

/* Borrow the context's scratch buffers for a run, and give them back (grown). */
static void borrow_scratch(run *ru, watpl_ctx *ctx)
{
    watpl__norm_init(&ru->norm, &ctx->alloc);
    ru->norm.norm = ctx->scratch_norm;
    ru->norm.map = ctx->scratch_map;
    ru->norm.cap = ctx->scratch_norm_cap;
    ru->hits = ctx->scratch_hits;
    ru->cap_hits = ctx->scratch_hits_cap;
    ctx->scratch_norm = NULL;
    ctx->scratch_map = NULL;
    ctx->scratch_norm_cap = 0;
    ctx->scratch_hits = NULL;
    ctx->scratch_hits_cap = 0;
}

static void return_scratch(run *ru, watpl_ctx *ctx)
{
    ctx->scratch_norm = ru->norm.norm;
    ctx->scratch_map = ru->norm.map;
    ctx->scratch_norm_cap = ru->norm.cap;
    ctx->scratch_hits = ru->hits;
    ctx->scratch_hits_cap = ru->cap_hits;
    ru->norm.norm = NULL;
    ru->norm.map = NULL;
    ru->hits = NULL;
}

static int finish(run *ru, watpl_ctx *ctx, int lang, watpl_classification **out)
{
    return_scratch(ru, ctx);
    if (!ru->rc) {
        decide(ru->r);
        if (lang >= 0)
            snprintf(ru->r->language, sizeof ru->r->language, "%s", watpl__lex_langs[lang]);
        if (ru->r->n > 1)
            qsort(ru->r->signals, ru->r->n, sizeof *ru->r->signals, cmp_signal);
        ru->rc = pack(ru->r, &ctx->alloc, out);
    }
    ru->r->name = ru->r->tpl_language = (watpl__str){NULL, 0}; /* borrowed: never freed */
    if (ru->rc)
        return watpl__fail(ctx, ru->rc, NULL, "out of memory");
    return WATPL_OK;
}

int watpl_classify(watpl_ctx *ctx, const watpl_template *tpl, watpl_classification **out)
{
    if (out)
        *out = NULL;
    if (!ctx)
        return WATPL_EINVAL;
    watpl__clear_error(ctx);
    if (!tpl || !out)
        return watpl__fail(ctx, WATPL_EINVAL, NULL, "invalid argument");
    run ru;
    memset(&ru, 0, sizeof ru);
    if (new_result(ctx, &ru.r))
        return watpl__fail(ctx, WATPL_ENOMEM, NULL, "out of memory");
    borrow_scratch(&ru, ctx);
    ru.r->has_template = true;
    ru.r->declared = tpl->category;
    ru.r->name = tpl->name; /* borrowed until finish() packs the result */
    ru.r->tpl_language = tpl->language;
    match_template(&ru, tpl);
    int declared = tpl->language.s ? lang_index(tpl->language.s, tpl->language.len) : -1;
    int lang = choose_language(&ru, declared);
    weigh_hits(&ru, tpl, NULL, 0, lang);
    structure_signals(&ru, tpl);
    size_t bl = 0;
    const char *body = watpl_template_body(tpl, -1, &bl);
    if (!watpl__tpl_component(tpl, -1, WATPL_COMPONENT_CAROUSEL) || body)
        content_signals(&ru, body, bl);
    return finish(&ru, ctx, lang, out);
}

int watpl_classify_text(watpl_ctx *ctx, const char *text, size_t len, const char *lang_code,
                        size_t lang_len, watpl_classification **out)
{
    if (out)
        *out = NULL;
    if (!ctx)
        return WATPL_EINVAL;
    watpl__clear_error(ctx);
    if (!out || (!text && len) || (!lang_code && lang_len))
        return watpl__fail(ctx, WATPL_EINVAL, NULL, "invalid argument");
    size_t bad;
    if (!watpl__utf8_valid(text ? text : "", len, &bad)) {
        watpl__fail(ctx, WATPL_EUTF8, "input.utf8", "invalid UTF-8 at byte %zu", bad);
        watpl__fail_pos(ctx, (int64_t)bad, 0, 0, "");
        return WATPL_EUTF8;
    }
    run ru;
    memset(&ru, 0, sizeof ru);
    if (new_result(ctx, &ru.r))
        return watpl__fail(ctx, WATPL_ENOMEM, NULL, "out of memory");
    borrow_scratch(&ru, ctx);
    match_text(&ru, text, len, WATPL_COMPONENT_BODY, -1, 1.0);
    int declared = lang_code && lang_len ? lang_index(lang_code, lang_len) : -1;
    int lang = choose_language(&ru, declared);
    weigh_hits(&ru, NULL, text, len, lang);
    content_signals(&ru, text, len);
    return finish(&ru, ctx, lang, out);
}

void watpl__verdict_of(const watpl_classification *r, watpl__verdict *v)
{
    memset(v, 0, sizeof *v);
    v->category = r->category;
    v->confidence = r->confidence;
    for (size_t i = 0; i < r->n; i++) {
        const watpl__signal *s = &r->signals[i];
        if (strcmp(s->rule, "auth.code_phrase") == 0 && s->offset >= 0 &&
            (s->component == WATPL_COMPONENT_BODY || s->component == WATPL_COMPONENT_HEADER)) {
            v->sends_code = true;
            v->code_component = s->component;
            v->code_offset = s->offset;
            v->code_length = s->length;
            break;
        }
    }
}

int watpl__classify_verdict(watpl_ctx *ctx, const watpl_template *tpl, watpl__verdict *v)
{
    watpl_classification *r = NULL;
    memset(v, 0, sizeof *v);
    int rc = watpl_classify(ctx, tpl, &r);
    if (rc)
        return rc;
    watpl__verdict_of(r, v);
    watpl_classification_free(r);
    return WATPL_OK;
}

/* ---- accessors --------------------------------------------------------------------------- */

void watpl_classification_free(watpl_classification *r)
{
    if (!r)
        return;
    watpl__alloc a = r->alloc;
    if (!r->packed) { /* a context's scratch result: its name and language are borrowed */
        watpl__buf_free(&r->pool);
        watpl__mfree(&a, r->signals);
    }
    watpl__mfree(&a, r);
}

int watpl_classification_category(const watpl_classification *r)
{
    return r ? r->category : WATPL_CATEGORY_NONE;
}

double watpl_classification_confidence(const watpl_classification *r)
{
    return r ? r->confidence : 0.0;
}

double watpl_classification_score(const watpl_classification *r, int category)
{
    return r && category >= 1 && category <= 3 ? r->scores[category] : 0.0;
}

const char *watpl_classification_language(const watpl_classification *r)
{
    return r ? r->language : "";
}

size_t watpl_classification_signal_count(const watpl_classification *r)
{
    return r ? r->n : 0;
}

static const watpl__signal *sig(const watpl_classification *r, size_t i)
{
    return r && i < r->n ? &r->signals[i] : NULL;
}

const char *watpl_classification_signal_rule(const watpl_classification *r, size_t i)
{
    const watpl__signal *s = sig(r, i);
    return s ? s->rule : NULL;
}

int watpl_classification_signal_category(const watpl_classification *r, size_t i)
{
    const watpl__signal *s = sig(r, i);
    return s ? s->category : WATPL_CATEGORY_NONE;
}

double watpl_classification_signal_weight(const watpl_classification *r, size_t i)
{
    const watpl__signal *s = sig(r, i);
    return s ? s->weight : 0.0;
}

int watpl_classification_signal_component(const watpl_classification *r, size_t i)
{
    const watpl__signal *s = sig(r, i);
    return s ? s->component : -1;
}

int64_t watpl_classification_signal_index(const watpl_classification *r, size_t i)
{
    const watpl__signal *s = sig(r, i);
    return s ? s->index : -1;
}

int64_t watpl_classification_signal_offset(const watpl_classification *r, size_t i)
{
    const watpl__signal *s = sig(r, i);
    return s ? s->offset : -1;
}

int64_t watpl_classification_signal_length(const watpl_classification *r, size_t i)
{
    const watpl__signal *s = sig(r, i);
    return s ? s->length : -1;
}

int watpl_classification_to_json(watpl_ctx *ctx, const watpl_classification *r, char **out,
                                 size_t *out_len)
{
    if (out)
        *out = NULL;
    if (!ctx)
        return WATPL_EINVAL;
    watpl__clear_error(ctx);
    if (!r || !out)
        return watpl__fail(ctx, WATPL_EINVAL, NULL, "invalid argument");
    watpl__buf b;
    watpl__buf_init(&b, &ctx->alloc);
    watpl__buf_putc(&b, '{');
    if (r->has_template) {
        watpl__json_key(&b, "name");
        watpl__json_str(&b, r->name.s, r->name.len);
        watpl__buf_putc(&b, ',');
        watpl__json_key(&b, "language");
        watpl__json_str(&b, r->tpl_language.s, r->tpl_language.len);
        watpl__buf_putc(&b, ',');
        watpl__json_key(&b, "declared");
        if (r->declared)
            watpl__json_cstr(&b, watpl_category_name(r->declared));
        else
            watpl__buf_puts(&b, "null");
        watpl__buf_putc(&b, ',');
    }
    watpl__json_key(&b, "category");
    watpl__json_cstr(&b, watpl_category_name(r->category));
    watpl__buf_putc(&b, ',');
    watpl__json_key(&b, "confidence");
    watpl__json_double(&b, r->confidence);
    watpl__buf_putc(&b, ',');
    watpl__json_key(&b, "detected_language");
    watpl__json_cstr(&b, r->language);
    watpl__buf_putc(&b, ',');
    watpl__json_key(&b, "scores");
    watpl__buf_putc(&b, '{');
    for (int c = 1; c <= 3; c++) {
        if (c > 1)
            watpl__buf_putc(&b, ',');
        watpl__json_key(&b, watpl_category_name(c));
        watpl__json_double(&b, r->scores[c]);
    }
    watpl__buf_puts(&b, "},");
    watpl__json_key(&b, "signals");
    watpl__buf_putc(&b, '[');
    for (size_t i = 0; i < r->n; i++) {
        const watpl__signal *s = &r->signals[i];
        if (i)
            watpl__buf_putc(&b, ',');
        watpl__buf_putc(&b, '{');
        watpl__json_key(&b, "rule");
        watpl__json_cstr(&b, s->rule);
        watpl__buf_putc(&b, ',');
        watpl__json_key(&b, "category");
        watpl__json_cstr(&b, watpl_category_name(s->category));
        watpl__buf_putc(&b, ',');
        watpl__json_key(&b, "weight");
        watpl__json_double(&b, s->weight);
        watpl__buf_putc(&b, ',');
        watpl__json_key(&b, "component");
        watpl__json_cstr(&b, watpl_component_name(s->component));
        watpl__buf_putc(&b, ',');
        watpl__json_key(&b, "index");
        watpl__json_i64(&b, s->index);
        watpl__buf_putc(&b, ',');
        watpl__json_key(&b, "offset");
        watpl__json_i64(&b, s->offset);
        watpl__buf_putc(&b, ',');
        watpl__json_key(&b, "length");
        watpl__json_i64(&b, s->length);
        watpl__buf_putc(&b, ',');
        watpl__json_key(&b, "text");
        if (s->text >= 0)
            watpl__json_str(&b, r->pool.data + s->text, (size_t)s->length);
        else
            watpl__buf_puts(&b, "null");
        watpl__buf_putc(&b, '}');
    }
    watpl__buf_puts(&b, "]}");
    int rc = watpl__buf_finish_out(&b, out, out_len);
    return rc ? watpl__fail(ctx, rc, NULL, "out of memory") : WATPL_OK;
}
