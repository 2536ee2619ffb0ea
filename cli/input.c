/* The record reader of the `watpl` command: frames JSON values out of a byte
 * stream in constant memory (cli.md "Input"). It only tracks strings, escapes
 * and bracket depth; the records themselves are parsed by the library, which
 * reports their syntax errors.
 *
 * The form of a file is decided once, by its first line: a first line that
 * holds a whole JSON value makes the file JSON Lines, where a record is a line
 * and never more (JSON strings cannot hold a raw newline, so a line break ends
 * a record whatever state the scanner is in). Otherwise the file is a stream
 * of values (a pretty-printed object, an array, several objects): a raw
 * newline still ends a string, and a line that opens a value at or left of
 * the column where the open record began ends that record.
 * SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli_internal.h"

enum file_form {
    FORM_UNDECIDED, /* before the end of the first line */
    FORM_LINES,     /* JSON Lines: one record per line */
    FORM_VALUES     /* values (objects, arrays) separated by whitespace */
};

enum reader_state {
    AT_TOP,       /* between top-level values (or lines) */
    IN_ARRAY,     /* inside a top-level array: each element is a record */
    IN_PAGE,      /* inside the "data" array of a GET page */
    IN_PAGE_REST  /* after the "data" array: skip to the end of the page */
};

/* What the scanner knows of the value it is reading. */
typedef struct scan {
    int depth;
    bool in_str, esc, in_scalar, closed;
    bool trailing; /* JSON Lines: something after the value on its line */
    int64_t values;
    /* GET page sniffing, at depth 1 of a top-level object */
    bool sniff, in_key, any_key, value_is_data;
    enum { G_KEY, G_COLON, G_VALUE, G_AFTER } g; /* where the object's grammar is, at depth 1 */
    char key[8];
    size_t key_len;
    bool not_page;   /* a key a page does not have, or "data" not an array */
    bool has_data;   /* "data" holds an array */
    bool in_data;    /* inside that array now */
    size_t data_at;  /* offset in the record just after its '[' */
} scan;

/* A position in the file. */
typedef struct position {
    int64_t line, column, offset;
    bool blank;     /* only whitespace before it on its line */
    int64_t indent; /* column of the first non-space byte of its line, once there is one */
} position;

struct cli_reader {
    FILE *f;
    bool own;
    const char *name;
    unsigned char io[1 << 16];
    size_t io_cap;      /* bytes of io a read fills: all of it (the fuzz target reads in small blocks) */
    size_t io_len, io_pos;
    bool eof, io_error;
    int io_errno;
    /* bytes to read again before the file: a GET page that was buffered */
    char *replay;
    size_t replay_len, replay_pos, replay_cap;
    position pos;       /* of the next byte */
    position rec_start; /* of the record being read */
    int64_t rec_indent; /* indentation of the line where it starts */
    char *rec;
    size_t rec_len, rec_cap, max;
    bool oversize;
    bool overflow_seen; /* the record's overflow was looked at (a page to stream?) */
    enum file_form form;
    enum reader_state state;
    bool page_lines;     /* the page is one JSON Lines record: a newline ends it */
    bool after_array;    /* a top-level array just closed */
    bool cut;            /* the last record ended at the end of its line or file, open */
    enum { EL_FIRST, EL_AFTER_VALUE, EL_AFTER_COMMA } el; /* array or page: what came last */
    position comma; /* of the last ',' between elements */
    position array_close;
    int64_t arrays;      /* top-level arrays opened so far */
    scan sc;
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
        struct stat st;
        int e = errno;
        if (r->f && fstat(fileno(r->f), &st) == 0 && S_ISDIR(st.st_mode)) {
            fclose(r->f);
            r->f = NULL;
            e = EISDIR;
        }
        if (!r->f) {
            *why = strerror(e);
            free(r);
            return NULL;
        }
    }
    r->max = max_record;
    r->io_cap = sizeof r->io;
    r->pos = (position){1, 1, 0, true, 0};
    r->form = FORM_UNDECIDED;
    r->state = AT_TOP;
    return r;
}

cli_reader *cli_reader_open_file(FILE *f, const char *name, size_t max_record)
{
    cli_reader *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->f = f;
    r->name = name;
    r->max = max_record;
    r->io_cap = sizeof r->io;
    r->pos = (position){1, 1, 0, true, 0};
    r->form = FORM_UNDECIDED;
    r->state = AT_TOP;
    return r;
}

void cli_reader_close(cli_reader *r)
{
    if (!r)
        return;
    if (r->own && r->f)
        fclose(r->f);
    free(r->rec);
    free(r->replay);
    free(r);
}

