/*
 * num.c - the one reader of a decimal number (num.h has the syntax).
 * The text is matched against the grammar first, so strtod's wider syntax
 * (hexadecimal, "infinity", "nan(...)", leading spaces) never applies;
 * strtod then rounds the decimal text correctly (glibc).
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/num.h"

static size_t digits(const char *s, size_t i, size_t len)
{
	size_t j = i;

	while (j < len && s[j] >= '0' && s[j] <= '9')
		j++;
	return j - i;
}

/* Whether s[0, len) is the grammar of num.h. */
static int is_decimal(const char *s, size_t len)
{
	size_t i = 0, n_int, n_frac = 0, n_exp;

	if (i < len && (s[i] == '+' || s[i] == '-'))
		i++;
	n_int = digits(s, i, len);
	i += n_int;
	if (i < len && s[i] == '.') {
		i++;
		n_frac = digits(s, i, len);
		i += n_frac;
	}
	if (n_int == 0 && n_frac == 0)
		return 0;
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < len && (s[i] == '+' || s[i] == '-'))
			i++;
		n_exp = digits(s, i, len);
		if (n_exp == 0)
			return 0;
		i += n_exp;
	}
	return i == len;
}

/* Whether s[0, len) is a signed word strtod would read as inf or nan. */
static int is_nonfinite_word(const char *s, size_t len)
{
	static const char *const words[] = { "inf", "infinity", "nan" };

	if (len > 0 && (s[0] == '+' || s[0] == '-')) {
		s++;
		len--;
	}
	for (size_t k = 0; k < sizeof words / sizeof words[0]; k++) {
		size_t i = 0;

		if (strlen(words[k]) != len)
			continue;
		while (i < len && (s[i] | 0x20) == words[k][i])   /* ASCII case */
			i++;
		if (i == len)
			return 1;
	}
	return 0;
}

enum num_status num_parse(const char *s, size_t len, double *out)
{
	char buf[64], *end, *heap = NULL;
	const char *t = buf;
	double v;

	if (len == 0)
		return NUM_EMPTY;
	if (!is_decimal(s, len))
		return is_nonfinite_word(s, len) ? NUM_NONFINITE : NUM_SYNTAX;
	/* strtod needs a terminated string; a CSV field ends at ',' in place */
	if (len < sizeof buf) {
		memcpy(buf, s, len);
		buf[len] = '\0';
	} else {
		heap = malloc(len + 1);
		if (!heap)   /* a number longer than 63 bytes with no memory left */
			return NUM_RANGE;
		memcpy(heap, s, len);
		heap[len] = '\0';
		t = heap;
	}
	errno = 0;
	v = strtod(t, &end);
	/* whole text read, or a locale whose decimal point is not '.' (pecli
	 * never sets one) stopped strtod at the point: refused, not misread */
	if (end != t + len) {
		free(heap);
		return NUM_SYNTAX;
	}
	free(heap);
	/* ERANGE on underflow still gives the nearest value (0 or a
	 * subnormal): kept; overflow gives +-HUGE_VAL */
	if (!isfinite(v))
		return NUM_RANGE;
	*out = v;
	return NUM_OK;
}

enum num_status num_parse_str(const char *s, double *out)
{
	return num_parse(s, strlen(s), out);
}
