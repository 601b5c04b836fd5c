"""Manifesto sections and items: ordering, consolidation, concurrency, history and restore, roles, coverage."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from data_access import manifesto
from data_access.access import Actor
from data_access.errors import PermissionDenied, ValidationError
from data_access.manifesto import ManifestoConflict, similarity
from data_access.models import AuditEvent, ManifestoSectionRevision, Role
from tests.support.factories import ADMIN, EDITOR, READER, make_participation, make_proposal
from tests.support.factories.manifesto import Scenario, scenario

OTHER_EDITOR = Actor(email="autre.editeur@exemple.fr", role=Role.EDITEUR)


def _sections(session: Session, data: Scenario) -> list[manifesto.SectionView]:
    return manifesto.list_sections(session, data.campaign.id)


def test_default_sections_come_from_campaign_settings(session: Session) -> None:
    data = scenario(session)
    created = manifesto.ensure_default_sections(session, actor=EDITOR, campaign_id=data.campaign.id)
    titles = [s.title for s in _sections(session, data)]
    assert created == 4
    assert titles == ["IA sociale", "IA ouverte et démocratique", "IA utile et proportionnée",
                      "Gouvernance partagée et territoriale"]
    assert manifesto.ensure_default_sections(session, actor=EDITOR, campaign_id=data.campaign.id) == 0


def test_create_rename_reorder_delete_sections(session: Session) -> None:
    data = scenario(session)
    manifesto.ensure_default_sections(session, actor=EDITOR, campaign_id=data.campaign.id)
    extra = manifesto.create_section(session, actor=EDITOR, campaign_id=data.campaign.id, title="  Annexe   technique ")
    assert extra.title == "Annexe technique" and extra.position == 4
    manifesto.move_section(session, actor=EDITOR, section_id=extra.id, offset=-1)
    assert [s.title for s in _sections(session, data)][3:] == ["Annexe technique", "Gouvernance partagée et territoriale"]
    manifesto.update_section(session, actor=EDITOR, section_id=extra.id, expected_version=extra.version,
                             title="Annexe", introduction="", status="en_relecture")
    renamed = next(s for s in _sections(session, data) if s.id == extra.id)
    assert (renamed.title, renamed.status_label) == ("Annexe", "En relecture")
    manifesto.delete_section(session, actor=EDITOR, section_id=extra.id, expected_version=renamed.version)
    sections = _sections(session, data)
    assert len(sections) == 4 and [s.position for s in sections] == [0, 1, 2, 3]
    with pytest.raises(ValidationError):
        manifesto.create_section(session, actor=EDITOR, campaign_id=data.campaign.id, title="   ")
    with pytest.raises(ValidationError):
        manifesto.update_section(session, actor=EDITOR, section_id=sections[0].id, expected_version=sections[0].version,
                                 title="x", introduction="", status="publie")


def test_items_from_proposals_and_groups_keep_traceability(session: Session) -> None:
    data = scenario(session)
    section = manifesto.create_section(session, actor=EDITOR, campaign_id=data.campaign.id, title="IA sociale")
    manifesto.add_proposals(session, actor=EDITOR, section_id=section.id,
                            proposal_ids=[data.proposals[3].id, data.proposals[4].id])
    ids = [p.id for p in data.proposals[:3]]
    group = similarity.accept(session, actor=EDITOR, campaign_id=data.campaign.id, proposal_ids=ids,
                              wording="Former tous les agents avant tout déploiement.")
    manifesto.add_group(session, actor=EDITOR, section_id=section.id, group_id=group.id)
    view = _sections(session, data)[0]
    assert [i.wording for i in view.items] == [data.proposals[3].text, data.proposals[4].text,
                                               "Former tous les agents avant tout déploiement."]
    consolidated = view.items[2]
    assert consolidated.group_id == group.id
    assert set(consolidated.proposal_ids) == set(ids)
    assert consolidated.territories == 3
    assert dict(consolidated.kinds) == {"commune": 2, "epci": 1}
    assert dict(consolidated.regions) == {"53": 2, "76": 1}


def test_reorder_and_move_items(session: Session) -> None:
    data = scenario(session)
    first = manifesto.create_section(session, actor=EDITOR, campaign_id=data.campaign.id, title="Un")
    second = manifesto.create_section(session, actor=EDITOR, campaign_id=data.campaign.id, title="Deux")
    items = manifesto.add_proposals(session, actor=EDITOR, section_id=first.id,
                                    proposal_ids=[p.id for p in data.proposals[:3]])
    version = _sections(session, data)[0].version
    manifesto.reorder_items(session, actor=EDITOR, section_id=first.id, expected_version=version,
                            ordered_ids=[items[2].id, items[0].id, items[1].id])
    assert [i.id for i in _sections(session, data)[0].items] == [items[2].id, items[0].id, items[1].id]
    manifesto.shift_item(session, actor=EDITOR, item_id=items[1].id, offset=-1,
                         expected_section_version=_sections(session, data)[0].version)
    assert [i.id for i in _sections(session, data)[0].items] == [items[2].id, items[1].id, items[0].id]
    manifesto.move_item(session, actor=EDITOR, item_id=items[2].id, target_section_id=second.id)
    one, two = _sections(session, data)
    assert [i.id for i in one.items] == [items[1].id, items[0].id]
    assert [i.position for i in one.items] == [0, 1]
    assert [i.id for i in two.items] == [items[2].id]
    # A reorder based on a stale version is refused.
    with pytest.raises(ManifestoConflict):
        manifesto.reorder_items(session, actor=EDITOR, section_id=first.id, expected_version=version,
                                ordered_ids=[items[0].id, items[1].id])


def test_item_edit_conflict_keeps_both_texts(session: Session) -> None:
    data = scenario(session)
    section = manifesto.create_section(session, actor=EDITOR, campaign_id=data.campaign.id, title="Un")
    item = manifesto.add_item(session, actor=EDITOR, section_id=section.id, wording="Texte initial.")
    manifesto.update_item(session, actor=OTHER_EDITOR, item_id=item.id, expected_version=1, wording="Texte de l'autre.")
    with pytest.raises(ManifestoConflict) as caught:
        manifesto.update_item(session, actor=EDITOR, item_id=item.id, expected_version=1, wording="Mon texte.")
    assert caught.value.theirs == "Texte de l'autre."
    assert caught.value.mine == "Mon texte."
    assert caught.value.other_editor == OTHER_EDITOR.email
    assert "modifié par autre.editeur@exemple.fr" in str(caught.value)


def test_two_sessions_saving_the_same_section_exactly_one_wins(engine: Engine) -> None:
    with Session(engine) as setup:
        data = scenario(setup)
        section = manifesto.create_section(setup, actor=EDITOR, campaign_id=data.campaign.id, title="IA sociale",
                                           introduction="Introduction initiale.")
        section_id, version = section.id, section.version
        setup.commit()
    first, second = Session(engine), Session(engine)
    try:
        # Both editors read the same version...
        assert manifesto.get_section(first, section_id).version == version
        assert manifesto.get_section(second, section_id).version == version
        manifesto.update_section(first, actor=EDITOR, section_id=section_id, expected_version=version,
                                 title="IA sociale", introduction="Texte de la première éditrice.", status="brouillon")
        first.commit()
        with pytest.raises(ManifestoConflict) as caught:
            manifesto.update_section(second, actor=OTHER_EDITOR, section_id=section_id, expected_version=version,
                                     title="IA sociale", introduction="Texte du second éditeur.", status="brouillon")
        second.rollback()
    finally:
        first.close()
        second.close()
    conflict = caught.value
    assert "Texte de la première éditrice." in conflict.theirs
    assert "Texte du second éditeur." in conflict.mine
    assert "version" in str(conflict) and EDITOR.email in str(conflict)
    with Session(engine) as check:
        saved = manifesto.get_section(check, section_id)
        assert saved.introduction == "Texte de la première éditrice."
        assert saved.version == version + 1


def test_section_save_goes_through_when_only_items_changed(session: Session) -> None:
    data = scenario(session)
    section = manifesto.create_section(session, actor=EDITOR, campaign_id=data.campaign.id, title="Un")
    base = section.version
    manifesto.add_item(session, actor=OTHER_EDITOR, section_id=section.id, wording="Ajout de l'autre.")
    manifesto.update_section(session, actor=EDITOR, section_id=section.id, expected_version=base, title="Un",
                             introduction="Mon introduction.", status="brouillon")
    view = manifesto.get_section(session, section.id)
    assert view.introduction == "Mon introduction." and len(view.items) == 1


def test_history_diff_and_restore(session: Session) -> None:
    data = scenario(session)
    section = manifesto.create_section(session, actor=EDITOR, campaign_id=data.campaign.id, title="Un",
                                       introduction="Première introduction.")
    manifesto.add_proposals(session, actor=EDITOR, section_id=section.id, proposal_ids=[data.proposals[0].id])
    version_with_item = manifesto.get_section(session, section.id).version
    manifesto.update_section(session, actor=OTHER_EDITOR, section_id=section.id, expected_version=version_with_item,
                             title="Un (révisé)", introduction="Seconde introduction.", status="en_relecture")
    item = manifesto.get_section(session, section.id).items[0]
    manifesto.delete_item(session, actor=OTHER_EDITOR, item_id=item.id, expected_version=item.version)
    revisions = manifesto.history(session, section.id)
    assert [r.version for r in revisions] == [4, 3, 2, 1]
    assert revisions[0].created_by == OTHER_EDITOR.email and revisions[-1].created_by == EDITOR.email
    text = manifesto.diff(revisions[2].snapshot, revisions[1].snapshot, old_label="version 2", new_label="version 3")
    assert "-Titre : Un" in text and "+Titre : Un (révisé)" in text
    assert "+Seconde introduction." in text and "-Première introduction." in text
    assert manifesto.diff(revisions[0].snapshot, revisions[0].snapshot) == ""
    # What the Historique shows: words added and removed, line by line, not a unified diff.
    changes = manifesto.compare(revisions[2].snapshot, revisions[1].snapshot)
    marked = [[(mark, text) for mark, text in line.words if mark != "="] for line in changes]
    assert [("+", "(révisé)")] in marked
    assert [("-", "Première"), ("+", "Seconde")] in marked
    assert [("-", "Brouillon"), ("+", "En relecture")] in marked or any(("+", "relecture") in m for m in marked)
    assert sum(line.added for line in changes) >= 2 and sum(line.removed for line in changes) >= 1
    assert manifesto.compare(revisions[0].snapshot, revisions[0].snapshot) == ()
    removed_item = manifesto.compare(revisions[1].snapshot, revisions[0].snapshot)
    assert any(line.words[0][0] == "-" and "1." in line.words[0][1] for line in removed_item)
    current = manifesto.get_section(session, section.id)
    manifesto.restore(session, actor=EDITOR, section_id=section.id, version=2, expected_version=current.version)
    restored = manifesto.get_section(session, section.id)
    assert restored.version == 5
    assert (restored.title, restored.introduction, restored.status) == ("Un", "Première introduction.", "brouillon")
    assert [i.proposal_ids for i in restored.items] == [(data.proposals[0].id,)]
    assert manifesto.history(session, section.id)[0].snapshot["restored_from"] == 2
    with pytest.raises(ManifestoConflict):
        manifesto.restore(session, actor=EDITOR, section_id=section.id, version=1, expected_version=current.version)


def test_every_change_is_audited_and_revisioned(session: Session) -> None:
    data = scenario(session)
    section = manifesto.create_section(session, actor=EDITOR, campaign_id=data.campaign.id, title="Un")
    item = manifesto.add_item(session, actor=EDITOR, section_id=section.id, wording="Un élément.")
    manifesto.update_item(session, actor=EDITOR, item_id=item.id, expected_version=1, wording="Un élément revu.")
    actions = session.scalars(select(AuditEvent.action).where(AuditEvent.action.like("manifeste.%")).order_by(AuditEvent.id)).all()
    assert actions == ["manifeste.section.creation", "manifeste.element.ajout", "manifeste.element.modification"]
    revisions = session.scalar(select(func.count(ManifestoSectionRevision.id)))
    assert revisions == 3


@pytest.mark.parametrize("write", [
    lambda s, d, sec, item: manifesto.create_section(s, actor=READER, campaign_id=d.campaign.id, title="x"),
    lambda s, d, sec, item: manifesto.update_section(s, actor=READER, section_id=sec.id, expected_version=1,
                                                     title="x", introduction="", status="brouillon"),
    lambda s, d, sec, item: manifesto.delete_section(s, actor=READER, section_id=sec.id, expected_version=1),
    lambda s, d, sec, item: manifesto.add_item(s, actor=READER, section_id=sec.id, wording="x"),
    lambda s, d, sec, item: manifesto.update_item(s, actor=READER, item_id=item.id, expected_version=1, wording="x"),
    lambda s, d, sec, item: manifesto.delete_item(s, actor=READER, item_id=item.id, expected_version=1),
    lambda s, d, sec, item: manifesto.move_item(s, actor=READER, item_id=item.id, target_section_id=sec.id),
    lambda s, d, sec, item: manifesto.reorder_items(s, actor=READER, section_id=sec.id, expected_version=1,
                                                    ordered_ids=[item.id]),
    lambda s, d, sec, item: manifesto.reorder_sections(s, actor=READER, campaign_id=d.campaign.id,
                                                       ordered_ids=[sec.id]),
    lambda s, d, sec, item: manifesto.restore(s, actor=READER, section_id=sec.id, version=1, expected_version=1),
    lambda s, d, sec, item: manifesto.ensure_default_sections(s, actor=READER, campaign_id=d.campaign.id),
])
def test_readers_cannot_change_the_manifesto(session: Session, write: object) -> None:
    data = scenario(session)
    section = manifesto.create_section(session, actor=ADMIN, campaign_id=data.campaign.id, title="Un")
    item = manifesto.add_item(session, actor=ADMIN, section_id=section.id, wording="x")
    with pytest.raises(PermissionDenied) as caught:
        write(session, data, section, item)  # type: ignore[operator]
    assert "Lecteur" in str(caught.value)


def test_coverage_counts_kinds_regions_overseas_sizes_and_missing(session: Session) -> None:
    data = scenario(session)
    section = manifesto.create_section(session, actor=EDITOR, campaign_id=data.campaign.id, title="Un")
    other = manifesto.create_section(session, actor=EDITOR, campaign_id=data.campaign.id, title="Deux")
    # Rennes (commune) and Saint-Denis (overseas) in the first section, Toulouse in the second.
    manifesto.add_proposals(session, actor=EDITOR, section_id=section.id,
                            proposal_ids=[data.proposals[0].id, data.proposals[3].id])
    manifesto.add_proposals(session, actor=EDITOR, section_id=other.id, proposal_ids=[data.proposals[1].id])
    whole = manifesto.coverage(session, data.campaign.id)
    assert (whole.engaged, whole.represented) == (6, 3)
    assert {m.name for m in whole.missing} == {"Rennes Métropole", "Ille-et-Vilaine", "Quimper"}
    assert (whole.overseas.engaged, whole.overseas.represented) == (1, 1)
    assert whole.overseas_names == ("Saint-Denis",)
    kinds = {r.label: (r.engaged, r.represented) for r in whole.by_kind}
    assert kinds["Commune"] == (4, 3) and kinds["Intercommunalité"] == (1, 0)
    regions = {r.label: (r.engaged, r.represented) for r in whole.by_region}
    assert regions["Bretagne"] == (4, 1) and regions["Occitanie"] == (1, 1) and regions["La Réunion"] == (1, 1)
    sizes = {r.label: r.represented for r in whole.by_size}
    assert sizes["500 000 habitants et plus"] == 1  # Toulouse
    first_only = manifesto.coverage(session, data.campaign.id, section.id)
    assert first_only.represented == 2
    assert "Toulouse" in {m.name for m in first_only.missing}


def test_export_document_attributes_items(session: Session) -> None:
    data = scenario(session)
    section = manifesto.create_section(session, actor=EDITOR, campaign_id=data.campaign.id, title="Un",
                                       introduction="**Intro**")
    manifesto.add_item(session, actor=EDITOR, section_id=section.id, wording="Former les agents.",
                       proposal_ids=[p.id for p in data.proposals[:3]])
    document = manifesto.export_document(session, data.campaign.id)
    assert document.campaign_name == data.campaign.name
    item = document.sections[0].items[0]
    assert item.territories == 3
    assert set(item.kinds) == {"Commune", "Intercommunalité"}
    assert set(item.regions) == {"Bretagne", "Occitanie"}
    assert {t.name for t in document.territories} == {"Rennes", "Toulouse", "Rennes Métropole"}


def test_placements_say_which_item_a_proposal_already_feeds(session: Session) -> None:
    data = scenario(session)
    first = manifesto.create_section(session, actor=EDITOR, campaign_id=data.campaign.id, title="Un")
    second = manifesto.create_section(session, actor=EDITOR, campaign_id=data.campaign.id, title="Deux")
    manifesto.add_proposals(session, actor=EDITOR, section_id=first.id, proposal_ids=[data.proposals[0].id])
    manifesto.add_proposals(session, actor=EDITOR, section_id=second.id,
                            proposal_ids=[data.proposals[1].id, data.proposals[0].id])
    placed = manifesto.proposal_placements(session, data.campaign.id)
    assert [p.label for p in placed[data.proposals[0].id]] == ["1.1", "2.2"]
    assert [p.label for p in placed[data.proposals[1].id]] == ["2.1"]
    assert data.proposals[2].id not in placed


def test_adding_placed_proposals_can_skip_them_or_attach_new_sources(session: Session) -> None:
    data = scenario(session)
    section = manifesto.create_section(session, actor=EDITOR, campaign_id=data.campaign.id, title="Un")
    [item] = manifesto.add_proposals(session, actor=EDITOR, section_id=section.id, proposal_ids=[data.proposals[0].id])
    added = manifesto.add_proposals(session, actor=EDITOR, section_id=section.id, skip_placed=True,
                                    proposal_ids=[data.proposals[0].id, data.proposals[3].id])
    assert len(added) == 1 and len(manifesto.get_section(session, section.id).items) == 2
    assert manifesto.attach_sources(session, actor=EDITOR, item_id=item.id,
                                    proposal_ids=[data.proposals[1].id, data.proposals[0].id]) == 1
    view = manifesto.get_section(session, section.id).items[0]
    assert set(view.proposal_ids) == {data.proposals[0].id, data.proposals[1].id}
    assert view.territories == 2 and view.wording == data.proposals[0].text
    assert "manifeste.element.sources" in session.scalars(select(AuditEvent.action)).all()
    with pytest.raises(PermissionDenied):
        manifesto.attach_sources(session, actor=READER, item_id=item.id, proposal_ids=[data.proposals[2].id])


def test_a_stale_read_of_the_section_does_not_block_an_introduction_save(engine: Engine) -> None:
    with Session(engine) as setup:
        data = scenario(setup)
        section = manifesto.create_section(setup, actor=EDITOR, campaign_id=data.campaign.id, title="Un")
        section_id, base = section.id, section.version
        setup.commit()
    mine, theirs = Session(engine), Session(engine)
    try:
        manifesto.get_section(mine, section_id)  # opened before the colleague's addition
        manifesto.add_item(theirs, actor=OTHER_EDITOR, section_id=section_id, wording="Ajout de l'autre.")
        theirs.commit()
        manifesto.update_section(mine, actor=EDITOR, section_id=section_id, expected_version=base, title="Un",
                                 introduction="Mon introduction.", status="brouillon")
        mine.commit()
    finally:
        mine.close()
        theirs.close()
    with Session(engine) as check:
        view = manifesto.get_section(check, section_id)
        assert view.introduction == "Mon introduction." and len(view.items) == 1
        assert view.version == base + 2
        assert not manifesto.fields_changed_since(check, section_id, base + 2)
        assert manifesto.fields_changed_since(check, section_id, base + 1)


def test_who_else_changed_the_fields_is_the_colleague_not_the_last_writer(session: Session) -> None:
    data = scenario(session)
    section = manifesto.create_section(session, actor=EDITOR, campaign_id=data.campaign.id, title="Un")
    base = section.version
    manifesto.update_section(session, actor=OTHER_EDITOR, section_id=section.id, expected_version=base, title="Un",
                             introduction="Texte de l'autre.", status="brouillon")
    manifesto.add_item(session, actor=EDITOR, section_id=section.id, wording="Mon ajout.")  # I write last
    assert manifesto.get_section(session, section.id).updated_by == EDITOR.email
    assert manifesto.fields_changed_by_others_since(session, section.id, base, email=EDITOR.email) \
        == OTHER_EDITOR.email
    # My own changes of the fields, and anyone's item changes, are nobody else's.
    assert manifesto.fields_changed_by_others_since(session, section.id, base, email=OTHER_EDITOR.email) is None
    after = manifesto.get_section(session, section.id).version
    manifesto.add_item(session, actor=OTHER_EDITOR, section_id=section.id, wording="Son ajout.")
    assert manifesto.fields_changed_by_others_since(session, section.id, after, email=EDITOR.email) is None


def _copy_of(session: Session, data: Scenario, index: int, territory: int, text: str | None = None) -> int:
    """Another territory's proposal with the same wording (case, accents and punctuation aside)."""
    source = data.proposals[index]
    copy = make_proposal(session, data.participations[territory], text=text or source.text, chapter=source.chapter)
    return copy.id


