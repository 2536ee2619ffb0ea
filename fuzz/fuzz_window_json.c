/* Fuzz target: window events as JSON (watpl_window_event_json). A refused
 * event leaves the state byte for byte as it was, an accepted one leaves a
 * state that saves and loads back; every answer prints as JSON.
 * SPDX-License-Identifier: MIT */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "watpl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    watpl_ctx *ctx = NULL;
    watpl_window *w = NULL;
    unsigned char before[512], after[512];
    size_t n = 0, need = watpl_window_saved_size();
    if (need > sizeof before || watpl_ctx_new(&ctx))
        return 0;
    if (watpl_window_new(&w, ctx)) {
        watpl_ctx_free(ctx);
        return 0;
    }
    /* A state with one event of each list first, so that refusals have something to keep. */
    watpl_window_inbound(w, 1767571200, WATPL_ENTRY_CTWA, WATPL_DEVICE_MOBILE);
    watpl_window_outbound(w, 1767571500, WATPL_KIND_UTILITY);
    if (watpl_window_save(w, before, need, &n) != WATPL_OK)
        abort();
    int rc = watpl_window_event_json(ctx, w, (const char *)data, size);
    if (watpl_window_save(w, after, need, &n) != WATPL_OK)
        abort();
    if (rc != WATPL_OK) {
        if (memcmp(before, after, need) != 0 || watpl_ctx_error_rule(ctx)[0] == '\0')
            abort(); /* refused: unchanged, with a rule id */
    } else if (watpl_window_load(w, after, need) != WATPL_OK) {
        abort();
    }
    watpl_window_answer a;
    watpl_window_answer_init(&a);
    if (watpl_window_query(w, 1767571200 + 3600, WATPL_KIND_SERVICE, WATPL_SCHEDULE_2025_07, 0, &a) ==
        WATPL_OK) {
        char *js = NULL;
        size_t len = 0;
        if (watpl_window_answer_to_json(ctx, &a, &js, &len) == WATPL_OK && (len < 2 || js[0] != '{'))
            abort();
        watpl_free(js);
    }
    watpl_window_free(w);
    watpl_ctx_free(ctx);
    return 0;
}
