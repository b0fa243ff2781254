"""Reading input files: source text decoded as Python decodes it, and JSON with the line:col of what is wrong.

A ``.py`` file is decoded like the interpreter does: a UTF-8 BOM, else a PEP 263 coding
declaration (``# -*- coding: gbk -*-``), else UTF-8. Other text files (.ipynb, .json, .nn)
are UTF-8, with or without a BOM. A file in an undeclared legacy encoding is read in the
encoding ``charset-normalizer`` detects, with a warning naming it; one that cannot be decoded
at all is an error at the line:col of its first bad byte.
"""
from __future__ import annotations

import io
import json
import re
import tokenize
from pathlib import Path

from .errors import NnportError, Reporter, SourceLoc

_COOKIE = re.compile(rb"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)")
_WS = re.compile(r"[ \t\n\r]*")


def read_source(path: Path, reporter: Reporter | None = None) -> str:
    """The text of ``path`` with universal newlines; NnportError when it cannot be read or decoded."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise NnportError(f"cannot read: {exc.strerror or exc}", SourceLoc(str(path))) from None
    return decode(data, str(path), python=path.suffix in (".py", ".pyw"), reporter=reporter)


def decode(data: bytes, path: str, python: bool = True, reporter: Reporter | None = None) -> str:
    """``data`` as text with universal newlines; ``python``: honour a PEP 263 coding declaration."""
    bom = data.startswith(b"\xef\xbb\xbf")
    declared = _declared(data, path) if python else ("utf-8-sig" if bom else None)
    try:
        text = data.decode(declared or "utf-8")
    except UnicodeDecodeError as exc:
        where = _byte_loc(data, exc.start, path, declared or "utf-8")
        if declared:
            said = "a UTF-8 BOM" if declared == "utf-8-sig" else "its coding declaration"
            raise NnportError(f"cannot decode as {declared} ({said}): {exc.reason}", where) from None
        found = _detected(data)
        if found is None:
            raise NnportError(f"not UTF-8 text (byte 0x{data[exc.start]:02x}: {exc.reason}), no coding declaration, "
                              "and no other encoding fits", where) from None
        text, encoding = found
        if reporter is not None:
            fix = f"declare it with '# -*- coding: {encoding} -*-' or save it as UTF-8" if python else "save it as UTF-8"
            reporter.warning(f"not UTF-8 and no coding declaration: read as {encoding} (detected); {fix}", where)
    nul = text.find("\0")
    if nul >= 0:
        line, start = text.count("\n", 0, nul) + 1, text.rfind("\n", 0, nul)
        raise NnportError("a NUL character: not a text file", SourceLoc(path, line, nul - start))
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _declared(data: bytes, path: str) -> str | None:
    """The encoding Python reads ``data`` in when it says one (BOM or coding declaration), else None."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as exc:
        if "invalid or missing encoding declaration" in exc.msg:
            return None  # non-UTF-8 bytes in the first two lines and no declaration
        lines = data.split(b"\n", 2)[:2]
        line = next((i for i, text in enumerate(lines, 1) if _COOKIE.match(text)), 1)
        raise NnportError(f"coding declaration: {exc.msg}", SourceLoc(path, line, 1)) from None
    said = encoding != "utf-8" or any(_COOKIE.match(line) for line in data.split(b"\n", 2)[:2])
    return encoding if said else None


def _detected(data: bytes) -> tuple[str, str] | None:
    """``data`` decoded in the encoding charset-normalizer finds most likely, and its name."""
    if b"\0" in data:
        return None
    try:
        from charset_normalizer import from_bytes
    except ModuleNotFoundError:
        return None
    best = from_bytes(data).best()
    if best is None or best.encoding in ("utf_8", "ascii"):
        return None
    return str(best), best.encoding


def _byte_loc(data: bytes, offset: int, path: str, encoding: str) -> SourceLoc:
    """line:col (both from 1) of byte ``offset``; the column counts the characters before it."""
    start = data.rfind(b"\n", 0, offset) + 1
    return SourceLoc(path, data.count(b"\n", 0, offset) + 1, len(data[start:offset].decode(encoding, "replace")) + 1)


# --- JSON -------------------------------------------------------------------------------

def load_json(text: str, path: str, what: str):
    """Parse JSON; invalid JSON is an NnportError at its line:col, saying it is not ``what``."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise NnportError(f"not {what} (invalid JSON: {exc.msg})", SourceLoc(path, exc.lineno, exc.colno)) from None
    except RecursionError:
        raise NnportError(f"not {what} (JSON nested too deeply)", SourceLoc(path, 1, 1)) from None


def json_loc(text: str, path: str, steps) -> SourceLoc:
    """Where the value at ``steps`` (keys and indices from the top) starts in the JSON ``text``;
    the deepest step found when one is missing. Lines and columns count from 1."""
    decoder = json.JSONDecoder()
    at = _WS.match(text, 0).end()
    try:
        for step in steps:
            found = _child(text, at, step, decoder)
            if found is None:
                break
            at = found
    except (ValueError, IndexError, RecursionError):
        pass
    line = text.count("\n", 0, at) + 1
    return SourceLoc(path, line, at - text.rfind("\n", 0, at))


def _child(text: str, at: int, step, decoder) -> int | None:
    """Offset of member ``step`` of the object or array starting at ``at``."""
    opening = text[at]
    if opening not in "{[" or (opening == "{") != isinstance(step, str):
        return None
    index, at = 0, _WS.match(text, at + 1).end()
    while text[at] not in "}]":
        key = None
        if opening == "{":
            key, at = decoder.raw_decode(text, at)
            at = _WS.match(text, at).end() + 1  # the ':'
            at = _WS.match(text, at).end()
        if (key if opening == "{" else index) == step:
            return at
        _, at = decoder.raw_decode(text, at)
        at = _WS.match(text, at).end()
        if text[at] == ",":
            at = _WS.match(text, at + 1).end()
        index += 1
    return None
