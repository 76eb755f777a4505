"""Unit tests of the marker hook (scripts/hooks/markers.py) and the fact renderers
(scripts/hooks/render_facts.py), without building the site."""

from __future__ import annotations

import datetime as dt
import logging
import os
import subprocess
import sys
import types

import markdown
import pytest
from conftest import ROOT
from mkdocs.exceptions import PluginError

sys.path.insert(0, str(ROOT / "scripts" / "hooks"))

import markers  # noqa: E402
import render_facts  # noqa: E402

from guide_engine import facts  # noqa: E402


def ctx(src_uri: str = "banks/mybank.md") -> markers.MarkerContext:
    return markers.MarkerContext(page=None, config=None, files=None, src_uri=src_uri)


def render(text: str, src_uri: str = "banks/mybank.md", **kw) -> str:
    return markers.render_markers(text, ctx(src_uri), **kw)


# ---- dispatcher --------------------------------------------------------------------------------


def test_unknown_marker_fails_naming_page_line_and_marker() -> None:
    with pytest.raises(PluginError) as exc:
        render("第一行\n见 [[nosuch:1]]。", "process/prepare.md")
    msg = str(exc.value)
    assert (
        "process/prepare.md" in msg and "第 2 行" in msg and "[[nosuch:1]]" in msg and "cite" in msg
    )


@pytest.mark.parametrize(
    "bad",
    [
        "[[Cite:cc_measures_art70]]",
        "[[cite cc_measures_art70]]",
        "[[ cite:x ]]",
        "[[]]",
        "[[银行]]",
    ],
)
def test_malformed_marker_fails(bad: str) -> None:
    with pytest.raises(PluginError) as exc:
        render(f"文字 {bad} 文字", "a/b.md")
    assert "a/b.md" in str(exc.value) and bad in str(exc.value)


def test_renderer_error_becomes_build_error_with_context() -> None:
    with pytest.raises(PluginError) as exc:
        render("[[cite:no_such_source]]", "basics/index.md")
    msg = str(exc.value)
    assert "basics/index.md" in msg and "[[cite:no_such_source]]" in msg and "no_such_source" in msg


def test_markers_in_code_are_left_alone() -> None:
    text = "写法：`[[cite:ID]]`\n\n```text\n[[bankbox:ID]]\n[[nosuch]]\n```\n"
    assert render(text) == text


def test_renderer_must_return_text() -> None:
    with pytest.raises(PluginError, match="返回"):
        render("[[n]]", renderers={"n": lambda a, c: None}, block_names=set())


def test_block_marker_must_stand_alone_and_is_indented_like_the_marker() -> None:
    with pytest.raises(PluginError, match="单独占一行"):
        render("看这里 [[bankbox:mybank]]")
    out = render("- 列表\n\n    [[bankbox:mybank]]\n\n下文")
    box = [ln for ln in out.split("\n") if "基本资料" in ln]
    assert box and box[0].startswith("    !!! info")
    body = [ln for ln in out.split("\n") if "全称" in ln]
    assert body[0].startswith("        **全称**")


# ---- front matter ------------------------------------------------------------------------------


def fake_page(meta: dict, src: str = "basics/index.md"):
    return types.SimpleNamespace(meta=dict(meta), file=types.SimpleNamespace(src_uri=src))


def test_front_matter_is_required() -> None:
    markers.check_meta(
        fake_page({"title": "t", "description": "d", "reviewed": dt.date(2026, 11, 22)})
    )
    with pytest.raises(PluginError) as exc:
        markers.check_meta(fake_page({"title": "t"}, "process/sued.md"))
    assert (
        "process/sued.md" in str(exc.value)
        and "description" in str(exc.value)
        and "reviewed" in str(exc.value)
    )
    with pytest.raises(PluginError, match="YYYY-MM-DD"):
        markers.check_meta(fake_page({"title": "t", "description": "d", "reviewed": "昨天"}))


def test_reviewed_is_normalised_to_iso_text() -> None:
    page = fake_page({"title": "t", "description": "d", "reviewed": dt.date(2026, 11, 22)})
    markers.check_meta(page)
    assert page.meta["reviewed"] == "2026-11-22"


