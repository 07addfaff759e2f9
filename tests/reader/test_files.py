from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from kg.reader import ReaderOptions, ReadError, Skipped, files, iter_articles, read_file
from kg.records import Article

from .conftest import CORPUS

TEXT = "党建引领为基层治理“聚势赋能”\n金秋十月,正值收获时节,革命老区漫山遍野的红枣挂满了枝头。\n"
TRADITIONAL = "黨建引領為基層治理“聚勢賦能”\n金秋十月,正值收獲時節,革命老區漫山遍野的紅棗掛滿了枝頭。\n"


def _one(path: Path, options: ReaderOptions | None = None) -> Article | Skipped:
    (item,) = iter_articles([path], options)
    return item


@pytest.mark.parametrize("content, reason", [
    (b"", "empty file (0 bytes)"),
    (b"  \n\t\r\n \xe3\x80\x80 \n", "only white space, no text"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "binary file (a PNG image)"),
    (b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(100), "binary file (a zip archive"),
    (bytes(300) + b"abc", "NUL bytes"),
    (b"\xff\xfa\xfb\xfc\x80\x81" * 100, "undecodable"),
    (b"\xe2\x80\x8b\xe2\x80\x8f\n\xef\xbf\xbd", "only white space, no text"),   # zero-width, RTL, U+FFFD
    ("设为首页|加入收藏\n请输入验证码\n".encode(), "nothing left after removing page furniture"),
], ids=["empty", "whitespace", "png", "zip", "nul", "undecodable", "invisible-only", "furniture-only"])
def test_files_bad_input_skipped(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    item = _one(path)
    assert isinstance(item, Skipped) and item.path == str(path) and reason in item.reason
    with pytest.raises(ReadError, match=reason.replace("(", r"\(").replace(")", r"\)")):
        read_file(path)


@pytest.mark.parametrize("data, encoding", [
    (TEXT.encode("utf-8"), "utf-8"),
    (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8-bom"),
    (TEXT.encode("utf-16"), "utf-16"),
    (TEXT.encode("gb18030"), "gb18030"),
    (TRADITIONAL.encode("big5"), "big5"),
])
def test_files_encodings_read_back(tmp_path: Path, data: bytes, encoding: str) -> None:
    path = tmp_path / f"{encoding}.txt"
    path.write_bytes(data)
    (article,) = read_file(path)
    assert article.text == TEXT.strip() and article.doc_id == encoding
    assert article.meta.title == "党建引领为基层治理“聚势赋能”"


def test_files_html_in_gb18030(tmp_path: Path) -> None:
    page = ("<html><head><title>党建引领为基层治理“聚势赋能”_某某网</title><script>var x='脚本';</script></head>"
            "<body><div>设为首页|加入收藏</div><p>金秋十月,正值收获时节。</p></body></html>")
    path = tmp_path / "page.html"
    path.write_bytes(page.encode("gb18030"))
    (article,) = read_file(path)
    assert article.text == "党建引领为基层治理“聚势赋能”\n金秋十月,正值收获时节。"
    assert article.meta.title == "党建引领为基层治理“聚势赋能”"


def test_files_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(TEXT.encode() * 100)
    item = _one(path, ReaderOptions(max_article_bytes=1000))
    assert isinstance(item, Skipped) and "over the 1.0 kB limit" in item.reason
    assert isinstance(_one(path), Article)


def test_files_folder_walk_and_other_inputs(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "a.htm").write_text(f"<p>{TEXT}</p>", encoding="utf-8")
    (tmp_path / "notes.md").write_text(TEXT, encoding="utf-8")        # not an article suffix: ignored
    (tmp_path / ".hidden.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    items = list(iter_articles([tmp_path, tmp_path / "missing.txt"]))
    assert [(type(i).__name__, Path(i.path).name) for i in items] == [
        ("Article", "a.htm"), ("Skipped", "empty.txt"), ("Article", "b.txt"), ("Skipped", "missing.txt")]
    assert items[-1].reason == "no such file or folder"


def test_files_duplicate_doc_id(tmp_path: Path) -> None:
    for sub in ("x", "y"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "same.txt").write_text(TEXT, encoding="utf-8")
    items = list(iter_articles([tmp_path]))
    assert isinstance(items[0], Article) and isinstance(items[1], Skipped)
    assert "document id 'same' was already read" in items[1].reason


def test_files_unreadable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "locked.txt"
    path.write_text(TEXT, encoding="utf-8")
    real_open = open

    def deny(file, *args, **kwargs):
        if str(file) == str(path):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr("builtins.open", deny)
    item = _one(path)
    assert isinstance(item, Skipped) and "permission denied" in item.reason


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file")
def test_files_unreadable_chmod(tmp_path: Path) -> None:
    path = tmp_path / "locked.txt"
    path.write_text(TEXT, encoding="utf-8")
    path.chmod(0)
    try:
        item = _one(path)
    finally:
        path.chmod(0o644)
    assert isinstance(item, Skipped) and "permission denied" in item.reason


def test_files_not_regular(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="is a folder"):
        read_file(tmp_path)
    if Path("/dev/null").exists():
        item = _one(Path("/dev/null"))
        assert isinstance(item, Skipped) and "not a regular file" in item.reason


def test_files_bad_one_does_not_stop_the_rest(tmp_path: Path) -> None:
    shutil.copy(CORPUS / "003_474a7aeec4351096.txt", tmp_path / "003.txt")
    (tmp_path / "002.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    (tmp_path / "004.txt").write_bytes(b"")
    items = list(iter_articles([tmp_path]))
    assert [type(i).__name__ for i in items] == ["Skipped", "Article", "Skipped"]


def test_files_sample_corpus() -> None:
    items = list(iter_articles([CORPUS]))          # SOURCES.md is not an article
    assert [i.doc_id for i in items if isinstance(i, Article)] == sorted(p.stem for p in CORPUS.glob("*.txt"))
    assert not [i for i in items if isinstance(i, Skipped)]


def test_files_reader_bug_reported_not_raised(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "b.txt").write_text(TEXT, encoding="utf-8")
    real = files.make_article

    def flaky(raw, *args):
        if raw.doc_id == "a":
            raise IndexError("boom")
        return real(raw, *args)

    monkeypatch.setattr(files, "make_article", flaky)
    items = list(iter_articles([tmp_path]))
    assert isinstance(items[0], Skipped) and "internal reader error (IndexError: boom)" in items[0].reason
    assert isinstance(items[1], Article)
