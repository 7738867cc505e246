import json
from pipeline.audit import analyze
r = analyze(open('/work/shared/seeds/002_530cd593738d58d4.txt').read())
d = r.to_dict()
print(d['doc_type'], d['substance']['score'], json.dumps(d['substance']['components'], ensure_ascii=False)[:600])
print([ (f['code'], f['message']) for f in d['flags']])
print(len(d['extra']['sentences']))
for s in sorted(d['extra']['sentences'], key=lambda s: s['score'])[:3]+sorted(d['extra']['sentences'], key=lambda s: -s['score'])[:3]:
    print(s['score'], s['text'][:80], s['cues'][:5])
for p in sorted(__import__('glob').glob('/work/shared/seeds/*.txt')):
    r = analyze(open(p).read()); print(p[-25:], r.doc_type, r.substance.score, [f.code for f in r.flags])
