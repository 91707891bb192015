"""Read articles from files, folders and JSONL into :class:`~graphkit.types.Article` records.

Supported inputs
----------------
* ``.txt`` / ``.md``: the file is the article text. Metadata may come from a
  front-matter block at the very top (``---`` line, ``key: value`` lines, ``---``
  line) or from a sidecar ``NAME.meta.json`` next to the file (sidecar wins).
* ``.html`` / ``.htm``: the article text is taken from ``<article>`` (else
  ``<main>``, else ``<body>``), paragraphs only; scripts, styles, navigation,
  headers, footers, forms and comments are dropped. Title, date, publisher and URL
  come from the usual ``<meta>``/``<time>``/``<link rel=canonical>`` tags.
* ``.jsonl``: one JSON object a line with ``id`` and ``text`` and optional
  ``title``, ``date``, ``source``, ``url``.
* A folder is read recursively (sorted, so builds are repeatable); other file
  types are ignored.

Metadata keys: ``id``, ``title``, ``date`` (ISO ``YYYY-MM-DD``, ``YYYY-MM`` or
``YYYY``), ``source``, ``url``.

Bad input never stops a batch: :func:`iter_inputs` yields a :class:`Skip` naming the
input and the reason; :func:`read_articles` logs it and goes on (or raises with
``strict=True``).
"""

from __future__ import annotations

import codecs
import json
import logging
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from graphkit.errors import InputError
from graphkit.types import Article

log = logging.getLogger(__name__)

TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
ARTICLE_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
METADATA_KEYS = ("id", "title", "date", "source", "url")
DEFAULT_MAX_BYTES = 50_000_000


@dataclass(frozen=True, slots=True)
class Skip:
    """An input that was not turned into an article, and why."""

    source: str
    reason: str
    category: str  # short machine-readable reason: empty, binary, encoding, json, missing, ...

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


@dataclass(frozen=True, slots=True)
class Note:
    """Something worth telling the user about an article that was read (e.g. bytes replaced)."""

    source: str
    message: str

    def __str__(self) -> str:
        return f"{self.source}: {self.message}"


# --------------------------------------------------------------------------- public API


def read_articles(
    paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
    *,
    strict: bool = False,
    on_skip: Callable[[Skip], None] | None = None,
    on_note: Callable[[Note], None] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Article]:
    """Yield the articles in ``paths`` (files, folders, JSONL), skipping bad ones.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp()); _ = (d / "a.txt").write_text("Kabul is a city.")
    >>> [a.id for a in read_articles(d)]
    ['a']
    """
    for item in iter_inputs(paths, max_bytes=max_bytes):
        if isinstance(item, Article):
            yield item
        elif isinstance(item, Note):
            log.warning("%s", item)
            if on_note:
                on_note(item)
        else:
            if strict:
                raise InputError(item.source, item.reason, hint="--strict makes every skipped input fatal")
            log.warning("skipped %s", item)
            if on_skip:
                on_skip(item)


def iter_inputs(
    paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Article | Skip | Note]:
    """Yield an :class:`Article`, :class:`Skip` or :class:`Note` for everything in ``paths``."""
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    seen_ids: dict[str, str] = {}
    for raw in paths:
        root = Path(raw)
        if not root.exists():
            yield Skip(str(root), "no such file or folder", "missing")
            continue
        if root.is_dir():
            files = list(_walk(root))
            if not any(f.suffix.lower() in ARTICLE_SUFFIXES for f, _ in files):
                yield Skip(
                    str(root),
                    f"folder holds no article files ({', '.join(sorted(ARTICLE_SUFFIXES))})",
                    "empty-folder",
                )
            for f, err in files:
                if err:
                    yield Skip(str(f), err, "unreadable")
                    continue
                if f.suffix.lower() in ARTICLE_SUFFIXES:
                    yield from _dedupe(_read_file(f, root, max_bytes), seen_ids)
        else:
            yield from _dedupe(_read_file(root, None, max_bytes), seen_ids)


def _dedupe(items: Iterable[Article | Skip | Note], seen: dict[str, str]) -> Iterator[Article | Skip | Note]:
    for item in items:
        if isinstance(item, Article):
            if item.id in seen:
                yield Skip(
                    item.path or item.id,
                    f"duplicate article id {item.id!r} (first seen in {seen[item.id]})",
                    "duplicate-id",
                )
                continue
            seen[item.id] = item.path or item.id
        yield item


