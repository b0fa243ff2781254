"""Which statements of a script the network needs: a static slice of the module, executed
instead of the whole file by ``verify`` and ``weights``.

Tutorials build the model between data loading, training, plotting and printing, all at module
level. Importing such a file downloads data, trains and opens windows; the slice keeps only

* imports the kept code uses (and those of the frameworks themselves),
* constant assignments, function and class definitions, framework settings (``set_floatx``),
  module-level ``raise`` and ``assert`` (the file's own guards),
* the statements that build what the model expression reads (``model = keras.Sequential(...)``
  then ``model.add(...)``; ``vocab_size = 10000``; ``cfg = {...}``), followed through name
  dependencies (a needed function's or class's body reads globals when it runs);

and drops data loading, downloads, training and evaluation, saving, weight loading, plotting,
printing and the ``if __name__ == "__main__":`` block, whatever reads them. Compound statements
(``if``, ``try``, ``with``, a ``for`` that only builds) are sliced inside. The analysis is
flow-insensitive: every statement binding or updating a needed name is kept, in source order.

A kept statement that reads a value only dropped code computes (``input_shape =
x_train.shape[1:]``) is dropped too; ``Slice.dropped`` says where each such name came from, so a
``NameError`` for it while the model is built or run is explained (``explain``), not a traceback.
"""
from __future__ import annotations

import ast
import builtins
from dataclasses import dataclass, field

# --- what a call does, by the name it calls ------------------------------------------------

MAIN_BLOCK = "main block"
IMPORTS = "imports"
GIVEN = "replaced by --set"
DATA_PREP = "data preparation"
TRAINING = "training"
OTHER = "other statements"
IPYTHON = "IPython lines"
RELATIVE = "relative imports"  # the file's package is not there when the file runs as a script

# drop priority when a statement does several things (first wins)
KINDS = ("downloads", "data loading", "loading weights", TRAINING, "saving", "plotting", DATA_PREP,
         "training setup", "output")
# kinds the whole of a loop or a ``with`` is dropped for (prints inside a building loop are not)
_WHOLE = set(KINDS) - {"output", "training setup"}

_PLOT_ROOTS = {"matplotlib", "pylab", "seaborn", "plotly", "bokeh", "visdom", "wandb", "tensorboardX"}
_DOWNLOAD_ROOTS = {"requests", "urllib", "urllib3", "wget", "gdown", "kagglehub", "kaggle", "zipfile", "tarfile",
                   "shutil", "subprocess", "httpx"}
_DATA_ROOTS = {"torchvision", "torchtext", "torchaudio", "tensorflow_datasets", "tfds", "datasets", "pandas",
               "sklearn", "PIL", "cv2", "skimage", "imageio", "h5py", "nltk", "spacy", "glob", "csv", "librosa",
               "soundfile"}
_DATA_NAMES = {"os.listdir", "os.walk", "os.scandir", "os.makedirs", "os.mkdir", "scipy.io.loadmat"}
_DATA_METHODS = {"iterdir", "read_text", "read_bytes", "rglob", "glob"}
_MODEL_PARTS = {"torchvision": {"models", "ops"}, "torchaudio": {"models"}}  # not data
_DATA_ATTRS = {"load_data", "DataLoader", "TensorDataset", "random_split", "ImageFolder", "DatasetFolder",
               "image_dataset_from_directory", "text_dataset_from_directory", "timeseries_dataset_from_array",
               "audio_dataset_from_directory", "ImageDataGenerator", "flow_from_directory", "flow_from_dataframe",
               "load_dataset", "read_csv", "read_table", "read_json", "read_excel", "read_parquet", "read_pickle",
               "loadtxt", "genfromtxt", "fromfile", "load_files", "fetch_openml", "from_tensor_slices",
               "from_generator", "load_img", "imread"}
_DATA_PREP_ATTRS = {"to_categorical", "pad_sequences", "fit_on_texts", "texts_to_sequences", "adapt",
                    "train_test_split", "fit_transform"}
_DOWNLOAD_ATTRS = {"urlretrieve", "get_file", "download", "download_url", "download_and_extract_archive",
                   "extractall", "snapshot_download", "hf_hub_download"}
_TRAIN_ATTRS = {"fit", "fit_generator", "train_on_batch", "test_on_batch", "evaluate", "evaluate_generator",
                "predict", "predict_generator", "predict_on_batch", "backward", "zero_grad", "step"}
_SAVE_ATTRS = {"save", "save_weights", "save_model", "save_pretrained", "savez", "savez_compressed", "to_csv",
               "export", "dump", "state_dict_to_file"}
_SAVE_NAMES = {"torch.save", "numpy.save", "pickle.dump", "joblib.dump", "json.dump", "torch.jit.save",
               "torch.onnx.export", "keras.saving.save_model", "keras.models.save_model"}
_LOAD_ATTRS = {"load_state_dict", "load_weights", "load_model"}
_LOAD_NAMES = {"torch.load", "torch.hub.load", "torch.hub.load_state_dict_from_url", "numpy.load",
               "pickle.load", "joblib.load", "json.load", "safetensors.torch.load_file"}
_OUTPUT_NAMES = {"print", "pprint", "display", "input", "breakpoint", "pprint.pprint", "IPython.display.display",
                 "torchsummary.summary", "torchinfo.summary", "tqdm.write", "logging.info", "logging.warning"}
