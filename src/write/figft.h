/*
 * figft.h - a FreeType library whose every failed allocation is known
 * (figfont.c).  FT_Init_FreeType adds its default modules and ignores a
 * module that cannot be allocated (FT_Add_Default_Modules: "notify errors,
 * but don't stop"), so a run short of memory would go on with another
 * renderer or without the TrueType driver, and draw other pixels with
 * exit 0.  fig_ft_new builds the library as FT_Init_FreeType does
 * (FT_New_Library, FT_Add_Default_Modules, FT_Set_Default_Properties)
 * over an allocator that counts its failures, and fails if any did.
 */
#ifndef PECLI_FIGFT_H
#define PECLI_FIGFT_H

#include <ft2build.h>
#include FT_FREETYPE_H

#include "util/err.h"

struct fig_ft {
	struct FT_MemoryRec_ mem;   /* malloc, free, realloc; mem.user: this */
	FT_Library lib;
	int n_failed;               /* allocations that returned NULL */
};

/* A new library into *ft; 0, or -1 (err, a fault) when memory ran out. */
int fig_ft_init(struct fig_ft *ft, struct out_err *err);
/* Free the library (and its faces); ft may be one fig_ft_init failed. */
void fig_ft_done(struct fig_ft *ft);

#endif
