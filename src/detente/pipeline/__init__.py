"""The one layer that knows every stage: analysing documents, extracting records, the ingest job and its runners.

It writes nowhere itself: the ingest job hands its results to a :class:`~detente.pipeline.ingest.Sink`, which the
store layer implements.
"""
