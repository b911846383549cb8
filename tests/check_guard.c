/*
 * check_guard.c - the allocation guard (src/util/allocguard.h): where
 * pecli is linked with its allocator wrapped (PECLI_ALLOC_GUARD), a failed
 * allocation under a guard jumps to the innermost guard, popping it, and
 * one under no guard returns NULL as malloc does (C11 7.22.3); a guard
 * pushed by json_parse_text and json_text is popped again when they
 * return.  A failed allocation is asked for with 2^62 bytes, which no
 * x86-64 or AArch64 machine can map (47- or 48-bit user address spaces).
 * In a build without the wrappers (sanitizers, json-c 0.17) only the
 * bookkeeping is checked: ASan refuses such a request instead of failing.
 */
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include "check_pecli.h"
#include "read/json.h"
#include "util/allocguard.h"

static volatile size_t huge = (size_t)1 << 62;
static void *volatile sink;   /* so that no allocation is optimised away */

/* a failed allocation under no guard: NULL, no jump */
static void no_guard_gives_null(void)
{
	sink = malloc(huge);
	ck_assert_ptr_null(sink);
	sink = calloc(huge, 1);
	ck_assert_ptr_null(sink);
	sink = realloc(NULL, huge);
	ck_assert_ptr_null(sink);
}

START_TEST(test_guard_jumps_and_pops)
{
	struct alloc_guard g;
	volatile int jumped = 0;

	if (!alloc_guard_active())
		return;
	no_guard_gives_null();
	alloc_guard_push(&g);
	if (setjmp(g.env) == 0) {
		sink = malloc(huge);
		free(sink);
		alloc_guard_pop(&g);
	} else {
		jumped = 1;
	}
	ck_assert_int_eq(jumped, 1);
	no_guard_gives_null();   /* the jump popped g */
}
END_TEST

START_TEST(test_guard_nested)
{
	struct alloc_guard outer, inner;
	volatile int where = 0;

	if (!alloc_guard_active())
		return;
	alloc_guard_push(&outer);
	if (setjmp(outer.env) == 0) {
		alloc_guard_push(&inner);
		if (setjmp(inner.env) == 0) {
			sink = realloc(NULL, huge);
			free(sink);
			where = -1;
			alloc_guard_pop(&inner);
		} else {
			where = 1;   /* the inner guard first */
		}
		ck_assert_int_eq(where, 1);
		sink = calloc(1, huge);
		free(sink);
		where = -2;
		alloc_guard_pop(&outer);
	} else {
		where = 2;       /* then the outer */
	}
	ck_assert_int_eq(where, 2);
	no_guard_gives_null();
}
END_TEST

/* push and pop without a failure leave no guard behind; in any build */
START_TEST(test_guard_balanced)
{
	struct alloc_guard a, b;
	json_object *root = NULL;
	struct out_err err;
	const char text[] = "{\"rope_theta\": 500000.0, \"k\": [1, 2]}";

	alloc_guard_push(&a);
	alloc_guard_push(&b);
	alloc_guard_pop(&b);
	alloc_guard_pop(&a);
	ck_assert_int_eq(json_parse_text(&root, text, strlen(text), 1, "t.json",
	                                 "not valid JSON", &err), 0);
	/* json-c keeps a number's text (json_object_new_double_s) */
	ck_assert_str_eq(json_text(json_object_object_get(root, "rope_theta"),
	                           JSON_C_TO_STRING_PLAIN), "500000.0");
	json_object_put(root);
	if (alloc_guard_active())
		no_guard_gives_null();   /* neither left its guard set */
}
END_TEST

Suite *suite_guard(void)
{
	Suite *s = suite_create("guard");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_guard_jumps_and_pops);
	tcase_add_test(tc, test_guard_nested);
	tcase_add_test(tc, test_guard_balanced);
	suite_add_tcase(s, tc);
	return s;
}
