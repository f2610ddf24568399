"""The reference-string parser's parts (the public API is :mod:`citekit.parsers.refs.reference`).

- :mod:`.tokens`: reference string → tokens with offsets.
- :mod:`.ident`: DOI, URL, arXiv, PMID, PMCID, ISBN, ISSN found exactly.
- :mod:`.features`: token features for the CRF (shape, punctuation, dictionaries...).
- :mod:`.model`: the CRFsuite labeller (``citekit/data/refparser.crfsuite``).
- :mod:`.heuristic`: rule-based labeller (fallback without a model; repairs).
- :mod:`.repair`: deterministic fixes at the author/title boundary.
- :mod:`.fields`: labelled spans → CSL-JSON item (names, pages, dates, type...).
- :mod:`.names`: name lists → CSL names.
- :mod:`.segment`: a block of text → single references.
- Training only: :mod:`.corpus` (annotated sets), :mod:`.lexicon` (dictionaries),
  :mod:`.synth` (CSL-rendered synthetic references).
"""
