// Repro of the CI hang of 2026-12-01: fork() while another thread is inside OpenBLAS sgemm.
// gcc -O2 fork_during_sgemm.c -lopenblas -lpthread && timeout 60 ./a.out
// Debian OpenBLAS 0.3.21 (pthread): prints nothing and is killed by timeout (the first fork never
// returns); with the sgemm thread removed, 2,000 forks take ~0.5 ms each.
#include <cblas.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/wait.h>
#include <time.h>
static float A[256*256], B[256*256], C[256*256];
static void *loop(void *p) { for (;;) cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, 256,256,256,1,A,256,B,256,0,C,256); return 0; }
int main() {
  pthread_t t; pthread_create(&t, 0, loop, 0);
  for (int i = 0; i < 2000; i++) {
    struct timespec s, e; clock_gettime(CLOCK_MONOTONIC, &s);
    pid_t pid = fork();
    if (pid == 0) _exit(0);
    waitpid(pid, 0, 0);
    clock_gettime(CLOCK_MONOTONIC, &e);
    if (i % 100 == 0) { printf("fork %d ok %.3f ms\n", i, (e.tv_sec-s.tv_sec)*1e3+(e.tv_nsec-s.tv_nsec)/1e6); fflush(stdout); }
  }
  printf("done\n");
}
