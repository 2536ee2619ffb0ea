/* The state database of the command, in SQLite (schema and guarantees in
 * docs/state-db.md; API in state_db.h).
 * SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "state_db.h"

/* The page cache of one connection: memory stays bounded whatever the
 * number of contacts (the rest of the database is read from its file). */
#define CACHE_KIB 24576
#define BUSY_TIMEOUT_MS 5000
/* Months whose service counts are kept in memory during a transaction
 * (and written when it commits). */
#define MONTHS_CACHED 8
/* Records between two writes of the batch's changed pages (see
 * state_db_record_done). */
#ifndef FLUSH_RECORDS
#define FLUSH_RECORDS 250
#endif

/* Bits of the filter of used slots (1 MiB); tests/test_state_db.c keeps 8,
 * so that most bits are set for a slot with no row. */
#ifndef STATE_DB_USED_BITS
#define STATE_DB_USED_BITS 23
#endif
#define USED_BITS ((uint64_t)1 << STATE_DB_USED_BITS)
/* The longest column of a hashed row. */
#define REC_MAX(s) (1 + STATE_DB_KEY_MAX + (s)->saved_size)

static const char schema_sql[] =
    "CREATE TABLE contact (id TEXT PRIMARY KEY, state BLOB NOT NULL);"
    "CREATE TABLE service_month (year INTEGER NOT NULL,"
    " month INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12), sent INTEGER NOT NULL,"
    " PRIMARY KEY (year, month)) WITHOUT ROWID;"
    "CREATE TABLE seen_event (id TEXT PRIMARY KEY, contact TEXT NOT NULL, t INTEGER NOT NULL)"
    " WITHOUT ROWID;";

/* The temporary database, which no other program reads, keeps its contacts
 * in one B-tree keyed by an integer: a keyed 64-bit hash of the contact id
 * (SipHash-2-4, a random key per run), the next free integer on a
 * collision. A lookup is one search on integer keys, against two (the index
 * on id, then the row) in the schema of --state databases; no row is ever
 * deleted, so the probing finds every contact. A row's one column holds
 * the id's length less one (a byte), the id, then the state: a lookup and a
 * write are a blob handle moved to the slot and one read or write in place,
 * with no statement run. */
static const char hash_schema_sql[] =
    "CREATE TABLE contact (slot INTEGER PRIMARY KEY, rec BLOB NOT NULL);"
    "CREATE TABLE service_month (year INTEGER NOT NULL,"
    " month INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12), sent INTEGER NOT NULL,"
    " PRIMARY KEY (year, month)) WITHOUT ROWID;"
    "CREATE TABLE seen_event (id TEXT PRIMARY KEY, contact TEXT NOT NULL, t INTEGER NOT NULL)"
    " WITHOUT ROWID;";

enum statement {
    ST_GET,
    ST_PUT,
    ST_UPDATE,
    ST_GET_STATE,
    ST_HASH_GET,
    ST_HASH_INSERT,
    ST_BETWEEN,
    ST_SENT,
    ST_ADD_SENT,
    ST_CLAIM,
    ST_COUNT
};

static const char *const statement_sql[ST_COUNT] = {
    [ST_GET] = "SELECT rowid FROM contact WHERE id = ?1", /* from the index on id alone */
    [ST_PUT] = "INSERT INTO contact (id, state) VALUES (?1, ?2)"
               " ON CONFLICT (id) DO UPDATE SET state = excluded.state",
    [ST_UPDATE] = "UPDATE contact SET state = ?2 WHERE id = ?1",
    [ST_GET_STATE] = "SELECT state FROM contact WHERE id = ?1", /* read-only: no blob handle */
    /* the temporary database (see hash_schema_sql) */
    [ST_HASH_GET] = "SELECT rec FROM contact WHERE slot = ?1", /* when the blob handle cannot be moved */
    [ST_HASH_INSERT] = "INSERT INTO contact (slot, rec) VALUES (?1, ?2)",
    [ST_BETWEEN] = "SELECT 1 FROM contact WHERE id >= ?1 AND id < ?2 LIMIT 1",
    [ST_SENT] = "SELECT sent FROM service_month WHERE year = ?1 AND month = ?2",
    [ST_ADD_SENT] = "INSERT INTO service_month (year, month, sent) VALUES (?1, ?2, ?3)"
                    " ON CONFLICT (year, month) DO UPDATE SET sent = sent + ?3",
    [ST_CLAIM] = "INSERT INTO seen_event (id, contact, t) VALUES (?1, ?2, ?3) ON CONFLICT (id) DO NOTHING",
};

