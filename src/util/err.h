/*
 * err.h - the error message every layer above the core fills: readers,
 * tables and writers return 0, or -1 with a message in struct out_err
 * (lower-case, no final period, naming the file, field or value); the CLI
 * reports it.
 */
#ifndef PECLI_ERR_H
#define PECLI_ERR_H

/* ---- errors ---- */

struct out_err {
	char msg[512];
};

/* printf-style: set err->msg (if err is not NULL) and return -1. */
int out_fail(struct out_err *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
