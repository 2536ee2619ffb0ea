/* Text layer: UTF-8 validation, counting, emoji, the normalized view used
 * for matching, writing systems and word counts (docs/text.md).
 * SPDX-License-Identifier: MIT */
#include <string.h>

#include <utf8proc.h>

#include "text_internal.h"

/* ---- UTF-8 ---------------------------------------------------------------- */

bool watpl__is_ascii(const char *s, size_t len)
{
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        if (w & UINT64_C(0x8080808080808080))
            return false;
    }
    for (; i < len; i++)
        if ((unsigned char)s[i] & 0x80)
            return false;
    return true;
}

/* Length of the valid sequence at s[i], or 0 if it is invalid. */
static size_t seq_len(const unsigned char *s, size_t len, size_t i)
{
    unsigned char c = s[i];
    if (c < 0x80)
        return 1;
    size_t n;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        if (c == 0xE0)
            lo = 0xA0; /* overlong */
        else if (c == 0xED)
            hi = 0x9F; /* surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        if (c == 0xF0)
            lo = 0x90; /* overlong */
        else if (c == 0xF4)
            hi = 0x8F; /* above U+10FFFF */
    } else {
        return 0;
    }
    if (len - i < n)
        return 0;
    if (s[i + 1] < lo || s[i + 1] > hi)
        return 0;
    for (size_t k = 2; k < n; k++)
        if ((s[i + k] & 0xC0) != 0x80)
            return 0;
    return n;
}

bool watpl__utf8_valid(const char *str, size_t len, size_t *bad_offset)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < len) {
        if (i + 8 <= len) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            if (!(w & UINT64_C(0x8080808080808080))) {
                i += 8;
                continue;
            }
        }
        size_t n = seq_len(s, len, i);
        if (n == 0) {
            if (bad_offset)
                *bad_offset = i; /* the sequence that starts here is invalid */
            return false;
        }
        i += n;
    }
    return true;
}

