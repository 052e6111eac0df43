"""Every template of a reason ``ballot-verify`` prints: (code, English, Vietnamese).

The English is exactly what the checks (verifier/) and the errors they report (crypto/,
ledger/, record/, rules/) write; the Vietnamese uses the words of GLOSSARY.md. Placeholders are
explained in messages.py. Where two templates fit a message, the one with more literal text
explains it.
"""

from __future__ import annotations

Entry = tuple[str, str, str]

# The objects a reason names before its colon ("ballot 3 (tracking code 3f2a…): …").
OBJECTS: tuple[Entry, ...] = (
    ("obj.ballot_code", "ballot {i} (tracking code {code}…)", "phiếu {i} (mã theo dõi {code}…)"),
    ("obj.ballot", "ballot {i}", "phiếu {i}"),
    ("obj.ballot_hex", "ballot {code}…", "phiếu {code}…"),
    ("obj.ballots", "ballots", "các phiếu"),
    ("obj.ballot_sum", "ballot sum", "tổng các phiếu"),
    ("obj.challenge", "challenge", "tệp kiểm tra mã hóa"),
    ("obj.checkpoint", "checkpoint {c}", "điểm kiểm tra {c}"),
    ("obj.checkpoint_size", "checkpoint size {size}", "điểm kiểm tra kích thước {size}"),
    (
        "obj.saved_checkpoint",
        "saved checkpoint size {size}",
        "điểm kiểm tra đã lưu kích thước {size}",
    ),
    ("obj.checkpoint_file", "checkpoint file {path}", "tệp điểm kiểm tra {path}"),
    (
        "obj.checkpoint_of",
        "checkpoint of {log} size {size} at {time}",
        "điểm kiểm tra của nhật ký {log} kích thước {size} lúc {time}",
    ),
    (
        "obj.checkpoint_of_size",
        "checkpoint of {log} size {size}",
        "điểm kiểm tra của nhật ký {log} kích thước {size}",
    ),
    ("obj.cosignature_by", "cosignature by {name}", "chữ ký nhân chứng của {name}"),
    ("obj.cosignatures_i", "cosignatures[{i}]", "chữ ký nhân chứng [{i}]"),
    ("obj.credential", "credential {c}", "thẻ phiếu {c}"),
    ("obj.voided_credential", "voided credential {v}", "thẻ phiếu bị hủy {v}"),
    ("obj.public_credential", "public credential", "khóa công khai của thẻ phiếu"),
    ("obj.decryption", "decryption", "giải mã"),
    ("obj.decryption_item", "decryption item {i}", "mục giải mã {i}"),
    (
        "obj.decryption_of_trustee",
        "decryption of trustee {m}",
        "phần giải mã của thành viên {m}",
    ),
    (
        "obj.decryption_of_official",
        "decryption of official {i}",
        "giải mã của người được lấy phiếu {i}",
    ),
    (
        "obj.decryption_share_cell",
        "decryption share of trustee {m}, official {i} level {j}",
        "phần giải mã của thành viên {m}, người được lấy phiếu {i} mức {j}",
    ),
    (
        "obj.decryption_share_of",
        "decryption share of trustee {m}",
        "phần giải mã của thành viên {m}",
    ),
    ("obj.decryption_share", "decryption share", "phần giải mã"),
    ("obj.dkg", "dkg", "lễ tạo khóa"),
    ("obj.dkg_upper", "DKG", "lễ tạo khóa"),
    ("obj.dkg_commitment", "dkg commitment {m}", "cam kết của thành viên {m} trong lễ tạo khóa"),
    (
        "obj.dkg_commitment_of",
        "DKG commitment of trustee {m}",
        "cam kết của thành viên {m} trong lễ tạo khóa",
    ),
    ("obj.dkg_commitment_any", "DKG commitment", "cam kết trong lễ tạo khóa"),
    ("obj.proof_of_a", "proof of A_{j}", "chứng minh của A_{j}"),
    ("obj.a_j", "A_{j}", "A_{j}"),
    ("obj.log", "log", "nhật ký"),
    ("obj.log_entry", "log entry {seq}", "mục nhật ký {seq}"),
    ("obj.log_key", "log key", "khóa ký nhật ký"),
    ("obj.log_public_key", "log public key {i}", "khóa công khai {i} của nhật ký"),
    ("obj.manifest", "manifest", "bản mô tả cuộc bỏ phiếu"),
    ("obj.manifest_officials", "manifest officials", "danh sách người được lấy phiếu"),
    ("obj.record", "record", "hồ sơ"),
    ("obj.result", "result", "kết quả"),
    ("obj.result_official", "result official {i}", "kết quả của người được lấy phiếu {i}"),
    ("obj.tally", "tally", "tổng mã hóa"),
    (
        "obj.tally_cell",
        "tally official {i} level {j}",
        "tổng mã hóa của người được lấy phiếu {i} mức {j}",
    ),
    (
        "obj.tally_cell_colon",
        "tally: official {i} level {j}",
        "tổng mã hóa: người được lấy phiếu {i} mức {j}",
    ),
    ("obj.official_level", "official {i} level {j}", "người được lấy phiếu {i} mức {j}"),
    ("obj.official", "official {i}", "người được lấy phiếu {i}"),
    ("obj.proof_01", "0/1 proof", "chứng minh 0/1"),
    ("obj.row_proof", "row proof", "chứng minh của dòng"),
    ("obj.proof", "proof", "chứng minh"),
    ("obj.challenges_i", "challenges[{i}]", "thách thức [{i}]"),
    ("obj.responses_i", "responses[{i}]", "phản hồi [{i}]"),
    ("obj.signature", "signature", "chữ ký"),
    ("obj.point", "point", "điểm trên đường cong"),
    ("obj.secret", "secret", "khóa bí mật"),
    ("obj.election_key", "election key", "khóa của cuộc bỏ phiếu"),
    ("obj.election_key_field", "election_key", "khóa của cuộc bỏ phiếu (election_key)"),
    ("obj.ballot_nonces", "ballot nonces", "số ngẫu nhiên của phiếu"),
    ("obj.officials_field", "officials", "danh sách người được lấy phiếu (officials)"),
    ("obj.nonces", "nonces", "số ngẫu nhiên (nonces)"),
    ("obj.cells", "cells", "các ô (cells)"),
    ("obj.commitments", "commitments", "các cam kết (commitments)"),
    ("obj.kdf", "kdf", "kdf"),
    ("obj.indexed", "{name}[{i}]", "{name}[{i}]"),
    ("obj.proof_j", "proof {j}", "chứng minh {j}"),
    ("obj.scalar", "scalar", "số vô hướng"),
    ("obj.discrete_log", "discrete log", "logarit rời rạc"),
    ("obj.ciphertext", "ciphertext", "bản mã (ciphertext)"),
    ("obj.dkg_share", "DKG share", "phần khóa của lễ tạo khóa"),
    ("obj.cipher", "cipher", "thuật toán mã hóa (cipher)"),
    ("key.alpha", "alpha", "α (alpha)"),
    ("key.beta", "beta", "β (beta)"),
    ("key.signature_challenge", "signature: challenge", "chữ ký: thách thức (challenge)"),
    ("key.signature_response", "signature: response", "chữ ký: phản hồi (response)"),
    ("key.proof_challenge", "proof: challenge", "chứng minh: thách thức (challenge)"),
    ("key.proof_response", "proof: response", "chứng minh: phản hồi (response)"),
    ("key.challenges", "challenges", "các thách thức (challenges)"),
    ("key.response", "response", "phản hồi (response)"),
    ("key.responses", "responses", "các phản hồi (responses)"),
    ("key.credential", "credential", "thẻ phiếu (credential)"),
    ("key.election", "election", "cuộc bỏ phiếu (election)"),
    ("key.levels", "levels", "số mức (levels)"),
    ("key.nonce", "nonce", "số ngẫu nhiên (nonce)"),
    ("key.proofs", "proofs", "các chứng minh (proofs)"),
    ("key.recipient", "recipient", "người nhận (recipient)"),
    ("key.sender", "sender", "người gửi (sender)"),
    ("key.rows", "rows", "các dòng (rows)"),
    ("key.share", "share", "phần giải mã (share)"),
    ("key.threshold", "threshold", "ngưỡng (threshold)"),
    ("key.transport_key", "transport_key", "khóa truyền (transport_key)"),
    ("key.trustee", "trustee", "thành viên (trustee)"),
    ("key.version", "version", "phiên bản (version)"),
    # The parts a log entry is compared with ("… differs from the manifest").
    ("part.manifest", "the manifest", "bản mô tả cuộc bỏ phiếu"),
    ("part.dkg", "the dkg part", "phần lễ tạo khóa (dkg)"),
    ("part.none_fixed", "none (the key was fixed)", "không có (khóa đã được chốt)"),
    (
        "part.dkg_and_manifest",
        "the dkg part and manifest",
        "phần lễ tạo khóa (dkg) và bản mô tả cuộc bỏ phiếu",
    ),
    ("part.credentials_listed", "the credentials it lists", "các thẻ phiếu mà mục đó liệt kê"),
    ("part.credentials", "the credentials part", "phần thẻ phiếu (credentials)"),
    ("part.ballots", "the ballots part", "phần phiếu (ballots)"),
    ("part.tally", "the tally part", "phần tổng mã hóa (tally)"),
    ("part.tally_hash", "the tally part's hash", "giá trị băm của phần tổng mã hóa (tally)"),
    ("part.result", "the result part", "phần kết quả (result)"),
    ("part.decryption", "the decryption part", "phần giải mã (decryption)"),
    # Field names written in words.
    ("field.tracking_code", "tracking code", "mã theo dõi"),
)

