/* The `watpl` command: shared record reader, output helpers and the
 * subcommands. Not part of the library. SPDX-License-Identifier: MIT */
#ifndef WATPL_CLI_INTERNAL_H
#define WATPL_CLI_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "watpl.h"

/* Exit statuses (cli.md). */
#define CLI_EXIT_OK 0
#define CLI_EXIT_FINDINGS 1
#define CLI_EXIT_USAGE 2

/* ---- record reader --------------------------------------------------------
 * Streams the records of a file one at a time, in constant memory
 * (docs/cli.md, "Input"): the form of the file is decided by its first line.
 *  - JSON Lines (the first line holds a whole value): each line is a record,
 *    and a record never spans a line break, whatever the line holds.
 *  - Otherwise a stream of values: a top-level object (pretty-printed or
 *    not), each element of a top-level array.
 * An object shaped as a GET page (a "data" array, and no key besides
 * "paging" and "summary") gives each element of "data" as a record.
 * Every call yields exactly one record: either bytes to parse, or a framing
 * error (error_rule set) that the caller reports as one error record.
 *
 *     const char *why;
 *     cli_reader *r = cli_reader_open(path, 1 << 20, &why);
 *     cli_record rec;
 *     int got;
 *     while ((got = cli_reader_next(r, &rec)) == 1)
 *         rec.error_rule ? report(&rec) : parse(rec.data, rec.len);
 *     if (got < 0) fail(cli_reader_error(r));
 *     cli_reader_close(r);
 */

typedef struct cli_record {
    const char *file;     /* display name of the file ("<stdin>") */
    int64_t line;         /* 1-based line of the record's first byte */
    int64_t column;       /* 1-based column (code points) of its first byte */
    int64_t offset;       /* byte offset of its first byte in the file */
    const char *data;     /* the record's bytes (valid until the next call) */
    size_t len;
    int64_t values;       /* JSON values the framer counted in it, -1 when not counted: see cli_record_values */
    int64_t array;        /* an element of the file's n-th top-level array (1-based); 0 when not */
    /* Set when the record could not be framed (cut, too large, a stray
     * bracket): error_rule is an input.* id, positions are file-relative. */
    const char *error_rule;
    char error_msg[200];
    int64_t error_line, error_column, error_offset;
} cli_record;

typedef struct cli_reader cli_reader;

/* Open path ("-" for standard input). max_record bounds one record's bytes.
 * Returns NULL and sets *why to the reason (strerror) on failure; a
 * directory is refused ("Is a directory"). */
cli_reader *cli_reader_open(const char *path, size_t max_record, const char **why);
/* A reader of an open stream (not closed by cli_reader_close); name is
 * the display name. NULL when out of memory. */
cli_reader *cli_reader_open_file(FILE *f, const char *name, size_t max_record);
/* Next record: 1 when *rec was filled, 0 at the end, -1 on a read error. */
int cli_reader_next(cli_reader *r, cli_record *rec);
/* The reason of the read error after cli_reader_next returned -1. */
const char *cli_reader_error(const cli_reader *r);
void cli_reader_close(cli_reader *r);

/* The JSON values of a record (objects, arrays, strings, scalars), as the
 * framer counts them: a JSON Lines record handed in place is counted only
 * when asked. */
int64_t cli_record_values(const cli_record *rec);
/* Translate a record-relative position (line/column 1-based) to the file. */
void cli_record_position(const cli_record *rec, int64_t rel_line, int64_t rel_column,
                         int64_t *line, int64_t *column);
/* Line and column (1-based, code points) of byte offset off inside data. */
void cli_text_position(const char *data, size_t len, size_t off, int64_t *line, int64_t *column);

/* Most JSON values a record may hold before it is handed to jansson, which
 * takes about 100 bytes per value (docs/limits.md). */
#define CLI_MAX_RECORD_VALUES 65536

/* ---- output ----------------------------------------------------------------- */

typedef struct cli_out {
    FILE *f;
    bool color;           /* stdout is a terminal and NO_COLOR is unset */
    /* cli_json_record's buffer, and the start of its records for the last
     * file: `"source":"` and the file's name as a JSON string's characters */
    char *rec, *source, *source_name;
    size_t rec_cap, source_len;
} cli_out;

void cli_out_init(cli_out *o, FILE *f);
/* Free what cli_json_record kept (the stream is not closed). */
void cli_out_close(cli_out *o);
/* "\x1b[1;31m"-style escapes, or "" when colour is off. */
const char *cli_color(const cli_out *o, const char *which); /* "err", "warn", "bold", "dim", "reset" */
/* Print the line of text containing [off, off+len) and underline the span. */
void cli_underline(const cli_out *o, const char *text, size_t text_len, int64_t off, int64_t len);
/* Untrusted text for a terminal: control characters (C0, DEL, C1, and
 * newlines unless keep_newlines) are shown as \xNN, invalid UTF-8 as \xNN. */
void cli_text(FILE *f, const char *s, size_t len, bool keep_newlines);
/* Write `"source":"file:line"` (escaped). */
void cli_json_source(FILE *f, const cli_record *rec);
/* Write a JSON string literal; invalid UTF-8 becomes U+FFFD, so the output
 * is valid UTF-8 JSON whatever s holds. */
void cli_json_string(FILE *f, const char *s, size_t len);
/* Write the JSON output record of rec: `{"source":"file:line"`, then
 * `,"to":TO` when to is not NULL, then the fields of obj (a JSON object of
 * the library, "{...}", at least one field), and a line break. The record
 * is built in one buffer and written with one fwrite; false when the write
 * failed (the stream's error flag is then set: the caller stops reading). */
bool cli_json_record(cli_out *o, const cli_record *rec, const char *to, size_t to_len, const char *obj,
                     size_t obj_len);
/* The error record of cli.md for a record that could not be read. */
void cli_print_error_record(const cli_out *o, bool json, const cli_record *rec, const char *rule,
                            const char *message, int64_t line, int64_t column, const char *path);
/* Fill an error record from a failed watpl_template_parse_json on ctx. */
void cli_print_parse_error(const cli_out *o, bool json, const cli_record *rec, watpl_ctx *ctx);
/* What the library checks of a template before jansson, for a record the
 * command parses itself (window): valid UTF-8 (input.utf8, with the
 * position of the first bad byte) and at most CLI_MAX_RECORD_VALUES values
 * (input.too_large). Prints the error record and returns CLI_EXIT_USAGE, or
 * returns CLI_EXIT_OK. */
int cli_check_record(const cli_out *o, bool json, const cli_record *rec);
/* Flush f and report a write error on standard error ("watpl: cannot write
 * the output: No space left on device"): CLI_EXIT_OK or CLI_EXIT_USAGE. */
int cli_flush_output(FILE *f);

/* Options common to the record-reading subcommands. */
typedef struct cli_files {
    char **paths;         /* NULL-terminated list; empty means stdin */
    int count;
} cli_files;

/* Shared loop: for each record of each file call fn; returns the worst exit
 * status seen (unreadable files and records give CLI_EXIT_USAGE). */
typedef int (*cli_record_fn)(const cli_record *rec, void *ud);
int cli_for_each_record(const cli_files *files, size_t max_record, cli_record_fn fn, void *ud,
                        const cli_out *out, bool json);

/* ---- subcommands (argv[0] is the subcommand name) ------------------------------- */

int watpl__cmd_lint(int argc, char **argv);
int watpl__cmd_classify(int argc, char **argv);
int watpl__cmd_render(int argc, char **argv);
int watpl__cmd_window(int argc, char **argv);
int watpl__cmd_broadcast(int argc, char **argv);

#endif
