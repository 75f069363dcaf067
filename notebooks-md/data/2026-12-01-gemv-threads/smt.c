#include <immintrin.h>
#include <pthread.h>
#include <stdio.h>
#include <time.h>
static double now(void){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec*1e-9;}
__attribute__((target("avx512f"))) static void* fma(void*p){__m512 a[12];for(int i=0;i<12;i++)a[i]=_mm512_set1_ps(i);__m512 b=_mm512_set1_ps(0.999f),c=_mm512_set1_ps(0.001f);
 for(long n=0;n<100000000;n++){for(int i=0;i<12;i++)a[i]=_mm512_fmadd_ps(a[i],b,c);} float s=0;for(int i=0;i<12;i++)s+=a[i][0];*(float*)p=s;return 0;}
int main(){float r[2];double t0=now();fma(r);double t1=now();pthread_t th;pthread_create(&th,0,fma,r+1);fma(r);pthread_join(th,0);double t2=now();
printf("1 thread %.2fs (%.2f G zmm-FMA/s), 2 threads %.2fs -> aggregate scaling %.2fx\n",t1-t0,1.2/(t1-t0),t2-t1,2*(t1-t0)/(t2-t1));}
