"""The case file: export, import, migration from format 1, the encrypted envelope, hostile files."""

from __future__ import annotations

import base64
import copy
import datetime as dt
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from profiles import answers, walk

import guide_engine as ge
from guide_engine import GuideError, InvalidState, casefile, journal
from guide_engine.casefile import InvalidCase

SAVED_AT = dt.datetime(2026, 12, 1, 20, 15, 7, tzinfo=dt.UTC)
TODAY = dt.date(2026, 12, 1)

ANSWERS = answers(hardship=["illness"], failed_attempts=1)

ENTRY = {
    "date": "2026-11-20",
    "time": "21:30",
    "direction": "them",
    "channel": "phone",
    "who": "王某，工号 1234",
    "organisation": "中信银行信用卡中心",
    "said": "同意考虑分期，下周回复。",
    "asked": "申请60期个性化分期。",
    "next_step": "等银行回电",
    "next_date": "2026-11-25",
    "conduct": [],
    "calls": None,
}


FINISHED = walk(ANSWERS)
HALFWAY = walk(ANSWERS, stop_after=4)
JOURNAL = journal.add_entry([], ENTRY, TODAY)


def exported(state=FINISHED, **parts):
    return casefile.export_case(state, SAVED_AT, **parts)


def as_file(case):
    return json.dumps(case, ensure_ascii=False, allow_nan=False)


# ─────────────────────────────── export ───────────────────────────────


def test_export_of_a_finished_case_has_every_part_in_its_canonical_form():
    case = exported(
        done={"respond_to_lawsuit": "2026-11-30", "contact_lender:0": "2026-12-01"},
        journal=JOURNAL,
        documents={"letter": {"name": "张三", "hardship": ["illness", "job_loss"]}},
    )
    assert {k: v for k, v in case.items() if k not in ("result", "rules_version")} == {
        "type": "xieshang-guide-case",
        "format": 3,
        "flow": {"id": "self_assessment", "version": 2},
        "saved_at": "2026-12-01T20:15:07Z",
        "session": {"answers": FINISHED["answers"], "draft": {}, "groups": FINISHED["groups"]},
        "done": {"contact_lender:0": "2026-12-01", "respond_to_lawsuit": "2026-11-30"},
        "journal": JOURNAL,
        "documents": {"letter": {"hardship": ["illness", "job_loss"], "name": "张三"}},
    }


def test_export_snapshots_the_result_the_reader_sees_as_on_the_saved_date():
    result = ge.assess(ge.profile(FINISHED), today=TODAY)
    snapshot = exported()["result"]
    assert snapshot == {
        "readiness": result["readiness"],
        "paths": [
            {"id": p["id"], "title": p["title"], "why": p["why"], "source_id": p["source_id"]}
            for p in result["paths"]
        ],
        "warnings": [
            {"id": w["id"], "text": w["text"], "source_id": w["source_id"]}
            for w in result["warnings"]
        ],
        "plan": result["plan"],
        "reasons": result["reasons"],
        "actions": [
            {"id": a["id"], "when": a["when"], "text": a["text"], "reason": a["reason"]}
            for a in result["actions"]
        ],
        "answers": [
            {"id": a["id"], "short": a["short"], "answer_label": a["answer_label"]}
            for a in ge.answers_summary(FINISHED)
        ],
    }


def test_an_unfinished_interview_is_exported_without_a_result():
    case = exported(HALFWAY)
    assert (case["result"], case["session"]["answers"]) == (None, HALFWAY["answers"])


def test_the_rules_version_is_a_stable_fingerprint_of_the_decision_data():
    assert casefile.rules_version() == casefile.rules_version()
    assert casefile.rules_version().startswith("data-")
    assert len(casefile.rules_version()) == len("data-") + 16


def test_a_naive_saved_at_is_taken_as_utc():
    naive = casefile.export_case(FINISHED, dt.datetime(2026, 12, 1, 20, 15, 7))
    assert naive["saved_at"] == "2026-12-01T20:15:07Z"


def test_saved_at_in_another_time_zone_is_stored_in_utc():
    beijing = dt.timezone(dt.timedelta(hours=8))
    case = casefile.export_case(FINISHED, dt.datetime(2026, 12, 2, 4, 15, 7, tzinfo=beijing))
    assert case["saved_at"] == "2026-12-01T20:15:07Z"


