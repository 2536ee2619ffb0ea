/* `watpl broadcast`: plan a campaign of one template to many recipients:
 * for each send payload, whether it may be sent, whether Meta bills it and
 * at what list price, and the rendered message or its send.* diagnostics;
 * then the totals (docs/cli.md, docs/pricing.md). One record at a time:
 * memory does not grow with the number of recipients.
 * SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli_internal.h"
#include "state_db.h"

/* Totals by market and category: bounded by the markets of the cards. */
#define TOTALS_MAX 512
#define CATEGORIES 6 /* WATPL_PCAT_* 1..5 */

typedef struct total {
    const char *market; /* static strings of the library */
    int64_t billable[CATEGORIES], unknown[CATEGORIES], micros[CATEGORIES];
    int64_t free;
} total;

typedef struct summary {
    int64_t recipients, sendable, free, billable, unknown, not_allowed, render_errors, invalid;
    int64_t micros;
    bool overflow;
    size_t n_totals;
    total totals[TOTALS_MAX];
} summary;

typedef struct broadcast {
    watpl_ctx *ctx;
    watpl_template *tpl;
    watpl_prepared *prep;   /* the template prepared once for every send */
    watpl_params *params;   /* reused for each payload */
    watpl_rendered *rendered;
    watpl_rates *rates;
    watpl_window *w;
    state_db *db;              /* --state, opened read-only */
    bool ids_plus, ids_digits; /* the database has contact ids "+digits...", "digits..." */
    const char *state_path;
    cli_out out;
    bool json, auth_international;
    int kind, schedule;
    int64_t at, service_sent;
    char currency[4];
    summary sum;
} broadcast;

/* ---- the state database (read only; schema of docs/state-db.md) -------------------------------- */

/* Year and month (1..12) of a Unix time, UTC. */
static void civil_month(int64_t t, int64_t *year, int *month)
{
    int64_t days = t / 86400 - (t % 86400 < 0), z = days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097, doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
    int64_t m = mp < 10 ? mp + 3 : mp - 9;
    *year = yoe + era * 400 + (m <= 2);
    *month = (int)m;
}

/* Open --state read-only (state_db.h: its checks, one read transaction for
 * the whole run, so that every recipient is planned from the same
 * snapshot), and read what every recipient shares. */
static int db_open(broadcast *b)
{
    char why[600];
    if (state_db_open(&b->db, b->state_path, STATE_DB_READ_ONLY, why, sizeof why) != 0) {
        fprintf(stderr, "watpl broadcast: %s\n", why);
        return -1;
    }
    int64_t year;
    int month;
    civil_month(b->at, &year, &month);
    if (state_db_any_contact_between(b->db, "+", ",", &b->ids_plus) ||
        state_db_any_contact_between(b->db, "0", ":", &b->ids_digits) ||
        state_db_service_sent(b->db, year, month, &b->service_sent)) {
        fprintf(stderr, "watpl broadcast: %s\n", state_db_errmsg(b->db));
        return -1;
    }
    return 0;
}

/* The recipient's window: its state under `to` as given, else as "+digits",
 * else as digits (a gateway may key contacts either way). */
static int load_window(broadcast *b, const char *to, size_t len, const char **why)
{
    watpl_window_reset(b->w);
    if (!b->db)
        return 0;
    char alt[40];
    size_t n = 0;
    for (size_t i = 0; i < len && n < sizeof alt - 2; i++)
        if (to[i] >= '0' && to[i] <= '9')
            alt[1 + n++] = to[i];
    alt[0] = '+';
    /* as given, then as "+digits" and as "digits" when the database has ids
     * of that form */
    const char *forms[3] = {to, alt, alt + 1};
    size_t lens[3] = {len, n + 1, n};
    bool tried[3] = {true, b->ids_plus, b->ids_digits};
    for (int k = 0; k < 3; k++) {
        if (!tried[k] || lens[k] == 0 || lens[k] > STATE_DB_KEY_MAX || /* no such id is stored */
            (k > 0 && lens[k] == len && memcmp(forms[k], to, len) == 0))
            continue;
        int rc = state_db_load_window(b->db, forms[k], lens[k], b->w);
        if (rc == 1)
            return 1;
        if (rc < 0) {
            *why = rc == -2 ? "the stored window state of this contact does not load (state.corrupt)"
                            : state_db_errmsg(b->db);
            watpl_window_reset(b->w);
            return -1;
        }
    }
    return 0;
}

