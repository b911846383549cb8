/*
 * err.c - the error message of the readers, the tables and the writers.
 */
#include <stdarg.h>
#include <stdio.h>

#include "util/err.h"

int out_fail(struct out_err *err, const char *fmt, ...)
{
	va_list ap;

	if (err) {
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof err->msg, fmt, ap);
		va_end(ap);
	}
	return -1;
}
