"""Keras 1 and 2 spellings read as their Keras 3 meaning.

Old tutorials write ``Convolution2D(32, 3, 3, border_mode="same", init="he_normal")``,
``Dense(output_dim=10)``, ``merge([a, b], mode="concat")``, ``Model(input=..., output=...)`` and
import layers from ``keras.layers.core`` or ``.convolutional``. ``modernize`` rewrites a file's
syntax tree into the Keras 3 code that means the same, with a note per place saying what it read.
The reader reads the rewritten tree, and verify runs it (Keras 3 runs no Keras 1 code), so both
see one meaning. Argument renames come from the catalog (``Arg.aliases``) and ``tfnames``; what
has no Keras 3 meaning is left as written, for the reader to refuse.
"""
from __future__ import annotations

import ast

from ...catalog import registry
from ..common.imports import Imports, canonical
from .tfnames import (
    KERAS1_CALL_ARGS,
    KERAS1_CLASSES,
    KERAS1_KERNEL_ARGS,
    KERAS1_MERGE_MODES,
    KERAS1_RENAMES,
    KERAS1_TRAINING_ONLY,
    KERAS1_VALUES,
    KERAS2_DEFAULTS,
    KERAS2_MODULES,
    KERAS_ALIASES,
    TF_TWINS,
)

KERAS = "__nnport_keras__"  # the module name the rewritten calls reach Keras 3 functions by
Note = tuple[ast.AST, str]  # (where, what was read)


def modernize(tree: ast.Module) -> tuple[ast.Module, list[Note], list[Note]]:
    """The tree with Keras 1 / 2 spellings rewritten (in place), the notes saying what was read
    as what, and (where, what) for behaviour while training that the reading leaves out."""
    notes: list[Note] = []
    merges, submodules = _imports(tree, notes)
    calls = _Calls(Imports(tree), merges, bool(notes), submodules)
    tree = calls.visit(tree)
    notes += calls.notes
    if calls.old:  # a Keras 1 / 2 file: its recurrent layers are read with Keras 3's defaults
        notes += calls.defaults
    if merges and not calls.merges_left:  # every merge(...) rewritten: Keras 3 has none to import
        _drop_aliases(tree, merges)
    if submodules:  # ``recurrent.LSTM`` now reaches keras.layers.LSTM
        _drop_aliases(tree, submodules)
    if calls.reaches_keras:
        _import_keras(tree)
    ast.fix_missing_locations(tree)
    return tree, sorted(notes, key=_position), calls.training


def _position(note: Note) -> tuple[int, int]:
    return getattr(note[0], "lineno", 0), getattr(note[0], "col_offset", 0)


# --- imports ----------------------------------------------------------------------------

