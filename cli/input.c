/* The record reader of the `watpl` command: frames JSON values out of a byte
 * stream in constant memory (cli.md "Input"). It only tracks strings, escapes
 * and bracket depth; the records themselves are parsed by the library, which
 * reports their syntax errors.
 * SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli_internal.h"

enum reader_mode {
    MODE_TOP,       /* between top-level values */
    MODE_ARRAY,     /* inside a top-level array: each element is a record */
    MODE_PAGE,      /* inside the "data" array of a GET page */
    MODE_PAGE_REST  /* after the "data" array: skip to the end of the page */
};

struct cli_reader {
    FILE *f;
    bool own;
    const char *name;
    unsigned char io[1 << 16];
    size_t io_len, io_pos;
    bool eof, io_error;
    int64_t line, column, offset; /* position of the next byte */
    char *rec;
    size_t rec_len, rec_cap, max;
    bool oversize;
    enum reader_mode mode;
};

cli_reader *cli_reader_open(const char *path, size_t max_record, const char **why)
{
    cli_reader *r = calloc(1, sizeof *r);
    if (!r) {
        *why = strerror(ENOMEM);
        return NULL;
    }
    if (strcmp(path, "-") == 0) {
        r->f = stdin;
        r->name = "<stdin>";
    } else {
        r->f = fopen(path, "rb");
        r->own = true;
        r->name = path;
        if (!r->f) {
            *why = strerror(errno);
            free(r);
            return NULL;
        }
    }
    r->max = max_record;
    r->line = 1;
    r->column = 1;
    r->mode = MODE_TOP;
    return r;
}

void cli_reader_close(cli_reader *r)
{
    if (!r)
        return;
    if (r->own && r->f)
        fclose(r->f);
    free(r->rec);
    free(r);
}

static bool fill(cli_reader *r)
{
    if (r->io_pos < r->io_len)
        return true;
    if (r->eof)
        return false;
    r->io_len = fread(r->io, 1, sizeof r->io, r->f);
    r->io_pos = 0;
    if (r->io_len == 0) {
        r->eof = true;
        if (ferror(r->f))
            r->io_error = true;
        return false;
    }
    return true;
}

static int peek(cli_reader *r)
{
    return fill(r) ? r->io[r->io_pos] : -1;
}

static int get(cli_reader *r)
{
    if (!fill(r))
        return -1;
    int c = r->io[r->io_pos++];
    r->offset++;
    if (c == '\n') {
        r->line++;
        r->column = 1;
    } else if ((c & 0xC0) != 0x80) {
        r->column++;
    }
    return c;
}

static void keep(cli_reader *r, int c)
{
    if (r->oversize)
        return;
    if (r->rec_len >= r->max) {
        r->oversize = true;
        return;
    }
    if (r->rec_len + 1 >= r->rec_cap) {
        size_t cap = r->rec_cap ? r->rec_cap * 2 : 4096;
        if (cap > r->max + 1)
            cap = r->max + 1;
        char *p = realloc(r->rec, cap);
        if (!p) {
            r->oversize = true; /* reported as too large: the record cannot be held */
            return;
        }
        r->rec = p;
        r->rec_cap = cap;
    }
    r->rec[r->rec_len++] = (char)c;
}