# ---- stale facts -------------------------------------------------------------------------------


class _Config(dict):
    markdown_extensions: list

    def __init__(self):
        super().__init__()
        self.markdown_extensions = []


def test_no_stale_fact_warning_today(caplog, monkeypatch) -> None:
    monkeypatch.setattr(markers, "today", lambda: dt.date(2026, 11, 22))
    with caplog.at_level(logging.INFO, logger="mkdocs.hooks.markers"):
        markers.on_config(_Config())
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


def test_stale_facts_are_reported_without_failing_a_strict_build(caplog, monkeypatch) -> None:
    monkeypatch.setattr(markers, "today", lambda: dt.date(2027, 12, 31))
    with caplog.at_level(logging.INFO, logger="mkdocs.hooks.markers"):
        markers.on_config(_Config())
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    lines = [r.getMessage() for r in caplog.records]
    assert lines[0].startswith("资料核查提醒（2027-12-31）")
    assert any("天前）" in line and "核对" in line for line in lines[1:])


def test_guide_today_pins_the_builds_date(monkeypatch) -> None:
    monkeypatch.setenv("GUIDE_TODAY", "2031-02-03")
    assert markers.today() == dt.date(2031, 2, 3)


# ---- cite / bank / bankbox ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "src, prefix",
    [
        ("index.md", "about/sources.md"),
        ("banks/citic.md", "../about/sources.md"),
        ("about/index.md", "sources.md"),
    ],
)
def test_cite_is_a_page_relative_link_to_the_registry(src: str, prefix: str) -> None:
    out = render("[[cite:cc_measures_art70]]", src)
    assert out == f"[《商业银行信用卡业务监督管理办法》第七十条]({prefix}#cc_measures_art70)"


def test_bank_fields() -> None:
    assert render("[[bank:mybank.short]]") == "网商银行"
    assert render("[[bank:citic.name]]") == "中信银行股份有限公司"
    assert render("[[bank:boc.english]]") == "Bank of China"
    assert "2015年6月25日" in render("[[bank:mybank.founded]]")
    channels = render("[[bank:citic.channels]]")
    assert (
        "400-889-5558" in channels
        and "95558" in channels
        and channels.endswith("（以卡片背面 / 官方 App 为准）")
    )
    none = render("[[bank:xwbank.channels]]")
    assert "未能核实" in none and "95395" not in none


@pytest.mark.parametrize(
    "bank_id, caveat",
    [
        ("citic", "以卡片背面 / 官方 App 为准"),
        ("boc", "以卡片背面 / 官方 App 为准"),
        ("xwbank", "以官方 App 或借款合同为准"),
        ("mybank", "以官方 App 或借款合同为准"),
    ],
)
def test_loan_only_banks_are_not_told_to_look_at_a_card(bank_id: str, caveat: str) -> None:
    assert render_facts.channel_caveat(facts.bank(bank_id)) == caveat
    assert f"（{caveat}）" in render(f"[[bankbox:{bank_id}]]")


def test_phone_numbers_are_tap_to_call_links() -> None:
    assert render("[[bank:citic.channels]]") == (
        "信用卡中心24小时客服：[400-889-5558](tel:4008895558)；"
        "客服热线：[95558](tel:95558)（以卡片背面 / 官方 App 为准）"
    )
    assert "**[95566](tel:95566)**" in render("[[bankbox:boc]]")


def _report_ctx(config: dict) -> markers.MarkerContext:
    return markers.MarkerContext(
        page=None, config=config, files=None, src_uri="about/report-error.md"
    )


@pytest.mark.parametrize(
    "config, expected",
    [
        (
            {"repo_url": "https://github.com/o/r/", "extra": {}},
            "- **问题反馈页面（Issues）**：[https://github.com/o/r/issues](https://github.com/o/r/issues)。"
            "需要一个免费的 GitHub 账号；报告是公开的。",
        ),
        (
            {"extra": {"report_channels": [{"label": "电子邮件", "url": "mailto:a@b.org"}]}},
            "- **电子邮件**：[mailto:a@b.org](mailto:a@b.org)。",
        ),
    ],
)
def test_report_channels_come_from_configuration(config: dict, expected: str) -> None:
    assert markers.render_markers("[[report-channels]]", _report_ctx(config)).strip() == expected


