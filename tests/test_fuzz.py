"""Fuzzing (benchmarks/fuzz.py): 2,000 mutants of the test models, golden inputs and examples,
each migrated to both targets with random options, give a result or a diagnostic: no other
exception, no migration over the time limit, none over the memory limit.

The mutants are seeded (``NNPORT_FUZZ_SEED``, default 1; the benchmark runs seed 0), so a
failure is rebuilt with ``python -m benchmarks.fuzz --show SEED:INDEX``. About a minute on
one core.
"""
import os

import pytest

from benchmarks.fuzz import OUTCOMES, fuzz, group_lines

MUTANTS = 2_000


@pytest.mark.slow
def test_mutants_give_a_result_or_a_diagnostic():
    seed = int(os.environ.get("NNPORT_FUZZ_SEED", "1"))
    report = fuzz(MUTANTS, seed=seed, workers=1)
    counts = report.counts()
    assert report.mutants == MUTANTS and sum(counts.values()) == 2 * MUTANTS
    assert set(counts) <= set(OUTCOMES)
    assert counts["ok"] > MUTANTS // 4 and counts["diagnostic"] > MUTANTS // 4  # mutants both pass and fail
    assert not report.failures(), report.summary() + "\n" + "\n".join(group_lines(report))
