/* Output helpers of the `watpl` command: colour, underlining, JSON strings,
 * error records. SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <utf8proc.h>

#include "cli_internal.h"

void cli_out_init(cli_out *o, FILE *f)
{
    const char *no_color = getenv("NO_COLOR");
    memset(o, 0, sizeof *o);
    o->f = f;
    o->color = isatty(fileno(f)) && !(no_color && *no_color);
}

void cli_out_close(cli_out *o)
{
    free(o->rec);
    free(o->source);
    free(o->source_name);
    o->rec = o->source = o->source_name = NULL;
    o->rec_cap = o->source_len = 0;
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

/* Length of the valid UTF-8 sequence at s[0..len), its code point in *cp;
 * 0 when the bytes there are not one. */
static size_t utf8_seq(const char *s, size_t len, utf8proc_int32_t *cp)
{
    utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, cp);
    return n > 0 ? (size_t)n : 0;
}

static bool is_control(utf8proc_int32_t cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || cp == 0x2028 || cp == 0x2029;
}

/* Display width of s[0..len) as cli_text prints it: wide characters count
 * 2, a control or an invalid byte shown as \xNN counts 4. */
static size_t display_width(const char *s, size_t len)
{
    size_t w = 0, i = 0;
    while (i < len) {
        utf8proc_int32_t cp;
        size_t n = utf8_seq(s + i, len - i, &cp);
        if (n == 0 || (is_control(cp) && cp != '\t')) {
            w += n == 0 ? 4 : 4 * n;
            i += n ? n : 1;
            continue;
        }
        int cw = cp == '\t' ? 1 : utf8proc_charwidth(cp);
        w += cw > 0 ? (size_t)cw : 0;
        i += n;
    }
    return w;
}

void cli_text(FILE *f, const char *s, size_t len, bool keep_newlines)
{
    size_t i = 0, run = 0;
    while (i < len) {
        utf8proc_int32_t cp;
        size_t n = utf8_seq(s + i, len - i, &cp);
        bool show = n == 0 || (is_control(cp) && cp != '\t' && !(keep_newlines && cp == '\n'));
        if (!show) {
            i += n;
            continue;
        }
        fwrite(s + run, 1, i - run, f);
        size_t bad = n ? n : 1;
        for (size_t k = 0; k < bad; k++)
            fprintf(f, "\\x%02x", (unsigned char)s[i + k]);
        i += bad;
        run = i;
    }
    fwrite(s + run, 1, len - run, f);
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
    fputs("      ", o->f);
    cli_text(o->f, text + ls, le - ls, false);
    fputs("\n      ", o->f);
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

/* Where JSON text goes: a stream (f), or else a buffer that grows (buf, of
 * cap bytes), which remembers that it ran out of memory. */
typedef struct sink {
    FILE *f;
    char *buf;
    size_t len, cap;
    bool failed;
} sink;

static void put(sink *k, const char *s, size_t n)
{
    if (k->f) {
        fwrite(s, 1, n, k->f);
        return;
    }
    if (k->failed)
        return;
    if (n > k->cap - k->len) {
        size_t cap = k->cap;
        while (n > cap - k->len)
            cap *= 2;
        char *p = realloc(k->buf, cap);
        if (!p) {
            k->failed = true;
            return;
        }
        k->buf = p;
        k->cap = cap;
    }
    memcpy(k->buf + k->len, s, n);
    k->len += n;
}

/* The characters of a JSON string, without the quotes. */
static void json_chars(sink *k, const char *s, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    size_t i = 0, run = 0;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        utf8proc_int32_t cp = c;
        size_t n = c < 0x80 ? 1 : utf8_seq(s + i, len - i, &cp);
        bool plain = n > 0 && c >= 0x20 && c != '"' && c != '\\' && c != 0x7F;
        if (plain) {
            i += n;
            continue;
        }
        put(k, s + run, i - run);
        char esc[6] = {'\\', (char)c, 0, 0, 0, 0};
        if (n == 0)
            put(k, "\xef\xbf\xbd", 3); /* U+FFFD for a byte that is not UTF-8 */
        else if (c == '"' || c == '\\')
            put(k, esc, 2);
        else if (c == '\n')
            put(k, "\\n", 2);
        else if (c == '\t')
            put(k, "\\t", 2);
        else if (c == '\r')
            put(k, "\\r", 2);
        else {
            esc[1] = 'u';
            esc[2] = esc[3] = '0';
            esc[4] = hex[c >> 4];
            esc[5] = hex[c & 15];
            put(k, esc, 6);
        }
        i += n ? n : 1;
        run = i;
    }
    put(k, s + run, len - run);
}

void cli_json_string(FILE *f, const char *s, size_t len)
{
    sink k = {f, NULL, 0, 0, false};
    put(&k, "\"", 1);
    json_chars(&k, s, len);
    put(&k, "\"", 1);
}

