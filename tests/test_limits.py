"""Per-article limits: exceeding one is reported and skips that article only."""
from __future__ import annotations

import json

from typer.testing import CliRunner

from kg.cli import app

ARTICLE = "平安县：推行积分制\n近年来，我县全面推行“积分超市”管理模式，县委书记王建国强调要落实“三议一审”。"


def run(tmp_path, *args):
    src = tmp_path / "in"
    src.mkdir(exist_ok=True)
    (src / "a.txt").write_text(ARTICLE, encoding="utf-8")
    many = "".join(f"该县实行“{c}区共治”。" for c in "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳")
    (src / "b.txt").write_text(ARTICLE + many * 8, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["build", str(src), "--out", str(out), "-f", "jsonl", *args])
    docs = [json.loads(line)["doc"] for line in (out / "extractions.jsonl").read_text(encoding="utf-8").splitlines()]
    return result, docs


def test_max_entities_skips_only_the_runaway_article(tmp_path):
    result, docs = run(tmp_path, "--max-entities", "6")
    assert result.exit_code == 3 and docs == ["a"]
    assert "b.txt" in result.output and "--max-entities 6" in result.output


def test_max_article_bytes_skips_only_the_large_article(tmp_path):
    result, docs = run(tmp_path, "--max-article-bytes", "2000")
    assert result.exit_code == 3 and docs == ["a"]
    assert "--max-article-bytes" in result.output


def test_a_pipeline_error_on_one_article_skips_it(monkeypatch):
    from kg.engine import worker
    from kg.reader import Skipped
    from kg.records import Article

    class Broken:
        pipeline = []
        max_length = 10**6

        def make_doc(self, text):
            raise RuntimeError("boom")

    skipped = worker.process_article(Broken(), Article("x", "文本", path="x.txt"), worker.Settings())
    assert isinstance(skipped, Skipped) and "RuntimeError: boom" in skipped.reason


def test_save_text_names_stay_short_and_stable():
    from kg.build import text_file_name

    assert text_file_name("a1") == "a1.txt"
    long = text_file_name("党" * 150)
    assert len(long.encode("utf-8")) <= 200 and long == text_file_name("党" * 150) != text_file_name("党" * 151)
