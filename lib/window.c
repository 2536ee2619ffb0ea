/* The customer service window and free entry points: a fixed-size record of
 * recent events that does not depend on the order they arrive in
 * (docs/window.md). SPDX-License-Identifier: MIT */
#include <string.h>

#include "common_internal.h"
#include "window_internal.h"

int watpl_window_new(watpl_window **out, watpl_ctx *ctx)
{
    WATPL__ENTER(ctx, out, WATPL__OUT(out));
    watpl_window *w = watpl__calloc(&ctx->alloc, 1, sizeof *w);
    if (!w)
        return watpl__fail_nomem(ctx);
    w->alloc = ctx->alloc;
    watpl__win_refresh(w);
    *out = w;
    return WATPL_OK;
}

void watpl_window_free(watpl_window *w)
{
    if (!w)
        return;
    watpl__alloc a = w->alloc;
    watpl__mfree(&a, w);
}

void watpl_window_reset(watpl_window *w)
{
    if (!w)
        return;
    watpl__alloc a = w->alloc;
    memset(w, 0, sizeof *w);
    w->alloc = a;
    watpl__win_refresh(w);
}

/* ---- bounded sorted lists ---------------------------------------------------------- */

/* A list of events ordered by (time, tag); extra (may be NULL) moves along. */
typedef struct event_list {
    int64_t *t;
    uint8_t *tag;
    int64_t *extra;
    uint8_t *n;
    uint8_t cap;
} event_list;

static int cmp_event(int64_t ta, uint8_t ga, int64_t tb, uint8_t gb)
{
    if (ta != tb)
        return ta < tb ? -1 : 1;
    return ga < gb ? -1 : ga > gb;
}

static void move_slot(const event_list *l, uint8_t to, uint8_t from)
{
    l->t[to] = l->t[from];
    l->tag[to] = l->tag[from];
    if (l->extra)
        l->extra[to] = l->extra[from];
}

/* Insert (t, tag) keeping the cap greatest distinct events. Returns the slot
 * used, or -1 when the event is already there or older than every retained
 * event of a full list (then it is ignored; docs/window.md, "Bounds"). */
static int keep_recent(const event_list *l, int64_t t, uint8_t tag)
{
    uint8_t n = *l->n;
    for (uint8_t i = 0; i < n; i++)
        if (l->t[i] == t && l->tag[i] == tag)
            return -1;
    if (n == l->cap) {
        if (cmp_event(t, tag, l->t[0], l->tag[0]) < 0)
            return -1;
        for (uint8_t i = 1; i < n; i++)
            move_slot(l, (uint8_t)(i - 1), i);
        n--;
    }
    uint8_t i = n;
    while (i > 0 && cmp_event(l->t[i - 1], l->tag[i - 1], t, tag) > 0) {
        move_slot(l, i, (uint8_t)(i - 1));
        i--;
    }
    l->t[i] = t;
    l->tag[i] = tag;
    *l->n = (uint8_t)(n + 1);
    return i;
}

/* ---- events -------------------------------------------------------------------------- */

/* User events need no tag: one zero byte per slot, reused for every call. */
static void user_event(watpl_window *w, int64_t t)
{
    uint8_t tags[WATPL__WIN_USER] = {0};
    event_list l = {w->user_t, tags, NULL, &w->n_user, WATPL__WIN_USER};
    keep_recent(&l, t, 0);
}

/* The first retained delivery that answers an entry point at te. */
static int64_t first_reply(const watpl_window *w, int64_t te)
{
    for (uint8_t i = 0; i < w->n_out; i++)
        if (w->out_t[i] >= te && w->out_t[i] < te + WATPL__CSW_SECONDS)
            return w->out_t[i];
    return WATPL__NO_REPLY;
}

static void entry_event(watpl_window *w, int64_t t, int entry)
{
    event_list l = {w->entry_t, w->entry_kind, w->entry_reply, &w->n_entry, WATPL__WIN_ENTRY};
    int slot = keep_recent(&l, t, (uint8_t)entry);
    if (slot >= 0)
        w->entry_reply[slot] = first_reply(w, t);
}

int watpl_window_inbound(watpl_window *w, int64_t t, int entry, int device)
{
    if (!w || !watpl__time_ok(t) || entry < WATPL_ENTRY_NONE || entry > WATPL_ENTRY_PAGE_CTA ||
        (device != WATPL_DEVICE_MOBILE && device != WATPL_DEVICE_DESKTOP))
        return WATPL_EINVAL;
    user_event(w, t);
    /* Only a mobile user reached through an ad or a Page button can get a
     * free entry point (https://developers.facebook.com/docs/whatsapp/pricing). */
    if (entry != WATPL_ENTRY_NONE && device == WATPL_DEVICE_MOBILE)
        entry_event(w, t, entry);
    watpl__win_refresh(w);
    return WATPL_OK;
}

