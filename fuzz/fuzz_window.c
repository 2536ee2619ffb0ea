/* Fuzz target: the window state loader on raw bytes, then an event stream
 * decoded from the same bytes (10 bytes per event: type, kind, time delta),
 * queries at every step, and a save/load round trip that must be exact.
 * SPDX-License-Identifier: MIT */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "watpl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int64_t read_i64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return (int64_t)v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    watpl_ctx *ctx = NULL;
    watpl_window *w = NULL;
    if (watpl_ctx_new(&ctx))
        return 0;
    if (watpl_window_new(&w, ctx)) {
        watpl_ctx_free(ctx);
        return 0;
    }
    (void)watpl_window_load(w, data, size); /* must reject or accept, never crash */
    watpl_window_reset(w);
    for (size_t i = 0; i + 10 <= size; i += 10) {
        int type = data[i] % 5, kind = 1 + data[i + 1] % 4;
        int64_t t = read_i64(data + i + 2);
        if (data[i] & 0x80)
            t = 1700000000 + (t % 100000000); /* mostly plausible times, sometimes extremes */
        switch (type) {
        case 0: watpl_window_inbound(w, t, kind % 3, (kind >> 1) & 1); break;
        case 1: watpl_window_call(w, t); break;
        case 2: watpl_window_welcome(w, t); break;
        case 3: watpl_window_outbound(w, t, kind); break;
        default: {
            watpl_window_answer a;
            watpl_window_answer_init(&a);
            watpl_window_query(w, t, kind, 1 + (data[i + 1] >> 7), (int64_t)data[i + 1] * 10, &a);
        }
        }
    }
    size_t need = watpl_window_saved_size();
    unsigned char *buf = malloc(need), *buf2 = malloc(need);
    size_t n1 = 0, n2 = 0;
    if (buf && buf2 && watpl_window_save(w, buf, need, &n1) == WATPL_OK) {
        watpl_window *w2 = NULL;
        if (watpl_window_new(&w2, ctx) == WATPL_OK) {
            if (watpl_window_load(w2, buf, n1) != WATPL_OK)
                abort(); /* our own saved state must load */
            if (watpl_window_save(w2, buf2, need, &n2) != WATPL_OK || n1 != n2 ||
                memcmp(buf, buf2, n1) != 0)
                abort(); /* save -> load -> save is exact */
            watpl_window_free(w2);
        }
    }
    free(buf);
    free(buf2);
    watpl_window_free(w);
    watpl_ctx_free(ctx);
    return 0;
}
