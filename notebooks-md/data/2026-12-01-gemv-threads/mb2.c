#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <time.h>
#include <cblas.h>
#include "ckernels.h"
extern void openblas_set_num_threads(int);
static double now(void){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec*1e-9;}
static unsigned short f2bf(float f){unsigned u;memcpy(&u,&f,4);u+=0x7fff+((u>>16)&1);return u>>16;}
static float bf2f(unsigned short h){unsigned u=(unsigned)h<<16;float f;memcpy(&f,&u,4);return f;}
static double bench(void(*f)(void*),void*a,double bytes){
  double r[15];
  for(int t=0;t<15;t++){int n=0;double t0=now(),t1;do{f(a);n++;t1=now();}while(t1-t0<2e-3);r[t]=(t1-t0)/n;}
  for(int i=0;i<15;i++)for(int j=i+1;j<15;j++)if(r[j]<r[i]){double x=r[i];r[i]=r[j];r[j]=x;}
  return bytes/r[7]*1e-9;}
typedef struct{long IC,OC;float*x,*xd,*w,*y;unsigned short*wh;}A;
static void ours(void*p){A*a=p;ck_bf16_pairs(a->xd,a->x,1,a->IC);ck_gemv_avx512(a->y,a->xd,a->wh,0,CK_BF16,1,a->IC,a->OC,0,a->OC);}
static void blas(void*p){A*a=p;cblas_sgemv(CblasRowMajor,CblasNoTrans,a->OC,a->IC,1,a->w,a->IC,a->x,1,0,a->y,1);}
int main(int c,char**v){
  openblas_set_num_threads(1);
  long shapes[][2]={{128,256},{512,64},{256,512},{1024,128},{128,2048},{256,2048},{2048,256},{100,37},{1000,77}};
  for(int s=0;s<9;s++){A a;a.IC=shapes[s][0];a.OC=shapes[s][1];long n=a.IC*a.OC;
    a.x=aligned_alloc(64,a.IC*4+64);a.xd=aligned_alloc(64,(a.IC+32)*4);a.w=aligned_alloc(64,n*4);a.wh=aligned_alloc(64,n*2+64);a.y=aligned_alloc(64,a.OC*4+64);
    srand(1);for(long i=0;i<n;i++){a.w[i]=rand()/(float)RAND_MAX-.5f;a.wh[i]=f2bf(a.w[i]);}for(long i=0;i<a.IC;i++)a.x[i]=rand()/(float)RAND_MAX-.3f;
    ours(&a); double maxrel=0; for(long o=0;o<a.OC;o++){double r=0,sa=0;for(long k=0;k<a.IC;k++){double t=(double)bf2f(a.wh[o*a.IC+k])*a.x[k];r+=t;sa+=fabs(t);} double e=fabs(a.y[o]-r)/sa; if(e>maxrel)maxrel=e;}
    double o=bench(ours,&a,n),b=bench(blas,&a,n);
    printf("%5ldx%-5ld ours %6.2f Gw/s  sgemv %6.2f  ratio %.2f  err/sum|t| %.1e\n",a.IC,a.OC,o,b,o/b,maxrel);}
}
