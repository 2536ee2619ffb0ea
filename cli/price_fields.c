/* The market and price fields of `watpl window` answers (docs/pricing.md).
 * SPDX-License-Identifier: MIT */
#include <string.h>

#include "cli_internal.h"
#include "price_fields.h"

static int price_of(watpl_ctx *ctx, const watpl_rates *rates, const watpl_window_answer *a, int64_t t,
                    const char *contact, size_t len, const char *currency, watpl_price *p)
{
    watpl_price_init(p);
    if (!rates)
        return WATPL_EINVAL;
    return watpl_window_answer_price(ctx, rates, a, t, contact, len, currency, strlen(currency), 0, p);
}

void cli_price_json(FILE *f, watpl_ctx *ctx, const watpl_rates *rates, const watpl_window_answer *a, int64_t t,
                    const char *contact, size_t len, const char *currency)
{
    watpl_price p;
    if (price_of(ctx, rates, a, t, contact, len, currency, &p) != WATPL_OK) {
        fputs(",\"market\":null,\"price\":null,\"currency\":null,\"price_reason\":null", f);
        return;
    }
    fputs(",\"market\":", f);
    cli_json_string(f, p.market, strlen(p.market));
    if (p.known)
        fprintf(f, ",\"price\":%s,\"currency\":\"%s\"", p.amount, p.currency);
    else
        fputs(",\"price\":null,\"currency\":null", f);
    fprintf(f, ",\"price_reason\":\"%s\"", watpl_price_reason_name(p.reason));
}

void cli_price_text(FILE *f, watpl_ctx *ctx, const watpl_rates *rates, const watpl_window_answer *a, int64_t t,
                    const char *contact, size_t len, const char *currency)
{
    watpl_price p;
    if (price_of(ctx, rates, a, t, contact, len, currency, &p) != WATPL_OK)
        return;
    if (p.known)
        fprintf(f, ", %s %s %s", p.market, p.amount, p.currency);
    else
        fprintf(f, ", %s price unknown (%s)", p.market, watpl_price_reason_name(p.reason));
}
