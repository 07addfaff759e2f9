"""SPARQL over a built graph (Turtle → **pyoxigraph store → query results** → table / CSV / JSON).

pyoxigraph is the embedded engine: it loads 200 k triples of Turtle in well under a second
and answers a FILTER query in tens of milliseconds, about twenty times faster than rdflib's
in-memory engine. Saved queries live in ``kg/queries/*.rq`` (package data); each starts
with a header of ``# key: value`` comment lines::

    # title: Places that implement a mechanism or program
    # description: …
    # param: initiative literal@zh  the initiative's name or alias; all when omitted

``# fallback: NAME`` names a query of ``kg/queries/fallback/`` that :func:`run_saved` runs when
this one gives no rows: ``stats`` reads the graph's VoID description, and its fallback counts
a graph that has none.

A parameter is a ``VALUES ?name { UNDEF }`` block in the query (unbound: all rows).
:func:`bind_params` replaces ``UNDEF`` with RDF terms built by pyoxigraph from the user's
values (``"…"@zh``, ``"…"``, ``<iri>``, ``"3"^^xsd:integer``), which escapes them, so user
text is never pasted into query syntax. The same bound text runs unchanged in Jena or
Virtuoso, which is how ``scripts/check_sparql_jena.py`` compares engines.

Large graphs are not parsed on every query: :func:`disk_store` bulk-loads the graph file
once into an on-disk (RocksDB) pyoxigraph store beside it, ``OUT/kg.oxigraph/``, and reopens
it read-only in milliseconds while the file is unchanged (same size, modification time and
hash of its first and last MiB); it is rebuilt when the file changes, always in a temporary
folder renamed into place, so a failed or interrupted load never leaves a half store.
``kg query`` uses it for graph files of :data:`STORE_MIN_BYTES` and more (``--store`` /
``--memory`` choose). See ``docs/sparql.md``.
"""
from __future__ import annotations

import gc
import glob
import hashlib
import json
import logging
import os
import re
import secrets
import shutil
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, BinaryIO, Callable, Iterable

try:
    import fcntl
except ImportError:  # not on Windows: builds of one store are then not serialized
    fcntl = None  # type: ignore[assignment]

import pyoxigraph as ox

from kg.graph.namespace import PREFIXES
from kg.graph.serialize import graph_file, rdf_format

log = logging.getLogger("kg")

PARAM_KINDS = ("literal@zh", "string", "iri", "integer", "decimal")
_XSD = "http://www.w3.org/2001/XMLSchema#"
STORE_SUFFIX = ".oxigraph"
STORE_MIN_BYTES = 8 << 20  # graph files from this size on (≈ 0.5 s to parse) are queried from the on-disk store
_MANIFEST = "kg-store.json"
_DB = "db"
_FINGERPRINT_BYTES = 1 << 20


class QueryError(ValueError):
    pass


@dataclass(frozen=True)
class Param:
    name: str
    kind: str = "literal@zh"
    description: str = ""


@dataclass
class SavedQuery:
    name: str
    text: str
    title: str = ""
    description: str = ""
    params: dict[str, Param] = field(default_factory=dict)
    fallback: str = ""  # a query of kg/queries/fallback/ to run when this one gives no rows