# Why: the verifier's own checks (verifier/).
CHECKS: tuple[Entry, ...] = (
    (
        "ballot.chunk_no_sums",
        "a chunk of ballots returned no sums",
        "một nhóm phiếu không trả về tổng",
    ),
    ("ballot.not_verified", "was not verified", "chưa được kiểm tra"),
    (
        "ballot.credential_never_issued",
        "credential {credential}… was never issued",
        "thẻ phiếu {credential}… chưa từng được phát",
    ),
    (
        "ballot.credential_voided",
        "credential {credential}… was voided ({why})",
        "thẻ phiếu {credential}… đã bị hủy ({why})",
    ),
    (
        "ballot.credential_reused",
        "credential {credential}… already cast ballot {i}",
        "thẻ phiếu {credential}… đã bỏ phiếu {i}",
    ),
    ("ballot.repeats", "repeats ballot {i}", "trùng với phiếu {i}"),
    (
        "checkpoint.truncated",
        "the record's log has only {n} entries: it was truncated",
        "nhật ký trong hồ sơ chỉ có {n} mục: nhật ký đã bị cắt bớt",
    ),
    (
        "checkpoint.forked",
        "the record's log has another root at size {size}: it was forked or rewritten",
        "nhật ký trong hồ sơ có gốc khác ở kích thước {size}: nhật ký đã bị rẽ nhánh hoặc viết lại",
    ),
    (
        "checkpoint.file_too_large",
        "larger than {limit} bytes, not a saved checkpoint",
        "lớn hơn {limit} byte, không phải điểm kiểm tra đã lưu",
    ),
    ("checkpoint.file_unreadable", "cannot read it ({cause})", "không đọc được ({cause})"),
    (
        "checkpoint.file_not_signed",
        "not a signed checkpoint ({reason})",
        "không phải điểm kiểm tra có chữ ký ({reason})",
    ),
    ("checkpoint.file_deep", "JSON nested too deeply", "JSON lồng nhau quá sâu"),
    (
        "log.wrong_key",
        "the log is signed by the key with fingerprint {signer}, not {given} as given: "
        "this record does not come from that service",
        "nhật ký được ký bởi khóa có dấu vân tay {signer}, không phải {given} như đã cho: "
        "hồ sơ này không đến từ dịch vụ đó",
    ),
    ("tally.shape", "is not {{ballots, cells}}", "không có dạng {{ballots, cells}}"),
    (
        "tally.ballots",
        "counts {claimed} ballots, the record has {n}",
        "đếm {claimed} phiếu, hồ sơ có {n}",
    ),
    ("tally.rows", "cells are not {n} rows", "các ô không gồm {n} dòng"),
    ("tally.cells", "not {n} cells", "không gồm {n} ô"),
    (
        "tally.sum",
        "differs from the sum of the ballots' ciphertexts",
        "khác với tổng các bản mã của các phiếu",
    ),
    ("decryption.shape", "is not {{trustee, shares}}", "không có dạng {{trustee, shares}}"),
    (
        "decryption.trustee_range",
        "trustee {trustee} is not one of 1..{n}",
        "thành viên {trustee} không thuộc 1..{n}",
    ),
    (
        "decryption.shares_shape",
        "shares are not {officials}×{levels}",
        "các phần giải mã không gồm {officials}×{levels}",
    ),
    (
        "decryption.too_few",
        "{count} trustees decrypted, {k} are needed",
        "{count} thành viên đã giải mã, cần {k}",
    ),
    (
        "decryption.order",
        "is out of order or repeated (ordered by trustee)",
        "sai thứ tự hoặc bị lặp (xếp theo thành viên)",
    ),
    ("decryption.names_trustee", "names trustee {m}", "ghi tên thành viên {m}"),
    (
        "decryption.exceeds",
        "counts {counts} exceed the {n} ballots",
        "số đếm {counts} vượt quá {n} phiếu",
    ),
    (
        "result.field",
        "{field} is {claimed}, expected {expected}",
        "{field} là {claimed}, đúng ra là {expected}",
    ),
    ("result.fields", "fields are not {fields}", "các trường không phải {fields}"),
    (
        "result.present",
        "delegates_present {present} is not a count ≤ {n} delegates",
        "delegates_present {present} không phải số đếm ≤ {n} đại biểu",
    ),
    (
        "result.collected_exceed_present",
        "{n} ballots collected exceed the {present} delegates present "
        "(docs/RECORD.md §2: N ≤ P ≤ T)",
        "{n} phiếu thu vào vượt quá {present} đại biểu có mặt (docs/RECORD.md §2: N ≤ P ≤ T)",
    ),
    (
        "result.officials",
        "officials is not a list of {n}",
        "officials không phải danh sách gồm {n} mục",
    ),
    (
        "log.public_keys",
        "public_keys is not a non-empty list",
        "public_keys không phải danh sách khác rỗng",
    ),
    ("log.key_hex", "not 64 lowercase hex digits", "không phải 64 chữ số hex viết thường"),
    ("log.key_repeated", "repeats an earlier key", "trùng với một khóa trước đó"),
    (
        "log.key_unused",
        "has fingerprint {fingerprint} and signed none of the record's checkpoints",
        "có dấu vân tay {fingerprint} và không ký điểm kiểm tra nào của hồ sơ",
    ),
    (
        "log.key_order",
        "public_keys are not in the order in which they first sign a checkpoint",
        "public_keys không theo thứ tự lần đầu mỗi khóa ký một điểm kiểm tra",
    ),
    (
        "checkpoint.key_unknown",
        "key id {key_id} is none of the record's public keys for log {log}",
        "mã khóa {key_id} không thuộc các khóa công khai của hồ sơ cho nhật ký {log}",
    ),
    ("log.entries_list", "entries is not a list", "entries không phải danh sách"),
    (
        "log.entry_other_poll",
        "{event} is for poll {poll}, the manifest's is {expected}",
        "{event} thuộc cuộc bỏ phiếu {poll}, bản mô tả cuộc bỏ phiếu ghi {expected}",
    ),
    (
        "log.checkpoints_list",
        "checkpoints is not a non-empty list",
        "checkpoints không phải danh sách khác rỗng",
    ),
    (
        "checkpoint.not_note",
        "is not a signed note (text)",
        "không phải ghi chú có chữ ký (văn bản)",
    ),
    (
        "checkpoint.goes_back",
        "size {size} comes after size {earlier}: checkpoints never go back",
        "kích thước {size} đứng sau kích thước {earlier}: điểm kiểm tra không bao giờ lùi lại",
    ),
    (
        "checkpoint.beyond_log",
        "the log has only {n} entries",
        "nhật ký chỉ có {n} mục",
    ),
    (
        "checkpoint.root",
        "root does not match the log's first {size} entries",
        "gốc không khớp với {size} mục đầu của nhật ký",
    ),
    (
        "checkpoint.not_last",
        "the last checkpoint does not cover all {n} entries",
        "điểm kiểm tra cuối không bao gồm đủ {n} mục",
    ),
    (
        "log.fields",
        "fields are {found}, expected {expected}",
        "các trường là {found}, đúng ra là {expected}",
    ),
    (
        "log.log_id",
        "log_id is {found}, expected {expected} for {poll}",
        "log_id là {found}, đúng ra là {expected} cho {poll}",
    ),
    (
        "log.count_one",
        "has {n} {event} entries, expected one",
        "có {n} mục {event}, đúng ra là một",
    ),
    (
        "log.count_at_most_one",
        "has {n} {event} entries, expected at most one",
        "có {n} mục {event}, đúng ra là nhiều nhất một",
    ),
    ("log.none", "has no {event} entry", "không có mục {event}"),
    ("log.differs", "{event} {field} differs from {object}", "{event} {field} khác với {object}"),
    ("log.not_count", "{event} {field} is not a count", "{event} {field} không phải số đếm"),
    ("log.not_list", "{event} {field} is not a list", "{event} {field} không phải danh sách"),
    (
        "log.order",
        "{event} comes before {earlier} (entry {seq})",
        "{event} đứng trước {earlier} (mục {seq})",
    ),
    (
        "log.first",
        "is not poll_created (services: a poll's log opens with it)",
        "không phải poll_created (nhật ký của một cuộc bỏ phiếu mở đầu bằng mục này)",
    ),
    (
        "log.state_from",
        "state_changed from {from_state}, but the poll was {state}",
        "state_changed từ {from_state}, nhưng cuộc bỏ phiếu đang ở {state}",
    ),
    (
        "log.no_ceremony",
        "has no state_changed to key_ceremony: the key ceremony never started",
        "không có state_changed sang key_ceremony: lễ tạo khóa chưa từng bắt đầu",
    ),
    (
        "log.ceremony_keys",
        "the final key ceremony has {n} election_key entries, expected one",
        "lễ tạo khóa cuối có {n} mục election_key, đúng ra là một",
    ),
    (
        "log.ceremony_members",
        "the final key ceremony has dkg_commitment entries of members {members}, expected 1..{n}",
        "lễ tạo khóa cuối có mục dkg_commitment của các thành viên {members}, đúng ra là 1..{n}",
    ),
    (
        "log.ceremony_shares",
        "the final key ceremony does not relay exactly one encrypted share per ordered pair "
        "of trustees",
        "lễ tạo khóa cuối không chuyển đúng một phần khóa mã hóa cho mỗi cặp thành viên có thứ tự",
    ),
    (
        "log.ceremony_confirmed",
        "the final key ceremony lacks one dkg_confirmed per trustee",
        "lễ tạo khóa cuối thiếu một mục dkg_confirmed cho mỗi thành viên",
    ),
    (
        "log.credentials_issued",
        "credentials_issued entries, in order, differ from the credentials part",
        "các mục credentials_issued, theo thứ tự, khác với phần thẻ phiếu (credentials)",
    ),
    (
        "log.void_before_issue",
        "credential_voided before the credential was issued",
        "credential_voided trước khi thẻ phiếu được phát",
    ),
    (
        "log.void_after_close",
        "credential_voided comes after poll_closed (entry {seq}): "
        "no card is voided once the count has started",
        "credential_voided đứng sau poll_closed (mục {seq}): "
        "không hủy thẻ nào sau khi đã bắt đầu kiểm phiếu",
    ),
    (
        "log.voided",
        "credential_voided entries, in order, differ from the voided part",
        "các mục credential_voided, theo thứ tự, khác với phần thẻ bị hủy (voided)",
    ),
    (
        "log.ballot_cast_count",
        "has {n} ballot_cast entries for {count} ballots",
        "có {n} mục ballot_cast cho {count} phiếu",
    ),
    (
        "log.share_twice",
        "decryption_share of a member who decrypted already",
        "decryption_share của một thành viên đã giải mã rồi",
    ),
    (
        "log.share_members",
        "decryption_share entries of members {members} differ from the decryption part's {posted}",
        "các mục decryption_share của các thành viên {members} khác với {posted} của phần giải mã",
    ),
    (
        "log.share_differs",
        "decryption_share of member {m} differs from the decryption part",
        "decryption_share của thành viên {m} khác với phần giải mã (decryption)",
    ),
    (
        "log.after_published",
        "{event} comes after published: published is the last entry",
        "{event} đứng sau published: published là mục cuối cùng",
    ),
    (
        "log.published_alone",
        "published does not follow the state_changed to published",
        "published không đứng ngay sau state_changed sang published",
    ),
    (
        "manifest.fingerprint",
        "fingerprint {fingerprint} differs from record.json's {given}",
        "dấu vân tay {fingerprint} khác với dấu vân tay {given} trong record.json",
    ),
    (
        "dkg.count",
        "{n} commitments for {trustees} trustees",
        "{n} cam kết cho {trustees} thành viên",
    ),
    (
        "dkg.whose",
        "is trustee {m}'s, expected {expected}",
        "là của thành viên {m}, đúng ra là {expected}",
    ),
    ("credential.shape", "is not {{credential, batch}}", "không có dạng {{credential, batch}}"),
    (
        "credential.batch",
        "batch {batch} is not a non-empty string",
        "lô {batch} không phải chuỗi khác rỗng",
    ),
    (
        "credential.repeats",
        "repeats credential {c} ({credential}…)",
        "trùng với thẻ phiếu {c} ({credential}…)",
    ),
    ("voided.shape", "is not {{credential, reason}}", "không có dạng {{credential, reason}}"),
    ("voided.no_reason", "has no reason", "không có lý do"),
    (
        "voided.not_issued",
        "{credential}… is not an issued credential",
        "{credential}… không phải thẻ phiếu đã phát",
    ),
    ("voided.twice", "{credential}… is voided twice", "{credential}… bị hủy hai lần"),
    ("challenge.too_large", "larger than {limit} bytes", "lớn hơn {limit} byte"),
    ("challenge.not_json", "not JSON ({cause})", "không phải JSON ({cause})"),
    ("challenge.rows", "rows or levels", "số dòng hoặc số mức"),
    (
        "challenge.names",
        "officials: expected a list of names (1 to {n} characters)",
        "officials: đúng ra là danh sách tên (1 đến {n} ký tự)",
    ),
    (
        "challenge.names_count",
        "{n} officials named, the ballot has {rows}",
        "có tên {n} người được lấy phiếu, phiếu có {rows}",
    ),
)

