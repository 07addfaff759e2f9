"""bench/synth.py: the synthetic corpus is deterministic, varied and readable by kg's reader."""
from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _load(name: str):
    key = f"kg_bench_{name}"
    if key not in sys.modules:
        spec = importlib.util.spec_from_file_location(key, ROOT / "bench" / f"{name}.py")
        mod = sys.modules[key] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
    return sys.modules[key]


@pytest.fixture(scope="module")
def articles() -> list[dict]:
    gen = _load("synth").Generator(seed=11, counties=2, towns=2, chars=800, traditional=0.2, junk=0.2)
    return list(gen.articles(40))


def test_synth_same_seed_same_corpus(articles):
    again = _load("synth").Generator(seed=11, counties=2, towns=2, chars=800, traditional=0.2, junk=0.2)
    assert list(again.articles(40)) == articles
    other = _load("synth").Generator(seed=12, counties=2, towns=2, chars=800)
    assert list(other.articles(3)) != articles[:3]


def test_synth_mixes_traditional_and_junk(articles):
    texts = [a["text"] for a in articles]
    assert any("黨" in t for t in texts) and any("扫一扫" in t or "掃一掃" in t for t in texts)
    assert len({t.splitlines()[0] for t in texts}) > 20  # varied titles
    assert 400 < sum(map(len, texts)) / len(texts) < 1600


def test_synth_places_come_from_gazetteer(articles):
    from kg.nlp.gazetteer import load_gazetteer

    gen = _load("synth").Generator(seed=11, counties=2, towns=2)
    gaz = load_gazetteer()
    for place in gen.places:
        assert gaz.lookup(place.county) and all(gaz.lookup(town) for town, _ in place.towns)


def test_synth_corpus_reads_without_skips(tmp_path):
    from kg.reader import Skipped, iter_articles

    info = _load("synth").write_corpus(30, tmp_path, seed=5, per_file=12, counties=2, towns=2, chars=600)
    assert info == {"articles": 30, "chars": info["chars"], "files": 3}
    items = list(iter_articles([tmp_path]))
    assert not [i for i in items if isinstance(i, Skipped)] and len(items) == 30
    first = json.loads((tmp_path / "part-00000.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert items[0].doc_id == first["id"] and "黨" not in items[0].text  # the reader converts to simplified


def test_table_renders_results(tmp_path):
    table = _load("table")
    run = {"articles": 10, "corpus": {"chars": 25000}, "machine": {"cpu": "x", "cores": 2, "ram_gib": 8, "python": "3"},
           "load_avg_start": [1.0, 1.0, 1.0], "extraction_vs_jieba": 1.5, "speedup": 1.8,
           "stages": {"entities": {"cpu_s": 1, "wall_s": 1, "chars_per_s": 25000, "articles_per_s": 10}},
           "builds": {"records_j1": {"wall_s": 3, "peak_rss_mb": 200, "stages": {"extract": 2}}}}
    (tmp_path / "n10.json").write_text(json.dumps(run), encoding="utf-8")
    readme = tmp_path / "README.md"
    readme.write_text("# B\n\nprose\n<!-- results -->\nold\n<!-- /results -->\nafter\n", encoding="utf-8")
    table.write_readme(tmp_path, readme)
    text = readme.read_text(encoding="utf-8")
    assert "old" not in text and "prose" in text and "after" in text
    assert "1.8× [≥ 1.7×]" in text and "| entities | 1.0 | 1.0 | 25.0 k | 10 |" in text
