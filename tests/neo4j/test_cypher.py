"""Cypher literals, names and scripts: any text goes in, the same text comes out, nothing breaks out."""
from __future__ import annotations

import pytest

from kg.neo4j.cypher import Statement, literal, name, render_script, string
from tests.neo4j.cypher_parse import parse_script

NASTY = ["", "plain", "孝昌县", "it's", 'say "hi"', "back\\slash", "ends with \\", "\\'", "x'}) DETACH DELETE n //",
         "multi\nline\r\n", "tab\tbell\x07nul\x00", "line\u2028sep\u2029", "`tick`", "$param", "a;b", "\U0001F600"]


@pytest.mark.parametrize("text", NASTY)
def test_cypher_string_round_trips_through_a_cypher_reader(text):
    sc = parse_script(f"RETURN {string(text)} AS x;\n")
    assert sc.literals == [text]
    assert sc.statements == ["RETURN '…' AS x"]


@pytest.mark.parametrize("text", NASTY)
def test_cypher_string_is_one_line_of_printable_text(text):
    lit = string(text)
    assert "\n" not in lit and "\r" not in lit and "\u2028" not in lit
    assert lit.startswith("'") and lit.endswith("'")


@pytest.mark.parametrize("ident, expected", [("name", "name"), ("uri:ID", "`uri:ID`"), ("a`b", "`a``b`"),
                                             (":LABEL", "`:LABEL`"), ("名字", "`名字`"), ("_x1", "_x1")])
def test_cypher_name_quotes_what_is_not_an_identifier(ident, expected):
    assert name(ident) == expected
    if expected.startswith("`"):
        assert parse_script(f"RETURN 1 AS {name(ident)};").names == [ident]


def test_cypher_literal_of_nested_values():
    value = {"a": [1, 2.5, True, None], "b c": "x'y", "d": {"e": False}}
    assert literal(value) == "{a: [1, 2.5, true, null], `b c`: 'x\\'y', d: {e: false}}"
    with pytest.raises(ValueError):
        literal(float("nan"))
    with pytest.raises(TypeError):
        literal(object())


def test_cypher_statement_refuses_its_own_semicolon():
    with pytest.raises(ValueError):
        Statement("RETURN 1;")


def test_cypher_render_script_writes_params_and_splits_back():
    sts = [Statement("MATCH (n) RETURN n", "first\nsecond line"),
           Statement("MATCH (n {name: $name}) RETURN n", "by name", {"name": "x'}) //;", "n": 3}, "example")]
    text = render_script(sts, "a header")
    sc = parse_script(text)
    assert sc.statements == ["MATCH (n) RETURN n", "MATCH (n {name: $name}) RETURN n"]
    assert sc.params == [":param name => 'x\\'}) //;'", ":param n => 3"]
    assert sc.literals == ["x'}) //;"]
    assert text.startswith("// a header\n") and text.endswith(";\n")
