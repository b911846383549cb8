/*
 * figfont.c - the figure's font face (figure.h): DejaVu Sans read from its
 * file (FIG_FONT_FILE, set by configure --with-font) through FreeType, and
 * only when that file cannot be read, the family FIG_FONT_FAMILY looked up
 * by fontconfig through cairo's toy font API.
 *
 * Why the file first: fontconfig does not check every allocation it makes.
 * With memory running out, fontconfig 2.14 crashes (a failed allocation in
 * FcConfigSubstituteWithPat reaches pthread_mutex_init(NULL)) or prints its
 * own "Fontconfig error" lines and substitutes a font, and pecli cannot
 * catch either (tests/faults.sh).  FreeType and cairo report a failed
 * allocation as an error code and a cairo status, which pecli turns into
 * exit 3.  Reading the file also makes the figure independent of the
 * machine's fontconfig settings.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cairo.h>
#include <cairo-ft.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_MODULE_H
#include <fontconfig/fontconfig.h>

#include "write/figft.h"
#include "write/figure.h"

#include <config.h>

struct fig_face {
	struct fig_ft lib;
	FT_Face ft;
	cairo_font_face_t *face;   /* NULL: fontconfig's FIG_FONT_FAMILY */
};

static const cairo_user_data_key_t ft_face_key;

/* ---- FreeType over a counting allocator (figft.h) ---- */

static void *ft_alloc(FT_Memory mem, long size)
{
	struct fig_ft *ft = mem->user;
	void *p = size > 0 ? malloc((size_t)size) : NULL;

	ft->n_failed += size > 0 && !p;
	return p;
}

static void ft_free(FT_Memory mem, void *p)
{
	(void)mem;
	free(p);
}

static void *ft_realloc(FT_Memory mem, long cur, long size, void *p)
{
	struct fig_ft *ft = mem->user;
	void *q = realloc(p, (size_t)size);

	(void)cur;
	ft->n_failed += size > 0 && !q;
	return q;
}

int fig_ft_init(struct fig_ft *ft, struct out_err *err)
{
	FT_Error e;

	memset(ft, 0, sizeof *ft);
	ft->mem.user = ft;
	ft->mem.alloc = ft_alloc;
	ft->mem.free = ft_free;
	ft->mem.realloc = ft_realloc;
	e = FT_New_Library(&ft->mem, &ft->lib);
	if (e) {
		ft->lib = NULL;
		return out_fault(err, "out of memory for FreeType (error %d)", e);
	}
	FT_Add_Default_Modules(ft->lib);
	FT_Set_Default_Properties(ft->lib);
	if (ft->n_failed)
		return out_fault(err, "out of memory for FreeType's modules");
	return 0;
}

void fig_ft_done(struct fig_ft *ft)
{
	if (ft->lib)
		FT_Done_Library(ft->lib);
	ft->lib = NULL;
}

/* ---- the face ---- */

/* cairo's font face gone: the FreeType face it was made of goes too. */
static void done_ft_face(void *ft)
{
	FT_Done_Face(ft);
}

/* 0 with the file's face in ff->face; 1 when the file cannot be read (no
 * such file: fontconfig is asked instead); -1 (err) when memory runs out,
 * or FreeType cannot read the file that is there. */
static int face_of_file(struct fig_face *ff, const char *path, struct out_err *err)
{
	FT_Error e;

	if (access(path, R_OK) != 0)
		return 1;
	if (fig_ft_init(&ff->lib, err) != 0)
		return -1;
	e = FT_New_Face(ff->lib.lib, path, 0, &ff->ft);
	if (e) {
		ff->ft = NULL;
		if (e == FT_Err_Out_Of_Memory || ff->lib.n_failed)
			return out_fault(err, "out of memory for the figure's font %s", path);
		return out_fail(err, "FreeType cannot read the font %s (error %d)", path, e);
	}
	ff->face = cairo_ft_font_face_create_for_ft_face(ff->ft, 0);
	if (cairo_font_face_status(ff->face) == CAIRO_STATUS_SUCCESS
	    && cairo_font_face_set_user_data(ff->face, &ft_face_key, ff->ft, done_ft_face)
	       == CAIRO_STATUS_SUCCESS) {
		ff->ft = NULL;   /* cairo's now */
		return 0;
	}
	/* cairo's failures here are all running out of memory */
	return out_fault(err, "cairo: %s", cairo_status_to_string(CAIRO_STATUS_NO_MEMORY));
}

struct fig_face *fig_face_new(struct out_err *err)
{
	struct fig_face *ff = calloc(1, sizeof *ff);
	int rc;

	if (!ff) {
		out_fault(err, "out of memory for the figure's font");
		return NULL;
	}
	rc = face_of_file(ff, FIG_FONT_FILE, err);
	if (rc < 0) {
		fig_face_free(ff);
		return NULL;
	}
	return ff;
}

void fig_face_set(const struct fig_face *ff, struct _cairo *cr, double size)
{
	if (ff->face)
		cairo_set_font_face(cr, ff->face);
	else
		cairo_select_font_face(cr, FIG_FONT_FAMILY, CAIRO_FONT_SLANT_NORMAL,
		                       CAIRO_FONT_WEIGHT_NORMAL);
	cairo_set_font_size(cr, size);
}

const char *fig_face_name(const struct fig_face *ff)
{
	return ff->face ? FIG_FONT_FILE : FIG_FONT_FAMILY;
}

int fig_face_failed(const struct fig_face *ff)
{
	return ff->lib.n_failed > 0;
}

const char *fig_face_file(const struct fig_face *ff)
{
	return ff->face ? FIG_FONT_FILE : NULL;
}

/* After the last cairo object that used the face: cairo's caches are
 * released (cairo_debug_reset_static_data), which frees the FreeType face
 * through done_ft_face, then the FreeType library; and fontconfig's
 * configuration, if it was used. */
void fig_face_free(struct fig_face *ff)
{
	if (!ff)
		return;
	if (ff->face)
		cairo_font_face_destroy(ff->face);
	cairo_debug_reset_static_data();
	if (ff->ft)
		FT_Done_Face(ff->ft);
	fig_ft_done(&ff->lib);
	FcFini();
	free(ff);
}
