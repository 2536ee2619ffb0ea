/* Fuzz target: rate cards and prices. The bytes are loaded as a rate card
 * into a set of the compiled cards: a refused card leaves the set exactly as
 * it was (same cards, same prices) and names its line and column; an
 * accepted one replaces a card or adds one. Then the same bytes, as a phone
 * number, get a market and a price in each category, and every known price
 * has an amount text equal to its integer millionths.
 * SPDX-License-Identifier: MIT */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "watpl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int64_t micros_of_text(const char *s)
{
    int64_t units = 0, frac = 0;
    int decimals = 0;
    for (; *s && *s != '.'; s++)
        units = units * 10 + (*s - '0');
    if (*s == '.')
        for (s++; *s; s++, decimals++)
            frac = frac * 10 + (*s - '0');
    for (; decimals < 6; decimals++)
        frac *= 10;
    return units * 1000000 + frac;
}

static void price_all(watpl_ctx *ctx, const watpl_rates *rates, const char *number, size_t len, int64_t t,
                      const char *currency, int64_t *sum)
{
    for (int pcat = WATPL_PCAT_MARKETING; pcat <= WATPL_PCAT_REFERRAL_CONVERSION; pcat++) {
        watpl_price p;
        watpl_price_init(&p);
        int rc = watpl_price_message(ctx, rates, number, len, pcat, t, currency, strlen(currency),
                                     pcat == WATPL_PCAT_AUTHENTICATION ? WATPL_PRICE_AUTH_INTERNATIONAL : 0, &p);
        if (rc != WATPL_OK) {
            if (rc != WATPL_EINVAL || strcmp(watpl_ctx_error_rule(ctx), "recipient.not_a_phone") != 0)
                abort();
            continue;
        }
        if (p.known && (p.amount_micros < 0 || micros_of_text(p.amount) != p.amount_micros))
            abort();
        if (!p.known && (p.amount_micros != 0 || p.amount[0] || p.currency[0] || !*watpl_price_reason_name(p.reason)))
            abort();
        *sum += p.amount_micros * pcat;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    watpl_ctx *ctx = NULL;
    watpl_rates *rates = NULL;
    if (watpl_ctx_new(&ctx) || watpl_rates_new(&rates, ctx)) {
        watpl_ctx_free(ctx);
        return 0;
    }
    static const char *const numbers[] = {"+5511999990000", "+447700900123", "+12025550143", "+97450123456"};
    static const char *const currencies[] = {"USD", "EUR", "INR", "GBP"};
    static const int64_t times[] = {INT64_C(1773576000), INT64_C(1785542400), INT64_C(1761955200)};
    int64_t before = 0, after = 0;
    for (size_t i = 0; i < 4; i++)
        for (size_t j = 0; j < 3; j++)
            price_all(ctx, rates, numbers[i], strlen(numbers[i]), times[j], currencies[i], &before);
    size_t n = watpl_rates_card_count(rates);
    int rc = watpl_rates_load_card(ctx, rates, (const char *)data, size);
    size_t m = watpl_rates_card_count(rates);
    if (rc == WATPL_OK) {
        if (m != n && m != n + 1)
            abort();
    } else {
        if (m != n || (rc == WATPL_ESYNTAX && (watpl_ctx_error_line(ctx) < 1 || watpl_ctx_error_column(ctx) < 1)))
            abort();
        for (size_t i = 0; i < 4; i++)
            for (size_t j = 0; j < 3; j++)
                price_all(ctx, rates, numbers[i], strlen(numbers[i]), times[j], currencies[i], &after);
        if (after != before)
            abort(); /* a refused card changed a price */
    }
    for (size_t i = 0; i < m; i++)
        if (!watpl_rates_card_currency(rates, i) || !watpl_rates_card_source(rates, i))
            abort();
    /* the bytes as a phone number */
    const char *market = NULL, *iso = NULL;
    if (watpl_market_of(ctx, (const char *)data, size, &market, &iso) == WATPL_OK && (!market || !*market || !iso))
        abort();
    int64_t sum = 0;
    for (size_t j = 0; j < 3; j++)
        price_all(ctx, rates, (const char *)data, size, times[j], "EUR", &sum);
    watpl_rates_free(rates);
    watpl_ctx_free(ctx);
    return 0;
}
