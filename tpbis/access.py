"""Who may change data. Until sign-in with roles exists, importing is behind one password set
by the operator (TPBIS_IMPORT_PASSWORD); without it, importing is switched off."""
from __future__ import annotations

import hmac
import os
import time

FAILED_ATTEMPT_DELAY = 1.5  # seconds: slows down guessing


def import_enabled() -> bool:
    return bool(os.environ.get("TPBIS_IMPORT_PASSWORD"))


def import_password_ok(given: str) -> bool:
    secret = os.environ.get("TPBIS_IMPORT_PASSWORD", "")
    if secret and hmac.compare_digest(given.encode(), secret.encode()):
        return True
    time.sleep(FAILED_ATTEMPT_DELAY)
    return False
