"""The reasons of the pure core's errors that ``ballot-verify`` reports (crypto/, ledger/,
record/, rules/): (code, English, Vietnamese), part of catalogue.CATALOGUE. The English is
exactly what those packages write; the Vietnamese uses the words of GLOSSARY.md."""

from __future__ import annotations

Entry = tuple[str, str, str]

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
