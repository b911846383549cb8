/*
 * check_scheme.c - the scheme seam (pe.h): every family answers row() and
 * profile() consistently with its own direct functions, and the seam
 * refuses tables a family does not have.
 */
#include <math.h>
#include <stdlib.h>

#include "check_pecli.h"
#include "pe/pe.h"

#include <float.h>

/*
 * score(m, m + r) forms the angles m theta_i and (m + r) theta_i, each with
 * a rounding error of up to (m + r) theta_i eps (theta_i <= 1), while
 * profile(r) forms r theta_i; pair i's term, of size w_i (1 for RoPE,
 * zeta_i^(-r/B) for xPos), moves by at most 2 w_i times that.  Allow 4 of
 * those per pair: tol = 8 eps (m + r + 1) sum_i w_i.
 */
static double tol_score(const struct pe_scheme *s, double m, double r)
{
	double w = 0.0;

	for (size_t i = 0; i < s->n_freq; i++)
		w += s->zeta ? pow(s->zeta[i], -r / s->cfg.rope.scale_base) : 1.0;
	return 8.0 * DBL_EPSILON * (m + r + 1.0) * w;
}

static void init_ok(struct pe_scheme *s, const struct pe_scheme_cfg *cfg)
{
	ck_assert_int_eq(pe_scheme_init(s, cfg), PE_OK);
}

START_TEST(test_rope_rows_are_the_cache)
{
	/* cos table = cos(p theta_i), sin table = sin(p theta_i), angle = p
	 * theta_i, theta_i = 10000^(-2i/d) (RoFormer eq. 15); attention factor 1
	 * without scaling. */
	struct pe_scheme_cfg cfg;
	struct pe_scheme s;
	double row[2], p = 3.0;

	pe_scheme_cfg_default(&cfg, PE_SCHEME_ROPE);
	cfg.n_dim = 4;
	for (int t = PE_TABLE_ANGLE; t <= PE_TABLE_SIN; t++) {
		double ref[2];
		cfg.table = (enum pe_table)t;
		init_ok(&s, &cfg);
		ck_assert_uint_eq(s.n_row, 2);
		ck_assert(s.attention_factor == 1.0);
		ck_assert_int_eq(pe_scheme_row(&s, row, p), PE_OK);
		for (int i = 0; i < 2; i++) {
			double a = p * (i == 0 ? 1.0 : 0.01);
			ref[i] = t == PE_TABLE_ANGLE ? a : t == PE_TABLE_COS ? cos(a) : sin(a);
		}
		ck_assert_close_array(row, ref, 2, 0.0, 1e-15);
		ck_assert_int_eq(s.has_range, t != PE_TABLE_ANGLE);
		pe_scheme_free(&s);
	}
}
END_TEST

START_TEST(test_profiles_are_translation_invariant)
{
	/* profile(r) = score(m, m + r) for every m, q = k = ones: RoPE
	 * (RoFormer section 3.4.2), xPos (Sun et al. 2022: the scale depends on
	 * m - n), sinusoidal (PE(m).PE(m+r)). */
	static const enum pe_scheme_kind kinds[] = { PE_SCHEME_ROPE, PE_SCHEME_XPOS };
	struct pe_scheme_cfg cfg;
	struct pe_scheme s;

	for (size_t u = 0; u < 2; u++) {
		pe_scheme_cfg_default(&cfg, kinds[u]);
		cfg.rope.n_rot = 96;   /* partial rotation: 32 dims pass through */
		init_ok(&s, &cfg);
		for (double r = 0; r < 3000; r += 97) {
			double prof, score;
			ck_assert_int_eq(pe_scheme_profile(&s, &prof, r), PE_OK);
			for (double m = 0; m < 50000; m += 7919) {
				if (kinds[u] == PE_SCHEME_ROPE)
					score = pe_rope_score(NULL, NULL, s.inv_freq, m, m + r, 1.0,
					                      128, 96, cfg.rope.pairing);
				else
					score = pe_xpos_score(NULL, NULL, s.inv_freq, s.zeta, m, m + r,
					                      cfg.rope.scale_base, 128, 96, cfg.rope.pairing);
				ck_assert_msg(fabs(prof - score) <= tol_score(&s, m, r),
				              "kind %zu r=%g m=%g: %.17g vs %.17g", u, r, m, prof, score);
			}
		}
		/* r = 0, q = k = ones: R rotated ones keep their dot, plus d - R */
		if (kinds[u] == PE_SCHEME_ROPE) {
			double prof;
			ck_assert_int_eq(pe_scheme_profile(&s, &prof, 0.0), PE_OK);
			ck_assert(fabs(prof - 128.0) <= 1e-12);
		}
		pe_scheme_free(&s);
	}
}
END_TEST

