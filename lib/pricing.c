/* Window queries: may a message be sent now, and how Meta bills it, under
 * per-message pricing (2025-07 and the opt-in 2026-10 schedule) and the
 * earlier conversation-based pricing (docs/window.md).
 * SPDX-License-Identifier: MIT */
#include <string.h>

#include "window_internal.h"

#define PMP_START 1751328000         /* 2025-07-01T00:00:00Z */
#define S2026_START 1790812800       /* 2026-10-01T00:00:00Z */
#define CBP_SERVICE_TIER_START 1685577600 /* 2023-06-01T00:00:00Z */
#define CBP_SERVICE_FREE_ALL 1730419200   /* 2024-11-01T00:00:00Z */
#define FREE_ALLOWANCE 1000

static const char *const reason_names[] = {
    "",
    "csw.open",
    "csw.closed",
    "fep.open",
    "pmp.template",
    "pmp.utility_in_csw",
    "pmp.utility_outside_csw",
    "s2026.utility_in_csw",
    "s2026.service_allowance",
    "s2026.service_over_allowance",
    "cbp.new_conversation",
    "cbp.conversation_open",
    "cbp.fep_conversation",
    "cbp.service_free",
    "cbp.service_charged",
    "cbp.free_tier",
};

const char *watpl_window_reason_name(int reason)
{
    if (reason <= 0 || (size_t)reason >= WATPL__ARRAY_LEN(reason_names))
        return "";
    return reason_names[reason];
}

const char *watpl_pricing_category_name(int c)
{
    switch (c) {
    case WATPL_PCAT_MARKETING: return "marketing";
    case WATPL_PCAT_UTILITY: return "utility";
    case WATPL_PCAT_AUTHENTICATION: return "authentication";
    case WATPL_PCAT_SERVICE: return "service";
    case WATPL_PCAT_REFERRAL_CONVERSION: return "referral_conversion";
    default: return "";
    }
}

const char *watpl_pricing_type_name(int t)
{
    switch (t) {
    case WATPL_PTYPE_REGULAR: return "regular";
    case WATPL_PTYPE_FREE_CUSTOMER_SERVICE: return "free_customer_service";
    case WATPL_PTYPE_FREE_ENTRY_POINT: return "free_entry_point";
    default: return "";
    }
}

void watpl_window_answer_init(watpl_window_answer *a)
{
    if (!a)
        return;
    memset(a, 0, sizeof *a);
    a->version = WATPL_WINDOW_ANSWER_VERSION;
    a->csw_closes_at = WATPL_TIME_NONE;
    a->fep_until = WATPL_TIME_NONE;
}

static int pcat_of_kind(int kind)
{
    return kind; /* WATPL_KIND_* and WATPL_PCAT_* share values 1..4 */
}

static void set(watpl_window_answer *a, bool billable, int pcat, int ptype, int reason)
{
    a->billable = billable;
    a->pricing_category = pcat;
    a->pricing_type = ptype;
    a->reason = reason;
}

/* ---- who opened the conversation ---------------------------------------------------- */

typedef struct event_cursor {
    const watpl_window *w;
    uint8_t iu, io; /* one past the next candidates (walking backwards) */
} event_cursor;

/* Previous opening event (user event or template) at or before now, walking
 * backwards; false at the start of the history. */
static bool prev_event(event_cursor *c, int64_t *t, bool *user)
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

static int initiator(const watpl_window *w, int64_t now, int kind, bool allowed)
{
    event_cursor c = {w, 0, 0};
    while (c.iu < w->n_user && w->user_t[c.iu] <= now)
        c.iu++;
    while (c.io < w->n_out && w->out_t[c.io] <= now)
        c.io++;
    int64_t t, start_t;
    bool user, start_user;
    if (!prev_event(&c, &t, &user) || now >= t + WATPL__CSW_SECONDS)
        return allowed && kind != WATPL_KIND_SERVICE ? WATPL_INITIATOR_BUSINESS : WATPL_INITIATOR_NONE;
    start_t = t;
    start_user = user;
    while (prev_event(&c, &t, &user) && start_t < t + WATPL__CSW_SECONDS) {
        start_t = t;
        start_user = user;
    }
    return start_user ? WATPL_INITIATOR_USER : WATPL_INITIATOR_BUSINESS;
}

