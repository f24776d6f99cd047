"""MinHash signatures and LSH band keys: near repeats share a band, strangers do not."""

from __future__ import annotations

from newslint.store.minhash import BANDS, SLOTS, band_keys, pack, signature, similarity, tokens

BASE = (
    "The county council voted on Tuesday to close the old swimming baths on Mill Lane "
    "after an engineer's report found the roof beyond repair and the pumps worn out"
)


def test_tokens_fold_case_quote_style_and_punctuation():
    assert tokens("The Baths\u2019 roof \u201cfailed\u201d, it said.") == [
        "the", "baths", "roof", "failed", "it", "said",
    ]  # fmt: skip


def test_a_signature_has_one_value_per_slot_and_is_deterministic():
    words = tokens(BASE)
    assert len(signature(words)) == SLOTS
    assert signature(words) == signature(list(words))


def test_a_lightly_edited_paragraph_shares_a_band_key():
    edited = BASE.replace("Tuesday", "Wednesday").replace("old", "ageing")
    assert set(band_keys(tokens(BASE))) & set(band_keys(tokens(edited)))


def test_an_unrelated_paragraph_shares_no_band_key():
    other = (
        "A local bakery has won a regional award for its sourdough, beating forty entries "
        "from across the north with a loaf proved for two full days"
    )
    assert not set(band_keys(tokens(BASE))) & set(band_keys(tokens(other)))


def test_keys_pack_to_eight_bytes_each():
    keys = band_keys(tokens(BASE))
    assert len(keys) == BANDS
    assert len(pack(keys)) == 8 * BANDS


def test_similarity_is_the_share_of_words_in_order():
    assert similarity(["a", "b", "c", "d"], ["a", "b", "c", "d"]) == 1.0
    assert similarity(["a", "b", "c", "d"], ["a", "b", "x", "d"]) == 0.75


def test_unpack_returns_what_pack_packed():
    from newslint.store.minhash import unpack

    keys = band_keys(tokens(BASE))
    assert unpack(pack(keys)) == tuple(keys)
