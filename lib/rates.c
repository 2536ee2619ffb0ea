/* Rate cards and prices: which card is in force at a time, and what a
 * message costs (docs/pricing.md). SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <string.h>

#include "rates_internal.h"

/* ---- the set of cards ------------------------------------------------------------------------- */

/* Cards are kept ordered by (model, currency, from), undated first. */
static int card_order(const watpl__card *a, const watpl__card *b)
{
    if (a->model != b->model)
        return a->model < b->model ? -1 : 1;
    int c = strcmp(a->currency, b->currency);
    if (c)
        return c < 0 ? -1 : 1;
    return (a->from > b->from) - (a->from < b->from);
}

static void insert_sorted(watpl_rates *r, const watpl__card *card, bool owned)
{
    size_t i = r->n;
    while (i > 0 && card_order(r->cards[i - 1], card) > 0) {
        r->cards[i] = r->cards[i - 1];
        r->owned[i] = r->owned[i - 1];
        i--;
    }
    r->cards[i] = card;
    r->owned[i] = owned;
    r->n++;
}

int watpl_rates_new(watpl_rates **out, watpl_ctx *ctx)
{
    WATPL__ENTER(ctx, out, WATPL__OUT(out));
    watpl_rates *r = watpl__calloc(&ctx->alloc, 1, sizeof *r);
    if (!r)
        return watpl__fail_nomem(ctx);
    r->alloc = ctx->alloc;
    for (size_t i = 0; i < watpl__n_compiled_cards; i++)
        insert_sorted(r, &watpl__compiled_cards[i], false);
    *out = r;
    return WATPL_OK;
}

void watpl_rates_free(watpl_rates *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++)
        if (r->owned[i])
            watpl__mfree(&r->alloc, (void *)(uintptr_t)r->cards[i]);
    watpl__mfree(&r->alloc, r);
}

static bool same_series(const watpl__card *a, const watpl__card *b)
{
    return a->model == b->model && strcmp(a->currency, b->currency) == 0;
}

/* [from, until) of a dated card with an explicit end contains t. */
static bool explicit_period_holds(const watpl__card *c, int64_t t)
{
    return c->from != WATPL_TIME_NONE && c->until != WATPL_TIME_NONE && c->from <= t && t < c->until;
}

static void format_day(int64_t t, char out[48])
{
    int64_t days = t / 86400 - (t % 86400 < 0), z = days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097, doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
    int64_t d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9, y = yoe + era * 400 + (m <= 2);
    snprintf(out, 48, "%04lld-%02lld-%02lld", (long long)y, (long long)m, (long long)d);
}

/* The card the new one replaces (same series and date), or -1; a refusal
 * when its period overlaps an explicit one of another card. */
static int place_card(watpl_ctx *ctx, const watpl_rates *r, const watpl__card *c, int64_t line, int64_t column,
                      long *replaces)
{
    *replaces = -1;
    for (size_t i = 0; i < r->n; i++) {
        const watpl__card *o = r->cards[i];
        if (!same_series(o, c))
            continue;
        if (o->from == c->from) {
            *replaces = (long)i;
            continue;
        }
        if (c->from == WATPL_TIME_NONE || o->from == WATPL_TIME_NONE)
            continue;
        bool overlap = explicit_period_holds(o, c->from) ||
                       (c->until != WATPL_TIME_NONE && explicit_period_holds(c, o->from));
        if (overlap) {
            char a[48], b[48];
            format_day(o->from, a);
            format_day(o->until != WATPL_TIME_NONE ? o->until : c->until, b);
            watpl__fail(ctx, WATPL_ESYNTAX, "card.overlap",
                        "line %lld, column %lld: the card's dates overlap the %s card in force from %s to %s "
                        "(load a corrected card with that effective_from first)",
                        (long long)line, (long long)column, c->currency, a, b);
            watpl__fail_pos(ctx, -1, line, column, "");
            return WATPL_ESYNTAX;
        }
    }
    if (*replaces < 0 && r->n == WATPL__RATE_CARDS_MAX)
        return watpl__fail(ctx, WATPL_ELIMIT, "input.too_large", "a set holds at most %d cards", WATPL__RATE_CARDS_MAX);
    return WATPL_OK;
}

