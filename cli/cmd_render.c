/* `watpl render`: substitute send-time parameters into one template and
 * check them, for one send payload or a stream of them (docs/cli.md).
 * SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli_internal.h"

/* Read a whole file (bounded) into memory; NULL with errno set (EFBIG when
 * over max, EISDIR for a directory) when it cannot be read. */
static char *slurp(const char *path, size_t max, size_t *len)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        if (n == cap) {
            if (cap > max) {
                free(buf);
                buf = NULL;
                errno = EFBIG;
                break;
            }
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0 && ferror(f)) { /* a read error, or a directory: not an empty file */
            int e = errno;
            free(buf);
            buf = NULL;
            errno = e ? e : EIO;
        }
        if (got == 0)
            break;
    }
    int e = errno;
    if (f != stdin)
        fclose(f);
    errno = e;
    *len = n;
    return buf;
}

/* The rendered texts hold the caller's values: shown with cli_text, so that
 * escape sequences in them do not reach a terminal. */
static void print_human(FILE *f, const watpl_template *tpl, const watpl_rendered *r)
{
    size_t len = 0;
    const char *s = watpl_rendered_header(r, &len);
    if (s) {
        fputs("header: ", f);
        cli_text(f, s, len, false);
        fputc('\n', f);
    }
    s = watpl_rendered_body(r, &len);
    fputs("body:\n", f);
    cli_text(f, s ? s : "", s ? len : 0, true);
    fputc('\n', f);
    for (size_t i = 0; i < watpl_template_button_count(tpl, -1); i++)
        if ((s = watpl_rendered_button_url(r, i, &len))) {
            fprintf(f, "button %zu: ", i);
            cli_text(f, s, len, false);
            fputc('\n', f);
        }
    const watpl_report *rep = watpl_rendered_report(r);
    for (size_t i = 0; i < watpl_report_count(rep); i++) {
        fprintf(f, "  error %s %s", watpl_report_rule(rep, i), watpl_component_name(watpl_report_component(rep, i)));
        if (watpl_report_index(rep, i) >= 0)
            fprintf(f, "[%lld]", (long long)watpl_report_index(rep, i));
        const char *msg = watpl_report_message(rep, i);
        fputs(": ", f);
        cli_text(f, msg, strlen(msg), false);
        fputc('\n', f);
    }
    fprintf(f, "%zu error%s\n", watpl_report_errors(rep), watpl_report_errors(rep) == 1 ? "" : "s");
}

static int usage(void)
{
    fprintf(stderr, "usage: watpl render [--json] --params SENDS TEMPLATE.json\n");
    return CLI_EXIT_USAGE;
}

/* Largest send payload, and largest run of loose components (one payload). */
#define MAX_PAYLOAD (1u << 20)

/* The rendering loop: one prepared template, a parameter set and a rendering
 * refilled for every payload, so memory stays constant. */
typedef struct batch {
    watpl_ctx *ctx;
    const watpl_template *tpl;
    watpl_prepared *prep;
    watpl_params *params;
    watpl_rendered *out;
    cli_out o;
    bool json;
    int status;
    /* the elements of a components array the reader gave one by one */
    char *group;
    size_t group_len;
    cli_record group_rec;
    bool group_too_large;
} batch;

static void note_status(batch *b, int st)
{
    if (st > b->status)
        b->status = st;
}

static void print_record(batch *b, const cli_record *rec)
{
    size_t tl = 0;
    const char *to = watpl_params_to(b->params, &tl);
    if (!b->json) {
        cli_text(stdout, rec->file, strlen(rec->file), false);
        fprintf(stdout, ":%lld", (long long)rec->line);
        if (to) {
            fputs(" to ", stdout);
            cli_text(stdout, to, tl, false);
        }
        fputc('\n', stdout);
        print_human(stdout, b->tpl, b->out);
        return;
    }
    char *js = NULL;
    size_t jl = 0;
    if (watpl_rendered_to_json(b->ctx, b->out, &js, &jl) != WATPL_OK || jl < 2) {
        fprintf(stderr, "watpl render: %s\n", watpl_ctx_errmsg(b->ctx));
        note_status(b, CLI_EXIT_USAGE);
        return;
    }
    cli_json_record(&b->o, rec, to, tl, js, jl);
    watpl_free(js);
}

