"""The reference-string parser's parts (the public API is :mod:`citekit.parsers.refs.reference`).

A reference string is tokenised, labelled (CRF, or rules), repaired by an ordered list of
small named repairs, then mapped to CSL-JSON:

- :mod:`.tokens`: reference string → tokens with offsets.
- :mod:`.ident`: DOI, URL, arXiv, PMID, PMCID, ISBN, ISSN found exactly.
- :mod:`.features`: token features for the CRF (shape, punctuation, dictionaries...).
- :mod:`.model`: the CRFsuite labeller (``citekit/data/refparser.crfsuite``).
- :mod:`.heuristic`: rule-based labeller (fallback without a model; used by two repairs).
- :mod:`.spans`: the labelled spans every repair reads and returns.
- :mod:`.repairs`: ``REPAIRS``, the ordered list of repairs, and the loop that applies it;
  the repairs themselves live with their kin in :mod:`.boundary` (author/title),
  :mod:`.tails` (edges of the title), :mod:`.containers` (title/container),
  :mod:`.numbers` (volume, issue, pages, days), :mod:`.years` (the date) and
  :mod:`.editors` (who edited what).
- :mod:`.fields`: repaired spans → CSL-JSON item; :mod:`.values` (titles, pages, volume
  and issue as CSL writes them), :mod:`.names` (name lists → CSL names), :mod:`.kinds`
  (the CSL type).
- :mod:`.cjk`: full-width punctuation and unspaced Chinese and Japanese.
- :mod:`.segment`: a block of text → single references.
- Training only: :mod:`.corpus` (annotated sets), :mod:`.lexicon` (dictionaries),
  :mod:`.synth` (CSL-rendered synthetic references).
"""
