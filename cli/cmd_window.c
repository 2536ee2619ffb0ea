/* `watpl window`: replay events and answer queries, one state per contact
 * (docs/cli.md, docs/window.md). The states, the service counters and the
 * ids of applied events live in the state database (state_db.h): the file
 * of --state, else a temporary one, so memory stays constant for any number
 * of contacts and a run can continue the previous one.
 * SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli_internal.h"
#include "state_db.h"
#include "price_fields.h"
#include "window_event.h"

/* ---- contacts ------------------------------------------------------------------------------- */

typedef struct window_run {
    watpl_ctx *ctx;
    watpl_window *w;     /* the state of the contact of the current event */
    size_t saved_size;
    unsigned char *stored; /* the contact's state as read from the database */
    unsigned char *saved;  /* and as saved after the event */
    state_db *db;
    const char *state_path; /* --state, or NULL: a temporary database */
    unsigned batch;         /* --batch, or 0: STATE_DB_BATCH */
    bool store_failed;      /* a store error stopped the run */
    cli_out out;
    bool json;
    int schedule;
    watpl_rates *rates;  /* the market and price of a phone-number contact */
    const char *currency;
} window_run;

/* The outcomes of a record, besides an exit status. */
#define RECORD_STORE_ERROR (-1)

/* A store error ends the run: the unfinished batch is lost, so nothing
 * more is answered (docs/cli.md, "watpl window"). */
static int store_error(window_run *run, const cli_record *rec)
{
    fflush(run->out.f);
    fprintf(stderr, "watpl window: %s; stopped at %s:%lld%s\n", state_db_errmsg(run->db), rec->file,
            (long long)rec->line,
            run->state_path ? " (the records after the last commit are not saved)" : "");
    run->store_failed = true;
    return RECORD_STORE_ERROR;
}

/* Load id's state into run->w (the empty state for an unknown id): 1
 * stored, 0 new, RECORD_STORE_ERROR, or -2 for a stored state that does
 * not load (an error record, never an answer from an empty state). */
static int load_contact(window_run *run, const cli_record *rec, const char *id, size_t len, size_t *n)
{
    int rc = state_db_get(run->db, id, len, run->stored, run->saved_size, n);
    if (rc < 0)
        return store_error(run, rec);
    if (rc == 0) {
        watpl_window_reset(run->w);
        return 0;
    }
    return watpl_window_load(run->w, run->stored, *n) == WATPL_OK ? 1 : -2;
}

/* ---- service messages per calendar month ------------------------------------------------------ */

/* Year * 12 + month - 1 of a Unix time (proleptic Gregorian, UTC), for any
 * int64_t: days-to-civil after H. Hinnant's public-domain algorithm. */
static int64_t month_of(int64_t t)
{
    int64_t days = t / 86400 - (t % 86400 < 0);
    int64_t z = days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t month = mp < 10 ? mp + 3 : mp - 9;
    int64_t year = yoe + era * 400 + (month <= 2);
    return year * 12 + month - 1;
}

static void year_month(int64_t t, int64_t *year, int *month)
{
    int64_t m = month_of(t);
    *year = m / 12 - (m % 12 < 0);
    *month = (int)(m - *year * 12) + 1;
}

/* ---- output ------------------------------------------------------------------------------------ */

/* The WATPL_KIND_* of a name (the library's table), 0 for none (absent,
 * null, or not a string). */
static int kind_from(const window_field *f)
{
    int kind = f->type == WINDOW_FIELD_STRING ? watpl_kind_from_name(f->str, f->len) : 0;
    return kind > 0 ? kind : 0;
}

static void print_time(FILE *f, int64_t t)
{
    if (t == WATPL_TIME_NONE)
        fputs("null", f);
    else
        fprintf(f, "%lld", (long long)t);
}

static const char *initiator_name(int initiator)
{
    const char *name = watpl_initiator_name(initiator);
    return *name ? name : NULL;
}

static void print_text(const window_run *run, const char *id, size_t id_len, int64_t t, int kind,
                       const watpl_window_answer *a)
{
    const char *ptype = watpl_pricing_type_name(a->pricing_type);
    cli_text(run->out.f, id, id_len, false);
    fprintf(run->out.f, " t=%lld %s: %s, %s, %s %s%s%s (%s), window %s%s", (long long)t,
            watpl_kind_name(kind), a->allowed ? "allowed" : "NOT allowed", a->billable ? "billable" : "free",
            a->pricing_model == WATPL_PRICING_CBP ? "CBP" : "PMP",
            watpl_pricing_category_name(a->pricing_category), *ptype ? "/" : "", ptype,
            watpl_window_reason_name(a->reason), a->csw_open ? "open" : "closed",
            a->fep_open ? ", free entry point" : "");
    cli_price_text(run->out.f, run->ctx, run->rates, a, t, id, id_len, run->currency);
    fputc('\n', run->out.f);
}

