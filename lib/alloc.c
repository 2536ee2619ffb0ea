/* Allocation, the bottom layer: every allocation of the library goes through
 * the caller's callbacks (watpl__alloc, a copy of the context's), and memory
 * handed to the caller carries its allocator for watpl_free. Knows nothing
 * of the context. SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>

#include "common_internal.h"

/* The C allocator, the default of watpl_ctx_new. */
void *watpl__c_alloc(void *ud, size_t size)
{
    (void)ud;
    return malloc(size ? size : 1);
}

void *watpl__c_realloc(void *ud, void *p, size_t old_size, size_t new_size)
{
    (void)ud;
    (void)old_size;
    return realloc(p, new_size ? new_size : 1);
}

void watpl__c_free(void *ud, void *p)
{
    (void)ud;
    free(p);
}

void *watpl__malloc(const watpl__alloc *a, size_t size)
{
    return a->alloc(a->ud, size);
}

void *watpl__calloc(const watpl__alloc *a, size_t count, size_t size)
{
    size_t total;
    if (watpl__mul_overflows_size(count, size, &total))
        return NULL;
    void *p = a->alloc(a->ud, total);
    if (p)
        memset(p, 0, total);
    return p;
}

void *watpl__realloc(const watpl__alloc *a, void *p, size_t old_size, size_t new_size)
{
    if (!p)
        return a->alloc(a->ud, new_size);
    return a->realloc(a->ud, p, old_size, new_size);
}

void watpl__mfree(const watpl__alloc *a, void *p)
{
    if (p)
        a->free(a->ud, p);
}

char *watpl__memdup(const watpl__alloc *a, const char *s, size_t len)
{
    if (len == SIZE_MAX)
        return NULL;
    char *p = a->alloc(a->ud, len + 1);
    if (!p)
        return NULL;
    if (len)
        memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

/* Header placed before user-visible allocations, so watpl_free finds the
 * allocator. Aligned for any scalar type. */
typedef union out_header {
    struct {
        watpl_free_fn free;
        void *ud;
    } h;
    max_align_t align;
} out_header;

char *watpl__out_alloc(const watpl__alloc *a, size_t size)
{
    if (size > SIZE_MAX - sizeof(out_header))
        return NULL;
    out_header *hdr = a->alloc(a->ud, sizeof(out_header) + size);
    if (!hdr)
        return NULL;
    hdr->h.free = a->free;
    hdr->h.ud = a->ud;
    return (char *)(hdr + 1);
}

void watpl_free(void *ptr)
{
    if (!ptr)
        return;
    out_header *hdr = (out_header *)ptr - 1;
    hdr->h.free(hdr->h.ud, hdr);
}
