/* The contact store of `watpl window`: a hash table from contact id to a
 * saved window state, kept in an unlinked temporary file, with a write-back
 * cache of table slots in memory. Memory stays constant (the cache) however
 * many contacts a stream has; the file grows with them.
 *
 * A slot is [hash: 8][id length: 2][id: CS_ID_MAX][state: state_size]; slot j
 * lives at byte j * slot_size of the file; an empty slot has hash 0 (a slot
 * past the file's end reads as empty). Open addressing with linear probing,
 * at most 70 % full; the table doubles into a new file when it fills.
 * SPDX-License-Identifier: MIT */
#define _FILE_OFFSET_BITS 64
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_internal.h"

#define CS_HEAD (8 + 2)
#define NO_SLOT UINT64_MAX

typedef struct cs_entry {
    uint64_t slot; /* NO_SLOT: unused */
    bool dirty;
} cs_entry;

struct cs_store {
    int fd;
    size_t state_size, slot_size;
    uint64_t cap, n;   /* slots in the table, slots used */
    size_t n_cache;    /* cache entries (a power of two) */
    cs_entry *entries;
    unsigned char *data; /* n_cache * slot_size */
};

static uint64_t cs_hash(const char *s, size_t len)
{
    uint64_t h = UINT64_C(1469598103934665603); /* FNV-1a */
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * UINT64_C(1099511628211);
    h ^= h >> 29; /* mix the high bits into the low ones that pick the slot */
    h *= UINT64_C(0xbf58476d1ce4e5b9);
    h ^= h >> 32;
    return h ? h : 1;
}