def _imports(tree: ast.Module, notes: list[Note]) -> tuple[set[str], set[str]]:
    """Old module paths made ``keras.layers``; Keras 1 class names imported as their Keras 3
    class. Returns the local names of ``merge`` (a Keras 1 function, called) and of old layer
    modules imported as names (``from keras.layers import recurrent``)."""
    merges: set[str] = set()
    submodules: set[str] = set()
    called = {n.func.id for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
    for node in ast.walk(tree):
        if not isinstance(node, ast.ImportFrom) or not node.module or node.level:
            continue
        module = canonical(node.module)
        if module.startswith("keras.layers.") and module.split(".")[2] in KERAS2_MODULES:
            notes.append((node, f"{node.module} is a Keras 1/2 module; read as keras.layers"))
            node.module = node.module[: node.module.index(".layers.")] + ".layers"
            module = "keras.layers"
        if module == "keras.layers":
            node.names = [_renamed(alias, called, merges, node, notes) for alias in node.names]
            submodules |= {a.asname or a.name for a in node.names
                           if a.name in KERAS2_MODULES and (a.asname or a.name) not in called}
    return merges, submodules


def _renamed(alias: ast.alias, called: set[str], merges: set[str], node, notes) -> ast.alias:
    local = alias.asname or alias.name
    if alias.name == "merge" and local in called:  # Keras 1's merge(...) function
        merges.add(local)
    elif alias.name in KERAS2_MODULES and local not in called:
        notes.append((node, f"keras.layers.{alias.name} is a Keras 1/2 module; its layers read as keras.layers"))
    elif alias.name in KERAS1_CLASSES:
        notes.append((node, f"{alias.name} is Keras 1 API; read as {KERAS1_CLASSES[alias.name]}"))
        return ast.alias(KERAS1_CLASSES[alias.name], local)
    return alias


def _drop_aliases(tree: ast.AST, names: set[str]) -> None:
    """Imports of ``names`` taken out (an import left empty becomes ``pass``)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            node.names = [a for a in node.names if (a.asname or a.name) not in names]
    for node in ast.walk(tree):
        for field in ("body", "orelse", "finalbody"):
            block = getattr(node, field, None)
            if isinstance(block, list) and any(_empty_import(s) for s in block):
                kept = [s for s in block if not _empty_import(s)]
                setattr(node, field, kept or [ast.copy_location(ast.Pass(), block[0])])


def _empty_import(stmt) -> bool:
    return isinstance(stmt, ast.ImportFrom) and not stmt.names


def _import_keras(tree: ast.Module) -> None:
    """``import keras as __nnport_keras__`` after the docstring and ``__future__`` imports."""
    at = 0
    while at < len(tree.body) and (_docstring(tree.body[at]) or (
            isinstance(tree.body[at], ast.ImportFrom) and tree.body[at].module == "__future__")):
        at += 1
    near = tree.body[min(at, len(tree.body) - 1)] if tree.body else None
    node = ast.Import([ast.alias("keras", KERAS)])
    tree.body.insert(at, ast.copy_location(node, near) if near is not None else node)


def _docstring(stmt) -> bool:
    return isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant) and isinstance(stmt.value.value, str)


# --- calls ------------------------------------------------------------------------------

class _Calls(ast.NodeTransformer):
    def __init__(self, imports: Imports, merges: set[str], old: bool, submodules: set[str] = frozenset()):
        self.imports, self.merges, self.old, self.submodules = imports, merges, old, submodules
        self.notes: list[Note] = []
        self.training: list[Note] = []
        self.defaults: list[Note] = []  # read with Keras 3's defaults (reported in Keras 1 / 2 files)
        self.reaches_keras = False
        self.merges_left = 0  # merge(...) calls with no Keras 3 meaning (a callable mode)

    def visit_Attribute(self, node: ast.Attribute):
        """``recurrent.LSTM`` (an old layer module imported as a name) is ``keras.layers.LSTM``."""
        if isinstance(node.value, ast.Name) and node.value.id in self.submodules:
            self.reaches_keras = True
            layers = ast.Attribute(ast.Name(KERAS, ast.Load()), "layers", ast.Load())
            return ast.copy_location(ast.Attribute(layers, node.attr, node.ctx), node)
        return self.generic_visit(node)

    def visit_Call(self, node: ast.Call):
        self.generic_visit(node)
        if isinstance(node.func, ast.Name) and node.func.id in self.merges:
            return self.merge(node)
        qualified = self.imports.qualify(node.func)
        if qualified and (qualified.startswith("tensorflow.") or
                          qualified.startswith("keras.backend.") and qualified in TF_TWINS):
            return self.keras_twin(node, qualified)
        if not qualified or not qualified.startswith("keras."):
            return node
        written = ast.unparse(node.func)
        changes: list[str] = []
        qualified = self.renamed_class(node, qualified, changes)
        qualified = KERAS_ALIASES.get(qualified, qualified)
        spelling = _spelling(qualified)
        self.kernel_sizes(node, written.rsplit(".", 1)[-1], changes)
        node.keywords = [k for k in (self.keyword(k, qualified, spelling, changes) for k in node.keywords) if k]
        if changes:
            self.old = True
            self.notes.append((node, f"{written}(...) is Keras 1/2 API; read as its Keras 3 meaning: {'; '.join(changes)}"))
        if qualified in KERAS2_DEFAULTS:
            defaults = KERAS2_DEFAULTS[qualified]
            self.defaults.append((node, f"{written}(...) in a Keras 1/2 file is read with Keras 3's defaults: {defaults}"))
        return node

    def keras_twin(self, node: ast.Call, qualified: str) -> ast.Call:
        """``K.mean(x, axis=1)`` (the Keras 2 backend, gone in Keras 3) and ``tf.nn.depth_to_space(x, 2)``
        on a model's tensors (tf.keras wrapped it in a layer; Keras 3 refuses TensorFlow functions on
        its symbolic tensors): the keras.* function of the same meaning, which the reader reads alike,
        so that verify runs the file as it was meant. Only the Keras 2 backend is reported."""
        target = _keras_twin(qualified, node)
        if target is None:
            return node
        name, renames = target
        written = ast.unparse(node.func)
        node.func = self.keras_name(name.removeprefix("keras."), node.func)
        node.keywords = [ast.copy_location(ast.keyword(renames.get(k.arg, k.arg), k.value), k) for k in node.keywords]
        if qualified.startswith("keras.backend."):
            self.notes.append((node, f"{written}(...) is Keras 2 backend API; read as {name}(...)"))
        return node

    def renamed_class(self, node, qualified, changes) -> str:
        """``layers.AtrousConvolution2D(...)``: the Keras 3 class, reached by its full name."""
        short = qualified.rsplit(".", 1)[-1]
        if not (qualified.startswith("keras.layers.") and short in KERAS1_CLASSES and isinstance(node.func, ast.Attribute)):
            return qualified
        changes.append(f"{short} -> {KERAS1_CLASSES[short]}")
        node.func = self.keras_name(f"layers.{KERAS1_CLASSES[short]}", node.func)
        return f"keras.layers.{KERAS1_CLASSES[short]}"

    def kernel_sizes(self, node: ast.Call, short: str, changes: list[str]) -> None:
        """Keras 1 ``Convolution2D(32, 3, 3)`` / ``nb_row=3, nb_col=3``: ``kernel_size=(3, 3)``."""
        names = KERAS1_KERNEL_ARGS.get(short)
        if names is None:
            return
        given = {k.arg: k.value for k in node.keywords if k.arg in names}
        if len(node.args) >= 1 + len(names) and not any(isinstance(a, ast.Starred) for a in node.args[:1 + len(names)]):
            sizes = node.args[1:1 + len(names)]
            node.args = [node.args[0], _tuple(sizes), *node.args[1 + len(names):]]
            shown = ", ".join(ast.unparse(s) for s in sizes)
            changes.append(f"{shown} -> kernel_size=({shown})")
        elif len(given) == len(names):
            node.keywords = [k for k in node.keywords if k.arg not in names]
            sizes = [given[n] for n in names]
            node.keywords.append(ast.copy_location(ast.keyword("kernel_size", _tuple(sizes)), sizes[0]))
            changes.append(f"{'=, '.join(names)}= -> kernel_size=")

    def keyword(self, k: ast.keyword, qualified: str, spelling, changes: list[str]) -> ast.keyword | None:
        if k.arg is None:
            return k
        if (qualified, k.arg) in KERAS1_TRAINING_ONLY:
            what = f"{qualified.rsplit('.', 1)[-1]}({k.arg}={ast.unparse(k.value)})"
            self.notes.append((k.value, (f"{what} is Keras 1 API: it {KERAS1_TRAINING_ONLY[qualified, k.arg]}; Keras 2 "
                                         "and 3 have no such argument. Read without it: the model computes the same "
                                         "at inference, and the migrated model does not do this while training")))
            self.training.append((k.value, f"{what} (Keras 1: {KERAS1_TRAINING_ONLY[qualified, k.arg]})"))
            self.old = True
            return None
        new = self.new_name(k.arg, qualified, spelling)
        if new is None:
            return k
        changes.append(f"{k.arg}= -> {new}=")
        value = k.value
        if k.arg in KERAS1_VALUES and isinstance(value, ast.Constant) and value.value in KERAS1_VALUES[k.arg]:
            value = ast.copy_location(ast.Constant(KERAS1_VALUES[k.arg][value.value]), value)
        return ast.copy_location(ast.keyword(new, value), k)

    def new_name(self, name: str, qualified: str, spelling) -> str | None:
        renames = KERAS1_CALL_ARGS.get(qualified, {})
        if name in renames:
            return renames[name]
        arg = spelling.arg(name) if spelling is not None else None
        if arg is not None:
            return arg.name if arg.name != name else None
        if name in KERAS1_RENAMES and (spelling is not None or qualified.startswith("keras.layers.")):
            weight = spelling.params[0].name if spelling is not None and spelling.params else "kernel"
            return KERAS1_RENAMES[name].format(weight=weight)
        return None

    def merge(self, node: ast.Call):
        """Keras 1 ``merge([a, b], mode="concat", concat_axis=1)``: ``concatenate([a, b], axis=1)``."""
        keywords = {k.arg: k for k in node.keywords}
        mode = keywords.pop("mode", None)
        mode_value = "sum" if mode is None else mode.value.value if isinstance(mode.value, ast.Constant) else None
        if mode_value not in KERAS1_MERGE_MODES or set(keywords) - {"name", "concat_axis", "dot_axes"}:
            self.merges_left += 1
            return node  # a callable mode, output_shape=...: left for the reader to refuse
        function, renames = KERAS1_MERGE_MODES[mode_value]
        rewritten = [ast.copy_location(ast.keyword(renames.get(k.arg, k.arg), k.value), k)
                     for k in keywords.values() if k.arg in renames or k.arg == "name"]
        if function == "dot" and not any(k.arg == "axes" for k in rewritten):
            rewritten.append(ast.keyword("axes", ast.Constant(-1)))  # Keras 1's dot_axes default
        if mode_value == "cos":
            rewritten.append(ast.keyword("normalize", ast.Constant(True)))
        call = ast.copy_location(ast.Call(self.keras_name(f"layers.{function}", node.func), node.args, rewritten), node)
        shown = ", ".join(ast.unparse(k) for k in rewritten)
        self.old = True
        self.notes.append((node, (f"merge(..., mode={mode_value!r}) is Keras 1 API; read as its Keras 3 meaning: "
                                  f"{function}([...]{', ' + shown if shown else ''})")))
        return call

    def keras_name(self, dotted: str, near: ast.AST) -> ast.expr:
        self.reaches_keras = True
        expr: ast.expr = ast.Name(KERAS, ast.Load())
        for part in dotted.split("."):
            expr = ast.Attribute(expr, part, ast.Load())
        for child in ast.walk(expr):
            ast.copy_location(child, near)
        return expr


def _keras_twin(qualified: str, node: ast.Call) -> tuple[str, dict] | None:
    """The keras.* function meaning the same as a TensorFlow one, and the keyword renames: from
    ``TF_TWINS``, else a keras.ops spelling of the same catalog kind whose leading positional
    arguments carry the same attributes."""
    if qualified in TF_TWINS:
        return TF_TWINS[qualified]
    found = registry.lookup("keras", "function", qualified)
    if found is None:
        return None
    kind, source = found
    target = next((s for s in kind.spellings if s.framework == "keras" and s.form == "function" and s.read
                   and s.name.startswith("keras.ops.")), None)
    if target is None or _slots(source)[:len(node.args)] != _slots(target)[:len(node.args)]:
        return None
    renames = {}
    for keyword in (k for k in node.keywords if k.arg is not None):
        arg = source.arg(keyword.arg)
        if arg is None and keyword.arg in source.positional:  # a tensor given by name (input=x)
            at = source.positional.index(keyword.arg)
            renamed = target.positional[at] if at < len(target.positional) else None
        else:
            renamed = next((a.name for a in target.args if arg is not None and a.attr == arg.attr), None)
        if renamed is None:
            return None
        renames[keyword.arg] = renamed
    return target.name, renames


def _slots(spelling) -> list:
    """Per positional parameter, the attribute it carries (None for a tensor)."""
    return [getattr(spelling.arg(name), "attr", None) for name in spelling.positional]


def _spelling(qualified: str):
    for form in ("layer", "function"):
        found = registry.lookup("keras", form, qualified)
        if found is not None:
            return found[1]
    return None


def _tuple(items: list[ast.expr]) -> ast.Tuple:
    node = ast.copy_location(ast.Tuple(list(items), ast.Load()), items[0])
    node.end_lineno, node.end_col_offset = items[-1].end_lineno, items[-1].end_col_offset
    return node
