/*
 * check_util.c - helpers the suites share: a scheme made from a few
 * settings, and a temporary file read back whole.
 */
#include <stdio.h>
#include <stdlib.h>

#include "check_pecli.h"

void ck_scheme(struct pe_scheme *s, enum pe_scheme_kind kind, size_t d, double base)
{
	struct pe_scheme_cfg cfg;

	pe_scheme_cfg_default(&cfg, kind);
	cfg.n_dim = d;
	cfg.base = base;
	ck_assert_int_eq(pe_scheme_init(s, &cfg), PE_OK);
}

char *ck_slurp(FILE *fp, size_t *len)
{
	size_t cap = 1 << 16, n = 0, got;
	char *buf = malloc(cap);

	ck_assert_ptr_nonnull(buf);
	rewind(fp);
	while ((got = fread(buf + n, 1, cap - 1 - n, fp)) > 0) {
		n += got;
		if (n + 1 == cap) {
			cap *= 2;
			buf = realloc(buf, cap);
			ck_assert_ptr_nonnull(buf);
		}
	}
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}
