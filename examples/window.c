/* Decide whether a message may be sent now and how Meta bills it.
 *   cc -o window window.c $(pkg-config --cflags --libs libwatpl)
 * SPDX-License-Identifier: MIT */
#include <stdio.h>

#include <watpl.h>

int main(void)
{
    watpl_ctx *ctx = NULL;
    watpl_window *w = NULL;
    if (watpl_ctx_new(&ctx) || watpl_window_new(&w, ctx)) {
        fprintf(stderr, "out of memory\n");
        watpl_ctx_free(ctx);
        return 1;
    }
    const int64_t t = 1767225600; /* 2026-01-01 00:00:00 UTC: the user writes via an ad */
    watpl_window_inbound(w, t, WATPL_ENTRY_CTWA, WATPL_DEVICE_MOBILE);
    watpl_window_outbound(w, t + 300, WATPL_KIND_UTILITY); /* our reply starts a free entry point */

    const int kinds[] = {WATPL_KIND_SERVICE, WATPL_KIND_MARKETING};
    const int64_t times[] = {t + 3600, t + 90000, t + 300 + 259200};
    for (size_t k = 0; k < 2; k++) {
        for (size_t i = 0; i < 3; i++) {
            watpl_window_answer a;
            watpl_window_answer_init(&a);
            int rc = watpl_window_query(w, times[i], kinds[k], WATPL_SCHEDULE_2025_07, 0, &a);
            if (rc) {
                fprintf(stderr, "query: %s\n", watpl_strerror(rc));
                continue;
            }
            printf("t+%-7lld kind %d: csw %s, fep %s, allowed %s, billable %s, %s/%s (%s)\n",
                   (long long)(times[i] - t), kinds[k], a.csw_open ? "open" : "closed",
                   a.fep_open ? "open" : "closed", a.allowed ? "yes" : "no",
                   a.billable ? "yes" : "no", watpl_pricing_category_name(a.pricing_category),
                   watpl_pricing_type_name(a.pricing_type), watpl_window_reason_name(a.reason));
        }
    }
    watpl_window_free(w);
    watpl_ctx_free(ctx);
    return 0;
}
