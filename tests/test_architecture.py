"""House rules that keep the library honest: one LLM module, no CLI framework in the library,
wings in their folders, layers as import-linter contracts (pyproject.toml)."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
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


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def modules_importing(*names: str) -> set[str]:
    return {p.name for p in modules() if imported_roots(p) & set(names)}


def test_only_the_client_module_talks_to_the_llm_libraries() -> None:
    assert modules_importing("openai", "instructor") == {"client.py"}


def test_only_the_cli_imports_the_cli_framework() -> None:
    importing = {p for p in modules() if imported_roots(p) & {"click", "tqdm"}}
    assert {p.relative_to(PACKAGE).parts[0] for p in importing} == {"cli"}


def test_modules_stay_small_enough_to_read() -> None:
    sizes = {p.name: len(p.read_text().splitlines()) for p in modules()}
    assert {name: n for name, n in sizes.items() if n > 500} == {}


def test_the_local_model_code_lives_in_one_subpackage() -> None:
    flat = {p.name for p in PACKAGE.glob("*.py")}
    assert not flat & {"modelstore.py", "server.py", "session.py"}
    local = {p.name for p in (PACKAGE / "local").glob("*.py")}
    assert {"modelstore.py", "server.py", "session.py", "serve.py"} <= local


def test_each_wing_lives_in_its_own_folder() -> None:
    flat = {p.stem for p in PACKAGE.glob("*.py")}
    wings = {
        "cli": {"summarize", "eval", "merge", "model", "shared"},
        "evaluation": {"run", "scoring", "sources", "fixtures", "report_html"},
        "oneshot": {"llm_schema", "review", "assemble", "prompts"},
    }
    for wing, members in wings.items():
        assert members <= {p.stem for p in (PACKAGE / wing).glob("*.py")}, wing
        assert not flat & (members - {"prompts"}), wing  # prompts.py: where prompt files live
    assert not {p for p in flat if p.startswith("cli_")}


def test_the_layer_contracts_hold() -> None:
    """The import-linter contracts in pyproject.toml: no cycles between wings, the core
    never imports cli/evaluation/local, only the client imports openai/instructor."""
    lint = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run(
        [str(lint), "--no-cache"], cwd=PACKAGE.parent, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout


def test_the_embedded_server_child_imports_nothing_of_ours() -> None:
    """`python -m summarizer.local.serve` starts fast and cannot pull the library in."""
    assert "summarizer" not in imported_roots(PACKAGE / "local" / "serve.py")


def test_library_error_messages_name_no_command_line_flag() -> None:
    """The fix a library error names is a setting (``options=``); the CLI adds its flag."""
    flagged = []
    for path in modules():
        if path.relative_to(PACKAGE).parts[0] == "cli":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Raise) and node.exc is not None:
                for part in ast.walk(node.exc):
                    text = part.value if isinstance(part, ast.Constant) else None
                    if isinstance(text, str) and re.search(r"(?<![\w-])--[a-z]", text):
                        flagged.append(f"{path.name}:{node.lineno}: {text}")
    assert flagged == []


def test_without_the_eval_extra_eval_says_which_extra_to_install(tmp_path: Path) -> None:
    """scipy and PyYAML are the eval extra, not runtime dependencies: `summarizer eval`
    without them is a one-line error naming the extra, and summarize does not need them."""
    code = (
        "import sys; sys.modules['scipy'] = None; sys.modules['yaml'] = None\n"
        "from summarizer.cli import main\n"
        "main(sys.argv[1:])"
    )
    run = [sys.executable, "-c", code]
    result = subprocess.run(
        [*run, "eval", "--fixtures", str(tmp_path)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip() == (
        "summarizer: error: evaluation needs scipy: pip install 'summarizer[eval]'"
    )
    schema = subprocess.run([*run, "schema"], capture_output=True, text=True, check=False)
    assert schema.returncode == 0, schema.stderr
