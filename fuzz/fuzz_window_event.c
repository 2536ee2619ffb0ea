/* Fuzz target: the event reader of `watpl window` (cli/window_event.c).
 * Whatever bytes the scanner accepts, jansson (JSON_REJECT_DUPLICATES, as
 * the command calls it) accepts too, as an object with the same fields:
 * same types, same string bytes, same integers; the scanner's strings lie
 * inside the input, which is ASCII (the command does not check its UTF-8).
 * SPDX-License-Identifier: MIT */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../cli/window_event.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_field(const window_field *scanned, const window_field *parsed, const char *bytes, size_t size)
{
    if (scanned->type != parsed->type)
        abort();
    if (scanned->type == WINDOW_FIELD_STRING) {
        if (scanned->str < bytes || scanned->len > size || scanned->str + scanned->len > bytes + size)
            abort(); /* in place, inside the line */
        if (scanned->len != parsed->len || memcmp(scanned->str, parsed->str, scanned->len) != 0)
            abort();
    }
    if (scanned->type == WINDOW_FIELD_INTEGER && scanned->integer != parsed->integer)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *bytes = (const char *)data;
    window_event scanned, parsed;
    if (!window_event_scan(&scanned, bytes, size))
        return 0; /* jansson's line: the command parses it as before */
    for (size_t i = 0; i < size; i++)
        if (data[i] >= 0x80)
            abort(); /* the command skips its UTF-8 check for the lines scanned */
    json_t *obj = json_loadb(bytes, size, JSON_REJECT_DUPLICATES, NULL);
    if (!obj || !json_is_object(obj)) {
        fprintf(stderr, "fuzz_window_event: scanned, but jansson refuses: %.*s\n", (int)size, bytes);
        abort();
    }
    window_event_from_json(&parsed, obj);
    for (size_t i = 0; i < WINDOW_KEYS; i++)
        check_field(field_at(&scanned, i), field_at(&parsed, i), bytes, size);
    json_decref(obj);
    return 0;
}