const char *cli_reader_error(const cli_reader *r)
{
    return r->io_error ? strerror(r->io_errno ? r->io_errno : EIO) : "";
}

/* ---- bytes and positions ------------------------------------------------------------------- */

static bool fill(cli_reader *r)
{
    if (r->replay_pos < r->replay_len || r->io_pos < r->io_len)
        return true;
    if (r->eof)
        return false;
    errno = 0;
    r->io_len = fread(r->io, 1, r->io_cap, r->f);
    r->io_pos = 0;
    if (r->io_len == 0) {
        r->eof = true;
        if (ferror(r->f)) {
            r->io_error = true;
            r->io_errno = errno;
        }
        return false;
    }
    return true;
}

static int peek(cli_reader *r)
{
    if (!fill(r))
        return -1;
    return r->replay_pos < r->replay_len ? (unsigned char)r->replay[r->replay_pos] : r->io[r->io_pos];
}

static bool is_space(int c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Bytes of s[0..n) that start a code point (not a 10xxxxxx continuation
 * byte), eight at a time. */
static size_t count_code_points(const unsigned char *s, size_t n)
{
    size_t cont = 0, i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        uint64_t c = (w & ~(w << 1)) & 0x8080808080808080u; /* bit 7 set, bit 6 clear */
        cont += (size_t)(((c >> 7) * 0x0101010101010101u) >> 56);
    }
    for (; i < n; i++)
        cont += (s[i] & 0xC0) == 0x80;
    return n - cont;
}

/* Move p over the bytes s[0..n): lines, columns (code points), and where
 * the content of the current line starts. */
static void advance_run(position *p, const unsigned char *s, size_t n)
{
    p->offset += (int64_t)n;
    while (n) {
        const unsigned char *nl = memchr(s, '\n', n);
        size_t k = nl ? (size_t)(nl - s) : n, i = 0;
        if (p->blank) {
            while (i < k && is_space(s[i]))
                i++;
            p->column += (int64_t)i;
            if (i < k) {
                p->blank = false;
                p->indent = p->column;
            }
        }
        p->column += (int64_t)count_code_points(s + i, k - i);
        if (!nl)
            return;
        p->line++;
        p->column = 1;
        p->blank = true;
        s += k + 1;
        n -= k + 1;
    }
}

static int get(cli_reader *r)
{
    if (!fill(r))
        return -1;
    unsigned char c = r->replay_pos < r->replay_len ? (unsigned char)r->replay[r->replay_pos++] : r->io[r->io_pos++];
    advance_run(&r->pos, &c, 1);
    return c;
}

/* The bytes that can be read now without reading the file (the rest of the
 * replayed bytes, else of the read buffer, refilled when empty), to frame
 * them a block at a time. NULL at the end of the input. */
static const unsigned char *avail(cli_reader *r, size_t *n)
{
    if (!fill(r))
        return NULL;
    if (r->replay_pos < r->replay_len) {
        *n = r->replay_len - r->replay_pos;
        return (const unsigned char *)r->replay + r->replay_pos;
    }
    *n = r->io_len - r->io_pos;
    return r->io + r->io_pos;
}

/* Consume the first n bytes that avail() gave. */
static void take(cli_reader *r, const unsigned char *b, size_t n)
{
    advance_run(&r->pos, b, n);
    if (r->replay_pos < r->replay_len)
        r->replay_pos += n;
    else
        r->io_pos += n;
}

/* How many of the next n bytes to frame in one block: all of them, except
 * that a block ends at the byte that takes the record past its limit (the
 * reader looks there for a GET page to stream). */
static size_t block_limit(const cli_reader *r, size_t n)
{
    if (r->oversize)
        return n;
    size_t room = r->max + 1 - r->rec_len;
    return n < room ? n : room;
}

/* Append b[0..n) to the record. The byte past the limit is still kept (and
 * the record marked oversize) so that a GET page found too large to buffer
 * can be replayed whole; bytes after it are dropped. */
static void keep_run(cli_reader *r, const unsigned char *b, size_t n)
{
    if (r->oversize || n == 0)
        return;
    n = block_limit(r, n);
    if (r->rec_len + n >= r->rec_cap) {
        size_t cap = r->rec_cap ? r->rec_cap : 4096;
        while (cap <= r->rec_len + n && cap <= r->max)
            cap *= 2;
        if (cap > r->max + 2)
            cap = r->max + 2;
        char *p = cap > r->rec_len + n ? realloc(r->rec, cap) : NULL;
        if (!p) {
            r->oversize = true; /* reported as too large: the record cannot be held */
            r->overflow_seen = true;
            return;
        }
        r->rec = p;
        r->rec_cap = cap;
    }
    memcpy(r->rec + r->rec_len, b, n);
    r->rec_len += n;
    if (r->rec_len > r->max)
        r->oversize = true;
}

