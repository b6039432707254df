"""Where to apply, per county: ``rules/offices.yaml`` (issue 14).

An office is named by the county and the office's kind ("右江区" + "残疾人联合会"); an address
or a phone number is shown only where the file gives one with its citation. No source we hold
gives them today, so every office comes with the 12345 hotline as a ``tel:`` link instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, model_validator

from app.engine.schema import Cites
from app.engine.yamlload import load_yaml

OFFICES_FILE = Path(__file__).resolve().parents[2] / "rules" / "offices.yaml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Kind(_Strict):
    title: str = Field(min_length=1)
    match: list[str] = Field(min_length=1)


class Contact(_Strict):
    address: str | None = None
    phone: str | None = None
    cite: Cites


class County(_Strict):
    offices: dict[str, Contact] = {}


class OfficesFile(_Strict):
    hotline: str = Field(pattern=r"^[0-9]{3,12}$")
    kinds: dict[str, Kind]
    counties: dict[str, County]

    @model_validator(mode="after")
    def _known_kinds(self) -> OfficesFile:
        for county, c in self.counties.items():
            for kind in c.offices:
                if kind not in self.kinds:
                    raise ValueError(f"counties.{county}.offices.{kind}: unknown kind")
        return self


@dataclass(frozen=True)
class Office:
    title: str                 # the kind of office, zh-Hans (the page translates it)
    kind: str | None
    address: str | None
    phone: str | None
    hotline: str


@lru_cache(maxsize=1)
def load(path: Path = OFFICES_FILE) -> OfficesFile:
    return OfficesFile.model_validate(load_yaml(path.read_text("utf-8"), "rules/offices.yaml"))


def kind_of(office_text: str, data: OfficesFile | None = None) -> str | None:
    """The kind of the first office a program's ``office:`` names (the first place to go)."""
    data = data or load()
    best: tuple[int, str] | None = None
    for kind, k in data.kinds.items():
        for word in k.match:
            at = office_text.find(word)
            if at >= 0 and (best is None or at < best[0]):
                best = (at, kind)
    return best[1] if best else None


def office_for(office_text: str, county: str | None) -> Office | None:
    """The office in ``county`` for a program's ``office:`` text; None without a county or
    when the text names no known kind."""
    data = load()
    kind = kind_of(office_text, data)
    if county is None or kind is None or county not in data.counties:
        return None
    contact = data.counties[county].offices.get(kind)
    return Office(data.kinds[kind].title, kind, contact.address if contact else None,
                  contact.phone if contact else None, data.hotline)
