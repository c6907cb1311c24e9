"""Verifies webhook deliveries with the Standard Webhooks reference library.

usage: verify_standard_webhooks.py SECRET FILE
FILE is a JSON list of {"headers": {name: value}, "body": base64}. Prints the number
verified; exits 1 at the first delivery the library rejects.
"""
import base64
import json
import sys

from standardwebhooks.webhooks import Webhook

secret, path = sys.argv[1], sys.argv[2]
webhook = Webhook(secret)
with open(path) as f:
    deliveries = json.load(f)
for i, delivery in enumerate(deliveries):
    body = base64.b64decode(delivery["body"])
    try:
        webhook.verify(body, delivery["headers"])
    except Exception as error:  # the library raises WebhookVerificationError
        print(f"delivery {i} rejected: {error}")
        sys.exit(1)
print(f"verified {len(deliveries)}")
