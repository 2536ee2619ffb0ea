/* The classifier: lexicon signals matched on the normalized view of every
 * text of a template, structural signals, fitted weights, the highest score
 * wins, and a confidence calibrated on held-out predictions
 * (docs/classify.md). Deterministic, no I/O.
 * SPDX-License-Identifier: MIT */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classify_internal.h"
#include "lexicon_internal.h"
#include "text_internal.h"

#define OTHER_LANGUAGE_FACTOR 0.5
#define ENGLISH_FACTOR 0.7        /* English words are common in every language */
#define MAX_SIGNALS 256
#define MAX_FEATURES 128 /* lexicon families count at most twice each, plus the structure */
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
    double shape[4]; /* per category, the weight of its signals that are not bound to it (docs/classify.md) */
    double evidence[4]; /* per category, the weight of its signals that are bound to it */
    char language[8];
    watpl__signal *signals;
    size_t n, cap;
    watpl__buf pool; /* the signals' texts */
    watpl__str name, tpl_language; /* borrowed from the template while building, copies once packed */
    int declared;
    bool has_template;
    bool packed; /* signals, texts, name and language live in the result's own block */
};

/* A feature before weighting: a lexicon hit, or a structural or content
 * observation. Its signals are value x the fitted weights of its rule. */
typedef struct feature {
    const char *rule;
    int category;     /* a lexicon family's category; 0 for structure and content */
    double fallback;  /* the lexicon's own weight, for a family the weight table lacks */
    double value;
    int component;
    int64_t index;
    size_t offset, length;
    bool positioned;
} feature;

/* A lexicon hit before weighting. */
typedef struct hit {
    uint16_t entry;
    int component;
    int64_t index;
    size_t offset, length; /* in the original text */
    double factor;         /* component weight */
} hit;

struct scratch;

typedef struct run {
    struct scratch *scratch; /* the classifier's slot of the context's workspace, borrowed */
    watpl_classification *r;
    watpl__normtext norm;
    hit *hits;
    size_t n_hits, cap_hits;
    size_t lang_hits[32];
    int rc;
    size_t n_feats;
    feature feats[MAX_FEATURES]; /* last: a run clears the fields above only */
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

/* Entry e, whose bytes all equal the text's at i, matches if its word
 * boundaries hold. */
static void match_entry(run *ru, const char *t, size_t n, size_t i, bool word_start, uint32_t e,
                        int component, int64_t index, double factor)
{
    const watpl__lex_entry *en = &watpl__lex_entries[e];
    if ((en->flags & WATPL__LEX_WORD_START) && !word_start)
        return;
    size_t end = i + en->len;
    if ((en->flags & WATPL__LEX_WORD_END) && !(en->flags & WATPL__LEX_PREFIX) && word_at(t, n, end))
        return;
    if (en->flags & WATPL__LEX_PREFIX)
        end = word_end(t, n, end);
    if (en->lang < 32)
        ru->lang_hits[en->lang]++;
    if (en->flags & WATPL__LEX_STOP)
        return;
    size_t o0 = ru->norm.map[i], o1 = ru->norm.map[end];
    /* end at a code point boundary of the original: map[end] is the
     * start of the next original code point, or the text's end */
    add_hit(ru, (uint16_t)e, component, index, o0, o1 > o0 ? o1 - o0 : 0, factor);
}

/* The entries [lo, hi) share their first k bytes with the text at i and are
 * sorted by bytes: walk them in order, and stop at the first one that sorts
 * after the text (no later one can match). */
static void match_from(run *ru, const char *t, size_t n, size_t i, bool word_start, uint32_t lo,
                       uint32_t hi, size_t k, int component, int64_t index, double factor)
{
    size_t avail = n - i;
    for (uint32_t e = lo; e < hi; e++) {
        const watpl__lex_entry *en = &watpl__lex_entries[e];
        size_t m = en->len < avail ? en->len : avail, j = k;
        while (j < m && t[i + j] == en->phrase[j])
            j++;
        if (j == en->len) {
            match_entry(ru, t, n, i, word_start, e, component, index, factor);
            continue;
        }
        if (j == avail || (unsigned char)en->phrase[j] > (unsigned char)t[i + j])
            return;
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
        /* the one-byte phrases of the bucket come first; the others are
         * ordered by their second byte: start at the run equal to the
         * text's next byte */
        uint32_t e = lo;
        while (e < hi && watpl__lex_entries[e].len == 1)
            match_entry(ru, t, n, i, word_start, e++, component, index, factor);
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
            match_from(ru, t, n, i, word_start, a, hi, 1, component, index, factor);
        }
    }
}

