"""``python -m citekit``: the command line."""

from citekit.cli import main

main()
