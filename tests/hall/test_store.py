"""The certificate files under keys/tls/: made once, private, renewed when an address changes."""

from __future__ import annotations

import ipaddress
import stat
from datetime import UTC, datetime, timedelta

import pytest

from ballot_service.hall import certs, store
from ballot_service.hall.certs import CertError

NOW = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
A = ipaddress.ip_address("192.168.1.20")
B = ipaddress.ip_address("10.0.0.7")
LOOP = ipaddress.ip_address("127.0.0.1")


def _mode(path):
    return stat.S_IMODE(path.stat().st_mode)


def _files(tmp_path):
    folder = store.tls_dir(tmp_path)
    return {name: (folder / name).read_bytes() for name in sorted(p.name for p in folder.iterdir())}


def test_first_use_makes_a_private_ca_and_certificate(tmp_path):
    served = store.ensure(tmp_path, store.wanted_names([A, LOOP], ["laptop"]), NOW)
    folder = store.tls_dir(tmp_path)
    assert _mode(folder) == 0o700
    assert _mode(folder / store.CA_KEY) == 0o600 and _mode(folder / store.SERVER_KEY) == 0o600
    assert served.ca is not None and certs.issued_by(served.cert, served.ca)
    assert certs.names_of(served.cert).addresses == {A, LOOP}
    assert any("created the local certificate authority" in m for m in served.messages)
    assert set(_files(tmp_path)) == {
        store.CA_CERT,
        store.CA_KEY,
        store.SERVER_CERT,
        store.SERVER_KEY,
    }


def test_nothing_changes_while_the_addresses_stay(tmp_path):
    wanted = store.wanted_names([A], ["laptop"])
    store.ensure(tmp_path, wanted, NOW)
    before = _files(tmp_path)
    again = store.ensure(tmp_path, wanted, NOW + timedelta(days=3))
    assert again.messages == () and _files(tmp_path) == before


def test_a_new_address_renews_the_server_certificate_not_the_ca(tmp_path):
    first = store.ensure(tmp_path, store.wanted_names([A], ["laptop"]), NOW)
    second = store.ensure(tmp_path, store.wanted_names([B], ["laptop"]), NOW)
    assert second.ca is not None and first.ca is not None
    assert second.ca.fingerprint(certs.hashes.SHA256()) == first.ca.fingerprint(
        certs.hashes.SHA256()
    )
    assert certs.names_of(second.cert).addresses == {B}
    assert any("addresses changed" in m for m in second.messages)


def test_renewed_before_it_expires_and_when_its_key_was_replaced(tmp_path):
    wanted = store.wanted_names([A], ["laptop"])
    first = store.ensure(tmp_path, wanted, NOW)
    late = store.ensure(tmp_path, wanted, NOW + timedelta(days=380))
    assert late.cert.serial_number != first.cert.serial_number
    (store.tls_dir(tmp_path) / store.SERVER_KEY).write_bytes(certs.key_pem(certs.new_key()))
    fixed = store.ensure(tmp_path, wanted, NOW + timedelta(days=381))
    assert any("key file does not match" in m for m in fixed.messages)


def test_names_outside_the_constraints_are_left_out(tmp_path):
    public = ipaddress.ip_address("203.0.113.9")
    served = store.ensure(tmp_path, store.wanted_names([A, public], ["laptop"]), NOW)
    assert certs.names_of(served.cert).addresses == {A}
    assert any("203.0.113.9" in m and "name constraints" in m for m in served.messages)


def test_a_loose_folder_mode_is_tightened(tmp_path):
    folder = store.tls_dir(tmp_path)
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    store.ensure(tmp_path, store.wanted_names([A], []), NOW)
    assert _mode(folder) == 0o700


def test_an_organisations_own_certificate_is_checked(tmp_path):
    ca_key = certs.new_key()
    ca = certs.make_ca(ca_key, [], NOW)
    key = certs.new_key()
    cert = certs.make_server_cert(ca_key, ca, key, [A], [], NOW)
    cert_path, key_path = tmp_path / "org.pem", tmp_path / "org.key"
    cert_path.write_bytes(certs.cert_pem(cert) + certs.cert_pem(ca))  # leaf then chain
    key_path.write_bytes(certs.key_pem(key))
    served = store.own(cert_path, key_path, NOW)
    assert served.ca is None and served.cert == cert
    with pytest.raises(CertError, match="valid from"):
        store.own(cert_path, key_path, NOW + timedelta(days=500))
    key_path.write_bytes(certs.key_pem(certs.new_key()))
    with pytest.raises(CertError, match="is not the key"):
        store.own(cert_path, key_path, NOW)
    with pytest.raises(CertError, match="cannot read"):
        store.own(tmp_path / "missing.pem", key_path, NOW)