/* ---- totals ------------------------------------------------------------------------------------- */

static total *total_of(summary *s, const char *market)
{
    for (size_t i = 0; i < s->n_totals; i++)
        if (s->totals[i].market == market || strcmp(s->totals[i].market, market) == 0)
            return &s->totals[i];
    if (s->n_totals == TOTALS_MAX)
        return NULL;
    total *t = &s->totals[s->n_totals++];
    memset(t, 0, sizeof *t);
    t->market = market;
    return t;
}

static void add_micros(summary *s, int64_t *into, int64_t v)
{
    if (__builtin_add_overflow(*into, v, into))
        s->overflow = true;
}

static void count(broadcast *b, const watpl_window_answer *a, const watpl_price *p, bool sendable)
{
    summary *s = &b->sum;
    if (!sendable)
        return;
    s->sendable++;
    total *t = total_of(s, p->market);
    int cat = a->pricing_category > 0 && a->pricing_category < CATEGORIES ? a->pricing_category : 0;
    if (!a->billable) {
        s->free++;
        if (t)
            t->free++;
        return;
    }
    s->billable++;
    if (t)
        t->billable[cat]++;
    if (!p->known) {
        s->unknown++;
        if (t)
            t->unknown[cat]++;
        return;
    }
    add_micros(s, &s->micros, p->amount_micros);
    if (t)
        add_micros(s, &t->micros[cat], p->amount_micros);
}

/* ---- output -------------------------------------------------------------------------------------- */

static void print_amount(FILE *f, int64_t micros, bool quoted)
{
    char frac[8];
    snprintf(frac, sizeof frac, "%06lld", (long long)(micros % 1000000));
    int keep = 6;
    while (keep > 2 && frac[keep - 1] == '0')
        keep--;
    fprintf(f, "%s%lld.%.*s%s", quoted ? "\"" : "", (long long)(micros / 1000000), keep, frac, quoted ? "\"" : "");
}

static const char *bool_name(bool v)
{
    return v ? "true" : "false";
}

static void print_record_json(broadcast *b, const cli_record *rec, const char *to, size_t to_len,
                              const watpl_window_answer *a, const watpl_price *p, bool sendable, const char *rendered,
                              size_t rendered_len, const char *error_rule, const char *error)
{
    FILE *f = b->out.f;
    fputc('{', f);
    cli_json_source(f, rec);
    fputs(",\"to\":", f);
    cli_json_string(f, to, to_len);
    if (error_rule) {
        fprintf(f, ",\"market\":null,\"country\":null,\"allowed\":false,\"sendable\":false,\"billable\":false,"
                   "\"pricing_category\":null,\"pricing_type\":null,\"reason\":null,\"price\":null,\"price_micros\":null,"
                   "\"currency\":null,\"price_reason\":null,\"error\":{\"rule\":\"%s\",\"message\":",
                error_rule);
        cli_json_string(f, error, strlen(error));
        fputs("}}\n", f);
        return;
    }
    const char *ptype = watpl_pricing_type_name(a->pricing_type);
    fputs(",\"market\":", f);
    cli_json_string(f, p->market, strlen(p->market));
    if (*p->country_iso)
        fprintf(f, ",\"country\":\"%s\"", p->country_iso);
    else
        fputs(",\"country\":null", f);
    fprintf(f, ",\"allowed\":%s,\"sendable\":%s,\"billable\":%s,\"pricing_model\":\"%s\",\"pricing_category\":\"%s\"",
            bool_name(a->allowed), bool_name(sendable), bool_name(a->billable),
            a->pricing_model == WATPL_PRICING_CBP ? "CBP" : "PMP", watpl_pricing_category_name(a->pricing_category));
    if (*ptype)
        fprintf(f, ",\"pricing_type\":\"%s\"", ptype);
    else
        fputs(",\"pricing_type\":null", f);
    fprintf(f, ",\"reason\":\"%s\",\"price\":", watpl_window_reason_name(a->reason));
    if (p->known) {
        fputs(p->amount, f);
        fprintf(f, ",\"price_micros\":%lld,\"currency\":\"%s\"", (long long)p->amount_micros, p->currency);
    } else {
        fputs("null,\"price_micros\":null,\"currency\":null", f);
    }
    fprintf(f, ",\"price_reason\":\"%s\"", watpl_price_reason_name(p->reason));
    if (p->auth_international)
        fputs(",\"authentication_international\":true", f);
    if (rendered && rendered_len >= 2) {
        fputs(",\"rendered\":", f);
        fwrite(rendered, 1, rendered_len, f);
    }
    fputs("}\n", f);
}

