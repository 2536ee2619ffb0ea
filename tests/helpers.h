/* Shared helpers of the Check suites. */
#ifndef WATPL_TEST_HELPERS_H
#define WATPL_TEST_HELPERS_H

#include <stdbool.h>
#include <stddef.h>

#include "watpl.h"

/* Read a whole file; NULL if it cannot be read. Free with free(). */
char *th_read_file(const char *path, size_t *len);
/* Path under $WATPL_TEST_DATA (default "tests/data"). Static buffer per call site not needed: caller buffer. */
void th_data_path(char *buf, size_t cap, const char *rel);
/* Parse JSON into a template or fail the test. */
watpl_template *th_parse(watpl_ctx *ctx, const char *json);
/* Validate and report whether rule id is among the diagnostics. */
bool th_has_rule(watpl_ctx *ctx, const watpl_template *tpl, const char *rule);
/* Parse + validate: does the template JSON trigger rule? */
bool th_triggers(watpl_ctx *ctx, const char *json, const char *rule);
/* Path of the converted corpus (Meta's JSON, one per line), producing it with
 * tools/corpus2meta.py when the build did not. NULL if it cannot be made. */
const char *th_corpus_path(char *buf, size_t cap);

/* An allocator (watpl_ctx_new_with_allocator's user data) that counts the
 * allocations attempted (malloc and realloc) and the blocks alive, and fails
 * the one numbered fail_at (1-based; 0 never). */
typedef struct th_counting {
    long fail_at;
    long count;
    long live;
} th_counting;
void *th_counting_alloc(void *ud, size_t n);
void *th_counting_realloc(void *ud, void *p, size_t old, size_t n);
void th_counting_free(void *ud, void *p);

/* Run one suite with Check's normal output; the process exit status. */
#include <check.h>
int th_run_suite(Suite *s);

#endif
