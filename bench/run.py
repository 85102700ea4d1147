"""`make bench`: every benchmark, one after the other. Figures go to docs/performance.md."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def main() -> None:
    from bench import import_bench, load_bench, scoring_bench

    scoring_bench.main()
    import_bench.main()
    load_bench.main()


if __name__ == "__main__":
    main()
