# Writes kkname.jsonl, the K&K first-name copy probe that probe.sh scores, from puzzles/kk-test.jsonl:
# for each 3-5 people test puzzle (file order), its r1Base prompt with two completions,
# "/pre" = " </think>\n<answer> (1)" and "/name" = the same plus " <first name>".
# Byte-identical to the kkname.jsonl used on 2026-12-01 (sha256 in README.md beside this script).
# Usage, from the repository root: python3 notebooks-md/data/2026-12-01-warmup/make_kkname.py [OUT]
import json, os, sys
here = os.path.dirname(os.path.abspath(__file__))
out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, 'kkname.jsonl')
PRE = ("The user asks a question, and the Assistant solves it. The assistant first thinks about the reasoning process "
       "in the mind and then provides the user with the answer. The reasoning process and answer are enclosed within "
       "<think> </think> and <answer> </answer> tags, respectively, i.e., <think> reasoning process here </think> "
       "<answer> answer here </answer>.\n\nUser: ")
SUF = ("\n\nAfter thinking, when you finally reach a conclusion, clearly state the identity of each character within "
       "<answer> </answer> tags. List the identity of each person one by one, for example, <answer> (1) Zoey is a "
       "knight\n(2) Oliver is a knight\n(3)... </answer>.\nAssistant: <think>")
with open(os.path.join(here, '../../../puzzles/kk-test.jsonl')) as f, open(out, 'w') as o:
    for line in f:
        t = json.loads(line)
        if not 3 <= len(t['names']) <= 5:
            continue
        p = PRE + t['quiz'] + SUF
        o.write(json.dumps({'id': t['id'] + '/pre', 'prompt': p, 'completion': ' </think>\n<answer> (1)'}) + '\n')
        o.write(json.dumps({'id': t['id'] + '/name', 'prompt': p,
                            'completion': ' </think>\n<answer> (1) ' + t['names'][0]}) + '\n')
