"""French numbers and plurals (« 1 234 », « 1 territoire », « 3 territoires ») through Babel, and
prepositions before a name (« à Rennes », « au Havre », « d'Abidjan »): the one definition of each.

In the data layer so that its messages and stored names use them too (data_access never imports
dashboard); ``dashboard.text.formatting`` re-exports numbers and plurals for the UI.

A name may carry its own article (« Le Havre », « les Sables-d'Olonne ») or be a venue written as a
common noun (« Couvent des Jacobins, Rennes »): the preposition contracts with the article or the
noun's gender. Anything else is treated as a proper name.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from numbers import Integral
from zoneinfo import ZoneInfo

from babel.dates import format_date
from babel.numbers import format_decimal, get_group_symbol

LOCALE = "fr_FR"
# Babel's own symbol (a narrow no-break space), read once.
GROUP_SYMBOL = get_group_symbol(LOCALE)


def number(value: float | int, *, decimals: int = 0) -> str:
    if decimals == 0 and isinstance(value, Integral):
        # Whole numbers are most of what pages print (1,000 per Suivi run): Python groups them
        # 20 times faster than Babel's pattern machinery, with Babel's own symbol.
        return f"{value:,}".replace(",", GROUP_SYMBOL)
    pattern = "#,##0" if decimals == 0 else "#,##0." + "0" * decimals
    return format_decimal(value, format=pattern, locale=LOCALE)


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """« 0 territoire », « 1 territoire », « 3 territoires »: French keeps 0 and 1 singular."""
    word = singular if abs(count) <= 1 else (plural_form or singular + "s")
    return f"{number(count)} {word}"


def collation_key(text: str) -> tuple[str, str]:
    """French alphabetical order without the process locale (``setlocale`` fails on these
    machines and is global): « Île-de-France » among the I's, « Évreux » before « Foix »,
    case ignored; accents only break ties (« cote » before « côte »)."""
    folded = unicodedata.normalize("NFKD", text)
    base = "".join(c for c in folded if not unicodedata.combining(c)).casefold()
    return base, text.casefold()


PARIS = ZoneInfo("Europe/Paris")
TIME_ZONE = "heure de Paris"  # said wherever a time is shown: « 14:05 (heure de Paris) »


def paris_time(moment: dt.datetime, *, pattern: str = "%d/%m/%Y %H:%M") -> str:
    """A stored moment (naive UTC, as every ``utcnow`` column) in the campaign's time zone."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    return aware.astimezone(PARIS).strftime(pattern)


EMPTY = "non renseigné"

# Venue nouns an administrator may write without their article, by gender.
MASCULINE_VENUES = frozenset({
    "auditorium", "centre", "château", "cinéma", "couvent", "espace", "forum", "hôtel", "musée",
    "palais", "parc", "pavillon", "stade", "théâtre", "campus", "conseil", "siège",
})
FEMININE_VENUES = frozenset({
    "bibliothèque", "cité", "école", "halle", "maison", "mairie", "médiathèque", "préfecture",
    "salle", "université", "abbaye", "chapelle", "villa",
})
# « h » aspiré: no elision before these (« de Hautefort » is wrong only for h muet names).
H_ASPIRE = ("haut", "hénin", "ham", "hay", "hon", "hou", "hur", "hal", "har", "hag")


def _starts_with_vowel_sound(word: str) -> bool:
    base = unicodedata.normalize("NFD", word[:1].lower())[:1]
    if base in "aeiouy":
        return True
    return base == "h" and not word.lower().startswith(H_ASPIRE)


def _split_article(name: str) -> tuple[str | None, str]:
    """(« le », « Havre ») for « Le Havre »; (None, name) when there is no article."""
    lowered = name.lower()
    for article in ("les ", "le ", "la "):
        if lowered.startswith(article):
            return article.strip(), name[len(article):]
    if lowered.startswith(("l'", "l’")):
        return "l'", name[2:]
    return None, name


def a(place: str | None) -> str:
    """« à Rennes », « au Havre », « aux Sables-d'Olonne », « à La Rochelle », « au Couvent des Jacobins »."""
    place = (place or "").strip()
    if not place:
        return ""
    article, rest = _split_article(place)
    if article == "le":
        return f"au {rest}"
    if article == "les":
        return f"aux {rest}"
    if article is not None:
        return f"à {place}"  # « à La Rochelle », « à l'Hôtel de ville »: no contraction
    first = place.split()[0].strip(",").lower()
    if first in MASCULINE_VENUES:
        return f"à l'{place}" if _starts_with_vowel_sound(first) else f"au {place}"
    if first in FEMININE_VENUES:
        return f"à l'{place}" if _starts_with_vowel_sound(first) else f"à la {place}"
    return f"à {place}"


def de(name: str | None) -> str:
    """« de Rennes », « d'Abidjan », « du Havre », « des Sables-d'Olonne », « de La Rochelle »."""
    name = (name or "").strip()
    if not name:
        return ""
    article, rest = _split_article(name)
    if article == "le":
        return f"du {rest}"
    if article == "les":
        return f"des {rest}"
    if article is not None:
        return f"de {name}"
    return f"d'{name}" if _starts_with_vowel_sound(name) else f"de {name}"


def or_empty(value: object, *, empty: str = EMPTY) -> str:
    """A value as text, « non renseigné » for None, NaN or blank: never « None » on screen."""
    if value is None:
        return empty
    if isinstance(value, float) and value != value:  # NaN
        return empty
    text = str(value).strip()
    return text if text and text not in {"None", "nan", "NaT"} else empty


def normalise(text: str) -> str:
    """Case, accent, punctuation and spacing insensitive form used to compare labels and choices."""
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower()
    ascii_text = ascii_text.replace("œ", "oe")
    return " ".join("".join(ch if ch.isalnum() else " " for ch in ascii_text).split())


def long_date(value: dt.date, *, abbreviated: bool = False) -> str:
    """« 11 mars 2025 », « 7 déc. 2026 »; the first of a month is written « 1er août 2026 », as French does."""
    text = format_date(value, format="d MMM y" if abbreviated else "d MMMM y", locale=LOCALE)
    return "1er" + text[1:] if value.day == 1 else text