typedef struct month_sent {
    int64_t year;
    int month;
    int64_t sent;
    int64_t added; /* of sent, by this transaction and not yet written */
} month_sent;

struct state_db {
    sqlite3 *db;
    char *path; /* for messages */
    enum state_db_mode mode;
    sqlite3_stmt *st[ST_COUNT];
    bool in_tx;
    unsigned batch;         /* records per transaction */
    unsigned batch_records; /* in the open one */
    /* valid inside the open transaction only: another writer may change the
     * counters between two of ours */
    month_sent months[MONTHS_CACHED];
    size_t n_months;
    /* The contact last read: its row, and a handle on its state, so that
     * writing it back is an in-place write of the same bytes (no statement,
     * no second search). */
    sqlite3_blob *blob;
    bool blob_valid;
    bool last_absent; /* the contact last read has no row */
    bool hashed;      /* the temporary database's layout (hash_schema_sql) */
    uint64_t hash_key[2];
    sqlite3_int64 last_slot; /* hashed: the contact last read is there, or goes there */
    sqlite3_int64 blob_slot; /* hashed: the row s->blob is on (when s->blob is set) */
    /* hashed: one bit per slot modulo USED_BITS, set when a row is stored
     * there; a clear bit means no row, without asking SQLite (every row of
     * the temporary database was stored by this run) */
    unsigned char *used;
    unsigned char *rec; /* hashed: one row's column */
    bool last_stored;        /* hashed: and it is there */
    sqlite3_int64 last_rowid;
    size_t last_len;
    char last_key[STATE_DB_KEY_MAX];
    unsigned char *scratch; /* one saved state */
    size_t saved_size;
    size_t saved_len; /* hashed: the size of the state last read or stored */
    /* a store error happened: the open batch may be lost, so every later
     * call fails too (nothing is ever answered from what remains) */
    bool broken;
    char msg[512];
};

static int fail(state_db *s, const char *what)
{
    snprintf(s->msg, sizeof s->msg, "state database %s: %s%s%s", s->path, what, s->db ? ": " : "",
             s->db ? sqlite3_errmsg(s->db) : "");
    s->broken = true;
    return -1;
}

static int exec(state_db *s, const char *sql)
{
    return sqlite3_exec(s->db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : fail(s, "cannot run a statement");
}

/* The integer a pragma returns; -1 (message set) on failure. */
static int pragma_int(state_db *s, const char *sql, int64_t *v)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
    if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW)
        *v = sqlite3_column_int64(st, 0);
    else if (rc == SQLITE_DONE)
        *v = 0;
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : fail(s, "cannot be read");
}

static int begin(state_db *s)
{
    if (s->broken)
        return -1;
    if (s->in_tx)
        return 0;
    /* read-only: one read transaction, so that every answer comes from the
     * same snapshot (a writer's later commits are not seen) */
    if (sqlite3_exec(s->db, s->mode == STATE_DB_READ_ONLY ? "BEGIN" : "BEGIN IMMEDIATE", NULL, NULL, NULL) !=
        SQLITE_OK)
        return fail(s, "cannot start a transaction");
    s->in_tx = true;
    s->batch_records = 0;
    s->n_months = 0;
    return 0;
}

/* A new (empty) database gets the schema; an existing one must be ours, of
 * a version we read. Runs inside a write transaction (read-write) so that
 * two processes creating the same database do not both make the schema. */