static void keep(cli_reader *r, int c)
{
    unsigned char byte = (unsigned char)c;
    keep_run(r, &byte, 1);
}

/* ---- the scanner -------------------------------------------------------------------------- */

static bool is_page_key(const scan *s)
{
    static const char *const keys[] = {"data", "paging", "summary"};
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
        if (s->key_len == strlen(keys[i]) && memcmp(s->key, keys[i], s->key_len) == 0)
            return true;
    return false;
}

static void sniff_key_byte(scan *s, int c)
{
    if (s->key_len < sizeof s->key)
        s->key[s->key_len] = (char)c;
    s->key_len++;
}

static bool is_structural(int c)
{
    return c == '{' || c == '}' || c == '[' || c == ']' || c == ',' || c == ':' || c == '"';
}

/* Top-level keys of an object, to tell a GET page by its shape: a "data"
 * array, and no key but "paging" and "summary" besides. The object's grammar
 * is followed at depth 1, so that a broken object is never taken for a page
 * (it is then one record, and the parser says what is wrong). */
static void sniff_structural(scan *s, int c, size_t at)
{
    if (s->depth != 1 || is_space(c)) /* before the update of depth by c */
        return;
    switch (s->g) {
    case G_KEY:
        if (!(c == '"' || (c == '}' && !s->any_key)))
            s->not_page = true;
        break;
    case G_COLON:
        if (c == ':')
            s->g = G_VALUE;
        else
            s->not_page = true;
        break;
    case G_VALUE:
        if (c == ':' || c == ',' || c == '}' || c == ']') {
            s->not_page = true;
        } else if (s->value_is_data) {
            if (c == '[') {
                s->has_data = true;
                s->in_data = true;
                s->data_at = at + 1;
            } else {
                s->not_page = true;
            }
        }
        s->g = G_AFTER;
        break;
    case G_AFTER:
        if (c == ',')
            s->g = G_KEY;
        else if (c != '}' && !(s->in_scalar && !is_structural(c)))
            s->not_page = true;
        break;
    }
}

/* The JSON string scanner of the reader, for every place that reads through
 * a string: from inside a string (*esc when the byte before was a backslash
 * that escapes the next one), how many bytes of b[0..n) continue it. The
 * byte after them, if any, ends the string: a closing quote, or a raw
 * newline, which a JSON string cannot hold (the string was cut there). */
static inline size_t string_span(const unsigned char *b, size_t n, bool *esc)
{
    size_t i = 0;
    if (*esc) {
        if (n == 0 || b[0] == '\n')
            return 0;
        *esc = false;
        i = 1;
    }
    while (i < n) {
        unsigned char c = b[i];
        if (c > '\\' || (c != '"' && c != '\n' && c != '\\')) { /* most bytes: one comparison */
            i++;
        } else if (c != '\\') {
            return i;
        } else if (i + 1 == n) { /* the backslash escapes the next block's first byte */
            *esc = true;
            return n;
        } else if (b[i + 1] == '\n') {
            return i + 1;
        } else {
            i += 2;
        }
    }
    return n;
}

/* Feed one byte (at offset `at` of the record). */
static void scan_byte(scan *s, int c, size_t at)
{
    if (s->in_str) {
        unsigned char byte = (unsigned char)c;
        if (string_span(&byte, 1, &s->esc) == 1) {
            if (s->in_key)
                sniff_key_byte(s, c);
            return;
        }
        s->in_str = s->esc = false;
        if (c == '\n') { /* a raw newline cannot be in a string: the string was cut */
            s->in_key = false;
            return;
        }
        if (s->in_key) {
            s->in_key = false;
            s->any_key = true;
            s->g = G_COLON;
            s->value_is_data = s->key_len == 4 && memcmp(s->key, "data", 4) == 0;
            if (!is_page_key(s))
                s->not_page = true;
        }
        return;
    }
    if (s->closed) {
        if (!is_space(c))
            s->trailing = true;
        return;
    }
    if (s->sniff)
        sniff_structural(s, c, at);
    if (c == '"') {
        s->values++;
        s->in_str = true;
        s->in_scalar = false;
        if (s->sniff && s->depth == 1 && s->g == G_KEY) {
            s->in_key = true;
            s->key_len = 0;
        }
        return;
    }
    if (is_space(c) || c == ',' || c == ':') {
        s->in_scalar = false;
        return;
    }
    if (c == '{' || c == '[') {
        s->values++;
        s->in_scalar = false;
        s->depth++;
        if (s->depth == 1 && c == '{')
            s->g = G_KEY;
        else if (s->depth == 1) /* a top-level array is not a page */
            s->not_page = true;
        return;
    }
    if (c == '}' || c == ']') {
        s->in_scalar = false;
        if (s->depth > 0 && --s->depth == 0)
            s->closed = true;
        if (s->depth == 1)
            s->in_data = false;
        return;
    }
    if (!s->in_scalar)
        s->values++;
    s->in_scalar = true;
    if (s->depth == 0)
        s->closed = true; /* a bare scalar at top level */
}

