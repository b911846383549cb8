/*
 * fuzz.h - what the libFuzzer harnesses of tests/fuzz share: the entry
 * points libFuzzer calls, and the checks every reader's result must pass
 * whatever the input.  A broken property calls abort(), which libFuzzer
 * reports as a crash with the input that caused it.
 */
#ifndef PECLI_FUZZ_H
#define PECLI_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "write/write.h"

/* Called by libFuzzer once per input, and once at start-up. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* Stop with a message on the real stderr: libFuzzer saves the input. */
#define FUZZ_ASSERT(cond)                                                    \
	do {                                                                     \
		if (!(cond)) {                                                       \
			fprintf(stderr, "%s:%d: property broken: %s\n", __FILE__,        \
			        __LINE__, #cond);                                        \
			abort();                                                         \
		}                                                                    \
	} while (0)

/*
 * A reader's error: one non-empty line (pecli prints it as one stderr
 * line), starting with the name the reader was given.
 */
static inline void fuzz_check_error(const struct out_err *err, const char *name)
{
	size_t len = strnlen(err->msg, sizeof err->msg);

	FUZZ_ASSERT(len > 0 && len < sizeof err->msg);
	FUZZ_ASSERT(strchr(err->msg, '\n') == NULL);
	FUZZ_ASSERT(strstr(err->msg, name) != NULL);
}

/*
 * data as a read-only stream.  glibc's fmemopen refuses nothing since 2.22,
 * but a size of 0 still needs a buffer to point at.
 */
static inline FILE *fuzz_stream(const uint8_t *data, size_t size)
{
	static const uint8_t empty[1];

	return fmemopen((void *)(size ? data : empty), size, "rb");
}

#endif