def _walk(root: Path) -> Iterator[tuple[Path, str]]:
    """Files under root in sorted order; follows no symlinked folders twice (loops end)."""
    visited: set[tuple[int, int]] = set()
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            st = folder.stat()
        except OSError as e:
            yield folder, f"cannot open folder ({e.strerror})"
            continue
        ident = (st.st_dev, st.st_ino)
        if ident in visited:
            continue  # a symlink loop or a folder linked twice
        visited.add(ident)
        try:
            entries = sorted(folder.iterdir(), key=lambda p: p.name)
        except OSError as e:
            yield folder, f"cannot list folder ({e.strerror})"
            continue
        subfolders = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                if entry.is_dir():
                    subfolders.append(entry)
                elif entry.is_file():
                    yield entry, ""
                elif entry.is_symlink():
                    yield entry, "broken symbolic link"
            except OSError as e:  # e.g. ELOOP on a self-referencing link
                yield entry, f"cannot open ({e.strerror})"
        stack.extend(reversed(subfolders))


# --------------------------------------------------------------------------- one file


def _read_file(path: Path, root: Path | None, max_bytes: int) -> Iterator[Article | Skip | Note]:
    suffix = path.suffix.lower()
    source = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            yield Skip(
                source,
                f"file is {size:,} bytes, over the {max_bytes:,}-byte limit (raise --max-bytes)",
                "too-large",
            )
            return
        data = path.read_bytes()
    except OSError as e:
        yield Skip(source, f"cannot read ({e.strerror or e})", "unreadable")
        return
    if suffix in JSONL_SUFFIXES:
        yield from _read_jsonl(path, data)
        return
    decoded = decode_bytes(data, source)
    if isinstance(decoded, Skip):
        yield decoded
        return
    text, note = decoded
    if note:
        yield Note(source, note)
    meta: dict[str, str] = {}
    if suffix in HTML_SUFFIXES:
        text, meta = html_to_text(text)
    else:
        text, meta = split_front_matter(text)
    sidecar = path.with_name(path.name.rsplit(".", 1)[0] + ".meta.json")
    if sidecar.exists():
        try:
            extra = json.loads(sidecar.read_text(encoding="utf-8"))
            if not isinstance(extra, dict):
                raise ValueError("not a JSON object")
            meta.update({k: v for k, v in extra.items() if k in METADATA_KEYS})
        except (OSError, ValueError) as e:
            yield Note(str(sidecar), f"ignored sidecar metadata ({e})")
    default_id = _default_id(path, root)
    yield _make_article(meta, text, source, default_id)


def _default_id(path: Path, root: Path | None) -> str:
    if root is None:
        return path.stem
    rel = path.relative_to(root).with_suffix("")
    return rel.as_posix()


def _make_article(meta: dict[str, object], text: str, source: str, default_id: str) -> Article | Skip:
    text = clean_text(text)
    if not text.strip():
        return Skip(source, "no text (empty or whitespace only)", "empty")
    fields: dict[str, str | None] = {}
    for key in ("title", "date", "source", "url"):
        value = meta.get(key)
        if value is None or value == "":
            fields[key] = None
        elif isinstance(value, str | int | float) and not isinstance(value, bool):
            fields[key] = clean_text(str(value)).strip() or None
        else:
            return Skip(source, f"metadata {key!r} must be a string, not {type(value).__name__}", "metadata")
    date = fields["date"]
    if date is not None:
        normalised = normalise_date(date)
        if normalised is None:
            return Skip(
                source, f"date {date!r} is not ISO 8601 (use YYYY-MM-DD, YYYY-MM or YYYY)", "metadata"
            )
        fields["date"] = normalised
    art_id = meta.get("id", default_id)
    if not isinstance(art_id, str | int) or isinstance(art_id, bool) or not str(art_id).strip():
        return Skip(source, "article id must be a non-empty string", "metadata")
    return Article(id=str(art_id).strip(), text=text, path=source, **fields)  # type: ignore[arg-type]


_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:[T ].*)?$")


def normalise_date(value: str) -> str | None:
    """``2021-06-22T10:00Z`` -> ``2021-06-22``; ``2021-06`` stays; nonsense -> None."""
    m = _DATE_RE.match(value.strip())
    if not m:
        return None
    y, mo, d = m.groups()
    if mo and not 1 <= int(mo) <= 12:
        return None
    if d:
        import datetime

        try:
            datetime.date(int(y), int(mo), int(d))
        except ValueError:
            return None
        return f"{y}-{mo}-{d}"
    return f"{y}-{mo}" if mo else y