static void print_json(const window_run *run, const char *id, size_t id_len, int64_t t, int kind,
                       const watpl_window_answer *a)
{
    FILE *f = run->out.f;
    const char *ptype = watpl_pricing_type_name(a->pricing_type);
    const char *init = initiator_name(a->initiator);
    fputs("{\"contact\":", f);
    cli_json_string(f, id, id_len);
    fprintf(f, ",\"t\":%lld,\"kind\":\"%s\",\"csw_open\":%s,\"csw_closes_at\":", (long long)t,
            watpl_kind_name(kind), a->csw_open ? "true" : "false");
    print_time(f, a->csw_closes_at);
    fprintf(f, ",\"fep_open\":%s,\"fep_until\":", a->fep_open ? "true" : "false");
    print_time(f, a->fep_until);
    fprintf(f, ",\"allowed\":%s,\"billable\":%s,\"pricing_model\":\"%s\",\"pricing_category\":\"%s\"",
            a->allowed ? "true" : "false", a->billable ? "true" : "false",
            a->pricing_model == WATPL_PRICING_CBP ? "CBP" : "PMP",
            watpl_pricing_category_name(a->pricing_category));
    if (*ptype)
        fprintf(f, ",\"pricing_type\":\"%s\"", ptype);
    else
        fputs(",\"pricing_type\":null", f);
    if (init)
        fprintf(f, ",\"initiator\":\"%s\"", init);
    else
        fputs(",\"initiator\":null", f);
    fprintf(f, ",\"reason\":\"%s\"", watpl_window_reason_name(a->reason));
    cli_price_json(f, run->ctx, run->rates, a, t, id, id_len, run->currency);
    if (*watpl_schedule_name(a->schedule))
        fprintf(f, ",\"schedule\":\"%s\"}\n", watpl_schedule_name(a->schedule));
    else
        fputs(",\"schedule\":null}\n", f); /* CBP */
}

static int bad_event(const window_run *run, const cli_record *rec, const char *rule, const char *msg)
{
    cli_print_error_record(&run->out, run->json, rec, rule, msg, rec->line, rec->column, NULL);
    return CLI_EXIT_USAGE;
}

/* ---- events and queries ------------------------------------------------------------------------ */

/* An optional field: absent or null. Any other type is a wrong value. */
static bool is_unset(const window_field *f)
{
    return f->type == WINDOW_FIELD_ABSENT || f->type == WINDOW_FIELD_NULL;
}

static int entry_from(const window_field *f)
{
    if (is_unset(f))
        return WATPL_ENTRY_NONE;
    return window_field_is(f, "ctwa") ? WATPL_ENTRY_CTWA : window_field_is(f, "page_cta") ? WATPL_ENTRY_PAGE_CTA : -1;
}

static int device_from(const window_field *f)
{
    if (is_unset(f) || window_field_is(f, "mobile"))
        return WATPL_DEVICE_MOBILE;
    return window_field_is(f, "desktop") ? WATPL_DEVICE_DESKTOP : -1;
}

static int query(window_run *run, const cli_record *rec, const window_event *ev, const char *id,
                 size_t id_len, int64_t t, int kind)
{
    const window_field *sent = &ev->service_sent_this_month;
    if (sent->type != WINDOW_FIELD_ABSENT && sent->type != WINDOW_FIELD_INTEGER)
        return bad_event(run, rec, "input.json.type", "\"service_sent_this_month\" must be an integer");
    size_t n = 0;
    int loaded = load_contact(run, rec, id, id_len, &n);
    if (loaded == RECORD_STORE_ERROR)
        return CLI_EXIT_USAGE;
    if (loaded < 0)
        return bad_event(run, rec, "state.corrupt", "the contact's stored state does not load back");
    int64_t count = 0;
    if (sent->type == WINDOW_FIELD_INTEGER) {
        count = sent->integer;
    } else {
        int64_t year;
        int month;
        year_month(t, &year, &month);
        if (state_db_service_sent(run->db, year, month, &count) != 0)
            return store_error(run, rec), CLI_EXIT_USAGE;
    }
    watpl_window_answer a;
    watpl_window_answer_init(&a);
    if (watpl_window_query(run->w, t, kind, run->schedule, count, &a) != WATPL_OK)
        return bad_event(run, rec, "input.json.value",
                         "\"t\" is out of range or \"service_sent_this_month\" is negative");
    if (run->json)
        print_json(run, id, id_len, t, kind, &a);
    else
        print_text(run, id, id_len, t, kind, &a);
    return CLI_EXIT_OK;
}

