"""Statements, references and voices: stance adjectives, demands in a statement's own voice, promises and
threats said of the future, event anaphora, plural references to the parties just named, targets behind the
thing acted on, and the author of a government's or organisation's page.

The sentences are written for these tests (GUIDELINES sections 2-3 say what they should give); none is taken
from the evaluation documents.
"""

from __future__ import annotations

import pytest

from detente.actors.author import publisher
from detente.actors.gazetteer import load_gazetteer
from detente.pipeline.extract import extract_records, extract_text

PUBLISHED = "2022-05-23"


def _events(text: str, *, url: str | None = None, source: str | None = None) -> list[tuple]:
    records = extract_records([{"id": "t", "text": text, "published": PUBLISHED, "url": url, "source": source}])
    return [(r["event_type"], sorted(a["code"] for a in r["source"] if a["code"]),
             sorted(a["code"] for a in r["target"] if a["code"]), r["status"]) for r in records]


def _has(events: list[tuple], event_type: str, sources: list[str], targets: list[str],
         status: str = "asserted") -> bool:
    return (event_type, sorted(sources), sorted(targets), status) in events


# -- stance adjectives ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("text,event_type,sources,targets", [
    ("Japan is deeply concerned about China's military drills near Taiwan.", "ACCUSE", ["JPN"], ["CHN"]),
    ("The Canadian government was disappointed that India expelled its diplomats.", "ACCUSE", ["CAN"], ["IND"]),
    ("The European Union remains alarmed by Iran's nuclear programme.", "ACCUSE", ["EU"], ["IRN"]),
    ("Kenya is encouraged by Ethiopia's decision to release the prisoners.", "SUPPORT", ["KEN"], ["ETH"]),
    ("Ukraine is grateful to Poland for its help.", "SUPPORT", ["UKR"], ["POL"]),
    ("Russia's actions are unacceptable, the French foreign minister said.", "ACCUSE", ["FRA"], ["RUS"]),
    ("The accusations by Beijing are baseless, a Taiwanese spokesperson said.", "REJECT", ["TWN"], ["CHN"]),
])
def test_stance_adjective(text: str, event_type: str, sources: list[str], targets: list[str]):
    assert _has(_events(text), event_type, sources, targets), _events(text)


@pytest.mark.parametrize("text", [
    "Japan is not concerned about the exercise.",  # negated: no stance
    "These measures are unacceptable.",  # no speaker and nobody behind the measures
    "The weather in Geneva was pleasant.",
])
def test_no_stance_event_without_holder_or_target(text: str):
    assert [e for e in _events(text) if e[0] in ("ACCUSE", "SUPPORT", "REJECT")] == []


# -- demands in the speaker's voice ---------------------------------------------------------------------------

@pytest.mark.parametrize("text,sources,targets", [
    ("Moscow must withdraw its troops from Ukraine, the German chancellor said.", ["DEU"], ["RUS"]),
    ("North Korea needs to return to talks, the Japanese foreign minister said.", ["JPN"], ["PRK"]),
    ("Provocations by North Korea must stop, a South Korean official said.", ["KOR"], ["PRK"]),
])
def test_deontic_demand(text: str, sources: list[str], targets: list[str]):
    assert _has(_events(text), "REQUEST", sources, targets), _events(text)


def test_deontic_demand_in_a_governments_own_statement():
    text = "Iran must release the detained journalists immediately."
    assert not [e for e in _events(text) if e[0] == "REQUEST"]  # no speaker: plain text
    events = _events(text, url="https://www.gov.uk/government/news/statement")
    assert _has(events, "REQUEST", ["GBR"], ["IRN"]), events


@pytest.mark.parametrize("text", [
    "We must do more to help the people of Sudan, the Irish foreign minister said.",  # the speaker's own resolve
    "He didn't have to do that, the Chinese ambassador said of the Canadian prime minister.",  # negated
])
def test_no_deontic_demand(text: str):
    assert [e for e in _events(text) if e[0] == "REQUEST"] == []


# -- promises and threats said of the future ---------------------------------------------------------------------

