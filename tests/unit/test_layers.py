"""The package's folders stack as layers: every import points down, none runs in a circle.

The graph is read from the code itself by ``scripts/layers.py`` (the same code
that draws it for a reader), so a move that adds an upward import fails here.
"""
from __future__ import annotations

import ast

from scripts.layers import (
    LAYERS,
    ROOT,
    WING,
    WING_LAYERS,
    cycles,
    graph,
    inner_layer_of,
    layer_of,
    wrong_arrows,
)


def test_every_import_points_down_or_stays_in_its_layer():
    assert wrong_arrows(graph()) == []


def test_no_module_imports_in_a_circle():
    assert cycles(graph()) == []


def test_the_checker_sees_an_upward_import_and_a_circle():
    edges = {"wikigap.read.signup": {"wikigap.count.tally"},
             "wikigap.count.tally": {"wikigap.read.signup"}}
    assert wrong_arrows(edges) == [("wikigap.read.signup", "wikigap.count.tally")]
    assert cycles(edges) == [["wikigap.count.tally", "wikigap.read.signup", "wikigap.count.tally"]]


def test_layer_names_follow_the_folders():
    assert layer_of("wikigap.model") == "ground"
    assert layer_of("wikigap.read") == "read"
    assert layer_of("wikigap.wikis.wiki") == "wikis"
    assert layer_of("wikigap.challenge.board") == "challenge"
    assert layer_of("wikigap.contest") == "ground"
    assert layer_of("tasks.tally") == layer_of("bot") == "tasks"
    assert layer_of("pywikibot") is None


def test_the_challenge_wing_is_layered_inside_and_the_checker_sees_an_arrow_up_it():
    assert inner_layer_of("wikigap.challenge.contest") == "ground"
    assert inner_layer_of("wikigap.challenge.count.figures") == "count"
    assert inner_layer_of("wikigap.write.render") is None
    edges = {"wikigap.challenge.count.scoring": {"wikigap.challenge.write.board",
                                                 "wikigap.challenge.contest"}}
    assert wrong_arrows(edges) == [("wikigap.challenge.count.scoring",
                                    "wikigap.challenge.write.board")]
    inside = {m for m in graph() if inner_layer_of(m)}
    assert {inner_layer_of(m) for m in inside} <= set(WING_LAYERS)
    assert "wikigap.challenge.contest" in inside and "wikigap.config" not in inside


def test_the_wings_folders_are_small_and_say_what_they_hold():
    for inner in WING_LAYERS:
        folder = ROOT / "wikigap" / WING / inner
        if inner == "ground" or not folder.exists():
            continue
        assert len([p for p in folder.glob("*.py") if p.name != "__init__.py"]) <= 12, inner
        assert ast.get_docstring(ast.parse((folder / "__init__.py").read_text())), inner


def test_few_modules_at_the_ground_and_small_folders():
    ground = [p for p in (ROOT / "wikigap").glob("*.py") if p.name != "__init__.py"]
    assert len(ground) <= 6
    for layer in LAYERS[1:-1]:
        modules = [p for p in (ROOT / "wikigap" / layer).glob("*.py") if p.name != "__init__.py"]
        assert 0 < len(modules) <= 12, layer


def test_each_folder_says_what_it_holds_and_what_it_may_import():
    for layer in LAYERS[1:-1]:
        doc = ast.get_docstring(ast.parse((ROOT / "wikigap" / layer / "__init__.py").read_text()))
        assert doc and "May import" in doc, layer


def test_only_the_adapter_imports_pywikibot():
    importers = {name for name, path in _sources() if "pywikibot" in _imported(path)}
    assert importers and all(name.startswith("wikigap/wikis/_pwb/") for name in importers)


def test_only_the_adapters_face_imports_its_private_parts():
    """Callers (the code, the sandbox, the bench, the demo) use the face; only the adapter's
    own unit tests (tests/unit/wikis/) look inside."""
    sources = [(str(p.relative_to(ROOT)), p) for p in sorted(ROOT.glob("**/*.py"))
               if ".venv" not in p.parts and not p.is_relative_to(ROOT / "wikigap/wikis/_pwb")
               and not p.is_relative_to(ROOT / "tests/unit/wikis")]
    importers = {name for name, path in sources
                 if any(m.startswith("wikigap.wikis._pwb") for m in _imported(path, full=True))}
    assert importers == {"wikigap/wikis/wiki.py"}


def test_no_adapter_module_is_too_long():
    for path in [ROOT / "wikigap/wikis/wiki.py", *(ROOT / "wikigap/wikis/_pwb").glob("*.py")]:
        assert len(path.read_text().splitlines()) <= 400, path


def _sources():
    for path in sorted((ROOT / "wikigap").rglob("*.py")):
        yield str(path.relative_to(ROOT)), path


def _imported(path, full: bool = False) -> set[str]:
    """The modules a file imports (their top package only, unless ``full``)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return names if full else {n.split(".")[0] for n in names}