/* `:LINE"`, the end of a record's source, into buf (24 bytes). */
static size_t source_line(char *buf, int64_t line)
{
    char digits[24];
    size_t n = 0, len = 0;
    uint64_t v = line < 0 ? 0 - (uint64_t)line : (uint64_t)line;
    do {
        digits[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    buf[len++] = ':';
    if (line < 0)
        buf[len++] = '-';
    while (n)
        buf[len++] = digits[--n];
    buf[len++] = '"';
    return len;
}

/* `"source":"FILE`, the start of a record's source. */
static void put_source_file(sink *k, const char *file)
{
    put(k, "\"source\":\"", 10);
    json_chars(k, file, strlen(file));
}

void cli_json_source(FILE *f, const cli_record *rec)
{
    sink k = {f, NULL, 0, 0, false};
    char end[24];
    put_source_file(&k, rec->file);
    put(&k, end, source_line(end, rec->line));
}

/* `"source":"` and the file's name escaped, kept for the records of one
 * file; false when out of memory. */
static bool cache_source(cli_out *o, const char *file)
{
    if (o->source_name && strcmp(o->source_name, file) == 0)
        return true;
    size_t n = strlen(file);
    sink k = {NULL, malloc(n + 16), 0, n + 16, false};
    char *name = malloc(n + 1);
    if (k.buf)
        put_source_file(&k, file);
    if (!k.buf || k.failed || !name) {
        free(k.buf);
        free(name);
        return false;
    }
    memcpy(name, file, n + 1);
    free(o->source);
    free(o->source_name);
    o->source = k.buf;
    o->source_len = k.len;
    o->source_name = name;
    return true;
}

/* The record of cli_json_record into k; the source from the cache when
 * there is one for the file. */
static void put_record(sink *k, const cli_out *o, const cli_record *rec, bool cached, const char *to,
                       size_t to_len, const char *obj, size_t obj_len)
{
    char end[24];
    put(k, "{", 1);
    if (cached)
        put(k, o->source, o->source_len);
    else
        put_source_file(k, rec->file);
    put(k, end, source_line(end, rec->line));
    if (to) {
        put(k, ",\"to\":\"", 7);
        json_chars(k, to, to_len);
        put(k, "\"", 1);
    }
    put(k, ",", 1);
    put(k, obj + 1, obj_len - 1);
    put(k, "\n", 1);
}

bool cli_json_record(cli_out *o, const cli_record *rec, const char *to, size_t to_len, const char *obj,
                     size_t obj_len)
{
    if (!o->rec && (o->rec = malloc(4096)) != NULL)
        o->rec_cap = 4096;
    if (o->rec && cache_source(o, rec->file)) {
        sink k = {NULL, o->rec, 0, o->rec_cap, false};
        put_record(&k, o, rec, true, to, to_len, obj, obj_len);
        o->rec = k.buf;
        o->rec_cap = k.cap;
        if (!k.failed)
            return fwrite(k.buf, 1, k.len, o->f) == k.len;
    }
    /* out of memory: the same record, written piece by piece */
    sink f = {o->f, NULL, 0, 0, false};
    put_record(&f, o, rec, false, to, to_len, obj, obj_len);
    return !ferror(o->f);
}

int cli_check_record(const cli_out *o, bool json, const cli_record *rec)
{
    char msg[96];
    int64_t line, column;
    for (size_t i = 0; i < rec->len;) {
        if ((unsigned char)rec->data[i] < 0x80) { /* ASCII, as utf8proc takes it, without the call */
            i++;
            continue;
        }
        utf8proc_int32_t cp;
        size_t n = utf8_seq(rec->data + i, rec->len - i, &cp);
        if (n) {
            i += n;
            continue;
        }
        snprintf(msg, sizeof msg, "invalid UTF-8 at byte %zu", i);
        cli_text_position(rec->data, rec->len, i, &line, &column);
        cli_record_position(rec, line, column, &line, &column);
        cli_print_error_record(o, json, rec, "input.utf8", msg, line, column, NULL);
        return CLI_EXIT_USAGE;
    }
    if (cli_record_values(rec) > CLI_MAX_RECORD_VALUES) {
        snprintf(msg, sizeof msg, "more than %d JSON values in one record", CLI_MAX_RECORD_VALUES);
        cli_print_error_record(o, json, rec, "input.too_large", msg, rec->line, rec->column, NULL);
        return CLI_EXIT_USAGE;
    }
    return CLI_EXIT_OK;
}

int cli_flush_output(FILE *f)
{
    errno = 0;
    int failed = fflush(f) != 0;
    int e = errno;
    if (!failed && !ferror(f))
        return CLI_EXIT_OK;
    if (!failed) {
        /* a write failed earlier and its bytes were dropped: the buffer is
         * empty, so write once more to learn why (the output is lost anyway) */
        clearerr(f);
        errno = 0;
        if (fputc('\n', f) == EOF || fflush(f) != 0)
            e = errno;
    }
    fprintf(stderr, "watpl: cannot write the output: %s\n", strerror(e ? e : EIO));
    return CLI_EXIT_USAGE;
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
    fputs(cli_color(o, "bold"), o->f);
    cli_text(o->f, rec->file, strlen(rec->file), false);
    fprintf(o->f, ":%lld:%lld:%s %serror%s %s: ", (long long)line, (long long)column, cli_color(o, "reset"),
            cli_color(o, "err"), cli_color(o, "reset"), rule);
    cli_text(o->f, message, strlen(message), false);
    if (path && *path) {
        fputs(" (at ", o->f);
        cli_text(o->f, path, strlen(path), false);
        fputc(')', o->f);
    }
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
