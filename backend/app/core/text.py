"""Vietnamese text helpers: accent folding for search and a collation key for name order.

Kept in Python (not ICU collations) so that PostgreSQL and SQLite sort and search identically and keyset
pagination can compare stored keys.
"""

from __future__ import annotations

import unicodedata

_EXTRA_FOLD = str.maketrans({"đ": "d", "Đ": "d", "ð": "d"})


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def fold(text: str | None) -> str:
    """Accent- and case-insensitive search key: 'Nguyễn Văn Đức' -> 'nguyen van duc' (NFC or NFD input)."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", text.translate(_EXTRA_FOLD))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.translate(_EXTRA_FOLD).lower().split())


# Vietnamese alphabet order: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y (f j w z for loans).
_BASES = "a ă â b c d đ e ê f g h i j k l m n o ô ơ p q r s t u ư v w x y z".split()
_BASE_RANK = {b: i for i, b in enumerate(_BASES)}
# Tone order used by Vietnamese dictionaries: none, huyền, hỏi, ngã, sắc, nặng.
_TONE_RANK = {"": 0, "\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_VOWEL_MARKS = {"\u0306": "ă", "\u0302": "â", "\u031b": "ơ"}  # breve, circumflex, horn (ơ/ư resolved below)


def _split_letter(ch: str) -> tuple[str, int]:
    """Return (base letter in the Vietnamese alphabet, tone rank) for one lower-case character."""
    if ch == "đ":
        return "đ", 0
    decomposed = unicodedata.normalize("NFD", ch)
    base, marks = decomposed[0], decomposed[1:]
    tone = 0
    letter = base
    for m in marks:
        if m in _TONE_RANK:
            tone = _TONE_RANK[m]
        elif m == "\u0306" and base == "a":
            letter = "ă"
        elif m == "\u0302" and base in "aeo":
            letter = {"a": "â", "e": "ê", "o": "ô"}[base]
        elif m == "\u031b" and base in "ou":
            letter = {"o": "ơ", "u": "ư"}[base]
    return letter, tone


def vi_sort_key(text: str | None) -> str:
    """A string whose byte order is Vietnamese dictionary order (letters first, tones as a tie-break).

    Letters map to two-character codes; the tone sequence is appended after a space so that
    'Ha' < 'Hà' < 'Hả' < 'Hã' < 'Há' < 'Hạ' and 'Dung' < 'Đức', 'Uy' < 'Ư'.
    """
    if not text:
        return ""
    primary: list[str] = []
    tones: list[str] = []
    for ch in unicodedata.normalize("NFC", text).lower():
        if ch.isspace():
            primary.append(" ")
            continue
        letter, tone = _split_letter(ch)
        rank = _BASE_RANK.get(letter)
        if rank is None:
            # digits and punctuation keep their own order, after a space and before letters
            primary.append("!" + ch if ch.isdigit() else "#" + ch)
        else:
            primary.append(chr(ord("A") + rank // 26) + chr(ord("a") + rank % 26))
        tones.append(str(tone))
    # The space separator sorts below every letter code, so a prefix sorts first ("An" < "Ánh").
    return "".join(primary) + " " + "".join(tones)
