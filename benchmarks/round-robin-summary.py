# The table of benchmarks/README.md from benchmarks/round-robin.sh's results: per implementation
# the median over rounds (B/op in brackets for Crumb, RAW and the floor), per ratio the median of
# the rounds' ratios, with their range. Usage: round-robin-summary.py [results directory]
import json, glob, os, re, statistics as st, collections, sys
d = sys.argv[1] if len(sys.argv) > 1 else 'benchmarks/target/round-robin'
rows = collections.defaultdict(dict)  # key (op,payload) -> {(impl,round): (score, alloc)}
for f in glob.glob(os.path.join(d, 'r*-*.json')):
    m = re.search(r'r(\d+)-(\w+)\.json$', f); rnd = int(m.group(1)); impl = m.group(2)
    data = json.load(open(f))  # a run that failed has no file, or fails here: loud, not skipped
    for b in data:
        p = b['params']; name = b['benchmark'].split('.')[-2]
        op = 'seal' if name == 'SealBenchmark' else ('open-read' if p.get('readAttrs') == 'true' else 'open-unread')
        alloc = b['secondaryMetrics'].get('gc.alloc.rate.norm', {}).get('score')
        rows[(op, p['payload'])][(impl, rnd)] = (b['primaryMetric']['score'], alloc)
order = ['seal', 'open-read', 'open-unread']
label = {'seal': '`seal`', 'open-read': '`open`, every attribute read', 'open-unread': '`open`, attributes unread'}
pays = ['SMALL', 'TYPICAL', 'NEAR_LIMIT']
impls = ['CRUMB', 'RAW', 'FLOOR', 'KTOR', 'VERTX', 'NIMBUS', 'NIMBUS_JWE']
def med(xs): return st.median(xs) if xs else float('nan')
print('| operation | payload | ' + ' | '.join(impls) + ' | Crumb ÷ RAW | Ktor ÷ Crumb | Vert.x ÷ Crumb | Nimbus ÷ Crumb | Nimbus JWE ÷ Crumb |')
print('|---|---|' + '---:|' * (len(impls) + 5))
for op in order:
    for pay in pays:
        r = rows.get((op, pay), {})
        rounds = sorted({k[1] for k in r})
        cells = []
        for impl in impls:
            sc = [r[(impl, x)][0] for x in rounds if (impl, x) in r]
            al = [r[(impl, x)][1] for x in rounds if (impl, x) in r and r[(impl, x)][1] is not None]
            s = f"{med(sc):,.0f}" if sc else '–'
            if impl in ('CRUMB', 'RAW', 'FLOOR') and al: s += f" ({med(al):,.0f})"
            cells.append(s)
        def ratio(a, b):
            v = [r[(a, x)][0] / r[(b, x)][0] for x in rounds if (a, x) in r and (b, x) in r]
            return f"{med(v):.2f} ({min(v):.2f}–{max(v):.2f})" if v else '–'
        print(f"| {label[op]} | {pay} | " + ' | '.join(cells) + ' | ' + ' | '.join([ratio('CRUMB','RAW'), ratio('KTOR','CRUMB'), ratio('VERTX','CRUMB'), ratio('NIMBUS','CRUMB'), ratio('NIMBUS_JWE','CRUMB')]) + ' |')
