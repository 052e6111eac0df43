"""The vendored JavaScript (static/vendor) is exactly what vendor/SHA256SUMS and its README record.

scripts/vendor-js is the only way to change it: it refetches the pinned npm tarballs and refuses
any byte that differs from these hashes.
"""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

import ballot_service

VENDOR = Path(ballot_service.__file__).parent / "web" / "static" / "vendor"


def _manifest() -> dict[str, str]:
    entries = {}
    for line in (VENDOR / "SHA256SUMS").read_text(encoding="ascii").splitlines():
        digest, name = line.split("  ", 1)
        entries[name] = digest
    return entries


def test_vendored_files_match_the_manifest() -> None:
    manifest = _manifest()
    present = {
        str(p.relative_to(VENDOR))
        for p in VENDOR.rglob("*")
        if p.is_file() and p.name not in {"SHA256SUMS", "README.md"}
    }
    assert present == set(manifest), "vendor/ and its manifest list different files"
    for name, digest in manifest.items():
        assert hashlib.sha256((VENDOR / name).read_bytes()).hexdigest() == digest, name


def test_readme_records_the_hashes_of_the_module() -> None:
    module = (VENDOR / "libsodium" / "libsodium-sumo.mjs").read_bytes()
    readme = (VENDOR / "README.md").read_text(encoding="utf-8")
    sri = "sha384-" + base64.b64encode(hashlib.sha384(module).digest()).decode("ascii")
    assert hashlib.sha256(module).hexdigest() in readme
    assert sri in readme


def test_the_refetch_script_pins_the_tarballs_the_readme_names() -> None:
    script = (Path(__file__).parents[2] / "scripts" / "vendor-js").read_text(encoding="utf-8")
    readme = (VENDOR / "README.md").read_text(encoding="utf-8")
    for name in ("WRAPPER_TGZ_SHA256", "SUMO_TGZ_SHA256"):
        digest = script.split(f"{name}=", 1)[1].split()[0]
        assert len(digest) == 64 and digest in readme, name
    assert "VERSION=0.8.4" in script and "0.8.4" in readme
