/*
 * err.c - the error message of the readers, the tables and the writers.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util/err.h"

int out_fail(struct out_err *err, const char *fmt, ...)
{
	va_list ap;

	if (err) {
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof err->msg, fmt, ap);
		va_end(ap);
		err->fault = strstr(err->msg, strerror(ENOMEM)) != NULL;
	}
	return -1;
}

int out_fault(struct out_err *err, const char *fmt, ...)
{
	va_list ap;

	if (err) {
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof err->msg, fmt, ap);
		va_end(ap);
		err->fault = 1;
	}
	return -1;
}

const char *out_shown(char *buf, size_t size, const char *s)
{
	size_t n = 0;

	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		char esc[8];
		size_t len;

		if (ch < 0x20 || ch == 0x7f)
			snprintf(esc, sizeof esc, "\\u%04x", ch);
		else
			snprintf(esc, sizeof esc, "%c", ch);
		len = strlen(esc);
		if (n + len >= size)
			break;
		memcpy(buf + n, esc, len);
		n += len;
	}
	buf[n] = '\0';
	return buf;
}
