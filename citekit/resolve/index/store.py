"""The index file: one SQLite database holding trimmed Crossref works.

Layout (``PRAGMA user_version`` = :data:`VERSION`):

- ``works(id INTEGER PRIMARY KEY, doi TEXT UNIQUE, data BLOB)``: the DOI in lowercase
  (the key-value path of DOI lookups, one B-tree probe) and the work as compact JSON,
  trimmed to what matching and filling use (:func:`trim`) and compressed with zlib
  against a preset dictionary of Crossref's key names (kept in ``meta``, so that an index
  stays readable whatever a later version presets);
- ``search``: an FTS5 table without content (``content=''``, ``detail=full``), rowid =
  ``works.id``, over the words of :func:`search_text` (title, subtitle, author and editor
  family names, container titles, year, volume, issue, first page): the bibliographic
  search, ranked by BM25;
- ``terms(term, docs)``: documents per word (copied from FTS5's ``search_vocab`` view at
  the end of each build), used to leave out of a query the words too common to tell works
  apart and to choose how to search;
- ``meta(key, value)``: counts, the dictionary, when it was built.

The search table stores no text, so replacing a work deletes its old row by recomputing
the text it was indexed under from the stored work (FTS5's ``'delete'`` command); that is
why :func:`search_text` must depend on the stored (trimmed) work alone.
"""

from __future__ import annotations

import importlib
import json
import os
import sqlite3
import threading
import zlib
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from citekit.formats.words import FUNCTION_WORDS
from citekit.resolve.evidence import first_page, words

try:  # the ``index`` extra: JSON read and written several times sooner, the same values
    orjson: Any = importlib.import_module("orjson")  # typed the same whether installed or not
except ImportError:  # pragma: no cover - exercised where orjson is not installed
    orjson = None

__all__ = [
    "VERSION",
    "ZDICT",
    "Prepared",
    "WorkIndex",
    "decode",
    "encode",
    "prepare",
    "search_text",
    "trim",
    "two_of",
]

VERSION = 1

# Keys matching (citekit.resolve.match) and filling (citekit.resolve.convert) read.
_KEEP = (
    "DOI",
    "type",
    "title",
    "subtitle",
    "container-title",
    "short-container-title",
    "group-title",
    "publisher",
    "publisher-location",
    "volume",
    "issue",
    "page",
    "article-number",
    "ISSN",
    "ISBN",
    "URL",
    "language",
    "update-to",
)
_DATES = ("issued", "published-print", "published-online", "published")
_PERSON = ("given", "family", "name", "suffix", "ORCID")

# Bytes a short JSON work shares with every other: zlib's preset dictionary.
ZDICT = (
    b'{"DOI":"10.","type":"journal-article","title":["","subtitle":[],"container-title":["Journal of the '
    b'"short-container-title":["J "publisher":"Elsevier BV","Springer Science and Business Media LLC",'
    b'"Wiley","Informa UK Limited","Oxford University Press (OUP)","American Chemical Society (ACS)",'
    b'"volume":"","issue":"","page":"","article-number":"","ISSN":["","ISBN":["","URL":"https://doi.org/'
    b'http://dx.doi.org/10.","language":"en","author":[{"given":"","family":"","ORCID":"http://orcid.org/0000-000'
    b'"editor":[{"given":"issued":{"date-parts":[[20,"published-print":{"date-parts":[[19'
    b'"published-online":{"date-parts":[[20"published":{"date-parts":[[20]]}}'
)

_STOP = FUNCTION_WORDS | {"et", "und"}

# Words of reference strings that are not words of the works they cite (labels, months,
# links): in few titles, so they would pass for rare, telling words. Left out of queries
# only (the index holds every word).
_BOILERPLATE = frozenset(
    [
        "al",
        "pp",
        "vol",
        "vols",
        "no",
        "nr",
        "ed",
        "eds",
        "edn",
        "doi",
        "pages",
        "retrieved",
        "available",
        "accessed",
        "online",
        "http",
        "https",
        "www",
        "org",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "january",
        "february",
        "march",
        "april",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ]
)