@pytest.mark.parametrize(
    "state", [None, {}, {"flow": "self_assessment", "version": 99, "answers": {}}]
)
def test_export_of_an_invalid_state_raises_invalid_state(state):
    with pytest.raises(InvalidState):
        exported(state)


def test_export_needs_a_datetime():
    with pytest.raises(GuideError) as caught:
        casefile.export_case(FINISHED, "2026-12-01")
    assert caught.value.code == "invalid_date"


def test_the_exported_file_is_plain_json_without_nan():
    text = as_file(exported(journal=JOURNAL))
    assert "NaN" not in text and "Infinity" not in text


# ─────────────────────────────── import ───────────────────────────────


@pytest.mark.parametrize("form", ["dict", "text", "bytes", "bom"])
def test_import_of_an_exported_case_gives_it_back_unchanged(form):
    case = exported(
        journal=JOURNAL, done={"fee_relief": "2026-11-30"}, documents={"letter": {"name": "张三"}}
    )
    data = {
        "dict": copy.deepcopy(case),
        "text": as_file(case),
        "bytes": as_file(case).encode("utf-8"),
        "bom": "\ufeff" + as_file(case),
    }[form]
    assert casefile.import_case(data) == case


def test_import_does_not_modify_what_it_was_given():
    case = exported(journal=JOURNAL)
    given_case = copy.deepcopy(case)
    casefile.import_case(given_case)
    assert given_case == case


def test_read_file_says_a_plain_file_is_not_encrypted_and_gives_the_case():
    case = exported()
    assert casefile.read_file(as_file(case)) == {"encrypted": False, "case": case}


def _with(case, path, value):
    changed = copy.deepcopy(case)
    target = changed
    for key in path[:-1]:
        target = target[key]
    if value is _DELETE:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return changed


_DELETE = object()
BASE_CASE = exported(journal=JOURNAL, done={"fee_relief": "2026-11-30"})

# (what is wrong, path, new value, expected code, expected part)
TAMPERED = [
    ("type missing", ("type",), _DELETE, "case_not_case", None),
    ("someone else's file", ("type",), "other-app", "case_not_case", None),
    ("newer format", ("format",), 4, "case_format_newer", "format"),
    ("format zero", ("format",), 0, "case_malformed", "format"),
    ("format as text", ("format",), "2", "case_malformed", "format"),
    ("format as bool", ("format",), True, "case_malformed", "format"),
    ("flow missing", ("flow",), _DELETE, "case_malformed", "flow"),
    ("unknown flow", ("flow", "id"), "no_such_flow", "case_unknown_flow", "flow"),
    ("flow id not an id", ("flow", "id"), "Self Assessment", "case_malformed", "flow"),
    ("flow version zero", ("flow", "version"), 0, "case_malformed", "flow"),
    ("flow version float", ("flow", "version"), 1.5, "case_malformed", "flow"),
    ("rules version odd", ("rules_version",), "<script>", "case_malformed", "rules_version"),
    ("saved_at garbage", ("saved_at",), "yesterday", "case_malformed", "saved_at"),
    ("saved_at year 1", ("saved_at",), "0001-01-01T00:00:00Z", "case_malformed", "saved_at"),
    ("saved_at number", ("saved_at",), 1764620107, "case_malformed", "saved_at"),
    ("session not object", ("session",), [], "case_malformed", "session"),
    ("answers missing", ("session", "answers"), _DELETE, "case_malformed", "session"),
    ("answer key odd", ("session", "answers", "Bank!"), "citic", "case_malformed", "session"),
    ("answer nested", ("session", "answers", "bank"), {"a": 1}, "case_malformed", "session"),
    ("answer huge int", ("session", "answers", "debt_total"), 10**40, "case_malformed", "session"),
    ("answer nan", ("session", "answers", "debt_total"), float("nan"), "case_malformed", "session"),
    ("answer inf", ("session", "answers", "debt_total"), float("inf"), "case_malformed", "session"),
    ("answer text huge", ("session", "answers", "bank"), "x" * 6000, "case_malformed", "session"),
    (
        "two drafts",
        ("session", "draft"),
        {"bank": "citic", "sued": True},
        "case_malformed",
        "session",
    ),
    ("result odd", ("result",), "high", "case_malformed", "result"),
    ("readiness odd", ("result", "readiness"), "maybe", "case_malformed", "result"),
    ("paths odd", ("result", "paths"), [{"id": "x"}], "case_malformed", "result"),
    ("plan months 0", ("result", "plan", "months"), 0, "case_malformed", "result"),
    ("plan negative", ("result", "plan", "monthly_payment"), -1, "case_malformed", "result"),
    ("done list", ("done",), ["fee_relief"], "case_malformed", "done"),
    ("done value odd", ("done", "fee_relief"), "yes", "case_malformed", "done"),
    ("done as format 2", ("done", "fee_relief"), True, "case_malformed", "done"),
    ("done impossible day", ("done", "fee_relief"), "2026-02-30", "case_malformed", "done"),
    ("done year 1", ("done", "fee_relief"), "0001-01-01", "case_malformed", "done"),
    ("done id odd", ("done", "Fee Relief!"), "2026-11-30", "case_malformed", "done"),
    ("actions odd", ("result", "actions"), [{"id": "x"}], "case_malformed", "result"),
    ("action when odd", ("result", "actions", 0, "when"), "someday", "case_malformed", "result"),
    ("journal object", ("journal",), {}, "case_malformed", "journal"),
    ("journal bad date", ("journal", 0, "date"), "2026-02-30", "case_malformed", "journal"),
    ("journal no id", ("journal", 0, "id"), _DELETE, "case_malformed", "journal"),
    ("documents list", ("documents",), [], "case_malformed", "documents"),
    ("document nested", ("documents", "letter"), {"name": {"a": 1}}, "case_malformed", "documents"),
    (
        "document list of numbers",
        ("documents", "letter"),
        {"hardship": [1]},
        "case_malformed",
        "documents",
    ),
    (
        "document choice huge",
        ("documents", "letter"),
        {"hardship": ["x" * 201]},
        "case_malformed",
        "documents",
    ),
    ("extra part", ("password",), "123456", "case_malformed", None),
]


