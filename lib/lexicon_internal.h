/* Compiled lexicons (generated from lib/lexicon/ files by tools/gen_lexicon.py).
 * Never installed. SPDX-License-Identifier: MIT */
#ifndef WATPL_LEXICON_INTERNAL_H
#define WATPL_LEXICON_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

typedef struct watpl__lex_rule {
    const char *id;   /* signal rule id, e.g. "promo.discount" */
    int category;     /* WATPL_CATEGORY_* */
    double weight;
} watpl__lex_rule;

#define WATPL__LEX_PREFIX 1      /* the last word may continue */
#define WATPL__LEX_WORD_START 2  /* the phrase starts with a word character */
#define WATPL__LEX_WORD_END 4    /* the phrase ends with a word character */
#define WATPL__LEX_STOP 8        /* a stop word: language detection only */
#define WATPL__LEX_NO_RULE 0xFFFF

typedef struct watpl__lex_entry {
    const char *phrase; /* normalized UTF-8 */
    uint16_t len;
    uint16_t lang;      /* index in watpl__lex_langs */
    uint16_t rule;      /* index in watpl__lex_rules, or WATPL__LEX_NO_RULE */
    uint16_t flags;
} watpl__lex_entry;

extern const watpl__lex_rule watpl__lex_rules[];
extern const size_t watpl__lex_rule_count;
extern const char *const watpl__lex_langs[];
extern const size_t watpl__lex_lang_count;
extern const watpl__lex_entry watpl__lex_entries[]; /* sorted by phrase bytes */
extern const size_t watpl__lex_entry_count;
extern const uint32_t watpl__lex_first[257];        /* entries starting with byte b: [first[b], first[b+1]) */
extern const uint8_t watpl__lex_free_start[256];    /* 1: a phrase of bucket b may start inside a word */

#endif
