"""House rules that keep the library honest: one LLM module, no CLI framework in the library."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "summarizer"


def imported_roots(path: Path) -> set[str]:
    roots: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def modules_importing(*names: str) -> set[str]:
    return {p.name for p in PACKAGE.glob("*.py") if imported_roots(p) & set(names)}


def test_only_the_client_module_talks_to_the_llm_libraries() -> None:
    assert modules_importing("openai", "instructor") == {"client.py"}


def test_only_the_cli_imports_the_cli_framework() -> None:
    assert modules_importing("click", "tqdm") <= {"cli.py", "cli_eval.py", "cli_merge.py"}


def test_modules_stay_small_enough_to_read() -> None:
    sizes = {p.name: len(p.read_text().splitlines()) for p in PACKAGE.glob("*.py")}
    assert {name: n for name, n in sizes.items() if n > 500} == {}
