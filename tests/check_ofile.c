/*
 * check_ofile.c - the output-file logic (src/write/ofile.c): the target a
 * name resolves to through symbolic links, and the temporary file removed
 * on every way out of a process that has one open: exit(3) and a fatal
 * signal (each in a forked child, which then ends as exit or the signal
 * says).  The expected results are POSIX's: readlink(2) resolves a
 * relative link against the link's folder, and a signal's default action
 * ends the process with WTERMSIG the signal.
 */
#define _XOPEN_SOURCE 700
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check_pecli.h"
#include "write/write.h"

/* the entries of dir, "." and ".." left out */
static int n_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)))
		n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	closedir(d);
	return n;
}

START_TEST(test_target_through_links)
{
	char dir[] = "/tmp/pecli-ofile-XXXXXX", p[128], q[128], *t;
	struct out_err err;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	/* a plain name: itself */
	snprintf(p, sizeof p, "%s/plain.csv", dir);
	ck_assert_int_eq(ofile_target(&t, p, &err), 0);
	ck_assert_str_eq(t, p);
	free(t);
	/* a dangling relative link: its target, beside the link */
	snprintf(p, sizeof p, "%s/dangling.csv", dir);
	ck_assert_int_eq(symlink("target.csv", p), 0);
	ck_assert_int_eq(ofile_target(&t, p, &err), 0);
	snprintf(q, sizeof q, "%s/target.csv", dir);
	ck_assert_str_eq(t, q);
	free(t);
	/* a loop: refused as a usage error */
	snprintf(p, sizeof p, "%s/a", dir);
	snprintf(q, sizeof q, "%s/b", dir);
	ck_assert_int_eq(symlink("b", p), 0);
	ck_assert_int_eq(symlink("a", q), 0);
	ck_assert_int_eq(ofile_target(&t, p, &err), OFILE_BAD_PATH);
	ck_assert_ptr_null(t);
	ck_assert_ptr_nonnull(strstr(err.msg, "a loop"));
	/* a link into a folder that does not exist: refused */
	snprintf(p, sizeof p, "%s/nodir.csv", dir);
	ck_assert_int_eq(symlink("missing/x.csv", p), 0);
	ck_assert_int_eq(ofile_target(&t, p, &err), OFILE_BAD_PATH);
	ck_assert_ptr_nonnull(strstr(err.msg, "not an existing folder"));
	ck_assert_int_eq(ofile_open(&(struct ofile){ 0 }, p, &err), OFILE_BAD_PATH);
	/* nothing was created on the way */
	ck_assert_int_eq(n_entries(dir), 4);
	for (const char *const *n = (const char *const[]){ "dangling.csv", "a", "b", "nodir.csv", NULL };
	     *n; n++) {
		snprintf(p, sizeof p, "%s/%s", dir, *n);
		unlink(p);
	}
	rmdir(dir);
}
END_TEST

/* In a child: open dir/out.csv, write, then end by how (0: exit(7), else
 * raise that signal) with the temporary file still open. */
static void child_ends(const char *dir, int how)
{
	char path[128];
	struct ofile of;
	struct out_err err;

	signal(SIGTERM, SIG_DFL);   /* not Check's handler, should it fire */
	signal(SIGINT, SIG_DFL);
	snprintf(path, sizeof path, "%s/out.csv", dir);
	if (ofile_open(&of, path, &err) != 0)
		_exit(99);
	fputs("partial\n", of.fp);
	fflush(of.fp);
	if (n_entries(dir) != 1)   /* the temporary file is there */
		_exit(98);
	if (how == 0)
		exit(7);
	setrlimit(RLIMIT_CORE, &(struct rlimit){ 0, 0 });   /* no core file */
	raise(how);
	_exit(97);
}

START_TEST(test_tmp_removed_on_every_way_out)
{
	/* not SIGTERM and SIGINT: Check's runner handles them (it passes them
	 * on to its process group), so ofile.c leaves them to it here;
	 * tests/outputs.sh sends pecli SIGTERM */
	static const int hows[] = { 0, SIGHUP, SIGQUIT, SIGPIPE, SIGXFSZ, SIGXCPU, SIGUSR1, SIGABRT };

	for (size_t k = 0; k < sizeof hows / sizeof hows[0]; k++) {
		char dir[] = "/tmp/pecli-ofile-XXXXXX";
		int status;
		pid_t pid;

		ck_assert_ptr_nonnull(mkdtemp(dir));
		pid = fork();
		ck_assert_int_ge(pid, 0);
		if (pid == 0)
			child_ends(dir, hows[k]);
		ck_assert_int_eq(waitpid(pid, &status, 0), pid);
		if (hows[k] == 0) {
			ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 7,
			              "exit(7): status %d", status);
		} else {
			ck_assert_msg(WIFSIGNALED(status) && WTERMSIG(status) == hows[k],
			              "signal %d: status %d", hows[k], status);
		}
		ck_assert_msg(n_entries(dir) == 0, "way out %zu: %d files left", k, n_entries(dir));
		rmdir(dir);
	}
}
END_TEST

Suite *suite_ofile(void)
{
	Suite *s = suite_create("ofile");
	TCase *tc = tcase_create("identities");

	tcase_add_test(tc, test_target_through_links);
	tcase_add_test(tc, test_tmp_removed_on_every_way_out);
	suite_add_tcase(s, tc);
	return s;
}
