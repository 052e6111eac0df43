"""The hall's local certificate authority and server certificate (pure: no files, no clock).

* The CA: ECDSA P-256, basicConstraints CA:TRUE pathlen 0, keyUsage keyCertSign/cRLSign, and
  nameConstraints permitting only private and loopback IP ranges and the laptop's own host
  names (and .local), so a tablet that trusts it trusts nothing else it could sign.
* The server certificate: ECDSA P-256 (Chromium refuses Ed25519 server certificates), SAN with
  the laptop's IP addresses and host names, EKU serverAuth, valid 397 days at most (what
  browsers accept), starting a day early for tablets whose clock lags.
"""

from __future__ import annotations

import hashlib
import ipaddress
import re
from base64 import b64encode
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

CA_DAYS = 5 * 365
SERVER_DAYS = 397  # the most browsers accept for a server certificate
BACKDATE = timedelta(days=1)
RENEW_BEFORE = timedelta(days=30)
ORGANISATION = "ballot_service"

# The ranges a hall network uses: RFC 1918, loopback, link-local, IPv6 unique local.
PERMITTED_NETWORKS = tuple(
    ipaddress.ip_network(net)
    for net in (
        "10.0.0.0/8",
        "172.16.0.0/12",
        "192.168.0.0/16",
        "127.0.0.0/8",
        "169.254.0.0/16",
        "fc00::/7",
        "fe80::/10",
        "::1/128",
    )
)
_LABEL = re.compile(r"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")


class CertError(ValueError):
    """A certificate or key that cannot serve the hall; the message says why."""


def valid_dns_name(name: str) -> bool:
    """A host name a certificate may carry: dot-separated LDH labels, no wildcard."""
    labels = name.lower().rstrip(".").split(".")
    return 0 < len(name) <= 253 and all(_LABEL.match(label) for label in labels)


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, ORGANISATION),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name[:64]),
        ]
    )


def _server_subject(names: list[str]) -> x509.Name:
    """The server certificate's subject. Browsers read only the SAN; OpenSSL checks a subject
    CN against the CA's DNS constraints when the SAN has no host name, so the CN is a host
    name from the SAN or absent (an address there would violate the constraints)."""
    name = next((n for n in names if n != "localhost"), names[0] if names else None)
    if name is None:
        return x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, ORGANISATION)])
    return _name(name)


def new_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def make_ca(
    key: ec.EllipticCurvePrivateKey, host_names: Iterable[str], now: datetime
) -> x509.Certificate:
    """A self-signed CA limited (nameConstraints) to hall addresses and these host names."""
    names = sorted({n.lower() for n in host_names if valid_dns_name(n)} | {"local", "localhost"})
    subject = _name(f"ballot_service hall CA {now:%Y-%m-%d}")
    ski = x509.SubjectKeyIdentifier.from_public_key(key.public_key())
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - BACKDATE)
        .not_valid_after(now + timedelta(days=CA_DAYS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.NameConstraints(
                permitted_subtrees=[x509.IPAddress(net) for net in PERMITTED_NETWORKS]
                + [x509.DNSName(n) for n in names],
                excluded_subtrees=None,
            ),
            critical=True,
        )
        .add_extension(ski, critical=False)
        .sign(key, hashes.SHA256())
    )


def _permitted(
    ca: x509.Certificate,
) -> tuple[list[ipaddress.IPv4Network | ipaddress.IPv6Network], list[str]]:
    try:
        constraints = ca.extensions.get_extension_for_class(x509.NameConstraints).value
    except x509.ExtensionNotFound:
        return [ipaddress.ip_network("0.0.0.0/0"), ipaddress.ip_network("::/0")], [""]
    subtrees = constraints.permitted_subtrees or []
    nets = [s.value for s in subtrees if isinstance(s, x509.IPAddress)]
    dns = [s.value.lower() for s in subtrees if isinstance(s, x509.DNSName)]
    return nets, dns  # type: ignore[return-value]


