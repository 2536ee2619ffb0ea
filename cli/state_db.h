/* The state database of the command (docs/state-db.md): contacts' window
 * states, per-month service counters and the ids of applied events, in
 * SQLite. Used by `watpl window` (and any subcommand that reads the same
 * states); not part of the library, which never links SQLite.
 *
 * Every function returning int returns 0 on success and -1 on a store
 * error (I/O, full disk, locked, damaged database); state_db_errmsg then
 * says why. After a store error the open batch is lost: the caller stops
 * and reports it (docs/cli.md), it never answers from what remains.
 * One state_db is used by one thread at a time.
 * SPDX-License-Identifier: MIT */
#ifndef WATPL_CLI_STATE_DB_H
#define WATPL_CLI_STATE_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "watpl.h"

#define STATE_DB_SCHEMA_VERSION 1
#define STATE_DB_APPLICATION_ID 0x57545053 /* "WTPS" */
#define STATE_DB_KEY_MAX 256               /* longest contact id and event id, in bytes */
#define STATE_DB_BATCH 100000              /* records per transaction, unless set */
#define STATE_DB_BATCH_MAX 10000000        /* the most state_db_set_batch takes */

typedef struct state_db state_db;

enum state_db_mode {
    STATE_DB_READ_WRITE = 1, /* create the database if absent */
    STATE_DB_READ_ONLY = 2,  /* an existing database, never written; one read transaction (a snapshot) */
    STATE_DB_TEMPORARY = 3   /* a new database deleted at close (path is ignored) */
};

/* Open (and, read-write, create or check) the database at path. On failure
 * *out is NULL and why (why_cap bytes) holds a sentence naming path and the
 * reason: not a watpl state database, a newer schema version, locked, ... */
int state_db_open(state_db **out, const char *path, enum state_db_mode mode, char *why, size_t why_cap);

/* Commit the open batch, if any, and close: 0, or -1 when the commit failed
 * (why holds the reason). NULL is accepted. */
int state_db_close(state_db *db, char *why, size_t why_cap);

/* Why the last call failed (SQLite's message, with the database's path). */
const char *state_db_errmsg(const state_db *db);

/* Contact id's saved state into buf (cap bytes): 1 found (*len its size),
 * 0 absent, -1 store error or a stored value larger than cap. */
int state_db_get(state_db *db, const char *contact, size_t len, unsigned char *buf, size_t cap,
                 size_t *state_len);

/* Load the contact's state into w: 1 loaded, 0 absent (w is reset to the
 * empty state), -1 store error, -2 the stored value does not load
 * (watpl_window_load failed: a damaged or newer state; w is unchanged). */
int state_db_load_window(state_db *db, const char *contact, size_t len, watpl_window *w);

/* Store the contact's state (insert or replace), in the open batch. */
int state_db_put(state_db *db, const char *contact, size_t len, const unsigned char *state,
                 size_t state_len);

/* Save w as the contact's state. */
int state_db_put_window(state_db *db, const char *contact, size_t len, const watpl_window *w);

/* Whether a contact id lies in [lo, hi) (byte order): *any. */
int state_db_any_contact_between(state_db *db, const char *lo, const char *hi, bool *any);

/* Outbound SERVICE events counted in a calendar month (month 1..12). */
int state_db_service_sent(state_db *db, int64_t year, int month, int64_t *count);
int state_db_add_service(state_db *db, int64_t year, int month);

/* Record an event id as applied: 1 when it is new (now recorded), 0 when it
 * was already there (the event is a repeat), -1 store error. */
int state_db_claim_id(state_db *db, const char *id, size_t len, const char *contact, size_t contact_len,
                      int64_t t);

/* One record done: commits every STATE_DB_BATCH records (or as set). */
int state_db_record_done(state_db *db);

/* Records per transaction from the next one on: 1 to STATE_DB_BATCH_MAX. */
void state_db_set_batch(state_db *db, unsigned records);

/* Commit the open batch now. */
int state_db_commit(state_db *db);

#endif
