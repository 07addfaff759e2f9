"""The gazetteer: its derivation (scripts/build_gazetteer.py) and its look-up API."""
from __future__ import annotations

import time

import pytest

from kg.nlp.gazetteer import Division, Gazetteer, load_gazetteer


# -- derivation ---------------------------------------------------------------------
@pytest.mark.parametrize("raw,expected", [
    ("新山村民委员会", "新山村"),
    ("新山村委会", "新山村"),
    ("东沟门村村民委员会", "东沟门村"),
    ("肖村村民委员会", "肖村"),
    ("冯山社区居委会", "冯山社区"),
    ("大北家园社区居民委员会", "大北家园社区"),
    ("新兴里居委会", "新兴里社区"),
    ("卢湾村委会（长阳社区）", "卢湾村"),
    ("卜尔汉图嘎查", "卜尔汉图嘎查"),
    ("西铁营村", "西铁营村"),
])
def test_build_normalize_village(build_script, raw, expected):
    assert build_script.normalize_village(raw) == expected


@pytest.mark.parametrize("name,level,expected", [
    ("陆丰市", "county", ["陆丰"]),
    ("柞水县", "county", ["柞水"]),
    ("兴县", "county", []),
    ("陕西省", "province", ["陕西"]),
    ("北京市", "province", ["北京"]),
    ("广西壮族自治区", "province", ["广西"]),
    ("内蒙古自治区", "province", ["内蒙古"]),
    ("新疆维吾尔自治区", "province", ["新疆"]),
    ("延边朝鲜族自治州", "city", ["延边"]),
    ("恩施土家族苗族自治州", "city", ["恩施"]),
    ("锡林郭勒盟", "city", ["锡林郭勒"]),
    ("大兴安岭地区", "city", ["大兴安岭"]),
    ("长阳土家族自治县", "county", ["长阳"]),
    ("三都水族自治县", "county", ["三都"]),
    ("鄂伦春自治旗", "county", []),
    ("神农架林区", "county", ["神农架"]),
    ("石家庄高新技术产业开发区", "county", []),
    ("金厢镇", "township", ["金厢"]),
    ("于家务回族乡", "township", ["于家务"]),
    ("东华门街道", "township", ["东华门"]),
])
def test_build_short_forms(build_script, name, level, expected):
    ethnic = build_script.load_ethnic(build_script.ROOT / "data" / "lexicons" / "place_ethnic.txt")
    assert build_script.short_forms(name, level, ethnic) == expected


def test_build_is_deterministic(build_script, tiny_src, tiny_dir, tmp_path):
    build_script.build(tiny_src, tmp_path)
    for f in ("divisions.tsv.gz", "names.tsv.gz", "shorts.tsv.gz", "villages.tsv.gz", "edge_words.txt"):
        assert (tmp_path / f).read_bytes() == (tiny_dir / f).read_bytes(), f


def test_build_drops_placeholders_and_pseudo_counties(tiny_gaz):
    assert tiny_gaz.get("1101") is None  # 市辖区
    assert tiny_gaz.get("110105").parent == "11"  # 朝阳区 hangs from 北京市
    assert tiny_gaz.get("441900") is None  # 东莞市 repeated as a county
    assert tiny_gaz.get("441900003").parent == "4419"


def test_build_edge_words_hold_crossing_word(tiny_dir):
    words = set((tiny_dir / "edge_words.txt").read_text(encoding="utf-8").split())
    assert "平台" in words  # 四平|台
    assert "西安" not in words  # a place name is no 'common word'


def test_build_rejects_missing_source(build_script, tmp_path):
    with pytest.raises(SystemExit, match="provinces.csv is missing"):
        build_script.build(tmp_path, tmp_path / "out")


# -- API on the tiny gazetteer ---------------------------------------------------------
def test_gazetteer_get(tiny_gaz):
    assert tiny_gaz.get("441581") == Division("441581", "陆丰市", "county", "4415")
    assert tiny_gaz.get("441521119211") == Division("441521119211", "新山村", "village", "441521119")
    assert tiny_gaz.get("999999") is None
    assert tiny_gaz.get("441521119999") is None


@pytest.mark.parametrize("name,codes", [
    ("陆丰市", ["441581"]),
    ("朝阳区", ["110105", "220104"]),
    ("新山村", ["220104100201", "441521119211", "441521120201"]),
    ("永安里社区", ["110105001001"]),
    ("南山村", ["441581110205"]),  # the row 陆丰市金厢镇南山村委会
    ("陆丰市金厢镇南山村", []),
    ("陆丰", []),
])
def test_gazetteer_lookup(tiny_gaz, name, codes):
    assert sorted(d.code for d in tiny_gaz.lookup(name)) == codes