@pytest.mark.parametrize(
    ("path", "value", "code", "part"),
    [row[1:] for row in TAMPERED],
    ids=[row[0] for row in TAMPERED],
)
def test_a_tampered_case_is_refused_with_a_code_naming_the_part(path, value, code, part):
    with pytest.raises(InvalidCase) as caught:
        casefile.import_case(_with(BASE_CASE, path, value))
    assert (caught.value.code, caught.value.details.get("part")) == (code, part)


@pytest.mark.parametrize(
    ("part", "label"), [("saved_at", "保存时间"), ("journal", "协商记录"), ("session", "自测答案")]
)
def test_the_message_names_the_part_as_the_reader_knows_it(part, label):
    bad = {"saved_at": "x", "journal": "x", "session": "x"}[part]
    with pytest.raises(InvalidCase) as caught:
        casefile.import_case(_with(BASE_CASE, (part,), bad))
    assert f"“{label}”" in caught.value.message


def test_a_bad_journal_entry_is_named_by_its_position_and_field():
    case = _with(BASE_CASE, ("journal", 0, "channel"), "pigeon")
    with pytest.raises(InvalidCase) as caught:
        casefile.import_case(case)
    assert (caught.value.details["entry"], list(caught.value.details["fields"])) == (1, ["channel"])
    assert "第 1 条" in caught.value.message and "“方式”" in caught.value.message


HOSTILE_TEXT = [
    ("empty", "", "case_not_json"),
    ("cut off", as_file(BASE_CASE)[:-40], "case_not_json"),
    ("not json", "这不是案卷", "case_not_json"),
    ("nan", "NaN", "case_not_json"),
    (
        "nan inside",
        as_file(BASE_CASE).replace('"balance": 30000', '"balance": NaN'),
        "case_not_json",
    ),
    ("overflowing float", '{"format": 1e999}', "case_not_json"),
    ("4300-digit int", '{"format": ' + "9" * 5000 + "}", "case_not_json"),
    ("deep list", "[" * 50_000 + "]" * 50_000, "case_too_deep"),
    ("deep object", '{"a":' * 40 + "1" + "}" * 40, "case_too_deep"),
    ("17 levels", "[" * 17 + "]" * 17, "case_too_deep"),
    ("opened never closed", "[" * 100_000, "case_not_json"),
    ("closed never opened", "]" * 100_000, "case_not_json"),
    ("too large", " " * (casefile.MAX_FILE_CHARS + 1), "case_too_large"),
    ("a number", "42", "case_not_case"),
    ("a list", "[]", "case_not_case"),
    ("null", "null", "case_not_case"),
]