int watpl_rates_load_card(watpl_ctx *ctx, watpl_rates *r, const char *text, size_t len)
{
    WATPL__ENTER(ctx, r && (text || !len), WATPL__NO_OUT);
    watpl__card *card = NULL;
    int64_t line = 0, column = 0;
    int rc = watpl__card_parse(ctx, text ? text : "", len, &card, &line, &column);
    long replaces = -1;
    if (!rc)
        rc = place_card(ctx, r, card, line, column, &replaces);
    if (rc) {
        watpl__mfree(&ctx->alloc, card);
        return rc;
    }
    if (replaces >= 0) { /* same position in the order */
        if (r->owned[replaces])
            watpl__mfree(&r->alloc, (void *)(uintptr_t)r->cards[replaces]);
        r->cards[replaces] = card;
        r->owned[replaces] = true;
    } else {
        insert_sorted(r, card, true);
    }
    return WATPL_OK;
}

size_t watpl_rates_card_count(const watpl_rates *r)
{
    return r ? r->n : 0;
}

static const watpl__card *card_at(const watpl_rates *r, size_t i)
{
    return r && i < r->n ? r->cards[i] : NULL;
}

const char *watpl_rates_card_currency(const watpl_rates *r, size_t i)
{
    const watpl__card *c = card_at(r, i);
    return c ? c->currency : NULL;
}

int watpl_rates_card_model(const watpl_rates *r, size_t i)
{
    const watpl__card *c = card_at(r, i);
    return c ? c->model : 0;
}

int64_t watpl_rates_card_effective_from(const watpl_rates *r, size_t i)
{
    const watpl__card *c = card_at(r, i);
    return c ? c->from : WATPL_TIME_NONE;
}

/* The end of card i: its own, else the start of the next card of its series. */
static int64_t card_end(const watpl_rates *r, size_t i)
{
    const watpl__card *c = r->cards[i];
    if (c->until != WATPL_TIME_NONE || c->from == WATPL_TIME_NONE)
        return c->until;
    if (i + 1 < r->n && same_series(r->cards[i + 1], c))
        return r->cards[i + 1]->from;
    return WATPL_TIME_NONE;
}

int64_t watpl_rates_card_effective_until(const watpl_rates *r, size_t i)
{
    return card_at(r, i) ? card_end(r, i) : WATPL_TIME_NONE;
}

const char *watpl_rates_card_source(const watpl_rates *r, size_t i)
{
    const watpl__card *c = card_at(r, i);
    return c ? c->source : "";
}

/* ---- prices ------------------------------------------------------------------------------------ */

static const char *const price_reason_names[] = {
    "", "list_rate", "free", "not_sent", "unknown.currency", "unknown.card", "unknown.market", "unknown.rate",
};
_Static_assert(WATPL__ARRAY_LEN(price_reason_names) == WATPL_PRICE_UNKNOWN_RATE + 1,
               "one name per WATPL_PRICE_* value");

const char *watpl_price_reason_name(int reason)
{
    if (reason <= 0 || (size_t)reason >= WATPL__ARRAY_LEN(price_reason_names))
        return "";
    return price_reason_names[reason];
}

void watpl_price_init(watpl_price *p)
{
    if (!p)
        return;
    memset(p, 0, sizeof *p);
    p->version = WATPL_PRICE_VERSION;
    p->card_effective_from = WATPL_TIME_NONE;
    p->market = "";
    p->country_iso = "";
}

/* "0.0618": the integer part, and at least two decimals, trailing zeros cut
 * (written by hand: a price is formatted for every message of a campaign). */