size_t watpl__utf8_decode(const char *str, size_t len, size_t i, int32_t *cp)
{
    const unsigned char *s = (const unsigned char *)str;
    if (i >= len)
        return 0;
    size_t n = seq_len(s, len, i);
    if (n == 0)
        return 0;
    int32_t v;
    switch (n) {
    case 1:
        v = s[i];
        break;
    case 2:
        v = ((s[i] & 0x1F) << 6) | (s[i + 1] & 0x3F);
        break;
    case 3:
        v = ((s[i] & 0x0F) << 12) | ((s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F);
        break;
    default:
        v = ((s[i] & 0x07) << 18) | ((s[i + 1] & 0x3F) << 12) | ((s[i + 2] & 0x3F) << 6) |
            (s[i + 3] & 0x3F);
        break;
    }
    *cp = v;
    return n;
}

size_t watpl__utf8_encode(int32_t cp, char *out)
{
    if (cp < 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* ---- counting --------------------------------------------------------------- */

size_t watpl__count_codepoints(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

size_t watpl__count_utf16_units(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        n += (c & 0xC0) != 0x80;
        n += c >= 0xF0; /* a 4-byte sequence is a surrogate pair */
    }
    return n;
}

size_t watpl__count_graphemes(const char *s, size_t len)
{
    if (watpl__is_ascii(s, len)) {
        size_t n = len;
        for (size_t i = 0; i + 1 < len; i++)
            n -= s[i] == '\r' && s[i + 1] == '\n';
        return n;
    }
    size_t n = 0, i = 0;
    int32_t prev = -1;
    utf8proc_int32_t state = 0;
    while (i < len) {
        int32_t cp;
        size_t k = watpl__utf8_decode(s, len, i, &cp);
        if (k == 0) {
            cp = 0xFFFD;
            k = 1;
        }
        if (prev < 0 || utf8proc_grapheme_break_stateful(prev, cp, &state))
            n++;
        prev = cp;
        i += k;
    }
    return n;
}

size_t watpl__count_chars(const char *s, size_t len, int unit)
{
    return unit == WATPL_UNIT_CODEPOINTS ? watpl__count_codepoints(s, len)
                                         : watpl__count_utf16_units(s, len);
}

/* ---- emoji ----------------------------------------------------------------- */

bool watpl__is_emoji_cp(int32_t cp)
{
    if (cp < 0x2000)
        return false; /* digits, '#', '*', (c), (R) need VS16: see count_emoji */
    if (cp >= 0x1F000 && cp <= 0x1FAFF)
        return !(cp >= 0x1F1E6 && cp <= 0x1F1FF) && !(cp >= 0x1F3FB && cp <= 0x1F3FF);
    if (cp >= 0x2600 && cp <= 0x27BF)
        return true;
    if (cp >= 0x2B05 && cp <= 0x2B55)
        return cp <= 0x2B07 || cp == 0x2B1B || cp == 0x2B1C || cp == 0x2B50 || cp == 0x2B55;
    switch (cp) {
    case 0x203C: case 0x2049: case 0x2122: case 0x2139: case 0x2194: case 0x2195: case 0x2196:
    case 0x2197: case 0x2198: case 0x2199: case 0x21A9: case 0x21AA: case 0x231A: case 0x231B:
    case 0x2328: case 0x23CF: case 0x23E9: case 0x23EA: case 0x23EB: case 0x23EC: case 0x23ED:
    case 0x23EE: case 0x23EF: case 0x23F0: case 0x23F1: case 0x23F2: case 0x23F3: case 0x23F8:
    case 0x23F9: case 0x23FA: case 0x24C2: case 0x25AA: case 0x25AB: case 0x25B6: case 0x25C0:
    case 0x25FB: case 0x25FC: case 0x25FD: case 0x25FE: case 0x2934: case 0x2935: case 0x3030:
    case 0x303D: case 0x3297: case 0x3299:
        return true;
    default:
        return false;
    }
}

static bool is_regional(int32_t cp)
{
    return cp >= 0x1F1E6 && cp <= 0x1F1FF;
}

static bool is_keycap_base(int32_t cp)
{
    return (cp >= '0' && cp <= '9') || cp == '#' || cp == '*';
}

/* One grapheme cluster: is it an emoji? Looks at its code points. */
static bool cluster_is_emoji(const char *s, size_t len, size_t start, size_t end)
{
    int32_t first = 0, cp = 0;
    size_t k = watpl__utf8_decode(s, len, start, &first);
    if (k == 0)
        return false;
    if (watpl__is_emoji_cp(first))
        return true;
    bool vs16 = false, keycap = false;
    size_t regional = is_regional(first);
    for (size_t i = start + k; i < end;) {
        size_t n = watpl__utf8_decode(s, len, i, &cp);
        if (n == 0)
            break;
        vs16 |= cp == 0xFE0F;
        keycap |= cp == 0x20E3;
        regional += is_regional(cp);
        i += n;
    }
    if (regional >= 2)
        return true;
    if (keycap && is_keycap_base(first))
        return true;
    return vs16 && (first == 0x00A9 || first == 0x00AE || first >= 0x2000);
}

/* Calls fn for each emoji cluster; stops when fn returns false. */
typedef bool (*emoji_fn)(size_t off, size_t len, void *ud);

/* Whether s holds a code point an emoji cluster needs (cluster_is_emoji: an
 * emoji, a regional indicator, the keycap mark or VS16), all at or above
 * U+2000, so with a lead byte from 0xE2: most texts in Latin, Arabic or
 * Devanagari script have none and skip the grapheme segmentation. */
static bool may_hold_emoji(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < len; i++) {
        if (u[i] < 0xE2)
            continue;
        int32_t cp = 0;
        size_t k = watpl__utf8_decode(s, len, i, &cp);
        if (k == 0 || watpl__is_emoji_cp(cp) || is_regional(cp) || cp == 0x20E3 || cp == 0xFE0F)
            return true;
        i += k - 1;
    }
    return false;
}

static void each_emoji(const char *s, size_t len, emoji_fn fn, void *ud)
{
    if (!may_hold_emoji(s, len))
        return;
    size_t i = 0, start = 0;
    int32_t prev = -1;
    utf8proc_int32_t state = 0;
    while (i <= len) {
        int32_t cp = 0;
        size_t k = i < len ? watpl__utf8_decode(s, len, i, &cp) : 0;
        if (i < len && k == 0) {
            cp = 0xFFFD;
            k = 1;
        }
        bool brk = i == len || (prev >= 0 && utf8proc_grapheme_break_stateful(prev, cp, &state));
        if (brk && i > start) {
            if (cluster_is_emoji(s, len, start, i) && !fn(start, i - start, ud))
                return;
            start = i;
        }
        if (i == len)
            break;
        prev = cp;
        i += k;
    }
}

static bool count_one(size_t off, size_t len, void *ud)
{
    (void)off;
    (void)len;
    ++*(size_t *)ud;
    return true;
}

size_t watpl__count_emoji(const char *s, size_t len)
{
    size_t n = 0;
    each_emoji(s, len, count_one, &n);
    return n;
}

typedef struct first_emoji {
    bool found;
    size_t off, len;
} first_emoji;

static bool take_first(size_t off, size_t len, void *ud)
{
    first_emoji *f = ud;
    f->found = true;
    f->off = off;
    f->len = len;
    return false;
}

bool watpl__find_emoji(const char *s, size_t len, size_t *offset, size_t *length)
{
    first_emoji f = {false, 0, 0};
    each_emoji(s, len, take_first, &f);
    if (f.found) {
        *offset = f.off;
        *length = f.len;
    }
    return f.found;
}

/* ---- normalized view ----------------------------------------------------------- */

void watpl__norm_init(watpl__normtext *n, const watpl__alloc *a)
{
    memset(n, 0, sizeof *n);
    n->a = a;
}

void watpl__norm_free(watpl__normtext *n)
{
    watpl__mfree(n->a, n->norm);
    watpl__mfree(n->a, n->map);
    n->norm = NULL;
    n->map = NULL;
    n->cap = 0;
    n->norm_len = 0;
}

static bool norm_reserve(watpl__normtext *n, size_t need)
{
    if (need <= n->cap)
        return true;
    size_t cap = n->cap ? n->cap : 64;
    while (cap < need) {
        if (cap > SIZE_MAX / 2)
            return false;
        cap *= 2;
    }
    size_t map_bytes;
    if (watpl__mul_overflows_size(cap, sizeof *n->map, &map_bytes))
        return false;
    char *norm = watpl__realloc(n->a, n->norm, n->cap, cap);
    if (!norm)
        return false;
    n->norm = norm;
    size_t *map = watpl__realloc(n->a, n->map, n->cap * sizeof *n->map, map_bytes);
    if (!map) {
        /* keep the larger norm buffer; cap stays the smaller size both have */
        return false;
    }
    n->map = map;
    n->cap = cap;
    return true;
}

/* Invisible format characters dropped from the view. */
static bool is_invisible(int32_t cp)
{
    return cp == 0x00AD || (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
           (cp >= 0x2060 && cp <= 0x2064) || cp == 0xFEFF || cp == 0xFE0F || cp == 0xFE0E ||
           cp == 0x034F;
}

static bool push_byte(watpl__normtext *n, char b, size_t orig)
{
    if (n->norm_len + 2 > n->cap && !norm_reserve(n, n->norm_len + 2))
        return false;
    n->norm[n->norm_len] = b;
    n->map[n->norm_len] = orig;
    n->norm_len++;
    return true;
}

static int normalize_ascii(watpl__normtext *n, const char *s, size_t len)
{
    if (!norm_reserve(n, len + 1))
        return WATPL_ENOMEM;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        n->norm[i] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
        n->map[i] = i;
    }
    n->norm_len = len;
    n->norm[len] = '\0';
    n->map[len] = len;
    return WATPL_OK;
}

int watpl__normalize(watpl__normtext *n, const char *s, size_t len)
{
    n->norm_len = 0;
    if (watpl__is_ascii(s, len))
        return normalize_ascii(n, s, len);
    size_t bad;
    if (!watpl__utf8_valid(s, len, &bad))
        return WATPL_EUTF8;
    const utf8proc_option_t opts = UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK |
                                   UTF8PROC_DECOMPOSE | UTF8PROC_IGNORE;
    size_t i = 0;
    while (i < len) {
        char c = s[i];
        if ((unsigned char)c < 0x80) { /* as normalize_ascii: the ASCII between accents */
            if (!push_byte(n, (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c, i))
                return WATPL_ENOMEM;
            i++;
            continue;
        }
        int32_t cp;
        size_t k = watpl__utf8_decode(s, len, i, &cp);
        if (k == 0)
            return WATPL_EUTF8;
        if (!is_invisible(cp)) {
            utf8proc_int32_t dec[32];
            int last = 0;
            utf8proc_ssize_t m = utf8proc_decompose_char(cp, dec, 32, opts, &last);
            if (m < 0 || m > 32) {
                dec[0] = cp;
                m = 1;
            }
            for (utf8proc_ssize_t j = 0; j < m; j++) {
                char enc[4];
                size_t e = watpl__utf8_encode(dec[j], enc);
                for (size_t b = 0; b < e; b++)
                    if (!push_byte(n, enc[b], i))
                        return WATPL_ENOMEM;
            }
        }
        i += k;
    }
    if (!norm_reserve(n, n->norm_len + 1))
        return WATPL_ENOMEM;
    n->norm[n->norm_len] = '\0';
    n->map[n->norm_len] = len;
    return WATPL_OK;
}

/* ---- writing systems and words ------------------------------------------------------ */

enum watpl__script watpl__script_of(int32_t cp)
{
    return cp >= 0xE00 && cp <= 0xE7F ? WATPL__SCRIPT_THAI : WATPL__SCRIPT_OTHER;
}

bool watpl__is_word_cp(int32_t cp)
{
    if (cp < 0x80)
        return cp >= 0 && watpl__is_ascii_word((unsigned char)cp);
    utf8proc_category_t c = utf8proc_category(cp);
    return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_NO);
}

static bool is_apostrophe(int32_t cp)
{
    return cp == '\'' || cp == 0x2019;
}

typedef struct word_count {
    const char *s;
    size_t pos;   /* counted up to here */
    size_t words;
    size_t thai;  /* Thai characters, counted 7 to a word */
} word_count;

/* Count words in s[from, to): runs of word characters (an apostrophe may
 * continue a word); invisible characters are skipped. */
static void count_words_in(word_count *wc, size_t from, size_t to)
{
    bool in_word = false;
    size_t i = from;
    while (i < to) {
        unsigned char b = (unsigned char)wc->s[i];
        if (b < 0x80) { /* ASCII: no decoding, no script or invisibles */
            i++;
            if (watpl__is_ascii_word(b) || (in_word && b == '\'')) {
                wc->words += !in_word;
                in_word = true;
            } else {
                in_word = false;
            }
            continue;
        }
        int32_t cp;
        size_t k = watpl__utf8_decode(wc->s, to, i, &cp);
        if (k == 0) {
            i++;
            in_word = false;
            continue;
        }
        i += k;
        if (is_invisible(cp))
            continue;
        if (watpl__script_of(cp) == WATPL__SCRIPT_THAI) {
            wc->thai++;
            in_word = false;
        } else if (watpl__is_word_cp(cp) || (in_word && is_apostrophe(cp))) {
            wc->words += !in_word;
            in_word = true;
        } else {
            in_word = false;
        }
    }
}

static bool words_before_placeholder(const watpl__placeholder *ph, void *ud)
{
    word_count *wc = ud;
    if (ph->offset > wc->pos)
        count_words_in(wc, wc->pos, ph->offset);
    wc->pos = ph->offset + ph->length;
    return true;
}

size_t watpl__count_plain_words(const char *s, size_t len)
{
    word_count wc = {s, 0, 0, 0};
    watpl__scan_placeholders(s, len, words_before_placeholder, &wc);
    if (wc.pos < len)
        count_words_in(&wc, wc.pos, len);
    return wc.words + (wc.thai + 6) / 7;
}
