"""The roles knowledge base: the Phoenix (TABARI) parser and code mapping of scripts/build_roles.py, the loader's
date logic, folding, shared names and user overrides, and spot checks of well-known facts in the bundled table."""

from __future__ import annotations

import importlib.util
import sys
from datetime import date
from pathlib import Path

import pytest

from detente.actors import component, roles
from detente.actors.roles import RolesKB, fold, load_roles

REPO = Path(__file__).resolve().parent.parent


def _script():
    spec = importlib.util.spec_from_file_location("build_roles", REPO / "scripts" / "build_roles.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_roles"] = module
    spec.loader.exec_module(module)
    return module


build = _script()


# -- the TABARI format --------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("030101", date(2003, 1, 1)),
        ("991001", date(1999, 10, 1)),
        ("000101", date(2000, 1, 1)),
        ("300101", date(2030, 1, 1)),  # below 31: this century
        ("310101", date(1931, 1, 1)),
        ("19270101", date(1927, 1, 1)),  # four-digit years for the 1920s
        ("20130804", date(2013, 8, 4)),
        (" 140608", date(2014, 6, 8)),  # a stray space after '>'
        ("1920030320", date(2003, 3, 20)),  # a stray century before a full date
    ],
)
def test_roles_kb_tabari_date(text: str, expected: date):
    assert build.parse_tabari_date(text) == expected


@pytest.mark.parametrize("text", ["9008223", "2004017", "0301", "abcdef"])
def test_roles_kb_tabari_date_malformed(text: str):
    with pytest.raises(ValueError):
        build.parse_tabari_date(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("030101-070131", (date(2003, 1, 1), date(2007, 1, 31))),
        (">940720", (date(1994, 7, 20), None)),
        ("<911216", (None, date(1991, 12, 16))),
        ("", (None, None)),
        ("19280101-710609", (date(1928, 1, 1), date(1971, 6, 9))),
    ],
)
def test_roles_kb_tabari_range(text: str, expected: tuple):
    assert build.parse_tabari_range(text) == expected


SNIPPET = """\
# a comment line
KAZAKHSTAN_  [KAZ]
+ASTANA_
KASYMZHOMART_TOKAYEV_  # CountryInfo.txt
+KASSYM-JOMART_TOKAYEV_
\t[KAZELI 710101-991001]
\t[KAZGOV 030101-070131]
\t[KAZGOV 991001-020128]
\t[KAZELI]
DMITRY_MEDVEDEV_  # CountryInfo.txt
+DMITRIY_MEDVEDEV_
DMITR_MEDVEDEV_  # CountryInfo.txt
\t[RUSGOV >080507]
BROKEN_ENTRY_  # CountryInfo.txt
\t[XYZGOV 9008223-991001]
"""


def test_roles_kb_tabari_entries():
    problems: list[str] = []
    entries = build.parse_tabari(SNIPPET, problems)
    assert [e.name for e in entries] == ["KAZAKHSTAN_", "KASYMZHOMART_TOKAYEV_", "DMITRY_MEDVEDEV_", "BROKEN_ENTRY_"]
    country, tokayev, medvedev, broken = entries
    assert country.codes == [("KAZ", None, None)] and country.aliases == ["ASTANA_"]
    assert tokayev.aliases == ["KASSYM-JOMART_TOKAYEV_"]
    assert tokayev.codes == [("KAZELI", date(1971, 1, 1), date(1999, 10, 1)),
                             ("KAZGOV", date(2003, 1, 1), date(2007, 1, 31)),
                             ("KAZGOV", date(1999, 10, 1), date(2002, 1, 28)),
                             ("KAZELI", None, None)]
    assert "countryinfo" in tokayev.comment.lower()
    # name lines before any code are spellings of one entry, and the codes below are theirs
    assert medvedev.aliases == ["DMITRIY_MEDVEDEV_", "DMITR_MEDVEDEV_"]
    assert medvedev.codes == [("RUSGOV", date(2008, 5, 7), None)]
    assert broken.codes == [] and len(problems) == 1 and "9008223" in problems[0]


