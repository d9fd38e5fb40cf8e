"""Actor resolution: phrases in general news language, roles by date, titles, user roles files, coreference.

Expectations follow /work/shared/eval/GUIDELINES.md sections 3 and 4. The phrases are not taken from the dev
documents.
"""

from __future__ import annotations

from datetime import date

import pytest

from detente.actors import component, roles
from detente.api import resolve_actor  # README documents it as detente.resolve_actor (see tests/test_api.py)
from detente.nlp.pipeline import load_pipeline
from detente.pipeline.analyse import parsed_docs


@pytest.fixture(scope="session")
def nlp():
    return load_pipeline()


# -- phrases -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("phrase", "code", "sector"),
    [
        ("Chinese officials", "CHN", "GOV"),
        ("British MPs", "GBR", "LEG"),
        ("the Kremlin", "RUS", "GOV"),
        ("Downing Street", "GBR", "GOV"),
        ("Armenian Prime Minister", "ARM", "GOV"),
        ("Mexican authorities", "MEX", "GOV"),
        ("UN Security Council", "UN", "IGO"),
        ("G7 leaders", "G7", "IGO"),
        ("a former White House official", "USA", "ELI"),
        ("Huawei", "CHN", "BUS"),
        ("Amnesty International", None, "NGO"),
        ("Human Rights Watch", None, "NGO"),
        ("Uyghurs", "CHN", "CVL"),
        ("Hong Kong police", "HKG", "COP"),
        ("Russian troops", "RUS", "MIL"),
        ("Syrian rebels", "SYR", "REB"),
        ("Turkish journalists", "TUR", "MED"),
        ("US Congress", "USA", "LEG"),
        ("EU foreign ministers", "EU", "IGO"),
        ("the Taiwanese president", "TWN", "GOV"),
    ],
)
def test_actors_resolve_phrase_code_and_sector(phrase: str, code: str | None, sector: str):
    result = resolve_actor(phrase)
    assert (result.code, result.sector) == (code, sector), result


@pytest.mark.parametrize(
    ("phrase", "code"),
    [
        ("Chile's Defense Department", "CHL"),  # the named state owns the body, not the US (whose seat this is)
        ("TEHRAN", "IRN"),  # all-caps dateline
        ("Beijing", "CHN"),
        ("Washington", "USA"),
        ("China's UK ambassador", "CHN"),  # possessive first: China's envoy, not the UK's
        ("N. Korea", "PRK"),  # headline abbreviations
        ("S. Korean officials", "KOR"),
    ],
)
def test_actors_resolve_phrase_code(phrase: str, code: str):
    assert resolve_actor(phrase).code == code


@pytest.mark.parametrize(
    ("phrase", "code", "sector"),
    [
        ("the Global Times", "CHN", "MED"),
        pytest.param("Xinjiang authorities", "CHN", "GOV"),
        pytest.param("Hong Kong pro-democracy figures", "HKG", "OPP"),
    ],
)
def test_actors_resolve_guideline_examples(phrase: str, code: str, sector: str):
    result = resolve_actor(phrase)
    assert (result.code, result.sector) == (code, sector), result


def test_actors_resolve_owned_seat_does_not_take_the_us_name():
    result = resolve_actor("Chile's Defense Department")
    assert result.code == "CHL"
    assert result.name != "Pentagon"


@pytest.mark.parametrize("phrase", ["activists", "the West", "some politicians"])
def test_actors_resolve_unspecified_actor_has_no_code(phrase: str):
    assert resolve_actor(phrase).code is None


# -- roles by date -----------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("name", "when", "code", "sector"),
    [
        ("Boris Johnson", "2020-05-01", "GBR", "GOV"),
        ("Boris Johnson", "2023-05-01", "GBR", "ELI"),
        ("Angela Merkel", "2017-06-01", "DEU", "GOV"),
        ("Angela Merkel", "2022-06-01", "DEU", "ELI"),
        ("Sergei Lavrov", "2021-04-24", "RUS", "GOV"),
    ],
)
def test_actors_resolve_roles_by_date(name: str, when: str, code: str, sector: str):
    result = resolve_actor(name, date=when)
    assert (result.code, result.sector, result.method) == (code, sector, "roles")
    assert result.name == name


