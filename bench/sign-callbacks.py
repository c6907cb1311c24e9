#!/usr/bin/env python3
"""Pre-signs the lawyer sandbox's status callbacks for bench/callbacks.lua: wrk's Lua has no
HMAC, and each callback must carry its own nonce (a second use is a replay, 401).

  bench/sign-callbacks.py OUT COUNT CASES OFFSET RUN

writes COUNT lines `body<TAB>name: value<TAB>…`, signed now with the lawyer adapter's
declared callback scheme (TONGBAN_ADAPTER_LAWYER_TOKEN) by the independent implementation
in Tests/Fixtures/signing/vectors.py. Request n reports on case (n mod CASES) + OFFSET + 1;
the first three reports of a case walk RECEIVED → ASSIGNED → ANSWERED, later ones arrive
after the case is final (recorded as late)."""
import os, sys, time, secrets, importlib.util

spec = importlib.util.spec_from_file_location('vectors', os.path.join(os.path.dirname(__file__), '..', 'Tests', 'Fixtures', 'signing', 'vectors.py'))
vectors = importlib.util.module_from_spec(spec)
spec.loader.exec_module(vectors)

out, count, cases, offset, run = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
secret = os.environ['TONGBAN_ADAPTER_LAWYER_TOKEN']
steps = ['RECEIVED', 'ASSIGNED', 'ANSWERED', 'ASSIGNED']
now = time.time()
with open(out, 'w') as f:
    for n in range(count):
        case, step = n % cases + 1, min(n // cases + 1, len(steps))
        body = '{"eventId":"%s-%d","consultationNo":"LS-2026-%06d","state":"%s","at":"2026-11-30T10:00:%02d+08:00"}' % (run, n, offset + case, steps[step - 1], step)
        headers = vectors.scheme({'scheme': 'lawyer-sandbox', 'method': 'POST', 'path': '/v1/callbacks/lawyer-sandbox', 'body': body,
                                  'time': now, 'nonce': secrets.token_hex(16), 'secret': secret, 'accessKey': '', 'paasId': ''})
        f.write(body + '\t' + '\t'.join('%s: %s' % kv for kv in headers.items()) + '\n')
