"""Draw wikigap's folders as layers and list every import that runs up or round.

Run ``python scripts/layers.py`` (``--modules`` adds every module's arrows).
It reads the code's own import statements (AST, nothing is imported or run),
so the picture is measured afresh each time; ``tests/unit/test_layers.py``
fails on any arrow it prints as wrong.

The layers, bottom first. ``ground`` is the modules directly in wikigap/;
``tasks`` and ``bot.py`` stand on top of everything. The Challenge's wing
(wikigap/challenge/, one layer above ``write``) is layered inside the same
way (:data:`WING_LAYERS`): its ground is the modules directly in it, its
sub-folders stack above, and an arrow inside the wing must not point up
either.
"""
from __future__ import annotations

import argparse
import ast
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ("ground", "read", "wikis", "count", "store", "write", "challenge", "run", "tasks")
#: The Challenge's wing inside, bottom first: ``kinds`` (one module per rule kind),
#: ``ground`` (the modules directly in wikigap/challenge/: its config), then its folders.
WING, WING_LAYERS = "challenge", ("kinds", "ground", "read", "count", "store", "write", "gather")


def layer_of(module: str) -> str | None:
    """Name the layer of a dotted module (``wikigap.read.signup`` -> ``read``)."""
    parts = module.split(".")
    if parts[0] == "tasks" or module == "bot":
        return "tasks"
    if parts[0] != "wikigap":
        return None
    if len(parts) > 2 or (len(parts) == 2 and parts[1] in LAYERS):
        return parts[1]
    return "ground"


def inner_layer_of(module: str) -> str | None:
    """Name a module's layer inside the wing (``wikigap.challenge.count.figures`` -> ``count``)."""
    parts = module.split(".")
    if layer_of(module) != WING or len(parts) < 3:
        return None
    if len(parts) > 3 or parts[2] in WING_LAYERS:
        return parts[2]
    return "ground"


def module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
    return ".".join(parts)


def imports_of(path: Path) -> set[str]:
    """The wikigap/tasks modules a file imports, absolute, at any depth of the file."""
    found: set[str] = set()
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(up + ([base] if base else []))
            found.add(base)
            found.update(f"{base}.{a.name}" for a in node.names)
    return {m for m in found if layer_of(m) and _exists(m)}


def _exists(module: str) -> bool:
    path = ROOT.joinpath(*module.split("."))
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists() or module == "bot"


def graph() -> dict[str, set[str]]:
    """Each module of wikigap/, tasks/ and bot.py -> the project modules it imports."""
    files = sorted((ROOT / "wikigap").rglob("*.py")) + sorted((ROOT / "tasks").glob("*.py"))
    files.append(ROOT / "bot.py")
    out = {}
    for path in files:
        name = module_name(path)
        out[name] = {m for m in imports_of(path) if m != name and not name.startswith(m + ".")}
    return out


def wrong_arrows(edges: dict[str, set[str]]) -> list[tuple[str, str]]:
    """Arrows that point up a layer, or up a layer inside the wing."""
    bad = []
    for source, targets in edges.items():
        for target in targets:
            if LAYERS.index(layer_of(target)) > LAYERS.index(layer_of(source)) or _up_inside(
                    source, target):
                bad.append((source, target))
    return sorted(bad)


def _up_inside(source: str, target: str) -> bool:
    """Tell whether an arrow between two of the wing's modules points up its inner layers."""
    inner, outer = inner_layer_of(source), inner_layer_of(target)
    return inner is not None and outer is not None and (
        WING_LAYERS.index(outer) > WING_LAYERS.index(inner))


def folder_arrows(edges: dict[str, set[str]]) -> Counter[tuple[str, str]]:
    """How many module arrows run from one layer to another."""
    counts: Counter[tuple[str, str]] = Counter()
    for source, targets in edges.items():
        for target in targets:
            if layer_of(source) != layer_of(target):
                counts[(layer_of(source), layer_of(target))] += 1
    return counts


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Module import circles (depth-first search), each as the modules round it."""
    found, state = [], {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                found.append(path[path.index(nxt):] + [nxt] if nxt in path else [node, nxt])
            elif nxt not in state:
                visit(nxt, path + [nxt])
        state[node] = 2

    for start in sorted(edges):
        if start not in state:
            visit(start, [start])
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--modules", action="store_true", help="list every module's arrows too")
    args = parser.parse_args()
    edges = graph()
    by_layer: dict[str, list[str]] = {layer: [] for layer in LAYERS}
    for name in edges:
        if name.rpartition(".")[2] in (*LAYERS, *WING_LAYERS, "wikigap"):
            continue   # a folder's __init__: its docstring, no code
        by_layer[layer_of(name)].append(name.rpartition(".")[2] if name != "bot" else "bot.py")
    print("Layers, top first (a module may import its own layer and those below):")
    for layer in reversed(LAYERS):
        print(f"  {layer:7} {', '.join(sorted(set(by_layer[layer])))}")
        if layer == WING:
            for inner in reversed(WING_LAYERS):
                names = sorted(n.rpartition(".")[2] for n in edges if inner_layer_of(n) == inner
                               and n.rpartition(".")[2] not in WING_LAYERS)
                print(f"    {inner:7} {', '.join(names) or '-'}")
    print("\nArrows between layers (module imports):")
    for (a, b), n in sorted(folder_arrows(edges).items(), key=lambda x: (-LAYERS.index(x[0][0]), x[0][1])):
        mark = "down" if LAYERS.index(b) < LAYERS.index(a) else "UP"
        print(f"  {a:7} -> {b:7} {n:3}  {mark}")
    if args.modules:
        for name in sorted(edges):
            print(f"  {name} -> {', '.join(sorted(edges[name])) or '-'}")
    bad, circles = wrong_arrows(edges), cycles(edges)
    print(f"\n{sum(len(t) for t in edges.values())} arrows, {len(bad)} pointing up, {len(circles)} circles")
    for source, target in bad:
        print(f"  UP: {source} imports {target}")
    for circle in circles:
        print(f"  CIRCLE: {' -> '.join(circle)}")
    return 1 if bad or circles else 0


if __name__ == "__main__":
    raise SystemExit(main())
