"""A synthetic corpus for the benchmark: N realistic articles, deterministic for a seed.

Articles recombine the sentence templates of ``bench/templates.yaml``; places come
from the national gazetteer (``kg.nlp.gazetteer.load_gazetteer``: a pool of
counties, their townships and villages), people from ``data/lexicons/surnames.txt``
with generated given names, programs and mechanisms from the head words of
``data/lexicons/initiatives.yaml`` with generated cores, and numbers at random. A
share of the articles is in traditional script (OpenCC s2t) and a share carries
page furniture (navigation, share buttons, credits, related links).

    python bench/synth.py 1000 /tmp/corpus            # JSONL files of 1000 lines
    python bench/synth.py 200 /tmp/corpus --format txt --seed 7
"""
from __future__ import annotations

import argparse
import json
import random
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

import yaml

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates.yaml"
SLOT = re.compile(r"\{(\w+)(?::(\d+)-(\d+))?\}")


@dataclass(frozen=True)
class Place:
    prov: str
    city: str
    county: str
    cshort: str
    towns: tuple[tuple[str, tuple[str, ...]], ...]  # (township, its villages)


def _surnames() -> list[str]:
    from kg.paths import data_file

    lines = data_file("lexicons", "surnames.txt").read_text(encoding="utf-8").splitlines()
    return [w for line in lines if not line.startswith("#") for w in line.split()]


def _heads() -> tuple[list[str], list[str]]:
    from kg.paths import data_file

    lex = yaml.safe_load(data_file("lexicons", "initiatives.yaml").read_text(encoding="utf-8"))
    quote_only = set(lex.get("quote_only_heads") or ())
    programs = [h for h in lex["program_heads"] if h not in quote_only]
    mechanisms = [h for h in lex["mechanism_heads"] if h not in quote_only]
    return programs, mechanisms


def place_pool(rng: random.Random, counties: int = 12, towns: int = 3) -> list[Place]:
    """Counties drawn from the gazetteer, each with a few townships and their villages."""
    from kg.nlp.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    uppers = [d for d, _ in gaz.upper_divisions() if d.level == "county" and d.name.endswith(("县", "市", "旗"))]
    pool: list[Place] = []
    for county in rng.sample(uppers, min(counties * 2, len(uppers))):
        chain = gaz.ancestors(county.code)
        prov = next((d.name for d in chain if d.level == "province"), "")
        city = next((d.name for d in chain if d.level == "city"), prov)
        kids = [d for d in gaz.children(county.code) if d.level == "township"]
        picked = []
        for town in rng.sample(kids, min(towns, len(kids))):
            villages = tuple(v.name for v in gaz.children(town.code))
            if len(villages) >= 2:
                picked.append((town.name, villages))
        if picked:
            short = next(iter(gaz.shorts_of(county.code)), county.name)
            pool.append(Place(prov, city, county.name, short, tuple(picked)))
        if len(pool) == counties:
            break
    return pool


@lru_cache(maxsize=1)
def _s2t():
    import opencc

    return opencc.OpenCC("s2t")