/* The longest interval the library adds to a time (a free entry point). */
#define WINDOW_LONGEST (3 * 86400)

static int apply_event(watpl_window *w, const window_field *type, int64_t t, int kind, int entry, int device)
{
    if (window_field_is(type, "inbound"))
        return watpl_window_inbound(w, t, entry, device);
    if (window_field_is(type, "call"))
        return watpl_window_call(w, t);
    if (window_field_is(type, "welcome"))
        return watpl_window_welcome(w, t);
    return watpl_window_outbound(w, t, kind);
}

/* The event's "id" (a WhatsApp message id): absent, or a string of 1 to
 * STATE_DB_KEY_MAX bytes; 0, or an exit status after an error record. */
static int event_id(window_run *run, const cli_record *rec, const window_event *ev, const char **id,
                    size_t *len)
{
    *id = NULL;
    *len = 0;
    if (is_unset(&ev->id))
        return 0;
    if (ev->id.type != WINDOW_FIELD_STRING)
        return bad_event(run, rec, "input.json.type", "\"id\" must be a string");
    *id = ev->id.str;
    *len = ev->id.len;
    if (*len == 0)
        return bad_event(run, rec, "input.json.value", "\"id\" must not be empty");
    if (*len > STATE_DB_KEY_MAX)
        return bad_event(run, rec, "input.too_large", "an event id is at most 256 bytes");
    return 0;
}

static int event(window_run *run, const cli_record *rec, const window_event *ev, const char *id,
                 size_t id_len, int64_t t, int kind)
{
    int entry = entry_from(&ev->entry), device = device_from(&ev->device);
    if (entry < 0 || device < 0)
        return bad_event(run, rec, "input.json.value",
                         "\"entry\" must be ctwa or page_cta, \"device\" mobile or desktop");
    if (t > INT64_MAX - WINDOW_LONGEST) /* checked before a contact is made for it */
        return bad_event(run, rec, "input.json.value", "\"t\" is out of range");
    const char *wamid;
    size_t wamid_len;
    int st = event_id(run, rec, ev, &wamid, &wamid_len);
    if (st)
        return st;
    size_t n = 0;
    int loaded = load_contact(run, rec, id, id_len, &n);
    if (loaded == RECORD_STORE_ERROR)
        return CLI_EXIT_USAGE;
    if (loaded < 0)
        return bad_event(run, rec, "state.corrupt", "the contact's stored state does not load back");
    if (wamid) { /* a repeated delivery of the same webhook changes nothing */
        int fresh = state_db_claim_id(run->db, wamid, wamid_len, id, id_len, t);
        if (fresh < 0)
            return store_error(run, rec), CLI_EXIT_USAGE;
        if (fresh == 0)
            return CLI_EXIT_OK;
    }
    if (apply_event(run->w, &ev->type, t, kind, entry, device) != WATPL_OK)
        return bad_event(run, rec, "input.json.value", "\"t\" is out of range");
    size_t saved_len = 0;
    if (watpl_window_save(run->w, run->saved, run->saved_size, &saved_len) != WATPL_OK)
        return bad_event(run, rec, "input.too_large", "cannot save a contact's state");
    /* an event the state already holds (or too old to keep) writes nothing */
    bool changed = loaded == 0 || n != saved_len || memcmp(run->stored, run->saved, n) != 0;
    if (changed && state_db_put(run->db, id, id_len, run->saved, saved_len) != 0)
        return store_error(run, rec), CLI_EXIT_USAGE;
    if (window_field_is(&ev->type, "outbound") && kind == WATPL_KIND_SERVICE) {
        int64_t year;
        int month;
        year_month(t, &year, &month);
        if (state_db_add_service(run->db, year, month) != 0)
            return store_error(run, rec), CLI_EXIT_USAGE;
    }
    return CLI_EXIT_OK;
}

