from __future__ import annotations

import pickle

import pytest

from citekit import errors


def test_describe_names_origin_and_line() -> None:
    assert errors.ReadError("no such file", origin="x.html").describe() == "x.html: no such file"
    assert errors.ParseError("bad entry", origin="a.bib", line=12).describe() == "a.bib:12: bad entry"
    assert errors.ParseError("bad", line=3).describe() == "line 3: bad"
    assert errors.NetworkError("refused").describe() == "refused"


def test_unknown_format_is_a_lookup_error() -> None:
    with pytest.raises(LookupError):
        raise errors.UnknownFormatError("unknown")


@pytest.mark.parametrize(
    "error",
    [
        errors.ReadError("gone", origin="a.txt"),
        errors.ParseError("odd", origin="b.bib", line=4),
        errors.RemoteError("busy", origin="10.5555/1", status_code=503),
    ],
)
def test_errors_survive_pickling_with_their_details(error: errors.CitekitError) -> None:
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error)
    assert copy.describe() == error.describe()
    assert copy.__dict__ == error.__dict__
