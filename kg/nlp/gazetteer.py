"""The national gazetteer: 2023 statistical divisions, from province down to village.

Reference data for the PLACE stage (``kg_places``) and for the steps after it
(deixis, organizations, relations): full names, short forms (井冈山 → 井冈山市), levels,
codes and the containment hierarchy. The files are derived by
``scripts/build_gazetteer.py`` into ``data/gazetteer/`` (see its README).

Memory and speed: every table stays one sorted UTF-8 byte string (``key\\tvalue``
lines), searched by bisection (first over a sampled key every 2 KB, then within that
stretch), so a process holds ~20 MB of bytes instead of a million Python objects, and
loading is a gzip read (villages on first use only). ``Division`` records are made on
demand (provinces … townships kept once asked for). Codes are the national codes cut to
their level (2/4/6/9/12 digits), so containment is a prefix test, and in the
code-sorted table a division's descendants follow it. Nothing is read at import
time; ``load_gazetteer`` caches one ``Gazetteer`` per path.
"""
from __future__ import annotations

import gzip
import logging
import re
import threading
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kg.paths import data_dir

log = logging.getLogger("kg")

LEVELS = ("province", "city", "county", "township", "village")
FILES = {"divisions": "divisions.tsv.gz", "names": "names.tsv.gz", "shorts": "shorts.tsv.gz",
         "villages": "villages.tsv.gz"}
# full names ending so are never village names (villages end in 村, 社区, 区, 嘎查 …)
_NOT_VILLAGE = ("省", "市", "州", "盟", "县", "旗", "镇", "乡", "街道", "苏木")


@dataclass(frozen=True, slots=True)
class Division:
    code: str
    name: str
    level: str  # province / city / county / township / village
    parent: str | None


