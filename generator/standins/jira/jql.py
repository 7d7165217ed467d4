"""The JQL subset the stand-in answers: enough for closeloop's own queries, with Jira's errors otherwise.

Clauses `field op value` joined by AND/OR/NOT and parentheses, then `ORDER BY`. Operators: = != < <= > >=
~ IN, NOT IN, IS [NOT] EMPTY. Fields: project, key, labels, summary, status, statusCategory, priority,
issuetype, assignee, reporter, duedate, created, updated, resolution, custom fields (`cf[10050]`,
`customfield_10050` or the field's name) and indexed entity properties (`issue.property[key].path`).
Values: strings, numbers, EMPTY/NULL, lists, dates (`2026-11-29`, `-3d`, `2w`) and now()/startOfDay()/
endOfDay(). This module parses; `jql_match.py` evaluates a query against an issue's values.
"""

import re
from dataclasses import dataclass

TOKEN = re.compile(
    r"""\s*(?:(?P<string>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|(?P<op>!=|<=|>=|!~|[=<>~(),])"""
    r"""|(?P<word>[A-Za-z0-9_.\-\[\]/:*+@]+))""",
    re.DOTALL,
)
KEYWORDS = {"and", "or", "not", "in", "is", "empty", "null", "order", "by", "asc", "desc"}


class JqlError(ValueError):
    """The query is not JQL this server understands: answered as Jira's 400."""


@dataclass(frozen=True)
class Token:
    kind: str  # "string", "op", "word"
    text: str

    def keyword(self, *words: str) -> bool:
        return self.kind == "word" and self.text.lower() in words


@dataclass(frozen=True)
class Value:
    text: str | None  # None is EMPTY/NULL
    is_list: tuple["Value", ...] | None = None


@dataclass(frozen=True)
class Clause:
    field: str
    operator: str
    value: Value


@dataclass(frozen=True)
class BoolOp:
    operator: str  # "and", "or", "not"
    parts: tuple["Node", ...]


Node = Clause | BoolOp


@dataclass(frozen=True)
class Query:
    where: Node | None
    order_by: tuple[tuple[str, bool], ...]  # (field, descending)

    @property
    def bounded(self) -> bool:
        return self.where is not None


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    position = 0
    while position < len(text):
        if text[position:].strip() == "":
            break
        match = TOKEN.match(text, position)
        if match is None or match.end() == position:
            raise JqlError(
                f"Error in the JQL Query: the character '{text[position:].strip()[0]}' is a reserved JQL character."
            )
        kind = match.lastgroup
        assert kind is not None
        value = match.group(kind)
        if kind == "string":
            value = unescape(value[1:-1])
        tokens.append(Token(kind, value))
        position = match.end()
    return tokens


_ESCAPES = {"t": "\t", "n": "\n", "r": "\r"}


def unescape(body: str) -> str:
    """A quoted literal's text as Jira's lexer reads it: `\\t \\n \\r`, `\\uXXXX` (UTF-16), else the character."""
    decoded = re.sub(
        r"\\(u[0-9a-fA-F]{4}|.)",
        lambda m: chr(int(m[1][1:], 16)) if len(m[1]) == 5 else _ESCAPES.get(m[1], m[1]),
        body,
        flags=re.DOTALL,
    )
    return decoded.encode("utf-16", "surrogatepass").decode("utf-16", "surrogatepass")  # join surrogate pairs


class Parser:
    def __init__(self, text: str) -> None:
        self.tokens = tokenize(text)
        self.position = 0

    def peek(self) -> Token | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def take(self) -> Token:
        token = self.peek()
        if token is None:
            raise JqlError("Error in the JQL Query: Expecting more input at the end of the query.")
        self.position += 1
        return token

    def query(self) -> Query:
        where: Node | None = None
        token = self.peek()
        if token is not None and not token.keyword("order"):
            where = self.or_expression()
        order: list[tuple[str, bool]] = []
        token = self.peek()
        if token is not None:
            if not token.keyword("order"):
                raise JqlError(f"Error in the JQL Query: Expecting either 'OR' or 'AND' but got '{token.text}'.")
            self.take()
            if not self.take().keyword("by"):
                raise JqlError("Error in the JQL Query: Expecting 'by' after 'order'.")
            while True:
                name = self.take().text
                descending = False
                following = self.peek()
                if following is not None and following.keyword("asc", "desc"):
                    descending = self.take().keyword("desc")
                order.append((name, descending))
                following = self.peek()
                if following is None:
                    break
                if following.text != ",":
                    raise JqlError(f"Error in the JQL Query: Expecting ',' but got '{following.text}'.")
                self.take()
        return Query(where, tuple(order))

    def or_expression(self) -> Node:
        parts = [self.and_expression()]
        while (token := self.peek()) is not None and token.keyword("or"):
            self.take()
            parts.append(self.and_expression())
        return parts[0] if len(parts) == 1 else BoolOp("or", tuple(parts))

    def and_expression(self) -> Node:
        parts = [self.not_expression()]
        while (token := self.peek()) is not None and token.keyword("and"):
            self.take()
            parts.append(self.not_expression())
        return parts[0] if len(parts) == 1 else BoolOp("and", tuple(parts))

    def not_expression(self) -> Node:
        token = self.take()
        if token.keyword("not"):
            return BoolOp("not", (self.not_expression(),))
        if token.text == "(" and token.kind == "op":
            inner = self.or_expression()
            if self.take().text != ")":
                raise JqlError("Error in the JQL Query: Expecting ')'.")
            return inner
        if token.kind == "op" or token.text.lower() in KEYWORDS:
            raise JqlError(f"Error in the JQL Query: Expecting a field name but got '{token.text}'.")
        return self.clause(token.text)

    def clause(self, field: str) -> Clause:
        token = self.take()
        operator = token.text.lower()
        if token.keyword("not"):
            if not self.take().keyword("in"):
                raise JqlError("Error in the JQL Query: Expecting 'in' after 'not'.")
            operator = "not in"
        elif token.keyword("is"):
            operator = "is"
            if (following := self.peek()) is not None and following.keyword("not"):
                self.take()
                operator = "is not"
        elif token.kind != "op" and not token.keyword("in"):
            raise JqlError(f"Error in the JQL Query: Expecting operator but got '{token.text}'.")
        if operator in ("in", "not in"):
            return Clause(field, operator, self.value_list())
        value = self.value()
        if operator in ("is", "is not") and value.text is not None:
            raise JqlError(f"Error in the JQL Query: The operator '{operator.upper()}' only accepts EMPTY or NULL.")
        return Clause(field, operator, value)

    def value_list(self) -> Value:
        if self.take().text != "(":
            raise JqlError("Error in the JQL Query: Expecting '(' after 'in'.")
        values = [self.value()]
        while (token := self.take()).text == ",":
            values.append(self.value())
        if token.text != ")":
            raise JqlError(f"Error in the JQL Query: Expecting ')' but got '{token.text}'.")
        return Value("", tuple(values))

    def value(self) -> Value:
        token = self.take()
        if token.kind == "word" and token.text.lower() in ("empty", "null"):
            return Value(None)
        if token.kind == "op":
            raise JqlError(f"Error in the JQL Query: Expecting a value but got '{token.text}'.")
        following = self.peek()
        if token.kind == "word" and following is not None and following.text == "(":
            self.take()
            if self.take().text != ")":
                raise JqlError(f"Error in the JQL Query: function '{token.text}' takes no arguments here.")
            return Value(f"{token.text}()")
        return Value(token.text)


def parse(text: str) -> Query:
    return Parser(text).query()
