"""The verifier's short human-readable report, in Vietnamese (default) or English."""

from __future__ import annotations

from collections.abc import Mapping

from ..record.result import NO_BALLOTS_BAND
from ..rules.formatting import format_int, format_percent
from ..rules.kinds import Lang
from ..rules.results import Band
from .checks import Summary

_TEXT: Mapping[Lang, Mapping[str, str]] = {
    "vi": {
        "valid": "HỢP LỆ: hồ sơ cuộc bỏ phiếu {poll} ({kind}) đã được kiểm tra đầy đủ",
        "invalid": "KHÔNG HỢP LỆ",
        "unreadable": "KHÔNG ĐỌC ĐƯỢC",
        "unchecked": "không kiểm tra được hồ sơ",
        "usage_error": "lỗi",
        "fingerprint": "Dấu vân tay cuộc bỏ phiếu",
        "log": "Nhật ký {log}: {entries} mục, {checkpoints} điểm kiểm tra ({cosig} chữ ký nhân "
        "chứng có trong hồ sơ, chưa được kiểm tra: không có khóa của nhân chứng)",
        "log_witnessed": "Nhật ký {log}: {entries} mục, {checkpoints} điểm kiểm tra ({cosig} chữ "
        "ký nhân chứng có trong hồ sơ)",
        "signer": "Điểm kiểm tra cuối được ký bởi khóa có dấu vân tay",
        "earlier_keys": "Các điểm kiểm tra trước đó còn được ký bởi khóa",
        "pinned": "Khóa ký điểm kiểm tra cuối khớp với dấu vân tay đã cho (--log-key)",
        "unpinned": "Tính xác thực: đối chiếu dấu vân tay khóa nhật ký với dấu vân tay in trong "
        "biên bản hoặc trên bảng tin, hoặc chạy lại với --log-key",
        "earlier": "Khớp với điểm kiểm tra đã lưu (kích thước {size})",
        "witnessed": "Chữ ký nhân chứng đã kiểm tra: {cosig}, của {names} (đủ ở mọi thời điểm "
        "then chốt: khóa, mở, đóng, kết quả)",
        "checked": "Đã kiểm tra: {proofs} chứng minh (khóa {dkg}, phiếu {ballot}, giải mã "
        "{share}), {sigs} chữ ký phiếu, {cps} chữ ký điểm kiểm tra",
        "trustees": "Ban kiểm phiếu: {n} thành viên, ngưỡng {k}; giải mã bởi thành viên {who}",
        "ballots": "Thẻ: {cards} phát hành, {voided} hủy; phiếu thu vào: {ballots}",
        "denominator": "Mẫu số: {label} = {n} (tổng số đại biểu {total}, có mặt {present})",
        "official": "Người được lấy phiếu",
        "blank": "Để trống",
        "band": "Kết quả",
        "no_ballots": "Không có phiếu",
    },
    "en": {
        "valid": "VALID: election record of {poll} ({kind}) fully verified",
        "invalid": "INVALID",
        "unreadable": "UNREADABLE",
        "unchecked": "the record could not be checked",
        "usage_error": "error",
        "fingerprint": "Election fingerprint",
        "log": "Log {log}: {entries} entries, {checkpoints} checkpoints ({cosig} witness "
        "cosignatures present, not checked: no witness keys given)",
        "log_witnessed": "Log {log}: {entries} entries, {checkpoints} checkpoints ({cosig} "
        "witness cosignatures present)",
        "signer": "Last checkpoint signed by",
        "earlier_keys": "Earlier checkpoints also signed by",
        "pinned": "The last checkpoint is signed by the key with the given fingerprint (--log-key)",
        "unpinned": "Authenticity: compare the log key fingerprint with the one printed in the "
        "minutes or on the bulletin board, or run again with --log-key",
        "earlier": "Consistent with the saved checkpoint (size {size})",
        "witnessed": "Witness cosignatures checked: {cosig}, by {names} (present at every key "
        "moment: key, opening, closing, result)",
        "checked": "Checked: {proofs} proofs (key ceremony {dkg}, ballots {ballot}, decryption "
        "{share}), {sigs} ballot signatures, {cps} checkpoint signatures",
        "trustees": "Counting committee: {n} members, threshold {k}; decrypted by members {who}",
        "ballots": "Cards: {cards} issued, {voided} voided; ballots collected: {ballots}",
        "denominator": "Denominator: {label} = {n} (total delegates {total}, present {present})",
        "official": "Official",
        "blank": "Blank",
        "band": "Band",
        "no_ballots": "No ballots",
    },
}


