/*
 * pe.h - the pecli numerics core: positional encoding schemes and analyses.
 *
 * Everything under src/pe/ is pure computation: C headers and libm only, no
 * stdio, no exit, no getenv, no globals (a test enforces it).  The caller
 * allocates output buffers; buffers come first in argument lists, then
 * inputs, then sizes.  Matrices are row-major (n_pos, n_dim).  Everything is
 * computed in double.
 *
 * Seam 1 (see ../shared/DESIGN.md): struct pe_scheme.  Every encoding answers
 * the question attention asks, "how strongly does position m meet position
 * n?", and offers what it can:
 *   row(p)      the per-position vector (the code), n_row wide;
 *   profile(r)  the score as a function of distance alone, when the scheme is
 *               translation-invariant: PE(p) . PE(p + r) for every p.
 * Analyses ask for the capability they need and report PE_ENOTSUP otherwise,
 * so adding a scheme never touches a command.
 *
 * Legend: p position, i frequency pair, d = n_dim, theta_i = base^(-2i/d).
 */
#ifndef PECLI_PE_H
#define PECLI_PE_H

#include <stddef.h>

/* ---- status ---- */

enum pe_status {
	PE_OK = 0,
	PE_EINVAL,   /* a parameter is outside its valid range */
	PE_ERANGE,   /* a result is not finite or not representable */
	PE_ENOMEM,   /* allocation failed */
	PE_ENOTSUP   /* the scheme does not offer what the analysis needs */
};

/* A short lower-case description of a status, never NULL. */
const char *pe_status_str(enum pe_status st);

/* ---- limits (documented in man/pecli.1) ---- */

#define PE_DIM_MIN 2             /* --d: even, in [PE_DIM_MIN, PE_DIM_MAX] */
#define PE_DIM_MAX 65536
#define PE_POS_MAX 1000000000.0  /* --n: positions 0 .. n-1, n <= 1e9 */

/* ---- defaults ---- */

#define PE_BASE_DEFAULT 10000.0  /* Vaswani et al. 2017, section 3.5 */

/* ---- schemes ---- */

enum pe_scheme_kind {
	PE_SCHEME_SINUSOIDAL
};

/*
 * Channel layout of a sinusoidal code, for d = 8 (s_i = sin(p theta_i),
 * c_i = cos(p theta_i)):
 *
 *   PE_LAYOUT_INTERLEAVED  [s0 c0 s1 c1 s2 c2 s3 c3]   Vaswani et al. 2017
 *   PE_LAYOUT_CONCAT       [s0 s1 s2 s3 c0 c1 c2 c3]   [sin | cos] halves
 *
 * Both use the same frequencies theta_i = base^(-2i/d), i = 0 .. d/2-1, so
 * one is a column permutation of the other.
 */
enum pe_layout {
	PE_LAYOUT_INTERLEAVED,
	PE_LAYOUT_CONCAT
};

/* What a user sets.  pe_scheme_cfg_default() fills the defaults. */
struct pe_scheme_cfg {
	enum pe_scheme_kind kind;
	size_t n_dim;            /* d: even, [PE_DIM_MIN, PE_DIM_MAX] */
	double base;             /* finite, > 1 */
	enum pe_layout layout;
};

struct pe_scheme;

/* The operations a scheme family implements; NULL where it has no answer. */
struct pe_scheme_ops {
	const char *name;
	/* Validate s->cfg and fill the derived state. */
	enum pe_status (*init)(struct pe_scheme *s);
	/* out[0 .. s->n_row-1] = the code of position p (p >= 0). */
	void (*row)(const struct pe_scheme *s, double *out, double p);
	/* PE(p) . PE(p + r), independent of p; NULL if not translation-invariant. */
	double (*profile)(const struct pe_scheme *s, double r);
};

struct pe_scheme {
	const struct pe_scheme_ops *ops;
	struct pe_scheme_cfg cfg;
	size_t n_row;        /* width of row() */
	double lo, hi;       /* closed-form bounds of row() values */
	size_t n_freq;       /* number of frequencies */
	double *inv_freq;    /* [n_freq] theta_i, owned */
};

/* Fill cfg with the defaults of the scheme kind. */
void pe_scheme_cfg_default(struct pe_scheme_cfg *cfg, enum pe_scheme_kind kind);

/* Validate cfg and build s.  On error s holds nothing to free.
 * PE_EINVAL: d odd or outside [PE_DIM_MIN, PE_DIM_MAX], base not finite or
 * <= 1.  PE_ENOMEM. */
enum pe_status pe_scheme_init(struct pe_scheme *s, const struct pe_scheme_cfg *cfg);
void pe_scheme_free(struct pe_scheme *s);

/* out[0 .. s->n_row-1] = PE(p).  PE_ENOTSUP if the scheme has no code. */
enum pe_status pe_scheme_row(const struct pe_scheme *s, double *out, double p);

/* *out = PE(p) . PE(p + r).  PE_ENOTSUP if not translation-invariant. */
enum pe_status pe_scheme_profile(const struct pe_scheme *s, double *out, double r);

/* ---- sinusoidal (Vaswani et al. 2017, section 3.5) ---- */

/*
 * PE(p, 2i) = sin(p / base^(2i/d)),  PE(p, 2i+1) = cos(p / base^(2i/d)).
 * inv_freq[i] = 1 / base^(2i/d) for i in [0, d/2), formed as 1.0 / pow(base,
 * 2i/d) like the reference implementations (numpy `1 / np.power(base, 2i/d)`,
 * Hugging Face `1.0 / (base ** (arange(0, d, 2) / d))`).
 * PE_EINVAL if d is odd or 0, or base is not finite or <= 1.
 */
enum pe_status pe_sinusoidal_inv_freq(double *inv_freq, double base, size_t n_dim);

/* out[n_dim] = PE(p) in the given layout from inv_freq[n_dim/2]; the angle
 * is formed directly as p * inv_freq[i]. */
void pe_sinusoidal_fill_row(double *out, const double *inv_freq, double p,
                            size_t n_dim, enum pe_layout layout);

/* PE(p) . PE(p + r) = sum_i cos(r * inv_freq[i]) (sin a sin b + cos a cos b
 * = cos(a - b)), the same for every p. */
double pe_sinusoidal_profile(const double *inv_freq, double r, size_t n_freq);

extern const struct pe_scheme_ops pe_sinusoidal_ops;

#endif