static bool is_space(int c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static void start_record(cli_reader *r, cli_record *rec)
{
    memset(rec, 0, sizeof *rec);
    rec->file = r->name;
    rec->line = r->line;
    rec->column = r->column;
    rec->offset = r->offset;
    r->rec_len = 0;
    r->oversize = false;
}

static void set_error(cli_record *rec, const char *rule, int64_t line, int64_t column,
                      int64_t offset, const char *msg)
{
    rec->error_rule = rule;
    rec->error_line = line;
    rec->error_column = column;
    rec->error_offset = offset;
    snprintf(rec->error_msg, sizeof rec->error_msg, "%s", msg);
}

static void finish_record(cli_reader *r, cli_record *rec)
{
    rec->data = r->rec ? r->rec : "";
    rec->len = r->rec_len;
    if (r->oversize && !rec->error_rule) {
        char msg[160];
        snprintf(msg, sizeof msg, "record larger than the limit of %zu bytes", r->max);
        set_error(rec, "input.too_large", rec->line, rec->column, rec->offset, msg);
    }
}

/* Key tracking inside a top-level object, to recognise a GET page. */
typedef struct page_sniff {
    bool expect_key, in_key, key_is_data, want_value;
    char key[8];
    size_t key_len;
} page_sniff;

static void sniff_string_byte(page_sniff *p, int c)
{
    if (p->key_len < sizeof p->key)
        p->key[p->key_len] = (char)c;
    p->key_len++;
}

/* Read a bracketed value (first byte already peeked as '{' or '[').
 * Returns 1 for a record, 0 when the value turned out to be a GET page (the
 * reader is now inside its "data" array). */
static int read_container(cli_reader *r, cli_record *rec, bool detect_page)
{
    int depth = 0;
    bool in_str = false, esc = false;
    page_sniff ps = {0};
    bool top = r->mode == MODE_TOP;
    for (;;) {
        int c = peek(r);
        if (c < 0) {
            set_error(rec, "input.json.syntax", r->line, r->column, r->offset,
                      "unexpected end of input inside a JSON value");
            break;
        }
        /* JSON Lines resynchronisation: an object that starts in column 1
         * while the previous one is still open means the previous line was
         * truncated. */
        if (top && !in_str && depth > 0 && c == '{' && r->column == 1 && rec->column == 1) {
            set_error(rec, "input.json.syntax", r->line, r->column, r->offset,
                      "the JSON value is not terminated before the next record");
            break;
        }
        get(r);
        keep(r, c);
        if (in_str) {
            bool closes = !esc && c == '"';
            if (esc)
                esc = false;
            else if (c == '\\')
                esc = true;
            else if (c == '"')
                in_str = false;
            if (ps.in_key) {
                if (closes) {
                    ps.in_key = false;
                    ps.key_is_data = ps.key_len == 4 && memcmp(ps.key, "data", 4) == 0;
                } else {
                    sniff_string_byte(&ps, c);
                }
            }
            continue;
        }
        if (c == '"') {
            in_str = true;
            if (detect_page && depth == 1 && ps.expect_key) {
                ps.in_key = true;
                ps.key_len = 0;
                ps.expect_key = false;
            }
            ps.want_value = false;
            continue;
        }
        if (c == ':' && depth == 1 && ps.key_is_data) {
            ps.want_value = true;
            ps.key_is_data = false;
            continue;
        }
        if (is_space(c))
            continue;
        if (c == '[' && depth == 1 && ps.want_value && detect_page) {
            r->mode = MODE_PAGE;
            return 0;
        }
        ps.want_value = false;
        if (c == '{' || c == '[') {
            depth++;
            if (depth == 1 && c == '{')
                ps.expect_key = true;
        } else if (c == '}' || c == ']') {
            depth--;
            if (depth <= 0)
                break;
        } else if (c == ',' && depth == 1) {
            ps.expect_key = true;
        }
    }
    finish_record(r, rec);
    return 1;
}

/* A string or a bare scalar as an array element: framed, the parser rejects it. */
static void read_scalar(cli_reader *r, cli_record *rec)
{
    bool in_str = false, esc = false, first = true;
    for (;;) {
        int c = peek(r);
        if (c < 0)
            break;
        if (!in_str && !first && (is_space(c) || c == ',' || c == ']' || c == '}'))
            break;
        get(r);
        keep(r, c);
        if (in_str) {
            if (esc)
                esc = false;
            else if (c == '\\')
                esc = true;
            else if (c == '"')
                break;
            else if (c == '\n')
                break;
        } else if (c == '"' && first) {
            in_str = true;
        }
        first = false;
    }
    finish_record(r, rec);
}

/* Anything else at top level: the rest of the line, handed to the parser. */
static void read_line(cli_reader *r, cli_record *rec)
{
    for (;;) {
        int c = peek(r);
        if (c < 0 || c == '\n')
            break;
        keep(r, get(r));
    }
    finish_record(r, rec);
}

static void skip_page_rest(cli_reader *r)
{
    int depth = 1;
    bool in_str = false, esc = false;
    for (;;) {
        int c = get(r);
        if (c < 0)
            return;
        if (in_str) {
            if (esc)
                esc = false;
            else if (c == '\\')
                esc = true;
            else if (c == '"')
                in_str = false;
        } else if (c == '"') {
            in_str = true;
        } else if (c == '{' || c == '[') {
            depth++;
        } else if (c == '}' || c == ']') {
            if (--depth == 0)
                return;
        }
    }
}

static int read_element(cli_reader *r, cli_record *rec, enum reader_mode after_close)
{
    for (;;) {
        int c = peek(r);
        if (c < 0) {
            start_record(r, rec);
            set_error(rec, "input.json.syntax", r->line, r->column, r->offset,
                      "unexpected end of input inside an array");
            r->mode = MODE_TOP;
            finish_record(r, rec);
            return 1;
        }
        if (is_space(c) || c == ',') {
            get(r);
            continue;
        }
        if (c == ']') {
            get(r);
            r->mode = after_close;
            return 0;
        }
        start_record(r, rec);
        if (c == '{' || c == '[')
            return read_container(r, rec, false);
        read_scalar(r, rec);
        return 1;
    }
}

int cli_reader_next(cli_reader *r, cli_record *rec)
{
    for (;;) {
        if (r->mode == MODE_ARRAY || r->mode == MODE_PAGE) {
            if (read_element(r, rec, r->mode == MODE_ARRAY ? MODE_TOP : MODE_PAGE_REST))
                return 1;
            continue;
        }
        if (r->mode == MODE_PAGE_REST) {
            skip_page_rest(r);
            r->mode = MODE_TOP;
            continue;
        }
        int c = peek(r);
        if (c < 0)
            return r->io_error ? -1 : 0;
        if (is_space(c) || (r->offset == 0 && c == 0xEF)) {
            get(r); /* whitespace, or the first byte of a UTF-8 BOM */
            if (c == 0xEF && peek(r) == 0xBB) {
                get(r);
                if (peek(r) == 0xBF)
                    get(r);
            }
            continue;
        }
        if (c == '[') {
            get(r);
            r->mode = MODE_ARRAY;
            continue;
        }
        start_record(r, rec);
        if (c == '{') {
            if (read_container(r, rec, true))
                return 1;
            continue;
        }
        read_line(r, rec);
        return 1;
    }
}

void cli_text_position(const char *data, size_t len, size_t off, int64_t *line, int64_t *column)
{
    int64_t l = 1, col = 1;
    for (size_t i = 0; i < off && i < len; i++) {
        unsigned char c = (unsigned char)data[i];
        if (c == '\n') {
            l++;
            col = 1;
        } else if ((c & 0xC0) != 0x80) {
            col++;
        }
    }
    *line = l;
    *column = col;
}

void cli_record_position(const cli_record *rec, int64_t rel_line, int64_t rel_column,
                         int64_t *line, int64_t *column)
{
    if (rel_line <= 0) {
        *line = rec->line;
        *column = rec->column;
        return;
    }
    *line = rec->line + rel_line - 1;
    *column = rel_line == 1 ? rec->column + rel_column - 1 : rel_column;
}

int cli_for_each_record(const cli_files *files, size_t max_record, cli_record_fn fn, void *ud,
                        const cli_out *out, bool json)
{
    static char *const stdin_only[] = {"-", NULL};
    char *const *paths = files->count > 0 ? files->paths : stdin_only;
    int n = files->count > 0 ? files->count : 1;
    int status = CLI_EXIT_OK;
    for (int i = 0; i < n; i++) {
        const char *why = "";
        cli_reader *r = cli_reader_open(paths[i], max_record, &why);
        if (!r) {
            fprintf(stderr, "watpl: cannot read %s: %s\n", paths[i], why);
            status = CLI_EXIT_USAGE;
            continue;
        }
        cli_record rec;
        int got;
        while ((got = cli_reader_next(r, &rec)) == 1) {
            int st;
            if (rec.error_rule) {
                cli_print_error_record(out, json, &rec, rec.error_rule, rec.error_msg, rec.error_line,
                                       rec.error_column, NULL);
                st = CLI_EXIT_USAGE;
            } else {
                st = fn(&rec, ud);
            }
            if (st > status)
                status = st;
        }
        if (got < 0) {
            fprintf(stderr, "watpl: error reading %s\n", paths[i]);
            status = CLI_EXIT_USAGE;
        }
        cli_reader_close(r);
    }
    return status;
}
