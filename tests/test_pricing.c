/* Markets, rate cards and prices (docs/pricing.md).
 * SPDX-License-Identifier: MIT */
#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "rates_internal.h" /* the compiled cards, compared with the files loaded at run time */
#include "watpl.h"

#define DAY 86400
#define T_2025_07_01 INT64_C(1751328000)
#define T_2025_10_01 INT64_C(1759276800)
#define T_2026_01_01 INT64_C(1767225600)
#define T_2026_07_01 INT64_C(1782864000)
#define T_2026_03_15 INT64_C(1773532800)
#define T_2026_08_01 INT64_C(1785542400)
#define T_2024_12_01 INT64_C(1733011200)

static watpl_ctx *ctx;
static watpl_rates *rates;

static void setup(void)
{
    ck_assert_int_eq(watpl_ctx_new(&ctx), WATPL_OK);
    ck_assert_int_eq(watpl_rates_new(&rates, ctx), WATPL_OK);
}

static void teardown(void)
{
    watpl_rates_free(rates);
    watpl_ctx_free(ctx);
    rates = NULL;
    ctx = NULL;
}

/* The repository's data/pricing/ (tests run from the top of the tree). */
static void pricing_path(char *buf, size_t cap, const char *rel)
{
    const char *dir = getenv("WATPL_PRICING_DATA");
    snprintf(buf, cap, "%s/%s", dir && *dir ? dir : "data/pricing", rel);
}

static watpl_price price_of(const char *number, int pcat, int64_t t, const char *cur, int flags)
{
    watpl_price p;
    watpl_price_init(&p);
    ck_assert_int_eq(watpl_price_message(ctx, rates, number, strlen(number), pcat, t, cur, cur ? strlen(cur) : 0,
                                         flags, &p),
                     WATPL_OK);
    return p;
}

static int load(const char *text)
{
    return watpl_rates_load_card(ctx, rates, text, strlen(text));
}

/* ---- markets --------------------------------------------------------------------------------- */

/* A valid number of a calling-code prefix ("54", "1-809"): the prefix, then
 * digits that hit no longer prefix of the table. */
static void number_of(const char *code, char *out, size_t cap)
{
    char digits[8];
    size_t n = 0;
    for (const char *c = code; *c && n < sizeof digits - 1; c++)
        if (*c != '-')
            digits[n++] = *c;
    digits[n] = '\0';
    if (strcmp(digits, "1") == 0)
        snprintf(out, cap, "+1 202 555 0143"); /* Washington, DC */
    else if (digits[0] == '1')
        snprintf(out, cap, "+%s-555-0143", digits);
    else if (strcmp(digits, "7") == 0)
        snprintf(out, cap, "+7 495 123-45-67"); /* Moscow */
    else
        snprintf(out, cap, "+%s 3123 4567", digits);
}

