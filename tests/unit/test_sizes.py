"""Small modules and functions that fit a screen: no module of ``wikigap/``, ``tasks/`` or
``bot.py`` over 400 lines, no function over 50 (decorators and docstring included)."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 50


def sources() -> list[Path]:
    """Every module the rule covers."""
    return sorted([*(ROOT / "wikigap").rglob("*.py"), *(ROOT / "tasks").rglob("*.py"),
                   ROOT / "bot.py"])


def oversized(text: str, name: str) -> list[str]:
    """Name the module when it is too long, and each function that is."""
    found = []
    if len(text.splitlines()) > MAX_MODULE_LINES:
        found.append(f"{name}: {len(text.splitlines())} lines")
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            start = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            length = (node.end_lineno or node.lineno) - start + 1
            if length > MAX_FUNCTION_LINES:
                found.append(f"{name}:{start} {node.name}: {length} lines")
    return found


def test_no_module_over_400_lines_and_no_function_over_50():
    found = [line for path in sources()
             for line in oversized(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))]
    assert found == []


def test_the_rule_sees_a_long_module_and_a_long_function():
    body = "\n".join(f"    x = {i}" for i in range(MAX_FUNCTION_LINES))
    text = f"def f():\n{body}\n" + "\n" * MAX_MODULE_LINES
    assert oversized(text, "t.py") == [f"t.py: {MAX_MODULE_LINES + 51} lines", "t.py:1 f: 51 lines"]
    fits = "@decorated\ndef g():\n" + "\n".join(["    x = 1"] * (MAX_FUNCTION_LINES - 2))
    assert oversized(fits, "t.py") == []