@pytest.mark.parametrize(
    ("tabari", "country", "expected"),
    [
        ("KASYMZHOMART_TOKAYEV_", "KAZ", "Kasymzhomart Tokayev"),
        ("BAN_KI-MOON_", "KOR", "Ban Ki-moon"),
        ("JEAN-CLAUDE_JUNCKER", "LUX", "Jean-Claude Juncker"),
        ("ABDUL_RAHMAN_IBN_HAMAD_AL-ATTIYAH_", "QAT", "Abdul Rahman ibn Hamad al-Attiyah"),
        ("JOHN_MCCAIN", "USA", "John McCain"),
        ("URSULA_VON_DER_LEYEN", "DEU", "Ursula von der Leyen"),
        ("A.N.R._ROBINSON", "TTO", "A.N.R. Robinson"),
        ("ABDULLAH_II", "JOR", "Abdullah II"),
    ],
)
def test_roles_kb_display_name(tabari: str, country: str, expected: str):
    assert build.display_name(tabari, country) == expected


@pytest.fixture(scope="module")
def code_table():
    countries = {row["code"].strip() for row in build.read_tsv(build.DATA / "gazetteer" / "countries.tsv")}
    return build.load_code_table(build.KB_DIR / "cameo_codes.tsv", countries)


@pytest.mark.parametrize(
    ("cameo", "expected"),
    [
        ("KAZGOV", ("KAZ", "GOV")),
        ("BLRGOV", ("BLR", "GOV")),
        ("USAGOVMIL", ("USA", "GOV")),  # a defence minister is GOV (GUIDELINES s.4)
        ("USAGOVBUS", ("USA", "GOV")),
        ("USAGOVLEG", ("USA", "LEG")),
        ("USASPY", ("USA", "SPY")),
        ("KSVGOV", ("XKX", "GOV")),  # CAMEO's Kosovo code
        ("TMPGOV", ("TLS", "GOV")),
        ("GBRVGBGOV", ("VGB", "GOV")),  # a territory after the state
        ("IGOUNO", ("UN", "IGO")),
        ("IGOUNOIAE", ("IAEA", "IGO")),  # the longest organisation prefix wins
        ("IGOWSTNAT", ("NATO", "IGO")),
        ("SYRREBMUS", ("SYR", "REB")),
        ("KAZELI", ("KAZ", "ELI")),
        ("KAZGOVAGR", None),  # a minor portfolio: not kept
        ("USRKAZ", None),  # the Soviet Union
        ("KAZ", None),  # the state itself is not a person
        ("NGOHRI", None),
    ],
)
def test_roles_kb_cameo_codes(code_table, cameo: str, expected):
    mapped = build.map_code(cameo, code_table)
    assert (mapped[:2] if mapped else None) == expected


def test_roles_kb_phoenix_people_date_logic(code_table):
    text = ("KASYMZHOMART_TOKAYEV_  # CountryInfo.txt\n+KASSYM-JOMART_TOKAYEV_\n\t[KAZELI 710101-991001]\n"
            "\t[KAZGOV 991001-020128]\n\t[KAZGOV >070110]\n\t[KAZELI]\n"
            "ASKAR_MAMIN_  # CountryInfo.txt\n\t[KAZGOVAGR 050901-060131]\n")
    entries = build.parse_tabari(text)
    people = build.phoenix_people(entries, code_table, {"KAZ": date(2010, 4, 1)})
    assert [p.name for p in people] == ["Kasymzhomart Tokayev"]  # an agriculture minister only: left out
    tokayev = people[0]
    assert tokayev.aliases == {"Kassym-Jomart Tokayev"}
    # ELI before and after the offices is dropped; an open range ends when the state's data was last updated
    assert [(o.code, o.sector, o.start, o.end) for o in tokayev.offices] == [
        ("KAZ", "GOV", date(1999, 10, 1), date(2002, 1, 28)), ("KAZ", "GOV", date(2007, 1, 10), date(2010, 4, 1))]


