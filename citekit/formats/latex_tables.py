"""Tables for LaTeX ↔ Unicode in BibTeX fields (used by :mod:`citekit.formats.latex`).

Kept as plain dicts so both directions read from one place: accents, special letters,
text symbols, Greek and common math symbols, and how each formatting command treats
its argument.
"""

from __future__ import annotations

__all__ = [
    "ACCENT_COMBINING",
    "ARG_DROP",
    "ARG_KEEP",
    "ARG_QUOTE",
    "COMBINING_ACCENT",
    "DECLARATIONS",
    "LETTER_LATEX",
    "SUBSCRIPTS",
    "SUPERSCRIPTS",
    "SYMBOL_LATEX",
    "WORDS",
]

# LaTeX accent command -> Unicode combining mark.
ACCENT_COMBINING: dict[str, str] = {
    "`": "\u0300",
    "'": "\u0301",
    "^": "\u0302",
    "~": "\u0303",
    "=": "\u0304",
    "u": "\u0306",
    ".": "\u0307",
    '"': "\u0308",
    "r": "\u030a",
    "H": "\u030b",
    "v": "\u030c",
    "d": "\u0323",
    "c": "\u0327",
    "k": "\u0328",
    "b": "\u0331",
    "t": "\u0361",
}
COMBINING_ACCENT: dict[str, str] = {mark: command for command, mark in ACCENT_COMBINING.items()}

# Letters that are not an ASCII letter plus an accent.
_LETTERS: dict[str, str] = {
    "ß": "ss",
    "ø": "o",
    "Ø": "O",
    "æ": "ae",
    "Æ": "AE",
    "œ": "oe",
    "Œ": "OE",
    "å": "aa",
    "Å": "AA",
    "ł": "l",
    "Ł": "L",
    "ı": "i",
    "ȷ": "j",
    "đ": "dj",
    "Đ": "DJ",
    "þ": "th",
    "Þ": "TH",
    "ð": "dh",
    "Ð": "DH",
    "ŋ": "ng",
    "Ŋ": "NG",
}
LETTER_LATEX: dict[str, str] = {char: "{\\" + name + "}" for char, name in _LETTERS.items()}

_GREEK: dict[str, str] = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ϵ", "varepsilon": "ε",
    "zeta": "ζ", "eta": "η", "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ",
    "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ", "pi": "π", "varpi": "ϖ", "rho": "ρ",
    "varrho": "ϱ", "sigma": "σ", "varsigma": "ς", "tau": "τ", "upsilon": "υ", "phi": "ϕ",
    "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω", "Gamma": "Γ", "Delta": "Δ",
    "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π", "Sigma": "Σ", "Upsilon": "Υ",
    "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
}  # fmt: skip

_MATH: dict[str, str] = {
    "pm": "±", "mp": "∓", "times": "×", "div": "÷", "cdot": "·", "cdots": "⋯", "ldots": "…",
    "leq": "≤", "le": "≤", "geq": "≥", "ge": "≥", "leqslant": "⩽", "geqslant": "⩾", "neq": "≠",
    "ne": "≠", "approx": "≈", "sim": "∼", "simeq": "≃", "cong": "≅", "equiv": "≡",
    "propto": "∝", "lesssim": "≲", "gtrsim": "≳", "ll": "≪", "gg": "≫", "infty": "∞",
    "partial": "∂", "nabla": "∇", "sum": "∑", "prod": "∏", "int": "∫", "rightarrow": "→",
    "to": "→", "leftarrow": "←", "gets": "←", "leftrightarrow": "↔", "Rightarrow": "⇒",
    "Leftarrow": "⇐", "Leftrightarrow": "⇔", "uparrow": "↑", "downarrow": "↓",
    "mapsto": "↦", "in": "∈", "notin": "∉", "ni": "∋", "subset": "⊂", "subseteq": "⊆",
    "supset": "⊃", "supseteq": "⊇", "cup": "∪", "cap": "∩", "emptyset": "∅",
    "varnothing": "∅", "forall": "∀", "exists": "∃", "neg": "¬", "lnot": "¬", "wedge": "∧",
    "land": "∧", "vee": "∨", "lor": "∨", "oplus": "⊕", "otimes": "⊗", "circ": "∘",
    "bullet": "•", "star": "⋆", "ast": "∗", "prime": "′", "ell": "ℓ", "hbar": "ℏ", "Re": "ℜ",
    "Im": "ℑ", "aleph": "ℵ", "perp": "⊥", "parallel": "∥", "mid": "|", "vert": "|",
    "langle": "⟨", "rangle": "⟩", "lbrace": "{", "rbrace": "}", "backslash": "\\",
    "colon": ":", "deg": "°", "angle": "∠", "triangle": "△", "square": "□", "Box": "□",
    "surd": "√", "dagger": "†", "ddagger": "‡", "wp": "℘", "top": "⊤", "bot": "⊥",
}  # fmt: skip