def test_a_copy_of_an_items_wording_is_marked_and_kept_as_its_source(session: Session) -> None:
    data = scenario(session)
    section = manifesto.create_section(session, actor=EDITOR, campaign_id=data.campaign.id, title="Un")
    [item] = manifesto.add_proposals(session, actor=EDITOR, section_id=section.id, proposal_ids=[data.proposals[0].id])
    shouted = data.proposals[0].text.upper().replace(" ", "  ") + " !"
    copies = [_copy_of(session, data, 0, 1), _copy_of(session, data, 0, 2, shouted)]
    by_text = manifesto.placements_by_text(session, data.campaign.id)
    assert [p.label for p in by_text[manifesto.text_key(shouted)]] == ["1.1"]
    assert copies[0] not in manifesto.proposal_placements(session, data.campaign.id)
    added = manifesto.add_proposals(session, actor=EDITOR, section_id=section.id, skip_placed=True,
                                    proposal_ids=[*copies, data.proposals[3].id])
    view = manifesto.get_section(session, section.id)
    assert len(added) == 1 and len(view.items) == 2  # no « 1.2 » with the same text as 1.1
    assert set(view.items[0].proposal_ids) == {data.proposals[0].id, *copies}
    assert view.items[0].id == item.id and view.items[0].wording == data.proposals[0].text


