/* check_pecli.h - the suites of the one Check runner, and shared helpers. */
#ifndef CHECK_PECLI_H
#define CHECK_PECLI_H

#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>

#include "pe/pe.h"

Suite *suite_sinusoidal(void);
Suite *suite_alibi(void);
Suite *suite_t5(void);
Suite *suite_fmt(void);
Suite *suite_out(void);
Suite *suite_ofile(void);
Suite *suite_npy(void);
Suite *suite_par(void);
Suite *suite_figure(void);
Suite *suite_gnuplot(void);
Suite *suite_m4(void);
Suite *suite_rng(void);
Suite *suite_config(void);
Suite *suite_rope(void);
Suite *suite_rope_scaling(void);
Suite *suite_scheme(void);
Suite *suite_fpround(void);
Suite *suite_decay(void);
Suite *suite_props(void);
Suite *suite_extrapolate(void);
Suite *suite_diff(void);
Suite *suite_precision(void);
Suite *suite_learned(void);
Suite *suite_safetensors(void);
Suite *suite_axes(void);
Suite *suite_layout(void);
Suite *suite_num(void);
Suite *suite_guard(void);

/* check_util.c: pe_scheme_init of the defaults of kind with n_dim d and
 * base base, asserted to succeed */
void ck_scheme(struct pe_scheme *s, enum pe_scheme_kind kind, size_t d, double base);
/* All of fp, rewound, in a NUL-terminated buffer the caller frees; its
 * length into *len (may be NULL). */
char *ck_slurp(FILE *fp, size_t *len);

/*
 * A private folder for the files one test writes: ck_tmp_setup makes it
 * (under $TMPDIR, else /tmp); ck_tmp_path names a file in it (into buf);
 * ck_tmp_write writes len bytes to one (the path in a static buffer);
 * ck_tmp_remove removes one; ck_tmp_teardown removes the folder, which
 * must be empty by then.
 */
void ck_tmp_setup(void);
const char *ck_tmp_path(char *buf, size_t size, const char *name);
const char *ck_tmp_write(const char *name, const void *bytes, size_t len);
void ck_tmp_remove(const char *name);
void ck_tmp_teardown(void);

/* Little-endian bytes of n doubles, floats, 16-bit words. */
void ck_le_f8(unsigned char *out, const double *x, size_t n);
void ck_le_f4(unsigned char *out, const float *x, size_t n);
void ck_le16(unsigned char *out, const uint16_t *h, size_t n);

/*
 * |a - b| <= atol + rtol * |ref| over n values; on failure the message names
 * the worst index (llm.c / ggml habit).
 */
#define ck_assert_close_array(a, ref, n, atol, rtol)                          \
	do {                                                                      \
		size_t ck_worst_ = 0;                                                 \
		double ck_excess_ = -1.0;                                             \
		for (size_t ck_i_ = 0; ck_i_ < (size_t)(n); ck_i_++) {                \
			double ck_e_ = fabs((a)[ck_i_] - (ref)[ck_i_])                    \
			             - ((atol) + (rtol) * fabs((ref)[ck_i_]));            \
			if (!(ck_e_ <= 0.0) && (ck_excess_ < 0.0 || ck_e_ > ck_excess_ || \
			                        isnan(ck_e_))) {                          \
				ck_excess_ = isnan(ck_e_) ? INFINITY : ck_e_;                  \
				ck_worst_ = ck_i_;                                            \
			}                                                                 \
		}                                                                     \
		ck_assert_msg(ck_excess_ < 0.0,                                       \
		              "worst index %zu: got %.17g, expected %.17g",           \
		              ck_worst_, (double)(a)[ck_worst_],                      \
		              (double)(ref)[ck_worst_]);                              \
	} while (0)

#endif