@pytest.mark.parametrize(
    ("text", "code"), [row[1:] for row in HOSTILE_TEXT], ids=[row[0] for row in HOSTILE_TEXT]
)
def test_a_damaged_or_hostile_file_raises_only_invalid_case(text, code):
    with pytest.raises(InvalidCase) as caught:
        casefile.import_case(text)
    assert caught.value.code == code
    assert "不能导入" in caught.value.message


def test_sixteen_levels_reach_the_json_reader():
    with pytest.raises(InvalidCase) as caught:
        casefile.import_case("[" * 16 + "]" * 16)
    assert caught.value.code == "case_not_case"


def test_brackets_and_escaped_quotes_inside_text_do_not_count_as_nesting():
    said = '[[[[[[[[[[[[[[[[[[[[ \\" {{{{{{{{{{{{{{{{{{{{ "'
    case = exported(journal=journal.add_entry([], {**ENTRY, "said": said}, TODAY))
    assert casefile.import_case(as_file(case)) == case


def test_bytes_that_are_not_utf8_are_refused_in_words():
    with pytest.raises(InvalidCase) as caught:
        casefile.import_case("案卷".encode("gbk"))
    assert (caught.value.code, "UTF-8" in caught.value.message) == ("case_not_json", True)


def test_an_invalid_case_is_an_invalid_state_and_serialises_to_json():
    with pytest.raises(InvalidState) as caught:
        casefile.import_case("{")
    assert json.loads(json.dumps(caught.value.to_dict()))["code"] == "case_not_json"


# ─────────────────────────────── migration ───────────────────────────────


def format_1(state, saved="2026-11-30T08:00:00.000Z", **extra):
    """The record the self-assessment page keeps in localStorage (wizard.js, FORMAT = 1)."""
    return {
        "format": 1,
        "flow": state["flow"],
        "version": state["version"],
        "state": state,
        "view": {"type": "question", "question": {"id": "x", "text": "请输入你的银行卡密码"}},
        "screen": "question",
        "saved": saved,
        **extra,
    }


def test_a_format_1_record_migrates_to_a_current_case_keeping_answers_and_time():
    assert casefile.import_case(format_1(HALFWAY)) == {
        "type": "xieshang-guide-case",
        "format": 3,
        "flow": {"id": "self_assessment", "version": 2},
        "rules_version": None,
        "saved_at": "2026-11-30T08:00:00Z",
        "session": {"answers": HALFWAY["answers"], "draft": {}, "groups": HALFWAY["groups"]},
        "result": None,
        "done": {},
        "journal": [],
        "documents": {},
    }


def test_migrate_goes_one_step_per_format_to_the_current_one():
    assert sorted(casefile.MIGRATIONS) == list(range(1, casefile.FORMAT))
    assert casefile.migrate(format_1(HALFWAY))["format"] == casefile.FORMAT


def test_the_saved_view_of_a_format_1_record_is_never_carried_over():
    assert "请输入" not in as_file(casefile.import_case(format_1(HALFWAY)))


def format_2(case, done):
    """A case as format 2 wrote it: ticks as ``true``/``false``, no actions in the result."""
    old = {**copy.deepcopy(case), "format": 2, "done": done}
    if old["result"] is not None:
        del old["result"]["actions"]
    return old


def test_a_format_2_tick_becomes_the_day_the_file_was_saved_and_false_is_no_tick():
    old = format_2(BASE_CASE, {"fee_relief": True, "complaint": False})
    case = casefile.import_case(old)
    assert (case["format"], case["done"]) == (3, {"fee_relief": "2026-12-01"})


