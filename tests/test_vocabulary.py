"""The vocabulary: one checked file of fields, options and grades that every part reads.

The main promise: every value the vocabulary lists goes through ``assess`` and ``letter``
(a new hardship used to raise KeyError in the letter, in production only), and a broken
vocabulary is reported in words by ``check``.
"""

from __future__ import annotations

import datetime as dt
import tomllib

import pytest
from profiles import profile  # noqa: E402  (tests/profiles.py)

from guide_engine import assessment, check_flows, letter, load_flow, vocabulary
from guide_engine.datafiles import read_toml
from guide_engine.errors import DataError

TODAY = dt.date(2026, 11, 22)


def _every_value() -> list[tuple[str, object]]:
    """(field, value): every option, both yes/no answers and both limits of every number."""
    out: list[tuple[str, object]] = []
    for name, spec in vocabulary.fields().items():
        if spec["kind"] == "choice":
            out += [(name, option_id) for option_id in vocabulary.option_ids(name)]
        elif spec["kind"] == "choices":
            out += [(name, [option_id]) for option_id in vocabulary.option_ids(name)]
            out.append((name, list(vocabulary.option_ids(name))))
            out.append((name, []))
        elif spec["kind"] == "bool":
            out += [(name, True), (name, False)]
        else:
            out += [(name, spec["min"]), (name, spec["max"])]
    return out


@pytest.mark.parametrize("field, value", _every_value(), ids=repr)
def test_every_vocabulary_value_goes_through_assess_and_letter(field, value) -> None:
    borrower = profile(**{field: value})
    result = assessment.assess(borrower, today=TODAY)
    text = letter(borrower, details=None)
    assert result["readiness"] in vocabulary.GRADES
    assert text.startswith("协商还款申请书")
    if field == "product":
        assert vocabulary.label("product", value) in text
    if field == "hardship" and value:
        assert vocabulary.label("hardship", value) in text


def test_the_flow_takes_short_labels_units_and_defaults_from_the_vocabulary() -> None:
    flow = load_flow("self_assessment")
    specs = vocabulary.fields()
    once = [q for q in flow.questions if not q.group]
    # the household's own fields (its budget) are named by the version-2 words instead
    assert [q.field for q in once if q.field not in specs] == [
        "household.monthly_income",
        "household.essential_expenses",
    ]
    for question in (q for q in once if q.field in specs):
        spec = specs[question.field]
        assert question.short == spec["short"]
        assert question.unit == (spec["unit"] if question.kind == "number" else "")
        if not spec["required"]:
            assert question.default_value() == spec["default"]


def test_options_carry_id_and_both_labels() -> None:
    assert vocabulary.options("product") == [
        {"id": "credit_card", "label": "信用卡", "short": "信用卡"},
        {
            "id": "consumer_loan",
            "label": "个人消费贷款（线上借款、信用贷等）",
            "short": "个人消费贷款",
        },
        {
            "id": "business_loan",
            "label": "经营贷款（做生意、个体户、小微企业用的贷款）",
            "short": "经营贷款",
        },
        {"id": "other", "label": "其他或不确定", "short": "其他借款"},
    ]


def test_banks_are_the_bank_facts_plus_one_other_entry() -> None:
    banks = read_toml("banks.toml")["bank"]
    expected = [{"id": b["id"], "label": b["short"], "short": b["short"]} for b in banks]
    expected.append({"id": "other", "label": "其他银行或机构", "short": "其他银行或机构"})
    assert vocabulary.options("bank") == expected


@pytest.mark.parametrize(
    "field, value, form, expected",
    [
        ("product", "consumer_loan", "short", "个人消费贷款"),
        ("product", "consumer_loan", "long", "个人消费贷款（线上借款、信用贷等）"),
        ("hardship", ["job_loss", "illness"], "short", "失业、生病或受伤"),
        ("hardship", [], "short", ""),
        ("bank", "citic", "short", "中信银行"),
        ("sued", True, "short", "是"),
        ("sued", False, "long", "否"),
        ("debt_total", 12000, "short", "12,000 元"),
        ("debt_total", 1234.5, "short", "1,234.5 元"),
        ("failed_attempts", 2, "short", "2 次"),
    ],
)
def test_label_says_an_answer_as_the_reader_would(field, value, form, expected) -> None:
    assert vocabulary.label(field, value, form) == expected


@pytest.mark.parametrize(
    "field, form, expected",
    [
        ("failed_attempts", "long", "协商未成功的次数"),
        ("failed_attempts", "short", "协商未成功次数"),
        ("sued", "short", "已收到起诉或仲裁文书"),
    ],
)
def test_field_label_has_a_long_and_a_short_form(field, form, expected) -> None:
    assert vocabulary.field_label(field, form) == expected


def test_readiness_grades_have_a_word_and_a_sentence() -> None:
    assert [vocabulary.readiness(g)["label"] for g in vocabulary.GRADES] == [
        "较好",
        "一般",
        "还需要准备",
    ]
    assert all(set(vocabulary.readiness(g)) == {"label", "text"} for g in vocabulary.GRADES)


