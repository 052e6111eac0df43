"""The hall's certificates (pure): what browsers and tablets require of them, checked with
cryptography's own path validation (which enforces the CA's name constraints)."""

from __future__ import annotations

import ipaddress
from datetime import UTC, datetime, timedelta

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID
from cryptography.x509.verification import PolicyBuilder, Store, VerificationError

from ballot_service.hall import certs
from ballot_service.hall.certs import CertError, Names

NOW = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
LAN = ipaddress.ip_address("192.168.1.20")


def _pair(addresses=(LAN,), names=("hall-laptop", "hall-laptop.local")):
    ca_key = certs.new_key()
    ca = certs.make_ca(ca_key, ["hall-laptop"], NOW)
    key = certs.new_key()
    return ca_key, ca, key, certs.make_server_cert(ca_key, ca, key, addresses, names, NOW)


def _verifier(ca):
    return PolicyBuilder().store(Store([ca])).time(NOW + timedelta(hours=1))


def test_the_ca_is_a_constrained_p256_root():
    _, ca, _, _ = _pair()
    basic = ca.extensions.get_extension_for_class(x509.BasicConstraints)
    assert basic.critical and basic.value.ca and basic.value.path_length == 0
    assert ca.extensions.get_extension_for_class(x509.KeyUsage).value.key_cert_sign
    constraints = ca.extensions.get_extension_for_class(x509.NameConstraints).value
    permitted = {str(s.value) for s in constraints.permitted_subtrees}
    assert {"192.168.0.0/16", "10.0.0.0/8", "hall-laptop", "local"} <= permitted
    assert isinstance(ca.public_key(), ec.EllipticCurvePublicKey)


def test_the_server_certificate_is_what_browsers_accept():
    _, ca, key, cert = _pair()
    assert isinstance(cert.public_key(), ec.EllipticCurvePublicKey)
    assert cert.public_key().curve.name == "secp256r1"  # Chromium refuses Ed25519 here
    assert cert.not_valid_after_utc - cert.not_valid_before_utc <= timedelta(days=397)
    assert cert.not_valid_before_utc < NOW  # a tablet whose clock lags still accepts it
    eku = cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert list(eku) == [ExtendedKeyUsageOID.SERVER_AUTH]
    assert certs.names_of(cert) == Names(
        frozenset({LAN}), frozenset({"hall-laptop", "hall-laptop.local"})
    )
    assert certs.key_matches(cert, key) and not certs.key_matches(cert, certs.new_key())
    for name in (x509.IPAddress(LAN), x509.DNSName("hall-laptop.local")):
        chain = _verifier(ca).build_server_verifier(name).verify(cert, [])
        assert chain[-1] == ca


def test_a_name_the_certificate_does_not_carry_fails_verification():
    _, ca, _, cert = _pair()
    with pytest.raises(VerificationError):
        _verifier(ca).build_server_verifier(
            x509.IPAddress(ipaddress.ip_address("192.168.1.21"))
        ).verify(cert, [])


def test_the_ca_may_not_certify_public_addresses_or_other_hosts():
    ca_key, ca, key, _ = _pair()
    for address, names in (
        ([ipaddress.ip_address("8.8.8.8")], []),
        ([], ["www.google.com"]),
        ([], ["other-laptop"]),
    ):
        with pytest.raises(CertError, match="name constraints"):
            certs.make_server_cert(ca_key, ca, key, address, names, NOW)
    assert certs.within_constraints(ca, ipaddress.ip_address("10.1.2.3"))
    assert certs.within_constraints(ca, "hall-laptop.local")
    assert not certs.within_constraints(ca, ipaddress.ip_address("1.1.1.1"))


def _signed_anyway(ca_key, ca, key, name):
    """A certificate the CA key signs without make_server_cert's own check."""
    return (
        x509.CertificateBuilder()
        .subject_name(ca.subject)
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(7)
        .not_valid_before(NOW - timedelta(days=1))
        .not_valid_after(NOW + timedelta(days=30))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
            critical=False,
        )
        .sign(ca_key, certs.hashes.SHA256())
    )


def test_a_certificate_the_ca_signs_outside_its_constraints_is_refused_by_verifiers():
    """Were the CA key used outside the constraints, a verifier still refuses the result."""
    ca_key, ca, key, _ = _pair()
    inside = _signed_anyway(ca_key, ca, key, "hall-laptop.local")
    _verifier(ca).build_server_verifier(x509.DNSName("hall-laptop.local")).verify(inside, [])
    rogue = _signed_anyway(ca_key, ca, key, "www.example.com")
    with pytest.raises(VerificationError, match=r"(?i)constraint"):
        _verifier(ca).build_server_verifier(x509.DNSName("www.example.com")).verify(rogue, [])


def test_renewal_reasons():
    _, ca, _, cert = _pair()
    wanted = certs.names_of(cert)
    assert certs.renewal_reason(cert, ca, wanted, NOW) is None
    moved = Names(frozenset({ipaddress.ip_address("192.168.1.21")}), wanted.host_names)
    assert "addresses changed" in (certs.renewal_reason(cert, ca, moved, NOW) or "")
    late = NOW + timedelta(days=380)
    assert "expires" in (certs.renewal_reason(cert, ca, wanted, late) or "")
    other_ca = certs.make_ca(certs.new_key(), [], NOW)
    assert "not issued" in (certs.renewal_reason(cert, other_ca, wanted, NOW) or "")


def test_fingerprint_is_grouped_as_tablets_show_it():
    _, ca, _, _ = _pair()
    fingerprint = certs.fingerprint(ca)
    pairs = fingerprint.split(":")
    assert len(pairs) == 32 and all(len(p) == 2 and p == p.upper() for p in pairs)
    assert bytes.fromhex("".join(pairs)) == ca.fingerprint(certs.hashes.SHA256())


def test_host_names_are_checked():
    assert certs.valid_dns_name("hall-laptop.local")
    assert not certs.valid_dns_name("bad_name")
    assert not certs.valid_dns_name("*.local")
    ca_key, ca, key, _ = _pair()
    with pytest.raises(CertError):
        certs.make_server_cert(ca_key, ca, key, [], [], NOW)