class SortedTable:
    """Lines ``key\\tvalue…`` sorted by the key's bytes, searched without splitting."""

    SAMPLE_BYTES = 2048  # one key of the coarse index per this many bytes of the table

    def __init__(self, blob: bytes):
        self.blob = blob
        self._index: tuple[list[bytes], list[int]] | None = None

    @classmethod
    def read(cls, path: Path) -> "SortedTable":
        if not path.exists():
            raise FileNotFoundError(f"gazetteer file {path} is missing: run scripts/build_gazetteer.py "
                                    "or set KG_DATA_DIR to a kg data/ folder")
        return cls(gzip.decompress(path.read_bytes()))

    def _coarse(self) -> tuple[list[bytes], list[int]]:
        """Keys and offsets of sampled lines (the first one, then the first after every
        ``SAMPLE_BYTES``), so that a look-up bisects a short stretch of the table."""
        if self._index is None:
            blob = self.blob
            offsets = [0] if blob else []
            for pos in range(self.SAMPLE_BYTES, len(blob), self.SAMPLE_BYTES):
                s = blob.find(b"\n", pos) + 1
                if 0 < s < len(blob) and s > offsets[-1]:
                    offsets.append(s)
            self._index = ([blob[s:blob.find(b"\t", s)] for s in offsets], offsets)
        return self._index

    def _first(self, key: bytes) -> int:
        """Offset of the first line whose key is >= ``key``."""
        keys, offsets = self._coarse()
        j = bisect_left(keys, key)  # keys[j - 1] < key <= keys[j]
        blob = self.blob
        lo = offsets[j - 1] if j else 0
        hi = offsets[j] if j < len(offsets) else len(blob)
        while lo < hi:
            s = blob.rfind(b"\n", 0, (lo + hi) // 2) + 1
            if blob[s:blob.find(b"\t", s)] < key:
                lo = blob.find(b"\n", s) + 1
            else:
                hi = s
        return lo

    def get(self, key: str) -> str | None:
        """The rest of the line after ``key\\t``, or None: a sampled key, or else one
        substring search of the stretch between two sampled keys where the line must be
        (most look-ups are misses: the candidate names of the place recognizer)."""
        k = key.encode("utf-8")
        keys, offsets = self._coarse()
        j = bisect_left(keys, k)  # keys[j - 1] < k <= keys[j]
        if j < len(keys) and keys[j] == k:
            s = offsets[j]
        elif j == 0:
            return None
        else:
            hi = offsets[j] if j < len(offsets) else len(self.blob)
            s = self.blob.find(b"\n" + k + b"\t", offsets[j - 1], hi) + 1  # a line after the sampled one
            if not s:
                return None
        tab = s + len(k)
        return self.blob[tab + 1:self.blob.find(b"\n", tab)].decode("utf-8")

    def with_prefix(self, prefix: str) -> list[str]:
        """Whole lines whose key starts with ``prefix``, in order."""
        p = prefix.encode("utf-8")
        s = self._first(p)
        out = []
        while s < len(self.blob) and self.blob.startswith(p, s):
            e = self.blob.find(b"\n", s)
            out.append(self.blob[s:e].decode("utf-8"))
            s = e + 1
        return out

    def key_holding(self, value: str) -> str | None:
        """The key of the line whose comma list holds ``value`` (a scan; for rare look-ups)."""
        m = re.search(rb"[\t,]" + re.escape(value.encode("utf-8")) + rb"[,\n]", self.blob)
        if not m:
            return None
        s = self.blob.rfind(b"\n", 0, m.start()) + 1
        return self.blob[s:self.blob.find(b"\t", s)].decode("utf-8")

    def keys_holding_prefix(self, prefix: str, digits: int) -> list[tuple[str, str]]:
        """``(value, key)`` for every value ``prefix`` + ``digits`` digits (a scan)."""
        pat = rb"[\t,](" + re.escape(prefix.encode("ascii")) + rb"\d{%d})(?=[,\n])" % digits
        out = []
        for m in re.finditer(pat, self.blob):
            s = self.blob.rfind(b"\n", 0, m.start()) + 1
            out.append((m.group(1).decode("ascii"), self.blob[s:self.blob.find(b"\t", s)].decode("utf-8")))
        return sorted(out)


def _division(code: str, rest: str) -> Division:
    parent, level, name, _ = rest.split("\t")
    return Division(code, name, level, parent or None)


class Gazetteer:
    """Look-ups over the divisions; see the module doc for what is held in memory."""

    def __init__(self, directory: Path):
        self.directory = directory
        self._tables: dict[str, SortedTable] = {}
        self._lock = threading.Lock()
        self._divisions: dict[str, Division | None] = {}  # provinces … townships asked for, by code
        self._table("divisions")

    def _table(self, name: str) -> SortedTable:
        table = self._tables.get(name)
        if table is None:
            with self._lock:
                table = self._tables.get(name)
                if table is None:
                    table = self._tables[name] = SortedTable.read(self.directory / FILES[name])
        return table

    DIVISION_CACHE = 50_000  # more than all provinces … townships: recurring codes cost a dict look-up

    # -- the API other stages use ---------------------------------------------------
    def get(self, code: str) -> Division | None:
        if len(code) == 12:
            name = self._table("villages").key_holding(code)
            return Division(code, name, "village", code[:9]) if name else None
        if code in self._divisions:
            return self._divisions[code]
        rest = self._table("divisions").get(code)
        div = _division(code, rest) if rest is not None else None
        if len(self._divisions) >= self.DIVISION_CACHE:
            self._divisions.clear()
        self._divisions[code] = div
        return div

    def lookup(self, name: str) -> list[Division]:
        """Divisions whose official full name (normalized, for villages) is ``name``."""
        out = [d for d in map(self.get, self._codes("names", name)) if d is not None]
        if not name.endswith(_NOT_VILLAGE) or name.endswith("社区"):
            out += [Division(c, name, "village", c[:9]) for c in self.village_codes(name)]
        return out

    def by_short(self, short: str) -> list[Division]:
        """Provinces, cities and counties with this short form (井冈山 → [井冈山市]), highest
        level first; a township only when it is the one division with that short form."""
        divs = sorted((d for d in map(self.get, self._codes("shorts", short)) if d is not None),
                      key=lambda d: (LEVELS.index(d.level), d.code))
        upper = [d for d in divs if d.level != "township"]
        if upper or len(divs) != 1 or self._codes("names", short):
            return upper
        return divs

    def ancestors(self, code: str) -> list[Division]:
        """Enclosing divisions, nearest first (a village's township, county, city, province)."""
        out: list[Division] = []
        parent = code[:9] if len(code) == 12 else (self.get(code) or Division("", "", "", None)).parent
        while parent:
            div = self.get(parent)
            if div is None:
                break
            out.append(div)
            parent = div.parent
        return out

    def children(self, code: str) -> list[Division]:
        if len(code) == 9:
            return [Division(c, n, "village", code) for c, n in self._table("villages").keys_holding_prefix(code, 3)]
        out = []
        for line in self._table("divisions").with_prefix(code):
            c, rest = line.split("\t", 1)
            div = _division(c, rest)
            if div.parent == code:
                out.append(div)
        return out

    def is_within(self, code: str, ancestor_code: str) -> bool:
        """True when ``code`` lies strictly inside ``ancestor_code`` (codes nest by prefix)."""
        return len(code) > len(ancestor_code) and code.startswith(ancestor_code)

    # -- helpers for recognizers (beyond the core API) ------------------------------
    def _codes(self, table: str, key: str) -> list[str]:
        rest = self._table(table).get(key)
        return rest.split(",") if rest else []

    def village_codes(self, name: str) -> list[str]:
        """Codes of the villages called ``name`` (no ``Division`` objects made)."""
        return self._codes("villages", name)

    def codes_of_name(self, name: str) -> list[str]:
        """Codes of the provinces … townships whose full name is ``name``."""
        return self._codes("names", name)

    def codes_of_short(self, short: str) -> list[str]:
        """Codes of the provinces … townships (all of them) with this short form."""
        return self._codes("shorts", short)

    def shorts_of(self, code: str) -> tuple[str, ...]:
        rest = self._table("divisions").get(code)
        return tuple(s for s in rest.split("\t")[3].split("|") if s) if rest else ()

    def upper_divisions(self) -> list[tuple[Division, tuple[str, ...]]]:
        """Every province, city and county with its short forms (for dictionary scans)."""
        out = []
        for line in self._table("divisions").blob.decode("utf-8").splitlines():
            code, parent, level, name, shorts = line.split("\t")
            if level != "township":
                out.append((Division(code, name, level, parent or None), tuple(filter(None, shorts.split("|")))))
        return out


@lru_cache(maxsize=4)
def _load(path: Path) -> Gazetteer:
    gaz = Gazetteer(path)
    log.debug("gazetteer opened at %s", path)
    return gaz


def load_gazetteer(path: Path | None = None) -> Gazetteer:
    """The gazetteer in ``path`` (a folder, or a file in it); default ``data/gazetteer``."""
    p = Path(path) if path is not None else data_dir() / "gazetteer"
    if p.is_file():
        p = p.parent
    return _load(p.resolve())
