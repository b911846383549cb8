/*
 * pool.c - the threads of table_chunks: a pool of POSIX threads, made on
 * first use and kept until the process ends, that take a call's chunks one
 * at a time beside the calling thread.
 *
 * pecli's own pool rather than OpenMP: libgomp ends the process with its own
 * message and exit status 1 when it cannot start a thread (gomp_fatal), and
 * leaves an -o temporary file behind.  Here a thread that cannot be made
 * (pthread_create failing: a process limit, no memory for its stack) only
 * means fewer workers, down to the calling thread alone.  Which thread runs
 * a chunk never matters: chunk c's state is indexed by c, so every result
 * is that of one thread, bit for bit.
 *
 * The workers block every signal (a fatal one is handled by the thread
 * that writes, ofile.c).  A forked child (gnuplot's writer) has no workers
 * and runs its chunks alone.
 */
#define _GNU_SOURCE   /* sched_getaffinity, CPU_COUNT */
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "table/table.h"

#define POOL_MAX 1023   /* workers beside the caller: --threads is at most 1024 */

static struct {
	pthread_mutex_t mu;
	pthread_cond_t go, done;
	size_t n_made;      /* workers running */
	int failed;         /* pthread_create failed once: make no more */
	pid_t pid;          /* the process they run in */
	unsigned long gen;  /* the call being run, counted */
	/* the call */
	void (*work)(void *ctx, size_t c, size_t lo, size_t hi);
	void *ctx;
	size_t n_chunks, i0, n;
	size_t next;        /* the next chunk to take */
	size_t n_helpers;   /* workers 0 .. n_helpers - 1 take part */
	size_t busy;        /* of those, still taking chunks */
} pool = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER,
           PTHREAD_COND_INITIALIZER, 0, 0, 0, 0, NULL, NULL, 0, 0, 0, 0, 0, 0 };

/* First row of chunk c: i0 + n c / n_chunks, without overflow for any n
 * below 2^64 / n_chunks. */
static size_t chunk_at(size_t i0, size_t n, size_t n_chunks, size_t c)
{
	return i0 + n / n_chunks * c + n % n_chunks * c / n_chunks;
}

/* Take the call's chunks until none is left; with pool.mu held. */
static void take_chunks(void)
{
	while (pool.next < pool.n_chunks) {
		size_t c = pool.next++, i0 = pool.i0, n = pool.n, nc = pool.n_chunks;
		void (*work)(void *, size_t, size_t, size_t) = pool.work;
		void *ctx = pool.ctx;

		pthread_mutex_unlock(&pool.mu);
		work(ctx, c, chunk_at(i0, n, nc, c), chunk_at(i0, n, nc, c + 1));
		pthread_mutex_lock(&pool.mu);
	}
}

static void *worker(void *arg)
{
	size_t k = (size_t)(uintptr_t)arg;
	unsigned long seen = 0;

	pthread_mutex_lock(&pool.mu);
	for (;;) {
		while (pool.gen == seen)
			pthread_cond_wait(&pool.go, &pool.mu);
		seen = pool.gen;
		if (k < pool.n_helpers) {
			take_chunks();
			if (--pool.busy == 0)
				pthread_cond_signal(&pool.done);
		}
	}
	return NULL;
}

/* At least want workers, as far as they can be made; with pool.mu held. */
static void grow(size_t want)
{
	sigset_t all, old;
	pthread_attr_t attr;

	if (want > POOL_MAX)
		want = POOL_MAX;
	if (pool.failed || pool.n_made >= want || pthread_attr_init(&attr) != 0)
		return;
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);   /* the workers inherit it */
	while (pool.n_made < want) {
		pthread_t tid;

		if (pthread_create(&tid, &attr, worker, (void *)(uintptr_t)pool.n_made) != 0) {
			pool.failed = 1;   /* fewer workers: the caller takes the rest */
			break;
		}
		pool.n_made++;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	pthread_attr_destroy(&attr);
}

void table_chunks(const struct table_src *t, size_t n_chunks, size_t i0, size_t n,
                  void (*work)(void *ctx, size_t c, size_t lo, size_t hi), void *ctx)
{
	size_t n_use = table_workers(t) < n_chunks ? table_workers(t) : n_chunks;

	if (n_use > 1 && pool.n_made == 0 && !pool.failed)
		pool.pid = getpid();
	if (n_use <= 1 || pool.pid != getpid()) {
		for (size_t c = 0; c < n_chunks; c++)
			work(ctx, c, chunk_at(i0, n, n_chunks, c), chunk_at(i0, n, n_chunks, c + 1));
		return;
	}
	pthread_mutex_lock(&pool.mu);
	grow(n_use - 1);
	pool.work = work;
	pool.ctx = ctx;
	pool.n_chunks = n_chunks;
	pool.i0 = i0;
	pool.n = n;
	pool.next = 0;
	pool.n_helpers = n_use - 1 < pool.n_made ? n_use - 1 : pool.n_made;
	pool.busy = pool.n_helpers;
	pool.gen++;
	pthread_cond_broadcast(&pool.go);
	take_chunks();
	while (pool.busy > 0)
		pthread_cond_wait(&pool.done, &pool.mu);
	pthread_mutex_unlock(&pool.mu);
}

size_t table_cpus(void)
{
	cpu_set_t set;
	long n;

	if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0)
		return (size_t)CPU_COUNT(&set);
	n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (size_t)n : 1;
}
