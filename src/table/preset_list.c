/*
 * preset_list.c - the built-in presets as a table, one row per model.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "read/hfconfig.h"
#include "table/table.h"

/* ---- presets ---- */

static const char *const preset_cols[] = {
	"name", "scheme", "d", "rotary_dim", "base", "scaling", "factor",
	"original_max", "max_pos", "description"
};

/* The rotary columns are empty for a scheme without a rotation. */
static int preset_fill(void *ctx, size_t i, double *out, struct out_err *err)
{
	const struct hf_preset *p = hf_preset_at(i);
	const struct hf_rope_config *c = &p->cfg;
	double d = (double)c->head_dim;

	(void)ctx;
	(void)err;
	for (size_t j = 0; j < 10; j++)
		out[j] = NAN;
	out[0] = (double)i;
	out[1] = out[5] = out[9] = 0.0;   /* texts */
	if (!(pe_schemes[p->kind]->traits & PE_TRAIT_ROTARY))
		return 0;
	out[2] = d;
	out[3] = c->rotary_dim ? (double)c->rotary_dim : d;
	if (!c->rotary_dim && !isnan(c->partial_rotary_factor)) {
		size_t n_rot;   /* the rule --preset itself applies (HF int(d * f)) */
		out[3] = pe_rope_n_rot_partial(&n_rot, c->head_dim, c->partial_rotary_factor)
		         == PE_OK ? (double)n_rot : NAN;
	}
	out[4] = isnan(c->rope_theta) ? PE_BASE_DEFAULT : c->rope_theta;
	out[6] = c->type == HF_ROPE_DEFAULT ? NAN : c->factor;
	out[7] = c->original_max_position_embeddings;
	out[8] = c->max_position_embeddings;
	return 0;
}

static const char *preset_text(void *ctx, size_t i, size_t j, const double *row)
{
	const struct hf_preset *p = hf_preset_at(i);

	(void)ctx;
	if (j == 0)
		return p->name;
	if (j == 1)
		return pe_schemes[p->kind]->name;
	if (j == 5)
		return !(pe_schemes[p->kind]->traits & PE_TRAIT_ROTARY) ? ""
		       : p->cfg.type == HF_ROPE_DEFAULT ? "none" : hf_rope_type_name(p->cfg.type);
	if (j == 9)
		return p->description;
	if (isnan(row[j]))
		return "";   /* not set for this model */
	return NULL;
}

void src_presets_init(struct table_src *t)
{
	size_t n = 0;

	while (hf_preset_at(n))
		n++;
	memset(t, 0, sizeof *t);
	t->n_rows = n;
	t->n_cols = 10;
	t->col_names = preset_cols;
	t->fill_row = preset_fill;
	t->cell_text = preset_text;
}
