/* Output helpers of the `watpl` command: colour, underlining, JSON strings,
 * error records. SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <utf8proc.h>

#include "cli_internal.h"

void cli_out_init(cli_out *o, FILE *f)
{
    const char *no_color = getenv("NO_COLOR");
    o->f = f;
    o->color = isatty(fileno(f)) && !(no_color && *no_color);
}

const char *cli_color(const cli_out *o, const char *which)
{
    if (!o->color)
        return "";
    if (strcmp(which, "err") == 0)
        return "\x1b[1;31m";
    if (strcmp(which, "warn") == 0)
        return "\x1b[1;33m";
    if (strcmp(which, "bold") == 0)
        return "\x1b[1m";
    if (strcmp(which, "dim") == 0)
        return "\x1b[2m";
    return "\x1b[0m";
}

/* Display width of s[0..len): wide characters count 2, controls 0; invalid
 * bytes count 1 so that alignment degrades gracefully. */
static size_t display_width(const char *s, size_t len)
{
    size_t w = 0, i = 0;
    while (i < len) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                              (utf8proc_ssize_t)(len - i), &cp);
        if (n <= 0) {
            w++;
            i++;
            continue;
        }
        int cw = cp == '\t' ? 1 : utf8proc_charwidth(cp);
        w += cw > 0 ? (size_t)cw : 0;
        i += (size_t)n;
    }
    return w;
}

void cli_underline(const cli_out *o, const char *text, size_t text_len, int64_t off, int64_t len)
{
    if (!text || off < 0 || (size_t)off > text_len)
        return;
    size_t start = (size_t)off, end = start + (len > 0 ? (size_t)len : 1);
    if (end > text_len)
        end = text_len;
    size_t ls = start;
    while (ls > 0 && text[ls - 1] != '\n')
        ls--;
    size_t le = start;
    while (le < text_len && text[le] != '\n')
        le++;
    if (end > le)
        end = le;
    fprintf(o->f, "      %.*s\n      ", (int)(le - ls), text + ls);
    size_t pad = display_width(text + ls, start - ls);
    for (size_t i = 0; i < pad; i++)
        fputc(' ', o->f);
    size_t w = end > start ? display_width(text + start, end - start) : 1;
    fputs(cli_color(o, "err"), o->f);
    fputc('^', o->f);
    for (size_t i = 1; i < w; i++)
        fputc('~', o->f);
    fprintf(o->f, "%s\n", cli_color(o, "reset"));
}

void cli_json_string(FILE *f, const char *s, size_t len)
{
    fputc('"', f);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c == '\n')
            fputs("\\n", f);
        else if (c == '\t')
            fputs("\\t", f);
        else if (c == '\r')
            fputs("\\r", f);
        else if (c < 0x20 || c == 0x7F)
            fprintf(f, "\\u%04x", c);
        else
            fputc(c, f);
    }
    fputc('"', f);
}

void cli_json_source(FILE *f, const cli_record *rec)
{
    char src[32];
    size_t n = strlen(rec->file);
    fputs("\"source\":", f);
    snprintf(src, sizeof src, ":%lld", (long long)rec->line);
    fputc('"', f);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)rec->file[i];
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c < 0x20 || c == 0x7F)
            fprintf(f, "\\u%04x", c);
        else
            fputc(c, f);
    }
    fprintf(f, "%s\"", src);
}

void cli_print_error_record(const cli_out *o, bool json, const cli_record *rec, const char *rule,
                            const char *message, int64_t line, int64_t column, const char *path)
{
    if (json) {
        fputc('{', o->f);
        cli_json_source(o->f, rec);
        fputs(",\"error\":{\"rule\":", o->f);
        cli_json_string(o->f, rule, strlen(rule));
        fprintf(o->f, ",\"line\":%lld,\"column\":%lld,\"message\":", (long long)line,
                (long long)column);
        cli_json_string(o->f, message, strlen(message));
        if (path && *path) {
            fputs(",\"path\":", o->f);
            cli_json_string(o->f, path, strlen(path));
        }
        fputs("}}\n", o->f);
        return;
    }
    fprintf(o->f, "%s%s:%lld:%lld:%s %serror%s %s: %s", cli_color(o, "bold"), rec->file,
            (long long)line, (long long)column, cli_color(o, "reset"), cli_color(o, "err"),
            cli_color(o, "reset"), rule, message);
    if (path && *path)
        fprintf(o->f, " (at %s)", path);
    fputc('\n', o->f);
}

void cli_print_parse_error(const cli_out *o, bool json, const cli_record *rec, watpl_ctx *ctx)
{
    int64_t line = watpl_ctx_error_line(ctx), column = watpl_ctx_error_column(ctx);
    int64_t off = watpl_ctx_error_offset(ctx);
    if (line <= 0 && off >= 0)
        cli_text_position(rec->data, rec->len, (size_t)off, &line, &column);
    int64_t fl, fc;
    cli_record_position(rec, line, column, &fl, &fc);
    const char *rule = watpl_ctx_error_rule(ctx);
    if (!*rule)
        rule = "input.json.syntax";
    cli_print_error_record(o, json, rec, rule, watpl_ctx_errmsg(ctx), fl, fc,
                           watpl_ctx_error_path(ctx));
}
