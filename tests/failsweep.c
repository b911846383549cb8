/*
 * failsweep.c - tests/faults.sh's sweep: run a command once as it is, then
 * once with each allocation failing in turn (tests/failmalloc.so), and
 * print every run that did not end as it must.  A C loop, not a shell
 * one, so that every allocation of a command of a thousand can be tried
 * in seconds (a shell loop spends its time starting rm, ls and cmp).
 *
 *   failsweep SHIM DIR STEP [VAR=VALUE ...] -- PROGRAM ARGS...
 *
 * Each run starts in an empty DIR, standard input /dev/null, with
 * LD_PRELOAD=SHIM, FAILMALLOC_AT=k and the VAR=VALUEs.  Run 0 (no failure)
 * gives the exit status, standard output and files every run must match;
 * FAILMALLOC_LOG gives the number of calls to sweep: k = 1, 2, ... up to
 * it, by STEP (1: every one).  A run is good when it
 *   - ends like run 0, with the same bytes on standard output and standard
 *     error, and the same files with the same bytes; or
 *   - ends in exit 3 with one line on standard error, "pecli: ...", and
 *     nothing in DIR.
 * Output: a line "k RC LINES SAME LEFT: FIRST-LINE" for each run that is
 * not good (SAME 1 when output and files equal run 0's; LEFT the files in
 * DIR, space-separated, or -), then "runs N base RC".  Exit 0, or 99 when
 * the sweep itself cannot run.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_FILES 8

struct blob {
	char *data;
	size_t len;
};

struct outcome {
	int rc;
	struct blob out, err;
	int n_files;
	char *name[MAX_FILES];
	struct blob file[MAX_FILES];
};

static void die(const char *what)
{
	fprintf(stderr, "failsweep: %s: %s\n", what, strerror(errno));
	exit(99);
}

static struct blob slurp(const char *path)
{
	struct blob b = { NULL, 0 };
	FILE *fp = fopen(path, "rb");
	size_t cap = 0, got;

	if (!fp)
		die(path);
	do {
		if (b.len + 65536 > cap) {
			cap = 2 * cap + 65536;
			b.data = realloc(b.data, cap + 1);
			if (!b.data)
				die("memory");
		}
		got = fread(b.data + b.len, 1, 65536, fp);
		b.len += got;
	} while (got > 0);
	b.data[b.len] = '\0';
	fclose(fp);
	return b;
}

static int same(const struct blob *a, const struct blob *b)
{
	return a->len == b->len && memcmp(a->data, b->data, a->len) == 0;
}

static void outcome_free(struct outcome *o)
{
	free(o->out.data);
	free(o->err.data);
	for (int i = 0; i < o->n_files; i++) {
		free(o->name[i]);
		free(o->file[i].data);
	}
	memset(o, 0, sizeof *o);
}

/* DIR's files, sorted by name, read into o; each one removed. */
static void take_files(struct outcome *o, const char *dir)
{
	struct dirent **ents;
	int n = scandir(dir, &ents, NULL, alphasort);
	char path[4096];

	if (n < 0)
		die(dir);
	for (int i = 0; i < n; i++) {
		const char *nm = ents[i]->d_name;

		if (strcmp(nm, ".") && strcmp(nm, "..")) {
			snprintf(path, sizeof path, "%s/%s", dir, nm);
			if (o->n_files < MAX_FILES) {
				o->name[o->n_files] = strdup(nm);
				o->file[o->n_files] = slurp(path);
				o->n_files++;
			}
			if (unlink(path) != 0)
				die(path);
		}
		free(ents[i]);
	}
	free(ents);
}