_OUTPUT_ATTRS = {"summary"}
_SETUP_PREFIXES = ("torch.optim", "keras.optimizers", "keras.losses", "keras.metrics", "keras.callbacks",
                   "tensorflow.keras.optimizers", "tensorflow.keras.losses", "tensorflow.keras.metrics",
                   "tensorflow.keras.callbacks", "tf_keras.optimizers", "tf_keras.losses", "tf_keras.metrics",
                   "tf_keras.callbacks", "torch.utils.tensorboard", "tensorflow.summary")
_FRAMEWORKS = {"torch", "keras", "tensorflow", "tf_keras", "numpy", "jax", "math", "functools", "collections",
               "typing", "dataclasses", "__future__", "abc", "itertools", "enum", "copy"}
_IPYTHON = "# nnport: IPython line not read"
_BUILTINS = set(dir(builtins))


@dataclass(frozen=True)
class Skipped:
    """Statements of one kind, consecutive in the file, that did not run."""

    kind: str
    first: int
    last: int
    statements: int = 1

    def to_dict(self) -> dict:
        return {"kind": self.kind, "lines": [self.first, self.last], "statements": self.statements}


@dataclass(frozen=True)
class Dropped:
    """A name only skipped statements bind: where, and the data statement it derives from."""

    name: str
    line: int
    kind: str
    text: str
    origin: tuple[int, str, str] | None = None  # (line, kind, text) of the skipped statement it derives from
    given: tuple[str, int, str] | None = None  # (name, line, text): the value to give, next to the skipped code


@dataclass
class Slice:
    tree: ast.Module
    skipped: list[Skipped] = field(default_factory=list)
    dropped: dict[str, Dropped] = field(default_factory=dict)
    cells: list[tuple[int, int]] = field(default_factory=list)  # notebooks: (first joined line, cell number)
    flags: list[tuple[str, int]] = field(default_factory=list)  # required flags read as absent: (flag, line)

    @property
    def count(self) -> int:
        return sum(s.statements for s in self.skipped)

    def where(self, first: int, last: int | None = None) -> str:
        """``line 5`` / ``lines 5-8``, or for a notebook ``cell 2`` / ``cells 2-3``."""
        last = first if last is None else last
        if self.cells:
            a, b = self.cell_of(first), self.cell_of(last)
            return f"cell {a}" if a == b else f"cells {a}-{b}"
        return f"line {first}" if first == last else f"lines {first}-{last}"

    def cell_of(self, line: int) -> int:
        return max((cell for start, cell in self.cells if start <= line), default=0)

    def summary(self, limit: int = 5) -> str:
        """``skipped 7 statements the network does not need: data loading (lines 5-8), training (line 30)``."""
        if not self.skipped:
            return self._flags()
        groups: dict[str, list[Skipped]] = {}
        for item in self.skipped:
            groups.setdefault(item.kind, []).append(item)
        parts = []
        for kind, items in groups.items():
            spans = _merged_spans(items, self)
            more = f", +{len(spans) - limit} more" if len(spans) > limit else ""
            parts.append(f"{kind} ({', '.join(spans[:limit])}{more})")
        count = self.count
        return (f"skipped {count} statement{'s' if count != 1 else ''} the network does not need: "
                + ", ".join(parts) + (f"; {self._flags()}" if self.flags else ""))

    def _flags(self) -> str:
        if not self.flags:
            return ""
        from .flags import describe

        return f"the file was {describe(self.flags)}"

    def to_list(self) -> list[dict]:
        out = []
        for item in self.skipped:
            entry = item.to_dict()
            if self.cells:
                entry["cells"] = sorted({self.cell_of(item.first), self.cell_of(item.last)})
            out.append(entry)
        return out


def _merged_spans(items: list[Skipped], where: Slice) -> list[str]:
    """``lines 5-8, 12`` / ``cells 2-3, 5``: the word once, then the runs."""
    if where.cells:
        cells: list[int] = []
        for item in items:
            cells += range(where.cell_of(item.first), where.cell_of(item.last) + 1)
        runs: list[list[int]] = []
        for cell in sorted(set(cells)):
            if runs and cell <= runs[-1][1] + 1:
                runs[-1][1] = cell
            else:
                runs.append([cell, cell])
        word = "cell"
    else:
        runs = [[i.first, i.last] for i in items]
        word = "line"
    texts = [f"{a}" if a == b else f"{a}-{b}" for a, b in runs]
    if texts:
        texts[0] = f"{word}{'s' if len(runs) > 1 or runs[0][0] != runs[0][1] else ''} {texts[0]}"
    return texts


# --- units: the statements the slice keeps or drops -------------------------------------

@dataclass(eq=False)
class _Unit:
    node: ast.stmt
    parent: _Unit | None = None
    blocks: list[list[_Unit]] | None = None  # a container sliced inside (if / try / with / for)
    kind: str | None = None  # why it is always dropped
    always: bool = False  # kept whatever needs it (definitions, constants, settings, framework imports)
    definition: bool = False
    importing: bool = False
    binds: set[str] = field(default_factory=set)
    reads: set[str] = field(default_factory=set)  # read when the statement runs
    lazy: set[str] = field(default_factory=set)  # read when a function it defines runs
    updates: set[str] = field(default_factory=set)  # changed in place: model.add(...), cfg["x"] = 1
    silent: bool = False  # dropped without a report (a bare string)

    @property
    def fresh(self) -> set[str]:
        return self.binds - self.reads

    def leaves(self):
        if self.blocks is None:
            yield self
            return
        for block in self.blocks:
            for unit in block:
                yield from unit.leaves()


