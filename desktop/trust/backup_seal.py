"""The backup manifest's seal: an HMAC-SHA256 under a key derived from the data key.

The manifest lists every file of a backup with its sha256, so sealing it seals the whole backup:
whoever changes a fine inside a backup and recomputes the hashes cannot recompute the seal
without the office's data key. The MAC key is derived with HKDF under its own label, so the data
key itself never keys anything outside the cipher.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

#: HKDF info label of the manifest MAC key (its own, never shared with another use).
MAC_INFO = b"casedesk/backup-manifest-mac/v1"
#: The manifest field that holds the seal.
MAC_FIELD = "mac"


def _mac_key(data_key: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=MAC_INFO).derive(data_key)


def _canonical(manifest: dict[str, Any]) -> bytes:
    body = {k: v for k, v in manifest.items() if k != MAC_FIELD}
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def seal_manifest(manifest: dict[str, Any], data_key: bytes) -> dict[str, Any]:
    """The manifest with its MAC (over every other field, canonical JSON)."""
    mac = hmac.new(_mac_key(data_key), _canonical(manifest), hashlib.sha256).hexdigest()
    return {**manifest, MAC_FIELD: mac}


def manifest_intact(manifest: dict[str, Any], data_key: bytes) -> bool:
    """Whether the manifest's MAC was made with this data key over exactly these fields."""
    expected = hmac.new(_mac_key(data_key), _canonical(manifest), hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, str(manifest.get(MAC_FIELD, "")))