static bool is_one_of(const window_field *f, const char *const *names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (window_field_is(f, names[i]))
            return true;
    return false;
}

static int apply(window_run *run, const cli_record *rec, const window_event *ev)
{
    static const char *const types[] = {"inbound", "call", "welcome", "outbound", "query"};
    if (ev->contact.type != WINDOW_FIELD_STRING || ev->type.type != WINDOW_FIELD_STRING ||
        ev->t.type != WINDOW_FIELD_INTEGER)
        return bad_event(run, rec, "input.json.type",
                         "an event needs \"contact\" (string), \"type\" (string) and \"t\" (integer)");
    if (!is_one_of(&ev->type, types, sizeof types / sizeof *types))
        return bad_event(run, rec, "input.json.value",
                         "\"type\" must be inbound, call, welcome, outbound or query");
    int kind = kind_from(&ev->kind);
    bool is_query = window_field_is(&ev->type, "query");
    bool needs_kind = is_query || window_field_is(&ev->type, "outbound");
    if (needs_kind && !kind)
        return bad_event(run, rec, "input.json.value",
                         "\"kind\" must be MARKETING, UTILITY, AUTHENTICATION or SERVICE");
    const char *id = ev->contact.str;
    size_t id_len = ev->contact.len;
    if (id_len == 0)
        return bad_event(run, rec, "input.json.value", "\"contact\" must not be empty");
    if (id_len > STATE_DB_KEY_MAX)
        return bad_event(run, rec, "input.too_large", "a contact id is at most 256 bytes");
    int64_t t = ev->t.integer;
    if (is_query)
        return query(run, rec, ev, id, id_len, t, kind);
    return event(run, rec, ev, id, id_len, t, kind);
}

/* A line of any other shape, through jansson as every line once was: its
 * fields into *ev, pointing into *parsed, which the caller frees after the
 * event. 0, or an exit status after the error record of a line jansson
 * refuses (its text and position). */
static int parse_event(window_run *run, const cli_record *rec, window_event *ev, json_t **parsed)
{
    json_error_t err;
    memset(&err, 0, sizeof err); /* jansson leaves it unset when it fails early (no memory) */
    *parsed = json_loadb(rec->data, rec->len, JSON_REJECT_DUPLICATES, &err);
    if (!*parsed) {
        /* jansson says "out of memory", or nothing at all, when it runs out */
        if (json_error_code(&err) == json_error_out_of_memory || !err.text[0])
            return bad_event(run, rec, "input.too_large", "out of memory for this record");
        int64_t line, col;
        cli_record_position(rec, err.line, err.column, &line, &col);
        cli_print_error_record(&run->out, run->json, rec, "input.json.syntax", err.text, line, col, NULL);
        return CLI_EXIT_USAGE;
    }
    window_event_from_json(ev, *parsed);
    return 0;
}

static int window_record(const cli_record *rec, void *ud)
{
    window_run *run = ud;
    if (run->store_failed) /* the run has stopped: the rest is not read */
        return CLI_EXIT_USAGE;
    window_event ev;
    json_t *parsed = NULL;
    /* A line the scanner reads is ASCII with at most 17 JSON values (the
     * known keys, once each): cli_check_record would pass it. */
    if (!window_event_scan(&ev, rec->data, rec->len)) { /* not the common shape */
        if (cli_check_record(&run->out, run->json, rec) != CLI_EXIT_OK)
            return CLI_EXIT_USAGE; /* invalid UTF-8 or too many values, as lint reports them */
        int st = parse_event(run, rec, &ev, &parsed);
        if (st)
            return st;
    }
    int st = parsed && !json_is_object(parsed) ? bad_event(run, rec, "input.json.type", "an event is a JSON object")
                                                : apply(run, rec, &ev);
    json_decref(parsed);
    if (!run->store_failed && state_db_record_done(run->db) != 0)
        store_error(run, rec);
    return run->store_failed ? CLI_EXIT_USAGE : st;
}

/* ---- command ------------------------------------------------------------------------------------ */

static int usage_error(const char *what, const char *arg)
{
    fprintf(stderr, "watpl window: %s%s%s\n"
                    "usage: watpl window [--json] [--schedule 2025-07|2026-10] [--state PATH] [--batch N] [--currency CUR] [FILE...]\n",
            what, arg ? " " : "", arg ? arg : "");
    return CLI_EXIT_USAGE;
}

