#!/usr/bin/env python3
"""Write a stream of window events for the benchmarks: contacts drawn uniformly
among a million, 40 % inbound, 40 % outbound, 20 % queries, about 13.6 million
events for 1000 MB.  Usage: gen_window_events.py OUT MB  (deterministic: seed 7)."""
import random, sys
path, mb = sys.argv[1], float(sys.argv[2])
rng = random.Random(7)
target = int(mb * 1e6); written = 0; t = 1767225600
kinds = ["MARKETING", "UTILITY", "AUTHENTICATION", "SERVICE"]
with open(path, "w") as f:
    while written < target:
        c = "+55119%08d" % rng.randrange(1000000)
        t += rng.randrange(0, 2)
        r = rng.random()
        if r < 0.4:
            line = '{"contact":"%s","t":%d,"type":"inbound"%s}\n' % (c, t, ',"entry":"ctwa"' if r < 0.05 else "")
        elif r < 0.8:
            line = '{"contact":"%s","t":%d,"type":"outbound","kind":"%s"}\n' % (c, t, rng.choice(kinds))
        else:
            line = '{"contact":"%s","t":%d,"type":"query","kind":"%s"}\n' % (c, t, rng.choice(kinds))
        f.write(line); written += len(line)
