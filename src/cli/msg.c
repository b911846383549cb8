/*
 * msg.c - the one reporting path: every diagnostic is one line on stderr,
 * "pecli: CMD: message", lower-case and without a final period (git's
 * CodingGuidelines); usage errors add "Try 'pecli CMD --help'." (coreutils).
 */
#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

#include "cli/cli.h"

static const char *cur_cmd, *cur_ctx;
static char progress_label[64];
static struct progress progress_line;
static int progress_allowed = 1, progress_started;

void msg_set_command(const char *cmd)
{
	cur_cmd = cmd;
}

void msg_set_context(const char *ctx)
{
	cur_ctx = ctx;
}

void msg_progress_allow(int allow)
{
	progress_allowed = allow;
}

struct progress *msg_progress(void)
{
	if (!progress_allowed || !isatty(STDERR_FILENO))
		return NULL;
	if (!progress_started) {
		snprintf(progress_label, sizeof progress_label, "pecli%s%s",
		         cur_cmd ? ": " : "", cur_cmd ? cur_cmd : "");
		progress_init(&progress_line, stderr, progress_label);
		progress_started = 1;
	}
	return &progress_line;
}

static void vline(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

static void vline(const char *fmt, va_list ap)
{
	fflush(stdout);
	progress_end(progress_started ? &progress_line : NULL);   /* never on its line */
	if (cur_cmd)
		fprintf(stderr, "pecli: %s: ", cur_cmd);
	else
		fputs("pecli: ", stderr);
	if (cur_ctx)
		fprintf(stderr, "%s: ", cur_ctx);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void msg_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vline(fmt, ap);
	va_end(ap);
}

void msg_usage(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vline(fmt, ap);
	va_end(ap);
	if (cur_cmd)
		fprintf(stderr, "Try 'pecli %s --help'.\n", cur_cmd);
	else
		fputs("Try 'pecli --help'.\n", stderr);
}

void msg_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vline(fmt, ap);
	va_end(ap);
}