/* A payload read into b->params: render it and print its record. */
static void render_payload(batch *b, const cli_record *rec)
{
    if (watpl_send_render(b->ctx, b->prep, b->params, b->out) != WATPL_OK) {
        fprintf(stderr, "watpl render: %s\n", watpl_ctx_errmsg(b->ctx));
        note_status(b, CLI_EXIT_USAGE);
        return;
    }
    note_status(b, watpl_report_errors(watpl_rendered_report(b->out)) ? CLI_EXIT_FINDINGS : CLI_EXIT_OK);
    print_record(b, rec);
}

/* Read rec as a payload; false (and ctx holds why) when it is not one. */
static bool read_payload(batch *b, const cli_record *rec)
{
    watpl_params_clear(b->params);
    return watpl_params_add_json(b->ctx, b->params, rec->data, rec->len) == WATPL_OK;
}

static void bad_payload(batch *b, const cli_record *rec)
{
    cli_print_parse_error(&b->o, b->json, rec, b->ctx);
    note_status(b, CLI_EXIT_USAGE);
}

static bool same_ascii_nocase(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if ((*a | 0x20) != (*b | 0x20))
            return false;
    return *a == *b;
}

/* A record that is one component of Meta's components array ({"type":
 * "body", "parameters": [...]}) rather than a payload: the reader gives the
 * elements of a top-level components array one by one. */
static bool is_component(const cli_record *rec)
{
    if (rec->len == 0 || rec->data[0] != '{')
        return false;
    json_t *v = json_loadb(rec->data, rec->len, 0, NULL);
    const char *type = json_string_value(json_object_get(v, "type"));
    static const char *const kinds[] = {"header", "body", "footer", "button", "buttons", "carousel",
                                        "limited_time_offer"};
    bool component = false;
    for (size_t i = 0; !component && type && !json_object_get(v, "components") && !json_object_get(v, "template") &&
                       i < sizeof kinds / sizeof kinds[0];
         i++)
        component = same_ascii_nocase(type, kinds[i]);
    json_decref(v);
    return component;
}

/* Render the run of components gathered so far as one payload. */
static void flush_group(batch *b)
{
    if (!b->group_len)
        return;
    if (b->group_too_large) {
        cli_print_error_record(&b->o, b->json, &b->group_rec, "input.too_large", "the components array is too large",
                               b->group_rec.line, b->group_rec.column, NULL);
        note_status(b, CLI_EXIT_USAGE);
    } else {
        b->group[b->group_len++] = ']';
        b->group_rec.data = b->group;
        b->group_rec.len = b->group_len;
        if (read_payload(b, &b->group_rec))
            render_payload(b, &b->group_rec);
        else
            bad_payload(b, &b->group_rec);
    }
    b->group_len = 0;
    b->group_too_large = false;
}

static void add_to_group(batch *b, const cli_record *rec)
{
    if (!b->group_len) {
        b->group_rec = *rec;
        b->group[b->group_len++] = '[';
    } else if (b->group_len < MAX_PAYLOAD) {
        b->group[b->group_len++] = ',';
    }
    if (rec->len > MAX_PAYLOAD - b->group_len) {
        b->group_too_large = true;
        return;
    }
    memcpy(b->group + b->group_len, rec->data, rec->len);
    b->group_len += rec->len;
}

