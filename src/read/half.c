/*
 * half.c - the 16-bit floating-point formats of stored weights, converted
 * exactly to double (every value of both is a double; the conversion never
 * rounds).  Shared by the .npy reader ('<f2') and the safetensors reader
 * (F16, BF16).
 *
 *   binary16 (IEEE 754-2008, section 3.6): sign s, 5 exponent bits e (bias
 *   15), 10 fraction bits f:
 *     e = 0        (-1)^s * f * 2^-24             (zero, subnormals)
 *     0 < e < 31   (-1)^s * (1024 + f) * 2^(e-25) (normal: 1.f * 2^(e-15))
 *     e = 31       +-inf (f = 0), nan (f != 0)
 *   bfloat16 (Google Brain's format; PyTorch c10/util/BFloat16.h,
 *   f32_from_bits): the upper 16 bits of an IEEE binary32, so the value is
 *   that of the binary32 with the lower 16 bits zero.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "read/read.h"

double half_to_double(uint16_t h)
{
	int e = (h >> 10) & 0x1f;
	double f = (double)(h & 0x3ff), x;

	if (e == 0)
		x = ldexp(f, -24);
	else if (e == 31)
		x = f == 0 ? INFINITY : NAN;
	else
		x = ldexp(1024.0 + f, e - 25);
	return h & 0x8000 ? -x : x;
}

double bf16_to_double(uint16_t b)
{
	uint32_t u = (uint32_t)b << 16;
	float x;

	memcpy(&x, &u, sizeof x);
	return (double)x;
}