def trim(work: Mapping[str, Any]) -> dict[str, Any]:
    """What the index keeps of a Crossref work: the fields matching and filling use, dates
    as ``date-parts`` only, people without affiliations.

    :param work: a Crossref work (the API's ``message``).
    :returns: a new, smaller work in the same shape.
    """
    # Written for speed (it runs once per work of a build): ``type(x) is dict`` before the
    # slower ABC check, no exceptions on the common paths.
    get = work.get
    out: dict[str, Any] = {}
    for key in _KEEP:
        value = get(key)
        if value is not None and value != "" and value != []:
            out[key] = value
    for key in _DATES:
        date = get(key)
        if date and (type(date) is dict or isinstance(date, Mapping)):
            parts = date.get("date-parts")
            if parts and parts[0] and parts[0][0] is not None:
                out[key] = {"date-parts": [list(parts[0])]}
    for key in ("author", "editor"):
        people = []
        for person in get(key) or ():
            if type(person) is dict or isinstance(person, Mapping):
                pick = person.get
                people.append({k: person[k] for k in _PERSON if pick(k)})
        if people:
            out[key] = people
    institutions = get("institution")
    if institutions:
        names = [
            {"name": i["name"]} for i in institutions if (type(i) is dict or isinstance(i, Mapping)) and i.get("name")
        ]
        if names:
            out["institution"] = names
    return out


def search_text(work: Mapping[str, Any]) -> str:
    """The text a (trimmed) work is found by: titles, container titles, family names, year,
    volume, issue, first page. FTS5's tokenizer folds case and accents."""
    get = work.get
    parts: list[str] = []
    for key in ("title", "subtitle", "container-title", "short-container-title"):
        value = get(key)
        if isinstance(value, list):
            parts.extend(v for v in value if isinstance(v, str) and v)
        elif isinstance(value, str) and value:
            parts.append(value)
    for key in ("author", "editor"):
        for person in (get(key) or ())[:12]:
            if type(person) is dict or isinstance(person, Mapping):
                parts.append(str(person.get("family") or person.get("name") or ""))
    for key in _DATES[:2]:
        date = get(key)
        if date:
            try:
                parts.append(str(int(date["date-parts"][0][0])))
            except (KeyError, IndexError, TypeError, ValueError):
                continue
    for key in ("volume", "issue", "article-number"):
        parts.append(str(get(key) or ""))
    page = get("page")
    if page:
        head = page.partition("-")[0] if isinstance(page, str) else ""
        # "123-130", "7": first_page's answer without its regular expression.
        parts.append((head.lstrip("0") or head) if head.isdigit() else first_page(str(page))[0])
    return " ".join(p for p in parts if p)


Prepared = tuple[str, bytes, str]  # DOI (lowercase), stored work, search text


def encode(work: Mapping[str, Any], zdict: bytes) -> bytes:
    """``work`` as stored: compact JSON, deflated against ``zdict``."""
    deflate = zlib.compressobj(6, zdict=zdict)
    text = _compact(work)
    return deflate.compress(text) + deflate.flush()


def decode(blob: bytes, zdict: bytes) -> dict[str, Any]:
    """A stored work back as a dict."""
    inflate = zlib.decompressobj(zdict=zdict)
    work: dict[str, Any] = loads(inflate.decompress(blob) + inflate.flush())
    return work


def loads(text: bytes) -> Any:
    """``json.loads``, through orjson when installed (what orjson refuses, json is asked:
    NaN, lone surrogates, integers past 64 bits, and the errors json describes)."""
    if orjson is not None:
        try:
            return orjson.loads(text)
        except orjson.JSONDecodeError:
            pass
    return json.loads(text)


def _compact(work: Mapping[str, Any]) -> bytes:
    """``work`` as compact UTF-8 JSON (orjson's bytes are json's, for the values it takes)."""
    if orjson is not None:
        try:
            data: bytes = orjson.dumps(work)
            return data
        except TypeError:  # not a dict, a lone surrogate, an integer past 64 bits
            pass
    return json.dumps(work, ensure_ascii=False, separators=(",", ":")).encode()


def prepare(work: Mapping[str, Any], zdict: bytes = ZDICT) -> Prepared | None:
    """What the index stores for ``work`` (``None`` without a DOI); pure, so that it can run
    in worker processes."""
    doi = work.get("DOI")
    if not isinstance(doi, str) or not doi.strip():
        return None
    kept = trim(work)
    return doi.strip().lower(), encode(kept, zdict), search_text(kept)


