"""Static word embeddings shipped inside a package (wordllama's 256-dimension token vectors, 16 MB in its
wheel): each paper's title and abstract as one vector, the mean of its tokens' vectors. Nothing is
downloaded; the model loads from the installed package in under a second.

The mean is taken as one sparse product (token counts per text, times the embedding table) instead of
wordllama's own loop over padded batches: the same vectors (up to float32 rounding), faster."""

from __future__ import annotations

import re
from array import array
from functools import lru_cache
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix

DIMENSIONS = 256


@lru_cache(maxsize=1)
def model():
    import wordllama  # imported here: only the steps that embed pay for loading it
    from wordllama import WordLlama
    # The package's own folder holds the weights and the tokenizer; its default loader looks elsewhere and
    # would try the network.
    return WordLlama.load(cache_dir=Path(wordllama.__file__).parent, disable_download=True, dim=DIMENSIONS)


# A text as the tokenizer's model sees it (wordllama's is Llama 2's: no pre-tokenizer; its normalizer turns
# each space into "▁" and puts one before the text): pieces that each begin with their spaces. No token of
# its vocabulary holds a "▁" after another character, so no merge crosses from one piece into the next, and
# tokenizing the distinct pieces once gives each text the tokens the whole text would get
# (tests/test_topics_related_links.py compares them). At 8,593 synthetic abstracts the means took 3.6 s
# from whole texts, 1.9 s this way (most of it counting the pieces).
PIECE = re.compile(r" +[^ ]*")


def splits_at_spaces(tokenizer) -> bool:
    """Whether the tokenizer is one that PIECE may split (checked, in case a wordllama release changes it)."""
    return tokenizer.pre_tokenizer is None and "Prepend" in repr(tokenizer.normalizer) and \
        not any(re.search("[^\u2581]\u2581", token) for token in tokenizer.get_vocab())


def token_counts(texts: list[str], tokenizer) -> csr_matrix:
    """How often each token of the vocabulary occurs in each text (one row per text): the texts' distinct
    pieces are tokenized once each (whole texts are the pieces when the tokenizer is not one PIECE fits)."""
    if splits_at_spaces(tokenizer):
        split = PIECE.findall
        def tokenize(piece): return [token.id for token in tokenizer.model.tokenize(piece.replace(" ", "\u2581"))]
    else:
        def split(text): return [text[1:]]
        def tokenize(piece): return tokenizer.encode(piece, add_special_tokens=False).ids
    pieces: dict[str, int] = {}
    number = pieces.setdefault
    # Each text's pieces as their numbers, one row of a CSR matrix (a piece repeated in a text is summed by
    # the product below), in machine integers: at 25,000 abstracts Python lists took 325 MB. Counting the
    # pieces per text first (a Counter per text, three appends per piece) took 2.0 s at 8,593 synthetic
    # abstracts where this takes 1.3 s.
    columns, ends = array("i"), array("q", [0])
    for text in texts:
        if text:  # "" gets no "▁"
            columns.extend([number(piece, len(pieces)) for piece in split(" " + text)])
        ends.append(len(columns))
    in_texts = csr_matrix((np.ones(len(columns), dtype=np.float32), np.frombuffer(columns, dtype=np.int32),
                           np.frombuffer(ends, dtype=np.int64)), shape=(len(texts), len(pieces)))
    del columns, ends
    piece_rows, token_ids = array("i"), array("i")
    for index, piece in enumerate(pieces):
        for token_id in tokenize(piece):
            piece_rows.append(index)
            token_ids.append(token_id)
    tokens = csr_matrix((np.ones(len(piece_rows), dtype=np.float32), (np.frombuffer(piece_rows, dtype=np.int32),
                                                                      np.frombuffer(token_ids, dtype=np.int32))),
                        shape=(len(pieces), tokenizer.get_vocab_size()))
    return (in_texts @ tokens).tocsr()


def token_means(texts: list[str]) -> np.ndarray:
    """Each text's mean token vector, as wordllama's embed() computes it (without normalization)."""
    loaded = model()
    counts = token_counts(texts, loaded.tokenizer)
    lengths = np.asarray(counts.sum(axis=1)).ravel()
    return np.asarray(counts @ loaded.embedding) / np.maximum(lengths, 1)[:, None].astype(np.float32)


def embed(texts: list[str]) -> np.ndarray:
    """Unit vectors, centred on the collection's mean first: what every abstract of a collection shares
    (its field's vocabulary) would otherwise make every pair look alike."""
    vectors = token_means(texts).astype(np.float32)
    vectors -= vectors.mean(axis=0)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return vectors / norms
