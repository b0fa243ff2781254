"""Tokens and literal values of the ``.nn`` text notation, with positions for error messages."""
from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from ..errors import NnportError, SourceLoc

_TOKEN = re.compile(r"""
    (?P<space>[ \t\r]+|\#[^\n]*)
  | (?P<newline>\n)
  | (?P<string>'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<number>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
  | (?P<value>%(?:[\w.]+|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"))
  | (?P<name>[A-Za-z_]\w*)
  | (?P<punct>[()\[\]{},=:@?+-])
""", re.X)
_CLOSING = {"(": ")", "[": "]", "{": "}"}
_CONSTANTS = {"True": True, "False": False, "None": None, "inf": float("inf"), "nan": float("nan")}


@dataclass(frozen=True)
class Token:
    kind: str  # string | number | value | name | punct | newline | end
    text: str
    line: int
    col: int

    def describe(self) -> str:
        return {"newline": "end of line", "end": "end of file"}.get(self.kind, repr(self.text))


def tokenize(text: str, path: str) -> list[Token]:
    """Tokens of the whole file; newlines inside brackets are dropped so values may span lines."""
    tokens, depth, line, line_start, pos = [], [], 1, 0, 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        col = pos - line_start
        if not match:
            raise NnportError(f"unexpected character {text[pos]!r}", SourceLoc(path, line, col))
        kind, piece = match.lastgroup, match.group()
        if kind == "newline":
            if not depth:
                tokens.append(Token("newline", piece, line, col))
            line, line_start = line + 1, match.end()
        elif kind != "space":
            tokens.append(Token(kind, piece, line, col))
            if piece in _CLOSING and kind == "punct":
                depth.append(piece)
            elif kind == "punct" and piece in _CLOSING.values() and depth:
                depth.pop()
        pos = match.end()
    tokens.append(Token("newline", "", line, pos - line_start))
    tokens.append(Token("end", "", line, pos - line_start))
    return tokens


class Cursor:
    """Walks the tokens; every ``expect`` failure names the place and what was expected."""

    def __init__(self, tokens: list[Token], path: str):
        self.tokens, self.path, self.pos = tokens, path, 0

    @property
    def peek(self) -> Token:
        return self.tokens[self.pos]

    def next(self) -> Token:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def at(self, text: str, kind: str | None = None) -> bool:
        token = self.peek
        return token.text == text and token.kind in ((kind,) if kind else ("punct", "name"))

    def accept(self, text: str) -> bool:
        if self.at(text):
            self.pos += 1
            return True
        return False

    def expect(self, text: str, why: str = "") -> Token:
        if not self.at(text):
            self.fail(f"expected {text!r}{why}")
        return self.next()

    def loc(self, token: Token | None = None) -> SourceLoc:
        token = token or self.peek
        return SourceLoc(self.path, token.line, token.col)

    def fail(self, expected: str, token: Token | None = None):
        token = token or self.peek
        raise NnportError(f"{expected}, found {token.describe()}", self.loc(token))

    # --- literals -----------------------------------------------------------------------

    def literal(self):
        """A Python literal: numbers, strings, True/False/None, tuples, lists, dicts."""
        token = self.next()
        if token.kind == "punct" and token.text in ("-", "+"):
            number = self.literal()
            if isinstance(number, bool) or not isinstance(number, (int, float)):
                self.fail("expected a number after the sign", token)
            return -number if token.text == "-" else number
        if token.kind in ("number", "string"):
            return ast.literal_eval(token.text)
        if token.kind == "name" and token.text in _CONSTANTS:
            return _CONSTANTS[token.text]
        if token.kind == "punct" and token.text in _CLOSING:
            return self._collection(token)
        self.fail("expected a value (number, string, True/False/None, tuple, list or dict)", token)

    def _collection(self, opening: Token):
        closing, items, keyed, trailing_comma = _CLOSING[opening.text], [], opening.text == "{", False
        while not self.at(closing):
            key = self.literal()
            items.append((key, self._dict_value(opening)) if keyed else key)
            trailing_comma = self.accept(",")
            if not trailing_comma and not self.at(closing):
                self.fail(f"expected ',' or {closing!r} (to close {opening.text!r} at {opening.line}:{opening.col})")
        self.next()
        if keyed:
            return dict(items)
        if opening.text == "(" and len(items) == 1 and not trailing_comma:
            return items[0]
        return list(items) if opening.text == "[" else tuple(items)

    def _dict_value(self, opening: Token):
        self.expect(":", f" in the dict opened at {opening.line}:{opening.col}")
        return self.literal()
