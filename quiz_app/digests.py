"""sha1 and sha256 as `hashlib` gives them, without hashlib's start: importing hashlib
loads OpenSSL and sets it up, and its first digest sets up more (together about 10 M
instructions, 1 % of the time to the home screen, which digests a path and a card list).
CPython's own implementations give the same digests; hashlib falls back on them itself,
as `random` takes `_sha512`."""

from __future__ import annotations

try:
    from _sha1 import sha1  # type: ignore[import-not-found]  # no stub: hashlib's own
    from _sha256 import sha256  # type: ignore[import-not-found]
except ImportError:  # a Python built without them: OpenSSL's
    from hashlib import sha1, sha256

__all__ = ["sha1", "sha256"]