START_TEST(market_of_every_row_of_markets_csv)
{
    char path[512];
    pricing_path(path, sizeof path, "markets.csv");
    size_t len = 0;
    char *csv = th_read_file(path, &len);
    ck_assert_msg(csv != NULL, "cannot read %s", path);
    int rows = 0;
    char *save = NULL;
    for (char *line = strtok_r(csv, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        if (rows++ == 0)
            continue; /* header */
        char market[64], iso[8], country[64], code[16];
        ck_assert_msg(sscanf(line, "%63[^,],%7[^,],%63[^,],%15[^,]", market, iso, country, code) == 4, "row %s", line);
        char number[40];
        number_of(code, number, sizeof number);
        const char *got = NULL, *got_iso = NULL;
        ck_assert_int_eq(watpl_market_of(ctx, number, strlen(number), &got, &got_iso), WATPL_OK);
        ck_assert_msg(strcmp(got, market) == 0, "%s (%s): %s, not %s", number, country, got, market);
        /* +1 outside the listed area codes is Canada or the United States */
        ck_assert_str_eq(got_iso, strcmp(code, "1") == 0 ? "" : iso);
    }
    ck_assert_int_ge(rows, 160);
    free(csv);
}
END_TEST

START_TEST(market_exceptions_and_other)
{
    static const struct {
        const char *number, *market, *iso;
    } cases[] = {
        {"+1 809 555 0143", "Rest of Latin America", "DO"}, /* Dominican Republic */
        {"18295550143", "Rest of Latin America", "DO"},
        {"+1-876-555-0143", "Rest of Latin America", "JM"}, /* Jamaica */
        {"+1 658 555 0143", "Rest of Latin America", "JM"},
        {"+1 787 555 0143", "Rest of Latin America", "PR"}, /* Puerto Rico */
        {"+1 939 555 0143", "Rest of Latin America", "PR"},
        {"+1 416 555 0143", "North America", ""},         /* Toronto */
        {"+1 242 555 0143", "Other", "BS"},               /* Bahamas: +1, not listed by Meta */
        {"+263 77 123 4567", "Rest of Africa", "ZW"},     /* Zimbabwe, moved 2025-10-01 */
        {"+7 701 123 4567", "Other", "KZ"},               /* Kazakhstan shares +7 with Russia */
        {"+7 916 123 4567", "Russia", "RU"},
        {"+376 312 345", "Other", ""},                    /* Andorra: not in Meta's table */
        {"+852 9123 4567", "Rest of Asia Pacific", "HK"}, /* a stand-alone row in some cards only */
        {"  +55 11 99999-0000", "Brazil", "BR"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *m = NULL, *iso = NULL;
        ck_assert_int_eq(watpl_market_of(ctx, cases[i].number, strlen(cases[i].number), &m, &iso), WATPL_OK);
        ck_assert_msg(strcmp(m, cases[i].market) == 0, "%s: %s", cases[i].number, m);
        ck_assert_msg(strcmp(iso, cases[i].iso) == 0, "%s: %s", cases[i].number, iso);
    }
}
END_TEST

START_TEST(not_a_phone_number_is_a_clear_error)
{
    static const char *const bad[] = {
        "", "+", "customer-42", "+55 11 9999O-0000", "+0 11 99999 0000", "+1 555 0143",
        "+1234567890123456", "12345", "+55\t11999990000", "++5511999990000",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        const char *m = "unchanged";
        ck_assert_int_eq(watpl_market_of(ctx, bad[i], strlen(bad[i]), &m, NULL), WATPL_EINVAL);
        ck_assert_str_eq(m, "unchanged");
        ck_assert_str_eq(watpl_ctx_error_rule(ctx), "recipient.not_a_phone");
        ck_assert_msg(strlen(watpl_ctx_errmsg(ctx)) > 10, "%s: a reason", bad[i]);
        watpl_price p;
        watpl_price_init(&p);
        ck_assert_int_eq(watpl_price_message(ctx, rates, bad[i], strlen(bad[i]), WATPL_PCAT_MARKETING, T_2026_03_15,
                                             NULL, 0, 0, &p),
                         WATPL_EINVAL);
    }
    ck_assert_int_eq(watpl_market_of(NULL, "+5511999990000", 14, NULL, NULL), WATPL_EINVAL);
}
END_TEST

/* ---- prices of the shipped cards -------------------------------------------------------------- */

typedef struct sample {
    const char *currency;
    int64_t t;
    const char *number, *market;
    const char *marketing, *utility, *authentication, *auth_international; /* NULL: n/a */
} sample;

/* Copied by hand from Meta's cards as given in data/pricing/cards/. */
static const sample samples[] = {
    {"INR", T_2025_10_01, "+5511999990000", "Brazil", "4.5808", "0.4984", "0.4984", NULL},
    {"INR", T_2025_10_01, "+919812345678", "India", "0.7846", "0.115", "0.115", "2.30"},
    {"INR", T_2025_10_01, "+12025550143", "North America", "1.8313", "0.293", "0.293", NULL},
    {"INR", T_2025_10_01, "+376312345", "Other", "4.4248", "0.5641", "0.5641", NULL},
    {"USD", T_2026_03_15, "+5511999990000", "Brazil", "0.0625", "0.0068", "0.0068", NULL},
    {"USD", T_2026_03_15, "+919812345678", "India", "0.0118", "0.0014", "0.0014", "0.028"},
    {"USD", T_2026_03_15, "+6281234567890", "Indonesia", "0.0411", "0.025", "0.025", "0.136"},
    {"USD", T_2026_03_15, "+18095550143", "Rest of Latin America", "0.074", "0.0113", "0.0113", NULL},
    {"USD", T_2026_03_15, "+447700900123", "United Kingdom", "0.0529", "0.022", "0.022", NULL},
    {"USD", T_2026_03_15, "+97450123456", "Rest of Middle East", "0.0341", "0.0091", "0.0091", NULL},
    {"EUR", T_2026_08_01, "+97450123456", "Qatar", "0.0282", "0.0099", "0.0099", NULL},
    {"EUR", T_2026_08_01, "+85291234567", "Hong Kong", "0.0606", "0.0216", "0.0216", NULL},
    {"EUR", T_2026_08_01, "+61412345678", "Rest of Asia Pacific", "0.0606", "0.0094", "0.0094", NULL},
    {"EUR", T_2026_08_01, "+201001234567", "Egypt", "0.0533", "0.003", "0.003", "0.0538"},
    {"EUR", T_2026_08_01, "+4915112345678", "Germany", "0.1131", "0.0456", "0.0456", NULL},
};

static int64_t micros_of(const char *dec)
{
    long long units = 0;
    char frac[8] = "000000";
    const char *dot = strchr(dec, '.');
    units = atoll(dec);
    if (dot)
        memcpy(frac, dot + 1, strlen(dot + 1) < 6 ? strlen(dot + 1) : 6);
    return (int64_t)units * 1000000 + atoll(frac);
}

static void expect_price(const sample *s, int pcat, int flags, const char *want)
{
    watpl_price p = price_of(s->number, pcat, s->t, s->currency, flags);
    ck_assert_msg(p.known == 1 && p.reason == WATPL_PRICE_LIST_RATE, "%s %s %s: %s", s->currency, s->market,
                  watpl_pricing_category_name(pcat), watpl_price_reason_name(p.reason));
    ck_assert_str_eq(p.market, s->market);
    ck_assert_str_eq(p.currency, s->currency);
    ck_assert_msg(p.amount_micros == micros_of(want), "%s %s %s: %lld micros, card says %s", s->currency,
                  s->market, watpl_pricing_category_name(pcat), (long long)p.amount_micros, want);
    ck_assert_int_eq(micros_of(p.amount), p.amount_micros);
}

START_TEST(price_of_each_category_equals_the_card)
{
    for (size_t i = 0; i < sizeof samples / sizeof *samples; i++) {
        const sample *s = &samples[i];
        expect_price(s, WATPL_PCAT_MARKETING, 0, s->marketing);
        expect_price(s, WATPL_PCAT_UTILITY, 0, s->utility);
        expect_price(s, WATPL_PCAT_AUTHENTICATION, 0, s->authentication);
        /* a business that qualifies pays the international rate where the card has one */
        expect_price(s, WATPL_PCAT_AUTHENTICATION, WATPL_PRICE_AUTH_INTERNATIONAL,
                     s->auth_international ? s->auth_international : s->authentication);
        watpl_price p = price_of(s->number, WATPL_PCAT_AUTHENTICATION, s->t, s->currency,
                                 WATPL_PRICE_AUTH_INTERNATIONAL);
        ck_assert_int_eq(p.auth_international, s->auth_international != NULL);
        /* the per-message cards publish no service rate */
        p = price_of(s->number, WATPL_PCAT_SERVICE, s->t, s->currency, 0);
        ck_assert_int_eq(p.known, 0);
        ck_assert_int_eq(p.reason, WATPL_PRICE_UNKNOWN_RATE);
    }
}
END_TEST

START_TEST(amounts_are_exact_text_and_micros)
{
    watpl_price p = price_of("+5511999990000", WATPL_PCAT_MARKETING, T_2026_03_15, "USD", 0);
    ck_assert_int_eq(p.amount_micros, 62500);
    ck_assert_str_eq(p.amount, "0.0625");
    ck_assert_int_eq(p.card_effective_from, T_2026_01_01);
    p = price_of("+919812345678", WATPL_PCAT_AUTHENTICATION, T_2025_10_01, "INR", WATPL_PRICE_AUTH_INTERNATIONAL);
    ck_assert_str_eq(p.amount, "2.30");
    ck_assert_int_eq(p.amount_micros, 2300000);
    ck_assert_str_eq(p.country_iso, "IN");
}
END_TEST

/* Every compiled card is exactly its data file loaded at run time. */
START_TEST(compiled_cards_equal_their_files)
{
    static const char *const files[] = {
        "cards/cbp-usd-undated.csv", "cards/pmp-eur-2026-07-01.csv", "cards/pmp-inr-2025-10-01.csv",
        "cards/pmp-usd-2026-01-01.csv",
    };
    ck_assert_uint_eq(watpl__n_compiled_cards, sizeof files / sizeof *files);
    for (size_t f = 0; f < sizeof files / sizeof *files; f++) {
        char path[512];
        pricing_path(path, sizeof path, files[f]);
        size_t len = 0;
        char *text = th_read_file(path, &len);
        ck_assert_msg(text != NULL, "cannot read %s", path);
        watpl__card *card = NULL;
        int64_t line, col;
        ck_assert_msg(watpl__card_parse(ctx, text, len, &card, &line, &col) == WATPL_OK, "%s: %s", path,
                      watpl_ctx_errmsg(ctx));
        const watpl__card *c = &watpl__compiled_cards[f];
        ck_assert_int_eq(card->model, c->model);
        ck_assert_str_eq(card->currency, c->currency);
        ck_assert_int_eq(card->from, c->from);
        ck_assert_int_eq(card->until, c->until);
        ck_assert_str_eq(card->source, c->source);
        ck_assert_uint_eq(card->n_rows, c->n_rows);
        for (size_t i = 0; i < c->n_rows; i++) {
            ck_assert_int_eq(card->rows[i].place, c->rows[i].place);
            for (int j = 0; j < WATPL__RATE_COLUMNS; j++)
                ck_assert_int_eq(card->rows[i].rate[j], c->rows[i].rate[j]);
        }
        /* and loading it replaces its compiled copy: the set keeps its size */
        size_t n = watpl_rates_card_count(rates);
        ck_assert_int_eq(watpl_rates_load_card(ctx, rates, text, len), WATPL_OK);
        ck_assert_uint_eq(watpl_rates_card_count(rates), n);
        watpl__mfree(&ctx->alloc, card);
        free(text);
    }
}
END_TEST

START_TEST(cards_listed_with_their_periods)
{
    ck_assert_uint_eq(watpl_rates_card_count(rates), 4);
    bool usd = false;
    for (size_t i = 0; i < watpl_rates_card_count(rates); i++) {
        ck_assert_ptr_nonnull(watpl_rates_card_currency(rates, i));
        ck_assert_uint_gt(strlen(watpl_rates_card_source(rates, i)), 10);
        if (watpl_rates_card_model(rates, i) == WATPL_PRICING_PMP &&
            strcmp(watpl_rates_card_currency(rates, i), "USD") == 0) {
            usd = true;
            ck_assert_int_eq(watpl_rates_card_effective_from(rates, i), T_2026_01_01);
            ck_assert_int_eq(watpl_rates_card_effective_until(rates, i), T_2026_07_01);
        }
        if (watpl_rates_card_model(rates, i) == WATPL_PRICING_CBP)
            ck_assert_int_eq(watpl_rates_card_effective_from(rates, i), WATPL_TIME_NONE);
    }
    ck_assert(usd);
    ck_assert_ptr_null(watpl_rates_card_currency(rates, 4));
    ck_assert_str_eq(watpl_rates_card_source(rates, 4), "");
    ck_assert_int_eq(watpl_rates_card_effective_from(rates, 99), WATPL_TIME_NONE);
}
END_TEST


/* The conversation-based card is shipped undated, so never in force; given
 * a period, it prices conversations exactly as printed. */
START_TEST(the_undated_card_prices_once_dated)
{
    watpl_price p = price_of("+5411234567890", WATPL_PCAT_MARKETING, T_2024_12_01, "USD", 0);
    ck_assert_int_eq(p.reason, WATPL_PRICE_UNKNOWN_CARD);
    char path[512];
    pricing_path(path, sizeof path, "cards/cbp-usd-undated.csv");
    size_t len = 0;
    char *text = th_read_file(path, &len);
    ck_assert_ptr_nonnull(text);
    static const char undated[] = "effective_from,undated", dated_fact[] = "effective_from,2024-10-01";
    char *at = strstr(text, undated);
    ck_assert_ptr_nonnull(at);
    size_t head = (size_t)(at - text), tail = len - head - (sizeof undated - 1);
    size_t dated_len = head + (sizeof dated_fact - 1) + tail;
    char *dated = malloc(dated_len);
    memcpy(dated, text, head);
    memcpy(dated + head, dated_fact, sizeof dated_fact - 1);
    memcpy(dated + head + sizeof dated_fact - 1, at + sizeof undated - 1, tail);
    ck_assert_int_eq(watpl_rates_load_card(ctx, rates, dated, dated_len), WATPL_OK);
    static const struct {
        const char *number;
        int pcat;
        const char *amount;
    } cbp[] = {
        {"+5411234567890", WATPL_PCAT_MARKETING, "0.0618"}, {"+5411234567890", WATPL_PCAT_UTILITY, "0.034"},
        {"+5411234567890", WATPL_PCAT_AUTHENTICATION, "0.0367"}, {"+12025550143", WATPL_PCAT_MARKETING, "0.025"},
        {"+201001234567", WATPL_PCAT_AUTHENTICATION, "0.0618"}, {"+5511999990000", WATPL_PCAT_SERVICE, "0.00"},
        {"+376312345", WATPL_PCAT_UTILITY, "0.0077"},
    };
    for (size_t i = 0; i < sizeof cbp / sizeof *cbp; i++) {
        p = price_of(cbp[i].number, cbp[i].pcat, T_2024_12_01, "USD", 0);
        ck_assert_msg(p.known && strcmp(p.amount, cbp[i].amount) == 0, "%s %s: %s (%s)", cbp[i].number,
                      watpl_pricing_category_name(cbp[i].pcat), p.amount, watpl_price_reason_name(p.reason));
    }
    /* before its date, still unknown */
    p = price_of("+5411234567890", WATPL_PCAT_MARKETING, T_2024_12_01 - 61 * DAY - 1, "USD", 0);
    ck_assert_int_eq(p.reason, WATPL_PRICE_UNKNOWN_CARD);
    free(dated);
    free(text);
}
END_TEST

/* ---- card periods ------------------------------------------------------------------------------- */

START_TEST(card_boundary_day_before_and_day_of)
{
    /* INR from 2025-10-01: nothing before it */
    watpl_price p = price_of("+919812345678", WATPL_PCAT_MARKETING, T_2025_10_01 - 1, "INR", 0);
    ck_assert_int_eq(p.known, 0);
    ck_assert_int_eq(p.reason, WATPL_PRICE_UNKNOWN_CARD);
    p = price_of("+919812345678", WATPL_PCAT_MARKETING, T_2025_10_01, "INR", 0);
    ck_assert_str_eq(p.amount, "0.7846");
    /* the USD card of 2026-01-01 ends on 2026-07-01, when Meta's next USD card began */
    p = price_of("+447700900123", WATPL_PCAT_MARKETING, T_2026_07_01 - DAY, "USD", 0);
    ck_assert_str_eq(p.amount, "0.0529");
    p = price_of("+447700900123", WATPL_PCAT_MARKETING, T_2026_07_01, "USD", 0);
    ck_assert_int_eq(p.reason, WATPL_PRICE_UNKNOWN_CARD);
    /* a new card loaded for that day takes over on that day, not the day before */
    ck_assert_int_eq(load("model,PMP\ncurrency,USD\neffective_from,2026-07-01\n"
                          "market,marketing,utility,authentication\nUnited Kingdom,0.0635,0.022,0.022\n"),
                     WATPL_OK);
    p = price_of("+447700900123", WATPL_PCAT_MARKETING, T_2026_07_01 - 1, "USD", 0);
    ck_assert_str_eq(p.amount, "0.0529");
    p = price_of("+447700900123", WATPL_PCAT_MARKETING, T_2026_07_01, "USD", 0);
    ck_assert_str_eq(p.amount, "0.0635");
    ck_assert_int_eq(p.card_effective_from, T_2026_07_01);
    /* and, open-ended, it holds after */
    p = price_of("+447700900123", WATPL_PCAT_MARKETING, T_2026_07_01 + 300 * DAY, "USD", 0);
    ck_assert_str_eq(p.amount, "0.0635");
}
END_TEST

START_TEST(a_later_card_supersedes_an_open_ended_one)
{
    ck_assert_int_eq(load("model,PMP\ncurrency,EUR\neffective_from,2026-10-01\n"
                          "market,marketing,utility,authentication\nGermany,0.12,0.05,0.05\n"),
                     WATPL_OK);
    int64_t oct = T_2026_07_01 + 92 * DAY;
    watpl_price p = price_of("+4915112345678", WATPL_PCAT_MARKETING, oct - 1, "EUR", 0);
    ck_assert_str_eq(p.amount, "0.1131");
    p = price_of("+4915112345678", WATPL_PCAT_MARKETING, oct, "EUR", 0);
    ck_assert_str_eq(p.amount, "0.12");
    /* the new card lacks Brazil: unknown, not the old card's rate */
    p = price_of("+5511999990000", WATPL_PCAT_MARKETING, oct, "EUR", 0);
    ck_assert_int_eq(p.known, 0);
    ck_assert_int_eq(p.reason, WATPL_PRICE_UNKNOWN_MARKET);
    ck_assert_str_eq(p.market, "Brazil");
    for (size_t i = 0; i < watpl_rates_card_count(rates); i++)
        if (watpl_rates_card_effective_from(rates, i) == T_2026_07_01)
            ck_assert_int_eq(watpl_rates_card_effective_until(rates, i), oct);
}
END_TEST

START_TEST(runtime_card_replaces_the_compiled_one)
{
    size_t n = watpl_rates_card_count(rates);
    watpl_price p = price_of("+5511999990000", WATPL_PCAT_MARKETING, T_2026_03_15, "USD", 0);
    ck_assert_str_eq(p.amount, "0.0625");
    ck_assert_int_eq(load("# a corrected card\r\nmodel,PMP\r\ncurrency,USD\r\neffective_from,2026-01-01\r\n"
                          "effective_until,2026-07-01\r\nsource,\"Meta, \"\"rates.csv\"\"\"\r\n"
                          "market,utility,marketing,authentication,authentication_international\r\n"
                          "Brazil,0.0070,0.0650,0.0070,n/a\r\n"),
                     WATPL_OK);
    ck_assert_uint_eq(watpl_rates_card_count(rates), n);
    p = price_of("+5511999990000", WATPL_PCAT_MARKETING, T_2026_03_15, "USD", 0);
    ck_assert_str_eq(p.amount, "0.065");
    p = price_of("+5511999990000", WATPL_PCAT_UTILITY, T_2026_03_15, "USD", 0);
    ck_assert_str_eq(p.amount, "0.007");
    /* the whole card is replaced: India was in the compiled one only */
    p = price_of("+919812345678", WATPL_PCAT_MARKETING, T_2026_03_15, "USD", 0);
    ck_assert_int_eq(p.reason, WATPL_PRICE_UNKNOWN_MARKET);
    bool found = false;
    for (size_t i = 0; i < n; i++)
        found |= strcmp(watpl_rates_card_source(rates, i), "Meta, \"rates.csv\"") == 0;
    ck_assert(found);
    /* a card saved by a spreadsheet starts with a byte-order mark */
    ck_assert_int_eq(load("\xEF\xBB\xBFmodel,PMP\ncurrency,USD\neffective_from,2026-01-01\n"
                          "market,marketing,utility,authentication\nBrazil,0.07,0.007,0.007\n"),
                     WATPL_OK);
    p = price_of("+5511999990000", WATPL_PCAT_MARKETING, T_2026_03_15, "USD", 0);
    ck_assert_str_eq(p.amount, "0.07");
    /* the compiled cards of a new set are untouched */
    watpl_rates *fresh = NULL;
    ck_assert_int_eq(watpl_rates_new(&fresh, ctx), WATPL_OK);
    watpl_price q;
    watpl_price_init(&q);
    ck_assert_int_eq(watpl_price_message(ctx, fresh, "+5511999990000", 14, WATPL_PCAT_MARKETING, T_2026_03_15,
                                         "USD", 3, 0, &q),
                     WATPL_OK);
    ck_assert_str_eq(q.amount, "0.0625");
    watpl_rates_free(fresh);
}
END_TEST

/* ---- free and unknown ----------------------------------------------------------------------------- */

static watpl_price answer_price(const watpl_window_answer *a, int64_t now, const char *number, const char *cur)
{
    watpl_price p;
    watpl_price_init(&p);
    ck_assert_int_eq(watpl_window_answer_price(ctx, rates, a, now, number, strlen(number), cur, strlen(cur), 0, &p),
                     WATPL_OK);
    return p;
}

START_TEST(free_cases_cost_zero)
{
    watpl_window *w = NULL;
    ck_assert_int_eq(watpl_window_new(&w, ctx), WATPL_OK);
    int64_t t = T_2026_03_15;
    ck_assert_int_eq(watpl_window_inbound(w, t, WATPL_ENTRY_NONE, WATPL_DEVICE_MOBILE), WATPL_OK);
    watpl_window_answer a;
    watpl_window_answer_init(&a);
    /* utility inside the service window */
    ck_assert_int_eq(watpl_window_query(w, t + 60, WATPL_KIND_UTILITY, WATPL_SCHEDULE_2025_07, 0, &a), WATPL_OK);
    ck_assert_int_eq(a.billable, 0);
    watpl_price p = answer_price(&a, t + 60, "+5511999990000", "USD");
    ck_assert_int_eq(p.known, 1);
    ck_assert_int_eq(p.reason, WATPL_PRICE_FREE);
    ck_assert_int_eq(p.amount_micros, 0);
    ck_assert_str_eq(p.amount, "0.00");
    ck_assert_str_eq(p.currency, "USD");
    ck_assert_str_eq(p.market, "Brazil");
    /* free-form service inside the window */
    ck_assert_int_eq(watpl_window_query(w, t + 60, WATPL_KIND_SERVICE, WATPL_SCHEDULE_2025_07, 0, &a), WATPL_OK);
    p = answer_price(&a, t + 60, "+5511999990000", "USD");
    ck_assert_int_eq(p.reason, WATPL_PRICE_FREE);
    ck_assert_int_eq(p.amount_micros, 0);
    /* the same utility template after the window closed is billed */
    ck_assert_int_eq(watpl_window_query(w, t + DAY, WATPL_KIND_UTILITY, WATPL_SCHEDULE_2025_07, 0, &a), WATPL_OK);
    p = answer_price(&a, t + DAY, "+5511999990000", "USD");
    ck_assert_int_eq(p.reason, WATPL_PRICE_LIST_RATE);
    ck_assert_str_eq(p.amount, "0.0068");
    /* free-form outside the window is not sent, costs nothing */
    ck_assert_int_eq(watpl_window_query(w, t + DAY, WATPL_KIND_SERVICE, WATPL_SCHEDULE_2025_07, 0, &a), WATPL_OK);
    p = answer_price(&a, t + DAY, "+5511999990000", "USD");
    ck_assert_int_eq(p.reason, WATPL_PRICE_NOT_SENT);
    ck_assert_int_eq(p.amount_micros, 0);
    /* a marketing template inside a free entry point */
    watpl_window_reset(w);
    ck_assert_int_eq(watpl_window_inbound(w, t, WATPL_ENTRY_CTWA, WATPL_DEVICE_MOBILE), WATPL_OK);
    ck_assert_int_eq(watpl_window_outbound(w, t + 60, WATPL_KIND_SERVICE), WATPL_OK);
    ck_assert_int_eq(watpl_window_query(w, t + 2 * DAY, WATPL_KIND_MARKETING, WATPL_SCHEDULE_2025_07, 0, &a),
                     WATPL_OK);
    ck_assert_int_eq(a.pricing_type, WATPL_PTYPE_FREE_ENTRY_POINT);
    p = answer_price(&a, t + 2 * DAY, "+5511999990000", "EUR"); /* free in any currency */
    ck_assert_int_eq(p.reason, WATPL_PRICE_FREE);
    ck_assert_str_eq(p.currency, "EUR");
    ck_assert_int_eq(p.amount_micros, 0);
    p = price_of("+5511999990000", WATPL_PCAT_REFERRAL_CONVERSION, t, "USD", 0);
    ck_assert_int_eq(p.reason, WATPL_PRICE_FREE);
    watpl_window_free(w);
}
END_TEST

START_TEST(service_charged_under_the_2026_schedule_costs_the_utility_rate)
{
    watpl_window *w = NULL;
    ck_assert_int_eq(watpl_window_new(&w, ctx), WATPL_OK);
    int64_t t = T_2026_07_01 + 100 * DAY; /* after 2026-10-01 */
    ck_assert_int_eq(watpl_window_inbound(w, t, WATPL_ENTRY_NONE, WATPL_DEVICE_MOBILE), WATPL_OK);
    watpl_window_answer a;
    watpl_window_answer_init(&a);
    ck_assert_int_eq(watpl_window_query(w, t + 60, WATPL_KIND_SERVICE, WATPL_SCHEDULE_2026_10, 5000, &a), WATPL_OK);
    ck_assert_int_eq(a.billable, 1);
    watpl_price p = answer_price(&a, t + 60, "+4915112345678", "EUR");
    ck_assert_int_eq(p.reason, WATPL_PRICE_LIST_RATE);
    ck_assert_str_eq(p.amount, "0.0456");
    ck_assert_int_eq(p.pricing_category, WATPL_PCAT_UTILITY);
    watpl_window_free(w);
}
END_TEST

START_TEST(unknown_is_unknown)
{
    /* no card in that currency */
    watpl_price p = price_of("+5511999990000", WATPL_PCAT_MARKETING, T_2026_03_15, "GBP", 0);
    ck_assert_int_eq(p.known, 0);
    ck_assert_int_eq(p.reason, WATPL_PRICE_UNKNOWN_CURRENCY);
    ck_assert_str_eq(p.currency, "");
    ck_assert_str_eq(p.amount, "");
    ck_assert_int_eq(p.amount_micros, 0);
    ck_assert_str_eq(p.market, "Brazil");
    /* conversation-based pricing: the only card is undated, so never used */
    p = price_of("+5511999990000", WATPL_PCAT_MARKETING, T_2024_12_01, "USD", 0);
    ck_assert_int_eq(p.reason, WATPL_PRICE_UNKNOWN_CARD);
    ck_assert_int_eq(p.card_effective_from, WATPL_TIME_NONE);
    /* per-message pricing before the first USD card */
    p = price_of("+5511999990000", WATPL_PCAT_MARKETING, T_2025_07_01, "USD", 0);
    ck_assert_int_eq(p.reason, WATPL_PRICE_UNKNOWN_CARD);
    /* a market the card in force does not list */
    ck_assert_int_eq(load("model,PMP\ncurrency,BRL\neffective_from,2026-01-01\n"
                          "market,marketing,utility,authentication\nBrazil,0.35,0.04,0.04\n"),
                     WATPL_OK);
    p = price_of("+5411234567890", WATPL_PCAT_MARKETING, T_2026_03_15, "BRL", 0);
    ck_assert_int_eq(p.reason, WATPL_PRICE_UNKNOWN_MARKET);
    ck_assert_str_eq(p.market, "Argentina");
    p = price_of("+5511999990000", WATPL_PCAT_MARKETING, T_2026_03_15, "BRL", 0);
    ck_assert_str_eq(p.amount, "0.35");
    ck_assert_str_eq(watpl_price_reason_name(WATPL_PRICE_UNKNOWN_MARKET), "unknown.market");
    ck_assert_str_eq(watpl_price_reason_name(99), "");
    /* bad currencies and categories are errors, not unknown prices */
    watpl_price q;
    watpl_price_init(&q);
    ck_assert_int_eq(watpl_price_message(ctx, rates, "+5511999990000", 14, WATPL_PCAT_MARKETING, T_2026_03_15,
                                         "usd", 3, 0, &q),
                     WATPL_EINVAL);
    ck_assert_int_eq(watpl_price_message(ctx, rates, "+5511999990000", 14, 9, T_2026_03_15, NULL, 0, 0, &q),
                     WATPL_EINVAL);
    ck_assert_int_eq(watpl_price_message(ctx, rates, "+5511999990000", 14, WATPL_PCAT_MARKETING, T_2026_03_15,
                                         NULL, 0, 8, &q),
                     WATPL_EINVAL);
    /* USD is the default currency */
    p = price_of("+5511999990000", WATPL_PCAT_MARKETING, T_2026_03_15, NULL, 0);
    ck_assert_str_eq(p.currency, "USD");
}
END_TEST

/* ---- bad cards ----------------------------------------------------------------------------------- */

static void expect_refused(const char *card, const char *rule, int64_t line, int64_t column)
{
    size_t n = watpl_rates_card_count(rates);
    int rc = load(card);
    ck_assert_msg(rc == WATPL_ESYNTAX, "refused: %s (rc %d)", card, rc);
    ck_assert_str_eq(watpl_ctx_error_rule(ctx), rule);
    ck_assert_msg(watpl_ctx_error_line(ctx) == line && watpl_ctx_error_column(ctx) == column,
                  "%s: line %lld column %lld, expected %lld:%lld (%s)", rule, (long long)watpl_ctx_error_line(ctx),
                  (long long)watpl_ctx_error_column(ctx), (long long)line, (long long)column, watpl_ctx_errmsg(ctx));
    char where[64];
    snprintf(where, sizeof where, "line %lld, column %lld", (long long)line, (long long)column);
    ck_assert_msg(strstr(watpl_ctx_errmsg(ctx), where) != NULL, "message names the place: %s", watpl_ctx_errmsg(ctx));
    ck_assert_uint_eq(watpl_rates_card_count(rates), n);
    /* the set is unchanged */
    watpl_price p = price_of("+5511999990000", WATPL_PCAT_MARKETING, T_2026_03_15, "USD", 0);
    ck_assert_str_eq(p.amount, "0.0625");
}

#define FACTS "model,PMP\ncurrency,USD\neffective_from,2026-01-01\n"

START_TEST(bad_cards_are_refused_with_line_and_column)
{
    /* missing columns: in the header, and in a row */
    expect_refused(FACTS "market,marketing,authentication\nBrazil,0.1,0.1\n", "card.columns", 4, 32);
    expect_refused(FACTS "market,marketing,utility,authentication\nBrazil,0.1,0.1\n", "card.columns", 5, 15);
    expect_refused(FACTS "market,marketing,utility,authentication\nBrazil,0.1,0.1,0.1,0.1\n", "card.columns", 5, 20);
    expect_refused(FACTS "market,marketing,utility,authentication,promo\nBrazil,0.1,0.1,0.1,0.1\n", "card.columns",
                   4, 41);
    /* negative and non-numeric rates */
    expect_refused(FACTS "market,marketing,utility,authentication\nBrazil,0.1,-0.0068,0.1\n", "card.rate", 5, 12);
    expect_refused(FACTS "market,marketing,utility,authentication\nBrazil,0.1,abc,0.1\n", "card.rate", 5, 12);
    expect_refused(FACTS "market,marketing,utility,authentication\nBrazil,0.1,0.0068,1e-3\n", "card.rate", 5, 19);
    expect_refused(FACTS "market,marketing,utility,authentication\nBrazil,0.1,0.1234567,0.1\n", "card.rate", 5, 12);
    expect_refused(FACTS "market,marketing,utility,authentication\nBrazil,.5,0.1,0.1\n", "card.rate", 5, 8);
    expect_refused(FACTS "market,marketing,utility,authentication\nBrazil,5.,0.1,0.1\n", "card.rate", 5, 8);
    /* overlapping dates: the compiled USD card runs 2026-01-01 to 2026-07-01 */
    expect_refused("model,PMP\ncurrency,USD\neffective_from,2026-03-01\n"
                   "market,marketing,utility,authentication\nBrazil,0.1,0.1,0.1\n",
                   "card.overlap", 3, 16);
    expect_refused("model,PMP\ncurrency,USD\neffective_from,2025-12-01\neffective_until,2026-02-01\n"
                   "market,marketing,utility,authentication\nBrazil,0.1,0.1,0.1\n",
                   "card.overlap", 3, 16);
    expect_refused("model,PMP\ncurrency,USD\neffective_from,2026-03-01\neffective_until,2026-02-01\n"
                   "market,marketing,utility,authentication\nBrazil,0.1,0.1,0.1\n",
                   "card.date", 4, 17);
    expect_refused("model,PMP\ncurrency,USD\neffective_from,2026-02-30\n"
                   "market,marketing,utility,authentication\nBrazil,0.1,0.1,0.1\n",
                   "card.date", 3, 16);
    /* facts */
    expect_refused("model,PMP\neffective_from,2026-01-01\nmarket,marketing,utility,authentication\nBrazil,1,1,1\n",
                   "card.header", 3, 1);
    expect_refused("model,PPM\n", "card.header", 1, 7);
    expect_refused("model,PMP\ncurrency,usd\n", "card.header", 2, 10);
    expect_refused("model,PMP\ncolour,blue\n", "card.header", 2, 1);
    /* markets */
    expect_refused(FACTS "market,marketing,utility,authentication\nBrasil,0.1,0.1,0.1\n", "card.market", 5, 1);
    expect_refused(FACTS "market,marketing,utility,authentication\nBrazil,0.1,0.1,0.1\nBrazil,0.1,0.1,0.1\n",
                   "card.market", 6, 1);
    /* syntax */
    expect_refused(FACTS "market,marketing,utility,authentication\n\"Brazil,0.1,0.1,0.1\n", "card.syntax", 5, 1);
    expect_refused(FACTS "market,marketing,utility,authentication\nBra\"zil,0.1,0.1,0.1\n", "card.syntax", 5, 4);
    expect_refused(FACTS, "card.columns", 4, 1);
    expect_refused(FACTS "market,marketing,utility,authentication\n", "card.columns", 5, 1);
    /* columns count code points: a row after a UTF-8 comment */
    expect_refused("# Preços em reais\n" FACTS "market,marketing,utility,authentication\nBrazil,0.1,x,0.1\n",
                   "card.rate", 6, 12);
    ck_assert_int_eq(watpl_rates_load_card(ctx, rates, "\xff", 1), WATPL_EUTF8);
    ck_assert_int_eq(watpl_rates_load_card(ctx, NULL, "", 0), WATPL_EINVAL);
}
END_TEST


/* Every truncation of a shipped card, and random byte changes, are either a
 * valid card or refused with a position: never a crash or a read past the
 * text (ASan). The set stays usable. */
START_TEST(damaged_cards_are_refused_cleanly)
{
    char path[512];
    pricing_path(path, sizeof path, "cards/pmp-eur-2026-07-01.csv");
    size_t len = 0;
    char *text = th_read_file(path, &len);
    ck_assert_ptr_nonnull(text);
    for (size_t cut = 0; cut <= len; cut++) {
        char *copy = malloc(cut ? cut : 1); /* exactly cut bytes: a read past them is caught */
        memcpy(copy, text, cut);
        int rc = watpl_rates_load_card(ctx, rates, copy, cut);
        ck_assert_msg(rc == WATPL_OK || (rc == WATPL_ESYNTAX && watpl_ctx_error_line(ctx) >= 1) || rc == WATPL_EUTF8,
                      "cut %zu: rc %d", cut, rc);
        free(copy);
    }
    static const char bytes[] = {',', '"', '\n', '\r', '#', '-', '.', '0', 'a', '\0', ' '};
    uint32_t seed = 12345;
    for (int round = 0; round < 3000; round++) {
        char *copy = malloc(len);
        memcpy(copy, text, len);
        for (int k = 0; k < 3; k++) {
            seed = seed * 1103515245u + 12345u;
            size_t at = (seed >> 8) % len;
            seed = seed * 1103515245u + 12345u;
            copy[at] = bytes[(seed >> 8) % sizeof bytes];
        }
        int rc = watpl_rates_load_card(ctx, rates, copy, len);
        ck_assert_msg(rc == WATPL_OK || (rc == WATPL_ESYNTAX && watpl_ctx_error_line(ctx) >= 1 &&
                                         watpl_ctx_error_column(ctx) >= 1) || rc == WATPL_EUTF8 || rc == WATPL_ELIMIT,
                      "round %d: rc %d", round, rc);
        free(copy);
    }
    /* whatever was loaded, the USD card is the compiled one, still in force */
    watpl_price p = price_of("+5511999990000", WATPL_PCAT_MARKETING, T_2026_03_15, "USD", 0);
    ck_assert_str_eq(p.amount, "0.0625");
    free(text);
}
END_TEST


START_TEST(a_set_holds_at_most_64_cards)
{
    size_t n = watpl_rates_card_count(rates);
    for (int day = 1; n < 64; day++, n++) {
        char card[256];
        snprintf(card, sizeof card, "model,PMP\ncurrency,GBP\neffective_from,2027-%02d-%02d\n"
                 "market,marketing,utility,authentication\nUnited Kingdom,0.05,0.02,0.02\n", 1 + day / 28, 1 + day % 28);
        ck_assert_int_eq(load(card), WATPL_OK);
    }
    ck_assert_uint_eq(watpl_rates_card_count(rates), 64);
    int rc = load("model,PMP\ncurrency,GBP\neffective_from,2028-01-01\n"
                  "market,marketing,utility,authentication\nUnited Kingdom,0.05,0.02,0.02\n");
    ck_assert_int_eq(rc, WATPL_ELIMIT);
    ck_assert_uint_eq(watpl_rates_card_count(rates), 64);
    /* a replacement still fits */
    ck_assert_int_eq(load("model,PMP\ncurrency,GBP\neffective_from,2027-01-02\n"
                          "market,marketing,utility,authentication\nUnited Kingdom,0.06,0.02,0.02\n"),
                     WATPL_OK);
    watpl_price p = price_of("+447700900123", WATPL_PCAT_MARKETING, INT64_C(1798848000) /* 2027-01-02 */, "GBP", 0);
    ck_assert_str_eq(p.amount, "0.06");
}
END_TEST

/* ---- allocation failures --------------------------------------------------------------------------- */

START_TEST(allocation_failures_leave_the_set_unchanged)
{
    static const char card[] = FACTS "effective_until,2026-07-01\nsource,test\n"
                                     "market,marketing,utility,authentication\nBrazil,0.5,0.1,0.1\n";
    th_counting c = {0, 0, 0};
    watpl_ctx *actx = NULL;
    ck_assert_int_eq(watpl_ctx_new_with_allocator(&actx, th_counting_alloc, th_counting_realloc, th_counting_free, &c), WATPL_OK);
    for (long n = 1;; n++) {
        long live = c.live;
        watpl_rates *r = NULL;
        c.count = 0;
        c.fail_at = n;
        int rc = watpl_rates_new(&r, actx);
        if (rc == WATPL_OK)
            rc = watpl_rates_load_card(actx, r, card, sizeof card - 1);
        c.fail_at = 0;
        if (rc == WATPL_OK) {
            watpl_rates_free(r);
            ck_assert_int_eq(c.live, live);
            break;
        }
        ck_assert_int_eq(rc, WATPL_ENOMEM);
        if (r) { /* the load failed: the compiled card is still in force */
            watpl_price p;
            watpl_price_init(&p);
            ck_assert_int_eq(watpl_price_message(actx, r, "+5511999990000", 14, WATPL_PCAT_MARKETING, T_2026_03_15,
                                                 "USD", 3, 0, &p),
                             WATPL_OK);
            ck_assert_str_eq(p.amount, "0.0625");
        }
        watpl_rates_free(r);
        ck_assert_msg(c.live == live, "allocation %ld failed: %ld blocks leaked", n, c.live - live);
        ck_assert_int_lt(n, 100);
    }
    watpl_ctx_free(actx);
    ck_assert_int_eq(c.live, 0);
}
END_TEST

static Suite *pricing_suite(void)
{
    Suite *s = suite_create("pricing");
    TCase *tc = tcase_create("markets");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, market_of_every_row_of_markets_csv);
    tcase_add_test(tc, market_exceptions_and_other);
    tcase_add_test(tc, not_a_phone_number_is_a_clear_error);
    suite_add_tcase(s, tc);

    tc = tcase_create("cards");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, price_of_each_category_equals_the_card);
    tcase_add_test(tc, amounts_are_exact_text_and_micros);
    tcase_add_test(tc, compiled_cards_equal_their_files);
    tcase_add_test(tc, cards_listed_with_their_periods);
    tcase_add_test(tc, card_boundary_day_before_and_day_of);
    tcase_add_test(tc, a_later_card_supersedes_an_open_ended_one);
    tcase_add_test(tc, runtime_card_replaces_the_compiled_one);
    tcase_add_test(tc, bad_cards_are_refused_with_line_and_column);
    tcase_add_test(tc, allocation_failures_leave_the_set_unchanged);
    tcase_add_test(tc, damaged_cards_are_refused_cleanly);
    tcase_add_test(tc, a_set_holds_at_most_64_cards);
    tcase_add_test(tc, the_undated_card_prices_once_dated);
    suite_add_tcase(s, tc);

    tc = tcase_create("prices");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, free_cases_cost_zero);
    tcase_add_test(tc, service_charged_under_the_2026_schedule_costs_the_utility_rate);
    tcase_add_test(tc, unknown_is_unknown);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return th_run_suite(pricing_suite());
}