class Generator:
    """Makes articles one by one; the same seed gives the same corpus."""

    def __init__(self, seed: int = 0, counties: int = 12, towns: int = 3, chars: int = 2500,
                 traditional: float = 0.05, junk: float = 0.10) -> None:
        self.rng = random.Random(seed)
        self.seed, self.chars, self.traditional, self.junk = seed, chars, traditional, junk
        self.t = yaml.safe_load(TEMPLATES.read_text(encoding="utf-8"))
        surnames = _surnames()
        self.single = [s for s in surnames if len(s) == 1]
        self.compound = [s for s in surnames if len(s) > 1] or self.single
        self.program_heads, self.mechanism_heads = _heads()
        self.places = place_pool(self.rng, counties, towns)

    # -- slot values -------------------------------------------------------------
    def person(self) -> str:
        rng = self.rng
        surname = rng.choice(self.compound if rng.random() < 0.03 else self.single)
        return surname + "".join(rng.choice(self.t["given_chars"]) for _ in range(rng.choice((1, 2, 2))))

    def core(self) -> str:
        return self.rng.choice(self.t["core_modifiers"]) + self.rng.choice(self.t["core_nouns"])

    def slogan(self) -> str:
        nums, verbs = self.t["slogan_numbers"], self.t["slogan_verbs"]
        a, b = self.rng.sample(verbs, 2)
        return f"{self.rng.choice(nums)}{a}{self.rng.choice(nums)}{b}"

    def slots(self) -> dict[str, Any]:
        rng = self.rng
        place = rng.choice(self.places)
        (town, villages), (town2, villages2) = rng.choice(place.towns), rng.choice(place.towns)
        village, village2 = rng.sample(villages, 2) if town == town2 else (rng.choice(villages), rng.choice(villages2))
        year = rng.randint(2018, 2024)
        s = {"prov": place.prov, "city": place.city, "county": place.county, "cshort": place.cshort,
             "town": town, "town2": town2, "village": village, "village2": village2,
             "p1": self.person(), "p2": self.person(), "p3": self.person(),
             "reporter": self.person(), "editor": self.person(), "slogan": f"“{self.slogan()}”",
             "program": f"“{self.core()}”{rng.choice(self.program_heads)}",
             "program2": f"“{self.slogan()}”{rng.choice(self.program_heads)}",
             "mechanism": f"“{self.core()}”{rng.choice(self.mechanism_heads)}",
             "designation": rng.choice(self.t["designations"]), "year": year, "year2": year + 1}
        s["source"] = self.fill(rng.choice(self.t["sources"]), s)
        return s

    def fill(self, template: str, s: dict[str, Any]) -> str:
        def one(m: re.Match) -> str:
            name, lo, hi = m.group(1), m.group(2), m.group(3)
            if lo is None:
                return str(s[name])
            lo, hi = int(lo), int(hi)
            if name == "int":
                return str(self.rng.randint(lo, hi))
            value = round(self.rng.uniform(lo, hi), 1)
            return str(int(value)) if name == "pct" and value.is_integer() else str(value)

        return SLOT.sub(one, template)

    # -- articles ----------------------------------------------------------------
    def article(self, index: int) -> dict[str, Any]:
        rng, t = self.rng, self.t
        s = self.slots()
        date = f"{s['year']}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        lines = [self.fill(rng.choice(t["titles"]), s),
                 f"来源：{s['source']}　发布时间：{date}",
                 f"{s['source']}记者 {s['reporter']} 通讯员 {self.person()}",
                 self.fill(rng.choice(t["leads"]), s)]
        target = self.chars * rng.uniform(0.6, 1.4)
        size = sum(map(len, lines))
        body: list[str] = []
        while size < target:
            if not body:  # each template once before any comes again
                body = rng.sample(t["body"], len(t["body"]))
            para = "".join(self.fill(body.pop(), s) for _ in range(min(len(body), rng.randint(2, 4))))
            if rng.random() < 0.2:
                para += self.fill(rng.choice(t["quotes"]), s)
            lines.append(para)
            size += len(para)
        lines.append(self.fill(rng.choice(t["closings"]), s))
        if rng.random() < self.junk:
            lines = [self.fill(j, s) for j in rng.sample(t["junk_head"], 2)] + lines
            lines += [self.fill(j, s) for j in t["junk_tail"]]
        text = "\n".join(lines) + "\n"
        if rng.random() < self.traditional:
            text = _s2t().convert(text)
        return {"id": f"syn{self.seed}-{index:07d}", "text": text}

    def articles(self, n: int) -> Iterator[dict[str, Any]]:
        for i in range(n):
            yield self.article(i)


def write_corpus(n: int, out: str | Path, *, seed: int = 0, fmt: str = "jsonl", per_file: int = 1000,
                 **kwargs: Any) -> dict[str, int]:
    """Write ``n`` articles under ``out`` (JSONL files of ``per_file`` lines, or one .txt each)."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    gen = Generator(seed, **kwargs)
    chars = files = 0
    fh = None
    for i, art in enumerate(gen.articles(n)):
        chars += len(art["text"])
        if fmt == "txt":
            (out / f"{art['id']}.txt").write_text(art["text"], encoding="utf-8")
            files += 1
            continue
        if i % per_file == 0:
            if fh:
                fh.close()
            fh = open(out / f"part-{i // per_file:05d}.jsonl", "w", encoding="utf-8")
            files += 1
        fh.write(json.dumps(art, ensure_ascii=False) + "\n")
    if fh:
        fh.close()
    return {"articles": n, "chars": chars, "files": files}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", type=int, help="number of articles")
    ap.add_argument("out", type=Path, help="output folder")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--format", choices=("jsonl", "txt"), default="jsonl")
    ap.add_argument("--per-file", type=int, default=1000, help="articles per JSONL file")
    ap.add_argument("--counties", type=int, default=12, help="counties in the place pool")
    args = ap.parse_args(argv)
    info = write_corpus(args.n, args.out, seed=args.seed, fmt=args.format, per_file=args.per_file,
                        counties=args.counties)
    print(json.dumps(info))


if __name__ == "__main__":
    main()
