"""The flow validator: the packaged flows pass, and each small broken flow is caught for its reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from guide_engine import FlowError, check_flows, flow_ids, load_flow, parse_flow, vocabulary
from guide_engine.flow import packaged_sources
from guide_engine.validate import problems_of

BROKEN = Path(__file__).parent / "broken_flows"
SAMPLE = Path(__file__).parent / "sample_flows" / "kitchen_sink.toml"

# file, problem code it must produce, whether loading already refuses it (else only the path walk finds it)
CASES = [
    ("unknown_kind.toml", "unknown_kind", True),
    ("duplicate_question.toml", "duplicate_question", True),
    ("duplicate_option.toml", "duplicate_option", True),
    ("option_missing_label.toml", "option_label", True),
    ("unknown_field.toml", "unknown_field", True),
    ("later_field.toml", "later_field", True),
    ("unknown_option.toml", "unknown_option", True),
    ("missing_default.toml", "missing_default", True),
    ("bad_condition.toml", "bad_condition", True),
    ("bad_default.toml", "bad_default", True),
    ("toml_syntax.toml", "toml_syntax", True),
    ("unknown_required.toml", "unknown_required", True),
    ("no_title.toml", "flow_title", True),
    ("never_asked.toml", "never_asked", False),
    ("group_max.toml", "group_max", True),
    ("group_questions.toml", "group_questions", True),
    ("group_text.toml", "group_text", True),
    ("nested_group.toml", "nested_group", True),
    ("group_field.toml", "group_field", True),
]


def test_every_broken_flow_file_has_a_case():
    assert {path.name for path in BROKEN.glob("*.toml")} == {name for name, _, _ in CASES}


def test_the_packaged_flows_have_no_problems():
    assert check_flows() == []


def test_the_sample_flow_has_no_problems():
    assert check_flows([SAMPLE]) == []


def test_the_sample_flow_with_a_group_has_no_problems():
    assert check_flows([SAMPLE.with_name("group_sink.toml")]) == []


def test_self_assessment_is_packaged():
    assert "self_assessment" in flow_ids()
    assert load_flow("self_assessment").title


@pytest.mark.parametrize(("name", "code", "_static"), CASES)
def test_a_broken_flow_is_reported_with_the_right_problem(name, code, _static):
    codes = [problem.code for problem in problems_of(BROKEN / name)]
    assert code in codes


@pytest.mark.parametrize(("name", "code", "_static"), CASES)
def test_check_flows_reports_the_problem_in_words_naming_the_file(name, code, _static):
    problems = check_flows([BROKEN / name])
    assert problems
    assert all(name in problem for problem in problems)


@pytest.mark.parametrize(("name", "code"), [(n, c) for n, c, static in CASES if static])
def test_loading_a_broken_flow_raises_flow_error_with_the_problem_code(name, code):
    with pytest.raises(FlowError) as caught:
        parse_flow(BROKEN / name)
    assert caught.value.code == code
    assert any(problem["code"] == code for problem in caught.value.details["problems"])


def test_load_accepts_toml_text_as_well_as_a_path():
    text = SAMPLE.read_text(encoding="utf-8")
    assert parse_flow(text, name="kitchen_sink.toml") == parse_flow(SAMPLE)


def test_an_unknown_flow_id_raises_flow_error():
    with pytest.raises(FlowError) as caught:
        load_flow("no_such_flow")
    assert caught.value.code == "unknown_flow"


def test_two_flows_with_the_same_id_are_reported():
    text = SAMPLE.read_text(encoding="utf-8")
    problems = check_flows([text, text])
    assert any("重复" in problem for problem in problems)


def _self_assessment_text() -> str:
    return dict(packaged_sources())["self_assessment.toml"]


@pytest.mark.parametrize(
    "old, new",
    [
        # a number range wider than the vocabulary's limits for the field
        ("max = 100\ninteger = true", "max = 100000\ninteger = true"),
        # options typed by hand for a field whose options are the vocabulary's
        (
            'kind = "multi"\noptions = "vocabulary:hardship"',
            'kind = "multi"\noptions = [{ id = "illness", label = "生病" }, { id = "flood", label = "水灾" }]',
        ),
        # a yes/no question for a number field
        ('kind = "number"\nmin = 0\nmax = 100\n', 'kind = "yesno"\nmin = 0\nmax = 100\n'),
        # a whole-number field asked as a decimal
        ("max = 100\ninteger = true", "max = 100"),
    ],
)
def test_a_question_that_does_not_fit_the_vocabulary_is_refused_on_load(old, new):
    text = _self_assessment_text()
    assert old in text
    codes = [problem.code for problem in problems_of(text.replace(old, new, 1))]
    assert "vocabulary_mismatch" in codes


def test_options_from_a_vocabulary_list_that_does_not_exist_are_refused():
    text = _self_assessment_text().replace(
        'kind = "multi"\noptions = "vocabulary:hardship"',
        'kind = "multi"\noptions = "vocabulary:hardships"',
        1,
    )
    codes = [problem.code for problem in problems_of(text)]
    assert "unknown_vocabulary" in codes


def test_the_flow_offers_exactly_the_vocabulary_options():
    flow = load_flow("self_assessment")
    for question, field in (("lender", "bank"), ("hardship", "hardship")):
        offered = [(o.id, o.label) for o in flow.question(question).options]
        assert offered == [(o["id"], o["label"]) for o in vocabulary.options(field)]


def test_a_required_field_no_question_fills_is_reported():
    text = _self_assessment_text().replace('"paid_agent",\n]', '"paid_agent", "salary",\n]', 1)
    assert "salary" in text
    codes = [problem.code for problem in problems_of(text)]
    assert "unknown_required" in codes


@pytest.mark.parametrize(
    ("snippet", "code"),
    [
        ('kind = "yesno"\nwhen = "sued == 1"', "type_mismatch"),
        ('kind = "yesno"\nwhen = "hardship == True"', "type_mismatch"),
        ('kind = "yesno"\nwhen = "sued"', "later_field"),
    ],
)
def test_a_condition_comparing_a_field_with_the_wrong_type_is_reported(snippet, code):
    text = _self_assessment_text().replace('kind = "yesno"', snippet, 1)
    assert code in [problem.code for problem in problems_of(text)]


def test_the_validator_names_flow_question_and_text_of_a_bad_condition():
    (message,) = check_flows([BROKEN / "bad_condition.toml"])
    assert "broken" in message and "q2" in message and "__import__" in message


def test_check_also_validates_the_package_data_files():
    from guide_engine import validate

    assert validate.check_data() == []