def test_identical_wordings_added_together_make_one_item(session: Session) -> None:
    data = scenario(session)
    section = manifesto.create_section(session, actor=EDITOR, campaign_id=data.campaign.id, title="Un")
    copies = [_copy_of(session, data, 0, 1), _copy_of(session, data, 0, 2, data.proposals[0].text.lower())]
    items = manifesto.add_proposals(session, actor=EDITOR, section_id=section.id,
                                    proposal_ids=[data.proposals[0].id, data.proposals[3].id, *copies])
    assert len(items) == 2
    view = manifesto.get_section(session, section.id)
    assert [set(i.proposal_ids) for i in view.items] == [{data.proposals[0].id, *copies}, {data.proposals[3].id}]
    assert view.items[0].territories == 3


def test_keeping_proposals_already_in_the_manifesto_says_nothing_changed(session: Session) -> None:
    """Issue 24 item 14: « Propositions ajoutées, sans doublon » was said though nothing changed, and a
    second section of the same title was created without a word."""
    from dashboard.manifesto.workshop import kept_message

    data = scenario(session)
    section = manifesto.create_section(session, actor=EDITOR, campaign_id=data.campaign.id, title="Un")
    manifesto.add_proposals(session, actor=EDITOR, section_id=section.id,
                            proposal_ids=[data.proposals[0].id, data.proposals[1].id])
    events = len(session.scalars(select(AuditEvent.id)).all())
    same = manifesto.keep_as_sources(session, actor=EDITOR, section_id=section.id,
                                     proposal_ids=[data.proposals[0].id, data.proposals[1].id])
    assert same == manifesto.AddOutcome(created=0, attached=0, unchanged=2)
    assert len(session.scalars(select(AuditEvent.id)).all()) == events
    assert kept_message(same) == ("Rien n'a changé : les 2 propositions choisies alimentent déjà le manifeste, "
                                  "à sa place.")
    mixed = manifesto.keep_as_sources(session, actor=EDITOR, section_id=section.id,
                                      proposal_ids=[data.proposals[0].id, data.proposals[3].id])
    assert mixed == manifesto.AddOutcome(created=1, attached=0, unchanged=1)
    assert kept_message(mixed) == "1 élément créé ; 1 proposition déjà présente laissée à sa place."
    with pytest.raises(ValidationError, match="Une section « Un » existe déjà"):
        manifesto.create_section(session, actor=EDITOR, campaign_id=data.campaign.id, title="  un ")


def test_export_annex_is_in_french_alphabetical_order(session: Session) -> None:
    """Île-de-France among the I's (after Hauts-de-France, before Occitanie), not after Z."""
    data = scenario(session)
    paris = make_participation(session, data.campaign, code="75056")  # Paris, Île-de-France
    lille = make_participation(session, data.campaign, code="59350")  # Lille, Hauts-de-France
    extra = [make_proposal(session, p, text=f"Proposition de {p.territory.name}.", chapter="IA sociale")
             for p in (paris, lille)]
    section = manifesto.create_section(session, actor=EDITOR, campaign_id=data.campaign.id, title="Un")
    manifesto.add_item(session, actor=EDITOR, section_id=section.id, wording="Tout.",
                       proposal_ids=[p.id for p in [*data.proposals, *extra]])
    regions = [t.region for t in manifesto.export_document(session, data.campaign.id).territories]
    order = list(dict.fromkeys(regions))
    assert order.index("Hauts-de-France") < order.index("Île-de-France") < order.index("Occitanie"), order
