/*
 * num.h - the one reader of a decimal number, for option values (opt_read.c)
 * and for the number fields of files (csvread.c); JSON files are parsed by
 * json-c's strict grammar, a subset of this one (no sign '+', no '.5').
 *
 * The syntax (man/pecli.1, "NUMBERS"), the whole text, nothing around it:
 *
 *   [+|-] (digits [. [digits]] | . digits) [(e|E) [+|-] digits]
 *
 * digits are ASCII 0-9.  No spaces (the caller trims a CSV field first), no
 * hexadecimal ("0x10"), no "inf", "infinity" or "nan", no digit grouping, and
 * '.' as the decimal point whatever the locale: the text is checked here and
 * converted by strtod in the "C" locale pecli keeps (it never sets
 * LC_NUMERIC).  A value beyond the range of a double is refused
 * (NUM_RANGE); one below its smallest subnormal reads as the nearest value,
 * 0 or a subnormal, as strtod rounds it.
 */
#ifndef PECLI_NUM_H
#define PECLI_NUM_H

#include <stddef.h>

enum num_status {
	NUM_OK = 0,
	NUM_EMPTY,      /* no text */
	NUM_SYNTAX,     /* not the syntax above (hex, "nan", "0.2x", " 1") */
	NUM_NONFINITE,  /* the words inf, infinity, nan (any case, signed) */
	NUM_RANGE       /* the syntax, but beyond a double's range */
};

/* s[0, len) as a number into *out (set only on NUM_OK). */
enum num_status num_parse(const char *s, size_t len, double *out);

/* The same for a NUL-terminated string. */
enum num_status num_parse_str(const char *s, double *out);

#endif
