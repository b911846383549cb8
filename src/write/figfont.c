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

#include <cairo.h>
#include <cairo-ft.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <fontconfig/fontconfig.h>

#include "write/figure.h"

#include <config.h>

struct fig_face {
	FT_Library lib;
	FT_Face ft;
	cairo_font_face_t *face;   /* NULL: fontconfig's FIG_FONT_FAMILY */
};

static const cairo_user_data_key_t ft_face_key;

/* cairo's font face gone: the FreeType face it was made of goes too. */
static void done_ft_face(void *ft)
{
	FT_Done_Face(ft);
}

/* 0 with the file's face in ff->face; 1 when the file cannot be read (no
 * such file, not a font: fontconfig is asked instead); -1 (err) when
 * memory runs out. */
static int face_of_file(struct fig_face *ff, const char *path, struct out_err *err)
{
	FT_Error e = FT_Init_FreeType(&ff->lib);

	if (e == FT_Err_Out_Of_Memory)
		return out_fault(err, "out of memory for the figure's font");
	if (e)
		return 1;
	e = FT_New_Face(ff->lib, path, 0, &ff->ft);
	if (e == FT_Err_Out_Of_Memory)
		return out_fault(err, "out of memory for the figure's font %s", path);
	if (e) {
		ff->ft = NULL;
		return 1;
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
	if (ff->lib)
		FT_Done_FreeType(ff->lib);
	FcFini();
	free(ff);
}