_MMAP = 1 << 40  # bytes of the file read through a memory map; SQLite lowers it to its own limit

_SCHEMA = """
CREATE TABLE IF NOT EXISTS works(id INTEGER PRIMARY KEY, doi TEXT UNIQUE NOT NULL, data BLOB NOT NULL);
CREATE VIRTUAL TABLE IF NOT EXISTS search USING fts5(
    text, content='', detail=full, tokenize='unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE IF NOT EXISTS search_vocab USING fts5vocab(search, row);
CREATE TABLE IF NOT EXISTS terms(term TEXT PRIMARY KEY, docs INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


def _any_of(terms: Sequence[str]) -> str:
    return " OR ".join(f'"{t}"' for t in terms)


def two_of(terms: Sequence[str]) -> str:
    """An FTS5 expression that holds for the works holding at least two of ``terms`` (two
    or more words).

    Written as (two of the first half) OR (two of the second half) OR (any of the first
    AND any of the second), each half the same way down to single words, it names each
    word about log2(n) + 1 times (seven words: 20 phrases) instead of the n - 1 times of
    every pair spelt out (42): FTS5 reads a word's works once for each time it is named,
    and BM25 counts the works of each phrase once more. The first half is the smaller, so
    that the first word is named least often: put the commonest first.
    """
    if len(terms) < 2:
        raise ValueError("two of fewer than two words")
    half = len(terms) // 2
    first, second = terms[:half], terms[half:]
    parts = [f"({two_of(side)})" for side in (first, second) if len(side) > 1]
    parts.append(f"({_any_of(first)}) AND ({_any_of(second)})")
    return " OR ".join(parts)


class WorkIndex:
    """An index of Crossref works (see the module docstring for the file layout).

    Opened read-only unless ``write`` is true; a read-only index can be shared by any
    number of processes (each opens its own connection; threads of one process share one,
    behind SQLite's own lock).

    :param path: the index file.
    :param write: create the file if needed and allow :meth:`put`.
    :raises FileNotFoundError: reading an index that does not exist.
    :raises ValueError: the file is not a citekit index (or of a later version).
    """

    def __init__(self, path: str | os.PathLike[str], *, write: bool = False) -> None:
        self.path = Path(path)
        if write:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            self._create()
        else:
            if not self.path.is_file():
                raise FileNotFoundError(f"no index at {self.path}")
            uri = f"{self.path.resolve().as_uri()}?mode=ro"
            self.db = sqlite3.connect(uri, uri=True, check_same_thread=False, isolation_level=None)
            # Pages read through a memory map (up to SQLite's limit, 2 GB by default) instead
            # of a read() call each: a search reads the same few pages of the search table
            # many times, each a system call and a copy into the page cache otherwise.
            self.db.execute(f"PRAGMA mmap_size = {_MMAP}")
        try:
            version = self.db.execute("PRAGMA user_version").fetchone()[0]
            zdict = self.db.execute("SELECT value FROM meta WHERE key = 'zdict'").fetchone()
        except sqlite3.DatabaseError as exc:
            self.db.close()
            raise ValueError(f"not a citekit index ({exc})") from exc
        if version != VERSION or zdict is None:
            self.db.close()
            raise ValueError(f"not a citekit index of version {VERSION} (found {version})")
        self._zdict: bytes = str(zdict[0]).encode("latin-1")
        self._df: OrderedDict[str, int] = OrderedDict()
        self._size: int | None = None
        self._vocab: str | None = None
        self._lock = threading.Lock()  # one connection, many threads (a server's)

    def _create(self) -> None:
        # A build inserts DOIs in no order into a B-tree of millions: a large page cache
        # (256 MB, used only as it fills) keeps it in memory.
        self.db.execute("PRAGMA cache_size=-262144")
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(_SCHEMA)
        if self.db.execute("PRAGMA user_version").fetchone()[0] == 0:
            self.db.execute("BEGIN")
            self.db.execute("INSERT OR IGNORE INTO meta VALUES ('zdict', ?)", (ZDICT.decode("latin-1"),))
            self.db.execute(f"PRAGMA user_version = {VERSION}")
            self.db.execute("COMMIT")

    # -- reading ---------------------------------------------------------------------

    @property
    def zdict(self) -> bytes:
        """The preset dictionary this index's works are compressed against."""
        return self._zdict

    def _decode(self, blob: bytes) -> dict[str, Any]:
        return decode(blob, self._zdict)

    def get(self, doi: str) -> dict[str, Any] | None:
        """The work registered under ``doi`` (any case), or ``None``."""
        with self._lock:
            row = self.db.execute("SELECT data FROM works WHERE doi = ?", (doi.lower(),)).fetchone()
        return self._decode(row[0]) if row else None

    def get_many(self, dois: Sequence[str]) -> dict[str, dict[str, Any]]:
        """``doi (lowercase) → work`` for those of ``dois`` the index holds."""
        keys = list(dict.fromkeys(d.lower() for d in dois))
        found: dict[str, dict[str, Any]] = {}
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            marks = ",".join("?" * len(chunk))
            with self._lock:
                rows = self.db.execute(f"SELECT doi, data FROM works WHERE doi IN ({marks})", chunk).fetchall()
            for doi, blob in rows:
                found[doi] = self._decode(blob)
        return found

    def __len__(self) -> int:
        if self._size is None:
            self._size = int(self.db.execute("SELECT count(*) FROM works").fetchone()[0])
        return self._size

    def _frequencies(self, terms: Iterable[str]) -> dict[str, int]:
        wanted = [t for t in terms if t not in self._df]
        if wanted:
            if self._vocab is None:
                # The ``terms`` copy (one B-tree probe a word) unless a build was cut short
                # before writing it; FTS5's own view decodes its index anew at each ask.
                empty = self.db.execute("SELECT 1 FROM terms LIMIT 1").fetchone() is None
                self._vocab = "SELECT term, doc FROM search_vocab" if empty else "SELECT term, docs FROM terms"
            known = dict.fromkeys(wanted, 0)
            for start in range(0, len(wanted), 200):
                chunk = wanted[start : start + 200]
                marks = ",".join("?" * len(chunk))
                for term, count in self.db.execute(f"{self._vocab} WHERE term IN ({marks})", chunk):
                    known[term] = int(count)
            self._df.update(known)
            while len(self._df) > 100_000:
                self._df.popitem(last=False)
        return {t: self._df[t] for t in terms if t in self._df}

    def search(
        self, query: str, rows: int = 20, *, terms: int = 14, budget: int = 1_000, pairs: int = 7
    ) -> list[dict[str, Any]]:
        """Works for a reference string, best (BM25) first.

        Words found in no work are left out, and so are words so common that they would
        only slow the search (in more than a fiftieth of the works, when rarer ones
        remain), and the labels of reference strings (``vol``, ``pp``, months: words of
        few titles, which would pass for telling ones). Of the rest the ``terms`` rarest
        are asked for, any of them, while their works number at most ``budget`` in all;
        past that (a large index, common words) only works holding two of the ``pairs``
        rarest are ranked, which keeps a search fast whatever the index's size and
        survives typing errors in up to ``pairs - 2`` of them. (BM25 costs FTS5 about a
        microsecond a work and phrase, and a pass over each phrase's works: the budget and
        the pairs bound both, and :func:`two_of` names each word two or three times. An
        any-of search costs about a microsecond per work of its words, 5 to 10 times a
        search for two of seven over the same words; at the budget, about what two of seven
        costs on a million works.)

        :param query: the reference string (or a query composed from its fields).
        :param rows: candidates returned.
        :param terms: words searched for at most.
        :param budget: works (postings) the words of an any-of search may hold in all.
        :param pairs: the rarest words of which a work must hold two, past the budget.
        :returns: works in Crossref's ``message`` shape.
        """
        tokens = [
            w
            for w in dict.fromkeys(words(query))
            if w not in _STOP and w not in _BOILERPLATE and (len(w) > 1 or w.isdigit())
        ]
        if not tokens:
            return []
        with self._lock:
            df = self._frequencies(tokens)
        present = sorted((t for t in tokens if df.get(t)), key=lambda t: df[t])
        common = max(50, len(self) // 50)
        rare = [t for t in present if df[t] <= common]
        chosen = (rare if len(rare) >= 3 else present)[:terms]
        if not chosen:
            return []
        if sum(df[t] for t in chosen) <= budget or len(chosen) <= 2:
            match = _any_of(chosen)
        else:
            match = two_of(chosen[:pairs][::-1])
        sql = (
            "SELECT works.data FROM (SELECT rowid FROM search WHERE search MATCH ? ORDER BY rank LIMIT ?) AS hit"
            " JOIN works ON works.id = hit.rowid"
        )
        with self._lock:
            blobs = self.db.execute(sql, (match, rows)).fetchall()
        return [self._decode(blob) for (blob,) in blobs]

    def info(self) -> dict[str, Any]:
        """What the index holds: works, size on disk, bytes per work, and its ``meta`` entries."""
        meta = {k: v for k, v in self.db.execute("SELECT key, value FROM meta WHERE key != 'zdict'")}
        size = sum(p.stat().st_size for p in self.files())
        count = len(self)
        return {
            "path": str(self.path),
            "version": VERSION,
            "works": count,
            "bytes": size,
            "bytes_per_work": round(size / count, 1) if count else None,
            **meta,
        }

    def files(self) -> list[Path]:
        """The files that make up the index (the database, and its write-ahead log while building)."""
        return [p for p in (self.path, Path(f"{self.path}-wal")) if p.is_file()]

    # -- writing ---------------------------------------------------------------------

    def put(self, work: Mapping[str, Any]) -> bool:
        """Add ``work`` (trimmed), or replace the work with the same DOI; within the caller's
        transaction.

        :returns: ``True`` when it replaced one.
        :raises ValueError: the work has no DOI.
        """
        prepared = prepare(work, self._zdict)
        if prepared is None:
            raise ValueError("a work without a DOI")
        return self.put_many([prepared])[1] == 1

    def put_many(self, works: Sequence[Prepared]) -> tuple[int, int]:
        """Add prepared works (:func:`prepare` with :attr:`zdict`), each replacing the work
        with its DOI; within the caller's transaction. The last of equal DOIs wins.

        :returns: ``(added, replaced)``.
        """
        latest = {doi: (blob, text) for doi, blob, text in works}
        dois = list(latest)
        old: dict[str, tuple[int, bytes]] = {}
        for start in range(0, len(dois), 500):
            chunk = dois[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for rowid, doi, blob in self.db.execute(f"SELECT id, doi, data FROM works WHERE doi IN ({marks})", chunk):
                old[doi] = (rowid, blob)
        if old:
            self.db.executemany(
                "INSERT INTO search(search, rowid, text) VALUES ('delete', ?, ?)",
                [(rowid, search_text(self._decode(blob))) for rowid, blob in old.values()],
            )
            self.db.executemany(
                "UPDATE works SET data = ? WHERE id = ?", [(latest[doi][0], old[doi][0]) for doi in old]
            )
        first = int(self.db.execute("SELECT coalesce(max(id), 0) + 1 FROM works").fetchone()[0])
        new = [doi for doi in dois if doi not in old]
        ids = {doi: first + n for n, doi in enumerate(new)}
        self.db.executemany(
            "INSERT INTO works(id, doi, data) VALUES (?, ?, ?)", [(ids[d], d, latest[d][0]) for d in new]
        )
        ids.update((doi, rowid) for doi, (rowid, _) in old.items())
        self.db.executemany("INSERT INTO search(rowid, text) VALUES (?, ?)", [(ids[d], latest[d][1]) for d in dois])
        self._size = None
        return len(new), len(old)

    def set_meta(self, **values: Any) -> None:
        """Record ``values`` in ``meta`` (within the caller's transaction)."""
        self.db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", [(k, str(v)) for k, v in values.items()])

    def finish(self, *, optimize: bool = True) -> None:
        """Merge the search index's segments and fold the log into the one file, so that
        the index is a single read-only file again."""
        if optimize:
            self.db.execute("INSERT INTO search(search) VALUES ('optimize')")
        # Documents per word, for searches (FTS5's own view counts them anew at each ask).
        self.db.execute("BEGIN")
        self.db.execute("DELETE FROM terms")
        self.db.execute("INSERT INTO terms SELECT term, doc FROM search_vocab")
        self.db.execute("COMMIT")
        self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self.db.execute("PRAGMA journal_mode=DELETE")

    def close(self) -> None:
        """Close the connection."""
        self.db.close()

    def __enter__(self) -> WorkIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