@dataclass
class Result:
    """A query's answer: ``variables`` and ``rows`` of pyoxigraph terms (None when unbound) for SELECT,
    ``boolean`` for ASK, ``triples`` for CONSTRUCT/DESCRIBE."""

    variables: list[str] = field(default_factory=list)
    rows: list[list[Any]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[ox.Triple] | None = None
    seconds: float = 0.0


def parse_query_text(name: str, text: str) -> SavedQuery:
    """Read the ``# key: value`` header of a query (lines before the first non-comment line)."""
    q = SavedQuery(name=name, text=text)
    last = ""
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        cont = re.match(r"#\s{2,}(\S.*)$", line)
        m = None if cont else re.match(r"#\s?(\w+):\s*(.*)$", line)
        if cont and last in ("title", "description"):
            setattr(q, last, (getattr(q, last) + " " + cont.group(1).strip()).strip())
        if not m:
            continue
        key, value = m.group(1).lower(), m.group(2).strip()
        last = key
        if key == "param":
            pname, _, rest = value.partition(" ")
            kind, _, desc = rest.strip().partition(" ")
            if kind not in PARAM_KINDS:
                raise QueryError(f"query {name}: param {pname} has kind {kind!r}; use one of {', '.join(PARAM_KINDS)}")
            q.params[pname] = Param(pname, kind, desc.strip())
        elif key in ("title", "description", "fallback"):
            setattr(q, key, value)
    return q


def saved_queries(sub: str = "") -> dict[str, SavedQuery]:
    """Every saved query of ``kg/queries`` (or of its sub-folder ``sub``), by name (file name
    without ``.rq``), sorted."""
    folder = resources.files("kg") / "queries"
    folder = folder / sub if sub else folder
    out = {}
    for item in sorted(folder.iterdir(), key=lambda p: p.name):
        if item.name.endswith(".rq"):
            name = item.name[:-3]
            out[name] = parse_query_text(name, item.read_text(encoding="utf-8"))
    return out


def make_term(value: str, kind: str) -> ox.NamedNode | ox.Literal:
    """A typed RDF term from a user's value; raises QueryError when the value does not fit the kind."""
    try:
        if kind == "literal@zh":
            return ox.Literal(value, language="zh")
        if kind == "string":
            return ox.Literal(value)
        if kind == "iri":
            return ox.NamedNode(value.strip().removeprefix("<").removesuffix(">"))
        if kind == "integer":
            return ox.Literal(str(int(value)), datatype=ox.NamedNode(_XSD + "integer"))
        if kind == "decimal":
            float(value)
            return ox.Literal(value.strip(), datatype=ox.NamedNode(_XSD + "decimal"))
    except ValueError as err:
        raise QueryError(f"{value!r} is not a valid {kind}: {err}") from None
    raise QueryError(f"unknown parameter kind {kind!r}")


def bind_params(query: SavedQuery, values: dict[str, list[str]]) -> str:
    """The query text with each given parameter's ``VALUES ?p { UNDEF }`` blocks (a query may
    have one in each branch of a UNION) holding the typed terms."""
    text = query.text
    for name, vals in sorted(values.items()):
        param = query.params.get(name) or Param(name)
        pattern = re.compile(r"VALUES\s+\?" + re.escape(name) + r"\s*\{\s*UNDEF\s*\}")
        if not pattern.search(text) or (query.params and name not in query.params):
            known = ", ".join(query.params) or "none"
            raise QueryError(f"query {query.name} has no parameter {name!r} (a VALUES ?{name} {{ UNDEF }} "
                             f"block); its parameters: {known}")
        terms = " ".join(str(make_term(v, param.kind)) for v in vals)
        text = pattern.sub(lambda _m: f"VALUES ?{name} {{ {terms} }}", text)
    return text


def open_store(path: str | Path, store: bool | None = False, store_dir: str | Path | None = None,
               report: Callable[[str], None] | None = None) -> ox.Store:
    """A pyoxigraph store holding a graph file (or ``FOLDER/kg.ttl``).

    ``store=False`` parses the file into memory (every call); ``store=True`` opens the
    on-disk store built from it (:func:`disk_store`, built on first use and rebuilt when
    the file changes); ``store=None`` picks the disk store from :data:`STORE_MIN_BYTES` of
    graph file on, where it opens faster than the file parses. ``report`` gets the progress
    messages of a store build (default: the log)."""
    p = graph_file(path)
    try:
        fmt = rdf_format(p)
    except ValueError as err:
        raise QueryError(str(err)) from None
    if store is None:
        store = store_dir is not None or p.stat().st_size >= STORE_MIN_BYTES
    if store:
        return disk_store(p, fmt, store_dir, report)
    t0 = time.perf_counter()
    mem = ox.Store()
    _load(mem, p, fmt)
    log.info("loaded %s: %d triples in %.3f s", p, len(mem), time.perf_counter() - t0)
    return mem


def _load(store: ox.Store, p: Path, fmt: ox.RdfFormat, report: Callable[[str], None] | None = None) -> None:
    """Bulk-load ``p``; with ``report``, say every few seconds how far the load is."""
    try:
        if report is None:
            store.bulk_load(path=str(p), format=fmt)
            return
        with p.open("rb") as fh:
            reader = _CountingReader(fh)
            with _heartbeat(reader, p.stat().st_size, report):
                store.bulk_load(reader, format=fmt)
    except SyntaxError as err:
        raise QueryError(f"{p}: not valid RDF: {err}") from err


def run(store: ox.Store, text: str) -> Result:
    """Execute a query; our prefixes are predeclared, so ad-hoc queries may use ``kg:`` without PREFIX."""
    t0 = time.perf_counter()
    try:
        answer = store.query(text, prefixes=PREFIXES)
    except SyntaxError as err:
        raise QueryError(f"SPARQL syntax error: {err}") from err
    res = Result()
    if isinstance(answer, ox.QueryBoolean):
        res.boolean = bool(answer)
    elif isinstance(answer, ox.QuerySolutions):
        res.variables = [v.value for v in answer.variables]
        res.rows = [[sol[v] for v in res.variables] for sol in answer]
    else:
        res.triples = list(answer)
    res.seconds = time.perf_counter() - t0
    log.info("query: %d rows in %.3f s", len(res.rows), res.seconds)
    return res


def run_saved(store: ox.Store, query: SavedQuery, text: str) -> tuple[Result, SavedQuery | None]:
    """Run ``text`` (``query`` with its parameters bound); when it gives no rows and the query
    names a fallback, run that instead (a fallback takes no parameters). Returns the result and
    the fallback that gave it, if any."""
    res = run(store, text)
    if res.rows or res.boolean or res.triples or not query.fallback:
        return res, None
    fallbacks = saved_queries("fallback")
    if query.fallback not in fallbacks:
        raise QueryError(f"query {query.name}: no fallback query {query.fallback!r} in kg/queries/fallback")
    other = fallbacks[query.fallback]
    return run(store, other.text), other


def query_file(graph: str | Path, text: str, params: dict[str, list[str]] | None = None) -> Result:
    """Parse ``text`` as a query with a header, bind ``params`` and run it over ``graph``."""
    q = parse_query_text("query", text)
    return run(open_store(graph), bind_params(q, params or {}))


def parse_param_args(args: Iterable[str]) -> dict[str, list[str]]:
    """``["place=陆丰市", "place=海丰县"]`` → ``{"place": ["陆丰市", "海丰县"]}``."""
    out: dict[str, list[str]] = {}
    for arg in args:
        name, sep, value = arg.partition("=")
        if not sep or not re.fullmatch(r"[A-Za-z_]\w*", name.strip()):
            raise QueryError(f"--param {arg!r}: write it as name=value")
        out.setdefault(name.strip(), []).append(value)
    return out


# --- the on-disk store -------------------------------------------------------------------------------

def default_store_dir(graph: Path) -> Path:
    """Where the store of ``graph`` lives: beside it (``OUT/kg.oxigraph`` for ``OUT/kg.ttl``), or in the
    user's cache folder when the graph's folder is read-only."""
    graph = Path(graph)
    if os.access(graph.parent, os.W_OK):
        return graph.with_suffix(STORE_SUFFIX)
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "kg" / "stores"
    digest = hashlib.sha256(str(graph.resolve()).encode()).hexdigest()[:16]
    return cache / f"{graph.stem}-{digest}{STORE_SUFFIX}"


def fingerprint(graph: Path) -> dict[str, Any]:
    """What identifies a version of the graph file without reading all of it: name, size, modification
    time and a hash of its first and last MiB (plus the pyoxigraph version, whose storage format may
    change)."""
    st = graph.stat()
    h = hashlib.sha256()
    with graph.open("rb") as fh:
        h.update(fh.read(_FINGERPRINT_BYTES))
        if st.st_size > 2 * _FINGERPRINT_BYTES:
            fh.seek(-_FINGERPRINT_BYTES, os.SEEK_END)
            h.update(fh.read(_FINGERPRINT_BYTES))
    return {"graph": graph.name, "size": st.st_size, "mtime_ns": st.st_mtime_ns, "sha256_ends": h.hexdigest(),
            "pyoxigraph": ox.__version__}


def disk_store(graph: Path, fmt: ox.RdfFormat | None = None, where: str | Path | None = None,
               report: Callable[[str], None] | None = None) -> ox.Store:
    """A read-only on-disk (RocksDB) store of ``graph``, reused while the file is unchanged.

    The store folder holds ``db/`` (the database) and ``kg-store.json`` (the fingerprint of the
    file it was loaded from). When missing or stale it is bulk-loaded into a temporary sibling
    folder and renamed into place only when complete, so an interrupted or failed load leaves
    no store (and no half one); a lock file serializes builds of the same store."""
    graph = Path(graph)
    fmt = fmt or rdf_format(graph)
    target = Path(where) if where is not None else default_store_dir(graph)
    key = fingerprint(graph)
    t0 = time.perf_counter()
    store = _open_current(target, key)
    if store is None:
        target.parent.mkdir(parents=True, exist_ok=True)
        with _locked(target.with_name(target.name + ".lock")):
            store = _open_current(target, key)  # another process may have built it while we waited
            if store is None:
                _build_store(graph, fmt, target, key, report or (lambda msg: log.info("%s", msg)))
                store = _open_current(target, key)
                if store is None:
                    raise QueryError(f"{target}: the store just built cannot be opened")
    log.info("opened store %s in %.3f s", target, time.perf_counter() - t0)
    return store


def _open_current(target: Path, key: dict[str, Any]) -> ox.Store | None:
    try:
        manifest = json.loads((target / _MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(manifest, dict) or manifest.get("source") != key:
        return None
    try:
        return ox.Store.read_only(str(target / _DB))
    except OSError as err:
        log.warning("store %s cannot be opened (%s); rebuilding it", target, err)
        return None


@contextmanager
def _locked(lock: Path):
    with lock.open("a") as fh:
        if fcntl is not None:
            fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            if fcntl is not None:
                fcntl.flock(fh, fcntl.LOCK_UN)


def _build_store(graph: Path, fmt: ox.RdfFormat, target: Path, key: dict[str, Any],
                 report: Callable[[str], None]) -> None:
    for stale in target.parent.glob(glob.escape(target.name) + ".tmp-*"):  # left by a killed build
        shutil.rmtree(stale, ignore_errors=True)
    size = key["size"]
    report(f"building the on-disk SPARQL store {target} from {graph} ({size / 1e6:,.0f} MB); "
           "done once, reused until the graph changes")
    t0 = time.perf_counter()
    tmp = _sibling(target, "tmp")
    try:
        store = ox.Store(str(tmp / _DB))
        _load(store, graph, fmt, report)
        loaded = time.perf_counter() - t0
        store.optimize()
        triples = len(store)
        store.flush()
        del store  # closes the database before it moves
        gc.collect()
        manifest = {"source": key, "triples": triples, "load_seconds": round(loaded, 2),
                    "seconds": round(time.perf_counter() - t0, 2), "built": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
        (tmp / _MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
        _replace_dir(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    report(f"built {target}: {triples:,} triples in {time.perf_counter() - t0:.1f} s, "
           f"{_du(target) / 1e6:,.0f} MB on disk")


def _replace_dir(new: Path, target: Path) -> None:
    """Move ``new`` to ``target``; an older ``target`` is moved aside first and then removed."""
    old = None
    if target.exists():
        old = _sibling(target, "tmp-old")
        os.replace(target, old / "store")
    os.replace(new, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _sibling(target: Path, tag: str) -> Path:
    """A new empty folder beside ``target`` (same file system, so renames are atomic), made with the
    umask's permissions."""
    path = target.with_name(f"{target.name}.{tag}-{os.getpid()}-{secrets.token_hex(4)}")
    path.mkdir()
    return path


def _du(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())


class _CountingReader:
    """A binary file that counts the bytes read from it (pyoxigraph's loader calls ``read``)."""

    def __init__(self, fh: BinaryIO):
        self._fh, self.done = fh, 0

    def read(self, n: int = -1) -> bytes:
        data = self._fh.read(n)
        self.done += len(data)
        return data


@contextmanager
def _heartbeat(reader: _CountingReader, total: int, report: Callable[[str], None], every: float = 10.0):
    """Report the load's progress every ``every`` seconds from a thread (the loader releases the GIL):
    the share of the file read, and once it is all read, that the indexes are being written."""
    stop = threading.Event()
    t0 = time.perf_counter()

    def beat() -> None:
        while not stop.wait(every):
            secs, done = time.perf_counter() - t0, reader.done
            if done < total:
                rate = done / secs
                left = f", ≈ {(total - done) / rate:.0f} s left to read" if rate else ""
                report(f"  {secs:.0f} s: read {done / total:.0%} ({done / 1e6:,.0f} of {total / 1e6:,.0f} MB, "
                       f"{rate / 1e6:.1f} MB/s{left})")
            else:
                report(f"  {secs:.0f} s: file read, writing the indexes")

    thread = threading.Thread(target=beat, name="kg-store-progress", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