def test_yes_no_options_are_booleans_with_labels() -> None:
    assert vocabulary.yes_no() == [{"id": True, "label": "是"}, {"id": False, "label": "否"}]


@pytest.mark.parametrize(
    "call",
    [
        lambda: vocabulary.options("salary"),
        lambda: vocabulary.options("sued"),
        lambda: vocabulary.label("product", "mortgage"),
        lambda: vocabulary.label("product", "credit_card", form="medium"),
        lambda: vocabulary.field_label("salary"),
        lambda: vocabulary.readiness("excellent"),
    ],
)
def test_asking_for_what_the_vocabulary_does_not_have_is_a_data_error(call) -> None:
    with pytest.raises(DataError):
        call()


def test_returned_values_are_copies() -> None:
    vocabulary.options("hardship")[0]["label"] = "改掉"
    vocabulary.fields()["hardship"]["default"].append("x")
    assert vocabulary.options("hardship")[0]["label"] == "失业或被裁员"
    assert vocabulary.fields()["hardship"]["default"] == []


# ---- a changed vocabulary ----------------------------------------------------------------------


@pytest.fixture
def edited_vocabulary(monkeypatch):
    """Replace data/vocabulary.toml's text for one test; every cache that read it is cleared."""
    from guide_engine import datafiles
    from guide_engine.assessment import wording
    from guide_engine.flow import registry

    original = datafiles.read_toml

    def use(text: str) -> None:
        def fake(name: str):
            return tomllib.loads(text) if name == "vocabulary.toml" else original(name)

        monkeypatch.setattr(vocabulary, "read_toml", fake)
        for cached in (vocabulary._vocabulary, wording._rules, registry._packaged):
            cached.cache_clear()

    yield use
    for cached in (vocabulary._vocabulary, wording._rules, registry._packaged):
        cached.cache_clear()


def _vocabulary_text() -> str:
    from importlib import resources

    return resources.files("guide_engine").joinpath("data/vocabulary.toml").read_text("utf-8")


NEW_HARDSHIP = '\n[[options.hardship]]\nid = "pandemic"\nlabel = "疫情影响"\nshort = "疫情影响"\n'


def test_a_new_hardship_is_one_entry_and_check_asks_for_its_documents(edited_vocabulary) -> None:
    text = _vocabulary_text()
    cut = text.index("# ─", text.index("[[options.hardship]]"))
    edited_vocabulary(text[:cut] + NEW_HARDSHIP + "\n" + text[cut:])
    assert "pandemic" in vocabulary.option_ids("hardship")
    problems = check_flows()
    assert problems and all("[documents.hardship] pandemic" in p for p in problems)


def test_a_renamed_product_label_is_one_edit(edited_vocabulary) -> None:
    edited_vocabulary(_vocabulary_text().replace('short = "个人消费贷款"', 'short = "消费贷"'))
    assert check_flows() == []
    text = letter(profile(product="consumer_loan"))
    assert "在贵行的消费贷欠款" in text


@pytest.mark.parametrize(
    "old, new, words",
    [
        ('short = "失业"', 'short = ""', "缺少中文 short"),
        ('kind = "integer"', 'kind = "whole"', "kind 应为"),
        ('id = "illness"', 'id = "job_loss"', "重复"),
        ("[readiness.low]", "[readiness.poor]", "[readiness]"),
        (
            'default = 0\nlabel = "每月要还的其他欠款"',
            'label = "每月要还的其他欠款"',
            "要有 default",
        ),
        ("default = []", 'default = ["flood"]', "default"),
        ('[yesno]\nyes = "是"', '[yesno]\nyes = ""', "[yesno]"),
        (
            'hearing = "开庭日期"\n',
            'hearing = "开庭日期"\nhardship_proof = "能否提供困难证明"\n',
            "hardship_proof 的名称写在 [fields.hardship_proof] 的 short 里，这里不要再写一遍",
        ),
    ],
)
def test_a_broken_vocabulary_is_reported_in_words_by_check(edited_vocabulary, old, new, words):
    text = _vocabulary_text()
    assert old in text
    edited_vocabulary(text.replace(old, new, 1))
    problems = check_flows()
    assert len(problems) == 1 and "data/vocabulary.toml" in problems[0] and words in problems[0]


def test_each_answer_of_the_household_interview_is_labelled_once_as_the_validator_names_it():
    """The review screen's label of every answer that goes into the household profile is the
    vocabulary's name for that part — the one the validator's messages use."""
    from guide_engine.flow import load_flow

    flow = load_flow("self_assessment")
    names = vocabulary.debt_field_labels()
    shown = {
        q.id: (q.label, names[q.field.rsplit(".", 1)[-1]])
        for q in flow.questions
        if q.in_profile and q.field.rsplit(".", 1)[-1] in names
    }
    assert {qid: review for qid, (review, _) in shown.items()} == {
        qid: named for qid, (_, named) in shown.items()
    }
    assert shown["court_stage"][0] == "法院文书"
    assert shown["hardship_proof"][0] == "能提供困难证明"
    assert len(shown) == 16  # all but "sued" and court_this, which steer the interview only
