/*
 * plot.c - how a table is drawn: the plot description a command attaches
 * to its table (curves, a matrix, reference lines), read by the writers.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "table/table.h"

/* ---- plot descriptions ---- */

void plot_desc_init(struct plot_desc *pd, enum plot_kind kind)
{
	memset(pd, 0, sizeof *pd);
	pd->kind = kind;
}

static size_t col_index(const struct table_src *t, const char *name)
{
	for (size_t j = 0; j < t->n_cols; j++)
		if (strcmp(t->col_names[j], name) == 0)
			return j;
	return PLOT_NONE;
}

struct plot_series *plot_series_add(struct plot_desc *pd, const struct table_src *t,
                                    const char *name, const char *err_name, const char *title)
{
	size_t col = col_index(t, name);
	size_t err_col = err_name ? col_index(t, err_name) : PLOT_NONE;
	struct plot_series *s;

	if (col == PLOT_NONE || (err_name && err_col == PLOT_NONE)
	    || pd->n_series == PLOT_SERIES_MAX)
		return NULL;
	s = &pd->series[pd->n_series++];
	memset(s, 0, sizeof *s);
	s->col = col;
	s->err_col = err_col;
	s->title = title;
	return s;
}

void plot_ref_add(struct plot_desc *pd, char axis, double at, const char *fmt, ...)
{
	va_list ap;
	struct plot_ref *r;

	if (pd->n_refs == PLOT_REFS_MAX)
		return;  /* a programmer error; the figures need one or two */
	r = &pd->refs[pd->n_refs++];
	r->axis = axis;
	r->at = at;
	va_start(ap, fmt);
	vsnprintf(r->label, sizeof r->label, fmt, ap);
	va_end(ap);
}
