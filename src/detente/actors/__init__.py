"""Actors: recognise political actors and resolve them to country, sector and role on a date."""