@pytest.mark.parametrize(
    "config", [{}, {"repo_url": "", "extra": {"report_channels": []}}, {"extra": None}]
)
def test_report_channels_fail_the_build_when_none_is_configured(config: dict) -> None:
    with pytest.raises(PluginError, match="没有配置报告错误的渠道"):
        markers.render_markers("[[report-channels]]", _report_ctx(config))


@pytest.mark.parametrize(
    "bad",
    ["[[bank:mybank]]", "[[bank:mybank.phone]]", "[[bank:nosuch.short]]", "[[bank:citic.founded]]"],
)
def test_bank_errors(bad: str) -> None:
    with pytest.raises(PluginError):
        render(bad)


def test_bankbox_has_every_fact_and_the_caveat() -> None:
    for entry in facts.banks():
        out = render(f"[[bankbox:{entry['id']}]]")
        assert out.strip().startswith(f'!!! info "{entry["short"]}')
        assert render_facts.channel_caveat(entry) in out and "资料核查日期" in out
        for c in entry.get("channels", []):
            assert c["value"] in out
        for f in entry.get("facts", []):
            assert render_facts._esc(f["text"]) in out
        for p in entry["products"]:
            assert p["name"] in out
        assert ("可以依据信用卡办法第七十条" in out) == any(p["art70"] for p in entry["products"])


def test_bankbox_renders_as_an_admonition() -> None:
    html = markdown.markdown(render("[[bankbox:citic]]"), extensions=["admonition"])
    assert '<div class="admonition info">' in html and "400-889-5558" in html


# ---- sources / glossary ------------------------------------------------------------------------


def test_sources_has_one_anchor_per_registry_entry() -> None:
    out = render("[[sources]]", "about/sources.md")
    for s in facts.sources():
        assert f"{{#{s['id']}}}" in out
    html = markdown.markdown(out, extensions=["attr_list"])
    assert html.count("<h3") == len(facts.sources())
    assert 'id="cc_measures_art70"' in html


def test_glossary_renders_every_term(tmp_path, monkeypatch) -> None:
    out = render("[[glossary]]", "about/glossary.md")
    for term, _ in render_facts.glossary_terms():
        assert f"## {term}" in out
    bad = tmp_path / "g.md"
    bad.write_text("*[征信]: 说明\n这一行不对\n", encoding="utf-8")
    monkeypatch.setattr(render_facts, "GLOSSARY_FILE", bad)
    with pytest.raises(PluginError, match="第 2 行"):
        render("[[glossary]]", "about/glossary.md")


def test_chinese_abbreviations_are_found_inside_sentences() -> None:
    md = markdown.Markdown(extensions=["abbr", markers.CjkAbbrExtension()])
    html = md.convert(
        "我想查征信报告，也想申请个性化分期。API 和 XAPI。\n\n*[征信]: 信用信息\n*[个性化分期]: 分期\n*[API]: 接口"
    )
    assert '<abbr title="信用信息">征信</abbr>报告' in html
    assert '<abbr title="分期">个性化分期</abbr>' in html
    assert '<abbr title="接口">API</abbr>' in html and "XAPI" in html and ">XAPI" not in html


# ---- plan / flowchart --------------------------------------------------------------------------


def test_plan_table_is_computed_by_the_engine() -> None:
    out = render("[[plan:30000,12,0,0.0075]]")
    assert "| 每月还款 | 2,725 元 |" in out and "| 一共还款 | 3.27万 元 |" in out
    assert "逐月明细（共 12 期）" in out and "    | 12 | 2,725.00 |" in out
    equal = render("[[plan:12000,12]]")
    assert (
        "| 每月还款 | 1,000 元 |" in equal and "| 本金 | 1.2万 元 |" in equal and "IRR" not in equal
    )
    html = markdown.markdown(out, extensions=["tables", "pymdownx.details"])
    assert "<table>" in html and "<details" in html


