/*
 * allocguard.h - a failed allocation made a jump, for code that cannot
 * report one itself.
 *
 * json-c 0.16 (Debian 12) ignores allocations that fail while it parses
 * or prints: it hashes a key whose strdup failed (a crash), leaves out a
 * member whose insertion failed (the parse succeeds without it), and cuts
 * a string short when its buffer cannot grow.  json-c 0.17 reports them
 * (json_tokener_error_memory); 0.16 cannot be made to.  So, where
 * configure finds json-c without that error and can link it statically,
 * pecli is linked with -Wl,--wrap for malloc, calloc, realloc and strdup
 * (PECLI_ALLOC_GUARD), and the wrappers (allocguard.c) look at this
 * thread's innermost guard: with one set, a failed allocation longjmps to
 * it instead of returning NULL into json-c; with none, NULL is returned as
 * always.  Only the code between alloc_guard_push and alloc_guard_pop is
 * affected, and it must leave nothing that needs undoing but memory: what
 * was allocated before the jump is not freed (the run ends in exit 3).
 *
 * Without PECLI_ALLOC_GUARD the guard is set and popped but never jumps.
 */
#ifndef PECLI_ALLOCGUARD_H
#define PECLI_ALLOCGUARD_H

#include <setjmp.h>

struct alloc_guard {
	jmp_buf env;
	struct alloc_guard *prev;
};

/*
 * The pattern, in a function whose locals are not changed after the
 * setjmp (C11 7.13.2.1):
 *
 *	struct alloc_guard g;
 *
 *	alloc_guard_push(&g);
 *	if (setjmp(g.env))
 *		return -1;          (an allocation failed; g is popped)
 *	... the guarded calls ...
 *	alloc_guard_pop(&g);
 */
void alloc_guard_push(struct alloc_guard *g);
/* Pop g, the innermost guard, after the guarded code. */
void alloc_guard_pop(struct alloc_guard *g);
/* Whether failed allocations jump in this build (PECLI_ALLOC_GUARD). */
int alloc_guard_active(void);

#endif