def test_a_format_2_result_is_kept_with_its_actions_not_recorded():
    case = casefile.import_case(format_2(BASE_CASE, {}))
    assert case["result"] == {**BASE_CASE["result"], "actions": None}


def test_a_format_2_case_keeps_every_part_the_formats_share():
    case = casefile.import_case(as_file(format_2(BASE_CASE, {})))
    shared = ("flow", "rules_version", "saved_at", "session", "journal", "documents")
    assert {k: case[k] for k in shared} == {k: BASE_CASE[k] for k in shared}


@pytest.mark.parametrize(
    ("done", "saved_at", "part"),
    [
        ({"fee_relief": "yes"}, "2026-12-01T20:15:07Z", "done"),
        ({"fee_relief": 1}, "2026-12-01T20:15:07Z", "done"),
        ({"fee_relief": True}, "yesterday", "saved_at"),
        (["fee_relief"], "2026-12-01T20:15:07Z", "done"),
    ],
)
def test_a_broken_format_2_case_is_refused_naming_the_part(done, saved_at, part):
    old = {**format_2(BASE_CASE, done), "saved_at": saved_at}
    with pytest.raises(InvalidCase) as caught:
        casefile.import_case(old)
    assert (caught.value.code, caught.value.details["part"]) == ("case_malformed", part)


@pytest.mark.parametrize(
    ("record", "code"),
    [
        (format_1(HALFWAY, saved="garbage"), "case_malformed"),
        (format_1(HALFWAY, version=1), "case_malformed"),  # the record and its state disagree
        ({"format": 1, "state": "x"}, "case_malformed"),
        ({"format": 1, "state": {"flow": "self_assessment"}}, "case_malformed"),
        ({**format_1(HALFWAY), "extra": 1}, "case_malformed"),
        ({"format": 1}, "case_not_case"),
    ],
)
def test_a_broken_format_1_record_is_refused(record, code):
    with pytest.raises(InvalidCase) as caught:
        casefile.import_case(record)
    assert caught.value.code == code


# ─────────────────────────────── the encrypted envelope ───────────────────────────────

SALT = base64.b64encode(bytes(range(16))).decode()
IV = base64.b64encode(bytes(range(12))).decode()
CIPHERTEXT = base64.b64encode(bytes(range(200))).decode()


def test_encryption_params_name_the_kdf_and_cipher_the_page_uses():
    assert casefile.encryption_params() == {
        "kdf": "PBKDF2",
        "hash": "SHA-256",
        "iterations": 600_000,
        "salt_bytes": 16,
        "cipher": "AES-GCM",
        "key_bits": 256,
        "iv_bytes": 12,
        "tag_bits": 128,
    }


def test_seal_builds_the_envelope_with_nothing_but_parameters_and_ciphertext():
    assert casefile.seal(CIPHERTEXT, SALT, IV) == {
        "type": "xieshang-guide-case",
        "format": 3,
        "encryption": {
            "kdf": "PBKDF2",
            "hash": "SHA-256",
            "iterations": 600_000,
            "salt": SALT,
            "cipher": "AES-GCM",
            "key_bits": 256,
            "iv": IV,
            "tag_bits": 128,
        },
        "ciphertext": CIPHERTEXT,
    }


def test_read_file_recognises_an_encrypted_file_and_returns_its_checked_envelope():
    envelope = casefile.seal(CIPHERTEXT, SALT, IV)
    assert casefile.read_file(as_file(envelope)) == {"encrypted": True, "envelope": envelope}


def test_import_of_an_encrypted_file_asks_for_the_passphrase_first():
    with pytest.raises(InvalidCase) as caught:
        casefile.import_case(casefile.seal(CIPHERTEXT, SALT, IV))
    assert caught.value.code == "case_encrypted"


def _tamper_envelope(path, value):
    return _with(casefile.seal(CIPHERTEXT, SALT, IV), path, value)


