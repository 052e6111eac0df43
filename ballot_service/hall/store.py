"""The hall's certificate files under keys/tls/ (directory 0700, private keys 0600).

`ensure` makes the local CA once, and a server certificate for the wanted addresses and host
names, replacing it when an address changes, when it nears its end or when the CA changed.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from . import certs
from .certs import CertError, IPAddress, Names

TLS_DIR = "tls"
CA_KEY = "ca.key.pem"
CA_CERT = "ca.cert.pem"
SERVER_KEY = "server.key.pem"
SERVER_CERT = "server.cert.pem"


def tls_dir(keys_dir: Path) -> Path:
    return Path(keys_dir) / TLS_DIR


def _write(path: Path, data: bytes, mode: int) -> None:
    """Write atomically with the mode set from the start (never briefly world-readable)."""
    temp = path.with_name(path.name + ".tmp")
    temp.unlink(missing_ok=True)
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temp, path)


def _private_dir(path: Path) -> None:
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    if stat.S_IMODE(path.stat().st_mode) != 0o700:
        path.chmod(0o700)


def load_key(path: Path) -> ec.EllipticCurvePrivateKey:
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        raise CertError(f"{path} is not an ECDSA key")
    return key


def load_cert(path: Path) -> x509.Certificate:
    return x509.load_pem_x509_certificate(path.read_bytes())


@dataclass(frozen=True)
class Served:
    """What the HTTPS listener serves: the certificate and key files, and the local CA
    (None with an organisation's own certificate)."""

    cert_path: Path
    key_path: Path
    cert: x509.Certificate
    ca: x509.Certificate | None
    ca_path: Path | None
    messages: tuple[str, ...] = ()


def ensure(keys_dir: Path, wanted: Names, now: datetime) -> Served:
    """The local CA and a server certificate for `wanted`, made or renewed as needed."""
    folder = tls_dir(keys_dir)
    _private_dir(folder)
    messages: list[str] = []
    ca_key_path, ca_path = folder / CA_KEY, folder / CA_CERT
    if ca_key_path.exists() and ca_path.exists():
        ca_key, ca = load_key(ca_key_path), load_cert(ca_path)
    else:
        ca_key = certs.new_key()
        ca = certs.make_ca(ca_key, wanted.host_names, now)
        _write(ca_key_path, certs.key_pem(ca_key), 0o600)
        _write(ca_path, certs.cert_pem(ca), 0o644)
        messages.append(f"created the local certificate authority {ca_path}")
    # Names the CA may not certify (a public address, a renamed laptop) are left out.
    kept_ips = frozenset(ip for ip in wanted.addresses if certs.within_constraints(ca, ip))
    kept_names = frozenset(n for n in wanted.host_names if certs.within_constraints(ca, n))
    for dropped in sorted(map(str, wanted.addresses - kept_ips)) + sorted(
        wanted.host_names - kept_names
    ):
        messages.append(f"left out {dropped}: outside the local CA's name constraints")
    kept = Names(kept_ips, kept_names)
    key_path, cert_path = folder / SERVER_KEY, folder / SERVER_CERT
    reason: str | None = "none yet"
    if key_path.exists() and cert_path.exists():
        cert = load_cert(cert_path)
        reason = certs.renewal_reason(cert, ca, kept, now)
        if reason is None and not certs.key_matches(cert, load_key(key_path)):
            reason = "its key file does not match it"
    if reason is not None:
        key = certs.new_key()
        cert = certs.make_server_cert(ca_key, ca, key, kept.addresses, kept.host_names, now)
        _write(key_path, certs.key_pem(key), 0o600)
        _write(cert_path, certs.cert_pem(cert), 0o644)
        messages.append(f"new server certificate ({reason}): {certs.describe(kept)}")
    return Served(cert_path, key_path, cert, ca, ca_path, tuple(messages))


def own(cert_path: Path, key_path: Path, now: datetime) -> Served:
    """An organisation's own certificate (and chain) and key, checked before serving."""
    try:
        chain = x509.load_pem_x509_certificates(Path(cert_path).read_bytes())
        key = serialization.load_pem_private_key(Path(key_path).read_bytes(), password=None)
    except (OSError, ValueError) as error:
        raise CertError(f"cannot read the certificate or key: {error}") from error
    cert = chain[0]
    if not certs.key_matches(cert, key):
        raise CertError(f"{key_path} is not the key of {cert_path}")
    if not cert.not_valid_before_utc <= now <= cert.not_valid_after_utc:
        raise CertError(
            f"{cert_path} is valid from {cert.not_valid_before_utc:%Y-%m-%d} "
            f"to {cert.not_valid_after_utc:%Y-%m-%d} only"
        )
    return Served(Path(cert_path), Path(key_path), cert, None, None)


def local_ca(keys_dir: Path) -> x509.Certificate | None:
    """The local CA's certificate, when this laptop has made one."""
    path = tls_dir(keys_dir) / CA_CERT
    try:
        return load_cert(path)
    except (OSError, ValueError):
        return None


def wanted_names(addresses: list[IPAddress], host_names: list[str]) -> Names:
    return Names(frozenset(addresses), frozenset(n.lower() for n in host_names))