def test_roles_kb_merge_and_trim():
    phoenix = build.Person("Vladimir Putin", {"Vladimir Vladimirovich Putin"},
                           [build.Office("RUS", "GOV", "government official", date(2008, 5, 8), date(2013, 1, 1),
                                         "Phoenix", 2)], "RUS")
    curated = build.Person("Vladimir Putin", set(),
                           [build.Office("RUS", "GOV", "President", date(2012, 5, 7), None, "roles.csv", 0)], "RUS")
    other = build.Person("Vladimir Putin", set(),  # the same name in another state: another person
                         [build.Office("XYZ", "GOV", "Mayor", date(2010, 1, 1), None, "test", 1)], "XYZ")
    merged = build.merge_people([phoenix, curated, other], {"UN"})
    assert len(merged) == 2
    putin = next(p for p in merged if p.home == "RUS")
    assert putin.aliases == {"Vladimir Vladimirovich Putin"}
    # the Phoenix office keeps only the years the better source does not cover
    assert [(o.role, o.start, o.end) for o in putin.offices] == [
        ("government official", date(2008, 5, 8), date(2012, 5, 7)), ("President", date(2012, 5, 7), None)]


FIXTURE_KB = REPO / "tests" / "data" / "kb"  # hand-made TABARI files with fictional people


def test_roles_kb_build_from_tabari_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    """The whole build on small hand-made Phoenix files: deterministic, people with their mapped offices (an open
    office ends when the file last saw its state), and --check tells a current table from a stale one."""
    first, stats = build.build(FIXTURE_KB)
    assert build.build(FIXTURE_KB)[0] == first
    assert stats["Phoenix.Countries.actors.txt people"] == 2  # the armed forces entry is not a person
    assert stats["Phoenix.International.actors.txt people"] == 1
    rows = {cells[1]: cells[2:8] for cells in (line.split("\t") for line in first.splitlines()[1:])
            if cells[8] == "Phoenix" and cells[1] in ("Tomas Testman", "Maria Fixtura", "Jane Exemplar")}
    assert rows == {
        "Tomas Testman": ["T. Testman", "EST", "GOV", "government official", "2010-01-01", "2012-01-01"],
        "Maria Fixtura": ["", "LTU", "GOV", "government official", "2015-03-01", "2015-03-02"],
        "Jane Exemplar": ["", "UN", "IGO", "UN official", "1997-01-01", "2006-12-31"],
    }
    out = tmp_path / "roles.tsv"
    assert build.main(["--kb", str(FIXTURE_KB), "--out", str(out)]) == 0
    assert out.read_text("utf-8") == first
    assert build.main(["--kb", str(FIXTURE_KB), "--out", str(out), "--check"]) == 0
    out.write_text(first.replace("Tomas Testman", "Tomas Tester"), "utf-8")
    assert build.main(["--kb", str(FIXTURE_KB), "--out", str(out), "--check"]) == 1
    assert "out of date" in capsys.readouterr().err


def test_roles_kb_committed_table_is_current(phoenix_kb: Path):
    """src/detente/data/kb/roles.tsv is what the script builds from the real Phoenix dictionaries."""
    assert build.main(["--kb", str(phoenix_kb), "--check"]) == 0, "roles.tsv is out of date: run scripts/build_roles.py"


# -- the loader -----------------------------------------------------------------------------------------------------

TABLE = (
    "pid\tname\taliases\tcountry\tsector\trole\tstart\tend\tsource\n"
    "p1\tGitanas Nausėda\t\tLTU\tGOV\tPresident\t2019-07-12\t\ttest\n"
    "p2\tAhmed Ali\t\tEGY\tGOV\tFinance Minister\t2010-01-01\t2012-01-01\ttest\n"
    "p3\tAhmed Ali\t\tSOM\tGOV\tForeign Minister\t2015-01-01\t2017-01-01\ttest\n"
    "p4\tTomas Example\tT. Example|Tomas Exampel\tEST\tGOV\tForeign Minister\t2010-01-01\t2012-01-01\ttest\n"
    "p4\tTomas Example\t\tEST\tGOV\tPrime Minister\t2014-01-01\t2016-01-01\ttest\n"
)


@pytest.fixture
def kb() -> RolesKB:
    kb = RolesKB()
    kb.add_table(TABLE)
    return kb


