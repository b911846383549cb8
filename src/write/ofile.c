/*
 * ofile.c - output files that appear whole or not at all.
 *
 * A named output is written to "NAME.XXXXXX" in the same folder (so the
 * final rename(2) is atomic) and renamed onto NAME only once every byte is
 * written and the file is closed without error.  Standard output is used as
 * it is; its final flush and close are checked by main().  If SIGINT,
 * SIGTERM or SIGHUP ends the run while a temporary file is open, a handler
 * removes it (unlink is async-signal-safe) and the signal then takes its
 * default course.  A device or a pipe (/dev/null, a FIFO) is written in
 * place; a symbolic link keeps pointing at the file it names, which is the
 * one replaced.
 */
#define _XOPEN_SOURCE 700   /* realpath */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "write/write.h"

/* ---- temporary files removed on a fatal signal ---- */

#define OFILE_MAX_OPEN 4   /* pecli writes one output at a time; spare room */

static char *volatile open_tmp[OFILE_MAX_OPEN];
static const int fatal_signals[] = { SIGINT, SIGTERM, SIGHUP };

static void on_fatal_signal(int sig)
{
	for (int k = 0; k < OFILE_MAX_OPEN; k++)
		if (open_tmp[k])
			unlink(open_tmp[k]);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void track(char *tmp)
{
	static int installed;

	if (!installed) {
		struct sigaction sa;

		memset(&sa, 0, sizeof sa);
		sa.sa_handler = on_fatal_signal;
		sigemptyset(&sa.sa_mask);
		for (size_t k = 0; k < sizeof fatal_signals / sizeof fatal_signals[0]; k++) {
			struct sigaction old;
			/* leave a signal ignored by our parent (nohup) ignored */
			if (sigaction(fatal_signals[k], NULL, &old) == 0
			    && old.sa_handler != SIG_IGN)
				sigaction(fatal_signals[k], &sa, NULL);
		}
		installed = 1;
	}
	for (int k = 0; k < OFILE_MAX_OPEN; k++)
		if (!open_tmp[k]) {
			open_tmp[k] = tmp;
			return;
		}
}

static void untrack(const char *tmp)
{
	for (int k = 0; k < OFILE_MAX_OPEN; k++)
		if (open_tmp[k] == tmp)
			open_tmp[k] = NULL;
}

int ofile_open(struct ofile *of, const char *path, struct out_err *err)
{
	struct stat sb;
	mode_t mask;
	int fd, exists;

	memset(of, 0, sizeof *of);
	if (!path || strcmp(path, "-") == 0) {
		of->fp = stdout;
		return 0;
	}
	exists = stat(path, &sb) == 0;
	if (exists && S_ISDIR(sb.st_mode))
		return out_fail(err, "cannot write '%s': %s", path, strerror(EISDIR));
	if (exists && !S_ISREG(sb.st_mode)) {
		/* a device or a pipe (/dev/null, a FIFO, /dev/stdout on a
		 * pipe): written in place, as nothing can replace it whole;
		 * renaming a file onto it would replace /dev/null itself */
		of->path = strdup(path);
		if (!of->path)
			return out_fail(err, "out of memory");
		of->fp = fopen(path, "wb");
		if (!of->fp) {
			int e = errno;
			ofile_abort(of);
			return out_fail(err, "cannot write '%s': %s", path, strerror(e));
		}
		return 0;
	}
	/* a symbolic link to a file: the file is replaced, the link kept */
	of->path = lstat(path, &sb) == 0 && S_ISLNK(sb.st_mode) ? realpath(path, NULL) : NULL;
	if (!of->path)
		of->path = strdup(path);
	of->tmp_path = of->path ? malloc(strlen(of->path) + 8) : NULL;
	if (!of->path || !of->tmp_path) {
		ofile_abort(of);
		return out_fail(err, "out of memory");
	}
	sprintf(of->tmp_path, "%s.XXXXXX", of->path);
	fd = mkstemp(of->tmp_path);
	if (fd < 0) {
		int e = errno;
		free(of->tmp_path);
		of->tmp_path = NULL;
		ofile_abort(of);
		return out_fail(err, "cannot write '%s': %s", path, strerror(e));
	}
	track(of->tmp_path);
	/* mkstemp creates 0600; give the file the mode open(2) would */
	mask = umask(0);
	umask(mask);
	(void)fchmod(fd, 0666 & ~mask);
	of->fp = fdopen(fd, "wb");
	if (!of->fp) {
		int e = errno;
		close(fd);
		ofile_abort(of);
		return out_fail(err, "cannot write '%s': %s", path, strerror(e));
	}
	return 0;
}

int ofile_commit(struct ofile *of, struct out_err *err)
{
	int e;

	if (!of->path) {
		if (fflush(stdout) != 0 || ferror(stdout))
			return out_fail(err, "write error: %s", strerror(errno ? errno : EIO));
		return 0;
	}
	errno = 0;
	if (fflush(of->fp) != 0 || ferror(of->fp)) {
		e = errno ? errno : EIO;
		out_fail(err, "cannot write '%s': %s", of->path, strerror(e));
		ofile_abort(of);
		return -1;
	}
	e = fclose(of->fp) != 0 ? errno : 0;
	of->fp = NULL;
	if (e == 0 && of->tmp_path && rename(of->tmp_path, of->path) != 0)
		e = errno;
	if (e != 0) {
		out_fail(err, "cannot write '%s': %s", of->path, strerror(e));
		ofile_abort(of);
		return -1;
	}
	untrack(of->tmp_path);
	free(of->tmp_path);
	free(of->path);
	memset(of, 0, sizeof *of);
	return 0;
}

void ofile_abort(struct ofile *of)
{
	if (of->fp && of->fp != stdout)
		fclose(of->fp);
	if (of->tmp_path) {
		unlink(of->tmp_path);
		untrack(of->tmp_path);
	}
	free(of->tmp_path);
	free(of->path);
	memset(of, 0, sizeof *of);
}