def slice_module(tree: ast.Module, needs: list[str], values: dict[str, str] | None = None,
                 cells: list[tuple[int, int]] | None = None, lines: list[str] | None = None,
                 keras_names: bool = False) -> Slice:
    """The statements of ``tree`` that building the expressions ``needs`` requires.

    ``values`` (name -> Python literal source) replace the statements that compute those names;
    ``lines`` (the source) tell the IPython lines of a notebook; ``cells`` where its cells start.
    ``keras_names``: a skipped statement that constructs Keras layers leaves a call
    ``__nnport_auto_names__(("dense", ...))`` in its place, so the layers built after it get the
    automatic names (``dense_1``) they get when the whole file runs, the names the reader gave."""
    values = dict(values or {})
    aliases = _aliases(tree)
    top = _units(tree.body, None, aliases, _constants(tree))
    leaves = [leaf for unit in top for leaf in unit.leaves()]
    containers = [u for unit in top for u in _walk(unit) if u.blocks is not None]
    for unit in leaves:
        if unit.binds and unit.binds <= set(values) and not unit.importing and not unit.definition:
            unit.kind = GIVEN
        elif lines and _ipython_pass(unit, lines):
            unit.kind, unit.silent, unit.always = IPYTHON, False, False
    wanted = set(values) | {n for expr in needs for n in _expression_names(expr)}
    tainted: set[_Unit] = set()
    while True:
        kept, headers = _closure(leaves, wanted - set(values), tainted)
        available = set(values) | {n for u in kept for n in u.fresh} | {n for c in headers for n in c.binds}
        available |= {n for u in kept if u.definition or u.importing for n in u.binds}
        derived = _derived(leaves, containers, kept, tainted, available)
        new = {u for u in list(kept) + list(headers) if not u.importing and u.reads & derived.keys()}
        if new <= tainted:
            break
        tainted |= new
    builder = _Builder(kept, headers, tainted, derived, values, _KerasNames(aliases, tree) if keras_names else None)
    builder.used = wanted | {n for u in kept | headers for n in u.reads | u.lazy | u.updates}
    body = builder.block(top, top=True)
    _PackageCalls({n for u in leaves if u.kind == RELATIVE for n in u.binds}).visit(ast.Module(body=body))
    sliced = Slice(ast.Module(body=body, type_ignores=tree.type_ignores), cells=list(cells or []))
    sliced.skipped = builder.report()
    sliced.dropped = {name: _dropped(name, derived) for name in derived}
    ast.fix_missing_locations(sliced.tree)
    return sliced


def _walk(unit: _Unit):
    yield unit
    for block in unit.blocks or []:
        for child in block:
            yield from _walk(child)


def _closure(leaves, wanted: set[str], tainted: set) -> tuple[set, set]:
    """Kept leaves and the containers holding them: what binds or updates a needed name, transitively."""
    needed = set(wanted)
    kept: set[_Unit] = set()
    lazy_done: set[_Unit] = set()
    changed = True
    while changed:
        changed = False
        for unit in leaves:
            if unit.kind or unit in tainted or _inside(unit, tainted):
                continue
            if unit not in kept and (unit.always or (unit.binds | unit.updates) & needed):
                kept.add(unit)
                needed |= unit.reads
                for parent in _parents(unit):
                    needed |= parent.reads
                changed = True
            if unit in kept and unit not in lazy_done and unit.lazy and unit.binds & needed:
                needed |= unit.lazy  # a needed function or class: what its bodies read when they run
                lazy_done.add(unit)
                changed = True
    headers = {p for unit in kept for p in _parents(unit)}
    return kept, headers


def _parents(unit: _Unit):
    parent = unit.parent
    while parent is not None:
        yield parent
        parent = parent.parent


def _inside(unit: _Unit, tainted: set) -> bool:
    return any(p in tainted for p in _parents(unit))


def _derived(leaves, containers, kept, tainted, available) -> dict[str, tuple]:
    """Names that only dropped statements bind, with the statement and what it read:
    name -> (unit, name it derives from or None)."""
    found: dict[str, tuple] = {}
    for unit in leaves:
        if unit.kind and unit.kind != GIVEN and (unit not in kept):
            for name in unit.binds - available:
                found.setdefault(name, (unit, None))
    changed = True
    while changed:
        changed = False
        for unit in list(leaves) + list(containers):
            if unit.kind or (unit in kept and unit not in tainted):
                continue
            read = sorted(unit.reads & found.keys())
            if not read:
                continue
            for name in sorted(unit.binds - available - found.keys()):
                found[name] = (unit, read[0])
                changed = True
    return found


def _dropped(name: str, derived: dict) -> Dropped:
    """``model`` <- ``inputs`` <- ``input_shape = x_train.shape[1:]`` <- ``load_data()``: the
    value to give is ``input_shape``, the last one computed from what a skipped statement binds."""
    unit, source = derived[name]
    kind = unit.kind or (DATA_PREP if source else OTHER)
    current, seen = name, {name}
    while source and derived[source][1] and source not in seen:  # not yet the skipped statement's own name
        seen.add(source)
        current, source = source, derived[source][1]
    if not source:
        return Dropped(name, unit.node.lineno, kind, _text(unit.node))
    near, root = derived[current][0], derived[source][0]
    return Dropped(name, unit.node.lineno, kind, _text(unit.node),
                   (root.node.lineno, root.kind or DATA_PREP, _text(root.node)),
                   (current, near.node.lineno, _text(near.node)))


