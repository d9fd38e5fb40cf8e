"""The bottom layer: record types, the ontology, dates, syntax helpers, word lists, settings and errors.

Nothing here imports any other part of Detente, so every stage can build on it.
"""
