/*
 * npyread.c - read an .npy file back for the end-to-end tests, without
 * numpy and without pecli's own code.
 *
 *   npyread FILE.npy [FILE.csv]
 *
 * Checks the file as NumPy's format version 1.0 describes it
 * (numpy/lib/format.py): the magic "\x93NUMPY", version 1 0, HEADER_LEN
 * as a little-endian uint16, the dict "{'descr': '<f8', 'fortran_order':
 * False, 'shape': (R, C), }" followed by spaces and one '\n' ending at a
 * multiple of 64 bytes, then exactly R C 8 bytes of data.  Prints "R C".
 * With a CSV (a header row, then the rows; '#' lines skipped), also checks
 * that it has R rows of C fields and that every field, read by strtod, is
 * the double of the .npy bit for bit (an empty field: NaN).  Exit 0 when
 * all holds, 1 with one line on stderr naming what does not, 2 on misuse.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int bad(const char *what, const char *name)
{
	fprintf(stderr, "npyread: %s: %s\n", name, what);
	return 1;
}

/* The whole file into *buf (owned), its size into *len. */
static int slurp(const char *path, unsigned char **buf, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	size_t cap = 1 << 16, n = 0, got;
	unsigned char *b = malloc(cap);

	if (!fp || !b) {
		perror(path);
		free(b);
		if (fp)
			fclose(fp);
		return -1;
	}
	while ((got = fread(b + n, 1, cap - n, fp)) > 0) {
		n += got;
		if (n == cap) {
			unsigned char *nb = realloc(b, cap *= 2);

			if (!nb) {
				free(b);
				fclose(fp);
				return -1;
			}
			b = nb;
		}
	}
	fclose(fp);
	*buf = b;
	*len = n;
	return 0;
}

static double f8_le(const unsigned char *p)
{
	uint64_t u = 0;
	double x;

	for (int k = 7; k >= 0; k--)
		u = (u << 8) | p[k];
	memcpy(&x, &u, sizeof x);
	return x;
}

/* Every field of the CSV against the data; 0 when each is the same double. */
static int compare_csv(const char *path, const unsigned char *data, size_t r, size_t c)
{
	FILE *fp = fopen(path, "r");
	char line[1 << 16], msg[160];
	size_t i = 0, header = 0;

	if (!fp) {
		perror(path);
		return 1;
	}
	while (fgets(line, sizeof line, fp)) {
		char *q = line;

		if (line[0] == '#')
			continue;
		if (!header++)
			continue;
		if (i >= r) {
			fclose(fp);
			return bad("more rows than the array", path);
		}
		for (size_t j = 0; j < c; j++) {
			double want = f8_le(data + 8 * (i * c + j)), got;
			char *end;

			if (*q == ',' || *q == '\n') {
				got = NAN;
				end = q;
			} else {
				got = strtod(q, &end);
			}
			if (end == q && !isnan(got))
				return fclose(fp), bad("a field that is not a number", path);
			if (memcmp(&got, &want, sizeof got) != 0 && !(isnan(got) && isnan(want))) {
				snprintf(msg, sizeof msg, "row %zu column %zu: csv %.17g, npy %.17g",
				         i, j, got, want);
				fclose(fp);
				return bad(msg, path);
			}
			if (*end != (j + 1 < c ? ',' : '\n'))
				return fclose(fp), bad("not C fields in a row", path);
			q = end + 1;
		}
		i++;
	}
	fclose(fp);
	return i == r ? 0 : bad("fewer rows than the array", path);
}

int main(int argc, char **argv)
{
	unsigned char *b;
	size_t len, hlen, dict, r, c;
	char tail[4];
	int n;

	if (argc < 2 || argc > 3) {
		fputs("usage: npyread FILE.npy [FILE.csv]\n", stderr);
		return 2;
	}
	if (slurp(argv[1], &b, &len) != 0)
		return 1;
	if (len < 10 || memcmp(b, "\x93NUMPY\x01\x00", 8) != 0)
		return bad("not an .npy file of version 1.0", argv[1]);
	hlen = b[8] | (size_t)b[9] << 8;
	if ((10 + hlen) % 64 != 0 || 10 + hlen > len || b[10 + hlen - 1] != '\n')
		return bad("the header does not end with '\\n' at a multiple of 64", argv[1]);
	b[10 + hlen - 1] = '\0';
	if (sscanf((char *)b + 10, "{'descr': '<f8', 'fortran_order': False, 'shape': (%zu, %zu), %1[}]%n",
	           &r, &c, tail, &n) != 3)
		return bad("not the header dict of a 2-D float64 array", argv[1]);
	for (dict = 10 + (size_t)n; dict < 10 + hlen - 1; dict++)
		if (b[dict] != ' ')
			return bad("the header's padding is not spaces", argv[1]);
	if (len - 10 - hlen != 8 * r * c)
		return bad("the data is not R x C doubles", argv[1]);
	printf("%zu %zu\n", r, c);
	n = argc == 3 ? compare_csv(argv[2], b + 10 + hlen, r, c) : 0;
	free(b);
	return n;
}
