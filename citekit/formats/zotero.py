"""Zotero's item model and how it maps to CSL, as tables read both ways.

Zotero items (the JSON of Zotero's web API and of translation-server) have an
``itemType``, type-specific fields and ``creators``; CSL-JSON has a ``type``, variables
and name lists. The mapping is Zotero's own (zotero-schema ``schema.json`` version 41,
its ``itemTypes`` and ``csl`` sections), rewritten here as tables:

- :data:`ITEM_TYPES`: every regular Zotero item type, its fields in Zotero's order and
  its creator types (the first is the primary one, which CSL calls ``author``). A field
  written ``bookTitle=publicationTitle`` is the type's name for a base field; the CSL
  tables below name base fields only.
- :data:`CSL_TYPES`: CSL type → the Zotero item types it stands for (the first is what
  a CSL item becomes); :data:`ZOTERO_TYPES` is the reverse.
- :data:`CSL_FIELDS`: CSL variable → Zotero base fields in order of preference;
  :data:`CSL_DATES` the same for dates; :data:`CREATOR_ROLES`: Zotero creator type → CSL
  name variable.

The conversions themselves (with Zotero's rules for Extra, dates and names) are in
:mod:`citekit.serve.items`.
"""

from __future__ import annotations

import functools

__all__ = [
    "CREATOR_ROLES",
    "CSL_DATES",
    "CSL_FIELDS",
    "CSL_TYPES",
    "ITEM_TYPES",
    "NON_WORKS",
    "ZOTERO_TYPES",
    "base_field",
    "creator_types",
    "field_for",
    "fields_of",
    "primary_creator",
]

# Item types that are not works (child notes, files, PDF annotations): never cited.
NON_WORKS = frozenset({"note", "attachment", "annotation"})

