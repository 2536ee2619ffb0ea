/* `watpl render`: substitute send-time parameters into one template and
 * check them (docs/cli.md). SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

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
    fprintf(stderr, "usage: watpl render [--json] --params PARAMS.json TEMPLATE.json\n");
    return CLI_EXIT_USAGE;
}

static int render_files(watpl_ctx *ctx, const char *tpath, const char *ppath, bool json)
{
    size_t tl = 0, pl = 0;
    char *tdata = slurp(tpath, 1 << 24, &tl), *pdata = tdata ? slurp(ppath, 1 << 24, &pl) : NULL;
    int read_errno = errno; /* before anything else can change it */
    int st = CLI_EXIT_USAGE;
    watpl_template *tpl = NULL;
    watpl_params *params = NULL;
    watpl_rendered *r = NULL;
    cli_out out;
    cli_out_init(&out, stdout);
    cli_record rec;
    memset(&rec, 0, sizeof rec);
    rec.line = 1;
    rec.column = 1;
    if (!tdata || !pdata) {
        fprintf(stderr, "watpl render: cannot read %s: %s\n", tdata ? ppath : tpath, strerror(read_errno));
    } else if (rec.file = tpath, rec.data = tdata, rec.len = tl,
               watpl_template_parse_json(ctx, tdata, tl, &tpl) != WATPL_OK) {
        cli_print_parse_error(&out, json, &rec, ctx);
    } else if (rec.file = ppath, rec.data = pdata, rec.len = pl,
               watpl_params_parse_json(ctx, pdata, pl, &params) != WATPL_OK) {
        cli_print_parse_error(&out, json, &rec, ctx);
    } else if (watpl_render(ctx, tpl, params, &r) != WATPL_OK) {
        fprintf(stderr, "watpl render: %s\n", watpl_ctx_errmsg(ctx));
    } else {
        const watpl_report *rep = watpl_rendered_report(r);
        st = watpl_report_errors(rep) ? CLI_EXIT_FINDINGS : CLI_EXIT_OK;
        char *js = NULL;
        size_t jl = 0;
        if (!json) {
            print_human(stdout, tpl, r);
        } else if (watpl_rendered_to_json(ctx, r, &js, &jl) == WATPL_OK && jl >= 2) {
            rec.file = tpath;
            fputc('{', stdout);
            cli_json_source(stdout, &rec);
            fputc(',', stdout);
            fwrite(js + 1, 1, jl - 1, stdout);
            fputc('\n', stdout);
        }
        watpl_free(js);
    }
    watpl_rendered_free(r);
    watpl_params_free(params);
    watpl_template_free(tpl);
    free(tdata);
    free(pdata);
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
