from __future__ import annotations

import numpy as np

from engine.matching.lsh import CODE_BITS, bucket_of, buckets_of, prefix_bits_for, probe_codes, probe_ranges


def unit(seed: int) -> np.ndarray:
    vector = np.random.default_rng(seed).standard_normal(384).astype(np.float32)
    return vector / np.linalg.norm(vector)


def test_the_stored_code_fits_an_integer_column_and_is_stable() -> None:
    vector = unit(1)
    assert 0 <= bucket_of(vector) < 2**CODE_BITS
    assert bucket_of(vector) == bucket_of(vector.copy())
    assert buckets_of(np.stack([vector, unit(2)])).tolist() == [bucket_of(vector), bucket_of(unit(2))]


def test_the_first_probe_is_the_vectors_own_bucket() -> None:
    vector = unit(3)
    bits = prefix_bits_for(100_000)
    assert probe_codes(vector, bits)[0] == bucket_of(vector) >> (CODE_BITS - bits)


def test_probes_are_distinct_and_ranges_cover_them() -> None:
    vector = unit(4)
    codes = probe_codes(vector, 16, probes=500)
    assert len(codes) == len(set(codes)) == 500
    ranges = probe_ranges(vector, 16, probes=500)
    shift = CODE_BITS - 16
    assert all(any(low <= code << shift <= high for low, high in ranges) for code in codes)


def test_a_near_vector_is_found_within_the_probes() -> None:
    vector = unit(5)
    near = vector + 0.3 * unit(6)
    near /= np.linalg.norm(near)
    bits = prefix_bits_for(100_000)
    assert bucket_of(near) >> (CODE_BITS - bits) in probe_codes(vector, bits)


def test_bucket_resolution_grows_with_the_archive() -> None:
    assert prefix_bits_for(1_000) < prefix_bits_for(10_000) < prefix_bits_for(100_000) <= CODE_BITS