def within_constraints(ca: x509.Certificate, name: IPAddress | str) -> bool:
    """Whether the CA may certify this address or host name."""
    nets, dns = _permitted(ca)
    if isinstance(name, str):
        host = name.lower().rstrip(".")
        return any(not d or host == d or host.endswith("." + d) for d in dns)
    return any(name.version == net.version and name in net for net in nets)


def make_server_cert(
    ca_key: ec.EllipticCurvePrivateKey,
    ca: x509.Certificate,
    key: ec.EllipticCurvePrivateKey,
    addresses: Iterable[IPAddress],
    host_names: Iterable[str],
    now: datetime,
) -> x509.Certificate:
    """The laptop's certificate for these addresses and names (each must be within the CA's
    constraints: CertError otherwise)."""
    ips = sorted(set(addresses), key=lambda a: (a.version, int(a)))
    names = sorted({n.lower() for n in host_names})
    if not ips and not names:
        raise CertError("a server certificate needs at least one address or host name")
    for item in [*ips, *names]:
        if isinstance(item, str) and not valid_dns_name(item):
            raise CertError(f"{item!r} is not a valid host name")
        if not within_constraints(ca, item):
            raise CertError(f"the local CA may not certify {item} (outside its name constraints)")
    sans: list[x509.GeneralName] = [x509.IPAddress(ip) for ip in ips]
    sans += [x509.DNSName(n) for n in names]
    not_before = now - BACKDATE
    return (
        x509.CertificateBuilder()
        .subject_name(_server_subject(names))
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_before + timedelta(days=SERVER_DAYS))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.SubjectAlternativeName(sans), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )


@dataclass(frozen=True)
class Names:
    """The addresses and host names a server certificate carries."""

    addresses: frozenset[IPAddress]
    host_names: frozenset[str]


def names_of(cert: x509.Certificate) -> Names:
    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        return Names(frozenset(), frozenset())
    return Names(
        frozenset(san.get_values_for_type(x509.IPAddress)),  # type: ignore[arg-type]
        frozenset(n.lower() for n in san.get_values_for_type(x509.DNSName)),
    )


def renewal_reason(
    cert: x509.Certificate,
    ca: x509.Certificate | None,
    wanted: Names,
    now: datetime,
) -> str | None:
    """Why this server certificate must be replaced (None: it still serves)."""
    if ca is not None and not issued_by(cert, ca):
        return "not issued by the local CA"
    if now < cert.not_valid_before_utc:
        return "not valid yet"
    if now + RENEW_BEFORE > cert.not_valid_after_utc:
        return "expires within 30 days"
    have = names_of(cert)
    if have != wanted:
        return f"the addresses changed (certificate: {describe(have)}; now: {describe(wanted)})"
    return None


def issued_by(cert: x509.Certificate, ca: x509.Certificate) -> bool:
    try:
        cert.verify_directly_issued_by(ca)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True


def describe(names: Names) -> str:
    ips = sorted(names.addresses, key=lambda a: (a.version, int(a)))
    return ", ".join([*map(str, ips), *sorted(names.host_names)]) or "—"


def fingerprint(cert: x509.Certificate) -> str:
    """SHA-256 of the certificate, as Android and iPadOS show it: AB:CD:… (32 pairs)."""
    digest = cert.fingerprint(hashes.SHA256()).hex().upper()
    return ":".join(digest[i : i + 2] for i in range(0, len(digest), 2))


def spki_sha256_base64(cert: x509.Certificate) -> str:
    """Base64 SHA-256 of the SubjectPublicKeyInfo (the form Chromium's SPKI flags take)."""
    spki = cert.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return b64encode(hashlib.sha256(spki).digest()).decode("ascii")


def key_pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def cert_pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def key_matches(cert: x509.Certificate, key: object) -> bool:
    """Whether the private key belongs to the certificate."""
    public = getattr(key, "public_key", None)
    if public is None:
        return False
    spki = serialization.PublicFormat.SubjectPublicKeyInfo
    der = serialization.Encoding.DER
    return bool(public().public_bytes(der, spki) == cert.public_key().public_bytes(der, spki))
