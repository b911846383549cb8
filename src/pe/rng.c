/*
 * rng.c - a reproducible random stream for pecli's sampled analyses
 * (random q and k vectors, untrained tables): the same seed gives the same
 * numbers on every machine.
 *
 * Generator: xoshiro256** 1.0 (Blackman and Vigna, "Scrambled Linear
 * Pseudorandom Number Generators", 2021), its state seeded from the 64-bit
 * seed by splitmix64, as the authors recommend.  Uniform doubles take the
 * top 53 bits; normal deviates come from the Box-Muller transform, two per
 * pair of uniforms.
 *
 * Legend: s the 256-bit state, u uniform in [0, 1), z standard normal.
 */
#include <math.h>
#include <stdint.h>

#include "pe/pe.h"

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t pe_rng_splitmix64(uint64_t *state)
{
	uint64_t z = (*state += 0x9E3779B97F4A7C15u);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
	return z ^ (z >> 31);
}

void pe_rng_init(struct pe_rng *r, uint64_t seed)
{
	uint64_t sm = seed;

	for (int k = 0; k < 4; k++)
		r->s[k] = pe_rng_splitmix64(&sm);
	r->has_spare = 0;
	r->spare = 0.0;
}

uint64_t pe_rng_next(struct pe_rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

double pe_rng_uniform(struct pe_rng *r)
{
	return (double)(pe_rng_next(r) >> 11) * 0x1p-53;
}

double pe_rng_normal(struct pe_rng *r)
{
	double u1, u2, rad;

	if (r->has_spare) {
		r->has_spare = 0;
		return r->spare;
	}
	/* u1 in (0, 1] so that log(u1) is finite */
	u1 = 1.0 - pe_rng_uniform(r);
	u2 = pe_rng_uniform(r);
	rad = sqrt(-2.0 * log(u1));
	r->spare = rad * sin(2.0 * PE_PI * u2);
	r->has_spare = 1;
	return rad * cos(2.0 * PE_PI * u2);
}

void pe_rng_fill_normal(double *out, struct pe_rng *r, size_t n)
{
	for (size_t k = 0; k < n; k++)
		out[k] = pe_rng_normal(r);
}
