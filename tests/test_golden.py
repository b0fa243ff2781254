"""Golden files: each folder under tests/golden holds a source model (input.py), its pivot model
in the text notation (expected_ir.nn) and what nnport writes for it per target style
(expected_<target>_<style>[_only-model][_native].py), or the error it refuses with (.err).
Outputs are compared byte for byte; every expected .py is also run against its source (shared
weights, random batch) so a golden file never keeps broken code.

`pytest tests/test_golden.py -k "matches or notation" --update-golden` (`make golden`) rewrites
the expected files instead of failing; review them with `git diff tests/golden`. To add a
variant with flags, create an empty file with its name and update."""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from nnport.api import detect_framework, load, migrate
from nnport.errors import NnportError, Reporter
from nnport.ir.text import dump
from nnport.options import WriteOptions
from nnport.passes.shapes import infer_shapes

GOLDEN = Path(__file__).parent / "golden"
STYLES = {"torch": ("subclassing", "sequential"), "keras": ("subclassing", "sequential", "functional")}
FLAGS = ("only-model", "native")
EXPECTED = re.compile(r"expected_(torch|keras)_(subclassing|sequential|functional)((?:_[a-z-]+)*)\.(py|err)$")

# (case, variant stem) -> why its golden code does not compute what the source computes yet
KNOWN: dict[tuple[str, str], str] = {}


@dataclass(frozen=True, order=True)
class Variant:
    target: str
    style: str
    flags: tuple[str, ...] = ()

    @property
    def stem(self) -> str:
        return "_".join(("expected", self.target, self.style, *self.flags))

    @property
    def layout(self) -> str:
        return "native" if "native" in self.flags else "source"

    def write_options(self) -> WriteOptions:
        return WriteOptions(target=self.target, style=self.style, layout=self.layout,
                            only_model="only-model" in self.flags)


def variants(case: Path) -> list[Variant]:
    """Every style of the target, plus the flagged variants the folder names."""
    source = detect_framework((case / "input.py").read_text(), str(case / "input.py"))
    target = "keras" if source == "torch" else "torch"
    found = {Variant(target, style) for style in STYLES[target]}
    for path in case.iterdir():
        match = EXPECTED.match(path.name)
        if match:
            flags = tuple(match.group(3).split("_")[1:])
            assert set(flags) <= set(FLAGS) and match.group(1) == target, f"unknown golden file {path}"
            found.add(Variant(match.group(1), match.group(2), flags))
    return sorted(found)


def cases(suffix: str | None = None, known: dict | None = None):
    for case in sorted(p for p in GOLDEN.iterdir() if (p / "input.py").exists()):
        for variant in variants(case):
            if suffix and not (case / f"{variant.stem}{suffix}").exists():
                continue
            reason = (known or {}).get((case.name, variant.stem))
            marks = [pytest.mark.xfail(reason=reason)] if reason else []
            yield pytest.param(case, variant, marks=marks, id=f"{case.name}-{variant.stem}")


def outcome(case: Path, variant: Variant) -> tuple[str, str]:
    """(text, suffix): the generated code, or the refusal's message with the folder left out."""
    source = case / "input.py"
    try:
        return migrate(source, variant.write_options()), ".py"
    except NnportError as exc:
        return str(exc).replace(str(source), source.name) + "\n", ".err"


def write_expected(case: Path, variant: Variant, text: str, suffix: str) -> None:
    for old in (".py", ".err"):
        (case / f"{variant.stem}{old}").unlink(missing_ok=True)
    (case / f"{variant.stem}{suffix}").write_text(text, encoding="utf-8")


def compare(expected: Path, text: str) -> None:
    assert expected.exists(), f"{expected.relative_to(GOLDEN)} is missing; run pytest --update-golden"
    want = expected.read_text(encoding="utf-8")
    if text != want:
        diff = difflib.unified_diff(want.splitlines(True), text.splitlines(True),
                                    f"{expected.name} (expected)", f"{expected.name} (now)")
        pytest.fail("output differs from the golden file (pytest --update-golden rewrites it):\n"
                    + "".join(diff), pytrace=False)


@pytest.mark.parametrize("case, variant", cases())
def test_output_matches_the_golden_file(case, variant, request):
    text, suffix = outcome(case, variant)
    assert outcome(case, variant) == (text, suffix), "migrating twice gave different output"
    if request.config.getoption("--update-golden"):
        write_expected(case, variant, text, suffix)
    else:
        compare(case / f"{variant.stem}{suffix}", text)


@pytest.mark.parametrize("case", sorted(p.parent for p in GOLDEN.glob("*/input.py")), ids=lambda p: p.name)
def test_pivot_model_matches_the_golden_notation(case, request, monkeypatch):
    """expected_ir.nn: what the frontend and shape inference make of input.py, in the notation."""
    monkeypatch.chdir(case)  # locations name "input.py", not the checkout's folder
    reporter = Reporter()
    model = load("input.py", reporter=reporter)
    infer_shapes(model, reporter)
    assert not reporter.errors, "\n".join(map(str, reporter.diagnostics))
    text = dump(model)
    if request.config.getoption("--update-golden"):
        (case / "expected_ir.nn").write_text(text, encoding="utf-8")
    else:
        compare(case / "expected_ir.nn", text)


@pytest.mark.parametrize("case, variant", cases(".py", KNOWN))
def test_golden_code_is_formatted_and_runs_like_its_source(case, variant):
    from nnport.backends.render import format_code
    from nnport.verify.files import verify

    expected = case / f"{variant.stem}.py"
    code = expected.read_text(encoding="utf-8")
    assert format_code(code) == code, "formatting the golden file again changes it"
    result = verify(case / "input.py", expected, style=variant.style, layout=variant.layout,
                    trials=1, batch=2)
    assert result.passed, f"max abs difference {result.max} against the source"
