"""The process's one store, shared by every session and by the server's own endpoints."""
from __future__ import annotations

import functools

from tpbis.store import Store, open_store


@functools.cache
def shared_store(location: str) -> Store:
    """One store per location and process: DuckDB lets one process write a file, and several
    app instances share data through PostgreSQL instead (see README, deployment)."""
    store = open_store(location)
    store.migrate()  # a database from an older version is brought up to date on opening
    return store
