/*
 * fuzz_num.c - libFuzzer harness for the one number reader (src/util/num.c,
 * num_parse), which options and CSV fields share, and for the escaping of
 * messages (src/util/err.c, out_shown).
 *
 * num_parse: a text it takes holds only the grammar's bytes (digits, sign,
 * '.', 'e', 'E'), starts with a digit, a sign or '.', and strtod reads the
 * whole of it to the same finite value; a text of digits alone is always
 * taken; NUM_EMPTY exactly for no text; *out untouched on a refusal; and
 * reading [s, s + len) never looks past len (ASan: the input is copied to
 * a buffer of exactly that size).
 * out_shown: no control byte and no DEL in what it returns, never longer
 * than the buffer, and the input itself when it had none to escape.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/err.h"
#include "util/num.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

static void check_number(const char *s, size_t len)
{
	double v = -7.0, w;
	enum num_status st = num_parse(s, len, &v);
	size_t n_digits = 0;
	char *z, *end;

	for (size_t k = 0; k < len; k++)
		n_digits += s[k] >= '0' && s[k] <= '9';
	FUZZ_ASSERT((st == NUM_EMPTY) == (len == 0));
	if (len > 0 && len <= 300 && n_digits == len)
		FUZZ_ASSERT(st == NUM_OK);
	if (st != NUM_OK) {
		FUZZ_ASSERT(v == -7.0);
		return;
	}
	FUZZ_ASSERT(isfinite(v));
	for (size_t k = 0; k < len; k++)
		FUZZ_ASSERT(strchr("0123456789+-.eE", s[k]) != NULL && s[k] != '\0');
	FUZZ_ASSERT((s[0] >= '0' && s[0] <= '9') || s[0] == '+' || s[0] == '-' || s[0] == '.');
	z = malloc(len + 1);
	if (!z)
		return;
	memcpy(z, s, len);
	z[len] = '\0';
	errno = 0;
	w = strtod(z, &end);
	FUZZ_ASSERT(end == z + len);
	FUZZ_ASSERT(w == v || (w == 0.0 && v == 0.0));
	free(z);
}

static void check_shown(const char *s, size_t len)
{
	char *z = malloc(len + 1), buf[96];
	int clean = 1;

	if (!z)
		return;
	memcpy(z, s, len);
	z[len] = '\0';
	out_shown(buf, sizeof buf, z);
	FUZZ_ASSERT(strlen(buf) < sizeof buf);
	for (const char *p = buf; *p; p++)
		FUZZ_ASSERT((unsigned char)*p >= 0x20 && *p != 0x7f);
	for (const char *p = z; *p; p++)
		clean &= (unsigned char)*p >= 0x20 && *p != 0x7f;
	if (clean && strlen(z) < sizeof buf)
		FUZZ_ASSERT(strcmp(buf, z) == 0);
	free(z);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* an exact copy, so that ASan sees any read past size */
	char *s = malloc(size ? size : 1);

	if (!s)
		return 0;
	memcpy(s, data, size);
	check_number(s, size);
	check_shown(s, size);
	free(s);
	return 0;
}