/* ---- signals ----------------------------------------------------------------------- */

/* shape: the signal's rule is not bound to its category (a mark, a button,
 * the length), which the confidence trusts less. */
static void add_signal(run *ru, const char *rule, int category, double weight, int component,
                       int64_t index, const char *text, size_t off, size_t len, bool positioned, bool shape)
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
    if (shape)
        r->shape[category] += weight;
    else
        r->evidence[category] += weight;
}

static void add_feature(run *ru, const char *rule, int category, double fallback, double value,
                        int component, int64_t index, size_t off, size_t len, bool positioned)
{
    if (ru->n_feats >= MAX_FEATURES || value == 0.0)
        return;
    ru->feats[ru->n_feats++] = (feature){rule, category, fallback, value, component, index, off, len,
                                         positioned};
}

/* A structural or content feature: txn.* pushes toward UTILITY, the
 * promotional buttons and Meta's marketing template types toward MARKETING,
 * the OTP button and the authentication preset toward AUTHENTICATION; the
 * weights of the other struct.* and content.* features may favour any
 * category (the fit decides): they are the text's shape, which the
 * confidence trusts less than what is bound to a category. */
static void add_observation(run *ru, const char *rule, double value, int component, int64_t index,
                            size_t off, size_t len, bool positioned)
{
    int category = 0;
    if (strncmp(rule, "txn.", 4) == 0)
        category = WATPL_CATEGORY_UTILITY;
    else if (strcmp(rule, "struct.coupon_button") == 0 || strcmp(rule, "struct.catalog_button") == 0 ||
             strcmp(rule, "struct.campaign_url") == 0 || strcmp(rule, "struct.carousel") == 0 ||
             strcmp(rule, "struct.limited_time_offer") == 0)
        category = WATPL_CATEGORY_MARKETING;
    else if (strcmp(rule, "struct.otp_button") == 0 || strcmp(rule, "struct.auth_preset") == 0)
        category = WATPL_CATEGORY_AUTHENTICATION;
    add_feature(ru, rule, category, 0.0, value, component, index, off, len, positioned);
}

