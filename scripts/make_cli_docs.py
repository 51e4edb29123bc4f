"""Write docs/CLI.md from the commands' own --help (a test fails when it is out of date).

Run after changing a command: python scripts/make_cli_docs.py   (or: make docs)
"""

from __future__ import annotations

import sys
from pathlib import Path

from typer.testing import CliRunner

from graphbuild.cli import app

OUT = Path(__file__).resolve().parent.parent / "docs" / "CLI.md"
HEADER = """# Command line reference

Generated from `graphbuild … --help` by `scripts/make_cli_docs.py` (`make docs`); a test fails
when it is out of date. Exit codes: **0** all went well · **1** some input failed (each listed
with its reason) · **2** an error (bad option value, unknown name, store unreachable, bad
curation file, missing model) · **3** the store is locked by another build or refresh.
"""


def commands() -> list[list[str]]:
    """Every command path, in the order `graphbuild --help` lists them."""
    from typer.main import get_command

    root = get_command(app)
    out: list[list[str]] = [[]]
    for name, cmd in root.commands.items():  # type: ignore[attr-defined]
        sub = getattr(cmd, "commands", None)
        out.append([name])
        if sub:
            out += [[name, s] for s in sub]
    return out


def render() -> str:
    """The whole reference as Markdown."""
    runner = CliRunner()
    parts = [HEADER]
    for path in commands():
        r = runner.invoke(app, [*path, "--help"], terminal_width=100, prog_name="graphbuild")
        assert r.exit_code == 0, (path, r.output)
        title = " ".join(["graphbuild", *path])
        parts.append(f"\n## `{title}`\n\n```\n{r.output.rstrip()}\n```\n")
    return "".join(parts)


def main() -> None:
    text = render()
    if "--check" in sys.argv:
        sys.exit(0 if OUT.exists() and OUT.read_text(encoding="utf-8") == text else 1)
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