/* Feed the block b[0..n) (its first byte at offset `at` of the record; the
 * later bytes after it when `kept`, else all at `at`, as the bytes past the
 * limit are not kept). Returns how many bytes were read: all of them, or,
 * with stop_on_close, up to the byte that closes the value. While the record
 * may still be a GET page each byte goes through scan_byte; once it cannot
 * (no sniffing, or a key a page does not have) the same counting runs in a
 * tight loop that only tracks strings, depth and values. */
static size_t scan_run(scan *s, const unsigned char *b, size_t n, size_t at, bool kept, bool stop_on_close)
{
    size_t i = 0;
    for (; i < n && s->sniff && !s->not_page; i++) {
        scan_byte(s, b[i], kept ? at + i : at);
        if (stop_on_close && s->closed)
            return i + 1;
    }
    /* the state in locals: the compiler cannot keep it in registers
     * through s, which the bytes of b may alias */
    bool in_str = s->in_str, esc = s->esc, in_scalar = s->in_scalar;
    bool closed = s->closed;
    int depth = s->depth;
    int64_t values = s->values;
    while (i < n && !closed) {
        if (in_str) {
            i += string_span(b + i, n - i, &esc);
            if (i == n)
                break;
            in_str = esc = false; /* the quote or the raw newline that ends it */
            i++;
            continue;
        }
        switch (b[i++]) {
        case '"':
            values++;
            in_str = true;
            in_scalar = false;
            break;
        case ' ':
        case '\t':
        case '\n':
        case '\r':
        case ',':
        case ':':
            in_scalar = false;
            break;
        case '{':
        case '[':
            values++;
            in_scalar = false;
            depth++;
            break;
        case '}':
        case ']':
            in_scalar = false;
            if (depth > 0 && --depth == 0)
                closed = true;
            break;
        default:
            if (!in_scalar)
                values++;
            in_scalar = true;
            if (depth == 0)
                closed = true; /* a bare scalar at top level */
            break;
        }
    }
    s->closed = closed;
    s->in_str = in_str;
    s->esc = esc;
    s->in_key = s->in_key && in_str;
    s->in_scalar = in_scalar;
    s->depth = depth;
    s->values = values;
    if (s->closed && !stop_on_close) { /* JSON Lines reads on after the value */
        for (; i < n && !s->trailing; i++)
            if (!is_space(b[i]))
                s->trailing = true;
        return n;
    }
    return i;
}

/* ---- records ------------------------------------------------------------------------------ */

static void start_record(cli_reader *r, cli_record *rec, bool sniff)
{
    memset(rec, 0, sizeof *rec);
    rec->file = r->name;
    rec->line = r->pos.line;
    rec->column = r->pos.column;
    rec->offset = r->pos.offset;
    rec->array = r->state == IN_ARRAY ? r->arrays : 0;
    r->rec_start = r->pos;
    r->rec_indent = r->pos.blank ? r->pos.column : r->pos.indent;
    r->rec_len = 0;
    r->oversize = false;
    r->overflow_seen = false;
    memset(&r->sc, 0, sizeof r->sc);
    r->sc.sniff = sniff;
}

static void set_error(cli_record *rec, const char *rule, const position *at, const char *msg)
{
    if (rec->error_rule)
        return; /* the first error of a record is its error */
    rec->error_rule = rule;
    rec->error_line = at->line;
    rec->error_column = at->column;
    rec->error_offset = at->offset;
    snprintf(rec->error_msg, sizeof rec->error_msg, "%s", msg);
}

static void finish_record(cli_reader *r, cli_record *rec)
{
    rec->data = r->rec ? r->rec : "";
    rec->len = r->rec_len;
    rec->values = r->sc.values;
    if (r->oversize) {
        char msg[160];
        snprintf(msg, sizeof msg, "record larger than the limit of %zu bytes", r->max);
        rec->error_rule = NULL; /* too large is the reason, whatever else was seen */
        position at = r->rec_start;
        set_error(rec, "input.too_large", &at, msg);
    }
}

