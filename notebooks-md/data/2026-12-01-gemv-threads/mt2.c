#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <pthread.h>
#include <stdatomic.h>
#include <x86intrin.h>
#include "ckernels.h"
static unsigned short f2bf(float f){unsigned u;memcpy(&u,&f,4);u+=0x7fff+((u>>16)&1);return u>>16;}
long IC,OC; float *x,*xd,*y; unsigned short *wh; _Atomic long gen=0, done=0;
unsigned long long t_seen, t_wend;
static void half(int t){long G=8,groups=(OC+G-1)/G; long g0=t*groups/2,g1=(t+1)*groups/2; long o1=g1*G<OC?g1*G:OC; ck_gemv_avx512(y,xd,wh,0,CK_BF16,1,IC,OC,g0*G,o1);}
static void*worker(void*p){long seen=0;for(;;){long g;while((g=atomic_load(&gen))==seen)__builtin_ia32_pause(); seen=g; t_seen=__rdtsc(); half(1); t_wend=__rdtsc(); atomic_fetch_add(&done,1);}}
int main(int c,char**v){
  pthread_t th; pthread_create(&th,0,worker,0);
  long shapes[][2]={{512,128},{1024,256},{2048,512},{512,2048}};
  for(int s=0;s<4;s++){IC=shapes[s][0];OC=shapes[s][1];long n=IC*OC;
    x=aligned_alloc(64,IC*4+64);xd=aligned_alloc(64,(IC+32)*4);y=aligned_alloc(64,OC*4+64);wh=aligned_alloc(64,n*2+64);
    srand(1);for(long i=0;i<n;i++){wh[i]=f2bf(rand()/(float)RAND_MAX-.5f);}for(long i=0;i<IC;i++)x[i]=rand()/(float)RAND_MAX-.3f;
    ck_bf16_pairs(xd,x,1,IC);
    double sum[5]={0}; int N=20000; unsigned long long one=0;
    for(int i=0;i<2000;i++){unsigned long long a=__rdtsc();ck_gemv_avx512(y,xd,wh,0,CK_BF16,1,IC,OC,0,OC);one+=__rdtsc()-a;}
    for(int i=0;i<N;i++){ unsigned long long t0=__rdtsc(); atomic_store(&done,0); atomic_fetch_add(&gen,1); half(0); unsigned long long t1=__rdtsc(); while(atomic_load(&done)<1)__builtin_ia32_pause(); unsigned long long t2=__rdtsc();
      if(i>=1000){sum[0]+=t_seen-t0; sum[1]+=t1-t0; sum[2]+=t_wend-t_seen; sum[3]+=t2-t0;} }
    int M=N-1000; printf("%5ldx%-5ld 1T call %6.0f tsc | 2T: worker start delay %5.0f, caller half %6.0f, worker half %6.0f, total %6.0f\n",IC,OC,one/2000.0,sum[0]/M,sum[1]/M,sum[2]/M,sum[3]/M);}
  return 0;
}