static void print_record_text(broadcast *b, const char *to, size_t to_len, const watpl_window_answer *a,
                              const watpl_price *p, bool sendable, const watpl_rendered *r, const char *error)
{
    FILE *f = b->out.f;
    int tl = (int)(to_len > 20 ? 20 : to_len);
    if (error) {
        fprintf(f, "%-20.*s  %s%s%s\n", tl, to, cli_color(&b->out, "err"), error, cli_color(&b->out, "reset"));
        return;
    }
    const char *ptype = watpl_pricing_type_name(a->pricing_type);
    char category[48];
    snprintf(category, sizeof category, "%s%s%s", watpl_pricing_category_name(a->pricing_category), *ptype ? "/" : "",
             ptype);
    fprintf(f, "%-20.*s  %-24s %-4s %-4s %-36s ", tl, to, p->market, sendable ? "yes" : "no",
            a->billable ? "yes" : "no", category);
    if (p->known)
        fprintf(f, "%s %s\n", p->amount, p->currency);
    else
        fprintf(f, "unknown (%s)\n", watpl_price_reason_name(p->reason));
    if (!a->allowed)
        fprintf(f, "    not allowed: %s\n", watpl_window_reason_name(a->reason));
    const watpl_report *rep = r ? watpl_rendered_report(r) : NULL;
    for (size_t i = 0; rep && i < watpl_report_count(rep); i++)
        fprintf(f, "    %s %s: %s\n", watpl_report_severity(rep, i) == WATPL_SEVERITY_ERROR ? "error" : "warning",
                watpl_report_rule(rep, i), watpl_report_message(rep, i));
}

/* ---- one recipient ------------------------------------------------------------------------------- */

static int bad_record(broadcast *b, const cli_record *rec, const char *rule, const char *msg)
{
    cli_print_error_record(&b->out, b->json, rec, rule, msg, rec->line, rec->column, NULL);
    return CLI_EXIT_USAGE;
}

/* A recipient that cannot be priced or planned (not a phone number, a
 * damaged stored state): one record saying why. */
static void print_record_json_or_text(broadcast *b, const cli_record *rec, const char *to, size_t to_len,
                                      const char *rule, const char *why)
{
    if (b->json)
        print_record_json(b, rec, to, to_len, NULL, NULL, false, NULL, 0, rule, why);
    else
        print_record_text(b, to, to_len, NULL, NULL, false, NULL, why);
}

