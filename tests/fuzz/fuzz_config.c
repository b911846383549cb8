/*
 * fuzz_config.c - libFuzzer harness for the config.json reader
 * (src/read/hfconfig.c): hf_config_parse on the bytes as given, and
 * hf_config_read on the same bytes as a stream; both must agree.  A
 * result must respect hfconfig.h (lists within HF_FACTOR_MAX, factors
 * positive, partial_rotary_factor in (0, 1], a known rope type); an error
 * is one line starting with the name given.  Then model_load_text on the
 * same bytes, as --model reads a config (src/read/model.c, layers.c).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "read/hfconfig.h"
#include "read/model.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

/* NAN (absent) or a finite number > 0. */
static int absent_or_positive(double x)
{
	return isnan(x) || (isfinite(x) && x > 0);
}

static void check_config(const struct hf_rope_config *c)
{
	FUZZ_ASSERT((size_t)c->type <= HF_ROPE_LLAMA3);
	FUZZ_ASSERT(strcmp(hf_rope_type_name(c->type), "unknown") != 0);
	FUZZ_ASSERT(c->n_short_factor <= HF_FACTOR_MAX);
	FUZZ_ASSERT(c->n_long_factor <= HF_FACTOR_MAX);
	for (size_t i = 0; i < c->n_short_factor; i++)
		FUZZ_ASSERT(isfinite(c->short_factor[i]) && c->short_factor[i] > 0);
	for (size_t i = 0; i < c->n_long_factor; i++)
		FUZZ_ASSERT(isfinite(c->long_factor[i]) && c->long_factor[i] > 0);
	FUZZ_ASSERT(isnan(c->partial_rotary_factor)
	            || (c->partial_rotary_factor > 0 && c->partial_rotary_factor <= 1));
	FUZZ_ASSERT(absent_or_positive(c->rope_theta));
	FUZZ_ASSERT(absent_or_positive(c->max_position_embeddings));
	FUZZ_ASSERT(absent_or_positive(c->factor));
	FUZZ_ASSERT(absent_or_positive(c->original_max_position_embeddings));
	FUZZ_ASSERT(absent_or_positive(c->beta_fast));
	FUZZ_ASSERT(absent_or_positive(c->beta_slow));
	FUZZ_ASSERT(absent_or_positive(c->attention_factor));
	FUZZ_ASSERT(c->truncate >= -1 && c->truncate <= 1);
	FUZZ_ASSERT(memchr(c->warning, '\0', sizeof c->warning) != NULL);
	FUZZ_ASSERT(strchr(c->warning, '\n') == NULL);   /* one line too */
	FUZZ_ASSERT(memchr(c->source, '\0', sizeof c->source) != NULL);
}

/* The same bytes as --model reads a config (model.c: the architecture
 * table, each scheme's fields, the layer types of layers.c): 0 or -1 with
 * one clean message, and in range when read. */
static int fuzz_model(const uint8_t *data, size_t size)
{
	static struct pe_model m;
	struct out_err err = { "" };
	int rc = model_load_text(&m, "config.json", (const char *)data, size,
	                         PE_N_SCHEMES, NULL, &err);

	FUZZ_ASSERT(rc == 0 || rc == -1);
	if (rc != 0) {
		fuzz_check_error(&err, "config.json");
		return 0;
	}
	FUZZ_ASSERT((size_t)m.kind < PE_N_SCHEMES);
	FUZZ_ASSERT(m.n_types <= MODEL_LAYER_TYPES_MAX && m.n_layers <= MODEL_LAYERS_MAX);
	FUZZ_ASSERT(!m.n_types || m.used < m.n_types);
	for (size_t i = 0; i < m.n_layers; i++)
		FUZZ_ASSERT(m.layer_of[i] < m.n_types);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct hf_rope_config a, b;
	struct out_err err_a = { "" }, err_b = { "" };
	FILE *fp;
	int rc_a, rc_b;

	rc_a = hf_config_parse(&a, (const char *)data, size, "config.json", &err_a);
	FUZZ_ASSERT(rc_a == 0 || rc_a == -1);
	if (rc_a == 0)
		check_config(&a);
	else
		fuzz_check_error(&err_a, "config.json");

	fp = fuzz_stream(data, size);
	if (!fp)
		return 0;
	rc_b = hf_config_read(&b, fp, "config.json", &err_b);
	fclose(fp);
	FUZZ_ASSERT(rc_b == rc_a);
	FUZZ_ASSERT(strcmp(err_a.msg, err_b.msg) == 0);
	if (rc_a == 0)
		FUZZ_ASSERT(memcmp(&a, &b, sizeof a) == 0);
	return fuzz_model(data, size);
}