/* One run with the k-th allocation failing (0: none). */
static void run(struct outcome *o, unsigned long k, char **env_extra, char **argv,
                const char *shim, const char *dir, const char *tmp)
{
	char out_path[4200], err_path[4200], at[32];
	pid_t pid;
	int status;

	snprintf(out_path, sizeof out_path, "%s/stdout", tmp);
	snprintf(err_path, sizeof err_path, "%s/stderr", tmp);
	snprintf(at, sizeof at, "%lu", k);
	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		int in = open("/dev/null", O_RDONLY);
		int out = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		int err = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

		if (in < 0 || out < 0 || err < 0 || chdir(dir) != 0
		    || dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0)
			_exit(98);
		setenv("LD_PRELOAD", shim, 1);
		setenv("FAILMALLOC_AT", at, 1);
		for (char **e = env_extra; *e; e++)
			putenv(*e);
		execvp(argv[0], argv);
		_exit(97);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			die("waitpid");
	o->rc = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	o->out = slurp(out_path);
	o->err = slurp(err_path);
	take_files(o, dir);
}

static int n_lines(const struct blob *b)
{
	int n = 0;

	for (size_t i = 0; i < b->len; i++)
		n += b->data[i] == '\n';
	return n + (b->len > 0 && b->data[b->len - 1] != '\n');
}

static int same_as(const struct outcome *o, const struct outcome *base)
{
	if (!same(&o->out, &base->out) || o->n_files != base->n_files)
		return 0;
	for (int i = 0; i < o->n_files; i++)
		if (strcmp(o->name[i], base->name[i]) || !same(&o->file[i], &base->file[i]))
			return 0;
	return 1;
}

static int good(const struct outcome *o, const struct outcome *base)
{
	if (o->rc == base->rc)
		return same(&o->err, &base->err) && same_as(o, base);
	return o->rc == 3 && n_lines(&o->err) == 1 && strncmp(o->err.data, "pecli: ", 7) == 0
	       && o->n_files == 0;
}

static void report(unsigned long k, const struct outcome *o, const struct outcome *base)
{
	size_t cut = strcspn(o->err.data, "\n");

	printf("%lu %d %d %d ", k, o->rc, n_lines(&o->err), same_as(o, base));
	for (int i = 0; i < o->n_files; i++)
		printf("%s%s", i ? " " : "", o->name[i]);
	printf("%s: %.*s\n", o->n_files ? "" : "-", (int)(cut > 200 ? 200 : cut), o->err.data);
}

int main(int argc, char **argv)
{
	char *env_extra[16], log_env[4400], log_path[4200], tmp[4096];
	int n_env = 0, a = 4;
	unsigned long total = 0, step, n_runs = 0;
	struct outcome base = { 0 }, o;
	FILE *fp;

	if (argc < 6) {
		fputs("usage: failsweep SHIM DIR STEP [VAR=VALUE ...] -- PROGRAM ARGS...\n", stderr);
		return 99;
	}
	step = strtoul(argv[3], NULL, 10);
	for (; a < argc && strcmp(argv[a], "--") && n_env < 14; a++)
		env_extra[n_env++] = argv[a];
	if (a >= argc - 1 || step == 0) {
		fputs("failsweep: no '--', no program, or STEP 0\n", stderr);
		return 99;
	}
	snprintf(tmp, sizeof tmp, "%.4000s.sweep", argv[2]);
	if (mkdir(tmp, 0755) != 0 && errno != EEXIST)
		die(tmp);
	if (mkdir(argv[2], 0755) != 0 && errno != EEXIST)
		die(argv[2]);
	snprintf(log_path, sizeof log_path, "%s/log", tmp);
	snprintf(log_env, sizeof log_env, "FAILMALLOC_LOG=%s", log_path);
	env_extra[n_env++] = log_env;
	env_extra[n_env] = NULL;
	run(&base, 0, env_extra, argv + a + 1, argv[1], argv[2], tmp);
	fp = fopen(log_path, "r");
	if (!fp || fscanf(fp, "%lu", &total) != 1)
		die(log_path);
	fclose(fp);
	for (unsigned long k = 1; k <= total; k += step) {
		run(&o, k, env_extra, argv + a + 1, argv[1], argv[2], tmp);
		if (!good(&o, &base))
			report(k, &o, &base);
		outcome_free(&o);
		n_runs++;
	}
	printf("runs %lu base %d\n", n_runs, base.rc);
	outcome_free(&base);
	return 0;
}