# Why, continued: the errors of crypto/ that the checks report.
CRYPTO: tuple[Entry, ...] = (
    ("crypto.challenge_mismatch", "challenge mismatch", "thách thức không khớp"),
    (
        "crypto.cp_challenge_mismatch",
        "Chaum–Pedersen challenge mismatch",
        "thách thức Chaum–Pedersen không khớp",
    ),
    (
        "crypto.another_election_fp",
        "made for another election ({fp}…)",
        "được tạo cho cuộc bỏ phiếu khác ({fp}…)",
    ),
    ("crypto.another_election", "made for another election", "được tạo cho cuộc bỏ phiếu khác"),
    ("crypto.point_invalid", "{hex} is {reason}", "{hex}: {reason}"),
    (
        "point.noncanonical_y",
        "a non-canonical encoding (y ≥ p)",
        "một mã hóa không chính tắc (y ≥ p)",
    ),
    (
        "point.noncanonical_x",
        "a non-canonical encoding (x = 0 with the sign bit set)",
        "một mã hóa không chính tắc (x = 0 mà bit dấu được bật)",
    ),
    ("point.off_curve", "not on the curve", "không nằm trên đường cong"),
    ("point.small_order", "a small-order (torsion) point", "một điểm bậc nhỏ (xoắn)"),
    (
        "point.mixed_order",
        "not in the prime-order subgroup (mixed order)",
        "không thuộc nhóm con bậc nguyên tố (bậc hỗn hợp)",
    ),
    ("point.identity", "the identity is not allowed here", "không được dùng phần tử đơn vị ở đây"),
    (
        "scalar.not_reduced",
        "encoding {hex} is not reduced mod ℓ",
        "mã hóa {hex} chưa được rút gọn theo mod ℓ",
    ),
    (
        "hex.not_string",
        "expected a hex string, got {type}",
        "đúng ra là chuỗi hex, nhận được {type}",
    ),
    ("hex.lowercase", "hex must be lowercase", "hex phải viết thường"),
    ("hex.invalid", "not a hex string: {text}", "không phải chuỗi hex: {text}"),
    ("hex.whitespace", "hex contains whitespace", "hex có chứa khoảng trắng"),
    ("bytes.length", "expected {n} bytes, got {got}", "đúng ra là {n} byte, nhận được {got}"),
    ("bytes.type", "expected bytes, got {type}", "đúng ra là bytes, nhận được {type}"),
    ("field.missing", "missing", "bị thiếu"),
    (
        "codec.object",
        "expected an object, got {type}",
        "đúng ra là một đối tượng, nhận được {type}",
    ),
    (
        "codec.fields",
        "missing fields {missing}, unexpected fields {extra}",
        "thiếu các trường {missing}, thừa các trường {extra}",
    ),
    (
        "codec.version",
        "unsupported version {version} (want {want})",
        "phiên bản {version} không được hỗ trợ (cần {want})",
    ),
    (
        "codec.int",
        "{key} must be an integer, got {value}",
        "{key} phải là số nguyên, nhận được {value}",
    ),
    (
        "codec.range",
        "{key} = {value} outside [{lo}, {hi}]",
        "{key} = {value} nằm ngoài [{lo}, {hi}]",
    ),
    ("codec.list", "{key} must be a list, got {type}", "{key} phải là danh sách, nhận được {type}"),
    (
        "codec.list_len",
        "{key} has {n} items, expected {expected}",
        "{key} có {n} phần tử, đúng ra là {expected}",
    ),
    (
        "codec.list_range",
        "{key} has {n} items, outside [{lo}, {hi}]",
        "{key} có {n} phần tử, nằm ngoài [{lo}, {hi}]",
    ),
    (
        "ballot.fingerprint_len",
        "election fingerprint of {n} bytes",
        "dấu vân tay cuộc bỏ phiếu dài {n} byte",
    ),
    (
        "ballot.nonce_list",
        "expected a list of {lo}..{hi} scalars",
        "đúng ra là danh sách {lo}..{hi} số vô hướng",
    ),
    (
        "ballot.shape",
        "shape {rows}×{levels}, expected {officials}×{expected}",
        "kích thước {rows}×{levels}, đúng ra là {officials}×{expected}",
    ),
    ("ballot.levels", "{n} levels, want {levels}", "{n} mức, cần {levels}"),
    (
        "ballot.row_proof_branches",
        "a proof with {n} branches, expected 2",
        "một chứng minh có {n} nhánh, đúng ra là 2",
    ),
    ("ballot.branches", "{n} branches, expected 2", "{n} nhánh, đúng ra là 2"),
    ("ballot.neither", "encrypts neither 0 nor 1", "không mã hóa 0 cũng không mã hóa 1"),
    (
        "ballot.nonce_rows",
        "{n} nonce rows for {rows} officials",
        "{n} dòng số ngẫu nhiên cho {rows} người được lấy phiếu",
    ),
    ("ballot.nonce_count", "wrong number of nonces", "sai số lượng số ngẫu nhiên"),
    ("ballot.nonce_alpha", "nonce does not match α", "số ngẫu nhiên không khớp với α"),
    ("ballot.all_marked", "levels {levels} are all marked", "các mức {levels} đều được đánh dấu"),
    (
        "proof.branches",
        "proof has {n} branches, expected {expected}",
        "chứng minh có {n} nhánh, đúng ra là {expected}",
    ),
    (
        "proof.commitments",
        "{n} commitments for {branches} branches",
        "{n} cam kết cho {branches} nhánh",
    ),
    (
        "dkg.threshold",
        "threshold {k} with {n} commitments, expected {expected}",
        "ngưỡng {k} với {n} cam kết, đúng ra là {expected}",
    ),
    ("dkg.identity", "A_{j} is the identity", "A_{j} là phần tử đơn vị"),
    (
        "dkg.election_key_identity",
        "the election key is the identity",
        "khóa của cuộc bỏ phiếu là phần tử đơn vị",
    ),
    ("dkg.no_commitments", "no commitments", "không có cam kết nào"),
    (
        "dkg.duplicates",
        "duplicate trustee indices {indices}",
        "chỉ số thành viên bị trùng {indices}",
    ),
    (
        "dkg.threshold_disagree",
        "commitments disagree on the threshold",
        "các cam kết không thống nhất về ngưỡng",
    ),
    (
        "dkg.trustee_range",
        "trustee index {index} outside [1, {n}]",
        "chỉ số thành viên {index} nằm ngoài [1, {n}]",
    ),
    (
        "dkg.params",
        "need 1 ≤ threshold ({k}) ≤ trustees ({n}) ≤ {max}",
        "cần 1 ≤ ngưỡng ({k}) ≤ số thành viên ({n}) ≤ {max}",
    ),
    ("share.index", "{name} index {value} out of range", "chỉ số {name} {value} nằm ngoài phạm vi"),
    ("combine.few", "combine: {n} shares, need {k}", "kết hợp: {n} phần giải mã, cần {k}"),
    (
        "dlog.none",
        "{hex} is not t·B for any t in [0, {bound}]",
        "{hex} không bằng t·B với t nào trong [0, {bound}]",
    ),
    (
        "group.identity_key",
        "election key is the identity",
        "khóa của cuộc bỏ phiếu là phần tử đơn vị",
    ),
    (
        "group.add_off_curve",
        "point addition: an operand is not on the curve ({operands})",
        "phép cộng điểm: một toán hạng không nằm trên đường cong ({operands})",
    ),
    (
        "group.sub_off_curve",
        "point subtraction: an operand is not on the curve ({operands})",
        "phép trừ điểm: một toán hạng không nằm trên đường cong ({operands})",
    ),
)

