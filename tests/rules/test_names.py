"""Vietnamese order of names (issue 14.3): given name, then family name, then middle names; the
Vietnamese alphabet (Đ after D, Ă Â after A); tones only break ties."""

from __future__ import annotations

from ballot_service.rules.names import person_key, text_key


def test_given_name_first_and_d_before_dj() -> None:
    names = [
        "Đỗ Văn Dũng",
        "Nguyễn Thị Đào",
        "Trần Văn Dung",
        "Lê Thị Bình",
        "Phạm Văn An",
        "Vũ Văn Ăn",
        "Hoàng Văn Ân",
        "Bùi Thị Ánh",
        "Lê Thị Anh",
        "Đặng Văn Em",
        "Nguyễn Văn Ân",
    ]
    assert sorted(names, key=person_key) == [
        "Phạm Văn An",
        "Lê Thị Anh",
        "Bùi Thị Ánh",
        "Vũ Văn Ăn",
        "Hoàng Văn Ân",
        "Nguyễn Văn Ân",
        "Lê Thị Bình",
        "Trần Văn Dung",
        "Đỗ Văn Dũng",
        "Nguyễn Thị Đào",
        "Đặng Văn Em",
    ]


def test_plain_text_in_vietnamese_order() -> None:
    assert sorted(["Zeta", "Đà Nẵng", "Ea", "Da Lat", "Ăn"], key=text_key) == [
        "Ăn",
        "Da Lat",
        "Đà Nẵng",
        "Ea",
        "Zeta",
    ]


def test_case_does_not_matter_and_a_single_word_sorts_as_text() -> None:
    assert person_key("an")[0] == person_key("AN")[0]
    assert sorted(["Bình", "an"], key=person_key) == ["an", "Bình"]
