/* What a message costs: the market of a number, the list price from the
 * rate card in force, and a card loaded at run time (docs/pricing.md).
 *   cc -o price price.c $(pkg-config --cflags --libs libwatpl)
 * SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <string.h>

#include <watpl.h>

static void show(watpl_ctx *ctx, const watpl_rates *rates, const char *to, int category, int64_t t,
                 const char *currency)
{
    watpl_price p;
    watpl_price_init(&p);
    int rc = watpl_price_message(ctx, rates, to, strlen(to), category, t, currency, strlen(currency), 0, &p);
    if (rc) {
        printf("%-18s %s\n", to, watpl_ctx_errmsg(ctx));
        return;
    }
    printf("%-18s %-22s %-15s ", to, p.market, watpl_pricing_category_name(category));
    if (p.known)
        printf("%s %s (%lld millionths)\n", p.amount, p.currency, (long long)p.amount_micros);
    else
        printf("unknown: %s\n", watpl_price_reason_name(p.reason));
}

int main(void)
{
    watpl_ctx *ctx = NULL;
    watpl_rates *rates = NULL;
    if (watpl_ctx_new(&ctx) || watpl_rates_new(&rates, ctx)) {
        fprintf(stderr, "out of memory\n");
        watpl_ctx_free(ctx);
        return 1;
    }
    const int64_t march = 1773576000; /* 2026-03-15 12:00 UTC: the USD card of 2026-01-01 */
    show(ctx, rates, "+55 11 99999-0000", WATPL_PCAT_MARKETING, march, "USD");
    show(ctx, rates, "+1 809 555 0143", WATPL_PCAT_UTILITY, march, "USD");
    show(ctx, rates, "+91 98123 45678", WATPL_PCAT_AUTHENTICATION, march, "USD");
    show(ctx, rates, "+44 7700 900123", WATPL_PCAT_MARKETING, march, "GBP");
    show(ctx, rates, "customer-7", WATPL_PCAT_MARKETING, march, "USD");

    /* a newer card, as a caller would read it from a file */
    static const char card[] = "model,PMP\ncurrency,USD\neffective_from,2026-07-01\n"
                               "market,marketing,utility,authentication\nUnited Kingdom,0.0635,0.022,0.022\n";
    const int64_t august = 1785542400; /* 2026-08-01 */
    show(ctx, rates, "+44 7700 900123", WATPL_PCAT_MARKETING, august, "USD");
    if (watpl_rates_load_card(ctx, rates, card, sizeof card - 1) != WATPL_OK)
        fprintf(stderr, "card: %s\n", watpl_ctx_errmsg(ctx));
    show(ctx, rates, "+44 7700 900123", WATPL_PCAT_MARKETING, august, "USD");

    watpl_rates_free(rates);
    watpl_ctx_free(ctx);
    return 0;
}
