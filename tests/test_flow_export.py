"""The flow export the build writes into the wizard page for its page-side walk
(guide_engine.flow_export): every part is the engine's own, as plain JSON."""

from __future__ import annotations

import json

import pytest

import guide_engine as ge
from guide_engine import conditions, session
from guide_engine.flow_export import condition_tree

SMALL = """
id = "small"
version = 3
title = "小问卷"

[[questions]]
id = "kind"
text = "选一个"
kind = "single"
options = [{ id = "a", label = "甲" }, { id = "b", label = "乙", help = "乙的说明" }]

[[questions]]
id = "items"
kind = "group"
short = "条目"
unit = "条"
text = "还要加一条吗？"
help = "最多两条。"
max = 2

[[questions.questions]]
id = "amount"
text = "多少？"
kind = "number"
min = 0
max = 10
integer = true
unit = "元"

[[questions]]
id = "why"
text = "为什么？"
kind = "text"
max_length = 20
when = 'kind == "b" and not (1 > 2)'
default = ""
"""

YES_NO = [{"id": True, "label": "是"}, {"id": False, "label": "否"}]
NO_LIMITS = {"min": None, "max": None, "unit": None, "integer": False, "max_length": None}


def test_a_small_flow_is_exported_whole():
    assert ge.export_flow(ge.parse_flow(SMALL)) == {
        "format": 1,
        "flow": "small",
        "version": 3,
        "title": "小问卷",
        "words": session.PROGRESS_WORDS,
        "questions": [
            {
                "id": "kind",
                "field": "kind",
                "text": "选一个",
                "help": "",
                "short": "选一个",
                "group": None,
                "input": {
                    "kind": "single",
                    "options": [
                        {"id": "a", "label": "甲"},
                        {"id": "b", "label": "乙", "help": "乙的说明"},
                    ],
                    **NO_LIMITS,
                },
                "when": None,
                "names": [],
                "default": None,
                "has_default": False,
                "empty": "请从选项中选择一项：“甲”、“乙”。",
            },
            {
                "id": "amount",
                "field": "amount",
                "text": "多少？",
                "help": "",
                "short": "多少？",
                "group": "items",
                "input": {
                    "kind": "number",
                    "options": [],
                    "min": 0,
                    "max": 10,
                    "unit": "元",
                    "integer": True,
                    "max_length": None,
                },
                "when": None,
                "names": [],
                "default": None,
                "has_default": False,
                "empty": "这一格还空着。请输入 0 到 10 之间的整数（单位：元）。",
            },
            {
                "id": "why",
                "field": "why",
                "text": "为什么？",
                "help": "",
                "short": "为什么？",
                "group": None,
                "input": {"kind": "text", "options": [], **NO_LIMITS, "max_length": 20},
                "when": {
                    "op": "and",
                    "args": [
                        {
                            "op": "compare",
                            "left": {"name": "kind"},
                            "ops": ["=="],
                            "rights": [{"value": "b"}],
                        },
                        {
                            "op": "not",
                            "arg": {
                                "op": "compare",
                                "left": {"value": 1},
                                "ops": [">"],
                                "rights": [{"value": 2}],
                            },
                        },
                    ],
                },
                "names": ["kind"],
                "default": "",
                "has_default": True,
                "empty": None,
            },
        ],
        "groups": [
            {
                "id": "items",
                "field": "items",
                "short": "条目",
                "unit": "条",
                "more": "还要加一条吗？",
                "more_help": "最多两条。",
                "max": 2,
                "questions": ["amount"],
                "titles": ["第 1 条", "第 2 条"],
                "input": {"kind": "yesno", "options": YES_NO, **NO_LIMITS},
                "empty": "请回答“是”或“否”。",
            }
        ],
    }


@pytest.mark.parametrize(
    ("text", "tree"),
    [
        ("contacted", {"op": "truth", "arg": {"name": "contacted"}}),
        ("[1]", {"op": "truth", "arg": {"list": [1]}}),
        ("not sued", {"op": "not", "arg": {"op": "truth", "arg": {"name": "sued"}}}),
        (
            "0 < days <= -3.5",
            {
                "op": "compare",
                "left": {"value": 0},
                "ops": ["<", "<="],
                "rights": [{"name": "days"}, {"value": -3.5}],
            },
        ),
        (
            'x not in ("a", None, True)',
            {
                "op": "compare",
                "left": {"name": "x"},
                "ops": ["not in"],
                "rights": [{"list": ["a", None, True]}],
            },
        ),
        (
            "a or b or +2",
            {
                "op": "or",
                "args": [
                    {"op": "truth", "arg": {"name": "a"}},
                    {"op": "truth", "arg": {"name": "b"}},
                    {"op": "truth", "arg": {"value": 2}},
                ],
            },
        ),
    ],
)
def test_a_condition_is_exported_as_the_parsers_tree(text, tree):
    assert condition_tree(conditions.parse(text)) == tree


@pytest.mark.parametrize("flow_id", ge.flow_ids())
def test_every_packaged_flow_exports_as_plain_json(flow_id):
    exported = ge.export_flow(flow_id)
    assert json.loads(json.dumps(exported)) == exported