# Why, continued: the errors of ledger/ (the log, its entries and checkpoints).
LEDGER: tuple[Entry, ...] = (
    (
        "entry.seq",
        "entry seq {seq} differs from its leaf index {index}",
        "số thứ tự mục {seq} khác với chỉ số lá {index} của nó",
    ),
    (
        "entry.not_canonical",
        "entry is not canonical JSON: {reason}",
        "mục không phải JSON chính tắc: {reason}",
    ),
    (
        "entry.not_object",
        "entry must be a JSON object, got {type}",
        "mục phải là đối tượng JSON, nhận được {type}",
    ),
    (
        "entry.keys",
        "entry keys {found} are not exactly {expected}",
        "các khóa của mục {found} không đúng là {expected}",
    ),
    (
        "entry.version",
        "entry version {version} is not supported (only {want})",
        "phiên bản mục {version} không được hỗ trợ (chỉ {want})",
    ),
    (
        "entry.version_any",
        "entry version {version} is not supported",
        "phiên bản mục {version} không được hỗ trợ",
    ),
    ("entry.unknown_type", "unknown event type {event}", "loại sự kiện không rõ {event}"),
    (
        "entry.seq_int",
        "{event}: seq {seq} is not an integer ≥ 0",
        "{event}: seq {seq} không phải số nguyên ≥ 0",
    ),
    (
        "entry.council_poll",
        "{event} seq {seq}: council event must have poll null",
        "{event} seq {seq}: sự kiện của Hội đồng phải có poll là null",
    ),
    (
        "entry.data_object",
        "{event} seq {seq}: data must be an object",
        "{event} seq {seq}: data phải là một đối tượng",
    ),
    (
        "entry.data_fields",
        "{event} seq {seq}: missing data fields {missing}, unknown {unknown}",
        "{event} seq {seq}: thiếu các trường data {missing}, không rõ {unknown}",
    ),
    (
        "entry.poll_required",
        "{event} seq {seq}: poll id is required, got null",
        "{event} seq {seq}: cần mã cuộc bỏ phiếu, nhận được null",
    ),
    (
        "entry.poll_pattern",
        "{event} seq {seq}: poll id {poll} does not match {pattern}",
        "{event} seq {seq}: mã cuộc bỏ phiếu {poll} không khớp {pattern}",
    ),
    (
        "entry.data_field",
        "{event} seq {seq}: data.{name} {reason}",
        "{event} seq {seq}: data.{name} {reason}",
    ),
    (
        "entry.must_be_one_of",
        "must be one of {choices}, got {value}",
        "phải thuộc {choices}, nhận được {value}",
    ),
    ("entry.must_be", "must be {kind}, got {value}", "phải là {kind}, nhận được {value}"),
    (
        "entry.secret",
        "secrets and choices never enter the public log",
        "bí mật và lựa chọn không bao giờ được đưa vào nhật ký công khai",
    ),
    (
        "ledger.poll_ref",
        "poll reference {poll} is not poll-<n>",
        "tham chiếu cuộc bỏ phiếu {poll} không có dạng poll-<n>",
    ),
    ("canonical.not_json", "{text} is not JSON", "{text} không phải JSON"),
    ("canonical.json", "not JSON: {cause}", "không phải JSON: {cause}"),
    (
        "canonical.not_canonical",
        "JSON is valid but not canonical ({n} bytes): {text}",
        "JSON hợp lệ nhưng không chính tắc ({n} byte): {text}",
    ),
    ("canonical.duplicate", "duplicate object key {key}", "khóa đối tượng bị trùng {key}"),
    (
        "canonical.float",
        "float {text} is not allowed (integers only)",
        "không cho phép số thực {text} (chỉ số nguyên)",
    ),
    (
        "canonical.path_float",
        "{path}: float {value} is not allowed (integers only)",
        "{path}: không cho phép số thực {value} (chỉ số nguyên)",
    ),
    (
        "canonical.path_int",
        "{path}: integer {value} is outside ±(2^53 - 1)",
        "{path}: số nguyên {value} nằm ngoài ±(2^53 - 1)",
    ),
    (
        "canonical.path_deep",
        "{path}: nested deeper than {n} levels",
        "{path}: lồng sâu hơn {n} mức",
    ),
    (
        "canonical.path_key",
        "{path}: object key {key} is not a string",
        "{path}: khóa đối tượng {key} không phải chuỗi",
    ),
    (
        "canonical.path_surrogate",
        "{path}: string {text} has a lone surrogate",
        "{path}: chuỗi {text} có một surrogate đơn lẻ",
    ),
    (
        "canonical.path_type",
        "{path}: {type} is not a canonical JSON type",
        "{path}: {type} không phải kiểu JSON chính tắc",
    ),
    ("checkpoint.ascii", "checkpoint body is not ASCII", "thân điểm kiểm tra không phải ASCII"),
    (
        "checkpoint.note_form",
        "signed note is not in canonical form",
        "ghi chú có chữ ký không ở dạng chính tắc",
    ),
    (
        "checkpoint.note_parts",
        "signed note needs a body, an empty line and signature lines",
        "ghi chú có chữ ký cần một thân, một dòng trống và các dòng chữ ký",
    ),
    (
        "checkpoint.cosignatures_list",
        "cosignatures must be a list",
        "cosignatures phải là danh sách",
    ),
    (
        "checkpoint.lines",
        "checkpoint body has {n} newline-terminated lines, expected 5",
        "thân điểm kiểm tra có {n} dòng kết thúc bằng ký tự xuống dòng, đúng ra là 5",
    ),
    (
        "checkpoint.body",
        "checkpoint body is not canonical: {text}",
        "thân điểm kiểm tra không chính tắc: {text}",
    ),
    (
        "checkpoint.log",
        "checkpoint is for log {log}, expected {expected}",
        "điểm kiểm tra thuộc nhật ký {log}, đúng ra là {expected}",
    ),
    ("checkpoint.bad_signature", "bad signature", "chữ ký không hợp lệ"),
    (
        "checkpoint.key_not_given",
        "key id {key_id} is not the given key's {want}",
        "mã khóa {key_id} không phải mã {want} của khóa đã cho",
    ),
    (
        "checkpoint.version",
        "checkpoint version {version} is not supported",
        "phiên bản điểm kiểm tra {version} không được hỗ trợ",
    ),
    (
        "checkpoint.cosigned_as_log",
        "a cosignature is named {name}, like the log: only the log's signature line carries "
        "that name",
        "một chữ ký nhân chứng mang tên {name}, trùng tên nhật ký: chỉ dòng chữ ký của nhật ký "
        "mang tên đó",
    ),
    (
        "checkpoint.cosigned_twice",
        "checkpoint already has a cosignature by {name}",
        "điểm kiểm tra đã có chữ ký nhân chứng của {name}",
    ),
    (
        "cosignature.bad",
        "cosignature by {name} (key id {key_id}) on {log} size {size} at timestamp "
        "{timestamp}: bad signature",
        "chữ ký nhân chứng của {name} (mã khóa {key_id}) trên nhật ký {log} kích thước {size} "
        "ở mốc thời gian {timestamp}: chữ ký không hợp lệ",
    ),
    (
        "cosignature.sizes",
        "cosignature by {name} has a {n}-byte key id and {m}-byte signature, expected 4 and 64",
        "chữ ký nhân chứng của {name} có mã khóa {n} byte và chữ ký {m} byte, đúng ra là 4 và 64",
    ),
    (
        "checkpoint.signature_sizes",
        "log signature has a {n}-byte key id and {m}-byte signature, expected 4 and 64",
        "chữ ký nhật ký có mã khóa {n} byte và chữ ký {m} byte, đúng ra là 4 và 64",
    ),
    (
        "checkpoint.bad_signature_for",
        "bad signature for key id {key_id}",
        "chữ ký không hợp lệ với mã khóa {key_id}",
    ),
    (
        "cosignature.timestamp_int",
        "timestamp is not an integer",
        "mốc thời gian không phải số nguyên",
    ),
    (
        "cosignature.timestamp_range",
        "timestamp {timestamp} outside 0..2^53-1",
        "mốc thời gian {timestamp} nằm ngoài 0..2^53-1",
    ),
    (
        "cosignature.by",
        "cosignature is by {name}, expected {expected}",
        "chữ ký nhân chứng là của {name}, đúng ra là {expected}",
    ),
    (
        "cosignature.line",
        "cosignature line of {name} has {n} bytes",
        "dòng chữ ký nhân chứng của {name} có {n} byte",
    ),
    (
        "checkpoint.first_line",
        "first signature line must be the log's ({log}), got {name} with {n} bytes",
        "dòng chữ ký đầu tiên phải là của nhật ký ({log}), nhận được {name} với {n} byte",
    ),
    (
        "checkpoint.root_b64",
        "root hash line {line} is not base64",
        "dòng giá trị băm gốc {line} không phải base64",
    ),
    (
        "checkpoint.root_size",
        "root hash {root} is not {n} bytes",
        "giá trị băm gốc {root} không dài {n} byte",
    ),
    (
        "checkpoint.signature_line",
        "signature line {line} is not '— <name> <base64>'",
        "dòng chữ ký {line} không có dạng '— <name> <base64>'",
    ),
    (
        "checkpoint.signature_b64",
        "signature of {name} is not base64",
        "chữ ký của {name} không phải base64",
    ),
    (
        "checkpoint.time_line",
        "time line {line} does not start with 'time '",
        "dòng thời gian {line} không bắt đầu bằng 'time '",
    ),
    (
        "time.invalid",
        "time {text} is not a valid date and time: {cause}",
        "thời gian {text} không phải ngày giờ hợp lệ: {cause}",
    ),
    (
        "time.form",
        "time {text} is not of the form YYYY-MM-DDTHH:MM:SSZ",
        "thời gian {text} không có dạng YYYY-MM-DDTHH:MM:SSZ",
    ),
    (
        "checkpoint.size_line",
        "tree size line {line} is not a decimal integer",
        "dòng kích thước cây {line} không phải số nguyên thập phân",
    ),
    (
        "checkpoint.size_int",
        "tree size {size} is not an integer",
        "kích thước cây {size} không phải số nguyên",
    ),
    (
        "checkpoint.size_range",
        "tree size {size} is outside 0..2^53-1",
        "kích thước cây {size} nằm ngoài 0..2^53-1",
    ),
    (
        "checkpoint.version_line",
        "version line {line} is not 'version 1'",
        "dòng phiên bản {line} không phải 'version 1'",
    ),
    (
        "log_key.length",
        "Ed25519 public key has {n} bytes, expected 32",
        "khóa công khai Ed25519 có {n} byte, đúng ra là 32",
    ),
    (
        "log_key.invalid",
        "invalid Ed25519 public key {hex}: {cause}",
        "khóa công khai Ed25519 {hex} không hợp lệ: {cause}",
    ),
    (
        "ledger.keys",
        "{field} keys {found} are not exactly {expected}",
        "các khóa của {field} {found} không đúng là {expected}",
    ),
    (
        "ledger.object",
        "{field} must be an object, got {type}",
        "{field} phải là một đối tượng, nhận được {type}",
    ),
    (
        "ledger.hex",
        "{field} must be {n} lowercase hex digits, got {value}",
        "{field} phải gồm {n} chữ số hex viết thường, nhận được {value}",
    ),
    (
        "ledger.name",
        "{field} {name} must be 1-255 printable ASCII characters, no space or '+'",
        "{field} {name} phải gồm 1-255 ký tự ASCII in được, không có khoảng trắng hay '+'",
    ),
)