/* Options into run and files; 0 or an exit status. */
static int parse_args(int argc, char **argv, window_run *run, cli_files *files)
{
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--json") == 0) {
            run->json = true;
        } else if (strcmp(arg, "--schedule") == 0 || strncmp(arg, "--schedule=", 11) == 0) {
            const char *v = arg[10] == '=' ? arg + 11 : i + 1 < argc ? argv[++i] : "";
            run->schedule = watpl_schedule_from_name(v, strlen(v));
            if (run->schedule < 0)
                return usage_error("--schedule must be 2025-07 or 2026-10, not", v);
        } else if (strcmp(arg, "--state") == 0 || strncmp(arg, "--state=", 8) == 0) {
            const char *v = arg[7] == '=' ? arg + 8 : i + 1 < argc ? argv[++i] : "";
            if (!*v)
                return usage_error("--state needs the path of a database", NULL);
            run->state_path = v;
        } else if (strcmp(arg, "--batch") == 0 || strncmp(arg, "--batch=", 8) == 0) {
            const char *v = arg[7] == '=' ? arg + 8 : i + 1 < argc ? argv[++i] : "";
            unsigned long n = 0;
            size_t k = 0;
            for (; v[k] >= '0' && v[k] <= '9' && n <= STATE_DB_BATCH_MAX; k++)
                n = n * 10 + (unsigned long)(v[k] - '0');
            if (k == 0 || v[k] != '\0' || n < 1 || n > STATE_DB_BATCH_MAX)
                return usage_error("--batch is a number of records from 1 to 10000000, not", v);
            run->batch = (unsigned)n;
        } else if (strcmp(arg, "--currency") == 0 || strncmp(arg, "--currency=", 11) == 0) {
            run->currency = arg[10] == '=' ? arg + 11 : i + 1 < argc ? argv[++i] : "";
            const char *c = run->currency;
            if (strlen(c) != 3 || c[0] < 'A' || c[0] > 'Z' || c[1] < 'A' || c[1] > 'Z' || c[2] < 'A' || c[2] > 'Z')
                return usage_error("--currency is an ISO 4217 code (USD, EUR, INR), not", run->currency);
        } else if (strcmp(arg, "--") == 0) {
            while (++i < argc)
                files->paths[files->count++] = argv[i];
        } else if (arg[0] == '-' && arg[1] != '\0') {
            return usage_error("unknown option", arg);
        } else {
            files->paths[files->count++] = argv[i];
        }
    }
    return 0;
}

int watpl__cmd_window(int argc, char **argv)
{
    window_run run = {.schedule = WATPL_SCHEDULE_2025_07, .currency = "USD"};
    char **paths = calloc((size_t)argc + 1, sizeof *paths);
    if (!paths)
        return CLI_EXIT_USAGE;
    cli_files files = {paths, 0};
    int st = parse_args(argc, argv, &run, &files);
    char why[600] = "";
    if (st == 0) {
        cli_out_init(&run.out, stdout);
        run.saved_size = watpl_window_saved_size();
        run.stored = malloc(run.saved_size);
        run.saved = malloc(run.saved_size);
        if (!run.stored || !run.saved || watpl_ctx_new(&run.ctx) || watpl_window_new(&run.w, run.ctx) ||
            watpl_rates_new(&run.rates, run.ctx)) {
            fputs("watpl window: out of memory\n", stderr);
            st = CLI_EXIT_USAGE;
        } else if (state_db_open(&run.db, run.state_path,
                                 run.state_path ? STATE_DB_READ_WRITE : STATE_DB_TEMPORARY, why,
                                 sizeof why) != 0) {
            fprintf(stderr, "watpl window: %s\n", why);
            st = CLI_EXIT_USAGE;
        } else {
            if (run.batch)
                state_db_set_batch(run.db, run.batch);
            st = cli_for_each_record(&files, 1 << 20, window_record, &run, &run.out, run.json);
        }
    }
    if (run.db && state_db_close(run.db, why, sizeof why) != 0 && !run.store_failed) {
        fflush(stdout);
        fprintf(stderr, "watpl window: %s; the records after the last commit are not saved\n", why);
        st = CLI_EXIT_USAGE;
    }
    watpl_rates_free(run.rates);
    watpl_window_free(run.w);
    watpl_ctx_free(run.ctx);
    free(run.stored);
    free(run.saved);
    free(paths);
    return st;
}
