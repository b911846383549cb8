/*
 * allocguard.c - the guard of allocguard.h and, when pecli is linked with
 * -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=strdup
 * (configure: PECLI_ALLOC_GUARD), the wrappers the linker puts in place of
 * those four for pecli's own code and for the statically linked json-c.
 */
#include <stdlib.h>
#include <string.h>

#include "util/allocguard.h"

#include <config.h>

static _Thread_local struct alloc_guard *guard_top;

void alloc_guard_push(struct alloc_guard *g)
{
	g->prev = guard_top;
	guard_top = g;
}

void alloc_guard_pop(struct alloc_guard *g)
{
	if (guard_top == g)
		guard_top = g->prev;
}

#ifdef PECLI_ALLOC_GUARD

int alloc_guard_active(void)
{
	return 1;
}

/* An allocation of n bytes (n > 0) returned p: with a guard set on this
 * thread and p NULL, jump to the guard, popping it. */
static void *checked(void *p, size_t n)
{
	struct alloc_guard *g = guard_top;

	if (p || n == 0 || !g)
		return p;
	guard_top = g->prev;
	longjmp(g->env, 1);
}

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
char *__real_strdup(const char *s);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t n);
char *__wrap_strdup(const char *s);

void *__wrap_malloc(size_t n)
{
	return checked(__real_malloc(n), n);
}

void *__wrap_calloc(size_t n, size_t size)
{
	return checked(__real_calloc(n, size), n && size);
}

/* realloc(p, 0) may free p and return NULL: not a failure */
void *__wrap_realloc(void *p, size_t n)
{
	return checked(__real_realloc(p, n), n);
}

char *__wrap_strdup(const char *s)
{
	return checked(__real_strdup(s), 1);
}

#else

int alloc_guard_active(void)
{
	return 0;
}

#endif