# --------------------------------------------------------------------------- JSONL


def _read_jsonl(path: Path, data: bytes) -> Iterator[Article | Skip | Note]:
    decoded = decode_bytes(data, str(path))
    if isinstance(decoded, Skip):
        yield decoded
        return
    text, note = decoded
    if note:
        yield Note(str(path), note)
    any_line = False
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        any_line = True
        where = f"{path}:{lineno}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as e:
            yield Skip(where, f"not valid JSON ({e.msg} at column {e.colno})", "json")
            continue
        if not isinstance(record, dict):
            yield Skip(where, f"expected a JSON object, got {type(record).__name__}", "json")
            continue
        body = record.get("text")
        if body is None:
            yield Skip(where, "no 'text' field", "json")
            continue
        if not isinstance(body, str):
            yield Skip(where, f"'text' must be a string, not {type(body).__name__}", "json")
            continue
        if "id" not in record:
            record = {**record, "id": f"{path.stem}-{lineno}"}
        yield _make_article(record, body, where, f"{path.stem}-{lineno}")
    if not any_line:
        yield Skip(str(path), "no records (empty file)", "empty")


# --------------------------------------------------------------------------- decoding

_MAGIC = {
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"GIF8": "a GIF image",
    b"\xff\xd8\xff": "a JPEG image",
    b"PK\x03\x04": "a ZIP archive (or DOCX/XLSX)",
    b"\x1f\x8b": "a gzip archive",
    b"\x7fELF": "an executable",
    b"\xd0\xcf\x11\xe0": "a Microsoft Office document",
}
_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]


def decode_bytes(data: bytes, source: str) -> tuple[str, str] | Skip:
    """Decode file bytes to text, returning ``(text, note)`` or a :class:`Skip`.

    Order: a BOM decides; strict UTF-8; else UTF-8 with replacement when only a few
    bytes are bad (the note says how many); else Windows-1252 (a superset of
    Latin-1's printable range). Binary files are recognised by magic numbers and
    NUL bytes and skipped.
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(enc), ""
            except UnicodeDecodeError:
                return data[len(bom) :].decode(
                    enc, errors="replace"
                ), f"invalid {enc.upper()} bytes replaced with U+FFFD"
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            return Skip(source, f"binary file ({what}), not text", "binary")
    if b"\x00" in data[:4096]:
        nul = data.count(b"\x00")
        if nul * 3 > len(data):  # UTF-16 without a BOM has a NUL in every other byte
            for enc, zeros in (("utf-16-le", data[1::2]), ("utf-16-be", data[0::2])):
                if zeros.count(0) * 10 >= len(zeros) * 9:
                    try:
                        return data.decode(enc), f"decoded as {enc.upper()} (no byte-order mark)"
                    except UnicodeDecodeError:
                        pass
        if nul > max(4, len(data) // 20):
            return Skip(source, "binary file (many NUL bytes), not text", "binary")
    try:
        return data.decode("utf-8"), ""
    except UnicodeDecodeError:
        pass
    replaced = data.decode("utf-8", errors="replace")
    bad = replaced.count("\ufffd")
    multibyte_ok = sum(1 for ch in replaced if ord(ch) > 127 and ch != "\ufffd")
    if multibyte_ok and bad <= max(3, multibyte_ok // 4):
        return replaced, f"{bad} invalid UTF-8 byte sequence(s) replaced with U+FFFD"
    text = data.decode("cp1252", errors="replace")
    if "\ufffd" in text:  # bytes undefined in cp1252: fall back to Latin-1 for those
        text = data.decode("latin-1")
        return text, "not UTF-8; decoded as Latin-1"
    return text, "not UTF-8; decoded as Windows-1252"


_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x9f\ud800-\udfff]")


def clean_text(text: str) -> str:
    """Normalise newlines and replace control characters (not tab/newline) with spaces.

    Replacing instead of deleting keeps the text's length stable within lines, and
    keeps characters that RDF serialisers and HTML cannot carry out of the graph.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL_RE.sub(" ", text)


# --------------------------------------------------------------------------- front matter


_FRONT_RE = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*\n", re.S)


