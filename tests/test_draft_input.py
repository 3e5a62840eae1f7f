"""``c4data draft`` takes a report from anywhere: it reads only a regular file within a size limit, prints
the report's text escaped, writes strict JSON, and takes time linear in the report's length."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from bounded import run_bounded, run_cli
from hypothesis import example, given, settings
from hypothesis import strategies as st

from c4data.files.untrusted import CONTROL_CHARACTERS, MAX_DRAFT_BYTES

pytest.importorskip("jieba")

SAMPLE = "2013年，武汉市委书记阮成发说，四市签署了3项协议，投资一百亿元，同比增长12%。"


@pytest.mark.cli
@pytest.mark.parametrize("kind", ["device", "pipe", "directory", "too big"])
def test_only_a_regular_file_within_the_limit_is_read(tmp_path, kind):
    if kind == "device":
        path = Path("/dev/zero")
    elif kind == "pipe":
        path = tmp_path / "pipe"
        os.mkfifo(path)
    elif kind == "directory":
        path = tmp_path
    else:
        path = tmp_path / "big.txt"
        path.write_bytes(SAMPLE.encode() * (MAX_DRAFT_BYTES // len(SAMPLE.encode()) + 1))
    result = run_bounded("draft", path, timeout=60)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr[-1000:]
    assert "regular file" in result.stderr or "past the limit" in result.stderr


CONTROLS = ["\x1b[2J", "\x1b]0;title\x07", "\r", "\x08", "\u202e", "\u2066", "\x85", "\u2028", "\x9b"]


@settings(max_examples=8, deadline=None)
@given(
    inserts=st.lists(st.tuples(st.integers(0, len(SAMPLE)), st.sampled_from(CONTROLS)), min_size=1, max_size=4),
    form=st.sampled_from(["text", "json"]),
)
def test_the_report_s_control_characters_are_printed_escaped(tmp_path_factory, inserts, form):
    text = SAMPLE
    for position, control in sorted(inserts, reverse=True):
        text = text[:position] + control + text[position:]
    path = tmp_path_factory.mktemp("draft") / "report\x1b[31m.txt"
    path.write_text(text, encoding="utf-8")
    result = run_cli("draft", path, "--format", form)
    assert result.returncode == 0, result.stderr
    printed = result.stdout.replace("\n", "")
    assert CONTROL_CHARACTERS.search(printed) is None, repr(CONTROL_CHARACTERS.search(printed))
    if form == "json":
        json.loads(result.stdout)


def _no_constant(name: str) -> None:
    raise AssertionError(f"the JSON holds {name}, which is not JSON (RFC 8259)")


@settings(max_examples=15, deadline=None)
@given(
    digits=st.integers(1, 600),
    unit=st.sampled_from(["亿元", "万元", "%", "倍", "个城市", " billion yuan", " percent"]),
    exponent=st.sampled_from(["", "e400", "e-400", ".5"]),
)
@example(digits=400, unit="亿元", exponent="")  # beyond a float: Infinity, before
def test_the_json_is_strict_for_any_quantity(tmp_path_factory, digits, unit, exponent):
    path = tmp_path_factory.mktemp("draft") / "report.txt"
    path.write_text(f"四市共投入{'9' * digits}{exponent}{unit}。Investment of {'9' * digits}{unit}.", encoding="utf-8")
    result = run_cli("draft", path, "--format", "json")
    assert result.returncode == 0, result.stderr
    json.loads(result.stdout, parse_constant=_no_constant)


# Patterns that took quadratic time (a regular expression retried inside a run of numerals, a scan to the
# end of a run from each character, jieba's guessing over a whole run of unknown characters).
RUNS = ["一", "年", "市", "长沙市", "月", "一二三", "号", "百分之", "届", "亿", "马", "委书记"]


def _seconds(text: str) -> float:
    from c4data.drafting.engine import draft

    started = time.process_time()
    draft(text, "run")
    return time.process_time() - started


def test_the_time_is_linear_in_the_length_of_a_run():
    _seconds(SAMPLE)  # load jieba's dictionary and the gazetteer once
    for pattern in RUNS:
        short, long = (pattern * (size // len(pattern)) for size in (1_000, 4_000))
        small, large = _seconds(short), _seconds(long)
        if large >= 8 * max(small, 0.05):  # measured again, the fastest of two: a busy machine is not a quadratic
            small, large = min(small, _seconds(short)), min(large, _seconds(long))
        assert large < 8 * max(small, 0.05), f"{pattern!r}: {small:.2f} s for 1,000 characters, {large:.2f} s for 4,000"


def test_the_bound_on_jieba_s_guessing_still_reaches_jieba():
    """``drafting/segment.py`` bounds jieba's guessing by overriding a private method,
    ``POSTokenizer.__cut_detail`` (jieba has no public way to bound its HMM: only ``HMM=False``, which guesses
    no name at all). If jieba renames the method or stops calling it, the bound is silently gone: this fails."""
    from c4data.drafting.segment import MAX_GUESSED_RUN, segment

    posseg = pytest.importorskip("jieba.posseg")
    assert callable(getattr(posseg.POSTokenizer, "_POSTokenizer__cut_detail", None)), (
        "jieba no longer has POSTokenizer.__cut_detail: rewrite the bound in c4data/drafting/segment.py"
    )
    long_run = "马" * (MAX_GUESSED_RUN + 8)  # jieba's HMM reads the whole run as one guessed name
    assert len(posseg.lcut(long_run)) == 1, "jieba's guessing changed: check the bound in drafting/segment.py"
    assert [token.word for token in segment(long_run).tokens] == list(long_run), "the bound no longer reaches jieba"
    for text in ("马" * MAX_GUESSED_RUN, SAMPLE):  # within the bound, jieba's own reading, with its dictionary
        assert [(t.word, t.tag) for t in segment(text).tokens] == [(p.word, p.flag) for p in posseg.lcut(text)]
