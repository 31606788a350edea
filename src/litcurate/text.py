"""Text at one place: what counts as CJK, how markup is removed, how text is folded to compare.

Every module that compares names, titles or words, or removes tags, imports from here, so
that two parts of the pipeline never disagree about whether two strings are the same.
"""

from __future__ import annotations

import html
import re
import unicodedata

from unidecode import unidecode

# CJK ideographs: Extension A, the Unified block and the Compatibility block.
IDEOGRAPHS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
IDEOGRAPH = re.compile(f"[{IDEOGRAPHS}]")
# Scripts written without spaces between words: ideographs, kana, hangul (tokenised as runs)
UNSPACED = IDEOGRAPHS + "\u3040-\u30ff\uac00-\ud7af"

# An HTML/XML/JATS tag: `<sub>`, `</jats:p>`, `<span class="x">`; never `<https://…>` (an
# autolink) nor `a < b > c` (a comparison).
TAG = re.compile(r"</?[A-Za-z][\w:.-]{0,30}(?:\s[^<>]{0,1000})?/?>")
# The formatting tags PDF conversion leaves inside a reference entry; any other tag there is
# text the author wrote (and is escaped on output, never obeyed).
INLINE_TAG = re.compile(r"</?(?:sub|sup|i|b|em|strong|span)\b[^<>]{0,40}>", re.I)
# MathML keeps a second copy of the formula (TeX, or a description) in its annotations: the
# reader sees the formula once, so the annotation goes before the tags do.
_ANNOTATION = re.compile(r"<((?:\w+:)?annotation(?:-xml)?)\b[^>]*>.*?</\1>", re.S | re.I)
_SUB_SUP = re.compile(r"<(sub|sup)>([^<>]{1,40})</\1>", re.I)
_SUB = str.maketrans("0123456789+-=()aeoxhklmnpst", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₒₓₕₖₗₘₙₚₛₜ")
_SUP = str.maketrans("0123456789+-=()in", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁱⁿ")

# LaTeX left in text by PDF conversion: `$\gamma$`, `$\geq$`, `$^{3}$`.
_LATEX_SYMBOLS = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "varepsilon": "ε",
    "zeta": "ζ", "eta": "η", "theta": "θ", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν",
    "xi": "ξ", "pi": "π", "rho": "ρ", "sigma": "σ", "tau": "τ", "phi": "φ", "varphi": "φ",
    "chi": "χ", "psi": "ψ", "omega": "ω", "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ",
    "Lambda": "Λ", "Sigma": "Σ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
    "geq": "≥", "ge": "≥", "leq": "≤", "le": "≤", "pm": "±", "times": "×", "approx": "≈",
    "sim": "∼", "neq": "≠", "rightarrow": "→", "to": "→", "cdot": "·", "infty": "∞",
    "degree": "°", "circ": "°", "%": "%",
}
# math only when it holds a command, a sub- or superscript: `$5 and $6` stays money
_MATH = re.compile(r"(\s?)\$([^$\n]{0,40}[\\^_][^$\n]{0,40})\$(\s?)")
_COMMAND = re.compile(r"\\([A-Za-z]+|%)\s?")
_SCRIPT = re.compile(r"([_^])(?:\{([^{}]{1,20})\}|([A-Za-z0-9+\-]))")


def is_ideograph(char: str) -> bool:
    return bool(char) and IDEOGRAPH.match(char) is not None


def has_cjk(text: str) -> bool:
    """Whether `text` holds a CJK ideograph: such a cue matches inside running text."""
    return IDEOGRAPH.search(text or "") is not None


def is_wide(char: str) -> bool:
    """A character set wide (ideographs, kana, full-width punctuation): no space around it
    when two fragments are joined, and two columns in a table's width."""
    return bool(char) and unicodedata.east_asian_width(char) in ("W", "F")


def strip_tags(text: str, replace: str = "") -> str:
    """Tags removed (HTML, JATS), their text kept: `mSiO<sub>2</sub>` → `mSiO2`."""
    return TAG.sub(replace, text or "")


def _mapped(body: str, table: dict) -> bool:
    return all(ord(c) in table for c in body)


def _math(match: re.Match) -> str:
    """Inline math as text; the spaces conversion put around it go where the neighbour is
    CJK or a hyphen (` $\\gamma$ -分泌酶` → `γ-分泌酶`)."""
    body = _COMMAND.sub(lambda m: _LATEX_SYMBOLS.get(m.group(1), ""), match.group(2))

    def script(found: re.Match) -> str:
        value = found.group(2) or found.group(3)
        table = _SUB if found.group(1) == "_" else _SUP
        return value.translate(table) if _mapped(value, table) else value

    body = _SCRIPT.sub(script, body).replace("{", "").replace("}", "").strip()
    before = match.string[match.start() - 1: match.start()] if match.start() else ""
    after = match.string[match.end(): match.end() + 1]
    lead = "" if not before or is_wide(before) or before == "(" else match.group(1)
    trail = "" if not after or is_wide(after) or after in "-)" else match.group(3)
    return f"{lead}{body}{trail}"


def scripts_as_text(text: str) -> str:
    """Only the math and sub/superscripts of `readable` (`$\\gamma$` → γ, `CO<sub>2</sub>` →
    CO₂), other markup kept: for the reference parser, which reads italics and bold."""
    return _SUB_SUP.sub(lambda m: _script_tag(m.group(1), m.group(2)), _MATH.sub(_math, text))


def readable(text: str, tag_space: str = "", inline_only: bool = False) -> str:
    """What PDF conversion left, as a reader sees it: `$\\gamma$` → γ, `m<sup>2</sup>` → m²,
    other tags removed (replaced by `tag_space`), entities decoded. Every text an output
    shows goes through here. `inline_only` removes only formatting tags (INLINE_TAG)."""
    if not text:
        return text or ""
    text = _MATH.sub(_math, _ANNOTATION.sub("", text))
    text = _SUB_SUP.sub(lambda m: _script_tag(m.group(1), m.group(2)), text)
    stripped = INLINE_TAG.sub(tag_space, text) if inline_only else strip_tags(text, tag_space)
    return html.unescape(stripped)


def _script_tag(kind: str, body: str) -> str:
    table = _SUB if kind.lower() == "sub" else _SUP
    return body.translate(table) if _mapped(body, table) else body


def words(text: str) -> str:
    """Titles compared: tags out, ASCII, lower case, words of letters and digits."""
    folded = unidecode(readable(text or "", " ")).lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", folded).split())


def squeezed(text: str) -> str:
    """A title or journal name compared whatever its spacing: markup out (no space put in
    its place), entities decoded, ASCII, lower case, letters and digits only, `&` read as
    `and`. Crossref's `HfO<sub>2</sub>`, `an<i>R</i>package` and `theTúngara frog` equal
    what an author types (`HfO2`, `an R package`, `the Túngara frog`)."""
    plain = readable(text or "")
    plain = re.sub(r"\s*&\s*", " and ", plain)
    return re.sub(r"[^a-z0-9]", "", unidecode(plain).lower())


def compact(text: str) -> str:
    """A BibTeX key part: ASCII letters and digits only (`Gökbuğut` → `gokbugut`)."""
    return re.sub(r"[^a-z0-9]", "", unidecode(text or "").lower())


def person(text: str) -> str:
    """A person's name compared: ASCII letters, hyphens read as spaces (`Jean-Michel`)."""
    return re.sub(r"[^a-z ]", "", unidecode(text or "").lower().replace("-", " ")).strip()


def folded(text: str) -> str:
    """Case and diacritics folded, everything else kept (`Näätänen, 1982` → `naatanen, 1982`):
    where words stand still matters (an author next to a year)."""
    decomposed = unicodedata.normalize("NFKD", (text or "").casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def name_key(text: str) -> str:
    """A family name as citations are matched on it: folded, letters only, ideographs kept
    (`de Vos` == `De Vos`, `Sitthi-amorn` == `sitthiamorn`, `Müller` == `muller`)."""
    return re.sub(r"[\W\d_]", "", folded(text))


def name_words(text: str) -> str:
    """Drug, target and trial names compared: case, hyphens and spaces folded, Greek kept
    ('CD7-CAR T' = 'cd7 car t', 'IFN-γ' = 'ifn γ')."""
    return " ".join(re.findall(r"[0-9a-zα-ω/+]+", (text or "").lower()))


def join_fragments(first: str, second: str) -> str:
    """Join two pieces of one sentence split by a line or page break.

    No space between Chinese characters (or full-width punctuation); one space otherwise.
    An emphasis marker whose opening half was lost at the break is re-opened at the break.
    """
    first, second = first.rstrip(), second.lstrip()
    if not first:
        return second
    if not second:
        return first
    if _single_stars(first) % 2 == 0 and _single_stars(second) % 2 == 1:
        second = "*" + second
    glue = "" if is_wide(first[-1]) or is_wide(second[0]) else " "
    return first + glue + second


def _single_stars(text: str) -> int:
    return len(re.findall(r"(?<!\*)\*(?!\*)", text.replace("\\*", "")))


def clipped(text: str, limit: int) -> str:
    """White space folded, and cut to `limit` characters with an ellipsis: a quotation in a
    finding's message, long enough to recognise, short enough to read."""
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"