/* ---- per-message pricing ----------------------------------------------------------------- */

static void price_pmp(watpl_window_answer *a, int kind, int schedule, int64_t now,
                      int64_t service_sent)
{
    bool s2026 = schedule == WATPL_SCHEDULE_2026_10 && now >= S2026_START;
    a->schedule = s2026 ? WATPL_SCHEDULE_2026_10 : WATPL_SCHEDULE_2025_07;
    a->pricing_model = WATPL_PRICING_PMP;
    if (!a->allowed) {
        set(a, false, WATPL_PCAT_SERVICE, WATPL_PTYPE_NONE, WATPL_REASON_CSW_CLOSED);
        return;
    }
    if (a->fep_open) {
        set(a, false, WATPL_PCAT_REFERRAL_CONVERSION, WATPL_PTYPE_FREE_ENTRY_POINT, WATPL_REASON_FEP_OPEN);
        return;
    }
    switch (kind) {
    case WATPL_KIND_MARKETING:
    case WATPL_KIND_AUTHENTICATION:
        set(a, true, pcat_of_kind(kind), WATPL_PTYPE_REGULAR, WATPL_REASON_PMP_TEMPLATE);
        break;
    case WATPL_KIND_UTILITY:
        if (!a->csw_open)
            set(a, true, WATPL_PCAT_UTILITY, WATPL_PTYPE_REGULAR, WATPL_REASON_PMP_UTILITY_OUTSIDE_CSW);
        else if (s2026)
            set(a, true, WATPL_PCAT_UTILITY, WATPL_PTYPE_REGULAR, WATPL_REASON_S2026_UTILITY_IN_CSW);
        else
            set(a, false, WATPL_PCAT_UTILITY, WATPL_PTYPE_FREE_CUSTOMER_SERVICE,
                WATPL_REASON_PMP_UTILITY_IN_CSW);
        break;
    default:
        if (s2026 && service_sent >= FREE_ALLOWANCE)
            set(a, true, WATPL_PCAT_SERVICE, WATPL_PTYPE_REGULAR, WATPL_REASON_S2026_SERVICE_CHARGED);
        else if (s2026)
            set(a, false, WATPL_PCAT_SERVICE, WATPL_PTYPE_FREE_CUSTOMER_SERVICE,
                WATPL_REASON_S2026_SERVICE_FREE);
        else
            set(a, false, WATPL_PCAT_SERVICE, WATPL_PTYPE_FREE_CUSTOMER_SERVICE, WATPL_REASON_CSW_OPEN);
        break;
    }
}

/* ---- conversation-based pricing ------------------------------------------------------------ */

static bool fep_active_at(const watpl_window *w, int64_t t)
{
    int64_t start, until;
    return watpl__win_fep(w, t, &start, &until) && t < until;
}

/* Replays the retained deliveries up to now: conv_until[k] is when the
 * conversation of kind k (1..4) open at now ends. A free entry point
 * conversation closes the others, and none opens while it runs. */
static void cbp_conversations(const watpl_window *w, int64_t now, int64_t conv_until[5])
{
    for (int k = 0; k < 5; k++)
        conv_until[k] = INT64_MIN;
    for (uint8_t i = 0; i < w->n_out && w->out_t[i] <= now; i++) {
        int64_t t = w->out_t[i];
        int k = w->out_kind[i];
        if (fep_active_at(w, t)) {
            for (int j = 1; j < 5; j++)
                conv_until[j] = INT64_MIN;
            continue;
        }
        bool any = false;
        for (int j = 1; j < 5; j++)
            any |= t < conv_until[j];
        bool opens = k == WATPL_KIND_SERVICE ? !any : t >= conv_until[k];
        if (opens)
            conv_until[k] = t + WATPL__CSW_SECONDS;
    }
}

/* A new conversation under CBP: before 2023-06-01 the first 1000
 * conversations of any kind each month were free; from then the first 1000
 * service conversations; from 2024-11-01 every service conversation. The
 * caller's counter is the business's conversations (service ones from
 * 2023-06-01) already opened this month. */
