"""Write ``citekit/data/csl-data.json``, the CSL-JSON 1.0.2 input schema, from the
variable tables in ``citekit.record`` (the one place they are listed).

Usage: python scripts/build_schema.py [--check]
  --check   exit 1 if the file on disk differs from what would be written.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from citekit import record

TARGET = Path(__file__).resolve().parent.parent / "citekit" / "data" / "csl-data.json"


def build() -> dict[str, Any]:
    """The schema as a JSON-ready dict."""
    number = {"type": ["string", "number"]}
    props: dict[str, Any] = {
        "type": {"type": "string", "enum": sorted(record.CSL_TYPES)},
        "id": {"type": ["string", "number"]},
        "categories": {"type": "array", "items": {"type": "string"}},
        "custom": {
            "type": "object",
            "description": "citekit extras: references, authors, dates, source, match, raw.",
        },
    }
    for name in record.NAME_VARIABLES:
        props[name] = {"type": "array", "items": {"$ref": "#/definitions/name-variable"}}
    for name in record.DATE_VARIABLES:
        props[name] = {"$ref": "#/definitions/date-variable"}
    for name in record.NUMBER_VARIABLES:
        props[name] = number
    for name in record.STRING_VARIABLES:
        props[name] = {"type": "string"}
    name_props = {
        k: {"type": "string"}
        for k in ("family", "given", "dropping-particle", "non-dropping-particle", "suffix", "literal")
    }
    for k in ("comma-suffix", "static-ordering", "parse-names"):
        name_props[k] = {"type": ["string", "number", "boolean"]}
    return {
        "description": "CSL-JSON 1.0.2 input data, as citekit writes and reads it",
        "$schema": "http://json-schema.org/draft-07/schema#",
        "type": "array",
        "items": {
            "type": "object",
            "properties": dict(sorted(props.items())),
            "required": ["type", "id"],
            "additionalProperties": False,
        },
        "definitions": {
            "name-variable": {"type": "object", "properties": name_props, "additionalProperties": False},
            "edtf-datatype": {"type": "string", "pattern": "^[0-9X~?%./\\-+ ]+$"},
            "date-variable": {
                "anyOf": [
                    {"$ref": "#/definitions/edtf-datatype"},
                    {
                        "type": "object",
                        "properties": {
                            "date-parts": {
                                "type": "array",
                                "items": {"type": "array", "items": number, "minItems": 1, "maxItems": 3},
                                "minItems": 1,
                                "maxItems": 2,
                            },
                            "season": number,
                            "circa": {"type": ["string", "number", "boolean"]},
                            "literal": {"type": "string"},
                            "raw": {"type": "string"},
                            "edtf": {"$ref": "#/definitions/edtf-datatype"},
                        },
                        "additionalProperties": False,
                    },
                ]
            },
        },
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    text = json.dumps(build(), indent=2, ensure_ascii=False) + "\n"
    if args.check:
        same = TARGET.exists() and TARGET.read_text(encoding="utf-8") == text
        print("up to date" if same else f"{TARGET} is stale: run scripts/build_schema.py")
        return 0 if same else 1
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
