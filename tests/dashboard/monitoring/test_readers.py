from dashboard.monitoring import readers
from data_access.access import Actor
from data_access.models import Role


def test_suivi_tables_are_cached_per_role_not_per_person():
    first, second = Actor("a@exemple.fr", Role.EDITEUR), Actor("b@exemple.fr", Role.EDITEUR)
    assert readers.contacts_role(first) == readers.contacts_role(second) == Role.EDITEUR
    assert readers.contacts_role(Actor("c@exemple.fr", Role.ADMINISTRATEUR)) == Role.ADMINISTRATEUR


def test_roles_without_contacts_share_the_table_without_them():
    assert readers.contacts_role(Actor("l@exemple.fr", Role.LECTEUR)) is None
    assert readers.contacts_role(Actor("t@exemple.fr", Role.TERRITOIRE)) is None
