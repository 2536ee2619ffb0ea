/* Text layer: UTF-8 validation, counting, normalized view with offset map,
 * emoji, words per writing system, placeholder scanner. Implemented in
 * text.c (validation, counting, normalization, emoji, words) and
 * placeholder.c (scanner). Never installed. SPDX-License-Identifier: MIT */
#ifndef WATPL_TEXT_INTERNAL_H
#define WATPL_TEXT_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common_internal.h"

/* ---- UTF-8 ------------------------------------------------------------ */

/* Returns true when s[0..len) is valid UTF-8 (no overlongs, no surrogates,
 * nothing above U+10FFFF, no truncated sequence). On false, *bad_offset (may
 * be NULL) gets the byte offset of the first invalid byte. */
bool watpl__utf8_valid(const char *s, size_t len, size_t *bad_offset);

/* Decode one code point at s[i] (input known valid). Returns its byte length
 * (1..4) and stores the code point; returns 0 at the end or on invalid input. */
size_t watpl__utf8_decode(const char *s, size_t len, size_t i, int32_t *cp);

/* Encode cp into out (at least 4 bytes); returns the byte count (0 if invalid). */
size_t watpl__utf8_encode(int32_t cp, char *out);

/* True when every byte is < 0x80 (fast path). */
bool watpl__is_ascii(const char *s, size_t len);

/* ---- counting ---------------------------------------------------------- */

size_t watpl__count_utf16_units(const char *s, size_t len);
size_t watpl__count_codepoints(const char *s, size_t len);
size_t watpl__count_graphemes(const char *s, size_t len);
/* Length in the policy's unit (WATPL_UNIT_UTF16 or WATPL_UNIT_CODEPOINTS). */
size_t watpl__count_chars(const char *s, size_t len, int unit);

/* ---- emoji ------------------------------------------------------------- */

/* True for a code point with the Unicode Emoji_Presentation / Extended
 * pictographic property (ranges + utf8proc categories), excluding plain
 * ASCII digits, '#' and '*'. */
bool watpl__is_emoji_cp(int32_t cp);
/* Number of emoji in s, counting a ZWJ sequence, a flag (regional indicator
 * pair), a keycap sequence and an emoji with modifiers/VS16 as one. */
size_t watpl__count_emoji(const char *s, size_t len);
/* Offset/length of the first emoji in s; false if none. */
bool watpl__find_emoji(const char *s, size_t len, size_t *offset, size_t *length);

/* ---- normalized view ---------------------------------------------------- */

/* A copy of a text for matching: compatibility-decomposed (NFKD, one code
 * point at a time, so that every byte comes from one original code point;
 * with marks stripped this matches as NFKC would), case-folded, marks stripped,
 * invisible format characters (ZWJ, ZWSP, soft hyphen, BOM...) removed. For
 * every byte of `norm`, map[i] is the byte offset in the original text of the
 * code point it came from; map[norm_len] = original length. So the original
 * span of norm[a..b) is [map[a], map[b]) (b exclusive, use map[b] even when
 * b == norm_len). */
typedef struct watpl__normtext {
    const watpl__alloc *a;
    char *norm;
    size_t norm_len;
    size_t *map;      /* norm_len + 1 entries */
    size_t cap;       /* capacity of norm and map (reused across calls) */
} watpl__normtext;

void watpl__norm_init(watpl__normtext *n, const watpl__alloc *a);
void watpl__norm_free(watpl__normtext *n);
/* Build the view of s (valid UTF-8). Reuses the buffers. An ASCII input takes
 * a fast path (lower-casing only). Returns WATPL_OK, WATPL_ENOMEM, WATPL_EUTF8. */
int watpl__normalize(watpl__normtext *n, const char *s, size_t len);

/* ---- writing systems and words ----------------------------------------- */

/* The scripts the word count treats apart: Thai writes no space between
 * words (watpl__count_plain_words). */
enum watpl__script {
    WATPL__SCRIPT_OTHER = 0,
    WATPL__SCRIPT_THAI
};
enum watpl__script watpl__script_of(int32_t cp);

/* An ASCII letter or digit: the word characters below 0x80 (inline for the
 * ASCII fast paths of the scanners). */
static inline bool watpl__is_ascii_word(unsigned char b)
{
    return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9');
}

/* True for a code point that is part of a word (letter, mark or number of
 * any script; utf8proc categories L*, M*, N*) or an apostrophe inside one. */
bool watpl__is_word_cp(int32_t cp);

/* Words of a body for body.too_many_params, as Meta counts them (rules.md,
 * meta-rules.md §3.3): invisible characters stripped; placeholders are not
 * words; Thai counted as ceil(thai chars / 7); other scripts by runs of word
 * characters. Returns the count of plain words. */
size_t watpl__count_plain_words(const char *s, size_t len);

/* ---- placeholders ------------------------------------------------------ */

enum watpl__ph_kind {
    WATPL__PH_POSITIONAL = 1, /* {{1}} */
    WATPL__PH_NAMED,          /* {{first_name}} : name matches [a-z_][a-z0-9_]{0,31} */
    WATPL__PH_SPACED,         /* {{ 1 }} or {{ name }}: spaces inside the braces */
    WATPL__PH_EMPTY,          /* {{}} or {{ }} */
    WATPL__PH_SPECIAL,        /* #, $ or % inside the braces: {{#}}, {{$1}} */
    WATPL__PH_BAD_NAME,       /* {{First Name}}, {{1a}}, name too long, uppercase, ... */
    WATPL__PH_SINGLE_BRACE,   /* {1} */
    WATPL__PH_UNCLOSED,       /* {{ without a closing }} (up to end or newline) */
    WATPL__PH_UNOPENED,       /* }} without an opening {{ */
    WATPL__PH_TRIPLE          /* {{{1}}} or {{1}}} : mismatched brace counts */
};

typedef struct watpl__placeholder {
    enum watpl__ph_kind kind;
    size_t offset;       /* byte offset of the first brace */
    size_t length;       /* bytes through the last brace (or to the end for UNCLOSED) */
    size_t inner_offset; /* byte offset of the text inside the braces */
    size_t inner_length;
    int64_t number;      /* POSITIONAL (and SPACED when numeric): the number, else -1; capped */
} watpl__placeholder;

/* Callback style scanner: calls fn for each placeholder in order of offset;
 * fn returns false to stop. Linear time on any input (long runs of '{'). */
typedef bool (*watpl__ph_fn)(const watpl__placeholder *ph, void *ud);
void watpl__scan_placeholders(const char *s, size_t len, watpl__ph_fn fn, void *ud);

/* Convenience: true if s contains any well-formed or malformed placeholder. */
bool watpl__has_placeholder(const char *s, size_t len);

#endif