def test_future_threat_is_asserted():
    events = _events("Seoul will respond firmly to any provocation by Pyongyang, the defence ministry said.")
    assert _has(events, "THREATEN", ["KOR"], ["PRK"]), events


# -- event anaphora ---------------------------------------------------------------------------------------------

def test_reaction_to_the_move_is_aimed_at_its_author():
    text = ("North Korea launched a ballistic missile over Japan on Tuesday.\n\n"
            "South Korea and Japan condemned the launch. China said it opposed the move.")
    events = _events(text)
    assert _has(events, "ACCUSE", ["JPN", "KOR"], ["PRK"]), events
    assert _has(events, "ACCUSE", ["CHN"], ["PRK"]), events  # "the move" is the launch, not the condemnation


def test_welcoming_an_agreement_is_aimed_at_its_parties():
    text = "Russia and Ukraine signed a grain deal in Istanbul. The United Nations welcomed the agreement."
    assert _has(_events(text), "SUPPORT", ["UN"], ["RUS", "UKR"])


def test_a_definite_description_with_an_owner_is_not_anaphoric():
    text = "Turkey tested a missile on Monday. Greece condemned Albania's decision."
    assert not _has(_events(text), "ACCUSE", ["GRC"], ["TUR"])


# -- plural references to the parties just named ---------------------------------------------------------------

def test_the_leaders_are_the_parties_of_the_call():
    text = ("British Prime Minister Boris Johnson spoke to Ukrainian President Volodymyr Zelenskyy on Sunday.\n\n"
            "The leaders agreed to increase pressure on Russia.")
    events = _events(text)
    assert _has(events, "AGREE", ["GBR"], ["UKR"]), events  # between the leaders, not with Russia


def test_both_refers_to_the_two_parties():
    text = "The Kenyan president met the Ethiopian prime minister in Nairobi. Both condemned Eritrea's attacks."
    events = _events(text)
    assert any(e[0] == "ACCUSE" and e[1] == ["ETH", "KEN"] for e in events), events


def test_a_topic_is_not_a_party():
    text = "The French president spoke to the Polish president about Russia. The leaders condemned the attacks."
    events = _events(text)
    assert not any(e[0] == "ACCUSE" and "RUS" in e[1] for e in events), events


# -- targets behind the thing acted on ----------------------------------------------------------------------------

@pytest.mark.parametrize("text,event_type,sources,targets", [
    ("Australia rejected the report issued by the Chinese embassy.", "REJECT", ["AUS"], ["CHN"]),
    ("Brazil criticised the decision by Argentina.", "ACCUSE", ["BRA"], ["ARG"]),
    ("Japan protested against Beijing's purchase of the islands.", "PROTEST", ["JPN"], ["CHN"]),
])
def test_target_through_the_thing_acted_on(text: str, event_type: str, sources: list[str], targets: list[str]):
    assert _has(_events(text), event_type, sources, targets), _events(text)


def test_no_self_dyad_of_one_state_and_sector():
    events = _events("I want to thank our briefers, the US ambassador said.")
    assert not any(e[1] == e[2] and e[1] for e in events), events


# -- the author of a page ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("url,source,code", [
    ("https://www.state.gov/press-statement", None, "USA"),
    ("https://www.gov.uk/government/news/x", None, "GBR"),
    ("https://hansard.parliament.uk/commons/2022", None, "GBR"),
    ("https://eeas.europa.eu/statement", None, "EU"),
    ("https://www.fmprc.gov.cn/eng/xwfw", None, "CHN"),
    ("https://www.mofa.go.jp/press", None, "JPN"),
    ("https://diplomatie.gouv.fr/en/", None, "FRA"),
    (None, "Ministry of Foreign Affairs of Ukraine", "UKR"),
    (None, "U.S. Mission to the United Nations", "USA"),
])
def test_publisher_of_a_government_page(url: str | None, source: str | None, code: str):
    found = publisher(url, source, load_gazetteer())
    assert found is not None and found.code == code


