"""Bad input that reached a 500 or worse: the review's findings 10.11–10.13 and 10.17 (input)."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from ballot_service import db
from ballot_service.models import Council, Delegate, Official, Poll
from ballot_service.services import accounts, councils, polls
from ballot_service.services.errors import ServiceError
from ballot_service.web.converters import IdConverter
from ballot_service.web.security import HEADERS
from tests.helpers import login, make_council, make_poll, make_user

HUGE_IDS = ("0", str(2**31), str(2**31 + 1), str(2**63), str(2**64), "9" * 30, "9" * 5000)


@pytest.fixture
def admin(app):
    make_user("thuky", "admin")
    client = app.test_client()
    login(client, "thuky")
    return client


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0


def _id_rules(app):
    return [
        rule
        for rule in app.url_map.iter_rules()
        if any(isinstance(c, IdConverter) for c in rule._converters.values())
    ]


def test_every_integer_route_uses_the_bounded_converter(app):
    """issue 10.11: no route takes an unbounded <int:…> number."""
    assert _id_rules(app)
    for rule in app.url_map.iter_rules():
        for name, converter in rule._converters.items():
            if type(converter).__name__ == "IntegerConverter":  # only with a bound in range
                assert converter.max is not None and converter.max < 2**31, (rule.rule, name)


@pytest.mark.parametrize("role", ["admin", "committee", "auditor", None])
def test_ids_beyond_the_column_range_are_404(app, role):
    """issue 10.11: ids beyond 2^31 (PostgreSQL) or 2^63 (SQLite) in any URL gave a 500."""
    make_poll()
    client = app.test_client()
    if role:
        make_user(f"the{role}", role)
        login(client, f"the{role}")
    for rule in _id_rules(app):
        methods = sorted(rule.methods - {"HEAD", "OPTIONS"})
        for value in HUGE_IDS:
            path = rule.rule
            for argument in rule.arguments:
                path = path.replace(f"<id:{argument}>", value)
            for method in methods:
                response = client.open(path, method=method)
                assert response.status_code == 404, (method, path[:60], response.status_code)


def test_options_as_anonymous_is_not_a_500(app):
    """issue 10.12: OPTIONS on /admin/* and /committee/* as anonymous read current_user.role."""
    poll = make_poll()
    paths = [
        rule.rule.replace("<id:poll_id>", str(poll.id))
        .replace("<id:council_id>", str(poll.council_id))
        .replace("<id:official_id>", str(poll.rated[0].official_id))
        .replace("<id:user_id>", "1")
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith(("/admin", "/committee"))
    ]
    assert len(paths) > 10
    client = app.test_client()
    for path in paths:
        response = client.options(path)
        assert response.status_code < 500, path
        assert response.headers["Content-Security-Policy"] == HEADERS["Content-Security-Policy"]


def test_a_delegate_number_beyond_the_column_is_a_form_error(admin, app):
    """issue 10.13: the delegate form with a huge number escaped Flask's error handling."""
    council = make_council(delegates=0, total=10)
    for number in (str(2**31), str(2**63), "9" * 40):
        response = admin.post(
            f"/admin/councils/{council.id}/delegates",
            data={"action": "add", "one-number": number, "one-name": "Nguyễn Văn A"},
        )
        assert response.status_code == 400
        assert "Content-Security-Policy" in response.headers
    assert _count(Delegate) == 0
    with pytest.raises(ServiceError):
        councils.add_delegate(council, 2**31, "Nguyễn Văn A")


def test_nul_and_overlong_fields_are_form_errors(admin, app):
    """issue 10.13: fields over the column length and NUL characters (PostgreSQL refuses NUL)."""
    before = _count(Council)
    for name in ("HĐND xã\x00 A", "H" * 201):
        response = admin.post(
            "/admin/councils/new",
            data={"name": name, "level": "commune", "total_delegates": "9", "place": ""},
        )
        assert response.status_code == 400
    response = admin.post(
        "/admin/councils/new",
        data={"name": "HĐND xã B", "level": "commune", "total_delegates": "9", "place": "P\x00"},
    )
    assert response.status_code == 400
    assert "U+0000" in response.get_data(as_text=True)
    assert _count(Council) == before
    poll = make_poll()
    with pytest.raises(ServiceError) as refused:
        polls.update_poll(poll, "T" * 301, "", None, "", "ballots_collected")
    assert refused.value.field == "title"
    official = db.session.get(Official, poll.rated[0].official_id)
    with pytest.raises(ServiceError):
        councils.set_exclusion(official, True, "lý do\x00")


@pytest.mark.parametrize(
    ("csv", "why"),
    [
        ("²,Nguyễn Văn A\n", "isdigit() accepts the superscript two; int() does not"),
        ("٣,Nguyễn Văn A\n", "an Arabic-Indic digit"),
        (f"{2**31},Nguyễn Văn A\n", "a number over the column"),
        (f'1,"{"A" * 140_000}"\n', "a field over csv's 128 KiB limit"),
        (f"1,{'B' * 201}\n", "a name over the column"),
        ("1,Nguyễn\x00Văn A\n", "NUL"),
        ("1,\x1b[2JNguyễn Văn A\n", "a terminal escape"),
        ("1,Nguyễn \u202eVăn A\n", "a bidi override"),
    ],
)
def test_bad_csv_rows_are_clear_errors(admin, app, csv, why):
    """issue 10.13 and 10.17: each bad roster row is named; nothing is imported."""
    council = make_council(delegates=0, total=10)
    response = admin.post(
        f"/admin/councils/{council.id}/delegates",
        data={"action": "import", "csv-file": (io.BytesIO(csv.encode()), "roster.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400, why
    page = response.get_data(as_text=True)
    assert "Dòng 1:" in page, why
    assert _count(Delegate) == 0, why


def test_a_500_still_carries_the_security_headers(app):
    """issue 10.13: an error after a failed flush made the error page fail too, and waitress
    answered a bare 500 without the security headers."""
    app.config["PROPAGATE_EXCEPTIONS"] = False
    make_user("thuky", "admin")

    @app.get("/test-failed-flush")
    def _failed_flush() -> str:
        council = councils.create_council("HĐND thử lỗi", "commune", 9)
        council.delegates.append(Delegate(number=2**70, name="Tràn số", present=False))
        db.session.flush()  # the database refuses the number: the session must roll back
        return "unreachable"

    client = app.test_client()
    login(client, "thuky")  # the error page then reads the logged-in user from the database
    response = client.get("/test-failed-flush")
    assert response.status_code == 500
    for header, value in HEADERS.items():
        assert response.headers[header] == value


def test_last_resort_answer_carries_the_security_headers(app):
    """issue 10.13: even an error page that fails is answered with the headers."""
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/test-error-page-fails")
    def _boom() -> str:
        raise RuntimeError("the view fails")

    @app.errorhandler(500)
    def _error_page_fails(_error: Exception) -> str:
        raise RuntimeError("and so does the error page")

    response = app.test_client().get("/test-error-page-fails")
    assert response.status_code == 500
    for header, value in HEADERS.items():
        assert response.headers[header] == value


@pytest.mark.parametrize(
    "bad",
    ["\x1b[31m", "\x07", "\u202e", "\u2066", "\u200f", "\u061c", "\u2028", "\x00", "\ufeff"],
)
def test_names_with_control_or_bidi_characters_are_refused(app, bad):
    """issue 10.17 (input side): control and bidi characters in every name are refused."""
    council = make_council(delegates=3, total=10)
    name = f"Nguyễn{bad}Văn A"
    attempts = {
        "council": lambda: councils.create_council(name, "commune", 9),
        "council place": lambda: councils.update_council(
            council, council.name, "province", 10, name
        ),
        "delegate": lambda: councils.add_delegate(council, 9, name),
        "official": lambda: councils.save_official(council, name, ["Chủ tịch"], "council", 0),
        "position": lambda: councils.save_official(council, "Lê Thị B", [name], "council", 0),
        "poll title": lambda: polls.create_poll(council, "poll", name),
        "username": lambda: accounts.create_user(f"ab{bad}c", "sông Hồng chảy qua", "admin"),
        "official's account name": lambda: accounts.create_user(
            "abc", "sông Hồng chảy qua", "admin", name
        ),
    }
    for what, attempt in attempts.items():
        with pytest.raises(ServiceError):
            attempt()
            pytest.fail(f"{what} accepted {bad!r}")
        db.session.rollback()
    assert _count(Poll) == 0


def test_ordinary_vietnamese_names_and_line_breaks_in_positions_pass(app):
    """issue 10.17: the check refuses only what has no place in a name."""
    council = make_council(delegates=3, total=10)
    official = councils.save_official(
        council, "Đặng Thị Ngọc Hường", ["Phó Chủ tịch HĐND", "Trưởng ban Pháp chế"], "council", 0
    )
    assert official.positions == ["Phó Chủ tịch HĐND", "Trưởng ban Pháp chế"]
