import json,random
random.seed(11)
def near(v):
    while True:
        c=list(v); k=random.randrange(4)
        d=[i for i,ch in enumerate(c) if ch.isdigit()]
        if k==0: i=random.choice(d); c[i]=str(random.randrange(10))
        elif k==1 and len(d)>1: i=random.choice(d[:-1]); c[i],c[i+1]=c[i+1],c[i]
        elif k==2: i=random.choice(d); c.insert(i+1,str(random.randrange(10)))
        else: 
            if len(d)>1: c.pop(random.choice(d))
        x=''.join(c)
        if x!=v and not (len(x)>1 and x[0]=='0'): return x
out=open('/tmp/cmp.jsonl','w')
for i in range(300):
    v=str(random.choice([random.randint(10,99),random.randint(100,999),random.randint(1000,30000)]))
    x=v if i%2==0 else near(v)
    # scan-like context: the real scan format inside a choice think is different; use drill prompt
    for ans in ('yes','no'):
        out.write(json.dumps({'id':f'{i}-{ans}','prompt':f'Compare with {v}:','completion':f' {x} vs {v} {ans}'})+'\n')
