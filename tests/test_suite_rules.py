"""The suite's own rules, read from its source: every test asserts, none sleeps a fixed time.

A test asserts when its body holds an ``assert``, ``pytest.raises`` or
``pytest.warns``, calls a helper named ``assert…`` (Django's ``assertContains``,
the suite's ``assert_picard_is_gone``), an assertion of a library
(Playwright's ``expect``, Schemathesis's ``call_and_validate``), or calls a
function of tests/ that does one of these. A sleep is allowed only inside a
loop, where it is the pause of a poll that has a bound; anywhere else it is a
wait for something the test should wait for by name.
"""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent
ASSERTING_CALLS = {"raises", "warns", "deprecated_call", "fail", "expect", "call_and_validate"}
SLEEPS = {"sleep", "wait_for_timeout"}


def modules() -> dict[Path, ast.Module]:
    return {path: ast.parse(path.read_text(), str(path)) for path in sorted(TESTS.rglob("*.py"))}


def functions(tree: ast.AST) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    return [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]


def call_name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    return call.func.attr if isinstance(call.func, ast.Attribute) else None


def called(node: ast.AST) -> set[str]:
    return {call_name(call) for call in ast.walk(node) if isinstance(call, ast.Call)} - {None}


def asserts_itself(node: ast.AST) -> bool:
    if any(isinstance(sub, ast.Assert) for sub in ast.walk(node)):
        return True
    return any(name.startswith("assert") or name in ASSERTING_CALLS for name in called(node))


def asserting_helpers(trees) -> set[str]:
    """Names of the functions of tests/ that assert, directly or through each other."""
    calls: dict[str, set[str]] = {}
    asserting = set()
    for function in (function for tree in trees for function in functions(tree)):
        calls.setdefault(function.name, set()).update(called(function))
        if asserts_itself(function):
            asserting.add(function.name)
    while True:
        more = {
            name for name, names in calls.items() if name not in asserting and names & asserting
        }
        if not more:
            return asserting
        asserting |= more


def test_every_test_asserts_something():
    trees = modules()
    helpers = asserting_helpers(trees.values())
    silent = [
        f"{path.relative_to(TESTS)}:{function.lineno} {function.name}"
        for path, tree in trees.items()
        for function in functions(tree)
        if function.name.startswith("test")
        and not (asserts_itself(function) or called(function) & helpers)
    ]
    assert silent == []


def test_no_test_sleeps_outside_a_poll():
    fixed = []
    for path, tree in modules().items():
        in_loops = {
            id(call)
            for loop in ast.walk(tree)
            if isinstance(loop, ast.For | ast.While)
            for call in ast.walk(loop)
        }
        fixed += [
            f"{path.relative_to(TESTS)}:{call.lineno}"
            for call in ast.walk(tree)
            if isinstance(call, ast.Call) and call_name(call) in SLEEPS and id(call) not in in_loops
        ]
    assert fixed == []
