"""Static word embeddings shipped inside a package (wordllama's 256-dimension token vectors, 16 MB in its
wheel): each paper's title and abstract as one vector. Nothing is downloaded; the model loads from the
installed package in under a second and embeds 10,000 abstracts in seconds on one core."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np

DIMENSIONS = 256


@lru_cache(maxsize=1)
def model():
    import wordllama  # imported here: only the steps that embed pay for loading it
    from wordllama import WordLlama
    # The package's own folder holds the weights and the tokenizer; its default loader looks elsewhere and
    # would try the network.
    return WordLlama.load(cache_dir=Path(wordllama.__file__).parent, disable_download=True, dim=DIMENSIONS)


def embed(texts: list[str]) -> np.ndarray:
    """Unit vectors, centred on the collection's mean first: what every abstract of a collection shares
    (its field's vocabulary) would otherwise make every pair look alike."""
    vectors = np.asarray(model().embed(texts), dtype=np.float32)
    vectors -= vectors.mean(axis=0)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return vectors / norms