@pytest.mark.parametrize(
    "bad",
    [
        "[[plan:]]",
        "[[plan:1000]]",
        "[[plan:abc,12]]",
        "[[plan:1000,1.5]]",
        "[[plan:1000,12,0.1,0.01]]",
        "[[plan:-5,12]]",
        "[[plan:1,2,3,4,5]]",
    ],
)
def test_plan_errors(bad: str) -> None:
    with pytest.raises(PluginError):
        render(bad)


def test_flowchart_is_the_engine_graph_in_a_mermaid_fence() -> None:
    from guide_engine import mermaid

    out = render("[[flowchart:self_assessment]]", "process/index.md")
    assert out.strip() == "```mermaid\n" + mermaid("self_assessment").strip("\n") + "\n```"


def test_mermaid_fence_becomes_a_diagram_div_that_material_ignores() -> None:
    import yaml  # noqa: F401  (mkdocs dependency; the fence config is in mkdocs.yml)
    from pymdownx.superfences import fence_div_format

    md = markdown.Markdown(
        extensions=["pymdownx.superfences"],
        extension_configs={
            "pymdownx.superfences": {
                "custom_fences": [
                    {"name": "mermaid", "class": "diagram", "format": fence_div_format}
                ]
            }
        },
    )
    html = md.convert("```mermaid\nflowchart TD\n  A --> B\n```")
    assert html.startswith('<div class="diagram">') and "mermaid" not in html
    assert "custom_fences" in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")


# ---- search_fix: the worker's Chinese query segmentation -------------------------------------

import search_fix  # noqa: E402  (scripts/hooks is on sys.path via markers)


@pytest.mark.parametrize(
    "before, after",
    [
        (f"a;{search_fix.BUGGY}&&(n[s]=o-s);b", f"a;{search_fix.FIXED}&&(n[s]=o-s);b"),
        (f"a;{search_fix.FIXED}&&(n[s]=o-s);b", f"a;{search_fix.FIXED}&&(n[s]=o-s);b"),
    ],
)
def test_search_worker_patch_includes_the_last_typed_character(before: str, after: str) -> None:
    assert search_fix.patch_worker(before, "search.js") == after


def test_search_worker_patch_fails_loudly_when_material_changed() -> None:
    with pytest.raises(PluginError, match="Material 升级"):
        search_fix.patch_worker("function fe(t,e){}", "search.js")


@pytest.mark.parametrize(
    "marker, expected",
    [
        ("[[call:court_12368]]", "**[12368](tel:12368)**"),
        ("[[call:mental_health_12356]]", "**[12356](tel:12356)**"),
        ("[[call:nfra_12378]]", "**[12378](tel:12378)**"),
    ],
)
def test_call_renders_a_registry_hotline_as_a_tap_to_call_link(marker: str, expected: str) -> None:
    assert render(marker, "help/index.md") == expected


@pytest.mark.parametrize("bad", ["[[call]]", "[[call:cc_measures_art70]]", "[[call:nosuch]]"])
def test_call_refuses_what_is_not_a_hotline(bad: str) -> None:
    with pytest.raises(PluginError):
        render(bad, "help/index.md")


#: What a build and a sub-path server leave behind, run in a process of their own with their own
#: temporary folder (the wheel's build folder and the sub-path's parent folder are made there).
LEAVES_NOTHING = """
import sys
sys.path[:0] = [{hooks!r}, {scripts!r}]
import static_server, tools_build
assert tools_build._build_wheel().exists()
server, _ = static_server.serve({site!r}, prefix="/repo/")
server.shutdown()
"""


def test_a_build_and_a_sub_path_server_leave_no_temporary_folder(tmp_path) -> None:
    """Each build made a wheel folder and each sub-path server a parent folder in /tmp and left
    them there (a machine running the tests every day gathered hundreds of them)."""
    tmp, site = tmp_path / "tmp", tmp_path / "site"
    tmp.mkdir()
    site.mkdir()
    code = LEAVES_NOTHING.format(
        hooks=str(ROOT / "scripts" / "hooks"), scripts=str(ROOT / "scripts"), site=str(site)
    )
    env = dict(os.environ, TMPDIR=str(tmp))
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert sorted(p.name for p in tmp.iterdir()) == []