static int broadcast_record(const cli_record *rec, void *ud)
{
    broadcast *b = ud;
    watpl_params_clear(b->params);
    if (watpl_params_add_json(b->ctx, b->params, rec->data, rec->len) != WATPL_OK) {
        cli_print_parse_error(&b->out, b->json, rec, b->ctx);
        return CLI_EXIT_USAGE;
    }
    size_t to_len = 0;
    const char *to = watpl_params_to(b->params, &to_len);
    if (!to || to_len > 255)
        return bad_record(b, rec, "input.json.type",
                          "a broadcast payload is a message object with \"to\" (a string of at most 255 bytes)");
    b->sum.recipients++;
    const char *why = NULL;
    watpl_window_answer a;
    watpl_window_answer_init(&a);
    watpl_price p;
    watpl_price_init(&p);
    if (load_window(b, to, to_len, &why) < 0) {
        b->sum.invalid++;
        print_record_json_or_text(b, rec, to, to_len, "state.corrupt", why);
        return CLI_EXIT_USAGE;
    }
    if (watpl_window_query(b->w, b->at, b->kind, b->schedule, b->service_sent, &a) != WATPL_OK)
        return bad_record(b, rec, "input.json.value", "--at is out of range");
    if (watpl_window_answer_price(b->ctx, b->rates, &a, b->at, to, to_len, b->currency, 3,
                                  b->auth_international ? WATPL_PRICE_AUTH_INTERNATIONAL : 0, &p) != WATPL_OK) {
        b->sum.invalid++;
        print_record_json_or_text(b, rec, to, to_len, watpl_ctx_error_rule(b->ctx), watpl_ctx_errmsg(b->ctx));
        return CLI_EXIT_OK;
    }
    if (watpl_send_render(b->ctx, b->prep, b->params, b->rendered) != WATPL_OK) {
        b->sum.recipients--;
        return bad_record(b, rec, "input.too_large", watpl_ctx_errmsg(b->ctx));
    }
    bool render_ok = watpl_report_errors(watpl_rendered_report(b->rendered)) == 0;
    bool sendable = a.allowed && render_ok;
    b->sum.not_allowed += !a.allowed;
    b->sum.render_errors += !render_ok;
    count(b, &a, &p, sendable);
    int st = CLI_EXIT_OK;
    if (b->json) {
        char *js = NULL;
        size_t jl = 0;
        if (watpl_rendered_to_json(b->ctx, b->rendered, &js, &jl) != WATPL_OK)
            st = bad_record(b, rec, "input.too_large", "out of memory");
        else
            print_record_json(b, rec, to, to_len, &a, &p, sendable, js, jl, NULL, NULL);
        watpl_free(js);
    } else {
        print_record_text(b, to, to_len, &a, &p, sendable, b->rendered, NULL);
    }
    return st;
}

/* ---- summary ------------------------------------------------------------------------------------- */

static void print_summary_json(broadcast *b)
{
    FILE *f = b->out.f;
    const summary *s = &b->sum;
    fprintf(f, "{\"summary\":{\"recipients\":%lld,\"sendable\":%lld,\"free\":%lld,\"billable\":%lld,\"unknown\":%lld,"
               "\"not_allowed\":%lld,\"render_errors\":%lld,\"invalid_recipients\":%lld,\"currency\":\"%s\",\"at\":%lld,"
               "\"cost\":",
            (long long)s->recipients, (long long)s->sendable, (long long)s->free, (long long)s->billable,
            (long long)s->unknown, (long long)s->not_allowed, (long long)s->render_errors, (long long)s->invalid,
            b->currency, (long long)b->at);
    print_amount(f, s->micros, false);
    fprintf(f, ",\"cost_micros\":%lld,\"cost_is_complete\":%s,\"by_market\":[", (long long)s->micros,
            bool_name(s->unknown == 0 && !s->overflow));
    bool first = true;
    for (size_t i = 0; i < s->n_totals; i++) {
        const total *t = &s->totals[i];
        for (int c = 0; c < CATEGORIES; c++) {
            if (!t->billable[c])
                continue;
            fprintf(f, "%s{\"market\":", first ? "" : ",");
            first = false;
            cli_json_string(f, t->market, strlen(t->market));
            fprintf(f, ",\"pricing_category\":\"%s\",\"billable\":%lld,\"unknown\":%lld,\"cost\":",
                    watpl_pricing_category_name(c), (long long)t->billable[c], (long long)t->unknown[c]);
            print_amount(f, t->micros[c], false);
            fprintf(f, ",\"cost_micros\":%lld}", (long long)t->micros[c]);
        }
    }
    fputs("],\"free_by_market\":{", f);
    first = true;
    for (size_t i = 0; i < s->n_totals; i++) {
        if (!s->totals[i].free)
            continue;
        fputs(first ? "" : ",", f);
        first = false;
        cli_json_string(f, s->totals[i].market, strlen(s->totals[i].market));
        fprintf(f, ":%lld", (long long)s->totals[i].free);
    }
    fputs("}}}\n", f);
}