@pytest.mark.parametrize("url,source", [
    ("https://www.reuters.com/world/", "Reuters"),
    ("https://www.voanews.com/a/x.html", "Voice of America"),
    ("https://www.theguardian.com/world", "The Guardian"),
    (None, "Xinhua"),
])
def test_news_sites_have_no_author_voice(url: str, source: str):
    assert publisher(url, source, load_gazetteer()) is None


def test_first_person_statement_speaks_for_the_publisher():
    text = "We condemn the detention of the journalists by the Belarusian authorities."
    events = _events(text, url="https://www.state.gov/statement")
    assert _has(events, "ACCUSE", ["USA"], ["BLR"]), events


def test_the_regime_in_a_statement_is_not_its_author():
    text = ("The United States stands with the people of Nicaragua. In the last month, the regime has arrested "
            "dozens of opposition figures.")
    events = _events(text, url="https://www.state.gov/statement")
    assert not any(e[0] == "COERCE" and e[1] == ["USA"] for e in events), events


# -- judgements in a noun phrase ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text,url,sources,targets", [
    ("We condemn Russia's brutal, unprovoked invasion of Ukraine.", "https://www.state.gov/x", ["USA"], ["RUS"]),
    ("The ministers discussed Moscow's reckless behaviour in the Black Sea.", "https://www.gov.uk/x", ["GBR"],
     ["RUS"]),
    ('"We will not accept North Korea\'s provocations," the Japanese prime minister said.', None, ["JPN"], ["PRK"]),
])
def test_judgement_in_a_noun_phrase(text: str, url: str | None, sources: list[str], targets: list[str]):
    assert _has(_events(text, url=url), "ACCUSE", sources, targets), _events(text, url=url)


def test_no_judgement_in_a_reporters_voice():
    events = _events("Russia's brutal war has displaced millions, according to aid agencies.",
                     url="https://www.reuters.com/world/")
    assert not [e for e in events if e[0] == "ACCUSE"], events


# -- the venue of a speech -----------------------------------------------------------------------------------------

def test_this_council_is_the_body_the_speech_is_given_in():
    text = ("Remarks at a UN Security Council Briefing on Sudan\n\n"
            "This Council has called for a ceasefire many times. We urge this Council to act now.")
    events = _events(text, url="https://usun.usmission.gov/remarks")
    assert _has(events, "REQUEST", ["USA"], ["UN"]), events


def test_this_house_in_a_parliament_record_is_its_legislature():
    text = "I can tell this House that we have sanctioned the Russian defence minister."
    events = _events(text, url="https://hansard.parliament.uk/commons/2022-03-01/debates/x")
    assert _has(events, "SANCTION", ["GBR"], ["RUS"]), events


# -- when ----------------------------------------------------------------------------------------------------------

def _records(text: str, published: str) -> list[dict]:
    return list(extract_records([{"id": "t", "text": text, "published": published}]))


def test_an_event_dated_after_publication_is_planned():
    [record] = [r for r in _records("The Chinese foreign minister travels to Berlin on 30 June for talks.",
                                    "2022-06-20") if r["event_type"] == "CONSULT"]
    assert (record["status"], record["date"]) == ("planned", "2022-06-30")


def test_a_time_of_an_embedded_clause_does_not_date_the_event():
    records = _records("Britain and China agreed that the Chancellor should visit Beijing next year.", "2024-11-18")
    [agree] = [r for r in records if r["event_type"] == "AGREE"]
    assert (agree["date"], agree["status"]) == ("2024-11-18", "asserted")


def test_a_year_that_modifies_a_noun_does_not_date_the_event():
    records = _records("The United States withdrew from the 2015 accord with Iran.", "2018-05-09")
    assert [r["date"] for r in records if r["event_type"] == "SANCTION"] == ["2018-05-09"]