_TEXT: dict[str, str] = {
    "textendash": "–", "textemdash": "—", "textquoteleft": "‘", "textquoteright": "’",
    "textquotedblleft": "“", "textquotedblright": "”", "quotedblbase": "„",
    "quotesinglbase": "‚", "guillemotleft": "«", "guillemotright": "»", "guillemetleft": "«",
    "guillemetright": "»", "guilsinglleft": "‹", "guilsinglright": "›", "textquotesingle": "'",
    "textquotedbl": '"', "textellipsis": "…", "dots": "…", "S": "§", "P": "¶",
    "textsection": "§", "textparagraph": "¶", "copyright": "©", "textcopyright": "©",
    "textregistered": "®", "texttrademark": "™", "textdegree": "°", "degree": "°",
    "pounds": "£", "textsterling": "£", "texteuro": "€", "euro": "€", "EUR": "€",
    "textdollar": "$", "textyen": "¥", "textcent": "¢", "textexclamdown": "¡",
    "textquestiondown": "¿", "textperiodcentered": "·", "textbullet": "•",
    "textasciitilde": "~", "textasciicircum": "^", "textbackslash": "\\", "textbar": "|",
    "textless": "<", "textgreater": ">", "textunderscore": "_", "textbraceleft": "{",
    "textbraceright": "}", "textmu": "µ", "micro": "µ", "textonehalf": "½",
    "textonequarter": "¼", "textthreequarters": "¾", "texttimes": "×", "textdiv": "÷",
    "textpm": "±", "textminus": "−", "dag": "†", "ddag": "‡", "textdagger": "†",
    "textdaggerdbl": "‡", "textordfeminine": "ª", "textordmasculine": "º",
    "textrightarrow": "→", "textleftarrow": "←", "textlangle": "⟨", "textrangle": "⟩",
    "checkmark": "✓", "textperthousand": "‰", "permil": "‰", "textnumero": "№",
    "textcelsius": "℃", "ohm": "Ω", "textohm": "Ω", "textasteriskcentered": "*",
    "textvisiblespace": "␣", "textbrokenbar": "¦", "textestimated": "℮",
    "texttwosuperior": "²", "textthreesuperior": "³", "textonesuperior": "¹",
    "LaTeX": "LaTeX", "LaTeXe": "LaTeX2e", "TeX": "TeX", "BibTeX": "BibTeX", "XeTeX": "XeTeX",
    "slash": "/", "textslash": "/", "space": " ", "quad": " ", "qquad": " ", "enspace": " ",
    "thinspace": " ", "nobreakspace": " ", "newline": " ", "linebreak": " ", "break": " ",
    "hyphen": "-", "textendash*": "–", "textcompwordmark": "", "nobreakdash": "",
    "ss": "ß", "SS": "SS", "i": "ı", "j": "ȷ",
}  # fmt: skip

# Control word -> text (letters, symbols, Greek, math).
WORDS: dict[str, str] = {name: char for char, name in _LETTERS.items()}
WORDS.update(_GREEK)
WORDS.update(_MATH)
WORDS.update(_TEXT)

# Unicode symbol -> LaTeX (encoding direction); letters come from LETTER_LATEX.
SYMBOL_LATEX: dict[str, str] = {
    "\u2013": "--",
    "\u2014": "---",
    "\u201c": "``",
    "\u201d": "''",
    "\u2018": "{\\textquoteleft}",
    "\u2019": "{\\textquoteright}",
    "\u00a0": "~",
    "\u2009": "\\,",
    "\u202f": "\\,",
    "\u2026": "{\\ldots}",
    "\u00ab": "{\\guillemotleft}",
    "\u00bb": "{\\guillemotright}",
    "\u201e": "{\\quotedblbase}",
    "\u00a7": "{\\S}",
    "\u00b6": "{\\P}",
    "\u00a9": "{\\copyright}",
    "\u00ae": "{\\textregistered}",
    "\u2122": "{\\texttrademark}",
    "\u00b0": "{\\textdegree}",
    "\u00a3": "{\\pounds}",
    "\u20ac": "{\\texteuro}",
    "\u00a1": "{\\textexclamdown}",
    "\u00bf": "{\\textquestiondown}",
    "\u00b7": "{\\textperiodcentered}",
    "\u2022": "{\\textbullet}",
    "\u2020": "{\\dag}",
    "\u2021": "{\\ddag}",
    "\u00b5": "{\\textmu}",
    "\u2212": "$-$",
    "\u00bd": "{\\textonehalf}",
    "\u00bc": "{\\textonequarter}",
    "\u00be": "{\\textthreequarters}",
    "\u2030": "{\\textperthousand}",
    "\u2032": "$\\prime$",
}
for _name, _char in (_GREEK | _MATH).items():
    if (
        _char not in SYMBOL_LATEX
        and not _char.isascii()
        and _name
        not in ("le", "ge", "ne", "to", "gets", "lnot", "land", "lor", "Box", "surd", "deg", "varnothing", "bot")
    ):
        SYMBOL_LATEX[_char] = "$\\" + _name + "$"
