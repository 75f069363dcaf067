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
#define DECL(P) void P##_pairs(float*,const float*,long,long); void P##_gemv(float*,const float*,const void*,const float*,int,long,long,long,long,long);
DECL(A) DECL(B) DECL(E) DECL(F) DECL(G)
typedef void(*pairs_t)(float*,const float*,long,long); typedef void(*gemv_t)(float*,const float*,const void*,const float*,int,long,long,long,long,long);
static pairs_t P[]={A_pairs,B_pairs,E_pairs,F_pairs,G_pairs}; static gemv_t GV[]={A_gemv,B_gemv,E_gemv,F_gemv,G_gemv}; static const char*N[]={"A","B","E","F","G"};
static double now(void){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec*1e-9;}
static unsigned short f2bf(float f){unsigned u;memcpy(&u,&f,4);u+=0x7fff+((u>>16)&1);return u>>16;}
long IC,OC; float *x,*xd,*y,*w; unsigned short *wh; _Atomic long gen=0, done=0; volatile int idle=1; int V;
static float *xdt[2]; static void half(int t){ if(LOCALX){P[V](xdt[t],x,1,IC);} float*xx=LOCALX?xdt[t]:xd;long G=8,groups=(OC+G-1)/G; long g0=t*groups/2,g1=(t+1)*groups/2; long o1=g1*G<OC?g1*G:OC; GV[V](y,xx,wh,0,CK_BF16,1,IC,OC,g0*G,o1);}
static void*worker(void*p){long seen=0;for(;;){long g;while((g=atomic_load(&gen))==seen){if(idle)usleep(1000);else __builtin_ia32_pause();} seen=g; half(1); atomic_fetch_add(&done,1);}}
static void ours(void){if(!LOCALX)P[V](xd,x,1,IC); atomic_store(&done,0); atomic_fetch_add(&gen,1); half(0); while(atomic_load(&done)<1)__builtin_ia32_pause();}
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
    double best[6]; for(int i=0;i<6;i++)best[i]=1e9;
    for(int turn=0;turn<12;turn++){ usleep(150000); double b=batch(blas); if(b<best[5])best[5]=b;
      for(V=0;V<5;V++){ idle=0; double o=batch(ours); idle=1; if(o<best[V])best[V]=o; } }
    printf("%5ldx%-5ld sgemv %6.1f GFLOP/s |",IC,OC,2.0*n/best[5]*1e-9); for(V=0;V<5;V++)printf(" %s %.2f",N[V],best[5]/best[V]); printf("\n"); fflush(stdout);}
  return 0;
}