static void cbp_new_conversation(watpl_window_answer *a, int kind, int64_t now, int64_t opened)
{
    int pcat = pcat_of_kind(kind);
    if (now < CBP_SERVICE_TIER_START && opened < FREE_ALLOWANCE)
        set(a, false, pcat, WATPL_PTYPE_NONE, WATPL_REASON_CBP_FREE_TIER);
    else if (kind != WATPL_KIND_SERVICE || now < CBP_SERVICE_TIER_START)
        set(a, true, pcat, WATPL_PTYPE_NONE,
            kind == WATPL_KIND_SERVICE ? WATPL_REASON_CBP_SERVICE_CHARGED : WATPL_REASON_CBP_NEW_CONVERSATION);
    else if (now >= CBP_SERVICE_FREE_ALL || opened < FREE_ALLOWANCE)
        set(a, false, pcat, WATPL_PTYPE_NONE, WATPL_REASON_CBP_SERVICE_FREE);
    else
        set(a, true, pcat, WATPL_PTYPE_NONE, WATPL_REASON_CBP_SERVICE_CHARGED);
}

static void price_cbp(const watpl_window *w, watpl_window_answer *a, int kind, int64_t now,
                      int64_t opened_this_month)
{
    a->schedule = 0; /* no per-message schedule applies */
    a->pricing_model = WATPL_PRICING_CBP;
    if (!a->allowed) {
        set(a, false, WATPL_PCAT_SERVICE, WATPL_PTYPE_NONE, WATPL_REASON_CSW_CLOSED);
        return;
    }
    if (a->fep_open) {
        set(a, false, WATPL_PCAT_REFERRAL_CONVERSION, WATPL_PTYPE_NONE, WATPL_REASON_CBP_FEP);
        return;
    }
    int64_t conv[5];
    cbp_conversations(w, now, conv);
    if (kind != WATPL_KIND_SERVICE && now < conv[kind]) {
        set(a, false, pcat_of_kind(kind), WATPL_PTYPE_NONE, WATPL_REASON_CBP_CONVERSATION_OPEN);
        return;
    }
    /* Free-form rides on any open conversation, its own category first. */
    for (int k = WATPL_KIND_SERVICE; kind == WATPL_KIND_SERVICE && k > 0; k--) {
        if (now < conv[k]) {
            set(a, false, pcat_of_kind(k), WATPL_PTYPE_NONE, WATPL_REASON_CBP_CONVERSATION_OPEN);
            return;
        }
    }
    cbp_new_conversation(a, kind, now, opened_this_month);
}

int watpl_window_query(const watpl_window *w, int64_t now, int kind, int schedule,
                       int64_t service_sent_this_month, watpl_window_answer *a)
{
    if (!w || !a || a->version < 1 || kind < WATPL_KIND_MARKETING || kind > WATPL_KIND_SERVICE ||
        (schedule != WATPL_SCHEDULE_2025_07 && schedule != WATPL_SCHEDULE_2026_10) ||
        !watpl__time_ok(now) || service_sent_this_month < 0)
        return WATPL_EINVAL;
    uint32_t version = a->version;
    watpl_window_answer_init(a);
    a->version = version < WATPL_WINDOW_ANSWER_VERSION ? version : WATPL_WINDOW_ANSWER_VERSION;
    a->kind = kind;
    int64_t last, start, until;
    if (watpl__win_last_user(w, now, &last)) {
        a->csw_closes_at = last + WATPL__CSW_SECONDS;
        a->csw_open = now < a->csw_closes_at;
    }
    if (watpl__win_fep(w, now, &start, &until)) {
        a->fep_until = until;
        a->fep_open = now < until;
    }
    a->allowed = kind != WATPL_KIND_SERVICE || a->csw_open;
    if (now < PMP_START)
        price_cbp(w, a, kind, now, service_sent_this_month);
    else
        price_pmp(a, kind, schedule, now, service_sent_this_month);
    a->initiator = initiator(w, now, kind, a->allowed);
    return WATPL_OK;
}