@pytest.mark.parametrize(
    ("name", "when", "role", "current"),
    [
        ("Tomas Example", date(2011, 6, 1), "Foreign Minister", True),
        ("Tomas Example", date(2013, 1, 1), "Foreign Minister", False),  # between offices: former
        ("Tomas Example", date(2015, 1, 1), "Prime Minister", True),
        ("Tomas Example", date(2016, 1, 1), "Prime Minister", False),  # the end date is exclusive
        ("Tomas Example", date(2020, 1, 1), "Prime Minister", False),  # after the last office: former (ELI)
        ("Tomas Example", date(2005, 1, 1), "Foreign Minister", False),  # before the first office
        ("T. Example", date(2015, 1, 1), "Prime Minister", True),  # an alias on the person's first row
        ("Tomas Exampel", date(2011, 1, 1), "Foreign Minister", True),
    ],
)
def test_roles_kb_lookup_by_date(kb: RolesKB, name: str, when: date, role: str, current: bool):
    found, is_current = kb.lookup(name, when)
    assert (found.role, is_current) == (role, current)
    assert kb.canonical[name] == "Tomas Example"


@pytest.mark.parametrize(("name", "folded"), [("Nausėda", "Nauseda"), ("Støre", "Store"), ("Khürelsükh", "Khurelsukh"),
                                               ("Łukasz", "Lukasz"), ("Erdoğan", "Erdogan"), ("Plain", "Plain")])
def test_roles_kb_fold(name: str, folded: str):
    assert fold(name) == folded


def test_roles_kb_folded_names_match(kb: RolesKB):
    assert "Gitanas Nauseda" in kb.by_name  # in the phrase list too, so that the matcher finds it
    assert kb.canonical["Gitanas Nauseda"] == "Gitanas Nausėda"
    role, current = kb.lookup("Gitanas Nauseda", date(2020, 1, 1))
    assert (role.code, role.name, current) == ("LTU", "Gitanas Nausėda", True)
    assert kb.lookup("Nobody Known", date(2020, 1, 1)) is None


def test_roles_kb_shared_names(kb: RolesKB):
    people = kb.candidates("Ahmed Ali")
    assert [[r.code for r in p] for p in people] == [["EGY"], ["SOM"]]
    assert people[0][0].person != people[1][0].person
    assert kb.lookup("Ahmed Ali", date(2016, 1, 1))[0].code == "SOM"  # the one in office on the date
    assert kb.candidates("Nobody Known") == []


def test_roles_kb_for_country(kb: RolesKB):
    assert [(r.name, r.role) for r in kb.for_country("EST")] == [("Tomas Example", "Foreign Minister"),
                                                                  ("Tomas Example", "Prime Minister")]


def test_roles_kb_user_csv_overrides(kb: RolesKB):
    kb.add_csv("name,aliases,country,sector,role,start,end\n"
               "Tomas Example,,EST,LEG,Speaker,2016-01-01,\n"
               "Zara Quellington,Z. Quellington,NZL,GOV,Trade Minister,2020-01-01,\n", source="mine.csv")
    # the user's rows replace what the bundled table knew about that person, under all of their names
    assert [r.role for r in kb.by_name["Tomas Example"]] == ["Speaker"]
    assert "T. Example" not in kb.by_name
    role, current = kb.lookup("Tomas Example", date(2011, 6, 1))
    assert (role.role, role.sector, current, role.source) == ("Speaker", "LEG", False, "mine.csv")
    role, current = kb.lookup("Z. Quellington", date(2021, 4, 24))
    assert (role.code, role.role, current) == ("NZL", "Trade Minister", True)
    assert kb.canonical["Z. Quellington"] == "Zara Quellington"


@pytest.fixture
def user_roles_file(tmp_path, monkeypatch):
    path = tmp_path / "roles.csv"
    path.write_text("name,aliases,country,sector,role,start,end\n"
                    "Kassym-Jomart Tokayev,,KAZ,GOV,Test Office,2030-01-01,\n", encoding="utf-8")
    monkeypatch.setenv("DETENTE_ROLES", str(path))
    roles.load_roles.cache_clear()
    component._index.cache_clear()
    yield path
    monkeypatch.delenv("DETENTE_ROLES")
    roles.load_roles.cache_clear()
    component._index.cache_clear()


def test_roles_kb_detente_roles_setting_overrides(user_roles_file):
    kb = load_roles()
    assert [r.role for r in kb.by_name["Kassym-Jomart Tokayev"]] == ["Test Office"]
    assert kb.lookup("Kassym-Jomart Tokayev", date(2031, 1, 1))[0].source == str(user_roles_file)


