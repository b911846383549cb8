/*
 * figraster.c - a framed figure's PNG pixels (figure.h), drawn by pecli:
 * the background, the cells and the colour bar as whole-pixel blocks
 * (nearest neighbour), the frames and ticks as whole-pixel rectangles,
 * and the text through FreeType from the font's file: each glyph rendered
 * unhinted in 8-bit grey (FT_RENDER_MODE_NORMAL) at its origin rounded to
 * the pixel, advanced by its unhinted width, and laid over the pixels as
 * coverage, as cairo's image backend does with the same glyphs.
 *
 * Why not cairo: cairo 1.16 does not survive every failed allocation while
 * it composites (a crash in pixman, an abort from its scan converter) and,
 * worse, sometimes goes on without the operation and reports success (a
 * figure without its background or its cells, exit 0).  FreeType reports
 * every failure as an error code, and the rest is plain arithmetic, so a
 * PNG figure is drawn whole or not at all.  cairo still measures the text
 * (figdraw.c: the layout is the same as an SVG's or a PDF's) and draws the
 * vector formats.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <ft2build.h>
#include FT_FREETYPE_H

#include "write/colormap.h"
#include "write/figft.h"
#include "write/figure.h"

/* The next code point of the UTF-8 text at *s, *s advanced past it; a
 * malformed sequence is one U+FFFD for its first byte. */
static uint32_t next_utf8(const unsigned char **s)
{
	const unsigned char *p = *s;
	uint32_t c = p[0];
	int n = c < 0x80 ? 0 : (c & 0xe0) == 0xc0 ? 1 : (c & 0xf0) == 0xe0 ? 2
	        : (c & 0xf8) == 0xf0 ? 3 : -1;

	if (n < 0) {
		*s = p + 1;
		return 0xfffd;
	}
	c &= 0x7f >> n;
	for (int i = 1; i <= n; i++) {
		if ((p[i] & 0xc0) != 0x80) {
			*s = p + 1;
			return 0xfffd;
		}
		c = c << 6 | (p[i] & 0x3f);
	}
	*s = p + 1 + n;
	return c;
}

struct raster {
	unsigned char *rgb;   /* width x height x 3 */
	size_t w, h;
};

static void fill(struct raster *r, size_t x0, size_t y0, size_t x1, size_t y1,
                 const unsigned char c[3])
{
	x1 = x1 < r->w ? x1 : r->w;
	y1 = y1 < r->h ? y1 : r->h;
	for (size_t y = y0; y < y1; y++)
		for (size_t x = x0; x < x1; x++)
			memcpy(r->rgb + 3 * (y * r->w + x), c, 3);
}

/* The glyph's grey bitmap over the pixels, its top left at (x, y). */
static void lay_glyph(struct raster *r, const FT_Bitmap *bm, long x, long y,
                      const unsigned char ink[3])
{
	for (unsigned int j = 0; j < bm->rows; j++) {
		long py = y + (long)j;

		if (py < 0 || py >= (long)r->h)
			continue;
		for (unsigned int i = 0; i < bm->width; i++) {
			long px = x + (long)i;
			unsigned int a = bm->buffer[(long)j * bm->pitch + (long)i];
			unsigned char *p;

			if (px < 0 || px >= (long)r->w || a == 0)
				continue;
			p = r->rgb + 3 * ((size_t)py * r->w + (size_t)px);
			for (int k = 0; k < 3; k++)   /* ink a + pixel (1 - a), rounded */
				p[k] = (unsigned char)((ink[k] * a + p[k] * (255u - a) + 127u) / 255u);
		}
	}
}

/* t's text from its baseline's start; a vertical one turned a quarter
 * left, read upwards. */
