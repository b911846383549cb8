/*
 * pngread.c - read a PNG back for the end-to-end tests.
 *
 *   pngread [-p] FILE [X,Y | all | ink | dump ...]
 *
 * Prints "WIDTH HEIGHT BIT_DEPTH COLOR_TYPE" (color type as libpng numbers
 * it: 3 palette, 2 RGB), with -p one "palette K R G B" line per palette
 * entry, one "text KEY=VALUE" line per tEXt chunk, and for each X,Y the
 * pixel's colour as "X,Y R G B" (palette expanded); for 'all', "pixels H"
 * with H a hash of every pixel's colour, to compare two images; for 'ink',
 * one "ink Y N" line per row, N its dark pixels (the mean of R, G and B
 * below 128: text, frames and ticks on the white background); for
 * 'dump', every pixel's "R G B" on a line, row by row (RGB images: as many
 * bytes as 3 a pixel).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <png.h>

static int read_png(int argc, char **argv, int show_palette)
{
	png_structp png;
	png_infop info;
	png_textp text;
	png_bytepp rows;
	FILE *fp;
	png_uint_32 w, h;
	int n_text;

	if (argc < 2) {
		fputs("usage: pngread [-p] FILE [X,Y | all | ink | dump ...]\n", stderr);
		return 2;
	}
	fp = strcmp(argv[1], "-") == 0 ? stdin : fopen(argv[1], "rb");
	if (!fp) {
		perror(argv[1]);
		return 1;
	}
	png = png_create_read_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	/* sides above libpng's default limit of 1000000 pixels, up to PNG's own */
	if (png)
		png_set_user_limits(png, 0x7fffffffu, 0x7fffffffu);
	info = png_create_info_struct(png);
	if (setjmp(png_jmpbuf(png))) {
		fputs("pngread: not a valid PNG\n", stderr);
		return 1;
	}
	png_init_io(png, fp);
	png_read_info(png, info);
	w = png_get_image_width(png, info);
	h = png_get_image_height(png, info);
	printf("%lu %lu %d %d\n", (unsigned long)w, (unsigned long)h,
	       png_get_bit_depth(png, info), png_get_color_type(png, info));
	if (show_palette) {
		png_colorp pal;
		int n_pal = 0;

		if (png_get_PLTE(png, info, &pal, &n_pal))
			for (int k = 0; k < n_pal; k++)
				printf("palette %d %d %d %d\n", k, pal[k].red, pal[k].green, pal[k].blue);
	}
	n_text = png_get_text(png, info, &text, NULL);
	for (int k = 0; k < n_text; k++)
		printf("text %s=%s\n", text[k].key, text[k].text);

	png_set_palette_to_rgb(png);
	png_set_strip_alpha(png);
	png_read_update_info(png, info);
	rows = malloc(h * sizeof *rows);
	for (png_uint_32 y = 0; y < h; y++)
		rows[y] = malloc(png_get_rowbytes(png, info));
	png_read_image(png, rows);
	for (int k = 2; k < argc; k++) {
		unsigned long x, y;

		if (strcmp(argv[k], "all") == 0) {
			/* every pixel at once: FNV-1a (64-bit) of the RGB rows */
			unsigned long long hash = 14695981039346656037ULL;

			for (png_uint_32 r = 0; r < h; r++)
				for (size_t b = 0; b < png_get_rowbytes(png, info); b++) {
					hash ^= rows[r][b];
					hash *= 1099511628211ULL;
				}
			printf("pixels %016llx\n", hash);
			continue;
		}
		if (strcmp(argv[k], "ink") == 0) {
			for (png_uint_32 r = 0; r < h; r++) {
				unsigned long n = 0;

				for (png_uint_32 c = 0; c < w; c++)
					n += rows[r][3 * c] + rows[r][3 * c + 1] + rows[r][3 * c + 2] < 3 * 128;
				printf("ink %lu %lu\n", (unsigned long)r, n);
			}
			continue;
		}
		if (strcmp(argv[k], "dump") == 0) {
			/* every pixel, row by row: "R G B" a line */
			for (png_uint_32 r = 0; r < h; r++)
				for (png_uint_32 c = 0; c < w; c++)
					printf("%d %d %d\n", rows[r][3 * c], rows[r][3 * c + 1],
					       rows[r][3 * c + 2]);
			continue;
		}
		if (sscanf(argv[k], "%lu,%lu", &x, &y) != 2 || x >= w || y >= h) {
			fprintf(stderr, "pngread: bad pixel '%s'\n", argv[k]);
			return 2;
		}
		printf("%lu,%lu %d %d %d\n", x, y, rows[y][3 * x], rows[y][3 * x + 1],
		       rows[y][3 * x + 2]);
	}
	for (png_uint_32 y = 0; y < h; y++)
		free(rows[y]);
	free(rows);
	png_destroy_read_struct(&png, &info, NULL);
	if (fp != stdin)
		fclose(fp);
	return 0;
}

int main(int argc, char **argv)
{
	int p = argc > 1 && strcmp(argv[1], "-p") == 0;

	return read_png(argc - p, argv + p, p);
}