static bool page_can_stream(const scan *s)
{
    return s->sniff && s->in_data && !s->not_page;
}

static bool begin_page(cli_reader *r, bool lines);

/* When the record has just passed the limit inside the "data" array of what
 * looks like a GET page, the page is read element by element instead. */
static bool stream_page_now(cli_reader *r, bool lines)
{
    if (!r->oversize || r->overflow_seen)
        return false;
    r->overflow_seen = true;
    return page_can_stream(&r->sc) && begin_page(r, lines);
}

static bool is_page(const scan *s)
{
    return s->sniff && s->closed && !s->trailing && s->has_data && !s->not_page;
}

/* A JSON Lines record shaped as a page but cut short: its elements are
 * still read, and the cut is reported once. */
static bool is_cut_page(const scan *s)
{
    return s->sniff && !s->closed && s->has_data && !s->not_page;
}

/* Read the page of the record just framed again, from the byte after the
 * '[' of its "data" array: the record's bytes are replayed (followed by any
 * replayed bytes not read yet), then the file goes on where it was. False
 * when there is no memory for it. */
static bool begin_page(cli_reader *r, bool lines)
{
    size_t pending = r->replay_len - r->replay_pos, total = r->rec_len + pending;
    if (total + 1 > r->rec_cap) {
        char *p = realloc(r->rec, total + 1);
        if (!p)
            return false;
        r->rec = p;
        r->rec_cap = total + 1;
    }
    if (pending)
        memcpy(r->rec + r->rec_len, r->replay + r->replay_pos, pending);
    char *bytes = r->rec;
    size_t cap = r->rec_cap;
    r->rec = r->replay;
    r->rec_cap = r->replay_cap;
    r->replay = bytes;
    r->replay_cap = cap;
    r->replay_len = total;
    r->replay_pos = r->sc.data_at;
    r->pos = r->rec_start;
    advance_run(&r->pos, (const unsigned char *)bytes, r->sc.data_at);
    r->rec_len = 0;
    r->state = IN_PAGE;
    r->page_lines = lines;
    r->cut = false;
    r->el = EL_FIRST;
    return true;
}

/* Frame the rest of the line (or of the file) into the record, a block at
 * a time. True when the record turned out to be a GET page too large to
 * buffer, now read element by element. */
static bool frame_to_line_end(cli_reader *r, bool lines)
{
    size_t n;
    const unsigned char *b;
    while ((b = avail(r, &n)) != NULL) {
        const unsigned char *nl = memchr(b, '\n', n);
        size_t len = block_limit(r, nl ? (size_t)(nl - b) : n);
        if (len == 0)
            return false; /* at the line break */
        scan_run(&r->sc, b, len, r->rec_len, !r->oversize, false);
        keep_run(r, b, len);
        take(r, b, len);
        if (stream_page_now(r, lines))
            return true;
    }
    return false;
}

/* What the sniffing of scan_byte finds at the first key of most records,
 * in one look: the line starts `{"KEY"` (no space, no escape) and KEY is not
 * one of a page's (data, paging, summary), so the record is not a page. */
static bool first_key_not_page(const unsigned char *b, size_t len)
{
    if (len < 3 || b[0] != '{' || b[1] != '"')
        return false;
    const unsigned char *end = memchr(b + 2, '"', len - 2);
    if (!end || memchr(b + 2, '\\', (size_t)(end - b) - 2))
        return false;
    scan s = {.key_len = 0};
    for (const unsigned char *k = b + 2; k < end; k++)
        sniff_key_byte(&s, *k);
    return !is_page_key(&s);
}

/* The common JSON Lines record: its whole line is in the buffer, within the
 * limit, and its first bytes show it is not a GET page. It is handed in
 * place (one memchr, no copy and no scan past the first key), with its line
 * break; its values are counted only if asked (cli_record_values). False,
 * and nothing consumed, otherwise. */
