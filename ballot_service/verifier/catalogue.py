"""Every template of a reason ``ballot-verify`` prints: (code, English, Vietnamese). This
module holds the objects, the verifier's own checks and the usage errors; core_reasons.py the
errors of the crypto, ledger, record and rules packages the checks report.

The English is exactly what the checks (verifier/) and the errors they report (crypto/,
ledger/, record/, rules/) write; the Vietnamese uses the words of GLOSSARY.md. Placeholders are
explained in messages.py. Where two templates fit a message, the one with more literal text
explains it.
"""

from __future__ import annotations

from .core_reasons import CRYPTO, LEDGER, RECORD, Entry

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

# Check 10: the witnesses named on the command line (witness_checks.py).
WITNESSES: tuple[Entry, ...] = (
    ("obj.witness", "witness {name}", "nhân chứng {name}"),
    ("obj.witness_file", "witness file {path}", "tệp nhân chứng {path}"),
    (
        "witness.not_name_key",
        "witness {value} is not NAME:PUBKEY (64 hex digits)",
        "nhân chứng {value} không có dạng TÊN:KHÓA (64 chữ số hex)",
    ),
    (
        "witness.not_ed25519",
        "the key is not an Ed25519 public key",
        "khóa không phải khóa công khai Ed25519",
    ),
    (
        "witness.other_key",
        "the log's witness_key entry for this name holds another public key",
        "mục witness_key của nhật ký cho tên này ghi một khóa công khai khác",
    ),
    (
        "witness.missing_election_key",
        "no cosignature after the election key: none of the checkpoints of sizes {first}..{last} "
        "is cosigned by {name}",
        "không có chữ ký nhân chứng khi khóa của cuộc bỏ phiếu được xác lập: "
        "không điểm kiểm tra nào có kích thước từ {first} đến {last} được {name} ký",
    ),
    (
        "witness.missing_opening",
        "no cosignature after the opening: none of the checkpoints of sizes {first}..{last} "
        "is cosigned by {name}",
        "không có chữ ký nhân chứng khi mở cuộc bỏ phiếu: "
        "không điểm kiểm tra nào có kích thước từ {first} đến {last} được {name} ký",
    ),
    (
        "witness.missing_closing",
        "no cosignature after the closing: none of the checkpoints of sizes {first}..{last} "
        "is cosigned by {name}",
        "không có chữ ký nhân chứng khi đóng cuộc bỏ phiếu: "
        "không điểm kiểm tra nào có kích thước từ {first} đến {last} được {name} ký",
    ),
    (
        "witness.missing_result",
        "no cosignature after the result: none of the checkpoints of sizes {first}..{last} "
        "is cosigned by {name}",
        "không có chữ ký nhân chứng khi có kết quả: "
        "không điểm kiểm tra nào có kích thước từ {first} đến {last} được {name} ký",
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

CATALOGUE: tuple[Entry, ...] = OBJECTS + CHECKS + WITNESSES + CRYPTO + LEDGER + RECORD + USAGE
"""Every template, with those of core_reasons.py."""
