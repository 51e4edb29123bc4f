"""The command line: `app` (typer) and `main` (the console script).

Commands live by topic (`build.py`: build, refresh, extract; `query.py`; `export.py`; `misc.py`:
eval, schema), share option types (`options.py`) and one renderer (`render.py`). They import
only the pipeline, query, export, eval and model layers.
"""

from .app import app, main

__all__ = ["app", "main"]
