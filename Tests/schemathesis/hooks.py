"""schemathesis hooks for the gateway: signs each request as the 一网通办 portal does.

The portal `shanghai-yiwang` authenticates with x-tif headers (Config/portals.yaml):
x-tif-signature = SM3(timestamp + token + nonce + timestamp), a fresh nonce per request
(the gateway refuses a nonce it has seen). Loaded by scripts/schemathesis.sh through
SCHEMATHESIS_HOOKS when it tests the yiwang route.
"""
import hashlib
import os
import time
import uuid

import schemathesis


@schemathesis.auth()
class XTif:
    def get(self, case, context):
        return os.environ["TONGBAN_PORTAL_SHANGHAI_YIWANG_TOKEN"]

    def set(self, case, token, context):
        timestamp = str(int(time.time()))
        nonce = uuid.uuid4().hex
        signature = hashlib.new("sm3", (timestamp + token + nonce + timestamp).encode()).hexdigest()
        case.headers = case.headers or {}
        case.headers.update({"x-tif-paasid": "shanghai-yiwang", "x-tif-timestamp": timestamp,
                             "x-tif-nonce": nonce, "x-tif-signature": signature})
