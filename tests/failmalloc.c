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
#include <string.h>
#include <unistd.h>

void *__libc_malloc(size_t n);
void *__libc_calloc(size_t k, size_t n);
void *__libc_realloc(void *p, size_t n);

static unsigned long fail_at;     /* 0: never */
static unsigned long n_calls;
static int fired;
static int ready;

static void setup(void)
{
	const char *at = getenv("FAILMALLOC_AT");

	fail_at = at ? strtoul(at, NULL, 10) : 0;
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
	len = snprintf(buf, sizeof buf, "%lu %d\n", n_calls, fired);
	if (write(fd, buf, (size_t)len) != len)
		len = -1;
	close(fd);
}
