"""Writes docs/output.md's tables of metric columns from the engine's own definitions.

The names, types, units and meanings of the metric columns are defined once, next to the
records the engine fills (``sim/include/journeysim/records/``), and reach Python through
``journeysim._core.metrics()``. Each table of them in docs/output.md sits between
``<!-- metrics: TABLE -->`` and ``<!-- end metrics -->``; this script rewrites those::

    python docs/metric_tables.py           rewrite docs/output.md
    python docs/metric_tables.py --check   exit 1, saying which, when a table is stale
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from journeysim.results import metric_info

OUTPUT_MD = Path(__file__).with_name("output.md")
_BLOCK = re.compile(r"(<!-- metrics: (\w+) -->\n)(.*?)(<!-- end metrics -->)", re.DOTALL)


def table(name: str) -> str:
    """The Markdown table of result table ``name``'s metric columns."""
    info = metric_info()
    rows = info[info["table"] == name]
    if rows.empty:
        raise ValueError(f"the engine has no metric columns in a table {name!r}")
    lines = ["| column | type | unit | meaning |", "|---|---|---|---|"]
    lines += [
        f"| `{r.name}` | {r.type} | {r.unit} | {r.description} |" for r in rows.itertuples()
    ]
    return "\n".join(lines) + "\n"


def render(text: str) -> str:
    """``text`` with every metrics block rewritten."""
    return _BLOCK.sub(lambda m: m.group(1) + table(m.group(2)) + m.group(4), text)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check; exit 1 when stale")
    args = parser.parse_args()
    text = OUTPUT_MD.read_text(encoding="utf-8")
    current = render(text)
    if args.check:
        if current != text:
            print(f"{OUTPUT_MD}: metric tables are stale; run python {__file__}", file=sys.stderr)
            return 1
        return 0
    OUTPUT_MD.write_text(current, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
