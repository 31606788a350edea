"""Split an author (or editor) block into names, whatever order and punctuation it uses.

Reference styles write the same three people as `May C, Montori VM, Mair FS`,
`May, C., Montori, V. M., & Mair, F. S.`, `C. May, V. M. Montori and F. S. Mair`,
`May, C.; Montori, V.M.; Mair, F.S.`, `MAY C, MONTORI V M` (GB/T) or `ZHAO Xiaozhen`
(pinyin); groups (`GTEx Consortium`) and CJK names are kept whole. The block is first cut
into name pieces, then each piece is read as family name and initials; a piece that is
only initials belongs to the family name before it (`May, C.`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..text import IDEOGRAPHS
from .features import word_classes

ET_AL = re.compile(
    r"[,，;]?\s*(?:\bet\.?\s*al\b\.?|\band\s+others\b|\bet\s+col\.?|\bu\.\s*a\.|等\.?|\.\.\.|…)\s*[.,]?\s*$",
    re.I)
CJK_NAME = re.compile(rf"^[{IDEOGRAPHS}·•\s]{{1,12}}$")
# "A.", "A.B.", "A. B.", "AB", "A-B", "A.-B.", "Ch.": the given names as initials
INITIALS = re.compile(r"^(?:(?:[A-Z][a-z]?\.?|[A-Z]\.?-[A-Z]\.?)\s*){1,5}$")
_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"[^\W\d_]+")
_ACRONYM = re.compile(r"[A-Z]{2,8}")  # WHO, CDC, UNICEF: a group when group_words lists it
_BY = re.compile(r"^\s*(?:by|por|von)\s+", re.I)
_EDS_BRACKETED = re.compile(r"\s*\((?:eds?|editors?|hrsg|orgs?|coords?)\.?\)\s*\.?$", re.I)
_EDS = re.compile(r"[,.]?\s*\b(?:eds?|editors?)\.?$", re.I)
_GIVEN = re.compile(r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?|(?:[A-Z]\.?-?){1,3}")
_DOTTED_INITIAL = re.compile(r"(?:[A-Z][a-z]?\.)+(?:-[A-Z]\.?)?|[A-Z]\.?-[A-Z]\.?")
_INITIAL_WORD = re.compile(r"[A-Z]{1,4}|(?:[A-Z][a-z]?\.){1,4}|[A-Z]\.?-[A-Z]\.?")
_INITIAL_SPLIT = re.compile(r"[\s.]+")
_AND = re.compile(r"\s*(?:,\s*)?(?:\band\b|&|\by\b|\be\b|\bund\b|\bet\b|和|与)\s+", re.I)


@dataclass(frozen=True)
class Name:
    family: str
    initials: str = ""
    group: bool = False


def split_names(block: str) -> tuple[list[Name], bool]:
    """(names in order, whether the list ends with et al.)."""
    text = _SPACES.sub(" ", block).strip().strip(",;:")
    text = _BY.sub("", text)
    et_al = False
    match = ET_AL.search(text)
    if match:
        et_al, text = True, text[: match.start()].strip().rstrip(",;")
    text = _EDS_BRACKETED.sub("", text)
    text = _EDS.sub("", text).strip().rstrip(",")
    if not text:
        return [], et_al
    if _ACRONYM.fullmatch(text) and text.lower() in word_classes()["group_words"]:
        return [Name(text, group=True)], et_al  # "WHO, 2009.": an organisation, not initials
    if _is_group(text) and not re.search(r"[;]", text) and not any(
            _only_initials(p.strip(" .")) for p in re.split(r"[,，]", text)):
        return [Name(text.strip(" ."), group=True)], et_al
    pieces = _pieces(text)
    paired = _paired(pieces)
    if paired is not None:
        return paired, et_al
    names: list[Name] = []
    for piece in pieces:
        piece = piece.strip(" .,")
        if not piece:
            continue
        if names and not names[-1].initials and not names[-1].group and (
            _only_initials(piece) or (_given_like(piece) and " " not in names[-1].family)
        ):
            # "May, C." / "Adrian, Edgar D.": the piece is the given names of the family before
            names[-1] = Name(names[-1].family, _initials(piece))
            continue
        names.append(read_name(piece))
    return names, et_al


def _paired(pieces: list[str]) -> list[Name] | None:
    """`Di Giacomo, D., El Cheikh, J.`: family names and initials alternate through the list."""
    pieces = [p.strip(" .,") for p in pieces if p.strip(" .,")]
    if len(pieces) < 2 or len(pieces) % 2:
        return None
    families, givens = pieces[0::2], pieces[1::2]
    if not all(_only_initials(g) or _given_like(g) for g in givens):
        return None
    if any(_only_initials(f) or _is_group(f) or _initial_word(_unsuffixed(f).split()[-1])
           or _initial_word(f.split()[0], dotted=True) for f in families):
        return None  # "Montori VM, Mair FS", "Roberts LJ 2nd, Kirov AB": not alternating
    return [Name(_family(f), _initials(g)) for f, g in zip(families, givens, strict=True)]


def _has_suffix(words: list[str]) -> bool:
    """Whether the last word is a Jr, 2nd, III …: "Smith JA III", "Smith Jr"; but "Kirov IV"
    is Kirov I.V. (a roman numeral after the family name alone is its initials)."""
    last = words[-1].lower().strip(".") if words else ""
    return len(words) > 1 and last in word_classes()["name_suffixes"] and (
        len(words) > 2 or not last.isalpha() or last in ("jr", "sr"))


def _unsuffixed(piece: str) -> str:
    """The name without its suffix ("Roberts LJ 2nd" → "Roberts LJ")."""
    words = piece.split()
    return " ".join(words[:-1]) if _has_suffix(words) else piece


def _pieces(text: str) -> list[str]:
    if ";" in text or "；" in text:
        parts = re.split(r"\s*[;；]\s*", text)
        out: list[str] = []
        for part in parts:
            out.extend(p for p in _AND.split(part) if p)
        return out
    text = _AND.sub(", ", text)
    return [p for p in re.split(r"\s*[,，、]\s*", text) if p]


def _only_initials(piece: str) -> bool:
    return bool(INITIALS.match(piece.strip())) and len(piece.replace(".", "").replace(" ", "")) <= 5


def _given_like(piece: str) -> bool:
    words = piece.split()
    return 1 <= len(words) <= 3 and all(_GIVEN.fullmatch(w) for w in words)


def _is_group(text: str) -> bool:
    words = _WORD.findall(text.lower())
    if not words:
        return False
    groups = word_classes()["group_words"]
    if any(w in groups for w in words):
        return not INITIALS.match(text.split()[-1]) or len(words) > 3
    return False


def read_name(piece: str) -> Name:
    piece = _SPACES.sub(" ", piece).strip(" .,")
    if CJK_NAME.match(piece):
        return Name(piece.replace(" ", ""))
    if _is_group(piece):
        return Name(piece, group=True)
    if "," in piece:  # "McCollum, E.V." inside a ;-separated list
        family, given = (p.strip() for p in piece.split(",", 1))
        if given and (_only_initials(given) or _given_like(given)):
            return Name(_family(family), _initials(given))
    words = piece.split(" ")
    suffix = ""
    if _has_suffix(words):
        suffix, words = words[-1], words[:-1]
    # Family then initials: "Montori VM", "SAHA T K", "Ramalho-de Oliveira D"
    tail = len(words)
    while tail > 1 and _initial_word(words[tail - 1]):
        tail -= 1
    if tail < len(words):
        family = " ".join(words[:tail])
        return Name(_family(family, suffix), _initials(" ".join(words[tail:])))
    # Initials then family: "J. A. Smith", "E.-S. Kim", "van der Berg"
    head = 0
    while head < len(words) - 1 and _initial_word(words[head], dotted=True):
        head += 1
    if head:
        return Name(_family(" ".join(words[head:]), suffix), _initials(" ".join(words[:head])))
    # Pinyin / all-caps family with a full given name: "ZHAO Xiaozhen"
    if len(words) == 2 and words[0].isupper() and len(words[0]) > 1 and not words[1].isupper():
        return Name(_family(words[0], suffix), _initials(words[1]))
    # Full given names then family ("John Smith"); particles stay with the family
    if len(words) >= 2:
        particles = word_classes()["name_particles"]
        start = len(words) - 1
        while start > 1 and words[start - 1].lower() in particles:
            start -= 1
        given = words[:start]
        if all(w[:1].isupper() for w in given):
            return Name(_family(" ".join(words[start:]), suffix), _initials(" ".join(given)))
    return Name(_family(piece, suffix))


def _initial_word(word: str, dotted: bool = False) -> bool:
    if dotted:
        return bool(_DOTTED_INITIAL.fullmatch(word))
    return bool(_INITIAL_WORD.fullmatch(word))


def _initials(text: str) -> str:
    """'V M', 'VM', 'V.M.', 'Victor Manuel' → 'V.M.'; 'S-L', 'Sheng-Li' → 'S.-L.'."""
    out = []
    for word in _INITIAL_SPLIT.split(text.strip()):
        if not word:
            continue
        parts = word.split("-")
        if len(parts) > 1 and all(parts):
            out.append("-".join(p[0].upper() + "." for p in parts))
        elif word.isupper() and len(word) <= 4:
            out.extend(c + "." for c in word)
        elif len(word) == 2 and word[0].isupper() and word[1].islower():
            out.append(word + ".")  # "Ch." kept as written
        else:
            out.append(word[0].upper() + ".")
    return "".join(out)


def _family(text: str, suffix: str = "") -> str:
    family = text.strip(" ,.")
    if family.isupper() and len(family) > 1 and not CJK_NAME.match(family):
        # GB/T and some Vancouver lists capitalise family names: SAHA → Saha, O'BRIEN → O'Brien
        family = re.sub(r"[^\W\d_]+", lambda m: m.group(0).capitalize(), family.lower())
    return f"{family} {suffix}".strip() if suffix else family
