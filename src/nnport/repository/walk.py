"""The files of a source tree that may hold a network: ``.py`` and ``.ipynb``, in path order,
leaving out what ``.gitignore`` files (at any depth) ignore, ``.git`` itself, and linked folders."""
from __future__ import annotations

import os
from pathlib import Path

import pathspec

SUFFIXES = (".py", ".ipynb")
ALWAYS_SKIPPED = {".git", ".hg", ".svn", "__pycache__", ".ipynb_checkpoints"}


class Ignored:
    """The ``.gitignore`` rules that apply in one folder: its own and those of the folders above it."""

    def __init__(self, root: Path):
        self.root = root
        self.specs: list[tuple[Path, pathspec.PathSpec]] = []

    def inside(self, folder: Path) -> Ignored:
        rules = _rules(folder / ".gitignore")
        if not rules:
            return self
        deeper = Ignored(self.root)
        deeper.specs = [*self.specs, (folder, pathspec.GitIgnoreSpec.from_lines(rules))]
        return deeper

    def __call__(self, path: Path, is_dir: bool) -> bool:
        for base, spec in self.specs:
            relative = path.relative_to(base).as_posix() + ("/" if is_dir else "")
            if spec.match_file(relative):
                return True
        return False


def _rules(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []


def walk(root: Path) -> list[Path]:
    """The candidate files under ``root``, relative to it, sorted."""
    found: list[Path] = []
    _visit(root, root, Ignored(root).inside(root), found)
    return sorted(found, key=lambda p: p.as_posix())


def _visit(root: Path, folder: Path, ignored: Ignored, found: list[Path]) -> None:
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:  # unreadable folder: nothing to migrate there
        return
    for entry in entries:
        path = Path(entry.path)
        if entry.is_dir(follow_symlinks=False):
            if entry.name not in ALWAYS_SKIPPED and not ignored(path, True):
                _visit(root, path, ignored.inside(path), found)
        elif path.suffix in SUFFIXES and entry.is_file() and not ignored(path, False):
            found.append(path.relative_to(root))