static void print_summary_text(broadcast *b)
{
    FILE *f = b->out.f;
    const summary *s = &b->sum;
    fprintf(f, "\n%lld recipients: %lld sendable (%lld free, %lld billable), %lld not sendable", (long long)s->recipients,
            (long long)s->sendable, (long long)s->free, (long long)s->billable,
            (long long)(s->recipients - s->sendable));
    if (s->not_allowed || s->render_errors || s->invalid)
        fprintf(f, " (%lld not allowed, %lld with render errors, %lld not a recipient)", (long long)s->not_allowed,
                (long long)s->render_errors, (long long)s->invalid);
    fprintf(f, "\ncost: ");
    print_amount(f, s->micros, false);
    fprintf(f, " %s at list rates", b->currency);
    if (s->unknown)
        fprintf(f, ", plus %lld billable message%s whose price is unknown", (long long)s->unknown,
                s->unknown == 1 ? "" : "s");
    fputc('\n', f);
    for (size_t i = 0; i < s->n_totals; i++) {
        const total *t = &s->totals[i];
        for (int c = 0; c < CATEGORIES; c++) {
            if (!t->billable[c])
                continue;
            fprintf(f, "  %-32s %-16s %8lld  ", t->market, watpl_pricing_category_name(c), (long long)t->billable[c]);
            print_amount(f, t->micros[c], false);
            fprintf(f, " %s", b->currency);
            if (t->unknown[c])
                fprintf(f, " (+%lld unknown)", (long long)t->unknown[c]);
            fputc('\n', f);
        }
    }
}

/* ---- command ------------------------------------------------------------------------------------- */

static int usage_error(const char *what, const char *arg)
{
    fprintf(stderr,
            "watpl broadcast: %s%s%s\n"
            "usage: watpl broadcast [--json] --template TEMPLATE.json [--state DB] [--at TIME] [--currency CUR]\n"
            "                       [--card CARD.csv]... [--schedule 2025-07|2026-10] [--auth-international] [SENDS...]\n",
            what, arg ? " " : "", arg ? arg : "");
    return CLI_EXIT_USAGE;
}

/* Unix seconds, YYYY-MM-DD (00:00 UTC) or YYYY-MM-DDTHH:MM:SSZ. */
static bool parse_time(const char *s, int64_t *t)
{
    char *end = NULL;
    long long v = strtoll(s, &end, 10);
    if (*s && end && *end == '\0' && (s[0] == '-' || (s[0] >= '0' && s[0] <= '9'))) { /* all digits */
        *t = v;
        return true;
    }
    int y, mo, d, h = 0, mi = 0, sec = 0;
    char tail = 0;
    int n = sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%c", &y, &mo, &d, &h, &mi, &sec, &tail);
    if (!((strlen(s) == 10 && n == 3) || (strlen(s) == 20 && n == 7 && tail == 'Z')))
        return false;
    static const int mdays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] || h > 23 || mi > 59 || sec > 59 || y < 1970)
        return false;
    int64_t yy = y - (mo <= 2);
    int64_t era = yy / 400, yoe = yy - era * 400;
    int64_t doy = (153 * (mo > 2 ? mo - 3 : mo + 9) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    *t = (era * 146097 + doe - 719468) * 86400 + h * 3600 + mi * 60 + sec;
    return true;
}