# Why, continued: the errors of record/ (the file, its parts and the manifest) and rules/.
RECORD: tuple[Entry, ...] = (
    ("file.cannot_read", "cannot read {path}: {cause}", "không đọc được {path}: {cause}"),
    ("record.part_missing", "part {name} is missing", "thiếu phần {name}"),
    (
        "record.member_encrypted",
        "member {name} is encrypted (a record is public)",
        "tệp thành phần {name} bị mã hóa (hồ sơ là công khai)",
    ),
    (
        "record.member_method",
        "member {name} uses compression method {method}; a record uses only deflate (8) or "
        "none (0)",
        "tệp thành phần {name} dùng phương thức nén {method}; hồ sơ chỉ dùng deflate (8) hoặc "
        "không nén (0)",
    ),
    (
        "record.member_limit",
        "member {name} would inflate to {size} bytes, over its limit of {limit} "
        "(docs/RECORD.md §1)",
        "tệp thành phần {name} sẽ giải nén thành {size} byte, vượt giới hạn {limit} "
        "(docs/RECORD.md §1)",
    ),
    (
        "record.member_ratio",
        "member {name} would inflate {compressed} bytes to {size}: a record's parts (mostly "
        "random hex) never shrink more than {ratio} times",
        "tệp thành phần {name} sẽ giải nén {compressed} byte thành {size}: các phần của hồ sơ "
        "(phần lớn là hex ngẫu nhiên) không bao giờ nén nhỏ hơn {ratio} lần",
    ),
    (
        "record.member_beyond",
        "member {name} inflates beyond its limit of {limit} bytes",
        "tệp thành phần {name} giải nén vượt giới hạn {limit} byte",
    ),
    (
        "record.member_damaged",
        "member {name} is damaged: {cause}",
        "tệp thành phần {name} bị hỏng: {cause}",
    ),
    (
        "record.member_tiny",
        "member {name} is mostly tiny JSON values: not a part a service writes",
        "tệp thành phần {name} phần lớn là các giá trị JSON rất nhỏ: không phải phần do dịch vụ "
        "ghi ra",
    ),
    (
        "record.not_canonical_because",
        "part {name} is not canonical JSON: {reason}",
        "phần {name} không phải JSON chính tắc: {reason}",
    ),
    (
        "record.not_canonical_cause",
        "part {name} is not canonical JSON: {cause}",
        "phần {name} không phải JSON chính tắc: {cause}",
    ),
    (
        "record.not_canonical",
        "part {name} is not canonical JSON",
        "phần {name} không phải JSON chính tắc",
    ),
    (
        "record.canonical_float",
        "{token} is not canonical JSON (no floats, NaN or infinities)",
        "{token} không phải JSON chính tắc (không có số thực, NaN hay vô cực)",
    ),
    (
        "record.integer_range",
        "integer {text} is outside ±(2^53 − 1)",
        "số nguyên {text} nằm ngoài ±(2^53 − 1)",
    ),
    ("record.nested", "part {name} is nested too deeply", "phần {name} lồng nhau quá sâu"),
    (
        "record.nested_deeper",
        "part {name} is nested deeper than {n} levels",
        "phần {name} lồng sâu hơn {n} mức",
    ),
    (
        "record.header_unreadable",
        "record.json cannot be read ({cause})",
        "không đọc được record.json ({cause})",
    ),
    (
        "record.header_format",
        "record.json does not name the election-record format",
        "record.json không ghi định dạng hồ sơ cuộc bỏ phiếu",
    ),
    (
        "record.version",
        "version {version} is not supported",
        "phiên bản {version} không được hỗ trợ",
    ),
    (
        "record.header_keys",
        "record.json has the keys {keys}, expected exactly fingerprint, format, parts, v",
        "record.json có các khóa {keys}, đúng ra là đúng fingerprint, format, parts, v",
    ),
    (
        "record.header_parts",
        "record.json must list exactly the parts {parts}",
        "record.json phải liệt kê đúng các phần {parts}",
    ),
    (
        "record.too_large",
        "{n} bytes, larger than any election record",
        "{n} byte, lớn hơn mọi hồ sơ cuộc bỏ phiếu",
    ),
    (
        "record.member_count",
        "{n} members, a record has {m}",
        "{n} tệp thành phần, một hồ sơ có {m}",
    ),
    ("record.not_zip", "not a zip file ({cause})", "không phải tệp zip ({cause})"),
    (
        "record.name_twice",
        "a member name appears twice (readers could disagree)",
        "một tên tệp thành phần xuất hiện hai lần (các chương trình đọc có thể hiểu khác nhau)",
    ),
    (
        "record.no_header",
        "no record.json: this is not an election record",
        "không có record.json: đây không phải hồ sơ cuộc bỏ phiếu",
    ),
    (
        "record.unexpected",
        "unexpected members {names}",
        "các tệp thành phần không mong đợi {names}",
    ),
    (
        "record.order",
        "members are in the order {names}, expected {expected}",
        "các tệp thành phần theo thứ tự {names}, đúng ra là {expected}",
    ),
    (
        "record.digest",
        "part {name} does not match its digest in record.json",
        "phần {name} không khớp với giá trị băm của nó trong record.json",
    ),
    (
        "record.objects",
        "manifest and log must be JSON objects",
        "manifest và log phải là đối tượng JSON",
    ),
    ("record.array", "part {name} must be a JSON array", "phần {name} phải là mảng JSON"),
    (
        "manifest.kind",
        "manifest poll.kind {kind} is not poll or vote",
        "poll.kind {kind} của bản mô tả cuộc bỏ phiếu không phải poll hay vote",
    ),
    ("manifest.not_object", "{field} is not an object", "{field} không phải một đối tượng"),
    (
        "manifest.fields",
        "{field} has fields {found}, expected {expected}",
        "{field} có các trường {found}, đúng ra là {expected}",
    ),
    (
        "manifest.not_string",
        "{field} is not a string: {value}",
        "{field} không phải chuỗi: {value}",
    ),
    ("manifest.empty", "{field} is empty", "{field} để trống"),
    (
        "manifest.texts",
        "{field} is not a non-empty list of text",
        "{field} không phải danh sách văn bản khác rỗng",
    ),
    (
        "manifest.date_because",
        "poll.date {value} is not a calendar date ({reason})",
        "poll.date {value} không phải ngày hợp lệ ({reason})",
    ),
    (
        "manifest.date",
        "poll.date {value} is not a calendar date ({cause})",
        "poll.date {value} không phải ngày hợp lệ ({cause})",
    ),
    ("manifest.date_form", "not YYYY-MM-DD", "không có dạng YYYY-MM-DD"),
    ("date.day", "day is out of range for month", "ngày vượt quá số ngày của tháng"),
    ("date.month", "month must be in 1..12", "tháng phải trong khoảng 1..12"),
    ("date.year", "year {year} is out of range", "năm {year} nằm ngoài phạm vi"),
    (
        "manifest.total",
        "council.total_delegates {value} is not a count ≥ 1",
        "council.total_delegates {value} không phải số đếm ≥ 1",
    ),
    (
        "manifest.one_of",
        "{field} {value} is not one of {allowed}",
        "{field} {value} không thuộc {allowed}",
    ),
    (
        "manifest.version",
        "manifest version {version} is not {want}",
        "phiên bản bản mô tả cuộc bỏ phiếu {version} không phải {want}",
    ),
    (
        "manifest.levels",
        "manifest levels {levels} do not fit kind {kind}",
        "các mức {levels} của bản mô tả cuộc bỏ phiếu không hợp với loại {kind}",
    ),
    (
        "manifest.lists",
        "officials and trustees must be lists",
        "officials và trustees phải là danh sách",
    ),
    (
        "manifest.order",
        "official {i} order {value} is not a count",
        "thứ tự {value} của người được lấy phiếu {i} không phải số đếm",
    ),
    (
        "manifest.chair",
        "trustee {m} chair is not true/false",
        "trường chair của thành viên {m} không phải true/false",
    ),
    (
        "manifest.no_official",
        "manifest lists no official",
        "bản mô tả cuộc bỏ phiếu không có người được lấy phiếu nào",
    ),
    (
        "manifest.no_trustee",
        "manifest lists no trustee",
        "bản mô tả cuộc bỏ phiếu không có thành viên Ban kiểm phiếu nào",
    ),
    (
        "manifest.official_index",
        "manifest official {i} has index {index}",
        "người được lấy phiếu {i} trong bản mô tả cuộc bỏ phiếu có chỉ số {index}",
    ),
    (
        "manifest.trustee_index",
        "manifest trustee {m} has index {index}",
        "thành viên {m} trong bản mô tả cuộc bỏ phiếu có chỉ số {index}",
    ),
    (
        "manifest.not_rated",
        "manifest not_rated is not a list",
        "not_rated của bản mô tả cuộc bỏ phiếu không phải danh sách",
    ),
    (
        "manifest.threshold_one",
        "threshold k = {k}: with k = 1 any single member's share is the whole election secret "
        "and opens any ballot; k must be at least {min}",
        "ngưỡng k = {k}: với k = 1, phần khóa của bất kỳ một thành viên nào cũng là toàn bộ bí mật "
        "của cuộc bỏ phiếu và mở được mọi phiếu; k phải ít nhất là {min}",
    ),
    (
        "manifest.threshold",
        "manifest threshold {k} is not within {lo}..{hi}",
        "ngưỡng {k} của bản mô tả cuộc bỏ phiếu không nằm trong {lo}..{hi}",
    ),
    ("field.official_attr", "official {i} {attr}", "trường {attr} của người được lấy phiếu {i}"),
    ("field.trustee", "trustee {m}", "thành viên {m}"),
    ("field.trustee_attr", "trustee {m} {attr}", "trường {attr} của thành viên {m}"),
    ("field.poll", "poll", "poll (cuộc bỏ phiếu)"),
    ("field.council", "council", "council (Hội đồng)"),
    (
        "rules.ballot_order",
        "row {i} ({person}, {bloc} {order}) comes after row {earlier} ({earlier_person}, "
        "{earlier_bloc} {earlier_order}): not the ballot order",
        "dòng {i} ({person}, {bloc} {order}) đứng sau dòng {earlier} ({earlier_person}, "
        "{earlier_bloc} {earlier_order}): không đúng thứ tự trên phiếu",
    ),
    (
        "rules.no_position",
        "{person} (id {id}) has no position",
        "{person} (mã {id}) không có chức vụ",
    ),
    (
        "rules.bad_order",
        "{person} (id {id}) has order {order}, not a whole number ≥ 0",
        "{person} (mã {id}) có thứ tự {order}, không phải số nguyên ≥ 0",
    ),
    (
        "rules.zero_n",
        "the denominator N must be positive, got {n}",
        "tỷ lệ tính trên N phải dương, nhận được {n}",
    ),
    (
        "rules.zero_denominator",
        "the denominator ({denominator}) is 0; no percentage can be computed",
        "tỷ lệ tính trên ({denominator}) bằng 0; không tính được tỷ lệ phần trăm",
    ),
    (
        "rules.mismatch",
        "claimed {field} {claimed} but the counts give {expected}",
        "ghi {field} {claimed} nhưng số đếm cho {expected}",
    ),
    (
        "rules.count",
        "{name} must be a non-negative integer, got {value}",
        "{name} phải là số nguyên không âm, nhận được {value}",
    ),
    (
        "rules.collected_exceed",
        "{n} ballots collected exceed {total} delegates",
        "{n} phiếu thu vào vượt quá {total} đại biểu",
    ),
    (
        "rules.invalid_exceed",
        "{invalid} invalid ballots exceed {n} ballots collected",
        "{invalid} phiếu không hợp lệ vượt quá {n} phiếu thu vào",
    ),
    (
        "rules.levels",
        "a {kind} counts exactly the levels {want}; got {got}",
        "một {kind} đếm đúng các mức {want}; nhận được {got}",
    ),
    (
        "rules.rows",
        "{terms} + blank {blank} = {rows} rows, but {n} ballots were counted",
        "{terms} + để trống {blank} = {rows} dòng, nhưng đã đếm {n} phiếu",
    ),
)

