"""A manifesto plan written elsewhere (a Markdown outline) turned into sections.

The outline: ``# Chapitre`` lines, ``## Section`` lines under them, and the text under a section
heading as its introduction. The store's sections are one level: each ``##`` becomes a section,
in the outline's order; a chapter with no ``##`` under it becomes a section itself (a one-level
plan). A section whose title already exists in the manifesto (case and spacing aside) is kept as
it is, never duplicated nor overwritten. The whole file is read and checked before anything is
written, so a bad file leaves the store as it was.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access import audit
from data_access.access import Actor, require
from data_access.errors import ValidationError
from data_access.french import plural
from data_access.manifesto.sections import create_section
from data_access.manifesto.views import MAX_TITLE
from data_access.models import Campaign, ManifestoSection, Role

MAX_PLAN_BYTES = 500_000
_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$")


@dataclass
class PlanSection:
    title: str
    introduction: str = ""
    line: int = 0


@dataclass
class PlanChapter:
    title: str
    introduction: str = ""
    line: int = 0
    sections: list[PlanSection] = field(default_factory=list)


@dataclass(frozen=True)
class PlanReport:
    created: tuple[str, ...]
    kept: tuple[str, ...]
    chapters: tuple[str, ...]

    def lines(self) -> list[str]:
        """The French report shown after an import."""
        lines = [f"Plan importé : {plural(len(self.created), 'section créée', 'sections créées')}, "
                 f"{plural(len(self.kept), 'section existante conservée', 'sections existantes conservées')}."]
        if self.chapters:
            lines.append("Chapitres lus : " + ", ".join(f"« {c} »" for c in self.chapters) + ".")
        lines += [f"  + {title}" for title in self.created]
        lines += [f"  = {title} (déjà présente, conservée telle quelle)" for title in self.kept]
        return lines


def _title_key(title: str) -> str:
    return " ".join(title.split()).casefold()


def decode(data: bytes) -> str:
    """The uploaded or read file as text, refused in French when it is not a UTF-8 text file."""
    if len(data) > MAX_PLAN_BYTES:
        raise ValidationError(f"Le plan est trop volumineux ({len(data) // 1000} ko) : "
                              f"{MAX_PLAN_BYTES // 1000} ko au plus.")
    if b"\x00" in data:
        raise ValidationError("Ce fichier n'est pas un texte Markdown (contenu binaire).")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError("Le plan doit être un fichier texte encodé en UTF-8 (Markdown, .md).") from exc


def parse(text: str) -> list[PlanChapter]:
    """The outline's chapters and sections; a ValidationError in French names the faulty line."""
    chapters: list[PlanChapter] = []
    body: list[str] = []
    target: PlanChapter | PlanSection | None = None
    in_code = False

    def close() -> None:
        if target is not None:
            target.introduction = "\n".join(body).strip()
        body.clear()

    for number, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().startswith("```"):
            in_code = not in_code
        match = None if in_code else _HEADING.match(line)
        if match is None:
            if target is None and line.strip():
                raise ValidationError(f"Ligne {number} : du texte précède le premier titre. Un plan commence par "
                                      "« # Chapitre » ou « ## Section ».")
            body.append(line)
            continue
        level, title = len(match.group(1)), " ".join(match.group(2).split())
        if level > 2:
            raise ValidationError(f"Ligne {number} : titre de niveau {level} (« {'#' * level} {title} ») non pris en "
                                  "charge. Utilisez « # » pour un chapitre et « ## » pour une section.")
        if not title:
            raise ValidationError(f"Ligne {number} : titre vide.")
        if len(title) > MAX_TITLE:
            raise ValidationError(f"Ligne {number} : le titre dépasse {MAX_TITLE} caractères.")
        close()
        if level == 1:
            target = PlanChapter(title=title, line=number)
            chapters.append(target)
        else:
            if not chapters:
                chapters.append(PlanChapter(title="", line=0))
            target = PlanSection(title=title, line=number)
            chapters[-1].sections.append(target)
    close()
    if not chapters:
        raise ValidationError("Le plan ne contient aucun titre : écrivez « # Chapitre » puis « ## Section » "
                              "pour chaque section, suivie de son introduction.")
    seen: dict[str, int] = {}
    for chapter in chapters:
        for section in sections_of(chapter):
            key = _title_key(section.title)
            if key in seen:
                raise ValidationError(f"Ligne {section.line} : la section « {section.title} » apparaît deux fois "
                                      f"dans le plan (déjà ligne {seen[key]}).")
            seen[key] = section.line
    return chapters


def sections_of(chapter: PlanChapter) -> list[PlanSection]:
    """A chapter's sections; a chapter without any is a section itself."""
    if chapter.sections:
        return chapter.sections
    if not chapter.title:
        return []
    return [PlanSection(title=chapter.title, introduction=chapter.introduction, line=chapter.line)]


def import_plan(session: Session, *, actor: Actor, campaign_id: int, text: str) -> PlanReport:
    """Create the outline's sections that the manifesto lacks; keep those it has."""
    require(actor, Role.EDITEUR, action="importer un plan du manifeste")
    if session.get(Campaign, campaign_id) is None:
        raise ValidationError("Cette campagne n'existe pas.")
    chapters = parse(text)
    existing = {_title_key(t) for t in session.scalars(
        select(ManifestoSection.title).where(ManifestoSection.campaign_id == campaign_id)).all()}
    created: list[str] = []
    kept: list[str] = []
    for chapter in chapters:
        for section in sections_of(chapter):
            if _title_key(section.title) in existing:
                kept.append(section.title)
                continue
            create_section(session, actor=actor, campaign_id=campaign_id, title=section.title,
                           introduction=section.introduction)
            existing.add(_title_key(section.title))
            created.append(section.title)
    report = PlanReport(created=tuple(created), kept=tuple(kept),
                        chapters=tuple(c.title for c in chapters if c.title and c.sections))
    audit.record(session, actor=actor, action="manifeste.plan.import", entity_type="campaign", entity_id=campaign_id,
                 summary=report.lines()[0], after={"created": created, "kept": kept})
    return report