# Unicode's super- and subscript digits and signs as math scripts, which read back as these
# characters; \textsuperscript and \textsubscript are kept for rich-text <sup> and <sub>.
for _digit, (_sup, _sub) in enumerate(zip("⁰¹²³⁴⁵⁶⁷⁸⁹", "₀₁₂₃₄₅₆₇₈₉", strict=True)):
    SYMBOL_LATEX[_sup] = "$^{" + str(_digit) + "}$"
    SYMBOL_LATEX[_sub] = "$_{" + str(_digit) + "}$"
SYMBOL_LATEX.update({"⁺": "$^{+}$", "⁻": "$^{-}$", "₊": "$_{+}$", "₋": "$_{-}$"})

SUPERSCRIPTS: dict[str, str] = dict(zip("0123456789+-=()ni", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱ", strict=True))
SUBSCRIPTS: dict[str, str] = dict(zip("0123456789+-=()aeoxhklmnpst", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₒₓₕₖₗₘₙₚₛₜ", strict=True))

# Commands whose (last) argument is kept as text, with how it is transformed.
ARG_KEEP: dict[str, str] = {
    name: "keep"
    for name in [
        "emph",
        "textit",
        "textbf",
        "textsc",
        "textrm",
        "textsf",
        "texttt",
        "textup",
        "textsl",
        "textmd",
        "textnormal",
        "mbox",
        "hbox",
        "text",
        "mathrm",
        "mathit",
        "mathbf",
        "mathsf",
        "mathtt",
        "mathcal",
        "mathbb",
        "mathfrak",
        "mathnormal",
        "boldsymbol",
        "bm",
        "ensuremath",
        "NoCaseChange",
        "nocase",
        "underline",
        "uline",
        "textul",
        "sout",
        "emph",
        "mkbibemph",
        "mkbibitalic",
        "mkbibbold",
        "mkbibacro",
        "textenglish",
        "textfrench",
        "textgerman",
        "textspanish",
        "textitalian",
        "textlatin",
        "textgreek",
        "textrussian",
        "foreignquote",
        "hyperlink",
        "doi",
        "bibstring",
        "operatorname",
        "mathop",
        "fbox",
        "framebox",
        "makebox",
        "raisebox",
        "intitlecase",
    ]
}
ARG_KEEP.update(
    {
        "uppercase": "upper",
        "MakeUppercase": "upper",
        "MakeTextUppercase": "upper",
        "lowercase": "lower",
        "MakeLowercase": "lower",
        "MakeTextLowercase": "lower",
        "textsuperscript": "super",
        "mkbibsuperscript": "super",
        "textsubscript": "sub",
        "mkbibsubscript": "sub",
        "sqrt": "sqrt",
    }
)

# Commands that wrap their argument in quotation marks.
ARG_QUOTE: frozenset[str] = frozenset({"enquote", "mkbibquote", "textquote", "mkquote", "mkbibparens"})

# Commands whose first n arguments are not text (then any further group is read as text).
ARG_DROP: dict[str, int] = {
    "noopsort": 1,
    "SortNoop": 1,
    "sortnoop": 1,
    "NOOP": 1,
    "foreignlanguage": 1,
    "hyphenation": 1,
    "label": 1,
    "footnote": 1,
    "index": 1,
    "cite": 1,
    "citep": 1,
    "citet": 1,
    "color": 1,
    "textcolor": 1,
    "vspace": 1,
    "hspace": 1,
    "kern": 0,
    "rule": 2,
    "setlength": 2,
    "selectlanguage": 1,
    "iflanguage": 1,
}

# Declarations and spacing commands that produce no text.
DECLARATIONS: frozenset[str] = frozenset(
    [
        "em",
        "it",
        "bf",
        "sc",
        "rm",
        "sf",
        "tt",
        "sl",
        "md",
        "up",
        "itshape",
        "bfseries",
        "scshape",
        "upshape",
        "mdseries",
        "normalfont",
        "slshape",
        "sffamily",
        "rmfamily",
        "ttfamily",
        "small",
        "footnotesize",
        "large",
        "Large",
        "LARGE",
        "huge",
        "Huge",
        "tiny",
        "scriptsize",
        "normalsize",
        "relax",
        "protect",
        "nobreak",
        "noindent",
        "centering",
        "raggedright",
        "raggedleft",
        "unskip",
        "ignorespaces",
        "xspace",
        "leavevmode",
        "null",
        "displaystyle",
        "textstyle",
        "scriptstyle",
        "mathstrut",
        "strut",
        "bgroup",
        "egroup",
        "allowbreak",
        "boldmath",
        "unboldmath",
        "left",
        "right",
        "big",
        "Big",
        "bigg",
        "Bigg",
        "bigl",
        "bigr",
        "Bigl",
        "Bigr",
        "mathrel",
        "mathbin",
        "mathord",
        "mathopen",
        "mathclose",
        "frenchspacing",
        "nonfrenchspacing",
        "noopsortnop",
        "hfill",
        "vfill",
        "smallskip",
        "medskip",
        "bigskip",
        "par",
    ]
)
