/* The market of a recipient: Meta prices a message by the country calling
 * code of the recipient's number, with the area code for +1 numbers
 * (docs/pricing.md, "Markets"). The table is data/pricing/markets.csv.
 * SPDX-License-Identifier: MIT */
#include <string.h>

#include "rates_internal.h"

#define E164_MAX_DIGITS 15
#define E164_MIN_DIGITS 7
#define NANP_DIGITS 11 /* +1 and ten digits */
#define PREFIX_MAX 6

bool watpl__phone_digits(const char *s, size_t len, char digits[16], size_t *n, const char **why)
{
    size_t k = 0, i = 0;
    while (i < len && s[i] == ' ')
        i++;
    if (i < len && s[i] == '+')
        i++;
    for (; i < len; i++) {
        char c = s[i];
        if (c == ' ' || c == '-')
            continue;
        if (c < '0' || c > '9') {
            *why = "a phone number holds digits, an optional leading +, spaces and dashes only";
            return false;
        }
        if (k == E164_MAX_DIGITS) {
            *why = "a phone number (E.164) has at most 15 digits";
            return false;
        }
        digits[k++] = c;
    }
    digits[k] = '\0';
    if (k < E164_MIN_DIGITS) {
        *why = "a phone number (E.164, with its country calling code) has at least 7 digits";
        return false;
    }
    if (digits[0] == '0') {
        *why = "a country calling code never starts with 0 (write the number in E.164 form, e.g. +5511...)";
        return false;
    }
    if (digits[0] == '1' && k != NANP_DIGITS) {
        *why = "a +1 number has ten digits after the 1";
        return false;
    }
    *n = k;
    return true;
}

static int cmp_prefix(const char *digits, size_t n, const watpl__prefix *p)
{
    size_t m = n < p->len ? n : p->len;
    int c = memcmp(digits, p->digits, m);
    if (c)
        return c;
    return n < p->len ? -1 : n > p->len ? 1 : 0;
}

static const watpl__prefix *find_prefix(const char *digits, size_t n)
{
    size_t lo = 0, hi = watpl__n_prefixes;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = cmp_prefix(digits, n, &watpl__prefixes[mid]);
        if (c == 0)
            return &watpl__prefixes[mid];
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

/* The longest listed prefix wins: +1 809 (Dominican Republic) before +1,
 * +7 7 (Kazakhstan) before +7. A code that is not listed is "Other". */
void watpl__market_of_digits(const char *digits, size_t n, int *market, int *country)
{
    for (size_t len = n < PREFIX_MAX ? n : PREFIX_MAX; len > 0; len--) {
        const watpl__prefix *p = find_prefix(digits, len);
        if (p) {
            *market = p->market;
            *country = p->country;
            return;
        }
    }
    *market = WATPL__PLACE_OTHER;
    *country = -1;
}

int watpl__place_find(const char *name, size_t len)
{
    for (size_t i = 0; i < watpl__n_places; i++)
        if (strlen(watpl__place_names[i]) == len && memcmp(watpl__place_names[i], name, len) == 0)
            return (int)i;
    return -1;
}

int watpl_market_of(watpl_ctx *ctx, const char *number, size_t len, const char **market,
                    const char **country_iso)
{
    WATPL__ENTER(ctx, (number || !len) && market, WATPL__NO_OUT); /* the outputs stay as they were on failure */
    char digits[16];
    size_t n = 0;
    const char *why = NULL;
    if (!watpl__phone_digits(number ? number : "", len, digits, &n, &why))
        return watpl__fail(ctx, WATPL_EINVAL, "recipient.not_a_phone", "%s", why);
    int m, c;
    watpl__market_of_digits(digits, n, &m, &c);
    *market = watpl__place_names[m];
    if (country_iso)
        *country_iso = c >= 0 ? watpl__place_iso[c] : "";
    return WATPL_OK;
}
