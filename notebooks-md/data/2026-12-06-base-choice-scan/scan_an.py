import json,re,sys,collections
c=collections.Counter()
for l in open(sys.argv[1]):
    r=json.loads(l)
    opts=dict(re.findall(r'\n([A-J])\. (.*)', r['prompt']))
    comp=r['completion']
    m=re.match(r'\s*(\S+)\. (.*?)\. </think>', comp, re.S)
    if not m: c['noparse']+=1; continue
    V=m.group(1)
    gold_vals=[opts[k] for k in opts]
    c['V_in_opts' if V in opts.values() else 'V_not_in_opts']+=1
    for e in m.group(2).split(', '):
        em=re.match(r'([A-J]) (\S+) vs (\S+) (yes|no)$', e)
        if not em: c['badentry']+=1; continue
        L,x,v,verdict=em.groups()
        c['copy_ok' if opts.get(L)==x else 'copy_bad']+=1
        eq = x==v
        c[f'eq={eq} said={verdict}']+=1
print(dict(c))
