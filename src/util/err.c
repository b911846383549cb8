/*
 * err.c - the error message of the readers, the tables and the writers.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util/err.h"

/* the err of this thread whose message is a fault */
static _Thread_local const struct out_err *faulted;

int out_is_fault(const struct out_err *err)
{
	return err && err == faulted;
}

int out_fail(struct out_err *err, const char *fmt, ...)
{
	va_list ap;

	if (err) {
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof err->msg, fmt, ap);
		va_end(ap);
		faulted = strstr(err->msg, strerror(ENOMEM)) ? err
		          : faulted == err ? NULL : faulted;
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
		faulted = err;
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

		if (ch == '\n')
			strcpy(esc, "\\n");
		else if (ch == '\t')
			strcpy(esc, "\\t");
		else if (ch == '\r')
			strcpy(esc, "\\r");
		else if (ch < 0x20 || ch == 0x7f)
			snprintf(esc, sizeof esc, "\\x%02x", ch);
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
