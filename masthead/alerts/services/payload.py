"""The message a browser's service worker shows, within the Web Push size limit."""

import json

from django.conf import settings
from django.utils.text import Truncator

# RFC 8291: a push service must accept 4096 bytes of encrypted body; aes128gcm adds an
# 86-byte header, a 16-byte tag and a padding delimiter, which leaves 3993 for us.
MAX_PAYLOAD = 3993
TITLE_MAX = 80
BODY_MAX = 180
# How many times a message is made smaller after 413 Payload Too Large.
MAX_SHRINK = 3


def payload_for(alert, level=0):
    """The JSON the service worker shows; each `level` is smaller (413 Payload Too Large)."""
    site = settings.SITE_URL
    data = {
        "id": alert.pk,
        "title": alert.title,
        "body": alert.body,
        "url": f"{site}/alerts/{alert.pk}/open/",
        "story": site + alert.url,
        "tag": alert.topic,
        "icon": site + settings.ALERTS_ICON_URL,
    }
    if alert.image_url and level == 0:
        data["image"] = (
            alert.image_url if alert.image_url.startswith("http") else site + alert.image_url
        )
    if level >= 2:
        data["body"] = Truncator(alert.body).chars(60)
        data.pop("icon")
    if level >= 3:
        data["body"] = ""
        data["title"] = Truncator(alert.title).chars(40)
    encoded = json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()
    while len(encoded) > MAX_PAYLOAD:  # defensive: fields are length-limited
        data["body"] = data["body"][: len(data["body"]) // 2]
        encoded = json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()
    return encoded