START_TEST(test_yarn_cache_scaled_by_attention_factor)
{
	/* HF multiplies cos and sin by attention_scaling; YaRN's default is
	 * 0.1 ln(s) + 1 (get_mscale), so the cos table at p = 0 is that value
	 * and the range is symmetric about it. */
	struct pe_scheme_cfg cfg;
	struct pe_scheme s;
	double row[64];

	pe_scheme_cfg_default(&cfg, PE_SCHEME_ROPE);
	cfg.rope.scaling = PE_ROPE_SCALING_YARN;
	cfg.rope.factor = 4.0;
	cfg.rope.original_max = 4096;
	init_ok(&s, &cfg);
	ck_assert(fabs(s.attention_factor - (0.1 * log(4.0) + 1.0)) <= 1e-15);
	ck_assert_int_eq(pe_scheme_row(&s, row, 0.0), PE_OK);
	for (int i = 0; i < 64; i++)
		ck_assert(row[i] == s.attention_factor);
	ck_assert(s.hi == s.attention_factor && s.lo == -s.attention_factor);
	pe_scheme_free(&s);
}
END_TEST

START_TEST(test_layout_verify_passes)
{
	/* Both pairings score permuted vectors alike, within rounding. */
	struct pe_scheme_cfg cfg;
	struct pe_scheme s;
	struct pe_layout_check chk;

	pe_scheme_cfg_default(&cfg, PE_SCHEME_ROPE);
	cfg.rope.n_rot = 64;
	init_ok(&s, &cfg);
	for (int to_half = 0; to_half < 2; to_half++) {
		ck_assert_int_eq(pe_rope_layout_verify(&chk, s.inv_freq, 128, 64, to_half,
		                                       7, 200, 100000.0), PE_OK);
		ck_assert_uint_eq(chk.n_trials, 200);
		ck_assert(chk.pass);
		ck_assert(chk.max_rel <= chk.tolerance);
	}
	ck_assert_int_eq(pe_rope_layout_verify(&chk, s.inv_freq, 128, 130, 1, 7, 10, 10.0),
	                 PE_EINVAL);
	pe_scheme_free(&s);
}
END_TEST

START_TEST(test_tables_a_family_lacks)
{
	struct pe_scheme_cfg cfg;
	struct pe_scheme s;

	pe_scheme_cfg_default(&cfg, PE_SCHEME_ROPE);
	cfg.table = PE_TABLE_SCALE;            /* xPos only */
	ck_assert_int_eq(pe_scheme_init(&s, &cfg), PE_EINVAL);
	pe_scheme_cfg_default(&cfg, PE_SCHEME_SINUSOIDAL);
	cfg.table = PE_TABLE_COS;              /* sinusoidal rows are the code */
	ck_assert_int_eq(pe_scheme_init(&s, &cfg), PE_EINVAL);
	pe_scheme_cfg_default(&cfg, PE_SCHEME_ROPE);
	cfg.rope.n_rot = 130;                  /* R > d */
	ck_assert_int_eq(pe_scheme_init(&s, &cfg), PE_EINVAL);
}
END_TEST

/* ---- NoPE with Llama 4's attention temperature (nope.c) ---- */

/* log1p and log are correctly rounded to within an ulp in glibc: the
 * formula and its hand-simplified form agree to a few ulp of 1 */
#define TEMP_TOL (4.0 * DBL_EPSILON)

