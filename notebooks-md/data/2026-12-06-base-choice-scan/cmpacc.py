import json,sys
s={}
for l in open(sys.argv[1]):
    r=json.loads(l); i,a=r['id'].split('-'); s.setdefault(i,{})[a]=r['logprobs'][-1]
ok=sum(1 for i,d in s.items() if (d['yes']>d['no'])==(int(i)%2==0))
eqok=sum(1 for i,d in s.items() if int(i)%2==0 and d['yes']>d['no'])
print(f'verdict acc {ok}/{len(s)}; equal said yes {eqok}/{len(s)//2}')