static int lay_text(struct raster *r, FT_Face face, const struct fig_text *t,
                    const unsigned char ink[3], struct out_err *err)
{
	FT_Matrix turn = { 0, -0x10000, 0x10000, 0 };   /* a quarter left, y up */
	const unsigned char *s = (const unsigned char *)t->s;
	double pen = 0.0;   /* along the baseline, pixels */

	FT_Set_Transform(face, t->vertical ? &turn : NULL, NULL);
	while (*s) {
		uint32_t c = next_utf8(&s);
		FT_Error e = FT_Load_Char(face, c, FT_LOAD_NO_HINTING | FT_LOAD_RENDER);
		double ox = t->vertical ? t->x : t->x + pen;
		double oy = t->vertical ? t->y - pen : t->y;
		FT_GlyphSlot g = face->glyph;

		if (e == FT_Err_Out_Of_Memory)
			return out_fault(err, "out of memory for the figure's text");
		if (e)
			return out_fail(err, "FreeType cannot draw the character U+%04X (error %d)",
			                (unsigned int)c, e);
		lay_glyph(r, &g->bitmap, lround(ox) + g->bitmap_left, lround(oy) - g->bitmap_top, ink);
		pen += (double)g->linearHoriAdvance / 65536.0;
	}
	return 0;
}

static int lay_texts(struct raster *r, const char *font_file, const struct figure *f,
                     const unsigned char ink[3], struct out_err *err)
{
	struct fig_ft ft;
	FT_Face face = NULL;
	FT_Error e = 0;
	int rc = fig_ft_init(&ft, err);

	if (rc == 0)
		e = FT_New_Face(ft.lib, font_file, 0, &face);
	if (rc == 0 && !e)
		e = FT_Set_Char_Size(face, 0, (FT_F26Dot6)lround(f->font_size * 64.0), 72, 72);
	if (rc == 0 && (e == FT_Err_Out_Of_Memory || ft.n_failed))
		rc = out_fault(err, "out of memory for the figure's font %s", font_file);
	else if (rc == 0 && e)
		rc = out_fail(err, "FreeType cannot read the font %s (error %d)", font_file, e);
	for (size_t k = 0; rc == 0 && k < f->n_text; k++)
		rc = lay_text(r, face, &f->text[k], ink, err);
	if (rc == 0 && ft.n_failed)   /* FreeType went on without something */
		rc = out_fault(err, "out of memory for the figure's text");
	if (face)
		FT_Done_Face(face);
	fig_ft_done(&ft);
	return rc;
}

unsigned char *fig_raster(const struct figure *f, const unsigned char *cells,
                          const unsigned char pal[256][3], const char *font_file,
                          struct out_err *err)
{
	struct raster r = { NULL, f->width, f->height };
	const unsigned char *ink = pal[PAL_INK];

	if (f->height > 0 && f->width > SIZE_MAX / 3 / f->height) {
		out_fail(err, "a figure of %zu x %zu pixels is too large", f->width, f->height);
		return NULL;
	}
	r.rgb = malloc(3 * f->width * f->height);
	if (!r.rgb) {
		out_fault(err, "out of memory for the figure's %zu x %zu pixels", f->width,
		          f->height);
		return NULL;
	}
	fill(&r, 0, 0, r.w, r.h, pal[PAL_BG]);
	for (size_t y = 0; y < f->rows; y++)
		for (size_t x = 0; x < f->cols; x++)
			fill(&r, f->plot_x + x * f->kx, f->plot_y + y * f->ky,
			     f->plot_x + (x + 1) * f->kx, f->plot_y + (y + 1) * f->ky,
			     pal[cells[y * f->cols + x]]);
	for (size_t y = 0; y < f->plot_h; y++)
		fill(&r, f->bar_x, f->plot_y + y, f->bar_x + f->bar_w, f->plot_y + y + 1,
		     pal[fig_bar_level(f, y)]);
	for (size_t k = 0; k < f->n_rect; k++)
		fill(&r, f->rect[k].x0, f->rect[k].y0, f->rect[k].x1, f->rect[k].y1, ink);
	if (lay_texts(&r, font_file, f, ink, err) != 0) {
		free(r.rgb);
		return NULL;
	}
	return r.rgb;
}