# -- the bundled table ----------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def bundled() -> RolesKB:
    return load_roles("")


@pytest.mark.parametrize(
    ("name", "when", "code", "sector", "current"),
    [
        ("Kassym-Jomart Tokayev", date(2019, 3, 20), "KAZ", "GOV", True),
        ("Kassym-Jomart Tokayev", date(2016, 1, 1), "KAZ", "LEG", True),  # chairman of the Senate before
        ("Kassym-Jomart Tokaev", date(2024, 1, 1), "KAZ", "GOV", True),
        ("Nikol Pashinyan", date(2018, 5, 8), "ARM", "GOV", True),
        ("Nikol Pashinyan", date(2018, 5, 7), "ARM", "GOV", False),  # not yet prime minister
        ("Alexander Lukashenko", date(2001, 1, 1), "BLR", "GOV", True),
        ("Alyaksandr Lukashenka", date(2021, 1, 1), "BLR", "GOV", True),
        ("Gitanas Nauseda", date(2019, 7, 12), "LTU", "GOV", True),
        ("Gitanas Nausėda", date(2019, 7, 11), "LTU", "GOV", False),
        ("Ukhnaagiin Khurelsukh", date(2022, 1, 1), "MNG", "GOV", True),
        ("Ukhnaagiin Khürelsükh", date(2022, 1, 1), "MNG", "GOV", True),
        ("Ibrahim Mohamed Solih", date(2022, 5, 1), "MDV", "GOV", True),
        ("Boyko Borisov", date(2020, 1, 1), "BGR", "GOV", True),
        ("Boyko Borisov", date(2022, 4, 12), "BGR", "GOV", False),
        ("Mohammed Hussein Roble", date(2022, 3, 1), "SOM", "GOV", True),
        ("Vladimir Putin", date(2009, 1, 1), "RUS", "GOV", True),  # prime minister 2008-2012
        ("Vladimir Putin", date(1999, 1, 1), "RUS", "SPY", True),  # director of the FSB
        ("Angela Merkel", date(2022, 6, 1), "DEU", "GOV", False),
        ("Hashim Thaci", date(2011, 12, 1), "XKX", "GOV", True),
        ("António Guterres", date(2020, 1, 1), "UN", "IGO", True),
        ("Mark Rutte", date(2025, 1, 1), "NATO", "IGO", True),
        ("Mark Rutte", date(2020, 1, 1), "NLD", "GOV", True),
        ("Kaja Kallas", date(2022, 1, 1), "EST", "GOV", True),
    ],
)
def test_roles_kb_bundled_facts(bundled: RolesKB, name: str, when: date, code: str, sector: str, current: bool):
    role, is_current = bundled.lookup(name, when)
    assert (role.code, role.sector, is_current) == (code, sector, current)


def test_roles_kb_bundled_sources_and_size(bundled: RolesKB):
    roles_seen = {r for rs in bundled.by_name.values() for r in rs}
    sources = {r.source for r in roles_seen}
    assert {"Phoenix", "roles.csv"} <= sources
    assert any(s.startswith("Wikipedia: ") for s in sources)
    assert len(roles_seen) > 15000
    # every state of the UN, and Taiwan, Kosovo and Palestine, has a head of state or government
    heads = {r.code for r in roles_seen if r.role in ("President", "Prime Minister", "King", "Emir", "Sultan")}
    assert {"TWN", "XKX", "PSE", "KAZ", "ARM", "MNG", "TUV", "NRU"} <= heads


def test_roles_kb_bundled_old_roles_csv_kept(bundled: RolesKB):
    """The hand-made roles.csv still wins where it has the office (its role text and dates)."""
    role, current = bundled.lookup("Sergei Lavrov", date(2021, 4, 24))
    assert (role.code, role.role, role.source, current) == ("RUS", "Foreign Minister", "roles.csv", True)


def test_roles_kb_bundled_heads_of_state_every_quarter():
    """Every state has a head of state or government in every quarter 2014 - March 2026 (San Marino's six-monthly
    Captains Regent are not listed; Madagascar had three days without one in October 2025)."""
    report = build.coverage(build.OUTPUT.read_text("utf-8"), date(2026, 3, 1))
    missing_heads = {line.split()[0] for line in report if "head of state" in line}
    assert missing_heads <= {"SMR", "MDG"}


