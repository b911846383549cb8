/*
 * failmalloc.c - an LD_PRELOAD shim for tests/faults.sh: the k-th memory
 * allocation fails, as SQLite's and jq's fault-injection tests make it.
 *
 *   FAILMALLOC_AT=k     the k-th call of malloc, calloc or realloc (counted
 *                       from 1, over every thread) returns NULL with errno
 *                       ENOMEM; the others, and k = 0, are served
 *   FAILMALLOC_LOG=F    at exit, write "CALLS FIRED" to F: how many calls
 *                       were counted, and 1 if the k-th failed
 *   FAILMALLOC_THREADS=fail   every pthread_create returns EAGAIN
 *   FAILMALLOC_FORK=eagain|enomem   every fork returns -1 with that errno;
 *                       FAILMALLOC_FORK=crash: every forked child dies of
 *                       SIGSEGV as it starts
 *
 * A forked child counts on from its parent's count at the fork.  A child
 * that leaves with _exit (as pecli's figure drawing does, figproc.c)
 * leaves its count in a page shared with its parent (an anonymous
 * mapping made at start: no file is read, so a stale log is never mixed
 * in), and when waitpid returns a child the parent counts on from the
 * child's count if it is larger: the calls are numbered as if the child's
 * had been made in the parent while it waited, each k fails in one process
 * only, and the parent's count at exit, which CALLS logs, is the most any
 * process counted (the larger of its own and the children's, for a child
 * not waited for).  FIRED is 1 if the k-th failed in any of them.  A child
 * killed by a signal adds nothing.
 *
 * The calls are passed to glibc's own __libc_malloc, __libc_calloc and
 * __libc_realloc (no dlsym, which allocates, on the allocation path).
 * Built by 'make check' as tests/failmalloc.so ($(CC) -shared -fPIC).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

void *__libc_malloc(size_t n);
void *__libc_calloc(size_t k, size_t n);
void *__libc_realloc(void *p, size_t n);

static unsigned long fail_at;     /* 0: never */
static unsigned long n_calls;
static int fired;
static int ready;
static pid_t (*real_fork)(void);
static pid_t (*real_waitpid)(pid_t, int *, int);

/* What the forked children that left by _exit counted: shared with them. */
static struct kids {
	unsigned long n_calls;
	int fired;
} *kids;

static void setup(void)
{
	const char *at = getenv("FAILMALLOC_AT");
	void *p = mmap(NULL, sizeof *kids, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
	               -1, 0);

	fail_at = at ? strtoul(at, NULL, 10) : 0;
	kids = p == MAP_FAILED ? NULL : p;
	/* before ready: dlsym's own allocations are not counted */
	*(void **)&real_fork = dlsym(RTLD_NEXT, "fork");
	*(void **)&real_waitpid = dlsym(RTLD_NEXT, "waitpid");
	ready = 1;
}

/* Whether this call is the one that fails. */
static int fail_now(void)
{
	unsigned long k;

	if (!ready)
		return 0;   /* the loader's own calls, before the constructor */
	k = __atomic_add_fetch(&n_calls, 1, __ATOMIC_SEQ_CST);
	if (fail_at == 0 || k != fail_at)
		return 0;
	fired = 1;
	errno = ENOMEM;
	return 1;
}

void *malloc(size_t n)
{
	return fail_now() ? NULL : __libc_malloc(n);
}

void *calloc(size_t k, size_t n)
{
	return fail_now() ? NULL : __libc_calloc(k, n);
}

void *realloc(void *p, size_t n)
{
	return fail_now() ? NULL : __libc_realloc(p, n);
}

int pthread_create(pthread_t *t, const pthread_attr_t *attr, void *(*fn)(void *), void *arg)
{
	static int (*real)(pthread_t *, const pthread_attr_t *, void *(*)(void *), void *);
	const char *mode = getenv("FAILMALLOC_THREADS");

	if (mode && strcmp(mode, "fail") == 0)
		return EAGAIN;
	if (!real)
		*(void **)&real = dlsym(RTLD_NEXT, "pthread_create");
	return real ? real(t, attr, fn, arg) : EAGAIN;
}

pid_t fork(void)
{
	const char *mode = getenv("FAILMALLOC_FORK");
	pid_t pid;

	if (mode && strcmp(mode, "eagain") == 0) {
		errno = EAGAIN;
		return -1;
	}
	if (mode && strcmp(mode, "enomem") == 0) {
		errno = ENOMEM;
		return -1;
	}
	if (!real_fork) {
		errno = ENOSYS;
		return -1;
	}
	pid = real_fork();
	if (pid == 0 && mode && strcmp(mode, "crash") == 0)
		raise(SIGSEGV);
	return pid;
}

/* *to = max(*to, v), atomically. */
static void raise_to(unsigned long *to, unsigned long v)
{
	unsigned long seen = __atomic_load_n(to, __ATOMIC_SEQ_CST);

	while (seen < v && !__atomic_compare_exchange_n(to, &seen, v, 0, __ATOMIC_SEQ_CST,
	                                                __ATOMIC_SEQ_CST))
		;
}

/* A child leaving: its count into the shared page, then the process ends
 * (the exit_group system call, as glibc's _exit makes it). */
void _exit(int status)
{
	if (kids) {
		raise_to(&kids->n_calls, __atomic_load_n(&n_calls, __ATOMIC_SEQ_CST));
		if (fired)
			__atomic_store_n(&kids->fired, 1, __ATOMIC_SEQ_CST);
	}
	for (;;)
		syscall(SYS_exit_group, status);
}

/* A child waited for: count on from its count. */
pid_t waitpid(pid_t pid, int *status, int options)
{
	pid_t got;

	if (!real_waitpid) {
		errno = ENOSYS;
		return -1;
	}
	got = real_waitpid(pid, status, options);
	if (got > 0 && kids)
		raise_to(&n_calls, __atomic_load_n(&kids->n_calls, __ATOMIC_SEQ_CST));
	return got;
}

__attribute__((constructor)) static void failmalloc_init(void)
{
	setup();
}

__attribute__((destructor)) static void failmalloc_report(void)
{
	const char *log = getenv("FAILMALLOC_LOG");
	char buf[64];
	int fd, len;

	if (!log)
		return;
	fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return;
	if (kids && kids->n_calls > n_calls)
		n_calls = kids->n_calls;
	if (kids && kids->fired)
		fired = 1;
	len = snprintf(buf, sizeof buf, "%lu %d\n", n_calls, fired);
	if (write(fd, buf, (size_t)len) != len)
		len = -1;
	close(fd);
}
