"""Near-duplicate paragraphs at archive scale: MinHash signatures and LSH band keys.

A paragraph becomes the set of its word trigrams. Its signature is a one-permutation
MinHash (Shrivastava and Li, 2014): each trigram is hashed once with CRC-32, the hash picks
one of `SLOTS` slots and keeps the smallest value there; empty slots borrow from the next
filled one ("densification"). Two paragraphs agree in a slot with probability close to the
Jaccard similarity of their trigram sets.

Slots are cut into `BANDS` bands of `ROWS`; each band is hashed to one key. Paragraphs that
share any key are candidates; anything else is never compared, so a lookup costs the same
whatever the number of paragraphs stored. With 3 rows and 42 bands, a pair with Jaccard 0.5
(a few words changed in a 25-word paragraph) shares a key 99.6% of the time, one with
Jaccard 0.3 about 68%, and unrelated paragraphs (Jaccard near 0.01) almost never.
Candidates are then confirmed on their words by the caller.

Standard library only: `datasketch` would add numpy and scipy to a linter that otherwise
needs neither, for about twenty lines of hashing.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Sequence

from newslint.analysis.words import words

ROWS = 3
BANDS = 42
SLOTS = ROWS * BANDS
SHINGLE = 3
_VALUE_BITS = 26  # a CRC-32 hash: h % SLOTS chooses the slot, h // SLOTS (< 2**26) is kept
_EMPTY = 1 << 40

# The words of a paragraph, normalised (one tokeniser for the whole project).
tokens = words


def signature(words: Sequence[str]) -> list[int]:
    """The one-permutation MinHash of the word trigrams, `SLOTS` values."""
    slots = [_EMPTY] * SLOTS
    grams = (
        [" ".join(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)]
        if len(words) >= SHINGLE
        else [" ".join(words)]
    )
    for gram in grams:
        h = zlib.crc32(gram.encode())
        slot, value = h % SLOTS, h // SLOTS
        if value < slots[slot]:
            slots[slot] = value
    if all(v == _EMPTY for v in slots):
        return slots
    # Densify: an empty slot takes the next filled slot's value (circularly), marked with
    # the distance so that borrowed values only match values borrowed the same way. One
    # backward pass over the slots twice round finds every slot's next filled one.
    nearest, distance = _EMPTY, 0
    for i in range(2 * SLOTS - 1, -1, -1):
        value = slots[i % SLOTS]
        if value < _EMPTY and value >> _VALUE_BITS == 0:
            nearest, distance = value, 0
        else:
            distance += 1
            if i < SLOTS and nearest != _EMPTY:
                slots[i] = nearest + (distance << _VALUE_BITS)
    return slots


def band_keys(words: Sequence[str]) -> list[int]:
    """One key per band, `band << 32 | crc32(values)`: a band matches only itself."""
    packed = memoryview(struct.pack(f"<{SLOTS}Q", *signature(words)))
    width = 8 * ROWS
    return [
        (band << 32) | zlib.crc32(packed[band * width : band * width + width])
        for band in range(BANDS)
    ]


def pack(keys: Sequence[int]) -> bytes:
    """Band keys as compact bytes, for summaries that cross processes and caches."""
    return struct.pack(f"<{len(keys)}Q", *keys)


def unpack(data: bytes) -> tuple[int, ...]:
    """The band keys `pack` made; `len(data)` is a multiple of 8 bytes."""
    return struct.unpack(f"<{len(data) // 8}Q", data)


def similarity(a: Sequence[str], b: Sequence[str]) -> float:
    """Share of words two paragraphs have in common, in order (difflib's ratio), as
    duplicate-paragraph measures within one article."""
    from difflib import SequenceMatcher  # only a candidate pair pays for it

    return SequenceMatcher(None, a, b, autojunk=False).ratio()
