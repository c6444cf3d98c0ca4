"""The DPIA report in French and German: the legal terms, no English heading, translated rules, dates and
numbers in the locale's format, identical bytes on a re-run, `verify`; the catalogs are complete."""

from __future__ import annotations

import datetime
import html
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from babel.messages import pofile

from compliance import catalog, resources
from compliance.commands.report import prepare
from compliance.config import load_config, report_language
from compliance.errors import InputProblems
from compliance.findings import Result
from compliance.report import context, from_run, i18n, integrity, make_report
from compliance.report.pdf import ReportError, environment, render_html
from compliance.resources import LANGUAGES
from compliance.runner import RunOptions, execute, run_check
from tests.conftest import AS_OF, SAMPLES
from tests.test_report import cli, flat, pdf_text

TRANSLATED = ("fr", "de")
# The name of a DPIA in each language's official version of the GDPR (Art. 35).
LEGAL_TERM = {"fr": "Analyse d'impact relative à la protection des données", "de": "Datenschutz-Folgenabschätzung"}
ENGINE = {"engine": "embedded", "opa_urls": (), "opa_token_env": "COMPLIANCE_OPA_TOKEN", "opa_ca": None,
          "opa_insecure": False}
_HEADING = re.compile(r"<h([1-3])\b[^>]*>(.*?)</h\1>", re.S)


@dataclass(frozen=True)
class Made:
    lang: str
    sample: Path
    pdf: Path
    text: str
    result: Result


def _options(sample: Path, lang: str | None) -> tuple[RunOptions, dict[str, object]]:
    return prepare((str(sample),), None, (), (), (), datetime.date.fromisoformat(AS_OF), True, None, lang, **ENGINE)


@pytest.fixture(scope="module", params=TRANSLATED)
def made(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Made]:
    """samples/mci reported on once per language (rendering is the slow part)."""
    root = tmp_path_factory.mktemp(f"report-{request.param}")
    sample = root / "mci"
    shutil.copytree(SAMPLES / "mci", sample)
    pdf = root / "r.pdf"
    assert cli("report", str(sample), "--lang", request.param, "-o", str(pdf), "--as-of", AS_OF, "-q") == 0
    result = run_check(RunOptions(paths=(str(sample),), as_of=datetime.date.fromisoformat(AS_OF)))
    yield Made(request.param, sample, pdf, flat(pdf_text(pdf)), result)


def english_headings(sample: Path) -> set[str]:
    """The h1-h3 headings of the English report of `sample` (its HTML only), less the input's own names."""
    options, recorded = _options(sample, "en")
    data = from_run(execute(options), recorded)
    page = context.build(data, generated="2026-01-01T00:00:00Z", findings_digest="", attachments=[])
    names = [str(p["name"]) for p in page["programs"]]
    found = set()
    for _level, inner in _HEADING.findall(render_html(page)):
        heading = flat(html.unescape(re.sub(r"<[^>]+>", " ", inner))).strip()
        if heading and not any(name in heading for name in names):
            found.add(heading)
    return found


def test_the_pdf_names_the_dpia_by_its_legal_term_and_holds_every_rule_id(made: Made) -> None:
    assert LEGAL_TERM[made.lang] in made.text
    rules = {finding.rule for finding in made.result.findings}
    assert rules, "samples/mci has findings"
    assert [rule for rule in sorted(rules) if rule not in made.text] == []


def test_no_english_heading_is_left(made: Made) -> None:
    headings = english_headings(made.sample)
    # The template's own headings: the sections, the annexes and the risk and storage subsections.
    assert {"Summary", "Contents", "Verdict", "0 Control sheet", "Annex E Inputs, digests and attachments",
            "4.2 Risk register", "Who can read what", "6.5 Approval"} <= headings
    # As words: the German "4.1 Methode" does not hold the English "4.1 Method".
    left = [h for h in headings if re.search(rf"(?<!\w){re.escape(h)}(?!\w)", made.text)]
    assert sorted(left) == []


def test_each_rule_of_the_findings_has_its_translated_title(made: Made) -> None:
    texts = catalog.translations(catalog.rules(catalog.build_bundle(catalog.policy_files(), {})).values())
    rules = sorted({finding.rule for finding in made.result.findings})
    missing = [rule for rule in rules if flat(texts[rule][made.lang]["title"]) not in made.text]
    assert missing == []


