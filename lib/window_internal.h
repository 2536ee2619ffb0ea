/* Window state (window.c) shared with the queries and pricing (pricing.c)
 * and the saved form (window_state.c). Never installed. SPDX-License-Identifier: MIT */
#ifndef WATPL_WINDOW_INTERNAL_H
#define WATPL_WINDOW_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "common_internal.h"

#define WATPL__CSW_SECONDS 86400  /* customer service window, and the FEP reply delay */
#define WATPL__FEP_SECONDS 259200 /* free entry point */

/* Every time stored or asked about leaves room for t + WATPL__FEP_SECONDS,
 * the largest interval computed from it; later times are WATPL_EINVAL. */
#define WATPL__TIME_MAX (INT64_MAX - WATPL__FEP_SECONDS)

/* Events retained: the most recent of each list (docs/window.md, "Bounds"). */
#define WATPL__WIN_USER 8   /* inbound, call, welcome */
#define WATPL__WIN_ENTRY 4  /* entry-point inbound on mobile */
#define WATPL__WIN_OUT 16   /* delivered business messages */

/* No outbound yet answered this entry point. */
#define WATPL__NO_REPLY INT64_MAX

/* What a query needs to know about the state at a time. */
typedef struct watpl__win_facts {
    bool has_user, has_fep, has_thread, thread_by_user;
    int64_t last_user;   /* latest user event (inbound, call, welcome) */
    int64_t fep_until;   /* end of the latest free entry point started */
    int64_t thread_last; /* latest user event or template delivery */
} watpl__win_facts;

/* Each list is sorted ascending by (time, tag) and holds distinct events,
 * so the state is a function of the set of events seen, not of their order. */
struct watpl_window {
    watpl__alloc alloc;
    uint8_t n_user, n_entry, n_out;
    uint8_t entry_kind[WATPL__WIN_ENTRY]; /* WATPL_ENTRY_* */
    uint8_t out_kind[WATPL__WIN_OUT];     /* WATPL_KIND_* */
    int64_t user_t[WATPL__WIN_USER];
    int64_t entry_t[WATPL__WIN_ENTRY];
    /* First delivery in [entry_t, entry_t + 24h), or WATPL__NO_REPLY: kept
     * with the entry so that it survives the delivery leaving out_t. */
    int64_t entry_reply[WATPL__WIN_ENTRY];
    int64_t out_t[WATPL__WIN_OUT];
    /* Derived, not saved: the facts at any time from the latest event on
     * (every fact depends only on events at or before now, and every
     * retained event, entry replies included, is at or before latest_event),
     * so that the usual query, now after every event, walks no list. */
    int64_t latest_event;
    watpl__win_facts latest;
};

static inline bool watpl__time_ok(int64_t t)
{
    return t <= WATPL__TIME_MAX;
}

/* The facts at now computed from the lists. */
void watpl__win_compute_facts(const watpl_window *w, int64_t now, watpl__win_facts *f);

/* Recompute the derived fields after the lists changed. */
void watpl__win_refresh(watpl_window *w);
/* The free entry point started at or before now (the latest one), if any:
 * start is the delivery that started it, until = start + 72h. */
bool watpl__win_fep(const watpl_window *w, int64_t now, int64_t *start, int64_t *until);

#endif