/* Read a whole (small) file: a template or a rate card. */
static char *read_small(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (n < cap)
            break;
        char *nb = cap < (1u << 24) ? realloc(buf, cap * 2) : NULL;
        if (!nb) {
            free(buf);
            buf = NULL;
        }
        buf = nb;
        cap *= 2;
    }
    bool bad = ferror(f);
    fclose(f);
    if (bad) {
        free(buf);
        return NULL;
    }
    *len = n;
    return buf;
}

typedef struct options {
    const char *template_path, *currency, *at;
    const char **cards;
    int n_cards;
} options;

static int parse_args(int argc, char **argv, broadcast *b, options *o, cli_files *files)
{
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        const char *const with_value[] = {"--template", "--state", "--at", "--currency", "--card", "--schedule"};
        const char *value = NULL;
        size_t k = 0;
        for (; k < sizeof with_value / sizeof *with_value; k++) {
            size_t n = strlen(with_value[k]);
            if (strcmp(arg, with_value[k]) == 0) {
                if (i + 1 >= argc)
                    return usage_error("missing value of", arg);
                value = argv[++i];
                break;
            }
            if (strncmp(arg, with_value[k], n) == 0 && arg[n] == '=') {
                value = arg + n + 1;
                break;
            }
        }
        if (value) {
            switch (k) {
            case 0: o->template_path = value; break;
            case 1: b->state_path = value; break;
            case 2: o->at = value; break;
            case 3: o->currency = value; break;
            case 4: o->cards[o->n_cards++] = value; break;
            default:
                b->schedule = watpl_schedule_from_name(value, strlen(value));
                if (b->schedule < 0)
                    return usage_error("--schedule must be 2025-07 or 2026-10, not", value);
            }
        } else if (strcmp(arg, "--json") == 0) {
            b->json = true;
        } else if (strcmp(arg, "--auth-international") == 0) {
            b->auth_international = true;
        } else if (strcmp(arg, "--") == 0) {
            while (++i < argc)
                files->paths[files->count++] = argv[i];
        } else if (arg[0] == '-' && arg[1] != '\0') {
            return usage_error("unknown option", arg);
        } else {
            files->paths[files->count++] = argv[i];
        }
    }
    if (!o->template_path)
        return usage_error("--template is required", NULL);
    if (o->at && !parse_time(o->at, &b->at))
        return usage_error("--at is Unix seconds, YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ, not", o->at);
    const char *cur = o->currency ? o->currency : "USD";
    if (strlen(cur) != 3 || cur[0] < 'A' || cur[0] > 'Z' || cur[1] < 'A' || cur[1] > 'Z' || cur[2] < 'A' || cur[2] > 'Z')
        return usage_error("--currency is an ISO 4217 code in capitals (USD, EUR, INR), not", cur);
    memcpy(b->currency, cur, 4);
    return 0;
}

static int load_template(broadcast *b, const char *path)
{
    size_t len = 0;
    char *data = read_small(path, &len);
    if (!data) {
        fprintf(stderr, "watpl broadcast: cannot read %s\n", path);
        return CLI_EXIT_USAGE;
    }
    int st = CLI_EXIT_OK;
    if (watpl_template_parse_json(b->ctx, data, len, &b->tpl) != WATPL_OK) {
        cli_record rec;
        memset(&rec, 0, sizeof rec);
        rec.file = path;
        rec.line = rec.column = 1;
        rec.data = data;
        rec.len = len;
        cli_print_parse_error(&b->out, b->json, &rec, b->ctx);
        st = CLI_EXIT_USAGE;
    } else {
        /* WATPL_CATEGORY_* and WATPL_KIND_* share the values of the three categories */
        int category = watpl_template_category(b->tpl);
        b->kind = category == WATPL_CATEGORY_MARKETING        ? WATPL_KIND_MARKETING
                  : category == WATPL_CATEGORY_UTILITY        ? WATPL_KIND_UTILITY
                  : category == WATPL_CATEGORY_AUTHENTICATION ? WATPL_KIND_AUTHENTICATION
                                                              : 0;
        if (!b->kind) {
            fprintf(stderr, "watpl broadcast: %s: the template's category must be MARKETING, UTILITY or AUTHENTICATION\n",
                    path);
            st = CLI_EXIT_USAGE;
        }
    }
    free(data);
    return st;
}

