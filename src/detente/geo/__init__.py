"""Event location: an offline gazetteer (GeoNames plus Detente's tables) and rules on the dependency parse.

A low layer: imports only the standard library, spaCy types and its own modules.
"""

from __future__ import annotations

from detente.geo.gazetteer import gazetteer
from detente.geo.locate import Place, dateline_place, locate, place_of_name

__all__ = ["Place", "locate", "dateline_place", "place_of_name", "gazetteer"]
