#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cblas.h>
#include "ckernels.h"
extern void openblas_set_num_threads(int);
#define DECL(P) void P##_pairs(float*,const float*,long,long); void P##_gemv(float*,const float*,const void*,const float*,int,long,long,long,long,long);
DECL(A) DECL(B) DECL(E) DECL(F) DECL(G)
typedef void(*pairs_t)(float*,const float*,long,long); typedef void(*gemv_t)(float*,const float*,const void*,const float*,int,long,long,long,long,long);
static pairs_t P[]={A_pairs,B_pairs,E_pairs,F_pairs,G_pairs}; static gemv_t G[]={A_gemv,B_gemv,E_gemv,F_gemv,G_gemv}; static const char*N[]={"A 2/line","B 1/line","E R4","F R4 1/line","G R6"};
static double now(void){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec*1e-9;}
static unsigned short f2bf(float f){unsigned u;memcpy(&u,&f,4);u+=0x7fff+((u>>16)&1);return u>>16;}
int NV=5, V; long IC,OC,copies,cur; float *x,*xd,*y,**w; unsigned short **wh;
static void ours(void){P[V](xd,x,1,IC);G[V](y,xd,wh[cur],0,CK_BF16,1,IC,OC,0,OC);cur=(cur+1)%copies;}
static void blas(void){cblas_sgemv(CblasRowMajor,CblasNoTrans,OC,IC,1,w[cur],IC,x,1,0,y,1);cur=(cur+1)%copies;}
static double bench(void(*f)(void)){double r[9];
  for(int t=0;t<9;t++){int n=0;double t0=now(),t1;do{f();n++;t1=now();}while(t1-t0<3e-3);r[t]=(t1-t0)/n;}
  for(int i=0;i<9;i++)for(int j=i+1;j<9;j++)if(r[j]<r[i]){double q=r[i];r[i]=r[j];r[j]=q;}
  return IC*OC/r[4]*1e-9;}
int main(int c,char**v){
  openblas_set_num_threads(1);
  long shapes[][2]={{128,512},{512,128},{128,4096},{256,1024},{1024,256},{256,4096},{512,2048},{2048,512},{512,4096}};
  for(int cold=0;cold<2;cold++) for(int s=0;s<9;s++){IC=shapes[s][0];OC=shapes[s][1];long n=IC*OC;
    copies=cold? (96l<<20)/(n*4)+1:1; if(cold&&copies<2)copies=2;
    x=aligned_alloc(64,IC*4+64);xd=aligned_alloc(64,(IC+32)*4);y=aligned_alloc(64,OC*4+64);
    w=malloc(copies*sizeof*w);wh=malloc(copies*sizeof*wh);srand(1);
    for(long j=0;j<copies;j++){w[j]=aligned_alloc(64,n*4);wh[j]=aligned_alloc(64,n*2+64);for(long i=0;i<n;i++){w[j][i]=rand()/(float)RAND_MAX-.5f;wh[j][i]=f2bf(w[j][i]);}}
    for(long i=0;i<IC;i++)x[i]=rand()/(float)RAND_MAX-.3f;
    cur=0; double b=bench(blas); printf("%s %5ldx%-5ld sgemv %5.1f |",cold?"cold":"hot ",IC,OC,b);
    for(V=0;V<NV;V++){cur=0; double o=bench(ours);printf(" %s %5.2f",N[V],o/b);} printf("\n"); fflush(stdout);
    for(long j=0;j<copies;j++){free(w[j]);free(wh[j]);}free(w);free(wh);free(x);free(xd);free(y);}
}