static int load_cards(broadcast *b, const options *o)
{
    for (int i = 0; i < o->n_cards; i++) {
        size_t len = 0;
        char *text = read_small(o->cards[i], &len);
        if (!text) {
            fprintf(stderr, "watpl broadcast: cannot read %s\n", o->cards[i]);
            return CLI_EXIT_USAGE;
        }
        int rc = watpl_rates_load_card(b->ctx, b->rates, text, len);
        free(text);
        if (rc != WATPL_OK) {
            fprintf(stderr, "watpl broadcast: %s:%lld:%lld: %s %s\n", o->cards[i],
                    (long long)watpl_ctx_error_line(b->ctx), (long long)watpl_ctx_error_column(b->ctx),
                    watpl_ctx_error_rule(b->ctx), watpl_ctx_errmsg(b->ctx));
            return CLI_EXIT_USAGE;
        }
    }
    return CLI_EXIT_OK;
}

static int run(broadcast *b, const options *o, const cli_files *files)
{
    cli_out_init(&b->out, stdout);
    if (watpl_ctx_new(&b->ctx) || watpl_rates_new(&b->rates, b->ctx) || watpl_window_new(&b->w, b->ctx)) {
        fputs("watpl broadcast: out of memory\n", stderr);
        return CLI_EXIT_USAGE;
    }
    int st = load_template(b, o->template_path);
    if (!st && (watpl_prepared_new(b->ctx, b->tpl, &b->prep) || watpl_params_new(&b->params, b->ctx) ||
                watpl_rendered_new(&b->rendered, b->ctx))) {
        fprintf(stderr, "watpl broadcast: %s\n", watpl_ctx_errmsg(b->ctx));
        st = CLI_EXIT_USAGE;
    }
    if (!st)
        st = load_cards(b, o);
    if (!st && b->state_path && db_open(b) != 0)
        st = CLI_EXIT_USAGE;
    if (st)
        return st;
    if (!b->json)
        fprintf(b->out.f, "%-20s  %-24s %-4s %-4s %-36s %s\n", "to", "market", "send", "bill", "category", "price");
    st = cli_for_each_record(files, 1 << 20, broadcast_record, b, &b->out, b->json);
    if (b->json)
        print_summary_json(b);
    else
        print_summary_text(b);
    return st;
}

int watpl__cmd_broadcast(int argc, char **argv)
{
    broadcast *b = calloc(1, sizeof *b);
    char **paths = calloc((size_t)argc + 1, sizeof *paths);
    const char **cards = calloc((size_t)argc + 1, sizeof *cards);
    if (!b || !paths || !cards) {
        free(b);
        free(paths);
        free(cards);
        return CLI_EXIT_USAGE;
    }
    b->schedule = WATPL_SCHEDULE_2025_07;
    b->at = (int64_t)time(NULL);
    options o = {NULL, NULL, NULL, cards, 0};
    cli_files files = {paths, 0};
    int st = parse_args(argc, argv, b, &o, &files);
    if (st == 0)
        st = run(b, &o, &files);
    state_db_close(b->db, NULL, 0);
    watpl_window_free(b->w);
    watpl_rates_free(b->rates);
    watpl_rendered_free(b->rendered);
    watpl_params_free(b->params);
    watpl_prepared_free(b->prep);
    watpl_template_free(b->tpl);
    watpl_ctx_free(b->ctx);
    free(cards);
    free(paths);
    free(b);
    return st;
}
