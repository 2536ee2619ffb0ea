/* Messages that quote user text: cut on a code point boundary (with an
 * ellipsis), never invalid UTF-8, so that every JSON the library writes and
 * every error message is valid UTF-8 (docs/json.md).
 * SPDX-License-Identifier: MIT */
#include <string.h>

#include "common_internal.h"

static const char ellipsis[] = "\xE2\x80\xA6"; /* U+2026 */

/* Length of the valid UTF-8 sequence at s[i] (no overlong form, surrogate or
 * code point above U+10FFFF), or 0. Its own check, not text.c's: the
 * context (layer 1) formats messages with it, below the text layer. */
static size_t seq_len(const unsigned char *s, size_t len, size_t i)
{
    unsigned char c = s[i];
    size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    if (n == 0 || i + n > len)
        return 0;
    for (size_t k = 1; k < n; k++)
        if ((s[i + k] & 0xC0) != 0x80)
            return 0;
    if (n == 2 && c < 0xC2)
        return 0; /* overlong */
    if (n == 3 && ((c == 0xE0 && s[i + 1] < 0xA0) || (c == 0xED && s[i + 1] >= 0xA0)))
        return 0; /* overlong, or a surrogate */
    if (n == 4 && ((c == 0xF0 && s[i + 1] < 0x90) || c > 0xF4 || (c == 0xF4 && s[i + 1] >= 0x90)))
        return 0; /* overlong, or above U+10FFFF */
    return n;
}

void watpl__utf8_repair(char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        size_t n = seq_len((const unsigned char *)s, len, i);
        if (n == 0) {
            s[i] = '?';
            n = 1;
        }
        i += n;
    }
}

const char *watpl__clip_text(watpl__clip *c, const char *s, size_t len, size_t max)
{
    if (!s)
        len = 0;
    if (max > sizeof c->s - sizeof ellipsis)
        max = sizeof c->s - sizeof ellipsis;
    size_t i = 0;
    while (i < len) {
        size_t n = seq_len((const unsigned char *)s, len, i);
        if (n == 0)
            n = 1;
        if (i + n > max)
            break;
        i += n;
    }
    if (i)
        memcpy(c->s, s, i);
    bool cut = i < len;
    if (cut)
        memcpy(c->s + i, ellipsis, sizeof ellipsis - 1);
    c->s[i + (cut ? sizeof ellipsis - 1 : 0)] = '\0';
    watpl__utf8_repair(c->s, i);
    return c->s;
}

void watpl__message_fit(char *buf, size_t cap, int n)
{
    if (cap == 0)
        return;
    if (n < 0) {
        buf[0] = '\0';
        return;
    }
    if ((size_t)n >= cap && cap >= sizeof ellipsis) {
        size_t cut = cap - sizeof ellipsis; /* room for the ellipsis and the NUL */
        while (cut > 0 && ((unsigned char)buf[cut] & 0xC0) == 0x80)
            cut--; /* back to the first byte of the character that did not fit */
        memcpy(buf + cut, ellipsis, sizeof ellipsis - 1);
        buf[cut + sizeof ellipsis - 1] = '\0';
    }
    watpl__utf8_repair(buf, strlen(buf));
}