static bool write_all(int fd, const unsigned char *p, size_t n, uint64_t off)
{
    while (n) {
        ssize_t w = pwrite(fd, p, n, (off_t)off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        p += w;
        n -= (size_t)w;
        off += (uint64_t)w;
    }
    return true;
}

static bool read_all(int fd, unsigned char *p, size_t n, uint64_t off)
{
    while (n) {
        ssize_t r = pread(fd, p, n, (off_t)off);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return false;
        if (r == 0) { /* past the end: empty slots */
            memset(p, 0, n);
            return true;
        }
        p += r;
        n -= (size_t)r;
        off += (uint64_t)r;
    }
    return true;
}

static bool flush_entry(cs_store *s, size_t e)
{
    if (!s->entries[e].dirty)
        return true;
    if (!write_all(s->fd, s->data + e * s->slot_size, s->slot_size, s->entries[e].slot * s->slot_size))
        return false;
    s->entries[e].dirty = false;
    return true;
}

/* The bytes of slot j, through the cache; NULL on an I/O error. */
static unsigned char *slot_at(cs_store *s, uint64_t j)
{
    size_t e = (size_t)(j & (s->n_cache - 1));
    unsigned char *p = s->data + e * s->slot_size;
    if (s->entries[e].slot == j)
        return p;
    if (s->entries[e].slot != NO_SLOT && !flush_entry(s, e))
        return NULL;
    s->entries[e].slot = NO_SLOT; /* until the read has filled it */
    if (!read_all(s->fd, p, s->slot_size, j * s->slot_size))
        return NULL;
    s->entries[e] = (cs_entry){j, false};
    return p;
}

static void mark_dirty(cs_store *s, const unsigned char *p)
{
    s->entries[(size_t)(p - s->data) / s->slot_size].dirty = true;
}

static bool flush_all(cs_store *s)
{
    for (size_t e = 0; e < s->n_cache; e++)
        if (s->entries[e].slot != NO_SLOT && !flush_entry(s, e))
            return false;
    return true;
}

static uint64_t slot_hash(const unsigned char *p)
{
    uint64_t h;
    memcpy(&h, p, 8);
    return h;
}

/* The slot holding id, or the empty slot where it would go; NULL on I/O error. */
static unsigned char *probe(cs_store *s, const char *id, size_t len, uint64_t h)
{
    for (uint64_t j = h & (s->cap - 1);; j = (j + 1) & (s->cap - 1)) {
        unsigned char *p = slot_at(s, j);
        if (!p)
            return NULL;
        uint64_t ph = slot_hash(p);
        if (ph == 0)
            return p;
        uint16_t plen;
        memcpy(&plen, p + 8, 2);
        if (ph == h && plen == len && memcmp(p + CS_HEAD, id, len) == 0)
            return p;
    }
}

/* A new temporary file in $TMPDIR (else /tmp), unlinked at once, for a
 * table of cap slots; its blocks are reserved up front (writes into a sparse
 * file allocate blocks one by one, slowly). -1 on failure. */
static int open_file(size_t slot_size, uint64_t cap)
{
    const char *dir = getenv("TMPDIR");
    if (!dir || !*dir)
        dir = "/tmp";
    char path[4096];
    if (snprintf(path, sizeof path, "%s/watpl-contacts-XXXXXX", dir) >= (int)sizeof path)
        return -1;
    int fd = mkstemp(path);
    if (fd < 0)
        return -1;
    unlink(path);
    /* Zeros written once, in large sequential writes: the file's blocks are
     * then allocated and initialized, and the random writes of the run only
     * replace cached pages (writes into holes or into reserved but unwritten
     * blocks cost a block allocation or an extent conversion each). */
    static const unsigned char zeros[1 << 16];
    uint64_t total = cap * slot_size;
    for (uint64_t off = 0; off < total; off += sizeof zeros) {
        size_t n = total - off < sizeof zeros ? (size_t)(total - off) : sizeof zeros;
        if (!write_all(fd, zeros, n, off)) {
            close(fd);
            return -1;
        }
    }
    return fd;
}

#define GROW_CHUNK 2048 /* slots read at once when the table is copied */

/* Double the table: every used slot of the old file goes into a new one.
 * On failure the store is left as it was (the old file and table). */
static bool grow(cs_store *s)
{
    unsigned char *buf = malloc(GROW_CHUNK * s->slot_size);
    if (!buf || !flush_all(s)) {
        free(buf);
        return false;
    }
    int old_fd = s->fd;
    uint64_t old_cap = s->cap, old_n = s->n;
    int fd = open_file(s->slot_size, old_cap * 2);
    if (fd < 0) {
        free(buf);
        return false;
    }
    s->fd = fd;
    for (size_t e = 0; e < s->n_cache; e++)
        s->entries[e] = (cs_entry){NO_SLOT, false};
    s->cap = old_cap * 2;
    bool ok = true;
    for (uint64_t j = 0; ok && j < old_cap; j += GROW_CHUNK) {
        size_t n = old_cap - j < GROW_CHUNK ? (size_t)(old_cap - j) : GROW_CHUNK;
        ok = read_all(old_fd, buf, n * s->slot_size, j * s->slot_size);
        for (size_t k = 0; ok && k < n; k++) {
            const unsigned char *q = buf + k * s->slot_size;
            uint64_t h = slot_hash(q);
            if (!h)
                continue;
            uint16_t len;
            memcpy(&len, q + 8, 2);
            unsigned char *p = probe(s, (const char *)q + CS_HEAD, len, h);
            ok = p != NULL;
            if (ok) {
                memcpy(p, q, s->slot_size);
                mark_dirty(s, p);
            }
        }
    }
    free(buf);
    if (ok && flush_all(s)) {
        close(old_fd);
        return true;
    }
    /* back to the old table: its file is complete (flushed before) */
    for (size_t e = 0; e < s->n_cache; e++)
        s->entries[e] = (cs_entry){NO_SLOT, false};
    close(fd);
    s->fd = old_fd;
    s->cap = old_cap;
    s->n = old_n;
    return false;
}

int cs_open(cs_store **out, size_t state_size, size_t cache_bytes)
{
    *out = NULL;
    cs_store *s = calloc(1, sizeof *s);
    if (!s)
        return -1;
    s->state_size = state_size;
    s->slot_size = (CS_HEAD + CS_ID_MAX + state_size + 7) & ~(size_t)7;
    s->n_cache = 1;
    while (s->n_cache * 2 * s->slot_size <= cache_bytes)
        s->n_cache *= 2;
    s->cap = 1024;
    s->entries = malloc(s->n_cache * sizeof *s->entries);
    s->data = malloc(s->n_cache * s->slot_size);
    s->fd = -1;
    if (!s->entries || !s->data || (s->fd = open_file(s->slot_size, s->cap)) < 0) {
        cs_close(s);
        return -1;
    }
    for (size_t e = 0; e < s->n_cache; e++)
        s->entries[e] = (cs_entry){NO_SLOT, false};
    *out = s;
    return 0;
}

void cs_close(cs_store *s)
{
    if (!s)
        return;
    if (s->fd >= 0)
        close(s->fd); /* unlinked: the file goes with it */
    free(s->entries);
    free(s->data);
    free(s);
}

unsigned char *cs_state(cs_store *s, const char *id, size_t len, bool create, bool *found)
{
    *found = false;
    if (len > CS_ID_MAX)
        return NULL;
    uint64_t h = cs_hash(id, len);
    unsigned char *p = probe(s, id, len, h);
    if (!p)
        return NULL;
    if (create && !slot_hash(p) && (s->n + 1) * 10 > s->cap * 7) {
        /* a new contact and the table is full: grow, then find its slot again */
        if (!grow(s) || !(p = probe(s, id, len, h)))
            return NULL;
    }
    if (slot_hash(p)) {
        *found = true;
        if (create)
            mark_dirty(s, p); /* the caller writes the state */
        return p + CS_HEAD + CS_ID_MAX;
    }
    if (!create)
        return p + CS_HEAD + CS_ID_MAX; /* an empty slot: the caller only reads "not found" */
    uint16_t l16 = (uint16_t)len;
    memset(p, 0, s->slot_size);
    memcpy(p, &h, 8);
    memcpy(p + 8, &l16, 2);
    memcpy(p + CS_HEAD, id, len);
    mark_dirty(s, p);
    s->n++;
    return p + CS_HEAD + CS_ID_MAX;
}
