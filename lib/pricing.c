/* Window queries: may a message be sent now, and how Meta bills it, under
 * per-message pricing (2025-07 and the opt-in 2026-10 schedule) and the
 * earlier conversation-based pricing (docs/window.md).
 * SPDX-License-Identifier: MIT */
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
_Static_assert(WATPL__ARRAY_LEN(reason_names) == WATPL_REASON_CBP_FREE_TIER + 1,
               "one name per WATPL_REASON_* value");

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

/* Zeros and absent times in every field. */
static void fill_empty(watpl_window_answer *a)
{
    a->version = WATPL_WINDOW_ANSWER_VERSION;
    a->csw_open = 0;
    a->csw_closes_at = WATPL_TIME_NONE;
    a->fep_open = 0;
    a->allowed = 0;
    a->fep_until = WATPL_TIME_NONE;
    a->billable = 0;
    a->pricing_model = 0;
    a->pricing_category = 0;
    a->pricing_type = 0;
    a->initiator = 0;
    a->schedule = 0;
    a->reason = 0;
    a->kind = 0;
    for (size_t i = 0; i < WATPL__ARRAY_LEN(a->reserved); i++)
        a->reserved[i] = 0;
}

void watpl_window_answer_init(watpl_window_answer *a)
{
    if (a)
        fill_empty(a);
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

/* docs/window.md, "Initiator": the first event of the thread going on at
 * now; with none, a template would start one. */
static int initiator(const watpl__win_facts *f, int64_t now, int kind, bool allowed)
{
    if (f->has_thread && now < f->thread_last + WATPL__CSW_SECONDS)
        return f->thread_by_user ? WATPL_INITIATOR_USER : WATPL_INITIATOR_BUSINESS;
    return allowed && kind != WATPL_KIND_SERVICE ? WATPL_INITIATOR_BUSINESS : WATPL_INITIATOR_NONE;
}

/* ---- per-message pricing ----------------------------------------------------------------- */

#if defined(__GNUC__)
__attribute__((always_inline))
#endif
static inline void price_pmp(watpl_window_answer *a, int kind, int schedule, int64_t now,
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

/* Audits of old invoices are rare: kept out of line so that the common
 * query stays short. */
#if defined(__GNUC__)
__attribute__((noinline, cold))
#endif
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

/* The answer given the facts at now; the arguments are valid. Inlined into
 * both callers so that the common query makes no call. */
#if defined(__GNUC__)
__attribute__((always_inline))
#endif
static inline int answer(const watpl_window *w, const watpl__win_facts *f, int64_t now, int kind,
                         int schedule, int64_t service_sent, watpl_window_answer *a)
{
    /* Only version 1 exists: a newer caller's struct is larger, and its
     * later fields are left as the caller set them. The fields not set here
     * are set on every path below. */
    a->version = WATPL_WINDOW_ANSWER_VERSION;
    a->csw_open = 0;
    a->csw_closes_at = WATPL_TIME_NONE;
    a->fep_open = 0;
    a->fep_until = WATPL_TIME_NONE;
    for (size_t i = 0; i < WATPL__ARRAY_LEN(a->reserved); i++)
        a->reserved[i] = 0;
    a->kind = kind;
    if (f->has_user) {
        a->csw_closes_at = f->last_user + WATPL__CSW_SECONDS;
        a->csw_open = now < a->csw_closes_at;
    }
    if (f->has_fep) {
        a->fep_until = f->fep_until;
        a->fep_open = now < f->fep_until;
    }
    a->allowed = kind != WATPL_KIND_SERVICE || a->csw_open;
    if (now < PMP_START)
        price_cbp(w, a, kind, now, service_sent);
    else
        price_pmp(a, kind, schedule, now, service_sent);
    a->initiator = initiator(f, now, kind, a->allowed);
    return WATPL_OK;
}

/* A query about a time before the latest event: the facts are recomputed. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static int answer_in_the_past(const watpl_window *w, int64_t now, int kind, int schedule,
                              int64_t service_sent, watpl_window_answer *a)
{
    watpl__win_facts f;
    watpl__win_compute_facts(w, now, &f);
    return answer(w, &f, now, kind, schedule, service_sent, a);
}

int watpl_window_query(const watpl_window *w, int64_t now, int kind, int schedule,
                       int64_t service_sent_this_month, watpl_window_answer *a)
{
    if (!w || !a || a->version < 1 || kind < WATPL_KIND_MARKETING || kind > WATPL_KIND_SERVICE ||
        (schedule != WATPL_SCHEDULE_2025_07 && schedule != WATPL_SCHEDULE_2026_10) ||
        !watpl__time_ok(now) || service_sent_this_month < 0)
        return WATPL_EINVAL;
    /* Usually now is after every event, and the cached facts hold. */
    if (now >= w->latest_event)
        return answer(w, &w->latest, now, kind, schedule, service_sent_this_month, a);
    return answer_in_the_past(w, now, kind, schedule, service_sent_this_month, a);
}