static void on_record(batch *b, const cli_record *rec)
{
    if (rec->error_rule) {
        flush_group(b);
        cli_print_error_record(&b->o, b->json, rec, rec->error_rule, rec->error_msg, rec->error_line,
                               rec->error_column, NULL);
        note_status(b, CLI_EXIT_USAGE);
        return;
    }
    /* a payload is read as is; only a record it refuses may be a loose component,
     * and the components of one top-level array are one payload */
    if (b->group_len && rec->array == b->group_rec.array && is_component(rec)) {
        add_to_group(b, rec);
        return;
    }
    flush_group(b);
    if (read_payload(b, rec))
        render_payload(b, rec);
    else if (is_component(rec))
        add_to_group(b, rec);
    else
        bad_payload(b, rec);
}

static int render_stream(batch *b, const char *ppath)
{
    const char *why = "";
    cli_reader *r = cli_reader_open(ppath, MAX_PAYLOAD, &why);
    if (!r) {
        fprintf(stderr, "watpl render: cannot read %s: %s\n", ppath, why);
        return CLI_EXIT_USAGE;
    }
    cli_record rec;
    int got = 0;
    /* a failed write stops the run (the error is reported once, on exit) */
    while (!ferror(b->o.f) && (got = cli_reader_next(r, &rec)) == 1)
        on_record(b, &rec);
    flush_group(b);
    if (got < 0) {
        fprintf(stderr, "watpl render: error reading %s: %s\n", ppath, cli_reader_error(r));
        note_status(b, CLI_EXIT_USAGE);
    }
    cli_reader_close(r);
    return b->status;
}

static int render_files(watpl_ctx *ctx, const char *tpath, const char *ppath, bool json)
{
    size_t tl = 0;
    char *tdata = slurp(tpath, 1 << 24, &tl);
    int read_errno = errno; /* before anything else can change it */
    batch b;
    memset(&b, 0, sizeof b);
    b.ctx = ctx;
    b.json = json;
    cli_out_init(&b.o, stdout);
    watpl_template *tpl = NULL;
    int st = CLI_EXIT_USAGE;
    cli_record rec;
    memset(&rec, 0, sizeof rec);
    rec.file = tpath;
    rec.data = tdata;
    rec.len = tl;
    rec.line = rec.column = 1;
    if (!tdata) {
        fprintf(stderr, "watpl render: cannot read %s: %s\n", tpath, strerror(read_errno));
    } else if (watpl_template_parse_json(ctx, tdata, tl, &tpl) != WATPL_OK) {
        cli_print_parse_error(&b.o, json, &rec, ctx);
    } else if (watpl_prepared_new(ctx, tpl, &b.prep) != WATPL_OK || watpl_params_new(&b.params, ctx) != WATPL_OK ||
               watpl_rendered_new(&b.out, ctx) != WATPL_OK || !(b.group = malloc(MAX_PAYLOAD + 2))) {
        fprintf(stderr, "watpl render: out of memory\n");
    } else {
        b.tpl = tpl;
        st = render_stream(&b, ppath);
    }
    cli_out_close(&b.o);
    free(b.group);
    watpl_rendered_free(b.out);
    watpl_params_free(b.params);
    watpl_prepared_free(b.prep);
    watpl_template_free(tpl);
    free(tdata);
    return st;
}

int watpl__cmd_render(int argc, char **argv)
{
    bool json = false;
    const char *params = NULL, *tpath = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0)
            json = true;
        else if (strcmp(argv[i], "--params") == 0 && i + 1 < argc)
            params = argv[++i];
        else if (strncmp(argv[i], "--params=", 9) == 0)
            params = argv[i] + 9;
        else if (argv[i][0] == '-' && argv[i][1] != '\0')
            return usage();
        else if (!tpath)
            tpath = argv[i];
        else
            return usage();
    }
    if (!params || !tpath)
        return usage();
    watpl_ctx *ctx = NULL;
    if (watpl_ctx_new(&ctx) != WATPL_OK)
        return CLI_EXIT_USAGE;
    int st = render_files(ctx, tpath, params, json);
    watpl_ctx_free(ctx);
    return st;
}