static void format_amount(int64_t micros, char out[32])
{
    char units[24];
    size_t n = 0;
    uint64_t u = (uint64_t)(micros / 1000000), frac = (uint64_t)(micros % 1000000);
    do {
        units[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    size_t k = 0;
    while (n)
        out[k++] = units[--n];
    out[k++] = '.';
    char f[6];
    for (int i = 5; i >= 0; i--, frac /= 10)
        f[i] = (char)('0' + frac % 10);
    int keep = 6;
    while (keep > 2 && f[keep - 1] == '0')
        keep--;
    memcpy(out + k, f, (size_t)keep);
    out[k + (size_t)keep] = '\0';
}

typedef struct request {
    const watpl_rates *rates;
    int model, pcat, flags;
    bool service_at_utility; /* a billed service message of a window answer */
    int64_t t;
    char currency[4];
    int market, country; /* places */
} request;

/* The dated card of the series in force at t, its index in *idx; NULL with
 * the reason when none is. */
static const watpl__card *card_in_force(const request *q, int *reason)
{
    const watpl_rates *r = q->rates;
    bool any = false;
    const watpl__card *best = NULL;
    size_t best_i = 0;
    for (size_t i = 0; i < r->n; i++) {
        const watpl__card *c = r->cards[i];
        if (c->model != q->model || strcmp(c->currency, q->currency) != 0)
            continue;
        any = true;
        if (c->from != WATPL_TIME_NONE && c->from <= q->t) {
            best = c;
            best_i = i;
        }
    }
    if (best) {
        int64_t end = card_end(r, best_i);
        if (end == WATPL_TIME_NONE || q->t < end)
            return best;
    }
    *reason = any ? WATPL_PRICE_UNKNOWN_CARD : WATPL_PRICE_UNKNOWN_CURRENCY;
    return NULL;
}

static const watpl__card_row *find_row(const watpl__card *c, int place)
{
    for (size_t i = 0; place >= 0 && i < c->n_rows; i++)
        if (c->rows[i].place == place)
            return &c->rows[i];
    return NULL;
}

static void set_known(watpl_price *p, const request *q, int reason, int64_t micros)
{
    p->known = 1;
    p->reason = reason;
    p->amount_micros = micros;
    memcpy(p->currency, q->currency, 4);
    format_amount(micros, p->amount);
}

/* Price of a billed message of q->pcat: the card's row for the country when
 * it has one, else for the market. */
static void list_price(const request *q, watpl_price *p)
{
    int reason = 0;
    const watpl__card *card = card_in_force(q, &reason);
    if (!card) {
        p->reason = reason;
        return;
    }
    p->card_effective_from = card->from;
    const watpl__card_row *row = find_row(card, q->country);
    if (row)
        p->market = watpl__place_names[q->country];
    else
        row = find_row(card, q->market);
    if (!row) {
        p->reason = WATPL_PRICE_UNKNOWN_MARKET;
        return;
    }
    int col = q->pcat == WATPL_PCAT_MARKETING        ? WATPL__RATE_MARKETING
              : q->pcat == WATPL_PCAT_UTILITY        ? WATPL__RATE_UTILITY
              : q->pcat == WATPL_PCAT_AUTHENTICATION ? WATPL__RATE_AUTHENTICATION
                                                     : WATPL__RATE_SERVICE;
    if (col == WATPL__RATE_AUTHENTICATION && (q->flags & WATPL_PRICE_AUTH_INTERNATIONAL) &&
        row->rate[WATPL__RATE_AUTH_INTERNATIONAL] != WATPL__NO_RATE) {
        col = WATPL__RATE_AUTH_INTERNATIONAL;
        p->auth_international = 1;
    }
    /* A charged service message costs the utility rate under per-message
     * pricing when the card has no service rate (docs/window.md). */
    if (col == WATPL__RATE_SERVICE && q->service_at_utility && row->rate[col] == WATPL__NO_RATE) {
        col = WATPL__RATE_UTILITY;
        p->pricing_category = WATPL_PCAT_UTILITY;
    }
    if (row->rate[col] == WATPL__NO_RATE) {
        p->reason = WATPL_PRICE_UNKNOWN_RATE;
        p->auth_international = 0;
        return;
    }
    set_known(p, q, WATPL_PRICE_LIST_RATE, row->rate[col]);
}

/* The arguments both entry points check at their entry (WATPL__ENTER). */
static bool request_ok(const watpl_rates *rates, const char *recipient, size_t len, const char *currency,
                       size_t currency_len, int flags, const watpl_price *out)
{
    return rates && out && out->version >= 1 && (recipient || !len) && (currency || !currency_len) &&
           !(flags & ~WATPL_PRICE_AUTH_INTERNATIONAL);
}

/* Checks shared by both entry points; fills q's recipient and currency. */
static int prepare(watpl_ctx *ctx, const watpl_rates *rates, const char *recipient, size_t len,
                   const char *currency, size_t currency_len, int flags, request *q)
{
    memset(q, 0, sizeof *q);
    if (!currency_len) {
        memcpy(q->currency, "USD", 4);
    } else {
        bool ok = currency_len == 3;
        for (size_t i = 0; ok && i < 3; i++)
            ok = currency[i] >= 'A' && currency[i] <= 'Z';
        if (!ok)
            return watpl__fail(ctx, WATPL_EINVAL, NULL, "a currency is an ISO 4217 code in capitals (USD, EUR, INR)");
        memcpy(q->currency, currency, 3);
    }
    char digits[16];
    size_t n = 0;
    const char *why = NULL;
    if (!watpl__phone_digits(recipient ? recipient : "", len, digits, &n, &why))
        return watpl__fail(ctx, WATPL_EINVAL, "recipient.not_a_phone", "%s", why);
    watpl__market_of_digits(digits, n, &q->market, &q->country);
    q->rates = rates;
    q->flags = flags;
    return WATPL_OK;
}

static void start_price(watpl_price *p, const request *q)
{
    watpl_price_init(p); /* only version 1 exists; a newer caller's later fields are left as set */
    p->market = watpl__place_names[q->market];
    p->country_iso = q->country >= 0 ? watpl__place_iso[q->country] : "";
    p->pricing_category = q->pcat;
}

/* The market a card in force would price: shown even for free messages. */
static void card_market(const request *q, watpl_price *p)
{
    int reason = 0;
    const watpl__card *card = card_in_force(q, &reason);
    if (card && find_row(card, q->country))
        p->market = watpl__place_names[q->country];
}

int watpl_price_message(watpl_ctx *ctx, const watpl_rates *rates, const char *recipient, size_t len,
                        int pcat, int64_t t, const char *currency, size_t currency_len, int flags,
                        watpl_price *out)
{
    WATPL__ENTER(ctx,
                 pcat >= WATPL_PCAT_MARKETING && pcat <= WATPL_PCAT_REFERRAL_CONVERSION &&
                     request_ok(rates, recipient, len, currency, currency_len, flags, out),
                 WATPL__NO_OUT);
    request q;
    int rc = prepare(ctx, rates, recipient, len, currency, currency_len, flags, &q);
    if (rc)
        return rc;
    q.pcat = pcat;
    q.t = t;
    q.model = t < WATPL__PMP_START ? WATPL_PRICING_CBP : WATPL_PRICING_PMP;
    start_price(out, &q);
    if (pcat == WATPL_PCAT_REFERRAL_CONVERSION) {
        card_market(&q, out);
        set_known(out, &q, WATPL_PRICE_FREE, 0);
    } else {
        list_price(&q, out);
    }
    return WATPL_OK;
}

int watpl_window_answer_price(watpl_ctx *ctx, const watpl_rates *rates, const watpl_window_answer *a, int64_t now,
                              const char *recipient, size_t len, const char *currency, size_t currency_len,
                              int flags, watpl_price *out)
{
    WATPL__ENTER(ctx,
                 a && a->version >= 1 && a->pricing_category >= WATPL_PCAT_MARKETING &&
                     a->pricing_category <= WATPL_PCAT_REFERRAL_CONVERSION &&
                     (a->pricing_model == WATPL_PRICING_CBP || a->pricing_model == WATPL_PRICING_PMP) &&
                     request_ok(rates, recipient, len, currency, currency_len, flags, out),
                 WATPL__NO_OUT);
    request q;
    int rc = prepare(ctx, rates, recipient, len, currency, currency_len, flags, &q);
    if (rc)
        return rc;
    q.pcat = a->pricing_category;
    q.t = now;
    q.model = a->pricing_model;
    q.service_at_utility = a->pricing_model == WATPL_PRICING_PMP;
    start_price(out, &q);
    if (!a->allowed || !a->billable) {
        card_market(&q, out);
        set_known(out, &q, a->allowed ? WATPL_PRICE_FREE : WATPL_PRICE_NOT_SENT, 0);
    } else {
        list_price(&q, out);
    }
    return WATPL_OK;
}
