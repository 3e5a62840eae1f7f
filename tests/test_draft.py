"""``c4data draft``: candidate spans, scored on the texts the package cites (data) and on an unseen one."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import draft_scoring
import pytest

import c4data
from c4data.cli import main
from c4data.drafting.engine import draft

UNSEEN = Path(__file__).parent / "data" / "draft_unseen.txt"


@pytest.fixture(scope="module")
def source_texts(sources_dir: Path) -> dict[str, str]:
    """The reference texts that the ``sources`` table cites: each is annotated and scored once it is curated."""
    cited = set(c4data.sources()["reference_file"].dropna())
    texts = {path.name: path for path in sorted(sources_dir.glob("*.txt"))}
    assert cited <= set(texts), f"sources cites texts missing from {sources_dir}: {sorted(cited - set(texts))}"
    return {texts[name].stem: texts[name].read_text(encoding="utf-8") for name in sorted(cited)}


@pytest.fixture(scope="module")
def drafts(source_texts: dict[str, str]) -> dict:
    return {stem: draft(text, stem) for stem, text in source_texts.items()}


@pytest.mark.data
def test_annotations_cover_every_source_with_true_offsets(source_texts, sources_dir):
    """Every cited text is annotated; an annotation may run ahead of curation, but only of a text in the folder."""
    annotations = draft_scoring.annotations()
    folder = {path.stem: path for path in sources_dir.glob("*.txt")}
    assert set(source_texts) <= set(annotations) <= set(folder)
    for stem in annotations:
        text = folder[stem].read_text(encoding="utf-8")
        stored = json.loads((draft_scoring.ANNOTATIONS_DIR / f"{stem}.json").read_text(encoding="utf-8"))
        assert stored["sha256"] == hashlib.sha256(text.encode("utf-8")).hexdigest(), stem
        for mention in annotations[stem]:
            assert text[mention["start"] : mention["end"]] == mention["text"], (stem, mention)


@pytest.mark.data
def test_precision_and_recall_meet_the_targets(drafts, capsys):
    descriptor = json.loads(c4data.package_path().read_text(encoding="utf-8"))
    result = draft_scoring.score(drafts, descriptor, c4data.tables())
    table = draft_scoring.table(result)
    with capsys.disabled():
        print("\n" + table)
    for kind in draft_scoring.KINDS:
        hits, total = result[kind]["p"]
        assert total and hits / total >= draft_scoring.PRECISION_TARGET, f"{kind} precision\n{table}"
        found, facts = result[kind]["r"]
        if facts:
            missed = result[kind]["missed"]
            assert found / facts >= draft_scoring.RECALL_TARGETS[kind], f"{kind} recall, missed {missed}\n{table}"


@pytest.mark.data
def test_every_candidate_quotes_its_span_exactly(drafts, source_texts):
    texts = {**source_texts, "unseen": UNSEEN.read_text(encoding="utf-8")}
    results = {**drafts, "unseen": draft(texts["unseen"])}
    for stem, result in results.items():
        assert result.candidates, stem
        for candidate in result.candidates:
            assert candidate.text == texts[stem][candidate.start : candidate.end], (stem, candidate)
            assert candidate.kind in draft_scoring.KINDS and candidate.value


@pytest.mark.data
def test_a_curated_source_is_recognised_and_its_facts_are_known(drafts):
    sixth = drafts["xinhunan-c4-sixth-meeting"]
    assert sixth.source_id == "xinhunan-c4-sixth-meeting"
    assert {c.known for c in sixth.of_kind("meeting")} == {"meetings:1", "meetings:6"}
    assert all(c.known is None for c in sixth.missing().candidates)


def _values(result, kind: str, *fields: str) -> list[tuple]:
    return [tuple(c.value.get(f) for f in fields) for c in result.of_kind(kind)]


def test_an_unseen_text_in_mixed_scripts():
    """A report written for this test (not from any source): other cities, people, traditional headline."""
    result = draft(UNSEEN.read_text(encoding="utf-8"))
    cities = {value for (value,) in _values(result, "city", "city_id")}
    assert cities == {"360100", "420100", "340100", "410100", "610100"}  # 大同小异 is not 大同
    people = dict(_values(result, "person", "name_zh", "position_zh"))
    assert people["李明华"] == "江西省委常委、南昌市委书记"
    assert people["赵晓东"] == "合肥市副市长"
    assert people["孙卫东"] == "郑州市委副书记"
    assert people["周小梅"] == "记者"
    assert ("Wang Jianguo", "Mayor") in _values(result, "person", "name_en", "position_en")
    titles = {title for (title,) in _values(result, "document", "title_zh") if title}
    assert titles == {"长江中游城市群2025年重点合作事项", "四省会城市数据共享协议"}
    assert ("Data Sharing Agreement of the Four Provincial Capitals",) in _values(result, "document", "title_en")
    assert sorted(_values(result, "meeting", "meeting_id")) == [(1,), (11,), (11,), (11,)]
    dates = _values(result, "date", "year", "month", "day")
    assert {(2025, 9, 13), (None, 9, 12), (None, None, 12), (2025, 9, 12), (2027, None, None)} <= set(dates)
    figures = set(_values(result, "figure", "value", "unit"))
    assert {(58, "item"), (32050000000, "CNY"), (85, "percent"), (12, "city"), (3, "year"), (120, "km")} <= figures
    headline = result.candidates[0]
    assert (headline.text, headline.value) == ("南昌", {"city_id": "360100"}) or headline.kind == "meeting"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("02.03.2016", {"year": 2016, "month": None, "day": None, "ambiguous": True}),
        ("25.12.2016", {"year": 2016, "month": 12, "day": 25}),
        ("April 11, 2017", {"year": 2017, "month": 4, "day": 11}),
        ("二〇一三年十二月四日", {"year": 2013, "month": 12, "day": 4}),
    ],
)
def test_dates_state_only_what_the_text_states(text, expected):
    (candidate,) = draft(text, link=False).of_kind("date")
    assert {k: candidate.value.get(k) for k in expected} == expected


def test_traditional_text_keeps_its_characters_and_offsets():
    text = "長沙市委書記胡衡華出席會議,簽署《長沙宣言》。"
    result = draft(text, link=False)
    assert [(c.kind, c.text) for c in result.candidates][:2] == [("city", "長沙"), ("person", "胡衡華")]
    (document,) = result.of_kind("document")
    assert document.text == "《長沙宣言》" and document.value == {"title_zh": "长沙宣言"}
    assert result.of_kind("person")[0].value["position_zh"] == "长沙市委书记"


@pytest.mark.cli
def test_cli_draft_json_and_missing(tmp_path, capsys):
    report = tmp_path / "report.txt"
    report.write_text("2013年2月,首届会商会在武汉召开,郑州市长出席。", encoding="utf-8")
    assert main(["draft", str(report), "--format", "json"]) == 0
    everything = json.loads(capsys.readouterr().out)
    known = {c["text"]: c["known"] for c in everything["candidates"]}
    assert known["首届"] == "meetings:1"
    assert known["武汉"] == "cities:420100"
    assert known["郑州"] is None
    assert known["2013年2月"] is not None  # some row holds a date in February 2013 (the first meeting's)
    assert main(["draft", str(report), "--missing", "--format", "json"]) == 0
    missing = json.loads(capsys.readouterr().out)["candidates"]
    assert [(c["kind"], c["text"], c["value"]) for c in missing] == [("city", "郑州", {"city_id": "410100"})]
    assert main(["draft", str(report)]) == 0
    assert "city (2)" in capsys.readouterr().out


def test_a_missing_library_is_named_with_the_extra_to_install(monkeypatch):
    from c4data.drafting import deps
    from c4data.model import extras  # every optional import goes through extras.require (issue 18)

    def refuse(name: str):
        raise ImportError(name)

    expected, base = c4data.MissingDependency, c4data.C4DataError
    monkeypatch.setattr(extras.importlib, "import_module", refuse)
    with pytest.raises(expected, match=r"pip install 'c4data\[draft\]'") as raised:
        deps.require("jieba")
    assert isinstance(raised.value, base) and isinstance(raised.value, ImportError)


def test_import_c4data_loads_no_nlp_library():
    program = (
        "import sys, c4data; print(sorted(m for m in ('jieba', 'opencc', 'cn2an', 'pypinyin') if m in sys.modules))"
    )
    output = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True).stdout
    assert output.strip() == "[]"


@pytest.mark.data
def test_the_gazetteer_is_a_fresh_derivation_of_cpcas_table(tmp_path, repo_root):
    import importlib.util

    if importlib.util.find_spec("cpca") is None:
        pytest.skip("cpca, which scripts/extract_gazetteer.py reads, is not installed (a maintainer tool)")

    spec = importlib.util.spec_from_file_location("extract_gazetteer", repo_root / "scripts" / "extract_gazetteer.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    script.main(tmp_path / "cities.csv")
    shipped = repo_root / "c4data" / "drafting" / "data" / "cities.csv"
    assert (tmp_path / "cities.csv").read_bytes() == shipped.read_bytes()
    rows = (tmp_path / "cities.csv").read_text(encoding="utf-8").splitlines()[1:]
    codes = {row.split(",")[0] for row in rows}
    assert {"110000", "120000", "310000", "500000", "420100", "430100", "340100", "360100"} <= codes
    assert len(codes) == len(rows) > 290


def test_a_pinyin_name_is_not_read_as_a_city():
    result = draft("Mayor Li Zhengde of Chengde met Wang Tao in Chengde.", link=False)
    assert [c.text for c in result.of_kind("person")] == ["Li Zhengde", "Wang Tao"]
    assert [c.text for c in result.of_kind("city")] == ["Chengde", "Chengde"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("记者:张三丰、李四", [("张三丰", "记者"), ("李四", "记者")]),
        ("(记者 秦明 林冲)", [("秦明", "记者"), ("林冲", "记者")]),
        ("交通局局长刘海涛在会上表示", [("刘海涛", "交通局局长")]),
        ("市民王女士说,市长和书记都来了,主任向记者介绍。", []),
    ],
)
def test_people_and_the_posts_before_them(text, expected):
    assert _values(draft(text, link=False), "person", "name_zh", "position_zh") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("总投资1,200万元", [(12000000, "CNY")]),
        ("长约3.5千米", [(3.5, "km")]),
        ("2.3 million residents", [(2300000, "item")]),
        ("四市经济总量翻了两番", [(4, "city"), (4, "times")]),
        ("一大亮点是千家万户受益", []),
    ],
)
def test_figures_in_base_units(text, expected):
    assert _values(draft(text, link=False), "figure", "value", "unit") == expected


def test_an_english_range_of_days_is_one_date():
    (date,) = draft("on Nov. 4-5, 2025", link=False).of_kind("date")
    assert date.value == {"year": 2025, "month": 11, "day": 4, "last_day": 5}


def test_links_read_any_table_by_its_fields():
    """Facts come from the fields a table has, so a table added later is linked without new code."""
    import pandas as pd

    from c4data.drafting import facts, link
    from c4data.drafting.model import Candidate
    from c4data.model.schema import Package

    descriptor = {
        "resources": [
            {
                "name": "sources",
                "schema": {"primaryKey": ["source_id"], "fields": [{"name": "source_id"}, {"name": "authors_zh"}]},
            },
            {
                "name": "documents",
                "schema": {
                    "primaryKey": ["document_id"],
                    "fields": [{"name": n} for n in ("document_id", "title_zh", "source_id")]
                    + [{"name": "signed", "c4data:partialDate": True}, {"name": "signed_min", "type": "date"}],
                },
            },
        ]
    }
    tables = {
        "sources": pd.DataFrame({"source_id": ["s"], "authors_zh": ["秦明 林冲"]}),
        "documents": pd.DataFrame(
            {
                "document_id": ["plan-a", "plan-b", "programme"],
                "title_zh": ["合作行动计划(2017-2020年)", "合作行动计划(2023-2025年)", "高质量协同发展行动方案"],
                "source_id": ["s", "s", "s"],
                "signed": ["2017-04/2017-05", "", ""],
                "signed_min": ["2017-04-01", "", ""],
            }
        ),
    }
    found = facts.facts_of_tables(Package.from_descriptor(descriptor), tables)
    by_kind: dict[str, list] = {}
    for fact in found:
        by_kind.setdefault(fact.kind, []).append(fact)

    def known(kind: str, **value) -> str | None:
        candidate = Candidate(kind, "x", 0, 1, value)
        return link.holder(candidate, by_kind.get(kind, [])) or (
            link._short_reference(value, by_kind["document"]) if kind == "document" else None
        )

    assert known("person", name_zh="林冲", position_zh="记者") == "sources:s"
    assert known("document", title_zh="合作行动计划(2017-2020年)") == "documents:plan-a"
    assert known("document", title_zh="行动方案") == "documents:programme"
    assert known("document", title_zh="行动计划") is None  # two plans: which one is not known
    assert known("date", year=2017, month=5, day=None) == "documents:plan-a"
    assert known("date", year=2017, month=4, day=1) is None  # the computed bound is no stated date
