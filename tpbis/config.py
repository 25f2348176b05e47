"""Where things live on disk, overridable by environment variables."""

import os
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _path(env: str, default: Path) -> Path:
    return _resolved(os.environ.get(env), default)


@lru_cache(maxsize=32)
def _resolved(value: str | None, default: Path) -> Path:
    # resolving touches the disk; the app asks for its paths many times a run
    return Path(value).expanduser().resolve() if value else default


def database_path() -> Path:
    return _path("TPBIS_DATABASE_PATH", ROOT / "var" / "tpbis.duckdb")


def database_location() -> str:
    """TPBIS_DATABASE_URL (PostgreSQL) when set, else the DuckDB file."""
    return os.environ.get("TPBIS_DATABASE_URL") or str(database_path())


def cache_dir() -> Path:
    return _path("TPBIS_CACHE_DIR", ROOT / ".cache")


def geo_dir() -> Path:
    return _path("TPBIS_GEO_DIR", ROOT / "geo" / "build")


def client_address_header() -> str | None:
    """The header a proxy in front sets to the client's address (e.g. X-Real-IP), if one does."""
    return os.environ.get("TPBIS_CLIENT_ADDRESS_HEADER", "").strip() or None