def test_dates_and_numbers_are_in_the_locale_format(made: Made) -> None:
    day = datetime.date.fromisoformat(AS_OF)
    # The as-of date on the cover and in every page's footer.
    expected = {"fr": f"Au {day.day} novembre {day.year}", "de": f"Stand {day.day}. November {day.year}"}[made.lang]
    assert made.text.count(expected) > 10
    # Thousands grouped the locale's way: the sample's 14,551,502,000 rows of personal data.
    assert {"fr": "14 551 502 000", "de": "14.551.502.000"}[made.lang] in made.text  # flat(): a space
    assert "14,551,502,000" not in made.text and "\\u202f" not in made.text


def test_a_rerun_gives_identical_bytes(made: Made) -> None:
    options, recorded = _options(made.sample, made.lang)
    again = make_report(from_run(execute(options), recorded, lang=made.lang))
    assert again.pdf == made.pdf.read_bytes()


def test_verify_passes_and_the_manifest_records_the_language(made: Made, capsys: pytest.CaptureFixture[str]) -> None:
    manifest, _files = integrity.read_manifest(made.pdf.read_bytes(), str(made.pdf))
    assert manifest["run_options"]["lang"] == made.lang
    assert cli("verify", str(made.pdf), str(made.sample)) == 0
    assert "OK: the report matches its inputs, rules and findings" in capsys.readouterr().out


def _catalog(lang: str) -> pofile.Catalog:
    with i18n.po_path(lang).open("rb") as source:
        return pofile.read_po(source, locale=lang)


@pytest.mark.parametrize("lang", TRANSLATED)
def test_the_catalog_translates_every_message_of_the_templates(lang: str) -> None:
    wanted = i18n.template_messages()
    assert len(wanted) > 300  # the extractor found the templates' wording
    po = _catalog(lang)
    translated = {message.id: message for message in po if message.id}
    assert sorted(map(str, set(wanted) - set(translated))) == []
    assert sorted(map(str, set(translated) - set(wanted))) == []  # nothing stale left behind
    empty = [message.id for message in translated.values()
             if message.fuzzy or not all(message.string if isinstance(message.string, tuple) else [message.string])]
    assert empty == []
    # Babel's checks: placeholders and plural forms agree with the msgid.
    assert [(message.id, [str(e) for e in errors]) for message, errors in po.check()] == []


@pytest.mark.parametrize("lang", TRANSLATED)
def test_the_legal_terms_follow_the_official_language_version(lang: str) -> None:
    translated = i18n.translations(lang)
    assert translated.gettext("Data protection impact assessment") == LEGAL_TERM[lang]
    official = {"fr": {"Controller": "Responsable du traitement", "Processor": "Sous-traitant",
                       "Data protection officer": "Délégué à la protection des données",
                       "Data subjects": "Personnes concernées"},
                "de": {"Controller": "Verantwortlicher", "Processor": "Auftragsverarbeiter",
                       "Data protection officer": "Datenschutzbeauftragter",
                       "Data subjects": "Betroffene Personen"}}[lang]
    assert {english: translated.gettext(english) for english in official} == official


def test_every_shipped_rule_has_title_and_recommended_action_in_every_language() -> None:
    rules = catalog.rules(catalog.build_bundle(catalog.policy_files(), {}))
    texts = catalog.translations(rules.values())
    entries = catalog.entries(rules.values())
    assert len(entries) == 74
    problems = []
    for meta in entries:
        if not (meta.title.strip() and meta.recommended_action.strip()):
            problems.append(f"{meta.id}: en")
        for lang in TRANSLATED:
            found = texts.get(meta.id, {}).get(lang, {})
            if not all(found.get(name) for name in catalog.TRANSLATED_FIELDS):
                problems.append(f"{meta.id}: {lang}")
            elif found["title"] == meta.title or found["recommended_action"] == meta.recommended_action:
                problems.append(f"{meta.id}: {lang} is the English text")
    assert problems == []


def test_every_translation_file_sits_beside_a_rule_and_holds_only_the_report_languages() -> None:
    rules = catalog.rules(catalog.build_bundle(catalog.policy_files(), {}))
    owners = {catalog.translation_path(meta.metadata_path) for meta in catalog.entries(rules.values())}
    files = catalog.translation_files()
    assert sorted(set(files) - owners) == []  # no orphan: each sits beside the file holding an id's METADATA
    assert all(set(catalog.read_translations(file)) == set(TRANSLATED) for file in files.values())


