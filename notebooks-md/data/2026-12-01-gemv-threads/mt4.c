// mt4.c: the bf16 1-row GEMV on two threads (the caller and one spinning worker, columns split in half as
// GemvAVX512 does) against OpenBLAS cblas_sgemv on 2 threads, best of 12 interleaved 20 ms batches.
// -DLOCALX=0: x converted to pair order once, on the caller (as committed before 52d51b5); -DLOCALX=1: on each thread.
// Build and run from this folder (nothing else running); the maintained benchmark is `warmrl bench kernels --only gemv`:
//   I=../../../Sources/CKernels; clang -O3 -DLOCALX=1 -I$I/include -o mt4 mt4.c $I/gemv_avx512.c $I/dispatch.c -lopenblas -lpthread
//   ./mt4                  # the six shapes below, or IC OC pairs: ./mt4 512 128 1024 256
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <pthread.h>
#include <stdatomic.h>
#include <cblas.h>
#include "ckernels.h"
extern void openblas_set_num_threads(int);
// The committed kernel (Sources/CKernels/gemv_avx512.c), linked directly. The session's version of this
// harness ran five compile-time variants of it side by side (A = the committed settings, the column the
// notebook quotes); the variants and their patch were dropped on 2026-12-05 (git history, commit 145c0f3).
#ifndef LOCALX
#define LOCALX 1
#endif
static double now(void){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec*1e-9;}
static unsigned short f2bf(float f){unsigned u;memcpy(&u,&f,4);u+=0x7fff+((u>>16)&1);return u>>16;}
long IC,OC; float *x,*xd,*y,*w; unsigned short *wh; _Atomic long gen=0, done=0; volatile int idle=1;
static float *xdt[2]; static void half(int t){ if(LOCALX){ck_bf16_pairs(xdt[t],x,1,IC);} float*xx=LOCALX?xdt[t]:xd;long G=8,groups=(OC+G-1)/G; long g0=t*groups/2,g1=(t+1)*groups/2; long o1=g1*G<OC?g1*G:OC; ck_gemv_avx512(y,xx,wh,0,CK_BF16,1,IC,OC,g0*G,o1);}
static void*worker(void*p){long seen=0;for(;;){long g;while((g=atomic_load(&gen))==seen){if(idle)usleep(1000);else __builtin_ia32_pause();} seen=g; half(1); atomic_fetch_add(&done,1);}}
static void ours(void){if(!LOCALX)ck_bf16_pairs(xd,x,1,IC); atomic_store(&done,0); atomic_fetch_add(&gen,1); half(0); while(atomic_load(&done)<1)__builtin_ia32_pause();}
static void blas(void){cblas_sgemv(CblasRowMajor,CblasNoTrans,OC,IC,1,w,IC,x,1,0,y,1);}
static double batch(void(*f)(void)){int n=0;double t0=now(),t1;do{f();n++;t1=now();}while(t1-t0<2e-2);return (t1-t0)/n;}
int main(int c,char**v){
  pthread_t th; pthread_create(&th,0,worker,0); openblas_set_num_threads(2);
  // Shapes: IC OC pairs from the command line (e.g. `./mt4 1024 256 2048 512 512 128`), else these six.
  long shapes[16][2]={{128,512},{512,128},{1024,256},{2048,512},{512,2048},{512,4096}}; int ns=6;
  if(c>2){ns=0;for(int i=1;i+1<c&&ns<16;i+=2,ns++){shapes[ns][0]=atol(v[i]);shapes[ns][1]=atol(v[i+1]);}}
  for(int s=0;s<ns;s++){IC=shapes[s][0];OC=shapes[s][1];long n=IC*OC;
    x=aligned_alloc(64,IC*4+64);xdt[0]=aligned_alloc(64,(IC+32)*4);xdt[1]=aligned_alloc(64,(IC+32)*4);xd=aligned_alloc(64,(IC+32)*4);y=aligned_alloc(64,OC*4+64);w=aligned_alloc(64,n*4);wh=aligned_alloc(64,n*2+64);
    srand(1);for(long i=0;i<n;i++){w[i]=rand()/(float)RAND_MAX-.5f;wh[i]=f2bf(w[i]);}for(long i=0;i<IC;i++)x[i]=rand()/(float)RAND_MAX-.3f;
    double bo=1e9,bb=1e9;
    for(int turn=0;turn<12;turn++){ usleep(150000); double b=batch(blas); if(b<bb)bb=b;
      idle=0; double o=batch(ours); idle=1; if(o<bo)bo=o; }
    printf("%5ldx%-5ld sgemv %6.1f GFLOP/s | ours/sgemv %.2f (LOCALX=%d)\n",IC,OC,2.0*n/bb*1e-9,bb/bo,LOCALX); fflush(stdout);}
  return 0;
}
