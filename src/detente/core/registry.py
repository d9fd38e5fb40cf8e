"""Extension points, as registries (the way spaCy registers its architectures and datasette its plugins).

Detente's own pieces register here exactly as a user's do, under versioned names (``detente.lexicon.v1``):

* ``event_frames``: ``frame(token, sentence) -> list[Event]``, run on every token of every sentence
  (:mod:`detente.events.frames`); a frame finds events of one construction.
* ``actor_sources``: ``source() -> Iterable[tuple[str, Entry]]``, names for the actor index with what they
  stand for (``detente.actors.gazetteer.Entry``: code, sector, canonical name, kind); the gazetteer tables and
  the roles knowledge base are built in (:mod:`detente.actors.index`), ``DETENTE_ROLES`` files add people.
* ``exporters``: ``exporter(records, path, **options) -> int``, writing event records in a format
  (:mod:`detente.pipeline.export`).

A package adds to them without editing Detente, either by calling ``registry.exporters.register("name",
func=f)`` or through an entry point in its ``pyproject.toml``::

    [project.entry-points.detente_exporters]
    my_format = "my_package.module:export_my_format"

(groups ``detente_event_frames``, ``detente_actor_sources``, ``detente_exporters``).
"""

from __future__ import annotations

import catalogue

__all__ = ["actor_sources", "event_frames", "exporters"]

event_frames = catalogue.create("detente", "event_frames", entry_points=True)
actor_sources = catalogue.create("detente", "actor_sources", entry_points=True)
exporters = catalogue.create("detente", "exporters", entry_points=True)
