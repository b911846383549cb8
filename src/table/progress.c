/*
 * progress.c - how far a long write has come, on one line of a terminal.
 *
 * Nothing is drawn for work that ends within PROGRESS_DELAY seconds, and
 * the line is redrawn at most ten times a second, so a pipeline's stderr
 * stays quiet and a slow one costs nothing.  The caller decides whether
 * stderr is a terminal; the line is cleared before anything else is
 * written there (progress_end), so messages never land on it.
 */
#include <time.h>

#include "table/table.h"

static double now_s(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
		return 0.0;
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

void progress_init(struct progress *p, FILE *fp, const char *label)
{
	p->fp = fp;
	p->label = label;
	p->t0 = now_s();
	p->last = p->t0;
	p->delay = PROGRESS_DELAY;
	p->shown = 0;
}

void progress_update(struct progress *p, const char *what, size_t done, size_t total)
{
	double t;

	if (!p || !p->fp || total == 0)
		return;
	t = now_s();
	if (t - p->t0 < p->delay || (p->shown && t - p->last < 0.1))
		return;
	p->last = t;
	p->shown = 1;
	/* \r: back to the start of the line; \033[K: clear what is left */
	fprintf(p->fp, "\r%s: %3d%% (%zu of %zu %s)\033[K", p->label,
	        (int)((double)done * 100.0 / (double)total), done, total, what);
	fflush(p->fp);
}

void progress_end(struct progress *p)
{
	if (!p || !p->shown)
		return;
	fputs("\r\033[K", p->fp);
	fflush(p->fp);
	p->shown = 0;
}