def test_actors_resolve_bare_surname_of_office_holder():
    result = resolve_actor("Macron", date="2021-04-24")
    assert (result.code, result.sector) == ("FRA", "GOV")


# -- titles ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("phrase", "when", "code", "sector", "name", "method"),
    [
        ("UK Foreign Secretary Dominic Raab", "2020-07-20", "GBR", "GOV", "Dominic Raab", "title"),
        ("Daleep Singh, deputy national security adviser to Biden", "2021-04-24", "USA", "GOV", "Daleep Singh",
         "title"),
        ("French President Emmanuel Macron", "2021-04-24", "FRA", "GOV", "Emmanuel Macron", "title"),
        # a title of someone the roles file does not know: the title alone codes the person
        ("Norwegian Foreign Minister Lars Haugland", "2021-04-24", "NOR", "GOV", "Lars Haugland", "title"),
    ],
)
def test_actors_resolve_title(phrase: str, when: str, code: str, sector: str, name: str, method: str):
    result = resolve_actor(phrase, date=when)
    assert (result.code, result.sector, result.name, result.method) == (code, sector, name, method)


# -- a user roles file through DETENTE_ROLES ---------------------------------------------------------------

def _reset_caches() -> None:
    roles.load_roles.cache_clear()
    component._index.cache_clear()


