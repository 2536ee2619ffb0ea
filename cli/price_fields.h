/* The market and price of a window answer for a recipient, as the command
 * prints them (`watpl window`, docs/pricing.md). Not part of the library.
 * SPDX-License-Identifier: MIT */
#ifndef WATPL_CLI_PRICE_FIELDS_H
#define WATPL_CLI_PRICE_FIELDS_H

#include <stdint.h>
#include <stdio.h>

#include "watpl.h"

/* `,"market":...,"price":...,"currency":...,"price_reason":...`: null when
 * the contact is not a phone number, price and currency null when unknown. */
void cli_price_json(FILE *f, watpl_ctx *ctx, const watpl_rates *rates, const watpl_window_answer *a, int64_t t,
                    const char *contact, size_t len, const char *currency);
/* `, MARKET PRICE CUR` or `, MARKET price unknown (REASON)`; nothing when the
 * contact is not a phone number. */
void cli_price_text(FILE *f, watpl_ctx *ctx, const watpl_rates *rates, const watpl_window_answer *a, int64_t t,
                    const char *contact, size_t len, const char *currency);

#endif
