"""Property run: random valid architectures drawn from the catalog, written as source code in one
framework, migrated to the other and verified; every outcome is recorded, failures included.

The architectures and the source writer are the property test's (tests/test_property_migration.py):
this runs many more examples, in both directions, and never stops at the first failure.
"""
from __future__ import annotations

import sys
from collections import Counter

from .common import ROOT, Settings, first_line, markdown_table, write_csv, write_markdown

COLUMNS = ["example", "family", "direction", "layers", "outcome", "max_mad", "error"]
TRIALS = 2
EXCLUDED = ("1-D signals whose first layer is not a convolution: the PyTorch frontend types such an input "
            "(N, T, C), so pooling runs over channels after migration (xfail test)",
            "strided and dilated convolutions: Keras refuses strides > 1 with dilation_rate > 1, so they are "
            "not valid in both frameworks (PyTorch to Keras: test_strided_dilated_convolution)")
OUTCOMES = ("pass", "mismatch", "migrate error", "verify error")


def _property_test():
    tests = str(ROOT / "tests")
    if tests not in sys.path:
        sys.path.insert(0, tests)  # the test module and its layer builders
    import test_property_migration

    return test_property_migration


def outcome(prop, framework: str, layers, input_shape) -> dict:
    """Which stage an example reached: migration, verification (building, running) or the verdict."""
    import tempfile
    from pathlib import Path

    import nnport

    with tempfile.TemporaryDirectory() as folder:
        try:
            source, migrated = prop.write_and_migrate(framework, layers, input_shape, Path(folder))
        except Exception as exc:  # noqa: BLE001 - recorded, the run goes on
            return {"outcome": "migrate error", "error": first_line(exc)}
        try:
            result = nnport.verify(source, migrated, trials=TRIALS, batch=2, per_layer=False)
        except Exception as exc:  # noqa: BLE001
            return {"outcome": "verify error", "error": first_line(exc)}
    return {"outcome": "pass" if result.passed else "mismatch", "max_mad": result.max}


def examples(prop, family: str, framework: str, count: int) -> list[dict]:
    """``count`` architectures of one family (hypothesis, derandomized), each migrated and verified."""
    from hypothesis import HealthCheck, Phase, given, settings

    strategy = {"image": prop.image_network, "signal": prop.signal_network, "vector": prop.vector_network}[family]()
    rows: list[dict] = []

    @settings(max_examples=count, deadline=None, derandomize=True, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(strategy)
    def record(drawn):
        input_shape, layers = drawn
        target = "keras" if framework == "torch" else "torch"
        rows.append({"family": family, "direction": f"{framework}->{target}",
                     "layers": " > ".join(kind for kind, _ in layers), "input_shape": input_shape,
                     "architecture": layers, **outcome(prop, framework, layers, input_shape)})

    record()
    return rows


def failure_sections(prop, rows: list[dict]) -> list[str]:
    """Each distinct failure once, with the source code of its first example."""
    seen, sections = set(), []
    for row in rows:
        key = (row["direction"], row["outcome"], row.get("error", ""))
        if row["outcome"] == "pass" or key in seen:
            continue
        seen.add(key)
        framework = row["direction"].split("->")[0]
        code = prop.source_code(framework, row["architecture"], row["input_shape"])
        sections.append(f"### Example {row['example']}: {row['outcome']} ({row['direction']})\n\n"
                        f"{row.get('error') or 'max abs difference %.3g' % row['max_mad']}\n\n```python\n{code}```\n")
    return sections


def run(settings: Settings) -> list[dict]:
    per_group = settings.pick(3, 34, 100)  # 6 groups: image/signal/vector x both directions (>= 200)
    prop = _property_test()
    rows = [row for family in ("image", "signal", "vector") for framework in ("torch", "keras")
            for row in examples(prop, family, framework, per_group)]
    for i, row in enumerate(rows, 1):
        row["example"] = i
    write_csv("property_migration", rows, COLUMNS)
    counts = Counter((r["direction"], r["outcome"]) for r in rows)
    summary = [{"direction": d, "examples": sum(n for (dd, _), n in counts.items() if dd == d),
                **{o: counts.get((d, o), 0) for o in OUTCOMES}}
               for d in ("torch->keras", "keras->torch")]
    passed = sum(r["outcome"] == "pass" for r in rows)
    head = (f"{passed} / {len(rows)} random architectures migrate and verify ({TRIALS} trials each, "
            "batch 2, atol 1e-5).\n")
    sections = [head, markdown_table(summary, ["direction", "examples", *OUTCOMES]),
                "Every example: `property_migration.csv`. Not drawn (see tests/test_property_migration.py):\n",
                "".join(f"- {e}\n" for e in EXCLUDED),
                "## Distinct failures\n",
                *(failure_sections(prop, rows) or ["None.\n"])]
    write_markdown("property_migration", "Property run: random catalog architectures, migrated and verified",
                   sections, settings)
    print(head)
    return rows