def _text(node: ast.stmt, limit: int = 70) -> str:
    if isinstance(node, (ast.If, ast.For, ast.While, ast.With, ast.Try, ast.FunctionDef, ast.ClassDef)):
        text = ast.unparse(node).splitlines()[0]
    else:
        text = " ".join(ast.unparse(node).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


# --- rebuilding the kept statements, and the report --------------------------------------

class _Builder:
    def __init__(self, kept, headers, tainted, derived, values, names: _KerasNames | None = None):
        self.kept, self.headers, self.tainted, self.derived, self.values = kept, headers, tainted, derived, values
        self.names = names
        self.used: set[str] = set()  # names kept code reads
        self.events: list[tuple[str, int, int] | None] = []  # (kind, first, last) skipped, None kept

    def block(self, units: list[_Unit], top: bool = False) -> list[ast.stmt]:
        body: list[ast.stmt] = []
        if top and self.values:
            at = 1 if units and _docstring(units[0].node) else 0
            while at < len(units) and isinstance(units[at].node, ast.ImportFrom) and \
                    units[at].node.module == "__future__":
                at += 1
            body += [u.node for u in units[:at]]
            near = units[at].node if at < len(units) else None
            body += [_assign(name, text, near) for name, text in self.values.items()]
            units = units[at:]
        for unit in units:
            if unit.blocks is not None and unit in self.headers and unit not in self.tainted:
                self.events.append(None)
                body.append(self.container(unit))
            elif unit in self.kept:
                self.events.append(None)
                body.append(_guarded(unit.node) if self._spare(unit) else unit.node)
                for name in sorted(unit.binds & set(self.values)):  # a tuple assignment also binding it
                    body.append(_assign(name, self.values[name], unit.node))
            elif not unit.silent:
                node = unit.node
                self.events.append((self.kind(unit), _first_line(node), getattr(node, "end_lineno", None)
                                    or node.lineno))
                counted = self.names.constructed(node) if self.names else ()
                if counted:
                    body.append(_auto_names(counted, node))
        return body

    def _spare(self, unit: _Unit) -> bool:
        """A framework's names nothing kept reads (``from keras.utils import np_utils`` for the labels):
        run, but a name gone from the installed version does not stop the file."""
        return isinstance(unit.node, ast.ImportFrom) and unit.node.module != "__future__" and \
            "*" not in unit.binds and not unit.binds & self.used

    def container(self, unit: _Unit) -> ast.stmt:
        import copy

        node = copy.copy(unit.node)
        names = [n for n in _block_fields(node) if n != "handlers"]
        for name, block in zip(names, unit.blocks):
            stmts = self.block(block)
            setattr(node, name, stmts or ([] if name in ("orelse", "finalbody") else [_pass(unit.node)]))
        if getattr(node, "handlers", None):
            handlers = []
            for handler, block in zip(node.handlers, unit.blocks[len(names):]):
                handler = copy.copy(handler)
                handler.body = self.block(block) or [_pass(handler)]
                handlers.append(handler)
            node.handlers = handlers
        return node

    def kind(self, unit: _Unit) -> str:
        if unit.kind:
            return unit.kind
        loop = isinstance(unit.node, (ast.For, ast.AsyncFor, ast.While))
        if loop and unit.reads & self.derived.keys():
            return TRAINING  # a training or evaluation loop over loaded data
        if unit.blocks is not None:  # a container with nothing kept: its most telling kind
            kinds = {self.kind(child) for block in unit.blocks for child in block if not child.silent}
            return next((k for k in (MAIN_BLOCK, *KINDS, IMPORTS, IPYTHON, OTHER) if k in kinds), OTHER)
        if unit.importing:
            return IMPORTS
        if unit.reads & self.derived.keys() or unit in self.tainted:
            return DATA_PREP
        return OTHER

    def report(self) -> list[Skipped]:
        """Consecutive skipped statements of one kind, merged (a kept statement separates them)."""
        out: list[Skipped] = []
        previous = None
        for event in self.events:
            if event is not None and previous is not None and event[0] == previous[0] and out:
                last = out[-1]
                out[-1] = Skipped(last.kind, last.first, max(last.last, event[2]), last.statements + 1)
            elif event is not None:
                out.append(Skipped(*event))
            previous = event
        out.sort(key=lambda s: s.first)
        return out


AUTO_NAMES = "__nnport_auto_names__"


class _PackageCalls(ast.NodeTransformer):
    """``_log_api_usage_once(self)``: a helper of the file's package called for its effect alone
    does not run (the migration does not read it either, and says so)."""

    def __init__(self, names: set[str]):
        self.names = names

    def visit_Expr(self, node: ast.Expr) -> ast.stmt:
        call = node.value
        if isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id in self.names:
            return _pass(node)
        return node


def _guarded(node: ast.stmt) -> ast.stmt:
    """``try: <import> except ImportError: pass``, at the import's place."""
    handler = ast.ExceptHandler(ast.Name("ImportError", ast.Load()), None, [_pass(node)])
    return ast.copy_location(ast.Try([node], [handler], [], []), node)


def _auto_names(prefixes: tuple[str, ...], near: ast.stmt) -> ast.stmt:
    call = ast.Call(ast.Name(AUTO_NAMES, ast.Load()), [ast.Constant(prefixes)], [])
    node = ast.copy_location(ast.Expr(call), near)
    for child in ast.walk(node):
        ast.copy_location(child, near)
    return node


_KERAS_MODELS = {"keras.Sequential": "Sequential", "keras.models.Sequential": "Sequential",
                 "keras.Model": "Functional", "keras.models.Model": "Functional",
                 "keras.Input": "input_layer", "keras.layers.Input": "input_layer"}


class _KerasNames:
    """The automatic-name prefixes of the Keras objects a statement constructs, as the Keras
    reader counts them (layers, ``Sequential``, ``Input``, functional ``Model``, the file's own
    Layer and Model subclasses)."""

    def __init__(self, aliases: dict[str, str], tree: ast.Module):
        self.aliases = aliases
        self.classes = _keras_classes(tree, aliases)

    def constructed(self, node: ast.stmt) -> tuple[str, ...]:
        found = []
        for child in _walk_scope(node):
            if not isinstance(child, ast.Call):
                continue
            dotted = _dotted(child.func)
            if not dotted or _named(child):
                continue
            if len(dotted) == 1 and dotted[0] in self.classes:
                found.append(_snake(dotted[0]))
                continue
            if dotted[0] not in self.aliases:
                continue
            full = ".".join(self.aliases[dotted[0]].split(".") + dotted[1:])
            for prefix in ("tensorflow.keras.", "tf_keras."):
                full = "keras." + full[len(prefix):] if full.startswith(prefix) else full
            if full in _KERAS_MODELS:
                found.append(_snake(_KERAS_MODELS[full]))
            elif full.startswith("keras.layers.") and full.count(".") == 2 and full[13:14].isupper():
                found.append(_snake(full[13:]))
        return tuple(found)


def _named(call: ast.Call) -> bool:
    """``Dense(2, name="z_mean")``: Keras takes the name given and counts no automatic one."""
    return any(k.arg == "name" and not (isinstance(k.value, ast.Constant) and k.value.value is None)
               for k in call.keywords)


def _keras_classes(tree: ast.Module, aliases: dict[str, str]) -> set[str]:
    """The file's classes deriving from a Keras class, directly or through one another."""
    found: set[str] = set()
    changed = True
    while changed:
        changed = False
        for node in tree.body:
            if not isinstance(node, ast.ClassDef) or node.name in found:
                continue
            for base in node.bases:
                dotted = _dotted(base) or []
                root = aliases.get(dotted[0], "") if dotted else ""
                if (dotted and dotted[0] in found) or root.split(".")[0] in ("keras", "tf_keras") or \
                        (root == "tensorflow" and dotted[1:2] == ["keras"]):
                    found.add(node.name)
                    changed = True
                    break
    return found


def _snake(name: str) -> str:
    """Keras's ``to_snake_case``: ``Conv2D`` -> ``conv2d``, ``InputLayer`` -> ``input_layer``."""
    import re

    name = re.sub(r"\W+", "", name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()


def _first_line(node: ast.stmt) -> int:
    decorators = getattr(node, "decorator_list", None)
    return min([node.lineno] + [d.lineno for d in decorators or []])


def _assign(name: str, text: str, near: ast.stmt | None) -> ast.stmt:
    node = ast.Assign(targets=[ast.Name(name, ast.Store())], value=ast.parse(text, mode="eval").body)
    if near is not None:
        node = ast.copy_location(node, near)
        for child in ast.walk(node):
            ast.copy_location(child, near)
    return node


def _pass(near) -> ast.stmt:
    return ast.copy_location(ast.Pass(), near)


def _docstring(node: ast.stmt) -> bool:
    return isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)


# --- reading statements ----------------------------------------------------------------

def _aliases(tree: ast.Module) -> dict[str, str]:
    """Local name -> the dotted module path it stands for (``plt`` -> ``matplotlib.pyplot``)."""
    found: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    found[alias.asname] = alias.name
                else:
                    root = alias.name.split(".")[0]
                    found.setdefault(root, root)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                if alias.name != "*":
                    found[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    for name, path in list(found.items()):  # tf.keras.x is keras.x
        if path.startswith("tensorflow.keras"):
            found[name] = "keras" + path[len("tensorflow.keras"):]
    return found


def _constants(tree: ast.Module) -> set[str]:
    """Module-level names assigned only values built from literals and other such names."""
    constant: set[str] = set()
    other: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.Assign) and all(isinstance(t, ast.Name) for t in node.targets):
            names = {t.id for t in node.targets}
            (constant if _literal(node.value, constant) else other).update(names)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            (constant if _literal(node.value, constant) else other).add(node.target.id)
        else:
            for child in ast.walk(node):
                if isinstance(child, ast.Name) and isinstance(child.ctx, ast.Store):
                    other.add(child.id)
    return constant - other


_LITERAL_NODES = (ast.Constant, ast.Tuple, ast.List, ast.Set, ast.Dict, ast.BinOp, ast.UnaryOp, ast.BoolOp,
                  ast.Compare, ast.operator, ast.unaryop, ast.boolop, ast.cmpop, ast.expr_context, ast.JoinedStr,
                  ast.FormattedValue, ast.Name, ast.Starred, ast.Slice, ast.Subscript)


def _literal(node: ast.expr, constants: set[str]) -> bool:
    for child in ast.walk(node):
        if not isinstance(child, _LITERAL_NODES):
            return False
        if isinstance(child, ast.Name) and isinstance(child.ctx, ast.Load) and child.id not in constants:
            return False
    return True


def _units(stmts: list[ast.stmt], parent: _Unit | None, aliases, constants) -> list[_Unit]:
    return [_unit(stmt, parent, aliases, constants) for stmt in stmts]


def _unit(node: ast.stmt, parent, aliases, constants) -> _Unit:
    unit = _Unit(node, parent)
    if _main_block(node):
        unit.kind = MAIN_BLOCK
        unit.binds = _stored(node)
        return unit
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return _import(unit)
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        unit.definition = True
        unit.always = parent is None
        unit.binds = {node.name}
        unit.reads, unit.lazy = _definition_reads(node)
        return unit
    if isinstance(node, (ast.For, ast.AsyncFor, ast.While)):
        kind = _strongest(_calls_kinds(node, aliases))
        if kind in _WHOLE:
            unit.kind = kind
        elif isinstance(node, ast.While):
            unit.kind = None
        else:
            return _container_unit(unit, aliases, constants, [node.iter], [node.target])
        _simple(unit)
        if isinstance(node, ast.While):  # kept whole: what its body changes in place (model.add(...))
            unit.updates |= {name for stmt in ast.walk(node) if stmt is not node and isinstance(stmt, ast.stmt)
                             for name in _updated(stmt)}
        return unit
    if isinstance(node, (ast.With, ast.AsyncWith)):
        kind = _strongest({k for item in node.items for k in _calls_kinds(item.context_expr, aliases)})
        if kind in _WHOLE:
            unit.kind = kind
            _simple(unit)
            return unit
        return _container_unit(unit, aliases, constants, [i.context_expr for i in node.items],
                               [i.optional_vars for i in node.items if i.optional_vars is not None])
    if isinstance(node, ast.If):
        return _container_unit(unit, aliases, constants, [node.test], [])
    if isinstance(node, (ast.Try, getattr(ast, "TryStar", ast.Try))):
        return _container_unit(unit, aliases, constants, [h.type for h in node.handlers if h.type], [],
                               handler_names={h.name for h in node.handlers if h.name})
    _simple(unit)
    if isinstance(node, ast.Pass):
        unit.silent = True  # an emptied block gets its own
        return unit
    if _docstring(node):
        unit.always = parent is None
        unit.silent = parent is not None  # a bare string elsewhere: a comment
        unit.kind = None if parent is None else OTHER
        return unit
    unit.kind = _strongest(_calls_kinds(node, aliases)) or _data_reference(node, aliases)
    if unit.kind is None and isinstance(node, ast.Expr) and not isinstance(node.value, (ast.Call, ast.Await)):
        unit.kind = "output"  # a notebook cell's last expression, shown, not used
    top = parent is None  # nested statements run only where their block is kept for what it builds
    if unit.kind is None and top and _setting(node, aliases):
        unit.always = True
    if unit.kind is None and top and isinstance(node, (ast.Assign, ast.AnnAssign)) and \
            _constant_assignment(node, constants):
        unit.always = True
    if unit.kind is None and top and isinstance(node, (ast.Raise, ast.Assert)):
        unit.always = True  # the file's own checks (a version guard) still run
    return unit


def _ipython_pass(unit: _Unit, lines: list[str]) -> bool:
    node = unit.node
    return isinstance(node, ast.Pass) and 0 < node.lineno <= len(lines) and _IPYTHON in lines[node.lineno - 1]


def _container_unit(unit: _Unit, aliases, constants, header_exprs, header_targets, handler_names=()) -> _Unit:
    node = unit.node
    unit.reads = set()
    for expr in header_exprs:
        unit.reads |= _loads(expr)
    for target in header_targets:
        unit.binds |= _stored(target)
        unit.reads |= _loads(target)
    unit.binds |= set(handler_names)
    unit.blocks = [_units(getattr(node, name), unit, aliases, constants) for name in _block_fields(node)
                   if not name.startswith("handlers")]
    for handler in getattr(node, "handlers", []):
        unit.blocks.append(_units(handler.body, unit, aliases, constants))
    return unit


def _block_fields(node: ast.stmt) -> list[str]:
    names = [name for name in ("body", "orelse", "finalbody") if isinstance(getattr(node, name, None), list)]
    if getattr(node, "handlers", None):
        names.append("handlers")
    return names


def _main_block(node: ast.stmt) -> bool:
    if not isinstance(node, ast.If) or not isinstance(node.test, ast.Compare):
        return False
    parts = [node.test.left, *node.test.comparators]
    return any(isinstance(p, ast.Name) and p.id == "__name__" for p in parts) and any(
        isinstance(p, ast.Constant) and p.value == "__main__" for p in parts)


def _import(unit: _Unit) -> _Unit:
    node, top = unit.node, unit.parent is None
    unit.importing = True
    modules = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
    for alias in node.names:
        if alias.name == "*":
            unit.always = top
        elif isinstance(node, ast.Import):
            unit.binds.add(alias.asname or alias.name.split(".")[0])
        else:
            unit.binds.add(alias.asname or alias.name)
    if getattr(node, "level", 0):  # the file's own package: no package when the file runs on its own
        unit.kind = RELATIVE
    elif all(m.split(".")[0] in _FRAMEWORKS for m in modules):
        unit.always = top
    return unit


def _simple(unit: _Unit) -> None:
    node = unit.node
    unit.reads, unit.lazy = _loads(node, lazy=True)
    unit.binds = _stored(node)
    targets: list[ast.expr] = []
    if isinstance(node, ast.Assign):
        targets = node.targets
    elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
        targets = [node.target]
        if isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name):
            unit.reads.add(node.target.id)
    elif isinstance(node, ast.Delete):
        targets = node.targets
        unit.updates |= {t.id for t in targets if isinstance(t, ast.Name)}
    elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
        targets = [node.value.func] if isinstance(node.value.func, ast.Attribute) else []
    for target in targets:
        if isinstance(target, (ast.Attribute, ast.Subscript)):
            root = _root(target)
            if root:
                unit.updates.add(root)


