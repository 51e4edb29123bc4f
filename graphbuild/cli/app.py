"""The `graphbuild` command: commands parse, call one API function and render (`render.py`)."""

from __future__ import annotations

import logging
from typing import Annotated

import typer
from rich.text import Text
from typer.exceptions import TyperException

from ..model import GraphbuildError, __version__
from . import build, engine, export, misc, query
from .render import err, out

app = typer.Typer(
    name="graphbuild",
    help="Turn news articles into a knowledge graph of who said what.\n\nExample: graphbuild build examples && graphbuild query quotes",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
app.command()(build.build)
app.command()(build.refresh)
app.command()(build.extract)
app.command()(build.unlock)
app.command()(engine.distribute)
app.command()(engine.load)
app.add_typer(query.app, name="query")
app.add_typer(misc.eval_app, name="eval")
app.command()(export.export)
app.command()(export.migrate)
app.command()(misc.schema)


def _version(value: bool) -> None:
    if value:
        out.print(f"graphbuild {__version__}", highlight=False)
        raise typer.Exit(0)


@app.callback()
def _main(
    verbose: Annotated[int, typer.Option("--verbose", "-v", count=True, help="More log output (-vv for debug).")] = 0,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")] = False,
) -> None:
    logging.basicConfig(level=[logging.WARNING, logging.INFO, logging.DEBUG][min(verbose, 2)], format="%(levelname)s %(name)s: %(message)s")


def main() -> None:
    """Console-script entry point: errors become one line (exit 2), never a traceback, unless -vv."""
    try:
        code = app(standalone_mode=False)
        raise SystemExit(code if isinstance(code, int) else 0)
    except typer.Exit as e:
        raise SystemExit(e.exit_code) from None
    except TyperException as e:  # usage errors (typer's click): the usual message and exit code 2
        show = getattr(e, "show", None)
        if show is not None:
            show()
        raise SystemExit(getattr(e, "exit_code", 2)) from None
    except GraphbuildError as e:
        err.print(Text.assemble(("error:", "bold red"), f" {e}"), highlight=False)
        raise SystemExit(2) from None
    except KeyboardInterrupt:
        err.print("interrupted")
        raise SystemExit(130) from None
    except Exception as e:  # a bug: say so in one line; -vv shows the traceback
        if logging.getLogger().isEnabledFor(logging.DEBUG):
            raise
        # The message is Text, never markup: an exception quoting article text ("[/bold]") cannot break the handler.
        err.print(Text.assemble(("internal error:", "bold red"), f" {type(e).__name__}: {e} (run again with -vv for the traceback, and please report it)"),
                  highlight=False)
        raise SystemExit(70) from None
