"""`make bench`: every benchmark, one after the other. Figures go to docs/performance.md.

The page benchmark writes its table into docs/performance.md itself; the others print
their figures for the hand-kept tables there. BENCH_QUICK=1 makes the page benchmark short.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def main() -> None:
    from bench import harness, import_bench, pages_bench, postings_bench, scoring_bench

    harness.exit_on_signals()
    start = time.monotonic()
    # The journey's first views, in process: its own interpreter, as it sets up Django itself.
    subprocess.run([sys.executable, str(ROOT / "bench" / "journey.py")], check=True)
    scoring_bench.main()
    postings_bench.main()
    import_bench.main()
    pages_bench.main()
    print(f"make bench: {time.monotonic() - start:.0f} s in all")


if __name__ == "__main__":
    main()
