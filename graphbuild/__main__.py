"""`python -m graphbuild` runs the command line."""

from .cli import main

main()