@pytest.mark.parametrize("short,names", [
    ("陆丰", ["陆丰市"]),
    ("陕西", ["陕西省"]),
    ("汕尾", ["汕尾市"]),
    ("朝阳", ["朝阳区", "朝阳区"]),
    ("金厢", ["金厢镇"]),  # a township only when it is the only one
    ("新街", ["新街镇"]),
    ("城东", ["城东镇"]),
    ("海丰县", []),
])
def test_gazetteer_by_short(tiny_gaz, short, names):
    assert [d.name for d in tiny_gaz.by_short(short)] == names


def test_gazetteer_ancestors_nearest_first(tiny_gaz):
    assert [d.name for d in tiny_gaz.ancestors("441521119211")] == ["附城镇", "海丰县", "汕尾市", "广东省"]
    assert [d.name for d in tiny_gaz.ancestors("110105001")] == ["朝阳区", "北京市"]
    assert tiny_gaz.ancestors("44") == []


def test_gazetteer_children(tiny_gaz):
    assert [d.name for d in tiny_gaz.children("4415")] == ["城区", "海丰县", "陆丰市"]
    assert [d.name for d in tiny_gaz.children("441521")] == ["附城镇", "城东镇"]
    assert [d.name for d in tiny_gaz.children("441521119")] == ["新山村"]
    assert [d.name for d in tiny_gaz.children("11")] == ["朝阳区"]


@pytest.mark.parametrize("code,ancestor,expected", [
    ("441521119211", "441521119", True),
    ("441521119211", "44", True),
    ("441521119211", "441581", False),
    ("4415", "4415", False),
    ("110105", "11", True),
])
def test_gazetteer_is_within(tiny_gaz, code, ancestor, expected):
    assert tiny_gaz.is_within(code, ancestor) is expected


def test_gazetteer_cached_per_path(tiny_dir, tiny_gaz):
    assert load_gazetteer(tiny_dir) is tiny_gaz
    assert load_gazetteer(tiny_dir / "divisions.tsv.gz") is tiny_gaz


def test_gazetteer_missing_file_says_what_to_do(tmp_path):
    with pytest.raises(FileNotFoundError, match="build_gazetteer"):
        Gazetteer(tmp_path)


def test_gazetteer_villages_are_lazy(tiny_dir):
    gaz = Gazetteer(tiny_dir)
    gaz.get("441581")
    assert "villages" not in gaz._tables
    gaz.lookup("新山村")
    assert "villages" in gaz._tables


# -- the real data ----------------------------------------------------------------------
def test_real_gazetteer_counts(real_gaz):
    divs = [d for d, _ in real_gaz.upper_divisions()]
    assert sum(d.level == "province" for d in divs) == 31
    assert sum(d.level == "city" for d in divs) == 333  # 342 less 9 placeholders
    assert sum(d.level == "county" for d in divs) == 2974  # 2978 less 4 pseudo-counties


@pytest.mark.parametrize("short,name,code", [
    ("陆丰", "陆丰市", "441581"),
    ("柞水", "柞水县", "611026"),
    ("陕西", "陕西省", "61"),
    ("吉林", "吉林省", "22"),  # before 吉林市
])
def test_real_gazetteer_by_short(real_gaz, short, name, code):
    first = real_gaz.by_short(short)[0]
    assert (first.name, first.code) == (name, code)


def test_real_gazetteer_village_hierarchy(real_gaz):
    codes = {d.code for d in real_gaz.lookup("新山村")}
    assert len(codes) > 40 and "441521119211" in codes
    assert [d.name for d in real_gaz.ancestors("441521119211")][:2] == ["附城镇", "海丰县"]
    assert real_gaz.get("441521119211").name == "新山村"
    assert "新山村" in {d.name for d in real_gaz.children("441521119")}


def test_real_gazetteer_loads_fast(tmp_path):
    from kg.paths import data_dir

    t0 = time.perf_counter()
    gaz = Gazetteer(data_dir() / "gazetteer")
    gaz.village_codes("新山村")
    assert time.perf_counter() - t0 < 2.0
    assert sum(len(t.blob) for t in gaz._tables.values()) < 20_000_000


def test_sorted_table_finds_every_key_through_its_coarse_index():
    from kg.nlp.gazetteer import SortedTable

    keys = sorted(f"{i:05d}" for i in range(0, 3000, 3))
    table = SortedTable("".join(f"{k}\tv{k}\n" for k in keys).encode())
    table.SAMPLE_BYTES = 64  # many short stretches
    assert all(table.get(k) == f"v{k}" for k in keys)
    assert table.get("00001") is None and table.get("99999") is None and table.get("") is None
    assert not any(table.get(f"{i:05d}") or table.get(f"{i:05d}"[:4]) for i in range(1, 3000, 3))  # misses
    assert [line.split("\t")[0] for line in table.with_prefix("0001")] == [k for k in keys if k.startswith("0001")]
    assert SortedTable(b"").get("x") is None and SortedTable(b"").get("") is None
    assert SortedTable(b"").with_prefix("") == []