def _updated(stmt: ast.stmt) -> set[str]:
    unit = _Unit(stmt)
    _simple(unit)
    return unit.updates


def _root(node: ast.expr) -> str | None:
    while isinstance(node, (ast.Attribute, ast.Subscript, ast.Call)):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def _loads(node: ast.AST, lazy: bool = False):
    """Names read by running ``node`` (lambda bodies read when called: returned apart with ``lazy``)."""
    eager: set[str] = set()
    later: set[str] = set()
    _collect(node, eager, later, set())
    return (eager, later) if lazy else eager | later


def _collect(node: ast.AST, eager: set, later: set, local: set) -> None:
    if isinstance(node, ast.Lambda):
        params = {a.arg for a in _all_args(node.args)}
        for default in node.args.defaults + [d for d in node.args.kw_defaults if d is not None]:
            _collect(default, eager, later, local)
        inner: set[str] = set()
        _collect(node.body, inner, inner, local | params)
        later |= inner
        return
    if isinstance(node, (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)):
        bound = {n for g in node.generators for n in _stored(g.target)}
        for i, gen in enumerate(node.generators):
            _collect(gen.iter, eager, later, local if i == 0 else local | bound)
            for cond in gen.ifs:
                _collect(cond, eager, later, local | bound)
        for part in ("elt", "key", "value"):
            if getattr(node, part, None) is not None:
                _collect(getattr(node, part), eager, later, local | bound)
        return
    if isinstance(node, ast.Name):
        if isinstance(node.ctx, ast.Load) and node.id not in local:
            eager.add(node.id)
        return
    for child in ast.iter_child_nodes(node):
        _collect(child, eager, later, local)


