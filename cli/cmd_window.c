/* `watpl window`: replay events and answer queries, one state per contact
 * (docs/cli.md, docs/window.md). SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli_internal.h"

typedef struct contact {
    char *id;
    watpl_window *w;
} contact;

typedef struct window_run {
    watpl_ctx *ctx;
    cli_out out;
    bool json;
    int schedule;
    contact *table; /* open addressing */
    size_t cap, n;
    size_t queries;
} window_run;

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

static bool grow(window_run *run)
{
    size_t cap = run->cap ? run->cap * 2 : 64;
    contact *t = calloc(cap, sizeof *t);
    if (!t)
        return false;
    for (size_t i = 0; i < run->cap; i++) {
        if (!run->table[i].id)
            continue;
        size_t j = hash_str(run->table[i].id) & (cap - 1);
        while (t[j].id)
            j = (j + 1) & (cap - 1);
        t[j] = run->table[i];
    }
    free(run->table);
    run->table = t;
    run->cap = cap;
    return true;
}

static watpl_window *window_for(window_run *run, const char *id)
{
    if ((run->n + 1) * 2 > run->cap && !grow(run))
        return NULL;
    size_t j = hash_str(id) & (run->cap - 1);
    while (run->table[j].id) {
        if (strcmp(run->table[j].id, id) == 0)
            return run->table[j].w;
        j = (j + 1) & (run->cap - 1);
    }
    char *copy = strdup(id);
    watpl_window *w = NULL;
    if (!copy || watpl_window_new(&w, run->ctx) != WATPL_OK) {
        free(copy);
        return NULL;
    }
    run->table[j].id = copy;
    run->table[j].w = w;
    run->n++;
    return w;
}

static int kind_from(const char *s)
{
    static const char *const names[] = {"", "MARKETING", "UTILITY", "AUTHENTICATION", "SERVICE"};
    for (int k = 1; s && k <= 4; k++)
        if (strcmp(s, names[k]) == 0)
            return k;
    return 0;
}

static void print_time(FILE *f, int64_t t)
{
    if (t == WATPL_TIME_NONE)
        fputs("null", f);
    else
        fprintf(f, "%lld", (long long)t);
}

static void print_answer(window_run *run, const char *id, int64_t t, const char *kind,
                         const watpl_window_answer *a)
{
    FILE *f = run->out.f;
    const char *ptype = watpl_pricing_type_name(a->pricing_type);
    const char *init = a->initiator == WATPL_INITIATOR_USER       ? "user"
                       : a->initiator == WATPL_INITIATOR_BUSINESS ? "business"
                                                                  : NULL;
    const char *model = a->pricing_model == WATPL_PRICING_CBP ? "CBP" : "PMP";
    if (!run->json) {
        fprintf(f, "%s t=%lld %s: %s, %s, %s/%s (%s)%s%s\n", id, (long long)t, kind,
                a->allowed ? "allowed" : "NOT allowed", a->billable ? "billable" : "free", model,
                watpl_pricing_category_name(a->pricing_category), watpl_window_reason_name(a->reason),
                a->csw_open ? ", window open" : ", window closed", a->fep_open ? ", free entry point" : "");
        return;
    }
    fputs("{\"contact\":", f);
    cli_json_string(f, id, strlen(id));
    fprintf(f, ",\"t\":%lld,\"kind\":\"%s\",\"csw_open\":%s,\"csw_closes_at\":", (long long)t, kind,
            a->csw_open ? "true" : "false");
    print_time(f, a->csw_closes_at);
    fprintf(f, ",\"fep_open\":%s,\"fep_until\":", a->fep_open ? "true" : "false");
    print_time(f, a->fep_until);
    fprintf(f, ",\"allowed\":%s,\"billable\":%s,\"pricing_model\":\"%s\",\"pricing_category\":\"%s\"",
            a->allowed ? "true" : "false", a->billable ? "true" : "false", model,
            watpl_pricing_category_name(a->pricing_category));
    if (*ptype)
        fprintf(f, ",\"pricing_type\":\"%s\"", ptype);
    else
        fputs(",\"pricing_type\":null", f);
    if (init)
        fprintf(f, ",\"initiator\":\"%s\"", init);
    else
        fputs(",\"initiator\":null", f);
    fprintf(f, ",\"reason\":\"%s\"}\n", watpl_window_reason_name(a->reason));
}

static int bad_event(window_run *run, const cli_record *rec, const char *rule, const char *msg)
{
    cli_print_error_record(&run->out, run->json, rec, rule, msg, rec->line, rec->column, NULL);
    return CLI_EXIT_USAGE;
}

