/* check_main.c - the one Check runner: a suite per module. */
#include <stdlib.h>

#include "check_pecli.h"

int main(void)
{
	SRunner *sr = srunner_create(suite_sinusoidal());
	int failed;

	srunner_add_suite(sr, suite_alibi());
	srunner_add_suite(sr, suite_t5());
	srunner_add_suite(sr, suite_fmt());
	srunner_add_suite(sr, suite_out());
	srunner_add_suite(sr, suite_ofile());
	srunner_add_suite(sr, suite_npy());
	srunner_add_suite(sr, suite_par());
	srunner_add_suite(sr, suite_figure());
	srunner_add_suite(sr, suite_gnuplot());
	srunner_add_suite(sr, suite_m4());
	srunner_add_suite(sr, suite_rng());
	srunner_add_suite(sr, suite_config());
	srunner_add_suite(sr, suite_rope());
	srunner_add_suite(sr, suite_rope_scaling());
	srunner_add_suite(sr, suite_scheme());
	srunner_add_suite(sr, suite_fpround());
	srunner_add_suite(sr, suite_decay());
	srunner_add_suite(sr, suite_props());
	srunner_add_suite(sr, suite_extrapolate());
	srunner_add_suite(sr, suite_diff());
	srunner_add_suite(sr, suite_precision());
	srunner_add_suite(sr, suite_learned());
	srunner_add_suite(sr, suite_safetensors());
	srunner_add_suite(sr, suite_axes());
	srunner_add_suite(sr, suite_layout());
	srunner_add_suite(sr, suite_num());
	srunner_add_suite(sr, suite_guard());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