static int check_or_create(state_db *s)
{
    int64_t app = 0, version = 0, objects = 0;
    if (pragma_int(s, "PRAGMA application_id", &app) || pragma_int(s, "PRAGMA user_version", &version) ||
        pragma_int(s, "SELECT count(*) FROM sqlite_master", &objects))
        return -1;
    if (app == STATE_DB_APPLICATION_ID && version == STATE_DB_SCHEMA_VERSION)
        return 0;
    if (app == STATE_DB_APPLICATION_ID && version > STATE_DB_SCHEMA_VERSION) {
        snprintf(s->msg, sizeof s->msg,
                 "state database %s has schema version %lld, newer than this watpl reads (%d); use a newer watpl",
                 s->path, (long long)version, STATE_DB_SCHEMA_VERSION);
        return -1;
    }
    if (app != 0 || version != 0 || objects != 0 || s->mode == STATE_DB_READ_ONLY) {
        snprintf(s->msg, sizeof s->msg, "%s is not a watpl state database (application_id %lld, user_version %lld%s)",
                 s->path, (long long)app, (long long)version,
                 s->mode == STATE_DB_READ_ONLY && objects == 0 ? ", empty" : "");
        return -1;
    }
    if (s->hashed)
        return exec(s, hash_schema_sql);
    char sql[sizeof schema_sql + 128];
    snprintf(sql, sizeof sql, "%sPRAGMA application_id = %d; PRAGMA user_version = %d;", schema_sql,
             STATE_DB_APPLICATION_ID, STATE_DB_SCHEMA_VERSION);
    return exec(s, sql);
}

