"""A synthetic graph in the shape of the model (``docs/graph-model.md``), for measuring the viewer.

``synthetic_graph(n)`` makes about ``n`` drawn nodes: a place hierarchy (province →
city → county → township → village), organisations located in places, people
holding positions, programmes and mechanisms implemented by places, designations
and metrics, all with evidence from made-up articles. The names are generated
(地点17村, 组织203 …); nothing comes from real articles. Used by
``scripts/viewer_scale.py`` and the viewer tests.
"""
from __future__ import annotations

import random

import networkx as nx

LEVELS = ("province", "city", "county", "township", "village")
SUFFIX = {"province": "省", "city": "市", "county": "县", "township": "镇", "village": "村"}
BASE = "http://example.org/kg/"


def _evidence(rng: random.Random, docs: int, text: str) -> dict:
    start = rng.randrange(0, 5000)
    return {"doc": f"doc{rng.randrange(docs):04d}", "start": start, "end": start + len(text), "text": text,
            "rule": "synthetic.rule"}


def _entity(g: nx.MultiDiGraph, key: str, etype: str, label: str, rng: random.Random, docs: int, **extra) -> str:
    doc = f"doc{rng.randrange(docs):04d}"
    g.add_node(key, kind="entity", type=etype, label=label, aliases=sorted({label, label[:-1] or label}),
               docs=[doc], mentions=[{"doc": doc, "start": 0, "end": len(label), "text": label, "rule": "synthetic"}],
               **extra)
    return key


def _edge(g: nx.MultiDiGraph, u: str, v: str, rtype: str, rng: random.Random, docs: int, **extra) -> None:
    text = f"{g.nodes[u]['label']}{rtype}{g.nodes[v]['label']}的示例句子。"
    g.add_edge(u, v, key=rtype, type=rtype, source=extra.pop("source", "text"),
               evidence=[_evidence(rng, docs, text)], **extra)


def _near(rng: random.Random, seq: list[str], frac: float, spread: float = 0.02) -> str:
    """An item of ``seq`` near position ``frac`` (0..1): real graphs are local, articles cover regions."""
    i = int((frac + rng.uniform(-spread, spread)) * len(seq))
    return seq[min(max(i, 0), len(seq) - 1)]