def _stored(node: ast.AST) -> set[str]:
    found = set()
    for child in _walk_scope(node):
        if isinstance(child, ast.Name) and isinstance(child.ctx, ast.Store):
            found.add(child.id)
        elif isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and child is not node:
            found.add(child.name)
        elif isinstance(child, (ast.Import, ast.ImportFrom)):
            found |= {a.asname or a.name.split(".")[0] for a in child.names if a.name != "*"}
    return found


def _walk_scope(node: ast.AST):
    """ast.walk, not entering function bodies, lambdas or comprehensions (their own scopes)."""
    todo = [node]
    while todo:
        current = todo.pop()
        yield current
        if current is not node and isinstance(current, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef,
                                                          ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp,
                                                          ast.GeneratorExp)):
            continue
        todo.extend(ast.iter_child_nodes(current))


def _all_args(args: ast.arguments):
    return [*args.posonlyargs, *args.args, *args.kwonlyargs, *(a for a in (args.vararg, args.kwarg) if a)]


def _definition_reads(node) -> tuple[set[str], set[str]]:
    """(read when the definition runs: decorators, defaults, bases, class body; read when its
    functions run: their bodies' globals)."""
    eager: set[str] = set()
    later: set[str] = set()
    for decorator in node.decorator_list:
        eager |= _loads(decorator)
    if isinstance(node, ast.ClassDef):
        for base in node.bases + [k.value for k in node.keywords]:
            eager |= _loads(base)
        for stmt in node.body:
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                inner_eager, inner_later = _definition_reads(stmt)
                eager |= inner_eager
                later |= inner_later
            else:
                eager |= _loads(stmt)
        return eager, later
    args = node.args
    for default in args.defaults + [d for d in args.kw_defaults if d is not None]:
        eager |= _loads(default)
    for arg in _all_args(args):
        if arg.annotation is not None:
            eager |= _loads(arg.annotation)
    if node.returns is not None:
        eager |= _loads(node.returns)
    local = {a.arg for a in _all_args(args)}
    declared = set()
    for child in ast.walk(node):
        if isinstance(child, ast.Global):
            declared |= set(child.names)
    for stmt in node.body:
        local |= _stored(stmt)
        for child in ast.walk(stmt):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.ExceptHandler)) and \
                    child.name:
                local.add(child.name)
            elif isinstance(child, (ast.Import, ast.ImportFrom)):
                local |= {a.asname or a.name.split(".")[0] for a in child.names if a.name != "*"}
            elif isinstance(child, ast.Name) and isinstance(child.ctx, ast.Store):
                local.add(child.id)
    local -= declared
    for stmt in node.body:
        later |= _loads(stmt) - local
    return eager, later - _BUILTINS