# itemType: ("field field specific=base ...", "primary-creator-type other-creator-types ...")
ITEM_TYPES: dict[str, tuple[str, str]] = {
    "artwork": (
        "title abstractNote artworkMedium=medium artworkSize date eventPlace DOI citationKey url accessDate archive "
        "archiveLocation shortTitle language libraryCatalog callNumber rights extra",
        "artist contributor",
    ),
    "audioRecording": (
        "title abstractNote audioRecordingFormat=medium seriesTitle volume numberOfVolumes label=publisher place date "
        "runningTime ISBN DOI citationKey url accessDate archive archiveLocation shortTitle language libraryCatalog "
        "callNumber rights extra",
        "performer originalCreator composer wordsBy translator contributor",
    ),
    "bill": (
        "title abstractNote billNumber=number code codeVolume=volume section codePages=pages "
        "legislativeBody=authority session history date DOI citationKey url accessDate shortTitle language rights "
        "extra",
        "sponsor cosponsor contributor",
    ),
    "blogPost": (
        "title abstractNote blogTitle=publicationTitle websiteType=type date DOI citationKey url accessDate ISSN "
        "shortTitle language rights extra",
        "author translator commenter contributor",
    ),
    "book": (
        "title abstractNote series seriesNumber volume numberOfVolumes edition date publisher place originalDate "
        "originalPublisher originalPlace format=medium numPages ISBN DOI citationKey url accessDate ISSN archive "
        "archiveLocation shortTitle language libraryCatalog callNumber rights extra",
        "author contributor editor translator seriesEditor",
    ),
    "bookSection": (
        "title abstractNote bookTitle=publicationTitle series seriesNumber volume numberOfVolumes edition date "
        "publisher place originalDate originalPublisher originalPlace format=medium pages ISBN DOI citationKey url "
        "accessDate ISSN archive archiveLocation shortTitle language libraryCatalog callNumber rights extra",
        "author contributor editor bookAuthor translator seriesEditor",
    ),
    "case": (
        "caseName=title abstractNote court=authority dateDecided=date docketNumber=number reporter "
        "reporterVolume=volume firstPage=pages history DOI citationKey url accessDate shortTitle language rights "
        "extra",
        "author counsel contributor",
    ),
    "computerProgram": (
        "title abstractNote seriesTitle versionNumber date system company=publisher place programmingLanguage rights "
        "citationKey url accessDate DOI ISBN archive archiveLocation libraryCatalog callNumber shortTitle extra",
        "programmer contributor",
    ),
    "conferencePaper": (
        "title abstractNote proceedingsTitle=publicationTitle conferenceName publisher place date eventPlace volume "
        "issue numberOfVolumes pages series seriesNumber DOI ISBN citationKey url accessDate ISSN archive "
        "archiveLocation shortTitle language libraryCatalog callNumber rights extra",
        "author contributor editor translator seriesEditor",
    ),
    "dataset": (
        "title abstractNote identifier=number type versionNumber date repository=publisher repositoryLocation=place "
        "format=medium DOI citationKey url accessDate archive archiveLocation shortTitle language libraryCatalog "
        "callNumber rights extra",
        "author contributor",
    ),
    "dictionaryEntry": (
        "title abstractNote dictionaryTitle=publicationTitle series seriesNumber volume numberOfVolumes edition date "
        "publisher place pages ISBN DOI citationKey url accessDate archive archiveLocation shortTitle language "
        "libraryCatalog callNumber rights extra",
        "author contributor editor translator seriesEditor",
    ),
    "document": (
        "title abstractNote type date publisher place DOI citationKey url accessDate archive archiveLocation "
        "shortTitle language libraryCatalog callNumber rights extra",
        "author contributor editor translator reviewedAuthor",
    ),
    "email": (
        "subject=title abstractNote date DOI citationKey url accessDate shortTitle language rights extra",
        "author translator contributor recipient",
    ),
    "encyclopediaArticle": (
        "title abstractNote encyclopediaTitle=publicationTitle series seriesNumber volume numberOfVolumes edition "
        "date publisher place pages ISBN DOI citationKey url accessDate archive archiveLocation shortTitle language "
        "libraryCatalog callNumber rights extra",
        "author contributor editor translator seriesEditor",
    ),
    "film": (
        "title abstractNote distributor=publisher place date genre=type videoRecordingFormat=medium runningTime DOI "
        "citationKey url accessDate archive archiveLocation shortTitle language libraryCatalog callNumber rights "
        "extra",
        "director producer scriptwriter castMember host guest narrator translator contributor",
    ),
    "forumPost": (
        "title abstractNote forumTitle=publicationTitle postType=type date DOI citationKey url accessDate shortTitle "
        "language rights extra",
        "author contributor",
    ),
    "hearing": (
        "title abstractNote committee publisher numberOfVolumes documentNumber=number pages legislativeBody=authority "
        "session history date place DOI citationKey url accessDate shortTitle language rights extra",
        "contributor",
    ),
    "instantMessage": (
        "title abstractNote date DOI citationKey url accessDate shortTitle language rights extra",
        "author contributor recipient",
    ),
    "interview": (
        "title abstractNote interviewMedium=medium date publisher place DOI citationKey url accessDate archive "
        "archiveLocation shortTitle language libraryCatalog callNumber rights extra",
        "interviewee contributor interviewer translator",
    ),
    "journalArticle": (
        "title abstractNote publicationTitle publisher place date volume issue section partNumber partTitle pages "
        "series seriesTitle seriesText journalAbbreviation DOI citationKey url accessDate PMID PMCID ISSN archive "
        "archiveLocation shortTitle language libraryCatalog callNumber rights extra",
        "author contributor editor translator reviewedAuthor",
    ),
    "letter": (
        "title abstractNote letterType=type date eventPlace DOI citationKey url accessDate archive archiveLocation "
        "shortTitle language libraryCatalog callNumber rights extra",
        "author recipient contributor translator",
    ),
    "magazineArticle": (
        "title abstractNote publicationTitle publisher place date volume issue pages ISSN DOI citationKey url "
        "accessDate archive archiveLocation shortTitle language libraryCatalog callNumber rights extra",
        "author contributor translator reviewedAuthor",
    ),
    "manuscript": (
        "title abstractNote manuscriptType=type institution=publisher place date numPages number DOI citationKey url "
        "accessDate archive archiveLocation shortTitle language libraryCatalog callNumber rights extra",
        "author contributor translator",
    ),
    "map": (
        "title abstractNote mapType=type scale seriesTitle edition publisher place date DOI ISBN citationKey url "
        "accessDate archive archiveLocation shortTitle language libraryCatalog callNumber rights extra",
        "cartographer contributor seriesEditor",
    ),
    "newspaperArticle": (
        "title abstractNote publicationTitle publisher place date volume issue edition section pages ISSN DOI "
        "citationKey url accessDate archive archiveLocation shortTitle language libraryCatalog callNumber rights "
        "extra",
        "author contributor translator reviewedAuthor",
    ),
    "patent": (
        "title abstractNote place country assignee issuingAuthority=authority patentNumber=number filingDate pages "
        "applicationNumber priorityNumbers issueDate=date priorityDate=originalDate references legalStatus=status DOI "
        "citationKey url accessDate shortTitle language rights extra",
        "inventor attorneyAgent contributor",
    ),
    "podcast": (
        "title abstractNote seriesTitle episodeNumber=number audioFileType=medium date publisher place runningTime "
        "DOI citationKey url accessDate shortTitle language rights extra",
        "podcaster guest producer executiveProducer seriesCreator director scriptwriter castMember translator "
        "contributor",
    ),
    "preprint": (
        "title abstractNote genre=type repository=publisher archiveID=number place date series seriesNumber DOI "
        "citationKey url accessDate archive archiveLocation shortTitle language libraryCatalog callNumber rights "
        "extra",
        "author contributor editor translator reviewedAuthor",
    ),
    "presentation": (
        "title abstractNote presentationType=type date meetingName place series sessionTitle=publicationTitle DOI "
        "citationKey url accessDate shortTitle language rights extra",
        "presenter chair organizer contributor translator",
    ),
    "radioBroadcast": (
        "title abstractNote programTitle=publicationTitle episodeNumber=number audioRecordingFormat=medium "
        "network=publisher place date runningTime DOI citationKey url accessDate archive archiveLocation shortTitle "
        "language libraryCatalog callNumber rights extra",
        "creator host guest producer executiveProducer seriesCreator director scriptwriter castMember translator "
        "contributor",
    ),
    "report": (
        "title abstractNote reportNumber=number reportType=type institution=publisher place date seriesTitle "
        "seriesNumber pages DOI ISBN citationKey url accessDate ISSN archive archiveLocation shortTitle language "
        "libraryCatalog callNumber rights extra",
        "author editor contributor translator seriesEditor",
    ),
    "standard": (
        "title abstractNote organization=authority committee type number versionNumber edition status date publisher "
        "place partNumber partTitle ISBN DOI citationKey url accessDate archive archiveLocation shortTitle numPages "
        "language libraryCatalog callNumber rights extra",
        "author editor contributor",
    ),
    "statute": (
        "nameOfAct=title abstractNote code codeNumber publicLawNumber=number dateEnacted=date pages section session "
        "history DOI citationKey url accessDate shortTitle language rights extra",
        "author contributor",
    ),
    "thesis": (
        "title abstractNote thesisType=type university=publisher place date series seriesNumber numPages DOI ISBN "
        "citationKey url accessDate ISSN archive archiveLocation shortTitle language libraryCatalog callNumber rights "
        "extra",
        "author contributor",
    ),
    "tvBroadcast": (
        "title abstractNote programTitle=publicationTitle episodeNumber=number videoRecordingFormat=medium "
        "network=publisher place date runningTime DOI citationKey url accessDate archive archiveLocation shortTitle "
        "language libraryCatalog callNumber rights extra",
        "director producer executiveProducer seriesCreator scriptwriter castMember host guest narrator translator "
        "contributor",
    ),
    "videoRecording": (
        "title abstractNote videoRecordingFormat=medium seriesTitle volume numberOfVolumes studio=publisher place "
        "date runningTime ISBN DOI citationKey url accessDate archive archiveLocation shortTitle language "
        "libraryCatalog callNumber rights extra",
        "creator director producer scriptwriter executiveProducer castMember host guest narrator translator "
        "contributor",
    ),
    "webpage": (
        "title abstractNote websiteTitle=publicationTitle websiteType=type date publisher place DOI citationKey url "
        "accessDate shortTitle language rights extra",
        "author contributor translator",
    ),
}