ENVELOPES = [
    ("iterations too many", ("encryption", "iterations"), 10**9),
    ("iterations too few", ("encryption", "iterations"), 1000),
    ("iterations bool", ("encryption", "iterations"), True),
    ("other kdf", ("encryption", "kdf"), "scrypt"),
    ("other hash", ("encryption", "hash"), "SHA-1"),
    ("other cipher", ("encryption", "cipher"), "AES-CBC"),
    ("short key", ("encryption", "key_bits"), 128),
    ("short tag", ("encryption", "tag_bits"), 32),
    ("salt short", ("encryption", "salt"), base64.b64encode(b"12345678").decode()),
    ("salt not base64", ("encryption", "salt"), "!!!!"),
    ("iv long", ("encryption", "iv"), base64.b64encode(bytes(16)).decode()),
    ("iv unpadded", ("encryption", "iv"), IV.rstrip("=") + "A"),
    ("ciphertext empty", ("ciphertext",), ""),
    ("ciphertext not base64", ("ciphertext",), "不是密文"),
    ("ciphertext number", ("ciphertext",), 7),
    ("extra parameter", ("encryption", "aad"), "x"),
    ("plaintext leaked", ("flow",), {"id": "self_assessment", "version": 1}),
]


@pytest.mark.parametrize(
    ("path", "value"), [row[1:] for row in ENVELOPES], ids=[row[0] for row in ENVELOPES]
)
def test_a_tampered_envelope_is_refused(path, value):
    with pytest.raises(InvalidCase) as caught:
        casefile.read_file(_tamper_envelope(path, value))
    assert caught.value.code == "envelope_invalid"


def test_the_decryption_failure_message_is_chinese_and_changes_nothing():
    error = casefile.decryption_failed()
    assert (error["code"], "密码不对" in error["message"], "没有改动" in error["message"]) == (
        "decryption_failed",
        True,
        True,
    )


# ─────────────────────────────── properties ───────────────────────────────

JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=20,
)
CASE_KEYS = st.sampled_from(list(BASE_CASE) + ["encryption", "ciphertext", "state"])


@given(JSON_VALUES)
def test_any_json_value_is_a_valid_case_or_a_guide_error(value):
    try:
        case = casefile.import_case(value)
    except GuideError:
        return
    assert casefile.import_case(case) == case


@given(st.dictionaries(CASE_KEYS, JSON_VALUES, max_size=12))
def test_any_object_with_case_like_keys_is_a_valid_case_or_a_guide_error(value):
    try:
        casefile.read_file({"type": "xieshang-guide-case", **value})
    except GuideError:
        pass


@given(CASE_KEYS, JSON_VALUES)
def test_replacing_any_part_of_a_valid_case_gives_a_valid_case_or_a_guide_error(key, value):
    try:
        case = casefile.import_case({**BASE_CASE, key: value})
    except GuideError:
        return
    assert casefile.import_case(as_file(case)) == case


@given(st.text(max_size=300))
def test_any_text_is_a_valid_case_or_a_guide_error(text):
    try:
        case = casefile.import_case(text)
    except GuideError:
        return
    assert casefile.import_case(as_file(case)) == case


@given(st.integers(min_value=0, max_value=len(as_file(BASE_CASE)) - 1))
def test_a_file_cut_off_anywhere_is_refused(cut):
    with pytest.raises(InvalidCase):
        casefile.import_case(as_file(BASE_CASE)[:cut])


ENTRY_FIELDS = st.fixed_dictionaries(
    {
        "date": st.dates(dt.date(2020, 1, 1), TODAY).map(dt.date.isoformat),
        "direction": st.sampled_from(list(journal.DIRECTIONS)),
        "channel": st.sampled_from(list(journal.CHANNELS)),
    },
    optional={
        "time": st.times().map(lambda t: t.strftime("%H:%M")),
        "who": st.text(max_size=40),
        "said": st.text(max_size=200),
        "conduct": st.lists(st.sampled_from(list(journal.CONDUCT)), unique=True),
        "calls": st.integers(0, journal.MAX_CALLS),
    },
)
DOCUMENTS = st.dictionaries(
    st.sampled_from(["letter", "complaint"]),
    st.dictionaries(
        st.from_regex(r"[a-z][a-z0-9_]{0,10}", fullmatch=True),
        st.none()
        | st.booleans()
        | st.integers(-1000, 10**6)
        | st.text(max_size=50)
        | st.lists(st.text(max_size=20), max_size=4),
        max_size=5,
    ),
    max_size=2,
)


