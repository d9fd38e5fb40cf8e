"""Reports: readable text tables, JSON, and error listings (false positives and negatives with evidence)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

__all__ = ["error_items", "format_table", "to_json", "write_errors"]

#: Report keys that are neither figures nor worth printing in the table.
_TABLE_SKIP = {"errors", "score", "encyclopedia_cases", "dictionary"}
_TEXT_FIELDS = ("evidence", "other_evidence", "text")


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".") if value != int(value) else f"{value:.1f}"
    if isinstance(value, list | tuple):
        return ", ".join(_cell(v) for v in value)
    return str(value)


def _grid(header: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(header[i]), *(len(row[i]) for row in rows)) if rows else len(header[i])
              for i in range(len(header))]
    lines = ["  ".join(h.ljust(w) if i == 0 else h.rjust(w) for i, (h, w) in enumerate(zip(header, widths,
                                                                                              strict=True)))]
    for row in rows:
        lines.append("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths,
                                                                                                  strict=True))))
    return lines


def _table(rows: Mapping[str, Mapping[str, Any]], first: str) -> list[str]:
    columns: list[str] = []
    for row in rows.values():
        for key in row:
            if key not in columns:
                columns.append(key)
    body = [[str(label), *(_cell(row.get(c)) for c in columns)] for label, row in rows.items()]
    return _grid([first, *columns], body)


def _speed(speed: Mapping[str, Any]) -> str:
    parts = [f"{speed.get('documents', '-')} documents"]
    if speed.get("words") is not None:
        parts.append(f"{speed['words']} words")
    line = ", ".join(parts) + f" in {_cell(speed.get('seconds'))} s"
    rates = [f"{_cell(speed.get('documents_per_second'))} documents/s"]
    if speed.get("words_per_second") is not None:
        rates.append(f"{_cell(speed['words_per_second'])} words/s")
    line += " (" + ", ".join(rates) + ")"
    if speed.get("warmup_seconds"):
        line += f"; model loading {_cell(speed['warmup_seconds'])} s, not counted"
    return line


def _extra_sections(report: Mapping[str, Any]) -> list[str]:
    """The lines of a suite's own sections (nested tables, a confusion matrix, one-line mappings), in report
    order: whatever a suite adds beyond the common keys, printed without ``format_table`` knowing each suite."""
    lines: list[str] = []
    for key, value in report.items():
        if key in _TABLE_SKIP or key in ("suite", "data", "overall", "per_type", "speed", "notes", "documents",
                                         "records", "settings"):
            continue
        if isinstance(value, Mapping) and value and all(isinstance(v, Mapping) for v in value.values()):
            lines.append("")
            lines.append(key)
            lines.extend("  " + line for line in _table(value, ""))
        elif key == "confusion" and isinstance(value, Mapping):
            matrix = value.get("rows_gold_columns_system") or []
            lines.append("")
            lines.append("confusion (rows gold, columns system)")
            body = [[str(i), *(str(c) for c in row)] for i, row in enumerate(matrix)]
            lines.extend("  " + line for line in _grid(["", *(str(i) for i in range(len(matrix)))], body))
        elif isinstance(value, Mapping) and value:
            lines.append("")
            lines.append(f"{key}: " + ", ".join(f"{k} {_cell(v)}" for k, v in value.items()))
    return lines


def format_table(report: Mapping[str, Any]) -> str:
    """A readable text report of one suite: overall figures, per-type rows with counts, extra sections, speed."""
    name = report.get("suite", "suite")
    lines = [f"== {name} =="]
    if report.get("error"):
        lines.append(f"FAILED TO RUN: {report['error']}")
        return "\n".join(lines)
    for key, value in (report.get("data") or {}).items():
        lines.append(f"{key}: {value}")
    overall = report.get("overall") or {}
    if overall:
        lines.append("")
        lines.append("overall")
        width = max(len(k) for k in overall)
        lines.extend(f"  {key.ljust(width)}  {_cell(value)}" for key, value in overall.items())
    per_type = report.get("per_type") or {}
    if per_type:
        lines.append("")
        lines.append("per type" if name != "ngec_actors" else "per expected sector")
        lines.extend("  " + line for line in _table(per_type, "type" if name != "ngec_actors" else "sector"))
    lines.extend(_extra_sections(report))
    if report.get("encyclopedia_cases") is not None:
        lines.append(f"\nencyclopedia cases: {len(report['encyclopedia_cases'])} (listed in the JSON report)")
    if report.get("speed"):
        lines.append("")
        lines.append("speed: " + _speed(report["speed"]))
    errors = report.get("errors")
    if errors is not None:
        lines.append(f"errors listed: {len(errors)}")
    for note in report.get("notes") or []:
        lines.append(f"note: {note}")
    return "\n".join(lines)


def to_json(report: Mapping[str, Any], *, include_errors: bool = False) -> str:
    """The report as indented JSON; the (long) ``errors`` list only with ``include_errors``."""
    data = dict(report) if include_errors else {k: v for k, v in report.items() if k != "errors"}
    return json.dumps(data, indent=2, ensure_ascii=False, default=str)


def error_items(reports: Mapping[str, Any] | Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The error items of one report, or of several (a list, or a dict suite -> report), each with its suite."""
    if isinstance(reports, Mapping) and "suite" in reports:
        group: list[Mapping[str, Any]] = [reports]
    elif isinstance(reports, Mapping):
        group = [r for r in reports.values() if isinstance(r, Mapping)]
    else:
        group = list(reports)
    items: list[dict[str, Any]] = []
    for report in group:
        for item in report.get("errors") or []:
            items.append({"suite": report.get("suite"), **item})
    return items


def _text_item(item: Mapping[str, Any]) -> list[str]:
    head = [f"[{item.get('suite')}]", str(item.get("kind")), str(item.get("doc_id"))]
    if item.get("event_type"):
        head.append(f"{item['event_type']} {item.get('source', '')}->{item.get('target', '')}".rstrip("->"))
    details = [
        f"{key}={_cell(value)}" for key, value in item.items()
        if key not in ("suite", "kind", "doc_id", "event_type", "source", "target", *_TEXT_FIELDS)
        and value not in (None, [], "")
    ]
    lines = [" ".join(head) + (f"  ({'; '.join(details)})" if details else "")]
    for key in _TEXT_FIELDS:
        value = item.get(key)
        for text in ([value] if isinstance(value, str) else value or []):
            if text:
                lines.append(f"    {key}: {text}")
    return lines


def write_errors(path: str | Path, reports: Mapping[str, Any] | Iterable[Mapping[str, Any]]) -> int:
    """Write every false positive / false negative (and other misses) with its evidence; return how many.

    ``.jsonl`` or ``.json`` paths get one JSON object per line; any other path a readable text listing.
    """
    items = error_items(reports)
    path = Path(path)
    with open(path, "w", encoding="utf-8") as handle:
        if path.suffix in (".jsonl", ".json"):
            for item in items:
                handle.write(json.dumps(item, ensure_ascii=False, default=str) + "\n")
        else:
            for item in items:
                handle.write("\n".join(_text_item(item)) + "\n")
    return len(items)