# -- title-case headlines ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("headline,event_type,sources,targets", [
    ("China Sanctions Several US Lawmakers Over Hong Kong", "SANCTION", ["CHN"], ["USA"]),
    ("Saudi Arabia Cuts Diplomatic Ties With Iran", "SANCTION", ["SAU"], ["IRN"]),
    ("Ukraine Accuses Russia of Shelling Nuclear Plant", "ACCUSE", ["UKR"], ["RUS"]),
])
def test_title_case_headline_is_parsed_in_sentence_case(headline: str, event_type: str, sources: list[str],
                                                         targets: list[str]):
    records = extract_records([{"id": "t", "text": headline + "\n\nThe story follows.", "published": PUBLISHED}])
    found = [r for r in records if r["event_type"] == event_type]
    assert found and sorted(a["code"] for a in found[0]["source"]) == sources, records
    assert sorted(a["code"] for a in found[0]["target"] if a["code"]) == targets
    assert found[0]["evidence"] == headline  # cut from the text as written


@pytest.mark.parametrize(("text", "dyad"), [
    pytest.param("Britain said Iran poses a threat to the region.", (("GBR",), ("IRN",)), id="poses-a-threat"),
    pytest.param("The Security Council said North Korea's actions posed a clear threat to peace.",
                 (("UN",), ("PRK",)), id="deed-poses-a-threat"),
    pytest.param("France said Russia is a danger to Europe.", (("FRA",), ("RUS",)), id="is-a-danger"),
    pytest.param("Britain will stand with Israel against the threat posed by Iran, Prime Minister Keir Starmer said.",
                 (("GBR",), ("IRN",)), id="threat-posed-by"),
])
def test_labelling_someone_a_threat_is_an_accusation(text: str, dyad: tuple) -> None:
    found = {(tuple(a["code"] for a in r["source"]), tuple(a["code"] for a in r["target"]))
             for r in extract_text(text, published="2021-04-24") if r["event_type"] == "ACCUSE"}
    assert dyad in found


@pytest.mark.parametrize("text", [
    pytest.param("Britain said Iran poses no threat to the region.", id="no-threat"),
    pytest.param("Britain said Iran does not pose a threat to the region.", id="negated"),
    pytest.param("Russia issued a threat against Ukraine.", id="a-threat-made"),
])
def test_a_threat_denied_or_made_is_no_label(text: str) -> None:
    assert not [r for r in extract_text(text, published="2021-04-24") if r["event_type"] == "ACCUSE"]


GOV_UK = "https://www.gov.uk/government/news/statement"


@pytest.mark.parametrize(("text", "target"), [
    pytest.param("Belarus detained a Lithuanian journalist. These actions are unacceptable.", "BLR",
                 id="these-actions"),
    pytest.param("Belarus detained a Lithuanian journalist. This is indefensible.", "BLR", id="this"),
    pytest.param("Belarus detained a Lithuanian journalist. Such actions are reckless.", "BLR",
                 id="such-actions"),
])
def test_a_judgement_of_an_act_pointed_back_to_accuses_its_author(text: str, target: str) -> None:
    assert _has(_events(text, url=GOV_UK), "ACCUSE", ["GBR"], [target]), _events(text, url=GOV_UK)


def test_a_judgement_of_something_that_is_no_act_accuses_no_one() -> None:
    text = "Belarus detained a Lithuanian journalist. The weather is unacceptable."
    assert not [e for e in _events(text, url=GOV_UK) if e[0] == "ACCUSE"]


def test_an_act_kept_from_happening_is_no_antecedent() -> None:
    """"prevented women from working with the UN": no work with the UN took place, so it is not what "these
    decisions" judges."""
    text = ("Belarus banned opposition parties and prevented its citizens from working with the OSCE. "
            "These decisions are indefensible.")
    events = _events(text, url=GOV_UK)
    assert _has(events, "ACCUSE", ["GBR"], ["BLR"]), events
    assert not _has(events, "ACCUSE", ["GBR"], ["OSCE"])


def test_an_agentless_warning_in_a_statement_is_its_authors() -> None:
    events = _events("Belarus and all those involved in the crackdown will be held accountable.", url=GOV_UK)
    assert _has(events, "THREATEN", ["GBR"], ["BLR"]), events


def test_an_agentless_accusation_reported_in_a_statement_is_not_its_authors() -> None:
    events = _events("Belarus was accused of detaining journalists.", url=GOV_UK)
    assert not [e for e in events if e[0] == "ACCUSE" and e[1] == ["GBR"]], events