static int apply(window_run *run, const cli_record *rec, json_t *ev)
{
    const char *id = json_string_value(json_object_get(ev, "contact"));
    const char *type = json_string_value(json_object_get(ev, "type"));
    json_t *jt = json_object_get(ev, "t");
    if (!id || !type || !json_is_integer(jt))
        return bad_event(run, rec, "input.json.type",
                         "an event needs \"contact\" (string), \"type\" (string) and \"t\" (integer)");
    int64_t t = (int64_t)json_integer_value(jt);
    watpl_window *w = window_for(run, id);
    if (!w)
        return bad_event(run, rec, "input.too_large", "out of memory");
    const char *kind_s = json_string_value(json_object_get(ev, "kind"));
    int kind = kind_from(kind_s);
    int rc;
    if (strcmp(type, "inbound") == 0) {
        const char *entry = json_string_value(json_object_get(ev, "entry"));
        const char *device = json_string_value(json_object_get(ev, "device"));
        int e = !entry ? WATPL_ENTRY_NONE : strcmp(entry, "ctwa") == 0 ? WATPL_ENTRY_CTWA
                : strcmp(entry, "page_cta") == 0 ? WATPL_ENTRY_PAGE_CTA : -1;
        int d = !device || strcmp(device, "mobile") == 0 ? WATPL_DEVICE_MOBILE
                : strcmp(device, "desktop") == 0 ? WATPL_DEVICE_DESKTOP : -1;
        rc = watpl_window_inbound(w, t, e, d);
    } else if (strcmp(type, "call") == 0) {
        rc = watpl_window_call(w, t);
    } else if (strcmp(type, "welcome") == 0) {
        rc = watpl_window_welcome(w, t);
    } else if (strcmp(type, "outbound") == 0) {
        rc = watpl_window_outbound(w, t, kind);
    } else if (strcmp(type, "query") == 0) {
        json_t *sent = json_object_get(ev, "service_sent_this_month");
        watpl_window_answer a;
        watpl_window_answer_init(&a);
        rc = watpl_window_query(w, t, kind, run->schedule,
                                json_is_integer(sent) ? (int64_t)json_integer_value(sent) : 0, &a);
        if (rc == WATPL_OK) {
            run->queries++;
            print_answer(run, id, t, kind_s, &a);
        }
    } else {
        return bad_event(run, rec, "input.json.type",
                         "\"type\" must be inbound, call, welcome, outbound or query");
    }
    if (rc != WATPL_OK)
        return bad_event(run, rec, "input.json.type",
                         "invalid event: check \"t\", \"kind\", \"entry\" and \"device\"");
    return CLI_EXIT_OK;
}

static int window_record(const cli_record *rec, void *ud)
{
    window_run *run = ud;
    json_error_t err;
    json_t *ev = json_loadb(rec->data, rec->len, JSON_REJECT_DUPLICATES, &err);
    if (!ev) {
        int64_t line, col;
        cli_record_position(rec, err.line, err.column, &line, &col);
        cli_print_error_record(&run->out, run->json, rec, "input.json.syntax", err.text, line, col, NULL);
        return CLI_EXIT_USAGE;
    }
    int st = json_is_object(ev) ? apply(run, rec, ev)
                                : bad_event(run, rec, "input.json.type", "an event is a JSON object");
    json_decref(ev);
    return st;
}

int watpl__cmd_window(int argc, char **argv)
{
    window_run run = {0};
    run.schedule = WATPL_SCHEDULE_2025_07;
    char **paths = calloc((size_t)argc + 1, sizeof *paths);
    if (!paths)
        return CLI_EXIT_USAGE;
    cli_files files = {paths, 0};
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0) {
            run.json = true;
        } else if (strncmp(argv[i], "--schedule", 10) == 0) {
            const char *v = argv[i][10] == '=' ? argv[i] + 11 : (i + 1 < argc ? argv[++i] : "");
            if (strcmp(v, "2025-07") == 0) {
                run.schedule = WATPL_SCHEDULE_2025_07;
            } else if (strcmp(v, "2026-10") == 0) {
                run.schedule = WATPL_SCHEDULE_2026_10;
            } else {
                fprintf(stderr, "watpl window: --schedule must be 2025-07 or 2026-10\n");
                free(paths);
                return CLI_EXIT_USAGE;
            }
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            fprintf(stderr, "watpl window: unknown option '%s'\n"
                            "usage: watpl window [--json] [--schedule 2025-07|2026-10] [FILE...]\n",
                    argv[i]);
            free(paths);
            return CLI_EXIT_USAGE;
        } else {
            paths[files.count++] = argv[i];
        }
    }
    int st = CLI_EXIT_USAGE;
    if (watpl_ctx_new(&run.ctx) == WATPL_OK) {
        cli_out_init(&run.out, stdout);
        st = cli_for_each_record(&files, 1 << 20, window_record, &run, &run.out, run.json);
    }
    for (size_t i = 0; i < run.cap; i++) {
        free(run.table[i].id);
        watpl_window_free(run.table[i].w);
    }
    free(run.table);
    watpl_ctx_free(run.ctx);
    free(paths);
    return st;
}