def text(key: str, lang: Lang) -> str:
    """A fixed phrase of the report in ``lang``."""
    return _TEXT[lang][key]


def printable(line: str) -> str:
    """``line`` with every character a terminal could act on escaped as Python writes it
    (\\x1b, \\u202e, \\U000e0001): controls, bidi overrides, line and paragraph separators,
    anything not printable. Every line the verifier prints goes through it (issue 10.17)."""
    if line.isprintable():
        return line
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in line)


def _grouped(fingerprint: str) -> str:
    return " ".join(fingerprint[i : i + 4] for i in range(0, len(fingerprint), 4))


def _band(code: str, lang: Lang) -> str:
    if code == NO_BALLOTS_BAND:
        return text("no_ballots", lang)
    return f"{Band(code).labels.get(lang)} [{code}]"


def render(summary: Summary, lang: Lang = "vi") -> str:
    """The report of a valid record: what was checked, the keys, and the result table."""
    t = _TEXT[lang]

    def n(value: int) -> str:
        return format_int(value, lang)

    result = summary.result
    lines = [
        t["valid"].format(poll=summary.poll_id, kind=summary.kind.labels.get(lang)),
        f"{t['fingerprint']}: {summary.fingerprint}",
        t["log_witnessed" if summary.witnesses else "log"].format(
            log=summary.log_id,
            entries=n(summary.log_entries),
            checkpoints=n(summary.checkpoints),
            cosig=n(summary.cosignatures),
        ),
        f"{t['signer']}: {_grouped(summary.signer)}",
        *(
            f"{t['earlier_keys']}: {_grouped(fp)}"
            for fp in summary.key_fingerprints
            if fp != summary.signer
        ),
        t["pinned"] if summary.log_key_pinned else t["unpinned"],
    ]
    if summary.earlier_checkpoint is not None:
        lines.append(t["earlier"].format(size=n(summary.earlier_checkpoint)))
    if summary.witnesses:
        lines.append(
            t["witnessed"].format(
                cosig=n(summary.cosignatures_checked), names=", ".join(summary.witnesses)
            )
        )
    lines += [
        t["checked"].format(
            proofs=n(summary.proofs),
            dkg=n(summary.dkg_proofs),
            ballot=n(summary.ballot_proofs),
            share=n(summary.share_proofs),
            sigs=n(summary.ballot_signatures),
            cps=n(summary.checkpoints),
        ),
        t["trustees"].format(
            n=summary.trustees,
            k=summary.threshold,
            who=", ".join(map(str, summary.trustees_decrypting)),
        ),
        t["ballots"].format(
            cards=n(summary.credentials), voided=n(summary.voided), ballots=n(summary.ballots)
        ),
        t["denominator"].format(
            label=result.denominator.labels.get(lang),
            n=n(result.n),
            total=n(result.total_delegates),
            present=n(result.delegates_present),
        ),
        "",
        " | ".join(
            [
                "#",
                t["official"],
                *(level.labels.get(lang) for level in summary.levels),
                t["blank"],
                t["band"],
            ]
        ),
    ]
    for row in result.rows:
        cells = [
            f"{n(c)} ({format_percent(p, lang)})"
            for c, p in zip(row.counts, row.percentages, strict=True)
        ]
        lines.append(
            " | ".join([str(row.index + 1), row.name, *cells, n(row.blank), _band(row.band, lang)])
        )
    return "".join(printable(line) + "\n" for line in lines)
