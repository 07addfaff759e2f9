from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.reader import Skipped, iter_articles, read_file
from kg.reader.base import ReaderOptions
from kg.reader.jsonl import LineError, parse_record
from kg.records import Article

TEXT = "构建“大党建” 实干开新局\n近年来,陕西以构建“大党建”工作格局为基础,突出实践实干实效。"
GOOD = {"id": "a1", "text": TEXT, "title": "构建“大党建” 实干开新局", "date": "2024年4月17日",
        "source": "某某网", "url": "https://example.org/a1"}


def _write(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "articles.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_jsonl_good_and_bad_lines(tmp_path: Path) -> None:
    path = _write(tmp_path, [
        json.dumps(GOOD, ensure_ascii=False),
        "{not json",
        json.dumps({"id": "a3"}),
        "",
        json.dumps({"id": 4, "text": "黨(dang)建引領基層治理"}, ensure_ascii=False),
        json.dumps([1, 2]),
    ])
    items = list(iter_articles([path]))
    articles = [i for i in items if isinstance(i, Article)]
    skipped = [i for i in items if isinstance(i, Skipped)]
    assert [a.doc_id for a in articles] == ["a1", "4"]
    assert articles[0].meta.date == "2024-04-17" and articles[0].meta.url == "https://example.org/a1"
    assert articles[1].text == "党建引领基层治理"
    assert [s.path for s in skipped] == [f"{path}:2", f"{path}:3", f"{path}:6"]
    assert "not valid JSON" in skipped[0].reason and '"text" must be a string' in skipped[1].reason
    assert [a.doc_id for a in read_file(path)] == ["a1", "4"]


@pytest.mark.parametrize("obj, reason", [
    ({"text": TEXT}, '"id" must be a string or an integer, got null'),
    ({"id": True, "text": TEXT}, "got bool"),
    ({"id": "../../etc/passwd", "text": TEXT}, "not a safe name"),
    ({"id": ".hidden", "text": TEXT}, "not a safe name"),
    ({"id": "a", "text": "   "}, '"text" is empty'),
    ({"id": "a", "text": TEXT, "date": 20240417}, '"date" must be a string or null, got int'),
    ({"id": "a", "text": TEXT, "authors": "张三"}, '"authors" must be a list of strings'),
    ("a string", "expected a JSON object"),
])
def test_jsonl_record_rejected(obj, reason: str) -> None:
    with pytest.raises(LineError, match=reason):
        parse_record(obj)


@pytest.mark.parametrize("obj, doc_id", [
    ({"id": "000_bf86cf27f8036a8f", "text": TEXT}, "000_bf86cf27f8036a8f"),
    ({"id": 17, "text": TEXT}, "17"),
    ({"id": "党建-1.v2", "text": TEXT, "extra": {"ignored": True}}, "党建-1.v2"),
])
def test_jsonl_record_accepted(obj, doc_id: str) -> None:
    assert parse_record(obj)[0] == doc_id


def test_jsonl_oversized_line_skipped_others_kept(tmp_path: Path) -> None:
    big = json.dumps({"id": "big", "text": "党" * 5000}, ensure_ascii=False)
    path = _write(tmp_path, [big, json.dumps(GOOD, ensure_ascii=False)])
    items = list(iter_articles([path], ReaderOptions(max_article_bytes=2000)))
    assert isinstance(items[0], Skipped) and "over the 2.0 kB limit" in items[0].reason
    assert isinstance(items[1], Article) and items[1].doc_id == "a1"


def test_jsonl_deep_nesting_and_bad_bytes(tmp_path: Path) -> None:
    path = tmp_path / "hostile.jsonl"
    path.write_bytes(b"[" * 100_000 + b"\n" + b'{"id": "x", "text": "\xff\xfe\xfa"}\n'
                     + json.dumps(GOOD).encode() + b"\n")
    items = list(iter_articles([path]))
    assert [type(i).__name__ for i in items] == ["Skipped", "Skipped", "Article"]


def test_jsonl_only_blank_lines(tmp_path: Path) -> None:
    path = _write(tmp_path, ["", "   "])
    (item,) = iter_articles([path])
    assert isinstance(item, Skipped) and "no article" in item.reason


def test_deeply_nested_line_is_skipped_with_a_plain_reason():
    from kg.reader.jsonl import jsonl_doc

    raw = ("[" * 100_000 + "]" * 100_000).encode()
    out = jsonl_doc("f.jsonl:1", raw, lambda b: b.decode())
    assert out.path == "f.jsonl:1" and "nested too deeply" in out.reason and "recursion" not in out.reason
