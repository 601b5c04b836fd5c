"""A manifesto plan from a Markdown outline: parsing, creating, keeping, refusing bad files."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data_access import manifesto
from data_access.errors import PermissionDenied, ValidationError
from data_access.manifesto import plan
from data_access.models import AuditEvent, ManifestoSection
from tests.support.factories import EDITOR, READER, make_campaign

OUTLINE = """# IA sociale

## Formation des agents
Former tous les agents
avant tout déploiement.

## Accueil humain
Un interlocuteur humain pour chaque démarche.

# Gouvernance partagée

## Comité d'éthique
Une instance locale fixe les règles.

# Annexe
Les chiffres de la campagne.
"""


def test_parse_reads_chapters_sections_and_introductions() -> None:
    chapters = plan.parse(OUTLINE)
    assert [c.title for c in chapters] == ["IA sociale", "Gouvernance partagée", "Annexe"]
    first = chapters[0].sections[0]
    assert (first.title, first.introduction) == ("Formation des agents", "Former tous les agents\navant tout déploiement.")
    # A chapter without sections is a section itself.
    assert [(s.title, s.introduction) for s in plan.sections_of(chapters[2])] == [("Annexe", "Les chiffres de la campagne.")]


def test_import_creates_sections_and_keeps_existing_ones(session: Session) -> None:
    campaign = make_campaign(session)
    manifesto.create_section(session, actor=EDITOR, campaign_id=campaign.id, title="accueil   HUMAIN",
                             introduction="Texte de l'éditeur.")
    report = plan.import_plan(session, actor=EDITOR, campaign_id=campaign.id, text=OUTLINE)
    assert report.created == ("Formation des agents", "Comité d'éthique", "Annexe")
    assert report.kept == ("Accueil humain",)
    assert report.lines()[0] == "Plan importé : 3 sections créées, 1 section existante conservée."
    sections = manifesto.list_sections(session, campaign.id)
    assert [s.title for s in sections] == ["accueil HUMAIN", "Formation des agents", "Comité d'éthique", "Annexe"]
    assert sections[0].introduction == "Texte de l'éditeur."
    again = plan.import_plan(session, actor=EDITOR, campaign_id=campaign.id, text=OUTLINE)
    assert again.created == () and len(again.kept) == 4
    assert session.scalar(select(func.count(ManifestoSection.id))) == 4
    assert session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action == "manifeste.plan.import")) == 2


@pytest.mark.parametrize(("text", "message"), [
    ("", "aucun titre"),
    ("Un texte sans titre\n## Section", "Ligne 1 : du texte précède le premier titre"),
    ("# Chapitre\n### Trop profond", "Ligne 2 : titre de niveau 3"),
    ("# C\n## Même\n## même", "apparaît deux fois"),
    ("## " + "x" * 301, "dépasse 300 caractères"),
])
def test_bad_outlines_are_refused_in_french_and_change_nothing(session: Session, text: str, message: str) -> None:
    campaign = make_campaign(session)
    with pytest.raises(ValidationError, match=message):
        plan.import_plan(session, actor=EDITOR, campaign_id=campaign.id, text=text)
    assert session.scalar(select(func.count(ManifestoSection.id))) == 0


def test_decode_refuses_binary_and_other_encodings() -> None:
    assert plan.decode("\ufeff# Titre".encode()) == "# Titre"
    with pytest.raises(ValidationError, match="UTF-8"):
        plan.decode("# Élan".encode("latin-1"))
    with pytest.raises(ValidationError, match="binaire"):
        plan.decode(b"PK\x03\x04\x00\x00")


def test_code_blocks_are_introduction_text() -> None:
    chapters = plan.parse("## Section\n```\n# pas un titre\n```\n")
    assert chapters[0].sections[0].introduction == "```\n# pas un titre\n```"


def test_readers_cannot_import_a_plan(session: Session) -> None:
    campaign = make_campaign(session)
    with pytest.raises(PermissionDenied):
        plan.import_plan(session, actor=READER, campaign_id=campaign.id, text=OUTLINE)