static const watpl__cls_weight *weight_of(const char *rule)
{
    size_t lo = 0, hi = watpl__cls_weight_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(watpl__cls_weights[mid].rule, rule);
        if (c == 0)
            return &watpl__cls_weights[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

static const char *text_of(const watpl_template *t, int component, int64_t index, size_t *len);

/* Every feature becomes one signal per category its fitted weights favour. A
 * lexicon family the fit weighs 0 toward its own category is still listed,
 * with weight 0: the phrase was found, and the fit says it tells nothing. */
static void weigh_features(run *ru, const watpl_template *t, const char *bare, size_t bare_len)
{
    for (size_t i = 0; i < ru->n_feats && !ru->rc; i++) {
        const feature *f = &ru->feats[i];
        const watpl__cls_weight *w = weight_of(f->rule);
        size_t tl = bare_len;
        const char *text = !f->positioned ? NULL : t ? text_of(t, f->component, f->index, &tl) : bare;
        bool positioned = text != NULL && f->offset + f->length <= tl;
        for (int c = 1; c <= 3; c++) {
            double wc = w ? w->w[c - 1] : (c == f->category ? f->fallback : 0.0);
            if (wc == 0.0 && c != f->category)
                continue;
            add_signal(ru, f->rule, c, wc * f->value, f->component, f->index, text, f->offset, f->length,
                       positioned, f->category != c);
        }
    }
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

static double language_factor(const watpl__lex_entry *en, int lang)
{
    if (lang < 0 || en->lang == lang)
        return 1.0;
    return strcmp(watpl__lex_langs[en->lang], "en") == 0 ? ENGLISH_FACTOR : OTHER_LANGUAGE_FACTOR;
}

/* The same phrase in several lexicons matches the same span: keep the hit
 * of the best-fitting language only. */
static bool same_place(const hit *a, const hit *b)
{
    return a->component == b->component && a->index == b->index && a->offset == b->offset;
}

/* Hits are recorded in text order: those at one place are neighbours. A
 * family has one rule index in every lexicon (tools/gen_lexicon.py). */
static bool shadowed(const run *ru, size_t h, int lang)
{
    const hit *a = &ru->hits[h];
    const watpl__lex_entry *ea = &watpl__lex_entries[a->entry];
    double fa = language_factor(ea, lang);
    size_t first = h;
    while (first > 0 && same_place(&ru->hits[first - 1], a))
        first--;
    for (size_t k = first; k < ru->n_hits && same_place(&ru->hits[k], a); k++) {
        const hit *b = &ru->hits[k];
        const watpl__lex_entry *eb = &watpl__lex_entries[b->entry];
        if (k == h || b->length != a->length || eb->rule != ea->rule)
            continue;
        double fb = language_factor(eb, lang);
        if (fb > fa || (fb == fa && k < h))
            return true;
    }
    return false;
}

static void collect_hits(run *ru, int lang)
{
    size_t per_rule[128] = {0};
    for (size_t h = 0; h < ru->n_hits; h++) {
        const hit *hi = &ru->hits[h];
        const watpl__lex_entry *en = &watpl__lex_entries[hi->entry];
        const watpl__lex_rule *rule = &watpl__lex_rules[en->rule];
        if (shadowed(ru, h, lang))
            continue;
        if (en->rule < 128 && per_rule[en->rule]++ >= MAX_HITS_PER_RULE)
            continue;
        double f = hi->factor * language_factor(en, lang);
        if (en->rule < 128 && per_rule[en->rule] == 2)
            f *= 0.5;
        add_feature(ru, rule->id, rule->category, rule->weight, f, hi->component, hi->index, hi->offset,
                    hi->length, true);
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

/* A question mark, ASCII or full width. */
static bool has_question(const char *s, size_t len)
{
    if (memchr(s, '?', len))
        return true;
    for (const char *p = memchr(s, '\xef', len); p; p = memchr(p + 1, '\xef', len - (size_t)(p + 1 - s)))
        if ((size_t)(p - s) + 2 < len && p[1] == '\xbc' && p[2] == '\x9f')
            return true;
    return false;
}

static void structure_features(run *ru, const watpl_template *t)
{
    const watpl__component *bc = watpl__tpl_component(t, -1, WATPL_COMPONENT_BUTTONS);
    size_t quick_replies = 0, url_buttons = 0;
    int64_t first_qr = -1, first_url = -1;
    for (size_t i = 0; bc && i < bc->n_buttons; i++) {
        const watpl__button *b = &bc->buttons[i];
        int64_t idx = (int64_t)i;
        bool otp_url = b->type == WATPL_BUTTON_URL && b->url.s && strstr(b->url.s, "whatsapp.com/otp") != NULL;
        if (b->type == WATPL_BUTTON_OTP || otp_url)
            add_observation(ru, "struct.otp_button", 1.0, WATPL_COMPONENT_BUTTONS, idx, 0, 0, false);
        else if (b->type == WATPL_BUTTON_COPY_CODE)
            add_observation(ru, "struct.coupon_button", 1.0, WATPL_COMPONENT_BUTTONS, idx, 0, 0, false);
        else if (b->type == WATPL_BUTTON_MPM || b->type == WATPL_BUTTON_CATALOG || b->type == WATPL_BUTTON_SPM)
            add_observation(ru, "struct.catalog_button", 1.0, WATPL_COMPONENT_BUTTONS, idx, 0, 0, false);
        else if (b->type == WATPL_BUTTON_URL && has_campaign_parameter(&b->url))
            add_observation(ru, "struct.campaign_url", 1.0, WATPL_COMPONENT_BUTTONS, idx, 0, 0, false);
        else if (b->type == WATPL_BUTTON_URL && b->url.s && strstr(b->url.s, "{{") != NULL)
            add_observation(ru, "struct.personal_url", 1.0, WATPL_COMPONENT_BUTTONS, idx, 0, 0, false);
        else if (b->type == WATPL_BUTTON_URL && url_buttons++ == 0)
            first_url = idx;
        else if (b->type == WATPL_BUTTON_PHONE_NUMBER || b->type == WATPL_BUTTON_VOICE_CALL)
            add_observation(ru, "struct.call_button", 1.0, WATPL_COMPONENT_BUTTONS, idx, 0, 0, false);
        else if (b->type == WATPL_BUTTON_FLOW)
            add_observation(ru, "struct.flow_button", 1.0, WATPL_COMPONENT_BUTTONS, idx, 0, 0, false);
        else if (b->type == WATPL_BUTTON_QUICK_REPLY && quick_replies++ == 0)
            first_qr = idx;
    }
    if (url_buttons)
        add_observation(ru, "struct.url_button", 1.0, WATPL_COMPONENT_BUTTONS, first_url, 0, 0, false);
    if (quick_replies)
        add_observation(ru, "struct.quick_replies", (double)(quick_replies > 3 ? 3 : quick_replies),
                        WATPL_COMPONENT_BUTTONS, first_qr, 0, 0, false);
    size_t bl = 0;
    const char *bt = watpl_template_body(t, -1, &bl);
    if (quick_replies && bt && has_question(bt, bl))
        add_observation(ru, "struct.question_with_replies", 1.0, WATPL_COMPONENT_BUTTONS, first_qr, 0, 0, false);
    if (watpl__tpl_component(t, -1, WATPL_COMPONENT_CAROUSEL))
        add_observation(ru, "struct.carousel", 1.0, WATPL_COMPONENT_CAROUSEL, -1, 0, 0, false);
    if (watpl__tpl_component(t, -1, WATPL_COMPONENT_LIMITED_TIME_OFFER))
        add_observation(ru, "struct.limited_time_offer", 1.0, WATPL_COMPONENT_LIMITED_TIME_OFFER, -1, 0, 0,
                        false);
    const watpl__component *hc = watpl__tpl_component(t, -1, WATPL_COMPONENT_HEADER);
    if (hc && (hc->format == WATPL_HEADER_IMAGE || hc->format == WATPL_HEADER_VIDEO || hc->format == WATPL_HEADER_GIF))
        add_observation(ru, "struct.media_header", 1.0, WATPL_COMPONENT_HEADER, -1, 0, 0, false);
    else if (hc && hc->format == WATPL_HEADER_DOCUMENT)
        add_observation(ru, "struct.document_header", 1.0, WATPL_COMPONENT_HEADER, -1, 0, 0, false);
    const watpl__component *body = watpl__tpl_component(t, -1, WATPL_COMPONENT_BODY);
    if (body && body->add_security_recommendation >= 0 && (!body->text.s || body->text.len == 0))
        add_observation(ru, "struct.auth_preset", 1.0, WATPL_COMPONENT_BODY, -1, 0, 0, false);
}

/* What the body's shape says, in every language: the variables and how they
 * are introduced, identifiers, prices and percentages, tone. */
typedef struct shape {
    const char *s;
    size_t vars;
    size_t labeled, identifiers;   /* "Date: {{2}}", "#{{1}}" */
    size_t first_label, first_label_len, first_id, first_id_len;
} shape;

static bool note_variable(const watpl__placeholder *ph, void *ud)
{
    shape *sh = ud;
    if (ph->kind != WATPL__PH_POSITIONAL && ph->kind != WATPL__PH_NAMED && ph->kind != WATPL__PH_BAD_NAME &&
        ph->kind != WATPL__PH_SINGLE_BRACE)
        return true;
    sh->vars++;
    size_t i = ph->offset;
    while (i > 0 && (sh->s[i - 1] == ' ' || sh->s[i - 1] == '*' || sh->s[i - 1] == '_'))
        i--;
    if (i > 0 && (sh->s[i - 1] == '#' || (i > 2 && memcmp(sh->s + i - 3, "\xe2\x84\x96", 3) == 0))) {
        if (sh->identifiers++ == 0) {
            sh->first_id = sh->s[i - 1] == '#' ? i - 1 : i - 3;
            sh->first_id_len = ph->offset + ph->length - sh->first_id;
        }
    } else if (i > 0 && (sh->s[i - 1] == ':' || (i > 2 && memcmp(sh->s + i - 3, "\xef\xbc\x9a", 3) == 0))) {
        size_t start = i - 1;
        while (start > 0 && sh->s[start - 1] != ' ' && sh->s[start - 1] != '\n' && i - start < 40)
            start--;
        while (start < i && ((unsigned char)sh->s[start] & 0xC0) == 0x80)
            start++; /* the span starts at a code point */
        if (sh->labeled++ == 0) {
            sh->first_label = start;
            sh->first_label_len = ph->offset + ph->length - start;
        }
    }
    return true;
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Marks that carry across languages, found in one pass over the body:
 * percentages ("20%", "{{1}}%", "20 %"), prices (a currency sign next to a
 * number or a variable), exclamation and question marks, ASCII or full width. */
typedef struct marks {
    size_t n[4], off[4], len[4];
} marks;

enum { MARK_PERCENT, MARK_PRICE, MARK_EXCLAMATION, MARK_QUESTION };

static void note_mark(marks *m, int kind, size_t off, size_t len)
{
    if (m->n[kind]++ == 0) {
        m->off[kind] = off;
        m->len[kind] = len;
    }
}

/* The span of the number or variable before a percent sign at i, or 0. */
static size_t percent_start(const char *s, size_t i, size_t *start)
{
    size_t j = i;
    if (j > 0 && s[j - 1] == ' ')
        j--;
    if (j == 0 || !(is_digit(s[j - 1]) || s[j - 1] == '}'))
        return 0;
    size_t b = j - 1;
    if (s[b] == '}') { /* the variable "{{...}}" */
        while (b > 0 && s[b] != '{' && j - b < 40)
            b--;
        while (b > 0 && s[b - 1] == '{')
            b--;
    } else {
        while (b > 0 && (is_digit(s[b - 1]) || s[b - 1] == '.' || s[b - 1] == ','))
            b--;
    }
    *start = b;
    return 1;
}

static const char *const currency_marks[] = {"$", "\xe2\x82\xac", "\xc2\xa3", "\xe2\x82\xb9", "\xc2\xa5",
                                             "\xe2\x82\xa9", "\xe2\x82\xbd", "\xe2\x82\xba", "\xe2\x82\xab",
                                             "\xe0\xb8\xbf", "\xef\xbf\xa5", "\xe5\x85\x83"};

/* The length of the currency sign at i when a number or a variable is next to it, else 0. */
static size_t price_at(const char *s, size_t len, size_t i)
{
    for (size_t k = 0; k < WATPL__ARRAY_LEN(currency_marks); k++) {
        size_t m = strlen(currency_marks[k]);
        if (i + m > len || memcmp(s + i, currency_marks[k], m) != 0)
            continue;
        size_t a = i + m;
        if (a < len && s[a] == ' ')
            a++;
        bool after = a < len && (is_digit(s[a]) || s[a] == '{');
        bool before = i > 0 && (is_digit(s[i - 1]) || s[i - 1] == '}' ||
                                (i > 1 && s[i - 1] == ' ' && (is_digit(s[i - 2]) || s[i - 2] == '}')));
        return after || before ? m : 0;
    }
    return 0;
}

/* The bytes of a CJK character (Han, kana: U+3040..U+30FF, U+3400..U+9FFF) or
 * of Thai start with these; U+3000..U+303F is CJK punctuation. */
static bool cjk_lead(const char *s, size_t len, size_t i)
{
    unsigned char b = (unsigned char)s[i], c = i + 1 < len ? (unsigned char)s[i + 1] : 0;
    return (b >= 0xE4 && b <= 0xE9) || (b == 0xE3 && (c >= 0x90 || (c >= 0x81 && c <= 0x83)));
}

static bool thai_lead(const char *s, size_t len, size_t i)
{
    return (unsigned char)s[i] == 0xE0 && i + 1 < len && ((unsigned char)s[i + 1] & 0xFE) == 0xB8;
}

/* Bytes that start punctuation, symbols or emoji rather than a letter:
 * U+2000..U+20FF, U+3000..U+303F, full-width forms, and 4-byte sequences. */
static bool mark_lead(const char *s, size_t len, size_t i)
{
    unsigned char b = (unsigned char)s[i], c = i + 1 < len ? (unsigned char)s[i + 1] : 0;
    return (b == 0xE2 && c <= 0x82) || (b == 0xE3 && c == 0x80) || b == 0xEF || b >= 0xF0;
}

/* One pass over the body: the marks, and the words as a reader counts them
 * (a run of Chinese or Japanese characters holds about one word per two
 * characters, Thai one per seven; a variable counts as one word). */
static size_t scan_body(const char *s, size_t len, marks *m)
{
    memset(m, 0, sizeof *m);
    size_t words = 0, cjk = 0, runs = 0, thai = 0;
    bool in_word = false, in_cjk = false;
    for (size_t i = 0; i < len; i++) {
        unsigned char b = (unsigned char)s[i];
        size_t start = 0, pl;
        if (b < 0x80) {
            bool w = watpl__is_ascii_word(b) || (in_word && b == '\'');
            words += w && !in_word;
            in_word = w;
            in_cjk = false;
            if (b == '%' && percent_start(s, i, &start))
                note_mark(m, MARK_PERCENT, start, i + 1 - start);
            else if (b == '!')
                note_mark(m, MARK_EXCLAMATION, i, 1);
            else if (b == '?')
                note_mark(m, MARK_QUESTION, i, 1);
            else if (b == '$' && (pl = price_at(s, len, i)) > 0)
                note_mark(m, MARK_PRICE, i, pl);
            continue;
        }
        if (b < 0xC0)
            continue; /* inside a character */
        if (b == 0xEF && i + 2 < len && s[i + 1] == '\xbc') { /* full width ！ ？ ％ */
            if (s[i + 2] == '\x81')
                note_mark(m, MARK_EXCLAMATION, i, 3);
            else if (s[i + 2] == '\x9f')
                note_mark(m, MARK_QUESTION, i, 3);
            else if (s[i + 2] == '\x85' && percent_start(s, i, &start))
                note_mark(m, MARK_PERCENT, start, i + 3 - start);
        }
        if ((b == 0xC2 || b == 0xE2 || b == 0xE0 || b == 0xE5 || b == 0xEF) && (pl = price_at(s, len, i)) > 0)
            note_mark(m, MARK_PRICE, i, pl);
        bool is_cjk = cjk_lead(s, len, i), is_thai = thai_lead(s, len, i);
        bool w = !is_thai && !mark_lead(s, len, i);
        words += w && !in_word;
        in_word = w;
        cjk += is_cjk;
        runs += is_cjk && !in_cjk;
        in_cjk = is_cjk;
        thai += is_thai;
    }
    return words + (cjk / 2 > runs ? cjk / 2 - runs : 0) + (thai + 6) / 7;
}

static double capped(size_t n, size_t cap)
{
    return (double)(n > cap ? cap : n);
}

static void content_features(run *ru, const char *body, size_t len)
{
    if (!body)
        return;
    shape sh;
    memset(&sh, 0, sizeof sh);
    sh.s = body;
    watpl__scan_placeholders(body, len, note_variable, &sh);
    int c = WATPL_COMPONENT_BODY;
    if (sh.vars)
        add_observation(ru, "txn.variables", capped(sh.vars, 5), c, -1, 0, 0, false);
    if (sh.labeled)
        add_observation(ru, "txn.labeled_value", capped(sh.labeled, 3), c, -1, sh.first_label,
                        sh.first_label_len, true);
    if (sh.identifiers)
        add_observation(ru, "txn.identifier", 1.0, c, -1, sh.first_id, sh.first_id_len, true);
    marks m;
    size_t words = scan_body(body, len, &m);
    words = words > sh.vars ? words - sh.vars : 0; /* the words of the text around the variables */
    if (words < 5)
        add_observation(ru, "content.unclear", 1.0, c, -1, 0, 0, false);
    else if (words >= 40)
        add_observation(ru, "content.long", 1.0, c, -1, 0, 0, false);
    static const char *const mark_rules[4] = {"content.percent", "content.price", "content.exclamation",
                                              "content.question"};
    static const size_t mark_caps[4] = {2, 2, 3, 1};
    for (int k = 0; k < 4; k++)
        if (m.n[k])
            add_observation(ru, mark_rules[k], capped(m.n[k], mark_caps[k]), c, -1, m.off[k], m.len[k], true);
}

/* ---- decision ----------------------------------------------------------------------------- */

/* The confidence of a prediction won by `margin` (its score minus the
 * runner-up's) when `shape_weight` of its score comes from signals not bound
 * to its category and `evidence_weight` from signals bound to it: a logistic
 * function fitted on held-out predictions (lib/classify_weights.c),
 * increasing in the margin and decreasing in the shape weight; at least 1/3,
 * the winner of three; and, when no signal bound to the category supports it
 * (the win rests on shape and biases alone), at most the calibration's cap. */
double watpl__cls_confidence(double margin, double shape_weight, double evidence_weight)
{
    const watpl__cls_calibration *k = &watpl__cls_calibration_fit;
    double t = k->intercept + k->margin * (1.0 - exp(-(margin > 0 ? margin : 0))) - k->shape * shape_weight;
    double p = t < -30.0 ? 0.0 : 1.0 / (1.0 + exp(-t)); /* below -30: far below 1/3 */
    if (!(evidence_weight > 0.0) && p > k->unsupported_cap)
        p = k->unsupported_cap;
    return p > 1.0 / 3.0 ? p : 1.0 / 3.0;
}

/* Scores: the fitted biases plus the signals' weights. The winner's
 * probability is the calibrated confidence; the two others share the rest
 * as a softmax of their scores, neither above the winner (docs/classify.md). */
static void decide(watpl_classification *r)
{
    double s[4] = {0};
    for (int c = 1; c <= 3; c++)
        s[c] = r->scores[c] + watpl__cls_bias[c - 1];
    int win = WATPL_CATEGORY_MARKETING;
    for (int c = 2; c <= 3; c++)
        if (s[c] > s[win])
            win = c;
    int second = win == WATPL_CATEGORY_MARKETING ? WATPL_CATEGORY_UTILITY : WATPL_CATEGORY_MARKETING;
    int third = 6 - win - second;
    if (s[third] > s[second]) {
        int t = second;
        second = third;
        third = t;
    }
    double conf = watpl__cls_confidence(s[win] - s[second], r->shape[win], r->evidence[win]);
    double share = 1.0 / (1.0 + exp(s[third] - s[second])); /* the runner-up's part of the rest */
    double p2 = (1.0 - conf) * share;
    if (p2 > conf)
        p2 = conf;
    r->category = win;
    r->confidence = conf;
    r->scores[win] = conf;
    r->scores[second] = p2;
    r->scores[third] = 1.0 - conf - p2;
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

/* The classifier's slot of the context's workspace (WATPL__SLOT_CLASSIFIER),
 * kept between calls: the classification a run builds (its buffers are
 * reused; finish() packs the result into one block) and the buffers of
 * matching. */
typedef struct scratch {
    watpl_classification *result;
    char *norm;
    size_t *map;
    size_t norm_cap;
    hit *hits;
    size_t cap_hits;
} scratch;

static void release_scratch(const watpl__alloc *a, void *obj)
{
    scratch *s = obj;
    watpl__mfree(a, s->norm);
    watpl__mfree(a, s->map);
    watpl__mfree(a, s->hits);
    watpl_classification_free(s->result);
    watpl__mfree(a, s);
}

/* Borrow the slot for a run: ru->r is its classification, emptied, and the
 * run matches into its buffers. The failure is recorded on ctx. */
static int borrow_scratch(run *ru, watpl_ctx *ctx)
{
    void *obj;
    int rc = watpl__wksp_borrow(ctx, WATPL__SLOT_CLASSIFIER, &obj);
    if (rc)
        return rc;
    scratch *s = obj ? obj : watpl__calloc(&ctx->alloc, 1, sizeof *s);
    if (s && !s->result && (s->result = watpl__calloc(&ctx->alloc, 1, sizeof *s->result)))
        s->result->alloc = ctx->alloc;
    if (!s || !s->result) {
        watpl__wksp_return(ctx, WATPL__SLOT_CLASSIFIER, s, release_scratch);
        return watpl__fail_nomem(ctx);
    }
    watpl_classification *r = s->result;
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
    ru->scratch = s;
    ru->r = r;
    watpl__norm_init(&ru->norm, &ctx->alloc);
    ru->norm.norm = s->norm;
    ru->norm.map = s->map;
    ru->norm.cap = s->norm_cap;
    ru->hits = s->hits;
    ru->cap_hits = s->cap_hits;
    return WATPL_OK;
}

/* Give the slot back, with the buffers as the run grew them. */
static void return_scratch(run *ru, watpl_ctx *ctx)
{
    scratch *s = ru->scratch;
    s->norm = ru->norm.norm;
    s->map = ru->norm.map;
    s->norm_cap = ru->norm.cap;
    s->hits = ru->hits;
    s->cap_hits = ru->cap_hits;
    ru->r->name = ru->r->tpl_language = (watpl__str){NULL, 0}; /* borrowed from the template: never freed */
    ru->norm.norm = NULL;
    ru->norm.map = NULL;
    ru->hits = NULL;
    ru->r = NULL;
    ru->scratch = NULL;
    watpl__wksp_return(ctx, WATPL__SLOT_CLASSIFIER, s, release_scratch);
}

static int finish(run *ru, watpl_ctx *ctx, int lang, watpl_classification **out)
{
    if (!ru->rc) {
        decide(ru->r);
        if (lang >= 0)
            snprintf(ru->r->language, sizeof ru->r->language, "%s", watpl__lex_langs[lang]);
        if (ru->r->n > 1)
            qsort(ru->r->signals, ru->r->n, sizeof *ru->r->signals, cmp_signal);
        ru->rc = pack(ru->r, &ctx->alloc, out);
    }
    return_scratch(ru, ctx);
    if (ru->rc)
        return watpl__fail(ctx, ru->rc, NULL, "out of memory");
    return WATPL_OK;
}

/* Meta moves a transactional update that also promotes to MARKETING: the
 * promotional phrases of a text that also has transactional ones count again. */
static void mixed_content_feature(run *ru)
{
    size_t promo = 0, txn = 0, first = 0;
    for (size_t i = 0; i < ru->n_feats; i++) {
        const feature *f = &ru->feats[i];
        if (f->category == WATPL_CATEGORY_MARKETING && promo++ == 0)
            first = i;
        txn += f->category == WATPL_CATEGORY_UTILITY && strncmp(f->rule, "txn.", 4) == 0;
    }
    if (promo && txn) {
        const feature *f = &ru->feats[first];
        add_feature(ru, "content.mixed", WATPL_CATEGORY_MARKETING, 0.0, capped(promo, 2), f->component, f->index,
                    f->offset, f->length, f->positioned);
    }
}

static void collect_features(run *ru, const watpl_template *tpl, int lang)
{
    collect_hits(ru, lang);
    mixed_content_feature(ru);
    structure_features(ru, tpl);
    size_t bl = 0;
    const char *body = watpl_template_body(tpl, -1, &bl);
    if (!watpl__tpl_component(tpl, -1, WATPL_COMPONENT_CAROUSEL) || body)
        content_features(ru, body, bl);
}

int watpl_classify(watpl_ctx *ctx, const watpl_template *tpl, watpl_classification **out)
{
    WATPL__ENTER(ctx, tpl && out, WATPL__OUT(out));
    run ru;
    memset(&ru, 0, offsetof(run, feats));
    int rc = borrow_scratch(&ru, ctx);
    if (rc)
        return rc;
    ru.r->has_template = true;
    ru.r->declared = tpl->category;
    ru.r->name = tpl->name; /* borrowed until finish() packs the result */
    ru.r->tpl_language = tpl->language;
    match_template(&ru, tpl);
    int declared = tpl->language.s ? lang_index(tpl->language.s, tpl->language.len) : -1;
    int lang = choose_language(&ru, declared);
    collect_features(&ru, tpl, lang);
    weigh_features(&ru, tpl, NULL, 0);
    return finish(&ru, ctx, lang, out);
}

int watpl__classify_features(watpl_ctx *ctx, const watpl_template *tpl, watpl__feature_fn fn, void *ud)
{
    run ru;
    memset(&ru, 0, offsetof(run, feats));
    int rc = borrow_scratch(&ru, ctx);
    if (rc)
        return rc;
    match_template(&ru, tpl);
    int declared = tpl->language.s ? lang_index(tpl->language.s, tpl->language.len) : -1;
    collect_features(&ru, tpl, choose_language(&ru, declared));
    return_scratch(&ru, ctx);
    for (size_t i = 0; !ru.rc && i < ru.n_feats; i++)
        fn(ru.feats[i].rule, ru.feats[i].category, ru.feats[i].fallback, ru.feats[i].value, ud);
    return ru.rc;
}

int watpl_classify_text(watpl_ctx *ctx, const char *text, size_t len, const char *lang_code,
                        size_t lang_len, watpl_classification **out)
{
    WATPL__ENTER(ctx, out && (text || !len) && (lang_code || !lang_len), WATPL__OUT(out));
    size_t bad;
    if (!watpl__utf8_valid(text ? text : "", len, &bad)) {
        watpl__fail(ctx, WATPL_EUTF8, "input.utf8", "invalid UTF-8 at byte %zu", bad);
        watpl__fail_pos(ctx, (int64_t)bad, 0, 0, "");
        return WATPL_EUTF8;
    }
    run ru;
    memset(&ru, 0, offsetof(run, feats));
    int rc = borrow_scratch(&ru, ctx);
    if (rc)
        return rc;
    match_text(&ru, text, len, WATPL_COMPONENT_BODY, -1, 1.0);
    int declared = lang_code && lang_len ? lang_index(lang_code, lang_len) : -1;
    int lang = choose_language(&ru, declared);
    collect_hits(&ru, lang);
    mixed_content_feature(&ru);
    content_features(&ru, text, len);
    weigh_features(&ru, NULL, text, len);
    return finish(&ru, ctx, lang, out);
}

/* The signals that decided, strongest first: up to three toward the predicted
 * category, each with its text and where it is (category.mismatch). */
static void explain(const watpl_classification *r, char *why, size_t cap)
{
    size_t len = 0, shown = 0;
    why[0] = '\0';
    for (size_t i = 0; i < r->n && shown < 3; i++) {
        const watpl__signal *s = &r->signals[i];
        if (s->category != r->category || s->weight <= 0)
            continue;
        char item[96];
        if (s->text >= 0) {
            size_t tl = (size_t)s->length;
            const char *t = r->pool.data + s->text;
            if (tl > 30) { /* cut at a code point */
                tl = 30;
                while (tl > 0 && ((unsigned char)t[tl] & 0xC0) == 0x80)
                    tl--;
            }
            snprintf(item, sizeof item, "%s \"%.*s\" (%s %lld)", s->rule, (int)tl, t,
                     watpl_component_name(s->component), (long long)s->offset);
        } else {
            snprintf(item, sizeof item, "%s (%s)", s->rule, watpl_component_name(s->component));
        }
        size_t il = strlen(item);
        if (len + il + 3 >= cap)
            break;
        if (shown++) {
            memcpy(why + len, ", ", 2);
            len += 2;
        }
        memcpy(why + len, item, il + 1);
        len += il;
    }
}

void watpl__verdict_of(const watpl_classification *r, watpl__verdict *v)
{
    memset(v, 0, sizeof *v);
    v->category = r->category;
    v->confidence = r->confidence;
    if (!r->has_template || r->category != r->declared) /* only a mismatch is explained */
        explain(r, v->why, sizeof v->why);
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
    WATPL__ENTER(ctx, r && out, WATPL__OUT(out));
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
