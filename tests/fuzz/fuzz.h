/*
 * fuzz.h - what the libFuzzer harnesses of tests/fuzz share: the entry
 * points libFuzzer calls, and the checks every reader's result must pass
 * whatever the input.  A broken property calls abort(), which libFuzzer
 * reports as a crash with the input that caused it.
 */
#ifndef PECLI_FUZZ_H
#define PECLI_FUZZ_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pe/pe.h"
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
 * line) with no control character in it, naming the input.
 */
static inline void fuzz_check_error(const struct out_err *err, const char *name)
{
	size_t len = strnlen(err->msg, sizeof err->msg);

	FUZZ_ASSERT(len > 0 && len < sizeof err->msg);
	FUZZ_ASSERT(strchr(err->msg, '\n') == NULL);
	/* no control byte at all: a quoted value is escaped (out_shown) */
	for (size_t k = 0; k < len; k++)
		FUZZ_ASSERT((unsigned char)err->msg[k] >= 0x20 && err->msg[k] != 0x7f);
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

/*
 * A reader's result: a table holds what read.h promises (a shape within
 * PE_LEARNED_VALUES_MAX, finite values); a failed read leaves the table
 * empty with a one-line message naming the input.
 */
static inline void fuzz_check_table(int rc, const struct pe_learned *t,
                                    const struct out_err *err, const char *name)
{
	FUZZ_ASSERT(rc == 0 || rc == -1);
	if (rc != 0) {
		FUZZ_ASSERT(t->data == NULL && t->n_pos == 0 && t->n_dim == 0);
		fuzz_check_error(err, name);
		return;
	}
	FUZZ_ASSERT(t->data != NULL && t->n_pos >= 1 && t->n_dim >= 1);
	FUZZ_ASSERT(t->n_dim <= PE_LEARNED_VALUES_MAX / t->n_pos);
	for (size_t k = 0; k < t->n_pos * t->n_dim; k++)
		FUZZ_ASSERT(isfinite(t->data[k]));
}

#ifdef _GNU_SOURCE
#include <sys/mman.h>
#include <unistd.h>

/*
 * For the harnesses that read an input as a regular file (they define
 * _GNU_SOURCE first, for memfd_create): data as the whole content of a
 * memfd (Linux, as libFuzzer is; a file on disk costs a flush per input),
 * made at the first call; returns its name, /proc/self/fd/N.
 */
static inline const char *fuzz_file(const uint8_t *data, size_t size)
{
	static int fd = -1;
	static char path[64];

	if (fd < 0) {
		fd = memfd_create("input", 0);
		if (fd < 0) {
			perror("memfd_create");
			exit(1);
		}
		snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	}
	FUZZ_ASSERT(ftruncate(fd, 0) == 0);
	FUZZ_ASSERT(pwrite(fd, data, size, 0) == (ssize_t)size);
	return path;
}
#endif

#endif
