/* Fuzz target: the text layer on raw bytes. SPDX-License-Identifier: MIT */
#include <stdint.h>
#include <stdlib.h>

#include "text_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool count_placeholder(const watpl__placeholder *ph, void *ud)
{
    size_t *end = ud;
    if (ph->offset < *end && *end != 0 && ph->offset + 1 < *end)
        abort(); /* placeholders come in order and do not overlap */
    *end = ph->offset + ph->length;
    return true;
}

static void *fz_alloc(void *ud, size_t n)
{
    (void)ud;
    return malloc(n ? n : 1);
}

static void *fz_realloc(void *ud, void *p, size_t o, size_t n)
{
    (void)ud;
    (void)o;
    return realloc(p, n ? n : 1);
}

static void fz_free(void *ud, void *p)
{
    (void)ud;
    free(p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    size_t bad = 0;
    size_t end = 0;
    watpl__scan_placeholders(s, size, count_placeholder, &end);
    if (!watpl__utf8_valid(s, size, &bad)) {
        if (bad >= size)
            abort();
        return 0;
    }
    size_t units = watpl__count_utf16_units(s, size);
    size_t cps = watpl__count_codepoints(s, size);
    size_t graphemes = watpl__count_graphemes(s, size);
    if (cps > units || graphemes > cps || cps > size)
        abort();
    size_t emoji = watpl__count_emoji(s, size);
    if (emoji > cps)
        abort();
    size_t off = 0, len = 0;
    if (watpl__find_emoji(s, size, &off, &len) && (off > size || len > size - off))
        abort();
    (void)watpl__count_plain_words(s, size);
    watpl__alloc a = {fz_alloc, fz_realloc, fz_free, NULL};
    watpl__normtext n;
    watpl__norm_init(&n, &a);
    if (watpl__normalize(&n, s, size) == WATPL_OK) {
        for (size_t i = 0; i <= n.norm_len; i++)
            if (n.map[i] > size || (i > 0 && n.map[i] < n.map[i - 1]))
                abort(); /* the map points into the original, in order */
    }
    watpl__norm_free(&n);
    return 0;
}
