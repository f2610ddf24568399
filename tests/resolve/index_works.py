"""Works for index tests: the recorded fixtures, near misses of them, and filler."""

from __future__ import annotations

import copy
import random
from typing import Any

from tests.conftest import fixture_works

Work = dict[str, Any]

VOCABULARY = [
    "glacial",
    "meltwater",
    "pulses",
    "coastal",
    "sediment",
    "budgets",
    "seasonal",
    "drift",
    "pelagic",
    "larvae",
    "upwelling",
    "systems",
    "tidal",
    "inlets",
    "ebb",
    "deltas",
    "beach",
    "cusps",
    "mixed",
    "sand",
    "gravel",
    "shores",
    "erosion",
    "fjord",
    "dynamics",
    "estuary",
    "salinity",
    "transport",
    "model",
]
FAMILIES = ["Okafor", "Brenner", "Tanaka", "Quintero", "Lindqvist", "Haddad", "Moreau", "Ibarra"]
JOURNALS = ["Journal of Coastal Geomorphology", "Marine Ecology Letters", "Estuarine Studies"]


def recorded() -> list[Work]:
    """The works under tests/fixtures/crossref."""
    return fixture_works()


def near_misses(work: Work, n: int) -> list[Work]:
    """Works sharing ``work``'s title and authors but differing in year, volume or pages
    (another DOI each): what a reference to ``work`` must never be matched to."""
    out = []
    year = int(work["issued"]["date-parts"][0][0])
    for k, change in enumerate(("year", "volume", "page")):
        other = copy.deepcopy(work)
        other["DOI"] = f"10.5555/near.{n}.{k}"
        if change == "year":
            other["issued"] = {"date-parts": [[year + 4]]}
            for key in ("published-print", "published-online", "published"):
                other.pop(key, None)
        elif change == "volume":
            # Eleven on: two digits change (one digit off, with all else agreeing, reads as a typo).
            other["volume"] = str(int(str(work.get("volume") or "1")) + 11)
        else:
            other["page"] = "901-917"
        out.append(other)
    return out


def filler(count: int, seed: int = 3) -> list[Work]:
    """``count`` works made of the same vocabulary, under other DOIs."""
    rng = random.Random(seed)
    return [
        {
            "DOI": f"10.5555/filler.{i}",
            "type": "journal-article",
            "title": [" ".join(rng.sample(VOCABULARY, 6)).capitalize()],
            "author": [{"family": rng.choice(FAMILIES), "given": "A"}],
            "container-title": [rng.choice(JOURNALS)],
            "issued": {"date-parts": [[rng.randint(1990, 2024)]]},
            "volume": str(rng.randint(1, 60)),
            "page": f"{(p := rng.randint(1, 500))}-{p + 12}",
        }
        for i in range(count)
    ]