@given(
    st.integers(0, len(ANSWERS)),
    st.lists(ENTRY_FIELDS, max_size=4),
    st.dictionaries(
        st.sampled_from(["fee_relief", "complaint", "contact_lender:0"]),
        st.dates(dt.date(2000, 1, 1), dt.date(2100, 12, 31)).map(dt.date.isoformat),
    ),
    DOCUMENTS,
    st.datetimes(dt.datetime(2000, 1, 1), dt.datetime(2100, 12, 30), timezones=st.just(dt.UTC)),
)
def test_export_then_import_is_the_identity(answered, entries, done, documents, saved_at):
    state = walk(ANSWERS, stop_after=answered)
    kept = []
    for fields in entries:
        try:
            kept = journal.add_entry(kept, fields, TODAY)
        except GuideError:
            continue
    case = casefile.export_case(state, saved_at, journal=kept, done=done, documents=documents)
    assert casefile.import_case(as_file(case)) == case


@given(st.integers(0, len(ANSWERS)))
def test_a_format_1_record_of_any_progress_migrates_keeping_every_answer(answered):
    state = walk(ANSWERS, stop_after=answered)
    case = casefile.import_case(as_file(format_1(state)))
    assert (case["format"], case["session"]["answers"], case["session"]["groups"]) == (
        casefile.FORMAT,
        state["answers"],
        state["groups"],
    )


@given(
    st.dictionaries(
        st.sampled_from(["fee_relief", "complaint", "contact_lender:0", "respond_to_lawsuit"]),
        st.booleans(),
    ),
    st.datetimes(dt.datetime(2000, 1, 1), dt.datetime(2100, 12, 30), timezones=st.just(dt.UTC)),
    st.booleans(),
)
def test_any_format_2_case_migrates_keeping_each_tick_on_its_saved_day(done, saved_at, finished):
    case = casefile.export_case(FINISHED if finished else HALFWAY, saved_at)
    migrated = casefile.import_case(as_file(format_2(case, done)))
    day = saved_at.date().isoformat()
    assert migrated == {
        **case,
        "done": {key: day for key in sorted(done) if done[key]},
        "result": None if case["result"] is None else {**case["result"], "actions": None},
    }


@given(JSON_VALUES)
def test_any_format_2_tick_value_gives_a_valid_case_or_a_guide_error(value):
    try:
        case = casefile.import_case(format_2(BASE_CASE, {"fee_relief": value}))
    except GuideError as exc:
        assert isinstance(exc, InvalidCase) and exc.message
    else:
        assert case["done"] in ({}, {"fee_relief": "2026-12-01"})


# ─────────────────────────────── sizes ───────────────────────────────

HUGE_DOCUMENTS = {
    f"doc{d}": {f"field{f}": "话" * casefile.MAX_DOCUMENT_TEXT for f in range(40)} for d in range(8)
}


def test_a_case_too_large_for_a_file_is_refused_on_export_and_import():
    with pytest.raises(InvalidCase) as exporting:
        exported(documents=HUGE_DOCUMENTS)
    with pytest.raises(InvalidCase) as importing:
        casefile.import_case({**BASE_CASE, "documents": HUGE_DOCUMENTS})
    assert (exporting.value.code, importing.value.code) == ("case_too_large", "case_too_large")


def test_the_largest_journal_fits_in_a_case_and_its_encrypted_file():
    longest = {**ENTRY, "said": "话" * 800, "asked": "求" * 800, "next_step": "步" * 200}
    entries = [{"id": f"j{i}", **journal.check_entry(longest)} for i in range(1, 501)]
    text = as_file(exported(journal=entries))
    assert len(text.encode("utf-8")) <= casefile.MAX_CASE_BYTES
    ciphertext = base64.b64encode(bytes(casefile.MAX_CIPHERTEXT_BYTES)).decode()
    envelope = as_file(casefile.seal(ciphertext, SALT, IV))
    assert casefile.read_file(envelope)["encrypted"] is True


def test_a_lone_surrogate_escaped_in_the_file_is_refused_in_words():
    text = as_file({**BASE_CASE, "documents": {"letter": {"name": "x"}}}).replace(
        '"x"', '"\\ud800"'
    )
    with pytest.raises(InvalidCase) as caught:
        casefile.import_case(text)
    assert caught.value.code == "case_malformed"