static bool frame_line_in_place(cli_reader *r, cli_record *rec)
{
    size_t n;
    const unsigned char *b = r->rec_len == 0 ? avail(r, &n) : NULL;
    const unsigned char *nl = b ? memchr(b, '\n', n) : NULL;
    if (!nl || (size_t)(nl - b) > r->max)
        return false;
    size_t len = (size_t)(nl - b);
    scan *s = &r->sc;
    if (s->sniff && !first_key_not_page(b, len))
        for (size_t i = 0; i < len && !s->not_page; i++)
            scan_byte(s, b[i], i);
    else
        s->not_page = true;
    if (s->sniff && !s->not_page) { /* may be a page: framed byte by byte */
        memset(s, 0, sizeof *s);
        s->sniff = true;
        return false;
    }
    /* the line and its break: the position is the start of the next line,
     * whatever the line held */
    r->pos.offset += (int64_t)len + 1;
    r->pos.line++;
    r->pos.column = 1;
    r->pos.blank = true;
    if (r->replay_pos < r->replay_len)
        r->replay_pos += len + 1;
    else
        r->io_pos += len + 1;
    rec->data = (const char *)b;
    rec->len = len;
    rec->values = -1;
    return true;
}

/* A JSON Lines record: the rest of the line, whatever it holds. Returns
 * 0 for a record, 1 when it is a GET page (now being read). */
static int frame_line(cli_reader *r, cli_record *rec)
{
    if (frame_line_in_place(r, rec))
        return 0;
    if (frame_to_line_end(r, true))
        return 1;
    if (!r->oversize && (is_page(&r->sc) || is_cut_page(&r->sc)) && begin_page(r, true))
        return 1;
    finish_record(r, rec);
    return 0;
}

