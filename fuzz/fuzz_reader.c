/* Fuzz target: the record reader of the `watpl` command (cli/input.c).
 * Two invariants:
 *  - JSON Lines: after a good first line, every line of the input is one
 *    record (none when it is blank), named by its own line and holding
 *    exactly its bytes; a line shaped like a GET page gives its records (none
 *    for an empty page) on that line only. Records out = records in,
 *    whatever a line holds.
 *  - Any bytes: records come in increasing positions, each position is the
 *    one of its offset, and a record's bytes are the file's bytes there.
 *  - The records do not depend on how the bytes arrive: read in blocks of 3
 *    to 18 bytes (every record then crosses a block end, where the reader
 *    cannot hand a line in place), they are the same, values included.
 * SPDX-License-Identifier: MIT */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L /* fmemopen, fileno: the fuzz build passes only -std=c11 */
#endif
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../cli/input.c"
#include "../cli/output.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_RECORD 512
#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "fuzz_reader: %s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

static cli_reader *reader_on(const char *bytes, size_t len, FILE **f)
{
    *f = len ? fmemopen((void *)bytes, len, "rb") : NULL;
    if (!*f)
        return NULL;
    cli_reader *r = cli_reader_open_file(*f, "fuzz", MAX_RECORD);
    if (!r)
        fclose(*f);
    return r;
}

static bool is_ws(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

/* Offset of the content of line [b, e): after whitespace and BOMs. */
static size_t content_start(const char *s, size_t b, size_t e)
{
    for (;;) {
        while (b < e && is_ws((unsigned char)s[b]))
            b++;
        if (e - b >= 3 && memcmp(s + b, "\xEF\xBB\xBF", 3) == 0)
            b += 3;
        else
            return b;
    }
}

static bool contains(const char *s, size_t len, const char *word)
{
    size_t n = strlen(word);
    for (size_t i = 0; i + n <= len; i++)
        if (memcmp(s + i, word, n) == 0)
            return true;
    return false;
}

static void check_lines(const uint8_t *data, size_t size)
{
    static const char first[] = "{\"a\":1}\n";
    size_t len = sizeof first - 1 + size;
    char *file = malloc(len);
    if (!file)
        return;
    memcpy(file, first, sizeof first - 1);
    memcpy(file + sizeof first - 1, data, size);
    FILE *f;
    cli_reader *r = reader_on(file, len, &f);
    if (!r) {
        free(file);
        return;
    }
    cli_record rec;
    CHECK(cli_reader_next(r, &rec) == 1 && rec.line == 1 && rec.len == 7 && !rec.error_rule);
    int got = cli_reader_next(r, &rec);
    size_t b = sizeof first - 1;
    int64_t line = 2;
    while (b <= len) {
        size_t e = b;
        while (e < len && file[e] != '\n')
            e++;
        size_t c = content_start(file, b, e);
        if (c < e) {
            bool page_like = contains(file + c, e - c, "\"data\"");
            if (!page_like) {
                CHECK(got == 1 && rec.line == line);
                CHECK(rec.offset == (int64_t)c);
                if (e - c > MAX_RECORD)
                    CHECK(rec.error_rule && strcmp(rec.error_rule, "input.too_large") == 0);
                else
                    CHECK(!rec.error_rule && rec.len == e - c && memcmp(rec.data, file + c, e - c) == 0);
                got = cli_reader_next(r, &rec);
            } else {
                while (got == 1 && rec.line == line) {
                    CHECK(rec.offset >= (int64_t)c && rec.offset <= (int64_t)e);
                    got = cli_reader_next(r, &rec);
                }
            }
        }
        b = e + 1;
        line++;
    }
    CHECK(got == 0); /* records out = records in */
    cli_reader_close(r);
    fclose(f);
    free(file);
}

static void check_positions(const uint8_t *data, size_t size)
{
    FILE *f;
    cli_reader *r = reader_on((const char *)data, size, &f);
    if (!r)
        return;
    cli_record rec;
    int64_t last = -1, line = 1, column = 1;
    size_t at = 0;
    while (cli_reader_next(r, &rec) == 1) {
        CHECK(rec.offset > last && rec.offset <= (int64_t)size);
        last = rec.offset;
        for (; at < (size_t)rec.offset; at++) {
            if (data[at] == '\n') {
                line++;
                column = 1;
            } else if ((data[at] & 0xC0) != 0x80) {
                column++;
            }
        }
        CHECK(rec.line == line && rec.column == column);
        if (!rec.error_rule)
            CHECK(rec.len <= size - (size_t)rec.offset && memcmp(rec.data, data + rec.offset, rec.len) == 0);
        else
            CHECK(rec.error_offset >= rec.offset && rec.error_line >= rec.line);
    }
    cli_reader_close(r);
    fclose(f);
}

static bool same_record(const cli_record *a, const cli_record *b)
{
    if (a->line != b->line || a->column != b->column || a->offset != b->offset || a->array != b->array ||
        !a->error_rule != !b->error_rule)
        return false;
    if (a->error_rule)
        return strcmp(a->error_rule, b->error_rule) == 0 && strcmp(a->error_msg, b->error_msg) == 0 &&
               a->error_line == b->error_line && a->error_column == b->error_column &&
               a->error_offset == b->error_offset;
    return a->len == b->len && (a->len == 0 || memcmp(a->data, b->data, a->len) == 0) &&
           cli_record_values(a) == cli_record_values(b);
}

static void check_blocks(const uint8_t *data, size_t size)
{
    FILE *f1, *f2;
    cli_reader *whole = reader_on((const char *)data, size, &f1);
    if (!whole)
        return;
    cli_reader *blocks = reader_on((const char *)data, size, &f2);
    if (!blocks) {
        cli_reader_close(whole);
        fclose(f1);
        return;
    }
    blocks->io_cap = 3 + (size ? data[0] % 16 : 0);
    cli_record a, b;
    int ga, gb;
    do {
        ga = cli_reader_next(whole, &a);
        gb = cli_reader_next(blocks, &b);
        CHECK(ga == gb);
        if (ga == 1)
            CHECK(same_record(&a, &b));
    } while (ga == 1);
    cli_reader_close(whole);
    cli_reader_close(blocks);
    fclose(f1);
    fclose(f2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    check_lines(data, size);
    check_positions(data, size);
    check_blocks(data, size);
    return 0;
}