def test_a_bad_translation_file_is_a_policy_error_naming_it(tmp_path: Path) -> None:
    bad = tmp_path / "x.i18n.yaml"
    bad.write_text("fr:\n  title: Titre\n", encoding="utf-8")
    with pytest.raises(catalog.PolicyError, match=r"x\.i18n\.yaml: bad translation file: fr needs"):
        catalog.read_translations(bad)


def test_numbers_and_dates_per_locale() -> None:
    assert [i18n.number(1234567, lang) for lang in LANGUAGES] == ["1,234,567", "1\u202f234\u202f567", "1.234.567"]
    assert [i18n.number(0.25, lang) for lang in LANGUAGES] == ["0.2", "0,2", "0,2"]
    assert [i18n.percent(0.125, lang) for lang in LANGUAGES] == ["12.5 %", "12,5\u00a0%", "12,5\u00a0%"]
    assert [i18n.date("2026-06-01", lang) for lang in LANGUAGES] == ["2026-06-01", "1 juin 2026", "1. Juni 2026"]
    assert i18n.date("2026-06-01T00:00:00Z", "de") == "1. Juni 2026"
    assert [i18n.date(value, "fr") for value in ("not a date", "2026-13-01", "2026-06-01 and more", 3)] == [
        "not a date", "2026-13-01", "2026-06-01 and more", 3]
    assert [i18n.number(value, "de") for value in (None, True)] == ["\u2013", "\u2013"]


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(ReportError, match="report language 'es'"):
        environment("es")
    assert cli("report", str(SAMPLES / "mci"), "--lang", "es", "-o", "never.pdf") == 2


def test_config_sets_the_language_and_the_option_overrides_it(tmp_path: Path) -> None:
    head = "apiVersion: privacy.compliance/v1\nkind: Config\nmetadata: {id: o}\n"
    config = tmp_path / "c.yaml"
    config.write_text(head + "lang: de\n", encoding="utf-8")
    loaded = load_config(str(config))
    assert (report_language(None, loaded), report_language("fr", loaded)) == ("de", "fr")
    assert report_language(None, load_config(None)) == "en"
    config.write_text(head + "lang: null\n", encoding="utf-8")
    assert report_language(None, load_config(str(config))) == "en"
    config.write_text(head + "lang: es\n", encoding="utf-8")
    with pytest.raises(InputProblems) as refused:
        load_config(str(config))
    assert "lang" in str(refused.value) and "es" in str(refused.value)


def test_the_cli_does_not_import_babel_until_a_report_is_made() -> None:
    code = "import sys, compliance.cli; print('babel' in sys.modules, 'compliance.report.i18n' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          cwd=resources.PACKAGE_ROOT.parent)
    assert done.stdout.split() == ["False", "False"]


def test_the_catalogs_compile_in_memory_without_a_build_step() -> None:
    assert not list(i18n.LOCALE_DIR.glob("*.mo")) and not list(i18n.LOCALE_DIR.rglob("*.mo"))
    for lang in TRANSLATED:
        compiled = i18n.translations(lang)
        assert compiled.ngettext("%(n)s finding", "%(n)s findings", 2) != "%(n)s findings"


def test_a_policy_dir_translates_its_own_rules_and_overrides_the_shipped_text(tmp_path: Path) -> None:
    shipped = resources.REGO_DIR / "rules" / "ai_act" / "ai_literacy.rego"
    mine = tmp_path / "rules" / "ai_act"
    mine.mkdir(parents=True)
    shutil.copy(shipped, mine / shipped.name)
    (mine / "ai_literacy.i18n.yaml").write_text(
        "fr: {title: Mon titre, recommended_action: Mon action}\n"
        "de: {title: Mein Titel, recommended_action: Meine Maßnahme}\n", encoding="utf-8")
    rules = catalog.rules(catalog.build_bundle(catalog.policy_files([tmp_path]), {})).values()
    assert catalog.translations(rules, [tmp_path])["EU-AIA-006"]["de"]["title"] == "Mein Titel"
    assert catalog.translations(rules)["EU-AIA-006"]["de"]["title"] != "Mein Titel"


def test_a_rule_without_translation_keeps_its_english_tagged_en() -> None:
    page = {"lang": "fr", "g": {"title": "My rule", "untranslated": True}, "t": {"title": "Ma règle"}}
    text = environment("fr").from_string(
        '{% import "_macros.html" as m %}{{ m.rule_text(g, "title") }}|{{ m.rule_text(t, "title") }}').render(**page)
    assert text == '<span class="lang-tag">EN</span> <span lang="en">My rule</span>|Ma règle'