int watpl_window_call(watpl_window *w, int64_t t)
{
    if (!w || !watpl__time_ok(t))
        return WATPL_EINVAL;
    user_event(w, t);
    watpl__win_refresh(w);
    return WATPL_OK;
}

int watpl_window_welcome(watpl_window *w, int64_t t)
{
    if (!w || !watpl__time_ok(t))
        return WATPL_EINVAL;
    user_event(w, t);
    watpl__win_refresh(w);
    return WATPL_OK;
}

int watpl_window_outbound(watpl_window *w, int64_t t, int kind)
{
    if (!w || !watpl__time_ok(t) || kind < WATPL_KIND_MARKETING || kind > WATPL_KIND_SERVICE)
        return WATPL_EINVAL;
    /* Entries learn their first reply even if the delivery is not retained. */
    for (uint8_t i = 0; i < w->n_entry; i++) {
        int64_t te = w->entry_t[i];
        if (t >= te && t < te + WATPL__CSW_SECONDS && t < w->entry_reply[i])
            w->entry_reply[i] = t;
    }
    event_list l = {w->out_t, w->out_kind, NULL, &w->n_out, WATPL__WIN_OUT};
    keep_recent(&l, t, (uint8_t)kind);
    watpl__win_refresh(w);
    return WATPL_OK;
}

/* ---- derived facts at a time ------------------------------------------------------------ */

static bool last_user_at(const watpl_window *w, int64_t now, int64_t *t)
{
    for (uint8_t i = w->n_user; i > 0; i--) {
        if (w->user_t[i - 1] <= now) {
            *t = w->user_t[i - 1];
            return true;
        }
    }
    return false;
}

/* ---- threads: who started the exchange going on at now -------------------------------- */

/* Walks user events and template deliveries backwards from now (free-form
 * deliveries only happen inside a window a user opened, so they start nothing). */
typedef struct thread_cursor {
    const watpl_window *w;
    uint8_t iu, io; /* one past the next candidates */
} thread_cursor;

static bool prev_event(thread_cursor *c, int64_t *t, bool *user)
{
    while (c->io > 0 && c->w->out_kind[c->io - 1] == WATPL_KIND_SERVICE)
        c->io--;
    bool have_u = c->iu > 0, have_o = c->io > 0;
    if (!have_u && !have_o)
        return false;
    if (have_u && (!have_o || c->w->user_t[c->iu - 1] >= c->w->out_t[c->io - 1])) {
        *t = c->w->user_t[--c->iu];
        *user = true;
    } else {
        *t = c->w->out_t[--c->io];
        *user = false;
    }
    return true;
}

/* The thread at now: events no more than 24h apart, back from the latest one
 * at or before now; by_user tells whether its first event was the user's. */
static bool thread_at(const watpl_window *w, int64_t now, int64_t *last, bool *by_user)
{
    thread_cursor c = {w, 0, 0};
    while (c.iu < w->n_user && w->user_t[c.iu] <= now)
        c.iu++;
    while (c.io < w->n_out && w->out_t[c.io] <= now)
        c.io++;
    int64_t t, start;
    bool user;
    if (!prev_event(&c, &t, &user))
        return false;
    *last = start = t;
    *by_user = user;
    while (prev_event(&c, &t, &user) && start < t + WATPL__CSW_SECONDS) {
        start = t;
        *by_user = user;
    }
    return true;
}

/* ---- facts -------------------------------------------------------------------------------- */

void watpl__win_compute_facts(const watpl_window *w, int64_t now, watpl__win_facts *f)
{
    int64_t start;
    f->has_user = last_user_at(w, now, &f->last_user);
    f->has_fep = watpl__win_fep(w, now, &start, &f->fep_until);
    f->has_thread = thread_at(w, now, &f->thread_last, &f->thread_by_user);
}

void watpl__win_refresh(watpl_window *w)
{
    int64_t latest = INT64_MIN;
    if (w->n_user && w->user_t[w->n_user - 1] > latest)
        latest = w->user_t[w->n_user - 1];
    if (w->n_out && w->out_t[w->n_out - 1] > latest)
        latest = w->out_t[w->n_out - 1];
    w->latest_event = latest;
    watpl__win_compute_facts(w, latest, &w->latest);
}
/* Entries in time order; an entry during a running free entry point starts
 * nothing (the user must come back through the ad after it ends). */
bool watpl__win_fep(const watpl_window *w, int64_t now, int64_t *start, int64_t *until)
{
    bool found = false;
    int64_t end = 0;
    for (uint8_t i = 0; i < w->n_entry && w->entry_t[i] <= now; i++) {
        int64_t reply = w->entry_reply[i];
        if ((found && w->entry_t[i] < end) || reply == WATPL__NO_REPLY || reply > now)
            continue;
        found = true;
        *start = reply;
        end = reply + WATPL__FEP_SECONDS;
        *until = end;
    }
    return found;
}
