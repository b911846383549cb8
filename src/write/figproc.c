/*
 * figproc.c - a step of the figure run in a child process (figure.h), so
 * that a crash inside a library becomes a fault: exit 3 with one line, and
 * no output left behind.
 *
 * Why: cairo 1.16 does not survive an allocation that fails while it draws.
 * Sweeping a failing allocation over 'pecli heatmap -o o.png|o.svg|o.pdf'
 * (tests/failmalloc.so) shows cairo_show_text passing a NULL image to
 * pixman (SIGSEGV), its scan converter longjmp-ing to a frame that has
 * returned (glibc aborts: SIGABRT), and cairo_surface_finish of an SVG or
 * a PDF surface dereferencing NULL (SIGSEGV).  pecli cannot catch these;
 * it can let them happen in a process of their own and watch it end.
 *
 * fig_proc_run forks; the child gives the fatal signals ofile.c handles
 * back to their default action (its handler is the parent's: a child
 * killed with the process group must not act for it), runs the step, sends
 * its struct fig_report through a pipe, and leaves with _exit, never
 * exit(): atexit handlers (ofile.c's removes the parent's temporary
 * output) and stdio buffers are the parent's.  The parent reads the report
 * to its end, then waits for the child (both EINTR-safe).  A child that
 * ends normally with its whole report gives that result; a child killed
 * by a signal, or one that ends without its whole report, is a fault, and
 * the caller, which writes nothing it has not been given, leaves the
 * output to be removed as after any error; but a child killed by SIGPIPE
 * or SIGXFSZ, signals of the output itself, passes them on to the parent,
 * which dies of them as it did when it drew in itself.
 *
 * When fork fails for want of memory (ENOMEM), that is the fault: drawing
 * in the process would meet the same shortage with nothing to catch the
 * crash.  When it fails for a limit on processes (EAGAIN: RLIMIT_NPROC, a
 * cgroup's pids.max) or the pipe for one on files (EMFILE, ENFILE), memory
 * is not short: the step runs in the process, as pecli drew before, and
 * the figure is still made.
 */
#define _DEFAULT_SOURCE   /* strsignal */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "write/figure.h"
#include "write/write.h"

/* The report as the parent gives it: a write error by its errno, else the
 * step's message as a fault or as a failure. */
static int report_result(const struct fig_report *r, struct out_err *err)
{
	if (r->write_errno != 0)
		return out_fail(err, "write error: %s", strerror(r->write_errno));
	if (r->rc == 0)
		return 0;
	if (r->fault)
		return out_fault(err, "%s", r->msg);
	return out_fail(err, "%s", r->msg);
}

/* The step in this process (no child could be had). */
static int run_here(fig_step_fn step, void *ctx, struct out_err *err)
{
	struct fig_report r;

	memset(&r, 0, sizeof r);
	step(ctx, &r);
	return report_result(&r, err);
}

/* The child: the step, its report into fd, and _exit. */
static void run_child(fig_step_fn step, void *ctx, int fd)
{
	struct fig_report r;
	const char *p = (const char *)&r;
	size_t left = sizeof r;

	ofile_child_signals();
	memset(&r, 0, sizeof r);
	step(ctx, &r);
	r.msg[sizeof r.msg - 1] = '\0';
	while (left > 0) {
		ssize_t n = write(fd, p, left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;   /* the parent sees a short report */
		p += n;
		left -= (size_t)n;
	}
	_exit(0);
}

/* Read fd to its end into r; the bytes read. */
static size_t read_report(int fd, struct fig_report *r)
{
	char *p = (char *)r;
	size_t got = 0;

	for (;;) {
		ssize_t n = read(fd, p + got, sizeof *r - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return got;
		got += (size_t)n;
		if (got == sizeof *r)
			return got;
	}
}

/* The child's end as a fault: killed by sig, or no whole report. */
static int child_fault(const char *what, int status, struct out_err *err)
{
	int sig;

	if (!WIFSIGNALED(status))
		return out_fault(err, "%s ended without reporting its result (exit status %d)",
		                 what, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	sig = WTERMSIG(status);
	/* the output's own signals, a closed pipe and the file-size limit:
	 * drawing by itself, this process would have had them; it takes them
	 * now, so that 'pecli ... | head' still ends quietly and a run past
	 * 'ulimit -f' is still killed (ofile.c's handler first removes the
	 * temporary file).  Handled otherwise, they are a write error. */
	if (sig == SIGPIPE || sig == SIGXFSZ) {
		raise(sig);
		return out_fail(err, "write error: %s", strerror(sig == SIGPIPE ? EPIPE : EFBIG));
	}
	/* cairo's crashes on a failed allocation are SIGSEGV and SIGABRT
	 * (above); SIGKILL is the kernel's OOM killer, or kill -9 */
	if (sig == SIGSEGV || sig == SIGABRT || sig == SIGBUS || sig == SIGKILL)
		return out_fault(err, "%s ended with signal %d (%s), most likely because "
		                 "memory ran out", what, sig, strsignal(sig));
	return out_fault(err, "%s ended with signal %d (%s)", what, sig, strsignal(sig));
}

int fig_proc_run(fig_step_fn step, void *ctx, const char *what, struct out_err *err)
{
	struct fig_report r;
	int fds[2], status = 0, e;
	size_t got;
	pid_t pid;

	if (pipe(fds) != 0)
		return errno == ENOMEM
		       ? out_fault(err, "%s: cannot make a pipe: %s", what, strerror(ENOMEM))
		       : run_here(step, ctx, err);
	pid = fork();
	if (pid == 0) {
		close(fds[0]);
		run_child(step, ctx, fds[1]);
	}
	e = errno;
	close(fds[1]);
	if (pid < 0) {
		close(fds[0]);
		if (e == ENOMEM)
			return out_fault(err, "%s: cannot start its process: %s", what,
			                 strerror(ENOMEM));
		return run_here(step, ctx, err);
	}
	memset(&r, 0, sizeof r);
	got = read_report(fds[0], &r);
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			/* not ours to wait for (SIGCHLD ignored: reaped by the
			 * kernel): the report says whether it finished */
			status = 0;
			break;
		}
	if (WIFEXITED(status) && got == sizeof r) {
		r.msg[sizeof r.msg - 1] = '\0';
		return report_result(&r, err);
	}
	return child_fault(what, status, err);
}
