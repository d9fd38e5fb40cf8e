"""The ``detente_sentences`` component: where sentences may and may not start (parsed with the real pipeline)."""

from __future__ import annotations

import pytest

from detente.nlp.pipeline import load_pipeline


@pytest.fixture(scope="module")
def sentences():
    nlp = load_pipeline()

    def split(text: str) -> list[str]:
        return [s.text.strip() for s in nlp(text).sents if s.text.strip()]
    return split


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param("Henry Ridgwell\n\nUkraine\u2019s government and the separatists have agreed to a truce.",
                 "Ukraine\u2019s government and the separatists have agreed to a truce.", id="clitic-after-break"),
    pytest.param("Margaret Besheer\n\nU.N. member states elected five countries to the Security Council.",
                 "U.N. member states elected five countries to the Security Council.", id="abbreviation-first"),
    pytest.param("News / Asia\n\nUN Condemns N. Korean Nuclear Test\n\nThe council met.",
                 "UN Condemns N. Korean Nuclear Test", id="headline-first-word"),
])
def test_a_line_keeps_its_first_word_and_clitics(sentences, text: str, expected: str) -> None:
    assert expected in sentences(text)


def test_paragraph_breaks_still_start_sentences(sentences) -> None:
    found = sentences("Washington\n\nThe talks ended. Both sides left.")
    assert found[0] == "Washington"
    assert "The talks ended." in found