CSL_TYPES: dict[str, tuple[str, ...]] = {
    "article": ("preprint",),
    "article-journal": ("journalArticle",),
    "article-magazine": ("magazineArticle",),
    "article-newspaper": ("newspaperArticle",),
    "bill": ("bill",),
    "book": ("book",),
    "broadcast": ("podcast", "tvBroadcast", "radioBroadcast"),
    "chapter": ("bookSection",),
    "dataset": ("dataset",),
    "document": ("document", "attachment", "note"),
    "entry-dictionary": ("dictionaryEntry",),
    "entry-encyclopedia": ("encyclopediaArticle",),
    "graphic": ("artwork",),
    "hearing": ("hearing",),
    "interview": ("interview",),
    "legal_case": ("case",),
    "legislation": ("statute",),
    "manuscript": ("manuscript",),
    "map": ("map",),
    "motion_picture": ("film", "videoRecording"),
    "paper-conference": ("conferencePaper",),
    "patent": ("patent",),
    "personal_communication": ("letter", "email", "instantMessage"),
    "post": ("forumPost",),
    "post-weblog": ("blogPost",),
    "report": ("report",),
    "software": ("computerProgram",),
    "song": ("audioRecording",),
    "speech": ("presentation",),
    "standard": ("standard",),
    "thesis": ("thesis",),
    "webpage": ("webpage",),
}
ZOTERO_TYPES: dict[str, str] = {zotero: csl for csl, zoteros in CSL_TYPES.items() for zotero in zoteros}

