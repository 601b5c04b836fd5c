"""The sentence encoder shared by search, themes and suggestions (data_access/manifesto/embedding.py)."""

from __future__ import annotations

import threading

import numpy as np

from data_access.manifesto import embedding


def test_vectors_are_unit_rows_of_the_stated_dimension() -> None:
    assert embedding.available()
    vectors = embedding.encode(["Former les agents à l'intelligence artificielle", "Des pistes cyclables sûres"])
    assert vectors.shape == (2, embedding.DIMENSION)
    assert vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_empty_input_and_blank_text() -> None:
    assert embedding.encode([]).shape == (0, embedding.DIMENSION)
    vectors = embedding.encode(["   ", "Héberger les données en France"])
    assert not vectors[0].any()
    assert np.isclose(float(np.linalg.norm(vectors[1])), 1.0, atol=1e-5)


def test_same_wording_same_vector_and_same_key() -> None:
    one, two = embedding.encode(["Ouvrir le code  source ", "Ouvrir le code source"])
    assert float(one @ two) > 0.999
    assert embedding.text_key("Ouvrir le code  source ") == embedding.text_key("Ouvrir le code source")
    assert embedding.text_key("Ouvrir le code source") != embedding.text_key("ouvrir le code")


def test_batched_equals_single_and_threads_share_one_model() -> None:
    texts = [f"Proposition numéro {n} sur la mobilité rurale" for n in range(70)]
    batched = embedding.encode(texts)
    results: dict[int, np.ndarray] = {}

    def work(n: int) -> None:
        results[n] = embedding.encode([texts[n]])[0]

    threads = [threading.Thread(target=work, args=(n,)) for n in (0, 65)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert float(results[0] @ batched[0]) > 0.999
    assert float(results[65] @ batched[65]) > 0.999


def test_a_paraphrase_is_closer_than_another_topic() -> None:
    query, paraphrase, other = embedding.encode([
        "protection de la vie privée des habitants",
        "garder confidentielles les données personnelles des usagers",
        "planter des arbres le long des routes départementales",
    ])
    assert float(query @ paraphrase) > float(query @ other)