@pytest.fixture
def user_roles(tmp_path, monkeypatch):
    path = tmp_path / "my_roles.csv"
    path.write_text(
        "name,aliases,country,sector,role,start,end\n"
        "Zara Quellington,Z. Quellington,NZL,GOV,Trade Minister,2020-01-01,\n"
        "Tomas Verhoeven,,BEL,LEG,Member of Parliament,2015-06-01,2019-05-26\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("DETENTE_ROLES", str(path))
    _reset_caches()
    yield path
    monkeypatch.delenv("DETENTE_ROLES")
    _reset_caches()


def test_actors_resolve_fictional_person_unknown_without_user_roles(detente_env):
    _reset_caches()
    try:
        assert resolve_actor("Zara Quellington", date="2021-04-24").code is None
    finally:
        _reset_caches()


@pytest.mark.parametrize(
    ("name", "when", "code", "sector"),
    [
        ("Zara Quellington", "2021-04-24", "NZL", "GOV"),
        ("Tomas Verhoeven", "2018-01-10", "BEL", "LEG"),
        ("Tomas Verhoeven", "2021-04-24", "BEL", "ELI"),  # after the last office: a former official
    ],
)
def test_actors_resolve_user_roles_file(user_roles, name: str, when: str, code: str, sector: str):
    result = resolve_actor(name, date=when)
    assert (result.code, result.sector, result.method) == (code, sector, "roles")


def test_actors_resolve_user_roles_alias(user_roles):
    kb = roles.load_roles()
    assert kb.canonical["Z. Quellington"] == "Zara Quellington"
    role, current = kb.lookup("Z. Quellington", date(2021, 4, 24))
    assert (role.code, role.role, current) == ("NZL", "Trade Minister", True)


# -- within-document coreference ---------------------------------------------------------------------------

def _parse(nlp, text: str, published: str):
    """Parse as the pipeline does, keeping the actor state so that single tokens can be asked about."""
    return next(parsed_docs([("coref", text, date.fromisoformat(published))], keep_state=True))


def _resolved(doc, text: str, occurrence: int = 0):
    tokens = [t for t in doc if t.text == text]
    token = tokens[occurrence]
    return doc._.actor_state.resolve(token)


ARTICLE = (
    "Norwegian Foreign Minister Lars Haugland arrived in Nairobi on Monday for two days of talks with Kenyan "
    "officials.\n\n"
    "Mr Haugland met Kenyan President Uhuru Kenyatta on Tuesday. He said the visit would strengthen trade between "
    "the two countries.\n\n"
    "The foreign minister is due to travel on to Ethiopia on Thursday."
)


@pytest.mark.parametrize(
    ("word", "occurrence", "method"),
    [
        ("Haugland", 0, "title"),  # the full name with its title
        ("Haugland", 1, "coreference"),  # "Mr Haugland"
        ("He", 0, "pronoun"),  # the subject of the previous sentence, not the Kenyan object
        ("minister", 0, "coreference"),  # "The foreign minister": the person met with that title
    ],
)
def test_actors_resolve_coreference_chain(nlp, word: str, occurrence: int, method: str):
    doc = _parse(nlp, ARTICLE, "2021-04-24")
    actor = _resolved(doc, word, occurrence)
    assert actor is not None
    assert (actor.code, actor.sector, actor.name, actor.method) == ("NOR", "GOV", "Lars Haugland", method)


def test_actors_resolve_coreference_keeps_the_other_person_apart(nlp):
    doc = _parse(nlp, ARTICLE, "2021-04-24")
    actor = _resolved(doc, "Kenyatta")
    assert (actor.code, actor.name) == ("KEN", "Uhuru Kenyatta")


RAAB = (
    "Dominic Raab held talks with the Japanese foreign minister in London on Thursday.\n\n"
    "The foreign secretary said the two countries shared the same values. Mr Raab added that he would visit Tokyo "
    "in the autumn."
)


@pytest.mark.parametrize("word", ["secretary", "Raab", "he"])
def test_actors_resolve_role_word_names_the_office_holder(nlp, word: str):
    doc = _parse(nlp, RAAB, "2020-07-20")
    actor = _resolved(doc, word, 1 if word == "Raab" else 0)
    assert (actor.code, actor.sector, actor.name) == ("GBR", "GOV", "Dominic Raab")


def test_actors_resolve_role_word_not_a_former_office_holder(nlp):
    """In 2023 Dominic Raab is no longer foreign secretary: "the foreign secretary" is not him."""
    doc = _parse(nlp, RAAB.split("Mr Raab")[0], "2023-07-20")
    assert _resolved(doc, "Raab").sector == "ELI"
    actor = _resolved(doc, "secretary")
    assert actor is None or actor.name != "Dominic Raab"


# -- parties by date, organisations described, coordinated states -------------------------------------------

@pytest.mark.parametrize(
    ("phrase", "when", "code", "sector"),
    [
        ("Labour leader Keir Starmer", "2021-05-10", "GBR", "OPP"),  # Labour in opposition
        ("Labour leader Keir Starmer", "2025-02-01", "GBR", "GOV"),  # the sitting prime minister
        ("Republican leader Mitch McConnell", "2022-03-01", "USA", "OPP"),
        ("senior Chinese Communist party officials", "2019-06-01", "CHN", "GOV"),  # one-party state
        ("Conservative party members", "2019-06-01", "GBR", "PTY"),  # the governing party
        ("Conservative party members", "2025-06-01", "GBR", "OPP"),
        ("Labour MPs", "2021-05-10", "GBR", "LEG"),  # the head noun's own sector stands
        ("hardline elements in the ruling Likud party", "2023-03-01", "ISR", "PTY"),
    ],
)
def test_actors_resolve_party_by_date(phrase: str, when: str, code: str, sector: str):
    result = resolve_actor(phrase, date=when)
    assert (result.code, result.sector) == (code, sector), result


@pytest.mark.parametrize(
    ("phrase", "code", "sector"),
    [
        ("UN human rights experts", "UN", "IGO"),  # an organisation's experts are the organisation
        ("UN rights activists", "UN", "IGO"),
        ("the People\u2019s Republic of China", "CHN", "GOV"),  # curly apostrophe; not the Republic of China
        ("BN(O) passport holders", "HKG", "CVL"),
        ("the Chinese Communist party", "CHN", "PTY"),  # the party itself stays a party
    ],
)
def test_actors_resolve_organisation_and_group_phrases(phrase: str, code: str, sector: str):
    result = resolve_actor(phrase, date="2021-06-01")
    assert (result.code, result.sector) == (code, sector), result


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        # a description of an organisation named before (or, in a lede, just after)
        ("NATO foreign ministers met in Riga. The alliance agreed to raise spending.", "alliance", ("NATO", "IGO")),
        ("The leaders will attend a summit of wealthy democracies in Japan. G7 leaders are expected to agree.",
         "summit", ("G7", "IGO")),
        ("Officials met in Riga. The alliance agreed to raise spending.", "alliance", None),  # nothing named
        # dissidents belong to the state the text is about; bare activists do not
        ("Police in Minsk detained prominent dissidents on Sunday.", "dissidents", ("BLR", "OPP")),
        ("Police in Minsk detained activists on Sunday.", "activists", None),
        # "those responsible" after an accusation are the accused
        ("Canada accused Iran of downing the airliner and said those responsible must face justice.", "those",
         ("IRN", "GOV")),
        # a petition with no author is the public's
        ("A petition calling for an inquiry has gathered 200,000 signatures in Britain.", "petition",
         ("GBR", "CVL")),
        # a stance is not the opposition
        ("Japan reiterated its opposition to the plan.", "opposition", None),
        # the navy of the state that acts, not of the last state named
        ("Japan said it was sending Navy ships to patrol the waters near Taiwan.", "Navy", ("JPN", "MIL")),
        ("The US has been arming Taiwan and sending Navy ships into the Taiwan Strait.", "Navy", ("USA", "MIL")),
    ],
)
def test_actors_resolve_in_context(nlp, text: str, word: str, expected: tuple[str, str] | None):
    doc = _parse(nlp, text, "2021-06-01")
    actor = _resolved(doc, word)
    got = (actor.code, actor.sector) if actor is not None and actor.code else None
    assert got == expected, actor


