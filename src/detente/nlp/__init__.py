"""NLP: the pinned spaCy pipeline with Detente's components."""