# -- telling people of one name apart ------------------------------------------------------------------------------

SHARED = (
    "pid\tname\taliases\tcountry\tsector\trole\tstart\tend\tsource\n"
    "s1\tNadia Holm\t\tDNK\tGOV\tDefence Minister\t2015-01-01\t2019-01-01\ttest\n"
    "s2\tNadia Holm\t\tNOR\tGOV\tPrime Minister\t2016-01-01\t\ttest\n"
    "s3\tOmar Saleh\t\tJOR\tGOV\tFinance Minister\t2008-01-01\t2010-01-01\ttest\n"
    "s4\tOmar Saleh\t\tTUN\tGOV\tInterior Minister\t2009-01-01\t2011-01-01\ttest\n"
    "s5\tLi Wei\t\tCHN\tGOV\tgovernment official\t2000-01-01\t2005-01-01\tPhoenix\n"
    "s6\tLi Wei\t\tCHN\tGOV\tgovernment official\t2006-01-01\t2008-01-01\tPhoenix\n"
)


@pytest.fixture
def shared() -> RolesKB:
    kb = RolesKB()
    kb.add_table(SHARED)
    return kb


@pytest.mark.parametrize(
    ("name", "when", "states", "title", "code", "current"),
    [
        ("Nadia Holm", date(2020, 1, 1), (), "", "NOR", True),  # the one in office on the date
        ("Nadia Holm", date(2017, 1, 1), ("NOR",), "", "NOR", True),  # both in office: the state in play
        ("Nadia Holm", date(2017, 1, 1), ("SWE", "DNK"), "", "DNK", True),
        ("Nadia Holm", date(2017, 1, 1), (), "Danish defense minister", "DNK", True),  # the title names the office
        ("Nadia Holm", date(2017, 1, 1), ("DNK",), "prime minister", "NOR", True),  # the title before the states
        ("Omar Saleh", date(2012, 1, 1), ("TUN",), "", "TUN", False),  # both former: the state in play
        ("Li Wei", date(2010, 1, 1), (), "", "CHN", False),  # two entries coded alike: no ambiguity
        ("Tomas Example", date(2015, 1, 1), (), "", "EST", True),  # one person
    ],
)
def test_roles_kb_resolve_tells_people_apart(shared: RolesKB, kb: RolesKB, name: str, when: date, states: tuple,
                                             title: str, code: str, current: bool):
    match = (shared if name != "Tomas Example" else kb).resolve(name, when, states, title)
    assert match is not None and not match.ambiguous
    assert (match.role.code, match.current) == (code, current)


@pytest.mark.parametrize(
    ("name", "when", "states"),
    [
        ("Nadia Holm", date(2017, 1, 1), ()),  # both in office, nothing else said
        ("Nadia Holm", date(2017, 1, 1), ("FIN",)),  # a state in play that is neither's
        ("Nadia Holm", date(2014, 1, 1), ()),  # neither in office yet
        ("Omar Saleh", date(2012, 1, 1), ()),  # both former
    ],
)
def test_roles_kb_resolve_ambiguous_gives_candidates(shared: RolesKB, name: str, when: date, states: tuple):
    match = shared.resolve(name, when, states)
    assert match is not None and match.ambiguous and match.role is None
    assert len({r.code for r in match.candidates}) == 2
    assert len({r.person for r in match.candidates}) == 2


def test_roles_kb_resolve_unknown_name(shared: RolesKB):
    assert shared.resolve("Nobody Known", date(2020, 1, 1)) is None


@pytest.mark.parametrize(
    ("role", "rank"),
    [("President", 2), ("Prime Minister", 2), ("Acting President", 2), ("Caretaker Prime Minister", 2),
     ("King", 2), ("Secretary-General", 2), ("Foreign Minister", 1), ("President of the UN General Assembly", 1),
     ("Central Bank Governor", 1), ("government official", 0), ("economic official (finance, trade, central bank)", 0)],
)
def test_roles_kb_head_rank(role: str, rank: int):
    assert roles.head_rank(roles.Role("X", "XYZ", "GOV", role, None, None)) == rank