static int configure(state_db *s)
{
    char sql[160];
    snprintf(sql, sizeof sql, "PRAGMA cache_size = -%d;", CACHE_KIB);
    if (exec(s, sql))
        return -1;
    if (s->mode == STATE_DB_TEMPORARY)
        return exec(s, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA locking_mode = EXCLUSIVE;");
    if (s->mode == STATE_DB_READ_ONLY)
        return 0;
    /* WAL: readers go on while a run writes, and a killed run's unfinished
     * transaction is rolled back at the next open. Only a database that is
     * ours (or empty) is switched to it. */
    return exec(s, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;");
}

/* The statements of each layout and mode. */
static bool statement_needed(const state_db *s, enum statement which)
{
    bool hash = which == ST_HASH_GET || which == ST_HASH_INSERT;
    bool contact = which == ST_GET || which == ST_PUT || which == ST_UPDATE || which == ST_GET_STATE ||
                   which == ST_BETWEEN;
    if (s->mode == STATE_DB_READ_ONLY)
        return which == ST_GET_STATE || which == ST_BETWEEN || which == ST_SENT;
    return s->hashed ? !contact : !hash;
}

static int open_checked(state_db *s, const char *path)
{
    int flags = s->mode == STATE_DB_READ_ONLY ? SQLITE_OPEN_READONLY
                                              : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    if (sqlite3_open_v2(s->mode == STATE_DB_TEMPORARY ? "" : path, &s->db, flags | SQLITE_OPEN_NOMUTEX,
                        NULL) != SQLITE_OK)
        return fail(s, "cannot be opened");
    sqlite3_extended_result_codes(s->db, 1);
    sqlite3_busy_timeout(s->db, BUSY_TIMEOUT_MS);
    if (s->mode == STATE_DB_READ_WRITE && sqlite3_db_readonly(s->db, "main") == 1) {
        snprintf(s->msg, sizeof s->msg, "state database %s: cannot be written (read-only file or directory)",
                 s->path);
        return -1;
    }
    /* the checks read the header first: no change is made to a file that
     * is not ours */
    int64_t app = 0, objects = 0;
    if (pragma_int(s, "PRAGMA application_id", &app) ||
        pragma_int(s, "SELECT count(*) FROM sqlite_master", &objects))
        return -1;
    if ((app == STATE_DB_APPLICATION_ID || (app == 0 && objects == 0)) && configure(s))
        return -1;
    if (begin(s) || check_or_create(s))
        return -1;
    for (int i = 0; i < ST_COUNT; i++)
        if (statement_needed(s, (enum statement)i) &&
            sqlite3_prepare_v3(s->db, statement_sql[i], -1, SQLITE_PREPARE_PERSISTENT, &s->st[i], NULL) !=
            SQLITE_OK)
            return fail(s, "cannot prepare a statement");
    return 0;
}

static void release(state_db *s)
{
    sqlite3_blob_close(s->blob);
    for (int i = 0; i < ST_COUNT; i++)
        sqlite3_finalize(s->st[i]);
    sqlite3_close(s->db); /* an open transaction is rolled back */
    free(s->scratch);
    free(s->used);
    free(s->rec);
    free(s->path);
    free(s);
}

int state_db_open(state_db **out, const char *path, enum state_db_mode mode, char *why, size_t why_cap)
{
    *out = NULL;
    const char *name = mode == STATE_DB_TEMPORARY ? "(temporary)" : path ? path : "";
    state_db *s = calloc(1, sizeof *s);
    size_t name_len = strlen(name);
    if (s) {
        s->path = malloc(name_len + 1);
        s->saved_size = watpl_window_saved_size();
        s->scratch = malloc(s->saved_size);
    }
    if (!s || !s->path || !s->scratch) {
        snprintf(why, why_cap, "state database %s: out of memory", name);
        if (s) {
            free(s->path);
            free(s->scratch);
            free(s);
        }
        return -1;
    }
    memcpy(s->path, name, name_len + 1);
    s->mode = mode;
    s->batch = STATE_DB_BATCH;
    s->hashed = mode == STATE_DB_TEMPORARY;
    if (s->hashed) {
        sqlite3_randomness((int)sizeof s->hash_key, s->hash_key);
        s->used = calloc(USED_BITS / 8, 1);
        s->rec = malloc(REC_MAX(s));
        if (!s->used || !s->rec) {
            snprintf(why, why_cap, "state database %s: out of memory", name);
            release(s);
            return -1;
        }
    }
    if (open_checked(s, path) != 0) {
        snprintf(why, why_cap, "%s", s->msg);
        release(s);
        return -1;
    }
    *out = s;
    return 0;
}

int state_db_close(state_db *s, char *why, size_t why_cap)
{
    if (!s)
        return 0;
    int rc = state_db_commit(s);
    if (rc && why)
        snprintf(why, why_cap, "%s", s->msg);
    release(s);
    return rc;
}

const char *state_db_errmsg(const state_db *s)
{
    return s->msg;
}

static sqlite3_stmt *ready(state_db *s, enum statement which)
{
    sqlite3_stmt *st = s->st[which];
    sqlite3_reset(st); /* every parameter is bound again by the caller */
    return st;
}

static bool key_ok(state_db *s, size_t len)
{
    if (len >= 1 && len <= STATE_DB_KEY_MAX)
        return true;
    snprintf(s->msg, sizeof s->msg, "a contact or event id is 1 to %d bytes", STATE_DB_KEY_MAX);
    return false;
}

/* Point the blob handle at a row of contact. */
static int open_blob(state_db *s, sqlite3_int64 rowid)
{
    int flags = s->mode == STATE_DB_READ_ONLY ? 0 : 1;
    if (s->blob && sqlite3_blob_reopen(s->blob, rowid) == SQLITE_OK)
        return 0;
    sqlite3_blob_close(s->blob); /* an expired handle (its row was changed by a statement) */
    s->blob = NULL;
    if (sqlite3_blob_open(s->db, "main", "contact", "state", rowid, flags, &s->blob) != SQLITE_OK) {
        s->blob = NULL;
        return fail(s, "cannot read a contact's state");
    }
    return 0;
}

/* The bits of the hash a slot keeps: 35, so that a slot is a positive
 * integer SQLite writes in 5 bytes (a 64-bit one takes 9, in every cell of
 * the B-tree's pages, and is slower to decode); 2^35 slots keep collisions
 * rare for billions of contacts, and probing resolves them.
 * tests/test_state_db.c keeps 2, to make contacts collide. */
#ifndef STATE_DB_SLOT_BITS
#define STATE_DB_SLOT_BITS 35
#endif

/* SipHash-2-4 (J.-P. Aumasson, D. J. Bernstein) of the contact id. */
#define SIP_ROTL(x, b) (uint64_t)(((x) << (b)) | ((x) >> (64 - (b))))
#define SIP_ROUND()                                                                                        \
    do {                                                                                                   \
        v0 += v1, v1 = SIP_ROTL(v1, 13), v1 ^= v0, v0 = SIP_ROTL(v0, 32);                                   \
        v2 += v3, v3 = SIP_ROTL(v3, 16), v3 ^= v2;                                                          \
        v0 += v3, v3 = SIP_ROTL(v3, 21), v3 ^= v0;                                                          \
        v2 += v1, v1 = SIP_ROTL(v1, 17), v1 ^= v2, v2 = SIP_ROTL(v2, 32);                                   \
    } while (0)

static uint64_t sip_word(const unsigned char *p, size_t n)
{
    uint64_t m = 0;
    for (size_t i = 0; i < n; i++)
        m |= (uint64_t)p[i] << (8 * i);
    return m;
}

static uint64_t siphash(const uint64_t key[2], const char *data, size_t len)
{
    const unsigned char *p = (const unsigned char *)data;
    uint64_t v0 = 0x736f6d6570736575u ^ key[0], v1 = 0x646f72616e646f6du ^ key[1];
    uint64_t v2 = 0x6c7967656e657261u ^ key[0], v3 = 0x7465646279746573u ^ key[1];
    size_t full = len - len % 8;
    for (size_t i = 0; i < full; i += 8) {
        uint64_t m = sip_word(p + i, 8);
        v3 ^= m;
        SIP_ROUND();
        SIP_ROUND();
        v0 ^= m;
    }
    uint64_t b = (uint64_t)len << 56 | sip_word(p + full, len % 8);
    v3 ^= b;
    SIP_ROUND();
    SIP_ROUND();
    v0 ^= b;
    v2 ^= 0xff;
    for (int i = 0; i < 4; i++)
        SIP_ROUND();
    return v0 ^ v1 ^ v2 ^ v3;
}

static bool slot_used(const state_db *s, uint64_t slot)
{
    uint64_t bit = slot % USED_BITS;
    return (s->used[bit / 8] >> (bit % 8) & 1) != 0;
}

/* The column of the row at a slot in s->rec: 1 read (its length in *n), 0
 * no row, -1 error. Through the blob handle, moved there; a handle that
 * cannot be moved (no row there, or expired) is closed and the row read by
 * a statement, which tells a missing row from an error. */
static int read_slot(state_db *s, uint64_t slot, size_t *n)
{
    sqlite3_int64 row = (sqlite3_int64)slot;
    int rc = s->blob ? sqlite3_blob_reopen(s->blob, row)
                     : sqlite3_blob_open(s->db, "main", "contact", "rec", row, 1, &s->blob);
    if (rc == SQLITE_OK) {
        s->blob_slot = row;
        size_t bytes = (size_t)sqlite3_blob_bytes(s->blob);
        *n = bytes < REC_MAX(s) ? bytes : REC_MAX(s);
        if (sqlite3_blob_read(s->blob, s->rec, (int)*n, 0) != SQLITE_OK)
            return fail(s, "cannot read a contact");
        *n = bytes;
        return 1;
    }
    sqlite3_blob_close(s->blob);
    s->blob = NULL;
    sqlite3_stmt *st = ready(s, ST_HASH_GET);
    sqlite3_bind_int64(st, 1, row);
    rc = sqlite3_step(st);
    int found = 0;
    if (rc == SQLITE_ROW) {
        const void *col = sqlite3_column_blob(st, 0);
        size_t bytes = (size_t)sqlite3_column_bytes(st, 0);
        if (!col && sqlite3_errcode(s->db) == SQLITE_NOMEM) {
            found = fail(s, "cannot read a contact's state");
        } else {
            if (col)
                memcpy(s->rec, col, bytes < REC_MAX(s) ? bytes : REC_MAX(s));
            *n = bytes;
            found = 1;
        }
    } else if (rc != SQLITE_DONE) {
        found = fail(s, "cannot read a contact");
    }
    sqlite3_reset(st);
    return found;
}

/* The hashed lookup: the contact's slot (its row, or the free slot it would
 * take) in s->last_slot; 1 found, 0 absent, -1 or -2 as get_state. */
static int hash_get(state_db *s, const char *contact, size_t len, unsigned char *buf, size_t cap,
                    size_t *state_len)
{
    uint64_t slot = siphash(s->hash_key, contact, len) >> (64 - STATE_DB_SLOT_BITS);
    for (; slot_used(s, slot); slot++) { /* wraps around: another contact holds this slot */
        size_t n = 0;
        int rc = read_slot(s, slot, &n);
        if (rc < 0)
            return -1;
        if (rc == 0)
            break;
        if (n < 1 + len || (size_t)s->rec[0] + 1 != len || memcmp(s->rec + 1, contact, len) != 0)
            continue;
        size_t state_n = n - 1 - len;
        if (state_n > cap || n > REC_MAX(s)) {
            snprintf(s->msg, sizeof s->msg, "state database %s: a stored state of %zu bytes is too large",
                     s->path, state_n);
            return -2;
        }
        if (state_n)
            memcpy(buf, s->rec + 1 + len, state_n);
        *state_len = state_n;
        s->last_slot = (sqlite3_int64)slot;
        s->last_absent = false;
        s->last_stored = true;
        s->blob_valid = s->blob != NULL && s->blob_slot == s->last_slot;
        s->saved_len = state_n;
        return 1;
    }
    s->last_slot = (sqlite3_int64)slot;
    s->last_absent = true;
    return 0;
}

/* Store a state in the hashed layout, at the slot its lookup found. */
static int hash_put(state_db *s, const char *contact, size_t len, const unsigned char *state, size_t state_len)
{
    bool last = len == s->last_len && memcmp(contact, s->last_key, len) == 0 && (s->last_stored || s->last_absent);
    if (!last) {
        size_t n = 0;
        int rc = hash_get(s, contact, len, s->scratch, s->saved_size, &n);
        if (rc < 0)
            return rc == -2 ? fail(s, "holds a state of another size") : -1;
        s->last_len = len;
        memcpy(s->last_key, contact, len);
    }
    if (!s->last_absent) {
        /* in place, through the blob handle on the row */
        if (state_len != s->saved_len)
            return fail(s, "holds a state of another size");
        if (!s->blob_valid || !s->blob || s->blob_slot != s->last_slot) {
            int rc = s->blob ? sqlite3_blob_reopen(s->blob, s->last_slot)
                             : sqlite3_blob_open(s->db, "main", "contact", "rec", s->last_slot, 1, &s->blob);
            if (rc != SQLITE_OK) {
                sqlite3_blob_close(s->blob);
                s->blob = NULL;
                return fail(s, "cannot write a contact");
            }
            s->blob_slot = s->last_slot;
        }
        if (sqlite3_blob_write(s->blob, state, (int)state_len, (int)(1 + len)) != SQLITE_OK)
            return fail(s, "cannot write a contact");
        s->blob_valid = true;
        return 0;
    }
    if (1 + len + state_len > REC_MAX(s))
        return fail(s, "cannot store a state that large");
    s->rec[0] = (unsigned char)(len - 1);
    memcpy(s->rec + 1, contact, len);
    memcpy(s->rec + 1 + len, state, state_len);
    sqlite3_stmt *st = ready(s, ST_HASH_INSERT);
    sqlite3_bind_int64(st, 1, s->last_slot);
    sqlite3_bind_blob(st, 2, s->rec, (int)(1 + len + state_len), SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return fail(s, "cannot write a contact");
    uint64_t bit = (uint64_t)s->last_slot % USED_BITS;
    s->used[bit / 8] |= (unsigned char)(1u << (bit % 8));
    s->last_absent = false;
    s->last_stored = true;
    s->saved_len = state_len;
    s->blob_valid = false;
    return 0;
}

/* The read-only lookup: one statement, which also reads a WITHOUT ROWID
 * contact table (a gateway may make its own copy so). */
static int read_state(state_db *s, const char *contact, size_t len, unsigned char *buf, size_t cap,
                      size_t *state_len)
{
    sqlite3_stmt *st = ready(s, ST_GET_STATE);
    sqlite3_bind_text(st, 1, contact, (int)len, SQLITE_STATIC);
    int rc = sqlite3_step(st), found = 0;
    if (rc == SQLITE_ROW) {
        const void *blob = sqlite3_column_blob(st, 0);
        size_t n = (size_t)sqlite3_column_bytes(st, 0);
        if (!blob && n == 0 && sqlite3_errcode(s->db) == SQLITE_NOMEM) {
            found = fail(s, "cannot read a contact's state");
        } else if (n > cap) {
            snprintf(s->msg, sizeof s->msg, "state database %s: a stored state of %zu bytes is too large",
                     s->path, n);
            found = -2;
        } else {
            if (n)
                memcpy(buf, blob, n);
            *state_len = n;
            found = 1;
        }
    } else if (rc != SQLITE_DONE) {
        found = fail(s, "cannot read a contact");
    }
    sqlite3_reset(st);
    return found;
}

/* state_db_get, with -2 for a stored value larger than cap. */
static int get_state(state_db *s, const char *contact, size_t len, unsigned char *buf, size_t cap,
                     size_t *state_len)
{
    if (!key_ok(s, len) || begin(s))
        return -1;
    if (s->mode == STATE_DB_READ_ONLY)
        return read_state(s, contact, len, buf, cap, state_len);
    if (s->hashed) {
        s->last_stored = false;
        s->last_absent = false;
        s->last_len = 0;
        int rc = hash_get(s, contact, len, buf, cap, state_len);
        if (rc >= 0) {
            s->last_len = len;
            memcpy(s->last_key, contact, len);
        }
        return rc;
    }
    s->blob_valid = false;
    s->last_absent = false;
    sqlite3_stmt *st = ready(s, ST_GET);
    sqlite3_bind_text(st, 1, contact, (int)len, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_int64 rowid = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    if (rc == SQLITE_DONE) {
        s->last_absent = true;
        s->last_len = len;
        memcpy(s->last_key, contact, len);
        return 0;
    }
    if (rc != SQLITE_ROW)
        return fail(s, "cannot read a contact");
    if (open_blob(s, rowid))
        return -1;
    size_t n = (size_t)sqlite3_blob_bytes(s->blob);
    if (n > cap) {
        snprintf(s->msg, sizeof s->msg, "state database %s: a stored state of %zu bytes is too large", s->path,
                 n);
        return -2;
    }
    if (n && sqlite3_blob_read(s->blob, buf, (int)n, 0) != SQLITE_OK)
        return fail(s, "cannot read a contact's state");
    *state_len = n;
    s->blob_valid = true;
    s->last_rowid = rowid;
    s->last_len = len;
    memcpy(s->last_key, contact, len);
    return 1;
}

int state_db_get(state_db *s, const char *contact, size_t len, unsigned char *buf, size_t cap,
                 size_t *state_len)
{
    int rc = get_state(s, contact, len, buf, cap, state_len);
    return rc < 0 ? -1 : rc;
}

int state_db_load_window(state_db *s, const char *contact, size_t len, watpl_window *w)
{
    size_t n = 0;
    int rc = get_state(s, contact, len, s->scratch, s->saved_size, &n); /* -2: of another size */
    if (rc < 0)
        return rc;
    if (rc == 0) {
        watpl_window_reset(w);
        return 0;
    }
    return watpl_window_load(w, s->scratch, n) == WATPL_OK ? 1 : -2;
}

int state_db_put(state_db *s, const char *contact, size_t len, const unsigned char *state, size_t state_len)
{
    if (!key_ok(s, len) || begin(s))
        return -1;
    if (s->hashed)
        return hash_put(s, contact, len, state, state_len);
    bool last = len == s->last_len && memcmp(contact, s->last_key, len) == 0;
    /* the contact just read, with a state of the same size: written in place */
    if (last && s->blob_valid && (size_t)sqlite3_blob_bytes(s->blob) == state_len) {
        if (sqlite3_blob_write(s->blob, state, (int)state_len, 0) == SQLITE_OK)
            return 0;
        return fail(s, "cannot write a contact");
    }
    bool absent = last && s->last_absent;
    s->blob_valid = false; /* the statements below may move or change the row */
    s->last_absent = false;
    /* an UPDATE first, unless the contact was just found absent: most
     * writes are to a contact already there, and a plain UPDATE costs less
     * than an INSERT that turns into one */
    for (int which = absent ? ST_PUT : ST_UPDATE;; which = ST_PUT) {
        sqlite3_stmt *st = ready(s, (enum statement)which);
        sqlite3_bind_text(st, 1, contact, (int)len, SQLITE_STATIC);
        sqlite3_bind_blob(st, 2, state, (int)state_len, SQLITE_STATIC);
        int rc = sqlite3_step(st);
        sqlite3_reset(st);
        if (rc != SQLITE_DONE)
            return fail(s, "cannot write a contact");
        if (which == ST_PUT || sqlite3_changes(s->db) == 1)
            return 0;
    }
}

int state_db_put_window(state_db *s, const char *contact, size_t len, const watpl_window *w)
{
    size_t n = 0;
    if (watpl_window_save(w, s->scratch, s->saved_size, &n) != WATPL_OK) {
        snprintf(s->msg, sizeof s->msg, "state database %s: a state cannot be saved", s->path);
        return -1;
    }
    return state_db_put(s, contact, len, s->scratch, n);
}

int state_db_any_contact_between(state_db *s, const char *lo, const char *hi, bool *any)
{
    if (begin(s))
        return -1;
    sqlite3_stmt *st = ready(s, ST_BETWEEN);
    sqlite3_bind_text(st, 1, lo, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, hi, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return fail(s, "cannot read the contacts");
    *any = rc == SQLITE_ROW;
    return 0;
}

/* Write the counts the transaction added, and empty the months kept. */
static int write_months(state_db *s)
{
    for (size_t i = 0; i < s->n_months; i++) {
        const month_sent *m = &s->months[i];
        if (m->added == 0)
            continue;
        sqlite3_stmt *st = ready(s, ST_ADD_SENT);
        sqlite3_bind_int64(st, 1, m->year);
        sqlite3_bind_int(st, 2, m->month);
        sqlite3_bind_int64(st, 3, m->added);
        int rc = sqlite3_step(st);
        sqlite3_reset(st);
        if (rc != SQLITE_DONE)
            return fail(s, "cannot write a service counter");
    }
    s->n_months = 0;
    return 0;
}

static month_sent *cached_month(state_db *s, int64_t year, int month)
{
    for (size_t i = 0; i < s->n_months; i++)
        if (s->months[i].year == year && s->months[i].month == month)
            return &s->months[i];
    return NULL;
}

int state_db_service_sent(state_db *s, int64_t year, int month, int64_t *count)
{
    if (begin(s))
        return -1;
    const month_sent *m = cached_month(s, year, month);
    if (m) {
        *count = m->sent;
        return 0;
    }
    sqlite3_stmt *st = ready(s, ST_SENT);
    sqlite3_bind_int64(st, 1, year);
    sqlite3_bind_int(st, 2, month);
    int rc = sqlite3_step(st);
    *count = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return fail(s, "cannot read a service counter");
    if (s->n_months == MONTHS_CACHED && write_months(s))
        return -1; /* a stream rarely spans more: start over */
    s->months[s->n_months++] = (month_sent){year, month, *count, 0};
    return 0;
}

int state_db_add_service(state_db *s, int64_t year, int month)
{
    if (begin(s))
        return -1;
    month_sent *m = cached_month(s, year, month);
    if (!m) {
        int64_t count = 0;
        if (state_db_service_sent(s, year, month, &count))
            return -1;
        m = cached_month(s, year, month);
    }
    /* counted in memory, written when the transaction commits */
    m->sent++;
    m->added++;
    return 0;
}

int state_db_claim_id(state_db *s, const char *id, size_t len, const char *contact, size_t contact_len,
                      int64_t t)
{
    if (!key_ok(s, len) || !key_ok(s, contact_len) || begin(s))
        return -1;
    sqlite3_stmt *st = ready(s, ST_CLAIM);
    sqlite3_bind_text(st, 1, id, (int)len, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, contact, (int)contact_len, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, t);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return fail(s, "cannot record an event id");
    return sqlite3_changes(s->db) == 1 ? 1 : 0;
}

int state_db_commit(state_db *s)
{
    if (s->broken) /* a batch that lost a change is never committed */
        return -1;
    if (!s->in_tx)
        return 0;
    /* an open write handle would keep the transaction from committing */
    sqlite3_blob_close(s->blob);
    s->blob = NULL;
    s->blob_valid = false;
    if (write_months(s))
        return -1;
    if (sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
        fail(s, "cannot commit");
        if (sqlite3_get_autocommit(s->db))
            s->in_tx = false; /* SQLite rolled it back */
        return -1;
    }
    s->in_tx = false;
    return 0;
}

void state_db_set_batch(state_db *s, unsigned records)
{
    s->batch = records < 1 ? 1 : records > STATE_DB_BATCH_MAX ? STATE_DB_BATCH_MAX : records;
}

int state_db_record_done(state_db *s)
{
    if (!s->in_tx || s->mode == STATE_DB_READ_ONLY)
        return 0;
    if (++s->batch_records >= s->batch)
        return state_db_commit(s);
    if (s->batch_records % FLUSH_RECORDS == 0) {
        /* write the batch's changed pages out (not committed: a kill still
         * loses the whole batch), so that they become clean pages the cache
         * may keep or drop: left dirty, they would fill 90 % of it and push
         * out the index and interior pages every search goes through */
        sqlite3_blob_close(s->blob);
        s->blob = NULL;
        s->blob_valid = false;
        if (sqlite3_db_cacheflush(s->db) != SQLITE_OK)
            return fail(s, "cannot write");
    }
    return 0;
}
