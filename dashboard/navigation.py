"""The pages of the app, who may see them, and in which menu group. The entrypoint reads this."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from data_access.models import Role

PROJECT_ROOT = Path(__file__).resolve().parent.parent
PAGES_DIR = PROJECT_ROOT / "pages"


@dataclass(frozen=True)
class PageSpec:
    script: str  # file name under pages/
    title: str
    icon: str
    min_role: Role
    group: str
    default: bool = False
    # Territory pages are shown to territories only; a territory never sees a commission page.
    for_territories: bool = False
    # A territory page the commission opens too (what territories see of each other).
    for_commission: bool = False
    # Public pages open without signing in (and hold no personal data), under their own address.
    public: bool = False

    @property
    def url_path(self) -> str:
        return self.path.stem.replace("_", "-") if self.public else self.path.stem

    @property
    def path(self) -> Path:
        return PAGES_DIR / self.script


# Order is menu order.
PAGES: tuple[PageSpec, ...] = (
    PageSpec("accueil.py", "Vue d'ensemble", ":material/home:", Role.LECTEUR, "Suivi de la campagne", default=True),
    PageSpec("carte.py", "Carte", ":material/map:", Role.LECTEUR, "Suivi de la campagne"),
    PageSpec("suivi.py", "Suivi", ":material/checklist:", Role.LECTEUR, "Suivi de la campagne"),
    PageSpec("enseignements.py", "Enseignements", ":material/insights:", Role.LECTEUR, "Suivi de la campagne"),
    PageSpec("fiche_territoire.py", "Fiche territoire", ":material/location_city:", Role.LECTEUR, "Suivi de la campagne"),
    PageSpec("manifeste.py", "Manifeste", ":material/menu_book:", Role.LECTEUR, "Manifeste"),
    PageSpec("atelier.py", "Atelier du manifeste", ":material/edit_note:", Role.EDITEUR, "Manifeste"),
    PageSpec("engagements.py", "Suivi des engagements", ":material/task_alt:", Role.LECTEUR, "Manifeste"),
    PageSpec("import.py", "Import des grilles", ":material/upload_file:", Role.EDITEUR, "Saisie"),
    PageSpec("saisie.py", "Saisie et correction", ":material/edit:", Role.EDITEUR, "Saisie"),
    PageSpec("exports.py", "Exports et données ouvertes", ":material/download:", Role.LECTEUR, "Communication"),
    PageSpec("territoires_engages.py", "Territoires engagés", ":material/public:", Role.LECTEUR, "Communication",
             public=True),
    PageSpec("inscription.py", "S'inscrire", ":material/how_to_reg:", Role.LECTEUR, "Communication", public=True),
    PageSpec("administration.py", "Administration", ":material/admin_panel_settings:", Role.ADMINISTRATEUR, "Administration"),
    PageSpec("journal.py", "Journal d'audit", ":material/history:", Role.ADMINISTRATEUR, "Administration"),
    PageSpec("espace.py", "Espace territoire", ":material/home_work:", Role.TERRITOIRE, "Mon territoire",
             for_territories=True),
    PageSpec("bibliotheque.py", "Bibliothèque des concertations", ":material/local_library:", Role.TERRITOIRE,
             "Entre territoires", for_territories=True, for_commission=True),
)


def public_pages() -> list[PageSpec]:
    return [page for page in PAGES if page.public]


def visible_pages(role: Role) -> list[PageSpec]:
    if role is Role.TERRITOIRE:
        return [page for page in PAGES if page.for_territories]
    return [page for page in PAGES
            if (not page.for_territories or page.for_commission) and role.rank >= page.min_role.rank]


def closed_pages(role: Role | None) -> list[PageSpec]:
    """Pages this role (None: not signed in) may not open. They stay registered, hidden, under their
    own address, to say so in French: an address Streamlit does not know shows its « page not found »
    modal over whatever message the app gives (a refused link, a commission address opened with a
    territory's link)."""
    opened = {spec.script for spec in (public_pages() if role is None else visible_pages(role) + public_pages())}
    return [spec for spec in PAGES if spec.script not in opened]