@pytest.mark.parametrize(
    ("text", "head", "codes"),
    [
        ("Chinese and Russian officials met in Moscow.", "officials", ["CHN", "RUS"]),
        ("US and EU officials imposed sanctions.", "officials", ["USA", "EU"]),
        ("French, German and Italian leaders met in Rome.", "leaders", ["FRA", "DEU", "ITA"]),
        ("China's UK ambassador was summoned.", "ambassador", ["CHN"]),  # not a coordination
    ],
)
def test_actors_resolve_coordinated_modifiers(nlp, text: str, head: str, codes: list[str]):
    doc = _parse(nlp, text, "2021-06-01")
    token = next(t for t in doc if t.text == head)
    actors = doc._.actor_state.resolve_all(token)
    assert [a.code for a in actors] == codes
    assert [a.sector for a in actors if a.code == "EU"] in ([], ["IGO"])


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        ("The Obama administration imposed the sanctions.", "Obama", ("USA", "GOV")),  # former, as a surname
        ("Mr Obama spoke at the event.", "Obama", ("USA", "ELI")),
        ("Pope Francis spoke at the event.", "Francis", None),  # a given name, not a former minister's surname
    ],
)
def test_actors_resolve_former_office_holder_by_surname(nlp, text: str, word: str, expected):
    doc = _parse(nlp, text, "2021-06-01")
    actor = _resolved(doc, word)
    got = (actor.code, actor.sector) if actor is not None and actor.code else None
    assert got == expected, actor


def test_actors_resolve_region_name_inside_a_person_name_is_the_person(nlp):
    doc = _parse(nlp, "Mexican Interior Minister Guerrero said the plan would work.", "2021-06-01")
    actor = _resolved(doc, "Guerrero")
    assert (actor.code, actor.sector, actor.name, actor.method) == ("MEX", "GOV", "Guerrero", "title")


