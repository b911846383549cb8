/* colormap.h - matplotlib colour maps as 256-entry 8-bit RGB tables */
#ifndef PECLI_COLORMAP_H
#define PECLI_COLORMAP_H
#include <stddef.h>
struct colormap { const char *name; int diverging; const unsigned char (*rgb)[3]; };
const struct colormap *colormap_find(const char *name); /* NULL if unknown */
const struct colormap *colormap_at(size_t i);           /* i-th map, NULL past the end; for listing */
/* index of value v in [lo, hi] as matplotlib computes it: x=(v-lo)/(hi-lo), floor(x*256) clamped to [0,255]; NaN -> 0 */
unsigned colormap_index(double v, double lo, double hi);
#endif
