#!/usr/bin/env python3
"""Independent implementations of the signing presets and the sandbox back ends' declared
schemes, with Python's hmac/hashlib (SM3 from OpenSSL), for SigningVectorTests.

Reads a JSON list of cases on stdin: {"scheme", "method", "path", "body" (text), "time"
(unix seconds, may have a fraction), "nonce", "secret", "accessKey", "paasId"}; writes the
headers each case must carry as a JSON list of objects (lower-case names)."""
import base64, datetime, hashlib, hmac, json, sys

def b64(b): return base64.b64encode(b).decode()
def mac(alg, key, msg): return hmac.new(key.encode(), msg, alg).digest()
def rfc1123(t): return datetime.datetime.fromtimestamp(int(t), datetime.timezone.utc).strftime('%a, %d %b %Y %H:%M:%S GMT')
def beijing(t, fmt): return datetime.datetime.fromtimestamp(int(t), datetime.timezone(datetime.timedelta(hours=8))).strftime(fmt)

def xbg(c, alg, with_body):
    date = rfc1123(c['time'])
    h = {'x-bg-hmac-access-key': c['accessKey'], 'x-bg-date-time': date}
    h['x-bg-hmac-algorithm'] = 'hmac-sha256' if alg == 'sha256' else 'hmac-sm3'
    msg = f"{c['method']}\n{c['path']}\n\n{c['accessKey']}\n{date}\n"
    if with_body:
        digest = ('sha-256' if alg == 'sha256' else 'sm3') + '=:' + b64(hashlib.new(alg, c['body'].encode()).digest()) + ':'
        msg += f"{c['nonce']}\n{digest}\n"
        h['x-bg-nonce'] = c['nonce']
        h['content-digest'] = digest
    h['x-bg-hmac-signature'] = b64(mac(alg, c['secret'], msg.encode()))
    return h

def scheme(c):
    s, body, t = c['scheme'], c['body'].encode(), c['time']
    if s == 'bearer':
        return {'authorization': 'Bearer ' + c['secret']}
    if s in ('hmac-sha256', 'hmac-sm3', 'hmac-sha256-no-body', 'hmac-sm3-no-body'):
        return xbg(c, 'sha256' if 'sha256' in s else 'sm3', not s.endswith('no-body'))
    if s == 'x-tif':
        ts = str(int(t))
        return {'x-tif-paasid': c['paasId'], 'x-tif-timestamp': ts, 'x-tif-nonce': c['nonce'],
                'x-tif-signature': hashlib.sha256((ts + c['secret'] + c['nonce'] + ts).encode()).hexdigest()}
    if s == 'lawyer-sandbox':
        ts = str(int(t))
        digest = 'sha-256=:' + b64(hashlib.sha256(body).digest()) + ':'
        msg = f"{c['method']} {c['path']}\n{ts}\n{c['nonce']}\n{digest}".encode()
        return {'content-digest': digest, 'x-lawyer-timestamp': ts, 'x-lawyer-nonce': c['nonce'],
                'x-lawyer-signature': 'v1=' + b64(mac('sha256', c['secret'], msg))}
    if s == 'arbitration-sandbox':
        ts = str(int(t))
        digest = hashlib.sha256(body).hexdigest()
        return {'x-tif-paasid': c['paasId'], 'x-tif-timestamp': ts, 'x-tif-nonce': c['nonce'], 'x-tif-content-digest': digest,
                'x-tif-signature': hashlib.sha256((ts + c['secret'] + c['nonce'] + digest + ts).encode()).hexdigest()}
    if s == 'legal-aid-sandbox':
        ts = beijing(t, '%Y%m%d%H%M%S')
        msg = ts.encode() + b'\n' + c['nonce'].encode() + b'\n' + body
        return {'x-fy-time': ts, 'x-fy-nonce': c['nonce'], 'x-fy-sign': mac('sm3', c['secret'], msg).hex()}
    if s == 'chongming-notary-sandbox':
        ts = str(int(t * 1000))
        return {'x-cm-appid': c['accessKey'], 'x-cm-timestamp': ts, 'x-cm-sign': mac('sm3', c['secret'], ts.encode() + b'\n' + body).hex()}
    if s == 'iso-upper':
        # hmac-sha256, hex-upper, iso8601 at +08:00, an SM3 digest in Base64, "{method}|{path}|{timestamp}|{digest}"
        ts = datetime.datetime.fromtimestamp(int(t), datetime.timezone(datetime.timedelta(hours=8))).strftime('%Y-%m-%dT%H:%M:%S+08:00')
        digest = b64(hashlib.new('sm3', body).digest())
        msg = f"{c['method']}|{c['path']}|{ts}|{digest}".encode()
        return {'x-date': ts, 'x-body-sm3': digest, 'authorization': 'HMAC ' + mac('sha256', c['secret'], msg).hex().upper()}
    if s == 'utc-pattern':
        # sm3 plain hash with the secret, hex, a yyyy/MM/dd HH:mm:ss pattern at UTC (Z), "{secret}{timestamp}{nonce}{body}"
        ts = datetime.datetime.fromtimestamp(int(t), datetime.timezone.utc).strftime('%Y/%m/%d %H:%M:%S')
        return {'x-time': 't=' + ts, 'x-nonce': c['nonce'], 'x-sign': hashlib.new('sm3', (c['secret'] + ts + c['nonce']).encode() + body).hexdigest()}
    raise SystemExit('unknown scheme ' + s)

if __name__ == '__main__':
    json.dump([scheme(c) for c in json.load(sys.stdin)], sys.stdout, ensure_ascii=False)