@pytest.mark.parametrize(
    ("word", "occurrence", "code", "name"),
    [
        ("Xi", 0, "CHN", "Xi Jinping"),  # in the headline, before the full name: family name first
        ("Moon", 0, "KOR", "Moon Jae-in"),
        ("Kim", 0, "PRK", "Kim Jong Un"),  # a title parsed across two people: the office on the date wins
    ],
)
def test_actors_resolve_name_part_and_office(nlp, word: str, occurrence: int, code: str, name: str):
    text = ("Xi and Moon agree to boost trade\n\n"
            "Chinese President Xi Jinping and South Korean President Moon Jae-in met in Beijing on Monday.\n\n"
            "US President Donald Trump and North Korean leader Kim Jong Un signed a statement in Hanoi.")
    doc = _parse(nlp, text, "2019-12-23")
    actor = _resolved(doc, word, occurrence)
    assert (actor.code, actor.name) == (code, name), actor


# -- the body a title heads, a modifier's own sector, bodies whose standing changed ------------------------------

@pytest.mark.parametrize(
    ("phrase", "when", "code", "sector"),
    [
        ("speaker of the Knesset", "2022-01-01", "ISR", "LEG"),  # a parliament's officer is LEG (GUIDELINES s.4)
        ("chairman of Gazprom", "2022-01-01", "RUS", "BUS"),
        ("head of the Taliban", "2010-01-01", "AFG", "REB"),  # the body's sector on the date
        ("head of the Taliban", "2023-01-01", "AFG", "GOV"),
        ("leader of the Labour Party", "2021-05-10", "GBR", "OPP"),  # a party by its standing on the date
        ("members of the Chinese Communist Party", "2021-05-10", "CHN", "GOV"),  # a one-party state's party
        ("the Houthi offensive", "2022-01-01", "YEM", "REB"),  # the code from a modifier, with its sector
        ("a Hamas unit", "2022-01-01", "PSE", "REB"),
        ("the Wagner Group's Africa operation", "2022-01-01", "RUS", "MIL"),
        ("the Kremlin's position", "2022-01-01", "RUS", "GOV"),  # a government body leaves the phrase GOV
        ("the Taliban", "1999-01-01", "AFG", "GOV"),  # the Islamic Emirate of 1996-2001
        ("the Taliban", "2010-06-01", "AFG", "REB"),  # the insurgency
        ("the Taliban", "2023-06-01", "AFG", "GOV"),  # after 15 August 2021
        ("Hayat Tahrir al-Sham", "2020-01-01", "SYR", "REB"),
        ("Hayat Tahrir al-Sham", "2025-03-01", "SYR", "GOV"),
        ("Burkina Faso\u2019s army", "2022-01-01", "BFA", "MIL"),  # a state the recogniser took for a person
    ],
)
def test_actors_resolve_body_sectors(phrase: str, when: str, code: str, sector: str):
    result = resolve_actor(phrase, date=when)
    assert (result.code, result.sector) == (code, sector), result


# -- religious and royal titles before a given name ---------------------------------------------------------------

@pytest.mark.parametrize(
    ("phrase", "when"),
    [
        ("Pope Leo", "2025-06-01"),
        ("Pope Leo XIV", "2025-06-01"),
        ("the Pope", "2024-03-01"),  # not IOM's Director General Amy Pope, in office on that date
        ("Pope Francis", "2024-03-01"),  # not Dennis Francis, President of the UN General Assembly on that date
        ("Patriarch Kirill", "2022-01-01"),
    ],
)
def test_actors_resolve_religious_title_names_no_state(phrase: str, when: str):
    result = resolve_actor(phrase, date=when)
    assert (result.code, result.sector) == (None, "REL"), result


def test_actors_resolve_former_monarch_by_title_and_given_name():
    result = resolve_actor("King Juan Carlos", date="2020-01-01")  # abdicated in 2014: a former official
    assert (result.code, result.sector, result.current) == ("ESP", "ELI", False)


# -- shared names: the title, the states in play and the date, else no code and the candidates ------------------