/* Length of the run of spaces, tabs and carriage returns at b[0..n). */
static size_t blank_span(const unsigned char *b, size_t n)
{
    size_t i = 0;
    while (i < n && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r'))
        i++;
    return i;
}

/* A bracketed value of a stream of values, an array element or a page
 * element. Returns 0 for a record, 1 when the value is a GET page. It is
 * framed a block at a time: in JSON Lines up to the end of the line, else
 * up to the end of each line, where the indentation of the next line is
 * looked at before its first byte is framed. */
static int frame_value(cli_reader *r, cli_record *rec, bool lines)
{
    scan *s = &r->sc;
    for (;;) {
        size_t n;
        const unsigned char *b = avail(r, &n);
        if (!b) {
            set_error(rec, "input.json.syntax", &r->pos, "unexpected end of input inside a JSON value");
            r->cut = true;
            break;
        }
        int c = b[0];
        if (lines && c == '\n') {
            set_error(rec, "input.json.syntax", &r->pos, "the line ends inside a JSON value");
            r->cut = true;
            break;
        }
        /* a line that opens a value at or left of the indentation of the
         * record's first line, or closes one left of it, while the record is
         * open: the record was cut */
        if (!lines && r->pos.blank && !is_space(c) && r->pos.line > rec->line &&
            (((c == '{' || c == '[') && r->pos.column <= r->rec_indent) ||
             ((c == '}' || c == ']') && r->pos.column < r->rec_indent))) {
            set_error(rec, "input.json.syntax", &r->pos, "the JSON value is not terminated before the next record");
            break;
        }
        size_t len = lines || !r->pos.blank ? 0 : blank_span(b, n); /* the indentation, on its own */
        if (len == 0) {
            const unsigned char *nl = memchr(b, '\n', n);
            len = !nl ? n : lines ? (size_t)(nl - b) : (size_t)(nl - b) + 1;
        }
        len = scan_run(s, b, block_limit(r, len), r->rec_len, !r->oversize, true);
        keep_run(r, b, len);
        take(r, b, len);
        if (stream_page_now(r, false))
            return 1;
        if (s->closed)
            break;
    }
    if (!r->oversize && is_page(s) && begin_page(r, false))
        return 1;
    finish_record(r, rec);
    return 0;
}

/* A string or a bare scalar as an array element: framed, the parser rejects it. */
static void frame_scalar(cli_reader *r, cli_record *rec)
{
    bool in_str = false, esc = false, first = true;
    for (;;) {
        int c = peek(r);
        if (c < 0 || c == '\n')
            break;
        if (!in_str && !first && (is_space(c) || c == ',' || c == ']' || c == '}' || c == '[' || c == '{'))
            break;
        get(r);
        keep(r, c);
        r->sc.values = 1;
        unsigned char byte = (unsigned char)c;
        if (in_str && string_span(&byte, 1, &esc) == 0)
            break; /* its closing quote */
        in_str = in_str || (c == '"' && first);
        first = false;
    }
    finish_record(r, rec);
}

/* The first value of a file that starts with '{': JSON Lines when it ends
 * on its first line, else a stream of values. */
static int frame_first(cli_reader *r, cli_record *rec)
{
    if (frame_to_line_end(r, false))
        return 1; /* the form is decided when the page ends */
    if (r->sc.closed) {
        r->form = FORM_LINES;
        return frame_line(r, rec);
    }
    r->form = FORM_VALUES;
    return frame_value(r, rec, false);
}

static bool skip_bom(cli_reader *r)
{
    if (!r->pos.blank || peek(r) != 0xEF)
        return false;
    /* only a whole BOM is skipped; a stray 0xEF is left for the parser */
    size_t avail_io = r->io_len - r->io_pos;
    if (r->replay_pos >= r->replay_len && avail_io < 3 && !r->eof) {
        memmove(r->io, r->io + r->io_pos, avail_io);
        r->io_len = avail_io;
        r->io_pos = 0;
        r->io_len += fread(r->io + avail_io, 1, r->io_cap - avail_io, r->f);
    }
    const unsigned char *p = r->replay_pos < r->replay_len ? (const unsigned char *)r->replay + r->replay_pos
                                                           : r->io + r->io_pos;
    size_t avail = r->replay_pos < r->replay_len ? r->replay_len - r->replay_pos : r->io_len - r->io_pos;
    if (avail < 3 || p[1] != 0xBB || p[2] != 0xBF)
        return false;
    get(r);
    get(r);
    get(r);
    r->pos.blank = true; /* a BOM is not content: the line is still blank */
    return true;
}

/* ---- arrays and pages ------------------------------------------------------------------------ */

/* After the "data" array: to the end of the page. False when the page
 * ends (end of its line or of the file) before its closing brace. */
static bool skip_page_rest(cli_reader *r)
{
    int depth = 1;
    bool in_str = false, esc = false;
    for (;;) {
        int c = peek(r);
        if (c < 0 || (c == '\n' && r->page_lines))
            return false;
        get(r);
        unsigned char byte = (unsigned char)c;
        if (in_str) {
            in_str = string_span(&byte, 1, &esc) == 1;
            esc = esc && in_str;
        } else if (c == '"') {
            in_str = true;
        } else if (c == '{' || c == '[') {
            depth++;
        } else if (c == '}' || c == ']') {
            if (--depth == 0)
                return true;
        }
    }
}

/* Whitespace, a block at a time; in JSON Lines (lines) up to the line break. */
static void skip_spaces(cli_reader *r, bool lines)
{
    size_t n;
    const unsigned char *b;
    while ((b = avail(r, &n)) != NULL) {
        size_t i = 0;
        while (i < n && is_space(b[i]) && !(lines && b[i] == '\n'))
            i++;
        take(r, b, i);
        if (i < n)
            return;
    }
}

/* The next element of an array or a page: 1 for a record, 0 at its end. */
static int read_element(cli_reader *r, cli_record *rec)
{
    bool page = r->state == IN_PAGE, lines = page && r->page_lines;
    for (;;) {
        int c = peek(r);
        if (c < 0 || (lines && c == '\n')) {
            r->state = AT_TOP;
            if (page && r->cut) /* the element cut by the end already said so */
                return 0;
            start_record(r, rec, false);
            set_error(rec, "input.json.syntax", &r->pos,
                      page ? "the GET page ends before its data array is closed"
                           : "unexpected end of input inside an array");
            r->state = AT_TOP;
            finish_record(r, rec);
            return 1;
        }
        if (is_space(c)) {
            skip_spaces(r, lines);
            continue;
        }
        bool stray = (c == ',' && r->el != EL_AFTER_VALUE) || (c == ']' && r->el == EL_AFTER_COMMA);
        if (stray) { /* "[,1]", "[1,,2]", "[1,]": one error record for the comma */
            start_record(r, rec, false);
            if (c == ']') { /* the record is the comma before the ']' */
                rec->line = r->comma.line;
                rec->column = r->comma.column;
                rec->offset = r->comma.offset;
            }
            set_error(rec, "input.json.syntax", c == ',' ? &r->pos : &r->comma,
                      c == ',' ? "a ',' without an element before it" : "a ',' without an element after it");
            if (c == ',')
                get(r);
            r->el = EL_AFTER_VALUE; /* the error stands for the missing element */
            finish_record(r, rec);
            return 1;
        }
        if (c == ',') {
            r->comma = r->pos;
            get(r);
            r->el = EL_AFTER_COMMA;
            continue;
        }
        if (c == ']') {
            if (!page)
                r->array_close = r->pos;
            get(r);
            r->after_array = !page;
            r->state = page ? IN_PAGE_REST : AT_TOP;
            return 0;
        }
        start_record(r, rec, false);
        r->cut = false;
        r->el = EL_AFTER_VALUE;
        if (c == '{' || c == '[')
            frame_value(r, rec, lines);
        else
            frame_scalar(r, rec);
        return 1;
    }
}

/* ---- the reader ----------------------------------------------------------------------------- */

static void junk_line(cli_reader *r, cli_record *rec)
{
    start_record(r, rec, false);
    size_t n;
    const unsigned char *b;
    while ((b = avail(r, &n)) != NULL) {
        const unsigned char *nl = memchr(b, '\n', n);
        size_t len = nl ? (size_t)(nl - b) : n;
        keep_run(r, b, len);
        take(r, b, len);
        if (nl)
            break;
    }
    r->sc.values = 1;
    finish_record(r, rec);
}

/* At the top of a file or between its values: 1 for a record, 0 to go on. */
static int read_top(cli_reader *r, cli_record *rec)
{
    int c = peek(r);
    if (is_space(c)) {
        skip_spaces(r, false);
        return 0;
    }
    if (skip_bom(r))
        return 0;
    if (r->form == FORM_UNDECIDED) {
        if (c == '{') {
            start_record(r, rec, true);
            return frame_first(r, rec) ? 0 : 1;
        }
        r->form = c == '[' ? FORM_VALUES : FORM_LINES;
    }
    if (r->form == FORM_LINES) {
        start_record(r, rec, c == '{');
        return frame_line(r, rec) ? 0 : 1;
    }
    bool after_array = r->after_array;
    r->after_array = false;
    if (c == ',' && after_array) { /* "[a], b]": the first ']' closed the array early */
        r->comma = r->pos;
        get(r);
        start_record(r, rec, false);
        rec->line = r->array_close.line;
        rec->column = r->array_close.column;
        rec->offset = r->array_close.offset;
        set_error(rec, "input.json.syntax", &r->array_close, "a ']' closes the array before its last element");
        finish_record(r, rec);
        r->state = IN_ARRAY;
        r->el = EL_AFTER_COMMA;
        return 1;
    }
    if (c == '[') {
        get(r);
        r->arrays++;
        r->state = IN_ARRAY;
        r->el = EL_FIRST;
        return 0;
    }
    if (c == '{') {
        start_record(r, rec, true);
        return frame_value(r, rec, false) ? 0 : 1;
    }
    junk_line(r, rec); /* anything else at top level: the rest of the line */
    return 1;
}

int cli_reader_next(cli_reader *r, cli_record *rec)
{
    for (;;) {
        if (r->state == IN_ARRAY || r->state == IN_PAGE) {
            if (read_element(r, rec))
                return 1;
            continue;
        }
        if (r->state == IN_PAGE_REST) {
            start_record(r, rec, false);
            bool closed = skip_page_rest(r);
            r->state = AT_TOP;
            if (r->form == FORM_UNDECIDED)
                r->form = r->pos.line == 1 ? FORM_LINES : FORM_VALUES;
            if (closed)
                continue;
            set_error(rec, "input.json.syntax", &r->pos, "the GET page ends before its closing '}'");
            finish_record(r, rec);
            return 1;
        }
        if (peek(r) < 0)
            return r->io_error ? -1 : 0;
        if (read_top(r, rec))
            return 1;
    }
}

int64_t cli_record_values(const cli_record *rec)
{
    if (rec->values >= 0)
        return rec->values;
    scan s;
    memset(&s, 0, sizeof s);
    scan_run(&s, (const unsigned char *)rec->data, rec->len, 0, true, false);
    return s.values;
}

/* ---- positions -------------------------------------------------------------------------------- */

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

/* ---- the loop of lint, classify and window ------------------------------------------------------ */

int cli_for_each_record(const cli_files *files, size_t max_record, cli_record_fn fn, void *ud,
                        const cli_out *out, bool json)
{
    static char *const stdin_only[] = {"-", NULL};
    char *const *paths = files->count > 0 ? files->paths : stdin_only;
    int n = files->count > 0 ? files->count : 1;
    int status = CLI_EXIT_OK;
    for (int i = 0; i < n && !ferror(out->f); i++) {
        const char *why = "";
        cli_reader *r = cli_reader_open(paths[i], max_record, &why);
        if (!r) {
            fprintf(stderr, "watpl: cannot read %s: %s\n", paths[i], why);
            status = CLI_EXIT_USAGE;
            continue;
        }
        cli_record rec;
        int got = 0;
        while (!ferror(out->f) && (got = cli_reader_next(r, &rec)) == 1) {
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
        if (!ferror(out->f) && got < 0) {
            fprintf(stderr, "watpl: error reading %s: %s\n", paths[i], cli_reader_error(r));
            status = CLI_EXIT_USAGE;
        }
        cli_reader_close(r);
    }
    return status;
}