START_TEST(test_nope_temperature)
{
	/* s(m) = log1p(floor((m + 1) / F)) A + 1, transformers
	 * models/llama4/modeling_llama4.py, Llama4TextAttention.forward
	 * (attn_scales), with Llama4TextConfig's F = 8192, A = 0.1, worked by
	 * hand: floor((m + 1) / 8192) is 0 up to m = 8190, 1 from 8191 to
	 * 16382, 2 at 16383 */
	const double F = PE_NOPE_FLOOR_SCALE_DEFAULT, A = PE_NOPE_ATTN_SCALE_DEFAULT;

	ck_assert_double_eq(F, 8192.0);
	ck_assert_double_eq(A, 0.1);
	ck_assert_double_eq(pe_nope_temperature(0.0, F, A), 1.0);
	ck_assert_double_eq(pe_nope_temperature(8190.0, F, A), 1.0);
	ck_assert_double_eq_tol(pe_nope_temperature(8191.0, F, A), 1.0 + 0.1 * log(2.0), TEMP_TOL);
	ck_assert_double_eq_tol(pe_nope_temperature(16382.0, F, A), 1.0 + 0.1 * log(2.0), TEMP_TOL);
	ck_assert_double_eq_tol(pe_nope_temperature(16383.0, F, A), 1.0 + 0.1 * log(3.0), TEMP_TOL);
	/* m = 10^7 - 1: floor(10^7 / 8192) = 1220 */
	ck_assert_double_eq_tol(pe_nope_temperature(9999999.0, F, A), 1.0 + 0.1 * log(1221.0),
	                        TEMP_TOL);
	/* attn_scale 0: no tuning at all */
	ck_assert_double_eq(pe_nope_temperature(1e6, F, 0.0), 1.0);
}
END_TEST

START_TEST(test_nope_tuned_scheme)
{
	/* tuned: score(m, n) = s(m) d whatever n (q = k = ones), no profile;
	 * untuned: the zero code, score and profile 0 */
	struct pe_scheme_cfg cfg;
	struct pe_scheme s;
	double v, row[4] = { 1.0, 1.0, 1.0, 1.0 };

	pe_scheme_cfg_default(&cfg, PE_SCHEME_NOPE);
	cfg.n_dim = 4;
	init_ok(&s, &cfg);
	ck_assert_int_eq(pe_scheme_profile(&s, &v, 3.0), PE_OK);
	ck_assert_double_eq(v, 0.0);
	ck_assert_int_eq(pe_scheme_score(&s, &v, 9000.0, 0.0), PE_OK);
	ck_assert_double_eq(v, 0.0);
	pe_scheme_free(&s);
	cfg.own.on[0] = 1;
	init_ok(&s, &cfg);
	ck_assert_str_eq(s.ops->name, "nope");
	ck_assert_int_eq(pe_scheme_profile(&s, &v, 3.0), PE_ENOTSUP);
	ck_assert_int_eq(pe_scheme_score(&s, &v, 8190.0, 0.0), PE_OK);
	ck_assert_double_eq(v, 4.0);
	ck_assert_int_eq(pe_scheme_score(&s, &v, 8191.0, 8191.0), PE_OK);
	ck_assert_double_eq_tol(v, 4.0 * (1.0 + 0.1 * log(2.0)), 4.0 * TEMP_TOL);
	/* still no code */
	ck_assert_int_eq(pe_scheme_row(&s, row, 8191.0), PE_OK);
	for (size_t j = 0; j < 4; j++)
		ck_assert_double_eq(row[j], 0.0);
	pe_scheme_free(&s);
}
END_TEST

START_TEST(test_nope_temperature_refused)
{
	struct pe_scheme_cfg cfg;
	struct pe_scheme s;

	pe_scheme_cfg_default(&cfg, PE_SCHEME_NOPE);
	cfg.own.on[0] = 1;
	cfg.own.x[0] = 0.0;                    /* floor_scale */
	ck_assert_int_eq(pe_scheme_init(&s, &cfg), PE_EINVAL);
	cfg.own.x[0] = 8192.0;
	cfg.own.x[1] = NAN;                    /* attn_scale */
	ck_assert_int_eq(pe_scheme_init(&s, &cfg), PE_EINVAL);
	cfg.own.x[1] = -0.1;
	ck_assert_int_eq(pe_scheme_init(&s, &cfg), PE_EINVAL);
}
END_TEST

/* ---- the registry and the option rows (pe.h, seam 3) ---- */

/* The value a row's field holds in cfg, as a double. */
static double field_value(const struct pe_scheme_cfg *cfg, const struct pe_opt *row)
{
	const char *p = (const char *)cfg + row->offset;

	switch (row->field) {
	case PE_FIELD_INT:    return *(const int *)(const void *)p;
	case PE_FIELD_SIZE:   return (double)*(const size_t *)(const void *)p;
	case PE_FIELD_DOUBLE: return *(const double *)(const void *)p;
	default:              return NAN;
	}
}

