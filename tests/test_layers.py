"""The package's layers: no import circle, click only in the command line, input limits defined once."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

PACKAGE = REPO / "compliance"


def _module(file: Path) -> str:
    name = ".".join(file.relative_to(REPO).with_suffix("").parts)
    return name.removesuffix(".__init__")


def import_graph() -> dict[str, set[str]]:
    """Module -> the package modules it imports at module level (type-checking imports included)."""
    files = {_module(file): file for file in PACKAGE.rglob("*.py")}

    def resolve(name: str) -> str | None:
        while name and name not in files:
            name = name.rpartition(".")[0]
        return name or None

    graph: dict[str, set[str]] = {}
    for name, file in files.items():
        statements = list(ast.parse(file.read_text(encoding="utf-8")).body)
        statements += [inner for node in statements if isinstance(node, ast.If) for inner in node.body]
        targets: set[str | None] = set()
        for node in statements:
            if isinstance(node, ast.Import):
                targets.update(resolve(alias.name) for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets.update(resolve(f"{node.module}.{alias.name}") for alias in node.names)
        graph[name] = {target for target in targets if target and target != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every import path that comes back to where it started (depth-first)."""
    found: list[list[str]] = []
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        path.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                found.append([*path[path.index(target):], target])
            elif target not in state:
                visit(target)
        path.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    return found


def test_no_import_circle() -> None:
    graph = import_graph()
    assert "compliance.catalog" in graph["compliance.report.principles"]  # the walk sees imports
    assert cycles(graph) == []


def test_the_walk_finds_a_circle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c", "a"]]


def test_click_lives_in_the_command_line_only() -> None:
    """Domain modules load without click; the command line maps their errors to exit codes."""
    code = ("import sys, compliance.errors, compliance.findings, compliance.catalog, compliance.runner, "
            "compliance.limits, compliance.kinds; print('click' in sys.modules)")
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
    assert shown.stdout.strip() == "False"
    users = sorted(name for name, targets in import_graph().items() if "click" in _imports(name))
    assert all(name == "compliance.cli" or name.startswith(("compliance.commands.", "compliance.formats."))
               for name in users), users


def test_help_imports_only_the_command_line() -> None:
    """`compliance --help` stays fast: no loader, schema validator, YAML parser, engine or formatter."""
    code = ("import sys\nsys.argv = ['compliance', '--help']\nfrom compliance.cli import main\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(sorted(name for name in sys.modules if name.startswith(('compliance.', 'jsonschema', 'yaml', "
            "'regorus', 'pandas', 'pyarrow', 'jinja2'))))")
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
    loaded = ast.literal_eval(shown.stdout.strip().splitlines()[-1])
    assert "Usage: compliance" in shown.stdout
    assert loaded == ["compliance.cli", "compliance.commands", "compliance.commands.options", "compliance.errors",
                      "compliance.formats", "compliance.kinds", "compliance.limits", "compliance.resources"]


def _imports(module: str) -> set[str]:
    file = PACKAGE.joinpath(*module.split(".")[1:])
    file = file / "__init__.py" if file.is_dir() else file.with_suffix(".py")
    tree = ast.parse(file.read_text(encoding="utf-8"))
    return {alias.name.split(".")[0] for node in tree.body if isinstance(node, ast.Import) for alias in node.names}


def test_input_limits_are_defined_once() -> None:
    from compliance import limits
    from compliance.commands.options import max_input_option
    from compliance.loaders import yaml_json

    assert yaml_json.DEFAULT_MAX_BYTES is limits.DEFAULT_MAX_BYTES
    assert limits.max_bytes(limits.DEFAULT_MAX_MB) == limits.DEFAULT_MAX_BYTES

    @max_input_option
    def command(max_input_mb: float) -> None: ...

    assert command.__click_params__[0].default == limits.DEFAULT_MAX_MB  # type: ignore[attr-defined]
    for file in PACKAGE.rglob("*.py"):
        if file.name != "limits.py":
            text = file.read_text(encoding="utf-8")
            assert "5_000_000" not in text and "256 * 1024" not in text and "= 256" not in text, file


# The layers of docs/ARCHITECTURE.md ("What may import what"): a module imports its own layer or lower ones.
LAYERS = {
    0: {"compliance", "errors", "limits", "severity", "kinds", "resources", "output", "arrow"},
    1: {"engine", "loaders", "sources"},
    2: {"catalog", "findings"},
    3: {"locate", "evaluation", "waivers", "baseline", "config"},
    4: {"runner", "formats"},
    5: {"report", "export", "explain", "rule_examples", "rule_reads", "schema_hints"},
    6: {"cli", "commands", "rule_pages"},
}


def _layer(module: str) -> int:
    part = module.split(".")[1] if "." in module else module
    return next(layer for layer, parts in LAYERS.items() if part in parts)


def test_each_module_imports_only_its_layer_or_lower_ones() -> None:
    graph = import_graph()
    assert {module.split(".")[1] for module in graph if "." in module} <= set().union(*LAYERS.values())
    upward = sorted(f"{module} -> {target}" for module, targets in graph.items() for target in targets
                    if target.startswith("compliance") and _layer(target) > _layer(module))
    assert upward == []


def test_a_check_of_valid_inputs_does_not_import_jsonschema() -> None:
    """The compiled accept check (loaders/validate.py) answers for valid documents; jsonschema (0.04 s to
    import) is imported only to word the problems of a refused one."""
    code = ("import sys\nsys.argv = ['compliance', 'check', 'samples/mci', 'samples/contact_centre', '--fail-on', "
            "'never', '--quiet']\nfrom compliance.cli import main\ntry:\n    main()\nexcept SystemExit:\n    pass\n"
            "print('jsonschema' in sys.modules)")
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
    assert shown.stdout.strip().splitlines()[-1] == "False"