def _expression_names(text: str) -> set[str]:
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError:
        import re

        return set(re.findall(r"[A-Za-z_]\w*", text))
    return _loads(tree)


def _constant_assignment(node, constants: set[str]) -> bool:
    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
    return all(isinstance(t, ast.Name) and t.id in constants for t in targets)


# --- classifying calls -------------------------------------------------------------------

def _dotted(node: ast.expr) -> list[str] | None:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        return [node.id, *reversed(parts)]
    if isinstance(node, ast.Call):  # datasets.MNIST(...).data: the call decides
        return None
    return None


def _call_kind(call: ast.Call, aliases: dict[str, str]) -> str | None:
    dotted = _dotted(call.func)
    if dotted is None:
        return None
    method = len(dotted) > 1 and dotted[0] not in aliases  # model.fit: a method of a value
    resolved = (aliases.get(dotted[0], dotted[0]).split(".") + dotted[1:]) if dotted[0] in aliases else dotted
    full = ".".join(resolved)
    root, last = resolved[0], resolved[-1]
    if len(dotted) == 1 and dotted[0] not in aliases:
        if last in ("print", "display", "input", "breakpoint"):
            return "output"
        if last == "open":
            return "data loading"
        if last.startswith(("train", "fit", "evaluate", "test", "validate")):
            return TRAINING  # the file's own training function
        return None
    if root in _PLOT_ROOTS or last in ("savefig", "imshow", "plot_model"):
        return "plotting"
    if full in _OUTPUT_NAMES or (method and last in _OUTPUT_ATTRS) or root in ("tqdm", "logging", "torchsummary",
                                                                                "torchinfo"):
        return "output"
    if root in _DOWNLOAD_ROOTS or last in _DOWNLOAD_ATTRS:
        return "downloads"
    if full in _LOAD_NAMES and full != "numpy.load" or (method and last in _LOAD_ATTRS) or last == "load_model":
        return "loading weights"
    if full in _SAVE_NAMES or (method and last in _SAVE_ATTRS):
        return "saving"
    if last in _DATA_PREP_ATTRS:
        return DATA_PREP
    if _data_call(resolved, full, last, method):
        return "data loading"
    if method and (last in _TRAIN_ATTRS or last in ("train", "eval")):
        return TRAINING
    if (method and last == "compile") or full.startswith(_SETUP_PREFIXES) or (
            root == "torch" and last.endswith("Loss")):
        return "training setup"
    return None


