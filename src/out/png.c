/*
 * png.c - a table source's data columns as a heatmap PNG, through libpng.
 *
 * One pixel per cell: rows of the table run down, data columns across.  The
 * image is a palette (indexed, 8-bit) PNG whose 256 entries are the colour
 * map's table, so a value v becomes the entry colormap_index(v, lo, hi),
 * matplotlib's rule.  Rows are pulled from the source and written one at a
 * time: memory is O(width).  tEXt chunks record the software, the command
 * line, the value range and every metadata line of the source.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <png.h>

#include "out/colormap.h"
#include "out/out.h"

#include <config.h>

struct png_errctx {
	jmp_buf jmp;
	struct out_err *err;
};

static void on_png_error(png_structp png, png_const_charp msg)
{
	struct png_errctx *ec = png_get_error_ptr(png);

	if (errno)
		out_fail(ec->err, "libpng: %s: %s", msg, strerror(errno));
	else
		out_fail(ec->err, "libpng: %s", msg);
	longjmp(ec->jmp, 1);
}

static void on_png_warning(png_structp png, png_const_charp msg)
{
	(void)png;
	(void)msg;  /* warnings do not change the output; stay quiet */
}

#define PNG_TEXT_MAX (TABLE_META_MAX + 4)

int write_png(FILE *fp, struct table_src *t, const struct png_opts *po,
              struct out_err *err)
{
	const struct colormap *cm;
	struct png_errctx ec;
	png_structp png = NULL;
	png_infop info = NULL;
	png_color palette[256];
	png_text text[PNG_TEXT_MAX];
	char range[2 * FMT_BUF + 4], lo_s[FMT_BUF], hi_s[FMT_BUF];
	size_t width = t->n_cols - t->n_index, n_text = 0;
	double *volatile row = NULL;
	unsigned char *volatile pix = NULL;
	volatile int rc = -1;

	cm = colormap_find(po->colormap ? po->colormap : "viridis");
	if (!cm)
		return out_fail(err, "unknown colour map '%s'", po->colormap);
	if (width == 0 || t->n_rows == 0)
		return out_fail(err, "nothing to draw: %zu x %zu cells", t->n_rows, width);
	if (width > PNG_UINT_31_MAX || t->n_rows > PNG_UINT_31_MAX)
		return out_fail(err, "image of %zu x %zu pixels exceeds PNG's limit of %lu",
		                t->n_rows, width, (unsigned long)PNG_UINT_31_MAX);

	row = malloc(t->n_cols * sizeof *row);
	pix = malloc(width);
	if (!row || !pix) {
		out_fail(err, "out of memory for an image row of %zu pixels", width);
		goto out;
	}

	ec.err = err;
	png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &ec, on_png_error,
	                              on_png_warning);
	if (!png) {
		out_fail(err, "libpng: cannot create a write structure");
		goto out;
	}
	info = png_create_info_struct(png);
	if (!info) {
		out_fail(err, "libpng: cannot create an info structure");
		goto out;
	}
	if (setjmp(ec.jmp))
		goto out;

	png_init_io(png, fp);
	png_set_IHDR(png, info, (png_uint_32)width, (png_uint_32)t->n_rows, 8,
	             PNG_COLOR_TYPE_PALETTE, PNG_INTERLACE_NONE,
	             PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	for (int k = 0; k < 256; k++) {
		palette[k].red = cm->rgb[k][0];
		palette[k].green = cm->rgb[k][1];
		palette[k].blue = cm->rgb[k][2];
	}
	png_set_PLTE(png, info, palette, 256);

	fmt_double(lo_s, po->lo, 0);
	fmt_double(hi_s, po->hi, 0);
	snprintf(range, sizeof range, "%s:%s", lo_s, hi_s);
	memset(text, 0, sizeof text);
	text[n_text].key = "Software";
	text[n_text++].text = PACKAGE_NAME " " PACKAGE_VERSION;
	if (t->title) {
		text[n_text].key = "Title";
		text[n_text++].text = (char *)t->title;
	}
	if (po->command) {
		text[n_text].key = "Comment";
		text[n_text++].text = (char *)po->command;
	}
	text[n_text].key = "range";
	text[n_text++].text = range;
	text[n_text].key = "colormap";
	text[n_text++].text = (char *)cm->name;
	for (size_t k = 0; k < t->n_meta && n_text < PNG_TEXT_MAX; k++) {
		text[n_text].key = (char *)t->meta[k].key;
		text[n_text++].text = t->meta[k].value;
	}
	for (size_t k = 0; k < n_text; k++)
		text[k].compression = PNG_TEXT_COMPRESSION_NONE;
	png_set_text(png, info, text, (int)n_text);
	png_write_info(png, info);

	for (size_t i = 0; i < t->n_rows; i++) {
		if (t->fill_row(t->ctx, i, row, err) != 0)
			goto out;
		for (size_t j = 0; j < width; j++)
			pix[j] = (unsigned char)colormap_index(row[t->n_index + j],
			                                       po->lo, po->hi);
		png_write_row(png, pix);
	}
	png_write_end(png, info);
	rc = 0;
out:
	if (png)
		png_destroy_write_struct(&png, info ? &info : NULL);
	free(row);
	free(pix);
	return rc;
}
