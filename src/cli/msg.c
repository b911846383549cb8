/*
 * msg.c - the one reporting path: every diagnostic is one line on stderr,
 * "pecli: CMD: message", lower-case and without a final period (git's
 * CodingGuidelines); usage errors add "Try 'pecli CMD --help'." (coreutils).
 */
#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

#include "cli/cli.h"
#include "util/err.h"

/* The longest message line, before escaping (a path is at most 4096). */
#define MSG_LINE_MAX 8192

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

/*
 * The one escaping of what a message quotes: the whole line, prefix and
 * context included, through out_shown (util/err.h), so a value given or
 * read with a newline, a tab or an escape sequence in it ("--d $'4\n5'")
 * is shown as \n, \t, \x1b and every message stays one line that cannot
 * drive the terminal.  A line longer than the buffer is cut, never split.
 */
static void put_escaped(const char *line)
{
	static char shown[4 * MSG_LINE_MAX];

	fputs(out_shown(shown, sizeof shown, line), stderr);
	fputc('\n', stderr);
}

static void vline(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

static void vline(const char *fmt, va_list ap)
{
	char line[MSG_LINE_MAX];
	int n;

	fflush(stdout);
	progress_end(progress_started ? &progress_line : NULL);   /* never on its line */
	n = snprintf(line, sizeof line, "pecli: %s%s%s%s", cur_cmd ? cur_cmd : "",
	             cur_cmd ? ": " : "", cur_ctx ? cur_ctx : "", cur_ctx ? ": " : "");
	if (n > 0 && (size_t)n < sizeof line)
		vsnprintf(line + n, sizeof line - (size_t)n, fmt, ap);
	put_escaped(line);
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