def synthetic_graph(n_nodes: int, seed: int = 1, docs: int | None = None) -> nx.MultiDiGraph:
    """About ``n_nodes`` drawn nodes (plus article nodes) with roughly two edges per node."""
    rng = random.Random(seed)
    docs = docs or max(1, n_nodes // 40)
    g = nx.MultiDiGraph()
    for d in range(docs):
        g.add_node(f"{BASE}article/doc{d:04d}", kind="article", doc=f"doc{d:04d}", label=f"示例文章 {d}",
                   title=f"示例文章 {d}", date="2022-01-01", source="示例日报", authors=[], editors=[], url="")
    places: dict[str, list[str]] = {lvl: [] for lvl in LEVELS}
    n_places = max(5, int(n_nodes * 0.45))
    fanout = {"province": 1, "city": 4, "county": 4, "township": 5, "village": 8}
    counter = 0
    while counter < n_places:
        for lvl_i, lvl in enumerate(LEVELS):
            for _ in range(fanout[lvl]):
                if counter >= n_places:
                    break
                counter += 1
                key = f"{BASE}place/{counter}"
                _entity(g, key, "PLACE", f"地点{counter}{SUFFIX[lvl]}", rng, docs, level=lvl,
                        adcode=f"{100000 + counter}")
                places[lvl].append(key)
                if lvl_i:
                    parent = rng.choice(places[LEVELS[lvl_i - 1]][-fanout[LEVELS[lvl_i - 1]]:] or places[LEVELS[0]])
                    _edge(g, key, parent, "LOCATED_IN", rng, docs, source=rng.choice(("text", "gazetteer")))
    all_places = [p for lvl in LEVELS for p in places[lvl]]
    counts = {"ORG": 0.17, "PERSON": 0.12, "PROGRAM": 0.08, "MECHANISM": 0.06}
    made: dict[str, list[str]] = {}
    for etype, share in counts.items():
        made[etype] = []
        for i in range(max(1, int(n_nodes * share))):
            key = f"{BASE}{etype.lower()}/{i}"
            label = {"ORG": f"组织{i}党委", "PERSON": f"人物{i}", "PROGRAM": f"示范行动{i}",
                     "MECHANISM": f"工作机制{i}"}[etype]
            extra = {"role": "official"} if etype == "PERSON" else {}
            made[etype].append(_entity(g, key, etype, label, rng, docs, **extra))
    all_places = [p for _, p in sorted((int(p.rsplit("/", 1)[1]), p) for p in all_places)]  # creation order
    for i, org in enumerate(made["ORG"]):
        _edge(g, org, _near(rng, all_places, i / len(made["ORG"])), "LOCATED_IN", rng, docs)
    for i, person in enumerate(made["PERSON"]):
        frac = i / len(made["PERSON"])
        tail = _near(rng, made["ORG"], frac) if rng.random() < 0.6 else _near(rng, all_places, frac)
        _edge(g, person, tail, "HOLDS_POSITION", rng, docs,
              title=rng.choice(("书记", "主任", "局长")), former=rng.random() < 0.1)
    inits = made["PROGRAM"] + made["MECHANISM"]
    for i, init in enumerate(inits):
        frac = (i * 7919 % len(inits)) / len(inits)  # programmes and mechanisms spread over the regions
        for _ in range(rng.randint(1, 3)):
            head = _near(rng, all_places, frac) if rng.random() < 0.7 else _near(rng, made["ORG"], frac)
            _edge(g, head, init, "IMPLEMENTS", rng, docs)
        if rng.random() < 0.2:
            _edge(g, init, _near(rng, inits, i / len(inits)), "PART_OF", rng, docs)
    for i in range(max(1, int(n_nodes * 0.04))):
        key = f"{BASE}designation/{i}"
        g.add_node(key, kind="designation", label=f"示范称号{i}")
        for _ in range(rng.randint(1, 3)):
            _edge(g, rng.choice(all_places[len(all_places) // 3:]), key, "RECOGNIZED_AS", rng, docs)
    drawn = sum(1 for _, a in g.nodes(data=True) if a.get("kind") != "article")
    for i in range(max(0, n_nodes - drawn)):
        subject = rng.choice(all_places + made["PROGRAM"])
        ev = _evidence(rng, docs, f"累计完成指标{i}共{i * 7}个。")
        key = f"{BASE}metric/{i}"
        g.add_node(key, kind="metric", label=f"指标{i}", indicator=f"指标{i}", value=i * 7, unit="个",
                   qualifier=None, year=2021, doc=ev["doc"], evidence=ev)
        g.add_edge(subject, key, key="HAS_METRIC", type="HAS_METRIC", source="text", evidence=[ev])
    return g


# Strings that would run script or break the page if any reached it unescaped.
HOSTILE = ("<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "</script><script>alert(2)</script>",
           "it's \"quoted\" \\ back\\slash", "line\u2028break\u2029para", "<!-- <b>bold</b> &amp; href=x",
           "<a href=\"javascript:alert(3)\">link</a>")


def hostile_graph() -> nx.MultiDiGraph:
    """A small graph whose every text field (names, aliases, titles, sentences, rules) carries
    an HTML or script payload from ``HOSTILE``: the page must show them as text."""
    g = nx.MultiDiGraph()
    p = HOSTILE
    g.add_node(f"{BASE}article/evil", kind="article", doc="evil", label=p[0], title=p[0], date=p[1],
               source=p[2], authors=[p[3]], editors=[], url="javascript:alert(4)")
    ev = [{"doc": "evil", "start": 0, "end": 10, "text": f"{p[0]} {p[1]} {p[2]}", "rule": p[1]},
          {"doc": "evil", "start": 20, "end": 30, "text": f"{p[3]} {p[4]} {p[5]} {p[6]}", "rule": p[2]}]
    mention = [{"doc": "evil", "start": 0, "end": 3, "text": p[0], "rule": p[5]}]
    names = {"PLACE": p[0], "ORG": p[1], "PERSON": p[2], "PROGRAM": p[3], "MECHANISM": p[6]}
    for etype, name in names.items():
        extra = {"level": "village", "adcode": p[4]} if etype == "PLACE" else {}
        if etype == "PERSON":
            extra = {"role": p[5]}
        g.add_node(f"{BASE}{etype.lower()}/evil", kind="entity", type=etype, label=name, aliases=sorted(set(p)),
                   docs=["evil"], mentions=mention, **extra)
    g.add_node(f"{BASE}designation/evil", kind="designation", label=p[4], level="other")
    g.add_node(f"{BASE}metric/evil", kind="metric", label=p[5], indicator=p[5], value=3, unit=p[6],
               qualifier=p[0], year=2020, doc="evil", evidence=ev[0])
    e = f"{BASE}"
    g.add_edge(f"{e}org/evil", f"{e}place/evil", key="LOCATED_IN", type="LOCATED_IN", source="text", evidence=ev)
    g.add_edge(f"{e}person/evil", f"{e}org/evil", key="HOLDS_POSITION", type="HOLDS_POSITION", source="text",
               evidence=ev, title=p[1], former=True)
    g.add_edge(f"{e}place/evil", f"{e}program/evil", key="IMPLEMENTS", type="IMPLEMENTS", source="inferred",
               evidence=ev)
    g.add_edge(f"{e}place/evil", f"{e}mechanism/evil", key="IMPLEMENTS", type="IMPLEMENTS", source="text",
               evidence=ev)
    g.add_edge(f"{e}place/evil", f"{e}designation/evil", key="RECOGNIZED_AS", type="RECOGNIZED_AS",
               source="text", evidence=ev)
    g.add_edge(f"{e}place/evil", f"{e}metric/evil", key="HAS_METRIC", type="HAS_METRIC", source="text",
               evidence=ev[:1])
    return g
