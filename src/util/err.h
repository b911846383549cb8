/*
 * err.h - the error message every layer above the core fills: readers,
 * tables and writers return 0, or -1 with a message in struct out_err
 * (lower-case, no final period, naming the file, field or value); the CLI
 * reports it.
 */
#ifndef PECLI_ERR_H
#define PECLI_ERR_H

#include <stddef.h>

/* ---- errors ---- */

struct out_err {
	char msg[512];
};

/* printf-style: set err->msg (if err is not NULL) and return -1.  The
 * failure is bad input, unless the message carries strerror(ENOMEM): a
 * file that could not be opened for want of memory is a fault. */
int out_fail(struct out_err *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The same for a runtime fault (memory ran out), so that a reader's
 * failure, usually the user's to fix (exit 2), is exit 3. */
int out_fault(struct out_err *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Whether err's message was last set, on this thread, as a fault (by
 * out_fault, or out_fail naming ENOMEM).  Kept beside the struct, not in
 * it, so that struct out_err stays one message: a copy of err is not. */
int out_is_fault(const struct out_err *err);

/*
 * s as a message may show it, cut to fit buf (size >= 1): control
 * characters (a key or a value read from a file, or an argument, may hold a
 * newline or an escape sequence) escaped as C writes them, \n, \t, \r and
 * \xHH for the others below 0x20 and 0x7f, so that every message stays one
 * line and no byte of it drives the terminal.  An escape is never cut in
 * half.  The one escaping of the messages: the CLI's msg.c passes every
 * line through it too.  Returns buf.
 */
const char *out_shown(char *buf, size_t size, const char *s);

#endif
