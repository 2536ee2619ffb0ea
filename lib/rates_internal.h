/* Markets and rate cards: the compiled tables (rates_data.c, generated from
 * data/pricing/ by tools/gen_pricing.py), the card parser (rates_card.c),
 * the market of a number (market.c) and prices (rates.c). Never installed.
 * SPDX-License-Identifier: MIT */
#ifndef WATPL_RATES_INTERNAL_H
#define WATPL_RATES_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "common_internal.h"

/* Per-message pricing starts (docs/window.md): earlier times are priced from
 * conversation-based cards. */
#define WATPL__PMP_START INT64_C(1751328000) /* 2025-07-01T00:00:00Z */

/* Rate columns of a card row, in this order. */
#define WATPL__RATE_MARKETING 0
#define WATPL__RATE_UTILITY 1
#define WATPL__RATE_AUTHENTICATION 2
#define WATPL__RATE_AUTH_INTERNATIONAL 3
#define WATPL__RATE_SERVICE 4
#define WATPL__RATE_COLUMNS 5
#define WATPL__NO_RATE INT64_C(-1) /* empty or n/a in the card */

/* Bounds of what a card may hold (docs/pricing.md). */
#define WATPL__RATE_CARDS_MAX 64          /* cards in one watpl_rates */
#define WATPL__CARD_BYTES (1u << 20) /* bytes of one card text */
#define WATPL__AMOUNT_DECIMALS 6     /* amounts are integer millionths */

/* A calling-code prefix ("54", "1809", "77"): its market and country as
 * indexes into watpl__place_names; country -1 when the prefix is shared by
 * several countries (+1: Canada and the United States). */
typedef struct watpl__prefix {
    const char *digits;
    uint8_t len;
    int16_t market;
    int16_t country;
} watpl__prefix;

typedef struct watpl__card_row {
    int16_t place;                       /* index into watpl__place_names */
    int64_t rate[WATPL__RATE_COLUMNS];   /* millionths, or WATPL__NO_RATE */
} watpl__card_row;

typedef struct watpl__card {
    int model;             /* WATPL_PRICING_CBP or WATPL_PRICING_PMP */
    char currency[4];      /* ISO 4217, NUL-terminated */
    int64_t from;          /* Unix time of effective_from 00:00 UTC, or WATPL_TIME_NONE (undated) */
    int64_t until;         /* effective_until 00:00 UTC (exclusive), or WATPL_TIME_NONE (open) */
    const char *source;
    const watpl__card_row *rows; /* sorted by place */
    size_t n_rows;
} watpl__card;

/* The compiled data (rates_data.c). Places: the markets (0 is "Other"), then
 * the countries that are not markets themselves; watpl__place_iso gives the
 * ISO 3166-1 code of a country ("" for a market that is not a country). */
extern const char *const watpl__place_names[];
extern const char *const watpl__place_iso[];
extern const size_t watpl__n_places;
extern const watpl__prefix watpl__prefixes[];
extern const size_t watpl__n_prefixes;
extern const watpl__card watpl__compiled_cards[];
extern const size_t watpl__n_compiled_cards;

#define WATPL__PLACE_OTHER 0

struct watpl_rates {
    watpl__alloc alloc;
    size_t n;
    const watpl__card *cards[WATPL__RATE_CARDS_MAX];
    bool owned[WATPL__RATE_CARDS_MAX]; /* loaded at run time: one block to free */
};

/* The place index of a name, or -1. */
int watpl__place_find(const char *name, size_t len);

/* Digits of a phone number (E.164 with or without +; spaces and dashes
 * ignored) into digits[16]; false with *why set when it is not one. */
bool watpl__phone_digits(const char *s, size_t len, char digits[16], size_t *n, const char **why);
/* Market and country places of the digits of a valid number. */
void watpl__market_of_digits(const char *digits, size_t n, int *market, int *country);

/* Parse a card text into one allocated block (*out, freed with
 * watpl__mfree). Errors are WATPL_ESYNTAX with rule, line and column on ctx,
 * WATPL_ELIMIT, WATPL_EUTF8, WATPL_ENOMEM. */
int watpl__card_parse(watpl_ctx *ctx, const char *text, size_t len, watpl__card **out,
                      int64_t *from_line, int64_t *from_column);

/* Unix time of 00:00 UTC of a civil date (proleptic Gregorian). */
int64_t watpl__days_from_civil(int64_t y, unsigned m, unsigned d);

#endif