@pytest.mark.parametrize(
    ("phrase", "when", "context", "code"),
    [
        ("King Abdullah", "2020-01-01", None, "JOR"),  # Saudi Arabia's King Abdullah died in 2015
        ("Saudi King Abdullah", "2010-01-01", None, "SAU"),  # the title's state
        ("Jordan's King Abdullah", "2010-01-01", None, "JOR"),
        ("King Abdullah", "2010-01-01", "Protests spread across Jordan on Friday.", "JOR"),  # the state in play
        ("King Abdullah", "2010-01-01", "Oil output rose in Saudi Arabia last month.", "SAU"),
        ("Pedro Sánchez", "2019-06-01", None, "ESP"),  # Colombia's Pedro Sánchez took office in 2025
        ("Pedro Sánchez", "2025-06-01", "The talks were held in Madrid.", "ESP"),
        ("Pedro Sánchez", "2025-06-01", "Colombia's army launched an offensive.", "COL"),
        ("Defence Minister Pedro Sánchez", "2025-06-01", None, "COL"),  # the title names one person's office
        ("Spanish Prime Minister Pedro Sánchez", "2025-06-01", None, "ESP"),
    ],
)
def test_actors_resolve_shared_name_told_apart(phrase: str, when: str, context: str | None, code: str):
    result = resolve_actor(phrase, date=when, context=context)
    assert (result.code, result.candidates) == (code, ()), result
    assert result.office is not None and result.office.code == code


@pytest.mark.parametrize(
    ("phrase", "when", "codes"),
    [
        ("King Abdullah", "2010-01-01", {"SAU", "JOR"}),  # both reigning, nothing else said
        ("Pedro Sánchez", "2025-06-01", {"ESP", "COL"}),  # both in office
    ],
)
def test_actors_resolve_shared_name_left_uncoded_with_candidates(phrase: str, when: str, codes: set[str]):
    result = resolve_actor(phrase, date=when)
    assert (result.code, result.method, result.office) == (None, "ambiguous", None)
    assert {r.code for r in result.candidates} == codes
    assert all(r.role and r.source for r in result.candidates)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # two sitting office holders called Sánchez: the head of government over the minister
        ("Mr Sánchez said on Monday that the talks would continue.", "ESP"),
        # ... unless the document is about the minister's state
        ("Colombia's army launched an offensive. Mr Sánchez said on Monday that the talks would continue.", "COL"),
    ],
)
def test_actors_resolve_shared_surname(nlp, text: str, code: str):
    doc = _parse(nlp, text, "2025-06-01")
    actor = _resolved(doc, "Sánchez")
    assert (actor.code, actor.sector, actor.name) == (code, "GOV", "Pedro Sánchez"), actor


def test_actors_resolve_ambiguous_mention_recorded_with_candidates(nlp):
    doc = _parse(nlp, "Pedro Sánchez said on Monday that the talks would continue.", "2025-06-01")
    mentions = [m for m in doc._.actors if m["text"] == "Pedro Sánchez"]
    assert len(mentions) == 1
    mention = mentions[0]
    assert (mention["code"], mention["method"]) == (None, "ambiguous")
    assert {c["code"] for c in mention["candidates"]} == {"ESP", "COL"}
    assert all(c["role"] and c["start"] for c in mention["candidates"])


# -- the office behind a code: role, dates, source ------------------------------------------------------------------

@pytest.mark.parametrize(
    ("phrase", "when", "code", "sector", "role", "current"),
    [
        ("Kassym-Jomart Tokayev", "2016-01-01", "KAZ", "LEG", "Chairman of the Senate", True),
        ("Kassym-Jomart Tokayev", "2022-01-05", "KAZ", "GOV", "President", True),
        ("President Tokayev", "2022-01-05", "KAZ", "GOV", "President", True),  # a title without a state
        ("Prime Minister Pashinyan", "2022-01-01", "ARM", "GOV", "Prime Minister", True),
        ("Angela Merkel", "2023-01-01", "DEU", "ELI", "Chancellor", False),  # a former office holder
    ],
)
def test_actors_resolve_office_behind_the_code(phrase: str, when: str, code: str, sector: str, role: str,
                                                current: bool):
    result = resolve_actor(phrase, date=when)
    assert (result.code, result.sector, result.current) == (code, sector, current), result
    assert result.office is not None and result.office.role == role
    assert result.office.source and result.office.start is not None