CSL_FIELDS: dict[str, tuple[str, ...]] = {
    "abstract": ("abstractNote",),
    "archive": ("archive",),
    "archive_location": ("archiveLocation",),
    "authority": ("authority",),
    "call-number": ("callNumber", "applicationNumber"),
    "chapter-number": ("session",),
    "citation-key": ("citationKey",),
    "collection-number": ("seriesNumber",),
    "collection-title": ("seriesTitle", "series"),
    "container-title": ("publicationTitle", "reporter", "code"),
    "dimensions": ("artworkSize", "runningTime"),
    "DOI": ("DOI",),
    "edition": ("edition",),
    "event-place": ("eventPlace",),
    "event-title": ("meetingName", "conferenceName"),
    "genre": ("type", "programmingLanguage"),
    "ISBN": ("ISBN",),
    "ISSN": ("ISSN",),
    "issue": ("issue", "priorityNumbers"),
    "journalAbbreviation": ("journalAbbreviation",),
    "language": ("language",),
    "license": ("rights",),
    "medium": ("medium", "system"),
    "note": ("extra",),
    "number": ("number",),
    "number-of-pages": ("numPages",),
    "number-of-volumes": ("numberOfVolumes",),
    "original-publisher": ("originalPublisher",),
    "original-publisher-place": ("originalPlace",),
    "part-number": ("partNumber",),
    "part-title": ("partTitle",),
    "page": ("pages",),
    "PMID": ("PMID",),
    "PMCID": ("PMCID",),
    "publisher": ("publisher",),
    "publisher-place": ("place",),
    "references": ("history", "references"),
    "scale": ("scale",),
    "section": ("section", "committee"),
    "source": ("libraryCatalog",),
    "status": ("status",),
    "title": ("title",),
    "title-short": ("shortTitle",),
    "URL": ("url",),
    "version": ("versionNumber",),
    "volume": ("volume", "codeNumber"),
}

CSL_DATES: dict[str, str] = {
    "issued": "date",
    "accessed": "accessDate",
    "submitted": "filingDate",
    "original-date": "originalDate",
}

CREATOR_ROLES: dict[str, str] = {
    "author": "author",
    "bookAuthor": "container-author",
    "chair": "chair",
    "castMember": "performer",
    "composer": "composer",
    "contributor": "contributor",
    "creator": "author",
    "director": "director",
    "editor": "editor",
    "executiveProducer": "executive-producer",
    "guest": "guest",
    "host": "host",
    "interviewer": "interviewer",
    "narrator": "narrator",
    "originalCreator": "original-author",
    "organizer": "organizer",
    "podcaster": "host",
    "producer": "producer",
    "recipient": "recipient",
    "reviewedAuthor": "reviewed-author",
    "seriesCreator": "series-creator",
    "seriesEditor": "collection-editor",
    "scriptwriter": "script-writer",
    "translator": "translator",
}


@functools.cache
def _fields(item_type: str) -> dict[str, str]:
    """``field → base field`` (a field that is its own base maps to itself), in order."""
    spec = ITEM_TYPES.get(item_type)
    if spec is None:
        return {}
    out: dict[str, str] = {}
    for token in spec[0].split():
        field, _, base = token.partition("=")
        out[field] = base or field
    return out


def fields_of(item_type: str) -> tuple[str, ...]:
    """The fields of a Zotero item type, in Zotero's order (empty for unknown types)."""
    return tuple(_fields(item_type))


def base_field(item_type: str, field: str) -> str:
    """The base field a type's field stands for (``bookTitle`` → ``publicationTitle``);
    ``field`` itself when it is a base field or unknown."""
    return _fields(item_type).get(field, field)


@functools.cache
def field_for(item_type: str, base: str) -> str | None:
    """The type's field for a base field (``bookSection``, ``publicationTitle`` →
    ``bookTitle``), or ``None`` when the type has no such field."""
    for field, its_base in _fields(item_type).items():
        if its_base == base:
            return field
    return None


def creator_types(item_type: str) -> tuple[str, ...]:
    """The creator types a Zotero item type allows, the primary one first."""
    spec = ITEM_TYPES.get(item_type)
    return tuple(spec[1].split()) if spec else ("author",)


def primary_creator(item_type: str) -> str:
    """The primary creator type of a Zotero item type (``film`` → ``director``)."""
    return creator_types(item_type)[0]
