/*
 * ofile.c - output files that appear whole or not at all.
 *
 * A named output is written to "TARGET.XXXXXX" beside its target (so the
 * final rename(2) is atomic) and renamed onto TARGET only once every byte
 * is written and the file is closed without error.  TARGET is the name
 * with its symbolic links followed (ofile_target): a link keeps pointing at
 * the file it names, which is the one replaced, or created when the link
 * dangles; a link loop, or a link into a folder that does not exist, is
 * refused.  Standard output is used as it is; its final flush and close are
 * checked by main().  A device or a pipe (/dev/null, a FIFO) is written in
 * place.
 *
 * A temporary file is removed on every way out: ofile_commit renames it,
 * ofile_abort removes it, an atexit handler removes any left by a path that
 * calls exit(), and a handler of each fatal signal that can be caught
 * (SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGALRM, SIGUSR1, SIGUSR2,
 * SIGXFSZ, SIGXCPU, SIGVTALRM, SIGPROF, SIGABRT) removes it with unlink
 * (async-signal-safe) and then lets the signal take its default course.
 * SIGSEGV, SIGBUS, SIGILL and SIGFPE are left to the sanitizers and the
 * debugger, and SIGKILL cannot be caught.  Both handlers act only in the
 * process that made the file, never in a forked child (gnuplot's writer);
 * a child that never returns to pecli (figproc.c's) also gives those
 * signals back their default action (ofile_child_signals).
 */
#define _XOPEN_SOURCE 700   /* readlink, realpath */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "write/write.h"

/* ---- temporary files removed on exit and on a fatal signal ---- */

#define OFILE_MAX_OPEN 4   /* pecli writes one output at a time; spare room */

static char *volatile open_tmp[OFILE_MAX_OPEN];
static volatile pid_t open_pid[OFILE_MAX_OPEN];   /* the process that made each */
static const int fatal_signals[] = {
	SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGALRM, SIGUSR1, SIGUSR2,
	SIGXFSZ, SIGXCPU, SIGVTALRM, SIGPROF, SIGABRT
};
#define N_FATAL (sizeof fatal_signals / sizeof fatal_signals[0])

static void remove_tracked(void)
{
	pid_t me = getpid();

	for (int k = 0; k < OFILE_MAX_OPEN; k++)
		if (open_tmp[k] && open_pid[k] == me)
			unlink(open_tmp[k]);
}

static void on_fatal_signal(int sig)
{
	sigset_t set;

	remove_tracked();
	signal(sig, SIG_DFL);
	sigemptyset(&set);
	sigaddset(&set, sig);
	raise(sig);   /* pending until unblocked: delivered now, by default */
	sigprocmask(SIG_UNBLOCK, &set, NULL);
}

static void on_exit_remove(void)
{
	remove_tracked();
}

void ofile_child_signals(void)
{
	struct sigaction old;

	for (size_t k = 0; k < N_FATAL; k++)
		if (sigaction(fatal_signals[k], NULL, &old) == 0
		    && !(old.sa_flags & SA_SIGINFO) && old.sa_handler == on_fatal_signal)
			signal(fatal_signals[k], SIG_DFL);
}

static void install_handlers(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_fatal_signal;
	sigemptyset(&sa.sa_mask);
	for (size_t k = 0; k < N_FATAL; k++)   /* no second signal midway */
		sigaddset(&sa.sa_mask, fatal_signals[k]);
	for (size_t k = 0; k < N_FATAL; k++) {
		struct sigaction old;
		/* leave a signal ignored by our parent (nohup, SIGPIPE
		 * ignored) ignored, and one already handled (a sanitizer's
		 * SIGABRT) to its handler */
		if (sigaction(fatal_signals[k], NULL, &old) == 0
		    && old.sa_handler == SIG_DFL && !(old.sa_flags & SA_SIGINFO))
			sigaction(fatal_signals[k], &sa, NULL);
	}
	atexit(on_exit_remove);
}

/* Register tmp for removal; called with every signal blocked. */
static void track(char *tmp)
{
	static int installed;

	if (!installed) {
		install_handlers();
		installed = 1;
	}
	for (int k = 0; k < OFILE_MAX_OPEN; k++)
		if (!open_tmp[k]) {
			open_pid[k] = getpid();
			open_tmp[k] = tmp;
			return;
		}
}

static void untrack(const char *tmp)
{
	sigset_t all, old;

	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	for (int k = 0; k < OFILE_MAX_OPEN; k++)
		if (open_tmp[k] == tmp)
			open_tmp[k] = NULL;
	sigprocmask(SIG_SETMASK, &old, NULL);
}

/* ---- the target: the name with its symbolic links followed ---- */

#define OFILE_MAX_HOPS 40   /* Linux's own limit on links in one lookup */

/* The folder part of p ("." when none), into a new string. */
static char *folder_of(const char *p)
{
	const char *slash = strrchr(p, '/');
	size_t n = slash ? (size_t)(slash - p) : 1;
	char *d = malloc(n + 1);

	if (!d)
		return NULL;
	if (!slash)
		memcpy(d, ".", 2);
	else {
		memcpy(d, p, n ? n : 1);   /* "/x": the folder is "/" */
		d[n ? n : 1] = '\0';
	}
	return d;
}