# The command line's usage errors (cli.py and the argparse messages it can print).
USAGE: tuple[Entry, ...] = (
    ("usage.argument", "argument {option}", "đối số {option}"),
    (
        "usage.choice",
        "invalid choice: {value} (choose from {choices})",
        "lựa chọn không hợp lệ: {value} (chọn trong {choices})",
    ),
    (
        "usage.required",
        "the following arguments are required: {names}",
        "thiếu các đối số bắt buộc: {names}",
    ),
    ("usage.unrecognized", "unrecognized arguments: {value}", "đối số không nhận ra: {value}"),
    ("usage.one_argument", "expected one argument", "cần đúng một giá trị"),
    (
        "usage.invalid_value",
        "invalid {type} value: {value}",
        "giá trị {type} không hợp lệ: {value}",
    ),
    ("usage.not_number", "{given} is not a number", "{given} không phải là số"),
    ("usage.jobs", "--jobs must be at least 1", "--jobs phải ít nhất là 1"),
    (
        "usage.fingerprint",
        "{given} is not a key fingerprint (64 hex digits)",
        "{given} không phải dấu vân tay của khóa (64 chữ số hex)",
    ),
    (
        "usage.record_or_challenge",
        "give either a record or --challenge FILE",
        "hãy cho hoặc một hồ sơ, hoặc --challenge FILE",
    ),
)

CATALOGUE: tuple[Entry, ...] = OBJECTS + CHECKS + CRYPTO + LEDGER + RECORD + USAGE
