"""Write ``src/detente/data/gazetteer/cctld.tsv``: country-code top-level domains -> ISO 3166-1 alpha-3.

The ccTLD is the ISO alpha-2 code (GeoNames, through the place gazetteer ``data/places/places.tsv.gz``), with
the exceptions IANA made (``uk`` for GBR; ``eu`` for the European Union). Run after ``build_places.py``; ``--check``
exits 1 when the committed file differs from what this script writes.
"""

from __future__ import annotations

import argparse
import gzip
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PLACES = ROOT / "src/detente/data/places/places.tsv.gz"
OUT = ROOT / "src/detente/data/gazetteer/cctld.tsv"
# Top-level domains that are not the alpha-2 code of their state, or that name an organisation.
EXCEPTIONS = {"uk": "GBR", "eu": "EU"}
HEADER = (
    "# Country-code top-level domains -> the state (ISO 3166-1 alpha-3) or organisation code, for telling who\n"
    "# publishes a government page (gov.uk, mfa.gov.cn, diplomatie.gouv.fr). Built by scripts/build_cctld.py from\n"
    "# GeoNames country codes (CC BY 4.0) plus IANA's exceptions (uk, eu).\n"
    "cctld\tcode\n"
)


def build() -> str:
    rows: dict[str, str] = dict(EXCEPTIONS)
    with gzip.open(PLACES, "rt", encoding="utf-8") as handle:
        for line in handle:
            parts = line.rstrip("\n").split("\t")
            if parts[0] == "country" and len(parts) > 4 and len(parts[4]) == 2:
                rows.setdefault(parts[4].lower(), parts[3])
    return HEADER + "".join(f"{tld}\t{code}\n" for tld, code in sorted(rows.items()))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed file instead of writing")
    args = parser.parse_args()
    text = build()
    if args.check:
        same = OUT.is_file() and OUT.read_text("utf-8") == text
        print("cctld.tsv is up to date" if same else "cctld.tsv differs from what the script writes")
        return 0 if same else 1
    OUT.write_text(text, "utf-8")
    print(f"wrote {OUT} ({text.count(chr(10)) - 4} domains)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
