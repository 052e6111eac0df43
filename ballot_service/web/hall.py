"""The hall's set-up page for tablets (public; served over plain HTTP too, with the CA file),
the HTTPS reachability check and clock reports it sends, and the secretariat's pre-session check.
"""

from __future__ import annotations

import ipaddress
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from flask import Blueprint, abort, current_app, g, render_template, request
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from ..hall import certs, clock, store
from ..hall.server import host_port
from ..services import doctor
from .api import json_route
from .auth import role_required
from .minutes import qr_svg
from .security import csrf

bp = Blueprint("hall", __name__)


def _local_ca() -> Any:
    settings = current_app.extensions["ballot_settings"]
    return None if settings.tls_cert is not None else store.local_ca(settings.keys_dir)


def _host() -> str:
    """The host the tablets reach: the one the browser used, or the laptop's first hall
    address when the page is opened on the laptop itself (localhost)."""
    host = request.host
    name = host[1 : host.find("]")] if host.startswith("[") else host.rsplit(":", 1)[0]
    addresses = current_app.config.get("HALL_ADDRESSES") or []
    try:
        loopback = ipaddress.ip_address(name).is_loopback
    except ValueError:
        if not certs.valid_dns_name(name):  # a forged Host header goes into no URL or header
            name = "localhost"
        loopback = name == "localhost"
    if loopback and addresses:
        return str(addresses[0])
    return name


def hall_bases() -> tuple[str, str | None]:
    """The hall's two base URLs for the current request, without a trailing slash.

    ``(plain, secure)``: ``plain`` is the plain-HTTP base the tablets reach before they trust the
    hall's CA (the set-up page, the CA file); ``secure`` is the HTTPS base the tablets vote on
    (the set-up page's check, the card URLs of the cards page), or None when the hall serves no
    HTTPS and this request is not secure. The host is the one the tablets reach (``_host``).
    """
    config, host = current_app.config, _host()
    https_port, http_port = config.get("HALL_HTTPS_PORT"), config.get("HALL_HTTP_PORT")
    plain = f"http://{host_port(host, http_port)}" if http_port else request.host_url.rstrip("/")
    if https_port:
        return plain, f"https://{host_port(host, https_port)}"
    return plain, request.host_url.rstrip("/") if request.is_secure else None


@bp.get("/setup")
@bp.get("/setup/")
def setup() -> str:
    lang = request.args.get("lang", "")
    if lang not in current_app.config["LANGUAGES"]:
        lang = current_app.config["BABEL_DEFAULT_LOCALE"]
    ca = _local_ca()
    plain, secure = hall_bases()
    if secure:
        g.csp_connect = secure  # the check fetches the HTTPS origin (security.py)
    with force_locale(lang):
        return render_template(
            "hall/setup.html",
            lang=lang,
            ca=ca,
            fingerprint=certs.fingerprint(ca) if ca is not None else None,
            ca_url=f"{plain}/setup/ca.crt",
            setup_url=f"{plain}/setup",
            secure=secure,
            qr_ca=qr_svg(f"{plain}/setup/ca.crt") if ca is not None else None,
            qr_setup=qr_svg(f"{plain}/setup"),
        )


@bp.get("/setup/ca.crt")
def ca_file() -> Response:
    """The local CA certificate (DER, the form Android and iPadOS install from a download)."""
    ca = _local_ca()
    if ca is None:
        abort(404)
    response = Response(
        ca.public_bytes(serialization.Encoding.DER), mimetype="application/x-x509-ca-cert"
    )
    response.headers["Content-Disposition"] = 'attachment; filename="ballot_service-ca.crt"'
    return response


def _cors(response: Response) -> Response:
    """The set-up page may be on the plain-HTTP origin; these two answers are for it."""
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@bp.get("/setup/reach")
@json_route
def reach() -> Response:
    """Answers only over HTTPS (plain HTTP redirects here): the tablet trusts the CA."""
    return _cors(
        Response(
            json.dumps(
                {"ok": request.is_secure, "time": int(datetime.now(UTC).timestamp() * 1000)}
            ),
            mimetype="application/json",
        )
    )


def _address() -> str:
    """The reporting device's address (the hall serves no proxy: the peer is the device)."""
    return request.remote_addr or ""


@bp.post("/setup/clock")
@csrf.exempt  # public, unauthenticated and harmless: a device reports what its clock says
@json_route(accepts=("text/plain", "application/json"))  # text/plain: no CORS preflight
def clock_report() -> tuple[Response, int]:
    """The device's clock, as a JSON body {"time": milliseconds since 1970}. Anyone on the
    hall's network may send it: each address counts once and reports at most every 10 s
    (429), and logged-in staff computers decide the laptop's verdict (hall/clock.py)."""
    received = datetime.now(UTC)
    try:
        body = json.loads(request.get_data(cache=False, as_text=True)[:200])
        device_ms = body["time"]
        if not isinstance(device_ms, int) or isinstance(device_ms, bool):
            raise TypeError
        who = current_user.role if current_user.is_authenticated else "device"
        agent = request.headers.get("User-Agent", "")
        report = clock.record(
            Path(current_app.instance_path), device_ms, received, who, agent, _address()
        )
    except clock.TooSoon:
        answer = {"error": _("This device reported its time a moment ago; try again later.")}
        busy = _cors(Response(json.dumps(answer), mimetype="application/json"))
        busy.headers["Retry-After"] = str(int(clock.GAP.total_seconds()))
        return busy, 429
    except (ValueError, KeyError, TypeError):
        return _cors(
            Response(
                json.dumps({"error": "time: milliseconds since 1970"}), mimetype="application/json"
            )
        ), 400
    drift_ms = int(report.drift.total_seconds() * 1000)
    return _cors(Response(json.dumps({"drift_ms": drift_ms}), mimetype="application/json")), 200


@bp.get("/admin/doctor")
@role_required("admin")
def doctor_page() -> str:
    return render_template("admin/doctor.html", checks=doctor.run_all())
