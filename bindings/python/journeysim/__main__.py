"""``python -m journeysim``: the command-line interface."""

from journeysim.cli import main

raise SystemExit(main())