/*
 * Every scheme is complete (a name, what it adds, a description, its rows)
 * and the default each of its rows states is the value pe_scheme_cfg_default
 * puts in the row's field, so --help (which prints the row's default) says
 * what a run without the option does.  Source of the expected values: the
 * rows themselves against the configuration code, one constant each.
 */
START_TEST(test_rows_state_the_defaults)
{
	for (size_t k = 0; k < PE_N_SCHEMES; k++) {
		const struct pe_scheme_ops *ops = pe_schemes[k];
		struct pe_scheme_cfg cfg;

		ck_assert_ptr_nonnull(ops);
		ck_assert(ops->name && ops->adds && ops->description && ops->opts);
		pe_scheme_cfg_default(&cfg, (enum pe_scheme_kind)k);
		ck_assert_uint_eq(cfg.n_dim, ops->n_dim_default);
		for (size_t j = 0; ops->opts[j]; j++) {
			const struct pe_opt *row = ops->opts[j];

			ck_assert_msg(pe_scheme_takes(ops, row), "%s: --%s", ops->name, row->name);
			if (isnan(row->def) || row->field == PE_FIELD_NONE)
				continue;
			ck_assert_msg(field_value(&cfg, row) == row->def,
			              "%s --%s: the row states %g, the default is %g", ops->name,
			              row->name, row->def, field_value(&cfg, row));
		}
	}
}
END_TEST

/* A row stays within its field and its range is not empty. */
START_TEST(test_rows_are_well_formed)
{
	for (size_t k = 0; k < PE_N_SCHEMES; k++)
		for (size_t j = 0; pe_schemes[k]->opts[j]; j++) {
			const struct pe_opt *row = pe_schemes[k]->opts[j];

			ck_assert(row->name && row->help);
			ck_assert(row->offset < sizeof(struct pe_scheme_cfg));
			if (row->type == PE_OPT_INT || row->type == PE_OPT_EVEN)
				ck_assert(row->lo <= row->hi);
			if (row->type == PE_OPT_CHOICE)
				ck_assert_ptr_nonnull(row->choices);
			ck_assert_int_eq(!row->arg, row->type == PE_OPT_FLAG);
			/* a mode names a choice or a flag, with one value at least */
			if (row->mode)
				ck_assert(row->modes != 0 && (row->mode->type == PE_OPT_CHOICE
				                              || row->mode->type == PE_OPT_FLAG));
		}
}
END_TEST

/* Every registered scheme builds from its defaults but those that need an
 * input (a learned table); kind is the index in pe_schemes. */
START_TEST(test_registry_builds)
{
	for (size_t k = 0; k < PE_N_SCHEMES; k++) {
		struct pe_scheme_cfg cfg;
		struct pe_scheme s;

		pe_scheme_cfg_default(&cfg, (enum pe_scheme_kind)k);
		if (pe_scheme_takes(pe_schemes[k], &pe_opt_from))
			continue;
		ck_assert_int_eq(pe_scheme_init(&s, &cfg), PE_OK);
		ck_assert_ptr_eq(s.ops, pe_schemes[k]);
		pe_scheme_free(&s);
	}
	ck_assert_ptr_eq(pe_schemes[PE_SCHEME_ROPE], &pe_rope_ops);
}
END_TEST

Suite *suite_scheme(void)
{
	Suite *s = suite_create("scheme");
	TCase *tc = tcase_create("values");

	tcase_add_test(tc, test_rope_rows_are_the_cache);
	tcase_add_test(tc, test_yarn_cache_scaled_by_attention_factor);
	tcase_add_test(tc, test_nope_temperature);
	tcase_add_test(tc, test_nope_tuned_scheme);
	suite_add_tcase(s, tc);
	tc = tcase_create("identities");
	tcase_add_test(tc, test_profiles_are_translation_invariant);
	tcase_add_test(tc, test_layout_verify_passes);
	suite_add_tcase(s, tc);
	tc = tcase_create("errors");
	tcase_add_test(tc, test_tables_a_family_lacks);
	tcase_add_test(tc, test_nope_temperature_refused);
	suite_add_tcase(s, tc);
	tc = tcase_create("registry");
	tcase_add_test(tc, test_rows_state_the_defaults);
	tcase_add_test(tc, test_rows_are_well_formed);
	tcase_add_test(tc, test_registry_builds);
	suite_add_tcase(s, tc);
	return s;
}