def test_roles_kb_role_record():
    record = roles.role_record(roles.Role("Nadia Holm", "NOR", "GOV", "Prime Minister", date(2016, 1, 1), None, "t"))
    assert record == {"name": "Nadia Holm", "code": "NOR", "sector": "GOV", "role": "Prime Minister",
                      "start": "2016-01-01", "end": None, "source": "t"}


def test_roles_kb_same_person_in_two_states_merged():
    def person(code: str, start: int) -> build.Person:
        return build.Person("Salva Kiir", set(), [build.Office(code, "GOV", "President", date(start, 1, 1), None,
                                                               "test", 1)], code)

    assert len(build.merge_people([person("SDN", 2005), person("SSD", 2011)], set())) == 2  # kept apart
    same = {build.name_key("Salva Kiir"): {"SDN", "SSD"}}
    merged = build.merge_people([person("SDN", 2005), person("SSD", 2011), person("KEN", 2012)], set(), same)
    assert sorted(sorted(p.codes()) for p in merged) == [["KEN"], ["SDN", "SSD"]]  # a state not listed: another


def test_roles_kb_bundled_shared_names_kept_apart_and_merged(bundled: RolesKB):
    assert len(bundled.candidates("Pedro Sánchez")) == 2  # Spain's prime minister, Colombia's defence minister
    assert len(bundled.candidates("Abdoulaye Diop")) == 2  # Mali's foreign minister, Senegal's economy minister
    assert len(bundled.candidates("Salva Kiir")) == 1  # Sudan, then South Sudan: one person
    assert len(bundled.candidates("Mark Carney")) == 1


def test_roles_kb_dated_body_sectors():
    from detente.actors.gazetteer import load_gazetteer

    gazetteer = load_gazetteer()
    assert gazetteer.sector_on("Taliban", date(2010, 1, 1)) == "REB"
    assert gazetteer.sector_on("Taliban", date(2021, 8, 15)) == "GOV"  # the start is inclusive
    assert gazetteer.sector_on("Taliban", date(2021, 8, 14)) == "REB"
    assert gazetteer.sector_on("Hayat Tahrir al-Sham", date(2025, 1, 1)) == "GOV"
    assert gazetteer.sector_on("Knesset", date(2020, 1, 1)) is None  # not dated: its seats.tsv sector stands
    seats = {entry.name for entry in gazetteer.names.values() if entry.kind in ("seat", "group", "org")}
    assert set(gazetteer.sector_periods) <= seats  # each dated body is the first phrase of its seats.tsv row


# -- the actor index's phrase table --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def nlp():
    from detente.nlp.pipeline import load_pipeline

    return load_pipeline()


def test_roles_kb_index_tokens_agree_with_the_tokenizer(nlp):
    """The cheap split of plain names gives exactly the tokenizer's tokens, for every phrase of the bundled data."""
    from detente.actors.index import ActorIndex, pattern_tokens

    phrases = list(ActorIndex(nlp).entries)
    assert len(phrases) > 20_000
    assert pattern_tokens(nlp, phrases) == [[t.text for t in doc] for doc in nlp.tokenizer.pipe(phrases)]


@pytest.mark.parametrize(
    "text",
    [
        "Kassym-Jomart Tokayev met Vladimir Putin in Moscow on Monday.",
        "The U.S. Congress and the Taliban; Gitanas Nauseda, Gitanas Nausėda and Mr Abdullah II.",
        "",
        "Putin Putin Putin.",
    ],
)
def test_roles_kb_index_finds_what_spacy_phrase_matcher_finds(nlp, text: str):
    from spacy.matcher import PhraseMatcher

    from detente.actors.index import PhraseTable

    phrases = ["Vladimir Putin", "Putin", "Kassym-Jomart Tokayev", "Tokayev", "U.S. Congress", "Congress",
               "Taliban", "Gitanas Nausėda", "Gitanas Nauseda", "Nauseda", "Abdullah II", "Mr Abdullah", "Moscow"]
    matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
    matcher.add("x", list(nlp.tokenizer.pipe(phrases)))
    doc = nlp.make_doc(text)
    assert sorted(PhraseTable(nlp, phrases)(doc)) == sorted((start, end) for _, start, end in matcher(doc))