def split_front_matter(text: str) -> tuple[str, dict[str, str]]:
    """Split a leading ``---``-delimited ``key: value`` block off the text.

    Only the known metadata keys are read; values may be quoted. Without a block
    the text is returned unchanged.
    """
    m = _FRONT_RE.match(text.lstrip("\ufeff"))
    if not m:
        return text, {}
    meta: dict[str, str] = {}
    for line in m.group(1).splitlines():
        key, sep, value = line.partition(":")
        key = key.strip().lower()
        if not sep or key not in METADATA_KEYS:
            continue
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        meta[key] = value
    return text.lstrip("\ufeff")[m.end() :], meta


# --------------------------------------------------------------------------- HTML

_SKIP_TAGS = {
    "script", "style", "noscript", "template", "svg", "canvas", "iframe", "object",
    "nav", "header", "footer", "aside", "form", "button", "select", "menu", "figure",
}  # fmt: skip
_BLOCK_TAGS = {
    "p", "div", "section", "article", "main", "li", "ul", "ol", "blockquote", "pre",
    "h1", "h2", "h3", "h4", "h5", "h6", "br", "tr", "table", "dd", "dt", "body",
}  # fmt: skip
_VOID_TAGS = {
    "br",
    "img",
    "hr",
    "meta",
    "link",
    "input",
    "source",
    "wbr",
    "area",
    "base",
    "col",
    "embed",
    "param",
    "track",
}


class _ArticleHTML(HTMLParser):
    """Collect paragraph text per container (article/main/body) and metadata."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skip_depth = 0
        self.stack: list[str] = []
        self.buffers: dict[str, list[str]] = {"article": [], "main": [], "body": []}
        self.containers: list[str] = []
        self.meta: dict[str, str] = {}
        self.in_title = False
        self.title_parts: list[str] = []
        self.h1_parts: list[str] = []
        self.in_h1 = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            content = a.get("content", "")
            mapping = {
                "og:title": "title", "twitter:title": "title",
                "article:published_time": "date", "date": "date", "pubdate": "date",
                "datepublished": "date", "dc.date": "date", "og:site_name": "source",
                "og:url": "url",
            }  # fmt: skip
            if key in mapping and content and mapping[key] not in self.meta:
                self.meta[mapping[key]] = content
            return
        if tag == "link" and "canonical" in a.get("rel", "").lower() and a.get("href"):
            self.meta.setdefault("url", a["href"])
            return
        if tag == "time" and a.get("datetime"):
            self.meta.setdefault("date", a["datetime"])
        if tag in _VOID_TAGS:
            if tag == "br":
                self._text("\n")
            return
        self.stack.append(tag)
        if tag in _SKIP_TAGS:
            self.skip_depth += 1
        if tag in ("article", "main", "body"):
            self.containers.append(tag)
        if tag == "title":
            self.in_title = True
        if tag == "h1":
            self.in_h1 = True
        if tag in _BLOCK_TAGS:
            self._text("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID_TAGS or tag not in self.stack:
            return
        while self.stack:  # close unclosed children too
            top = self.stack.pop()
            if top in _SKIP_TAGS:
                self.skip_depth -= 1
            if top in ("article", "main", "body") and self.containers:
                self.containers.pop()
            if top == "title":
                self.in_title = False
            if top == "h1":
                self.in_h1 = False
            if top == tag:
                break
        if tag in _BLOCK_TAGS:
            self._text("\n\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title_parts.append(data)
            return
        if self.skip_depth:
            return
        if self.in_h1:
            self.h1_parts.append(data)
        self._text(data)

    def _text(self, data: str) -> None:
        if self.skip_depth:
            return
        targets = set(self.containers) or {"body"}
        for name in targets:
            self.buffers[name].append(data)


def html_to_text(html: str) -> tuple[str, dict[str, str]]:
    """Article text and metadata from an HTML page (no navigation, scripts or styles)."""
    parser = _ArticleHTML()
    parser.feed(html)
    parser.close()
    for name in ("article", "main", "body"):
        raw = "".join(parser.buffers[name])
        if raw.strip():
            break
    paragraphs = [re.sub(r"[ \t\u00a0]+", " ", p).strip() for p in re.split(r"\n\s*\n", raw)]
    text = "\n\n".join(p for p in paragraphs if p)
    meta = dict(parser.meta)
    title = " ".join("".join(parser.title_parts).split()) or " ".join("".join(parser.h1_parts).split())
    if title and "title" not in meta:
        meta["title"] = title
    return text, meta