def _data_call(resolved: list[str], full: str, last: str, method: bool) -> bool:
    root = resolved[0]
    if root in _DATA_ROOTS:
        return not (len(resolved) > 1 and resolved[1] in _MODEL_PARTS.get(root, ()))
    if last in _DATA_ATTRS or full in _DATA_NAMES or full == "numpy.load" or (method and last in _DATA_METHODS):
        return True
    if "datasets" in resolved[1:-1] or full.startswith(("torch.utils.data", "tensorflow.data", "keras.preprocessing",
                                                        "keras.utils.image_dataset", "keras.datasets")):
        return True
    return root == "tensorflow" and len(resolved) > 1 and resolved[1] == "data"


def _data_reference(node: ast.stmt, aliases) -> str | None:
    """``mnist = tf.keras.datasets.mnist``: a dataset module named, not called."""
    for child in ast.walk(node):
        dotted = _dotted(child) if isinstance(child, ast.Attribute) else None
        if dotted and dotted[0] in aliases:
            resolved = aliases[dotted[0]].split(".") + dotted[1:]
            if "datasets" in resolved[1:] and not (resolved[0] in _MODEL_PARTS and resolved[1:2] != ["datasets"]):
                return "data loading"
    return None


def _calls_kinds(node: ast.AST, aliases) -> set[str]:
    return {k for child in ast.walk(node) if isinstance(child, ast.Call) for k in [_call_kind(child, aliases)] if k}


def _strongest(kinds: set[str]) -> str | None:
    return next((k for k in KINDS if k in kinds), None)


def _setting(node: ast.stmt, aliases) -> bool:
    """``torch.set_default_dtype(...)``, ``keras.backend.set_floatx(...)``: settings the model is built under."""
    if not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)):
        return False
    dotted = _dotted(node.value.func)
    if not dotted or dotted[0] not in aliases:
        return False
    resolved = aliases[dotted[0]].split(".") + dotted[1:]
    return resolved[0] in ("torch", "keras", "tensorflow", "tf_keras") and resolved[-1].startswith("set_") and \
        "seed" not in resolved[-1]


def given_values(pairs) -> dict[str, str]:
    """``["input_shape=(28, 28, 1)", "vocab_size=10000"]`` -> name -> literal source; ValueError
    saying what is wrong (each is NAME=VALUE, a Python identifier and a Python literal)."""
    values: dict[str, str] = {}
    for pair in pairs or ():
        name, sep, text = pair.partition("=")
        name, text = name.strip(), text.strip()
        if not sep or not name.isidentifier():
            raise ValueError(f"{pair!r}: expected NAME=VALUE, e.g. input_shape='(28, 28, 1)'")
        try:
            ast.literal_eval(text)
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            raise ValueError(f"{pair!r}: the value must be a Python literal (a number, string, tuple, list or "
                             "dict)") from None
        values[name] = text
    return values
