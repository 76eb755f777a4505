"""A Mermaid ``flowchart TD`` of a flow, for maintainers and for the diagram on the site.

Why generated: a hand-drawn diagram of the questionnaire would drift from the flow file. The site's
``[[flowchart:FLOW_ID]]`` marker and ``python -m guide_engine graph FLOW`` both call :func:`mermaid`.

Shape: a start node, then each question in order. A question with a condition is preceded by a
decision diamond that reads the condition in Chinese; “是” leads to the question, “否” skips to
whatever comes next. Every question leads on to the next, the last to the result. A repeatable
group is a subgraph; after its last question an "add another?" diamond loops back to its first
question (“是”) or goes on (“否”).

Labels are quoted for Mermaid: double quotes and the characters Mermaid or HTML would read
(``# " < > & ` ``) become entity codes, line breaks become spaces, and long texts are shortened.
Node ids are generated (``q1``, ``c1``…), never taken from the flow, so no id can collide with a
Mermaid keyword such as ``end``.
"""

from __future__ import annotations

from .conditions import describe
from .flow import Flow, Group, Question, load_flow

MAX_LABEL = 36

_ENTITIES = {
    "#": "#35;",
    '"': "#quot;",
    "<": "#lt;",
    ">": "#gt;",
    "&": "#amp;",
    "`": "#96;",
    "|": "#124;",
    "\\": "#92;",
}


def label(text: str, limit: int = MAX_LABEL) -> str:
    """``text`` as a quoted Mermaid label (shortened to ``limit`` characters)."""
    flat = " ".join(str(text).split())
    if len(flat) > limit:
        flat = flat[: limit - 1] + "…"
    return '"' + "".join(_ENTITIES.get(char, char) for char in flat) + '"'


def mermaid(flow_id: str | Flow) -> str:
    """The flow as Mermaid source (``flowchart TD``); :class:`FlowError` for an unknown flow."""
    flow = flow_id if isinstance(flow_id, Flow) else load_flow(flow_id)
    labels = {q.field: q.label for q in flow.questions}
    option_labels = {q.field: {o.id: o.label for o in q.options} for q in flow.questions}
    lines = ["flowchart TD", f"    start([{label('开始：' + flow.title)}])"]
    # One node per question, and after a group's last question its "add another?" diamond.
    nodes: list[tuple[str, int, Question | Group]] = []
    for number, question in enumerate(flow.questions, start=1):
        nodes.append(("q", number, question))
        following = flow.questions[number] if number < len(flow.questions) else None
        if question.group and (following is None or following.group != question.group):
            group = flow.group(question.group)
            assert group is not None
            nodes.append(("m", flow.groups.index(group) + 1, group))
    entries: list[str] = []
    first_of: dict[str, str] = {}
    indent = "    "
    for kind, number, thing in nodes:
        if kind == "m":
            assert isinstance(thing, Group)
            text = f"{thing.more}（最多 {thing.max} {thing.unit}）"
            lines.append(f"        m{number}{{{label(text, 48)}}}")
            lines.append("    end")
            indent = "    "
            entries.append(f"m{number}")
            continue
        assert isinstance(thing, Question)
        if thing.group and thing.group not in first_of:
            group = flow.group(thing.group)
            assert group is not None
            title = f"{group.short}：每{group.unit}问一遍"
            lines.append(f"    subgraph g{flow.groups.index(group) + 1}[{label(title)}]")
            indent = "        "
        text = thing.text
        if thing.kind in ("single", "multi"):
            text = f"{text}（{'单选' if thing.kind == 'single' else '可多选'}）"
        lines.append(f"{indent}q{number}[{label(text)}]")
        if thing.when is not None:
            condition = describe(thing.when, labels, option_labels)
            lines.append(f"{indent}c{number}{{{label(condition, 48)}}}")
            entries.append(f"c{number}")
        else:
            entries.append(f"q{number}")
        if thing.group and thing.group not in first_of:
            first_of[thing.group] = entries[-1]
    lines.append(f"    result([{label('结果：你的处境、建议的路径和要准备的材料')}])")
    entries.append("result")
    lines.append(f"    start --> {entries[0]}")
    for position, (kind, number, thing) in enumerate(nodes):
        following = entries[position + 1]
        if kind == "m":
            lines.append(f"    m{number} -->|是| {first_of[thing.id]}")
            lines.append(f"    m{number} -->|否| {following}")
            continue
        assert isinstance(thing, Question)
        if thing.when is not None:
            lines.append(f"    c{number} -->|是| q{number}")
            lines.append(f"    c{number} -->|否| {following}")
        lines.append(f"    q{number} --> {following}")
    return "\n".join(lines) + "\n"
