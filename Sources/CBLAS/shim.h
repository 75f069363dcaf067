#pragma once
#include <cblas.h>
// Thread control for OpenBLAS (declared in openblas_config.h / cblas.h of the pthread build).
void openblas_set_num_threads(int num_threads);
int openblas_get_num_threads(void);
// The core OpenBLAS's run-time dispatch chose ("Haswell", "SkylakeX", "Zen", or a generic "Prescott").
char *openblas_get_corename(void);
