"""`python -m fabula` runs the command line."""

from fabula.cli import app

app()
