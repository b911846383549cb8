/* colormap.h - matplotlib colour maps as 256-entry 8-bit RGB tables */
#ifndef PECLI_COLORMAP_H
#define PECLI_COLORMAP_H
#include <stddef.h>
struct colormap { const char *name; int diverging; const unsigned char (*rgb)[3]; };
const struct colormap *colormap_find(const char *name); /* NULL if unknown */
const struct colormap *colormap_at(size_t i);           /* i-th map, NULL past the end; for listing */
/* index of value v in [lo, hi] as matplotlib computes it: x=(v-lo)/(hi-lo), floor(x*256) clamped to [0,255]; NaN -> 0 */
unsigned colormap_index(double v, double lo, double hi);

/*
 * The colour rule of every matrix figure, heatmap's PNG and the gnuplot
 * image of matrix --plot / --format gnuplot (man page, COLOURS), applied to
 * the range [*lo, *hi] of the values (given 0) or of --range (given 1):
 *   - values that straddle zero (lo < 0 < hi): the range becomes [-m, m],
 *     m = max(|lo|, |hi|), drawn with the diverging coolwarm, zero at its
 *     pale middle;
 *   - values on one side of zero (lo >= 0 or hi <= 0): the sequential
 *     viridis over [lo, hi] itself;
 *   - a range given is kept as it is: coolwarm when it is centred on zero
 *     (lo = -hi < 0), else viridis.
 * Returns the map's name; --colormap, when given, replaces it.
 */
const char *colormap_rule(double *lo, double *hi, int given);

/*
 * The 256-entry palette of a heatmap PNG (8 bits cannot index more):
 *   0 .. 252   the colour map: its 256 entries less the COLORMAP_DROPS
 *              that are closest to the entry before them (see colormap.c)
 *   253        PAL_MASK, masked (NaN) cells: white
 *   254        PAL_BG, the figure's background: white
 *   255        PAL_INK, text, frames and ticks: black
 * level[i] is the palette entry that shows table entry i: i itself less the
 * number of dropped entries up to i, so a dropped entry shows as the kept
 * entry before it.
 */
#define COLORMAP_DROPS 3
#define PAL_LEVELS (256 - COLORMAP_DROPS)
#define PAL_MASK 253
#define PAL_BG 254
#define PAL_INK 255
void colormap_palette(const struct colormap *cm, unsigned char pal[256][3],
                      unsigned char level[256]);
#endif