/* The link at cur read, and made relative to cur's folder; NULL on error
 * (errno set). */
static char *read_link(const char *cur, const struct stat *sb)
{
	size_t cap = sb->st_size > 0 ? (size_t)sb->st_size + 1 : PATH_MAX;
	char *t = malloc(cap), *dir, *joined;
	ssize_t n = t ? readlink(cur, t, cap) : -1;

	if (n < 0 || (size_t)n >= cap) {   /* changed since lstat: give up */
		if (n >= 0)
			errno = ENAMETOOLONG;
		free(t);
		return NULL;
	}
	t[n] = '\0';
	if (t[0] == '/' || !strchr(cur, '/'))
		return t;
	dir = folder_of(cur);
	joined = dir ? malloc(strlen(dir) + (size_t)n + 2) : NULL;
	if (joined)
		sprintf(joined, "%s/%s", dir, t);
	free(dir);
	free(t);
	if (!joined)
		errno = ENOMEM;
	return joined;
}

int ofile_target(char **target, const char *path, struct out_err *err)
{
	char *cur = strdup(path), *next, *dir;
	struct stat sb;
	int hops, lerr = 0;

	*target = NULL;
	for (hops = 0; cur; hops++) {
		if (lstat(cur, &sb) != 0) {
			lerr = errno;
			break;
		}
		if (!S_ISLNK(sb.st_mode))
			break;
		if (hops == OFILE_MAX_HOPS) {
			lerr = ELOOP;
			break;
		}
		next = read_link(cur, &sb);
		free(cur);
		if (!next)
			return out_fail(err, "cannot follow the symbolic link '%s': %s", path,
			                strerror(errno));
		cur = next;
	}
	if (!cur)
		return out_fail(err, "out of memory");
	if (lerr == ELOOP) {
		free(cur);
		out_fail(err, "cannot write '%s': too many levels of symbolic links (a loop)", path);
		return OFILE_BAD_PATH;
	}
	/* a link to a name that does not exist: the name is created, in a
	 * folder that must exist (a plain name in a missing folder fails
	 * when it is opened, as any file that cannot be made) */
	if (hops > 0 && lerr != 0) {
		int ok;

		dir = folder_of(cur);
		if (!dir) {
			free(cur);
			return out_fail(err, "out of memory");
		}
		ok = stat(dir, &sb) == 0 && S_ISDIR(sb.st_mode);
		if (!ok) {
			out_fail(err, "cannot write '%s': the symbolic link points into '%s', "
			         "which is not an existing folder", path, dir);
			free(dir);
			free(cur);
			return OFILE_BAD_PATH;
		}
		free(dir);
	}
	*target = cur;
	return 0;
}

/* ---- open, commit, abort ---- */

/* A device or a pipe (/dev/null, a FIFO, /dev/stdout on a pipe): written
 * in place, as nothing can replace it whole; renaming a file onto it
 * would replace /dev/null itself. */
static int open_in_place(struct ofile *of, const char *path, struct out_err *err)
{
	of->fp = fopen(path, "wb");
	if (!of->fp) {
		int e = errno;
		ofile_abort(of);
		return out_fail(err, "cannot write '%s': %s", path, strerror(e));
	}
	return 0;
}

/* The temporary file beside of->path, made and registered with every
 * signal blocked, so that no signal finds it made but unregistered. */
static int make_tmp(struct ofile *of, const char *path, struct out_err *err)
{
	sigset_t all, old;
	mode_t mask;
	int fd, e;

	of->tmp_path = malloc(strlen(of->path) + 8);
	if (!of->tmp_path) {
		ofile_abort(of);
		return out_fail(err, "out of memory");
	}
	sprintf(of->tmp_path, "%s.XXXXXX", of->path);
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	fd = mkstemp(of->tmp_path);
	e = errno;
	if (fd >= 0)
		track(of->tmp_path);
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (fd < 0) {
		free(of->tmp_path);
		of->tmp_path = NULL;
		ofile_abort(of);
		return out_fail(err, "cannot write '%s': %s", path, strerror(e));
	}
	/* mkstemp creates 0600; give the file the mode open(2) would */
	mask = umask(0);
	umask(mask);
	(void)fchmod(fd, 0666 & ~mask);
	of->fp = fdopen(fd, "wb");
	if (!of->fp) {
		e = errno;
		close(fd);
		ofile_abort(of);
		return out_fail(err, "cannot write '%s': %s", path, strerror(e));
	}
	return 0;
}

int ofile_open(struct ofile *of, const char *path, struct out_err *err)
{
	struct stat sb;
	int rc;

	memset(of, 0, sizeof *of);
	if (!path || strcmp(path, "-") == 0) {
		of->fp = stdout;
		return 0;
	}
	rc = ofile_target(&of->path, path, err);
	if (rc != 0)
		return rc;
	if (stat(of->path, &sb) == 0) {
		if (S_ISDIR(sb.st_mode)) {
			ofile_abort(of);
			return out_fail(err, "cannot write '%s': %s", path, strerror(EISDIR));
		}
		if (!S_ISREG(sb.st_mode))
			return open_in_place(of, path, err);
	}
	return make_tmp(of, path, err);
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
