"""Reader of the ``.nn`` text notation (the format ``nnport.ir.text.dump`` writes).

Written by hand, only modules and input types are needed: without graph nodes the modules
form a chain, and shape inference fills the types and inferred attributes. The reader
builds the same dict the JSON form holds and hands it to ``ir.serialize.from_dict``, so
text and JSON share one boundary. Errors name the line:col and what was expected.
"""
from __future__ import annotations

from .errors import NnportError
from .export.lexer import Cursor, tokenize
from .export.notation_checks import check_model, finish_networks
from .ir.serialize import from_dict
from .ir.text import FORMAT_VERSION, TRAINING_FIELDS

COMPONENTS = ("optimizer", "loss", "schedule", "callback")
HEADER = ("file", "framework", "style", "layout", "model_expr")


def parse(text: str, path: str = "<text>"):
    reader = _Reader(Cursor(tokenize(text, path), path))
    try:
        data = reader.read()
    except (SyntaxError, ValueError, TypeError, OverflowError, RecursionError) as exc:  # a literal Python refuses
        why = exc.msg if isinstance(exc, SyntaxError) else str(exc) or type(exc).__name__
        raise NnportError(f"cannot read this: {why}", reader.c.loc(reader.c.tokens[max(reader.c.pos - 1, 0)])) from None
    finish_networks(data, reader.places)
    model = from_dict(data)
    check_model(model, reader.places)
    return model


class _Reader:
    def __init__(self, cursor: Cursor):
        self.c = cursor
        self.source = {"file": cursor.path, "framework": "nn", "style": "", "layout": ""}
        self.networks: list[dict] = []
        self.training: dict | None = None
        self.datasets: list[dict] = []
        self.section = None  # "network" | "training"
        self.places: dict = {"main": [], "kinds": {}, "attrs": {}, "from_notation": True}

    def read(self) -> dict:
        self._skip_newlines()
        if self.c.at("nnport"):
            self._header()
            self._end_of_line()
            self._skip_newlines()
        while self.c.peek.kind != "end":
            self._statement()
            self._end_of_line()
            self._skip_newlines()
        return {"nnport": FORMAT_VERSION, "source": self.source, "main": "", "networks": self.networks,
                "training": self.training, "datasets": self.datasets}

    # --- structure ---------------------------------------------------------------------

    def _skip_newlines(self):
        while self.c.peek.kind == "newline":
            self.c.next()

    def _end_of_line(self):
        if self.c.peek.kind != "newline":
            self.c.fail("expected the end of the statement")

    def _statement(self):
        token = self.c.peek
        if token.kind == "value" or self.c.at("_", "name"):
            return self._node_assignment()
        handlers = {"main": self._network, "network": self._network, "module": self._module,
                    "output": self._output, "type": self._orphan_type, "training": self._training,
                    "dataset": self._dataset}
        if token.kind == "name" and token.text in handlers:
            return handlers[token.text]()
        if self.section == "training" and token.kind == "name" and token.text in COMPONENTS + TRAINING_FIELDS:
            return self._training_line()
        self.c.fail("expected a statement (network, module, %value = ..., output, training, dataset)")

    def _header(self):
        token = self.c.next()
        version = self.c.next()
        if version.text != str(FORMAT_VERSION):
            raise NnportError(f"notation version {version.text!r} is not {FORMAT_VERSION}", self.c.loc(token))
        self.places["from_notation"] = False
        at = self.c.peek
        found = self._keywords()
        wrong = [k for k, v in found.items() if k not in HEADER or not isinstance(v, str)]
        if wrong:
            raise NnportError(f"the header takes {'=, '.join(HEADER)}= with string values, "
                              f"not {wrong[0]}={found[wrong[0]]!r}", self.c.loc(at))
        self.source.update(found)
        self.places["from_notation"] = self.source.get("framework") == "nn"

    def _loc(self, token):
        """Explicit ``@[file:]line:col``, or the statement's own place in a notation source."""
        if self.c.accept("@"):
            file = self.source["file"]
            if self.c.peek.kind == "string":
                file = self.c.literal()
                self.c.expect(":")
            line = self._int("a line number")
            self.c.expect(":")
            return [file, line, self._int("a column number")]
        return [self.c.path, token.line, token.col] if self.places["from_notation"] else None

    def _int(self, what):
        token = self.c.next()
        if token.kind != "number" or not token.text.isdigit():
            self.c.fail(f"expected {what}", token)
        return int(token.text)

    def _name(self, what):
        token = self.c.next()
        if token.kind == "string":
            return eval_string(token)
        if token.kind == "name" or token.kind == "number" and token.text.isdigit():
            return token.text
        self.c.fail(f"expected {what}", token)

    def _keywords(self) -> dict:
        found = {}
        while self.c.peek.kind == "name":
            key = self.c.next().text
            self.c.expect("=", f" after {key!r}")
            found[key] = self.c.literal()
            self.c.accept(",")
        return found

    def _net(self, token) -> dict:
        if self.section != "network":
            self.c.fail("expected 'network NAME' before this line", token)
        return self.networks[-1]

    # --- networks ----------------------------------------------------------------------

    def _network(self):
        token = self.c.peek
        main = self.c.accept("main")
        self.c.expect("network")
        net = {"name": self._name("a network name"), "style": "", "modules": [], "nodes": [], "types": {}}
        net.update(self._keywords())
        net["loc"] = self._loc(token)
        if main:
            self.places["main"].append((net["name"], self.c.loc(token)))
        self.networks.append(net)
        self.section = "network"

    def _module(self):
        token = self.c.next()
        net = self._net(token)
        module_name = self._name("a module name")
        self.c.expect("=", " after the module name")
        kind_token = self.c.next()
        if kind_token.kind != "name":
            self.c.fail("expected a layer kind such as conv2d", kind_token)
        attrs = self._arguments(values=False, opened_by=kind_token)[1]
        key = (net["name"], module_name)
        self.places["kinds"][key] = self.c.loc(kind_token)
        net["modules"].append({"name": module_name, "kind": kind_token.text, "attrs": attrs, "loc": self._loc(token)})

    def _arguments(self, values: bool, opened_by) -> tuple[list, dict]:
        """``(%a, %b, key=literal, ...)``; values (when allowed) come before keywords."""
        self.c.expect("(", f" after {opened_by.text!r}")
        inputs, keywords = [], {}
        while not self.c.at(")"):
            if values and self.c.peek.kind == "value" and not keywords:
                inputs.append(value_name(self.c.next()))
            else:
                key = self.c.next()
                if key.kind != "name":
                    self.c.fail("expected " + ("%value or " if values else "") + "name=value", key)
                self.c.expect("=", f" after {key.text!r}")
                keywords[key.text] = self.c.literal()
            if not self.c.accept(",") and not self.c.at(")"):
                self.c.fail(f"expected ',' or ')' (to close '(' at {opened_by.line}:{opened_by.col})")
        self.c.next()
        return inputs, keywords

    def _node_assignment(self):
        first = self.c.peek
        net = self._net(first)
        outputs = [self._result()]
        while self.c.accept(","):
            outputs.append(self._result())
        self.c.expect("=", " after the results")
        node = self._node_body(outputs)
        if self.c.accept(":"):
            self._result_types(net, outputs)
        node["loc"] = self._loc(first)
        net["nodes"].append(node)

    def _result(self):
        token = self.c.next()
        if token.kind == "value":
            return value_name(token)
        if token.text == "_":
            return ""
        self.c.fail("expected %value or _", token)

    def _node_body(self, outputs) -> dict:
        token = self.c.peek
        op, target = "call_module", None
        if token.kind == "name" and token.text in ("input", "op", "constant"):
            op = {"input": "input", "op": "call_op", "constant": "constant"}[self.c.next().text]
            if op == "call_op":
                kind = self.c.next()
                if kind.kind != "name":
                    self.c.fail("expected a tensor op kind such as add", kind)
                target = kind.text
        else:
            target = self._name("input, op KIND(...), constant(...) or a module call")
        inputs, attrs = self._arguments(True, token) if op != "input" or self.c.at("(") else ([], {})
        if op in ("input", "constant"):
            target = attrs.pop("target", "")
        return {"op": op, "target": target, "inputs": inputs, "outputs": outputs, "attrs": attrs}

    def _result_types(self, net, outputs):
        for i, out in enumerate(outputs):
            if i and not self.c.accept(","):
                return
            if self.c.at("_", "name"):
                self.c.next()
                continue
            spelled = self._type()
            if not out:
                self.c.fail("a type needs a named result (not _)")
            net["types"][out] = spelled

    def _type(self) -> dict:
        dtype = self.c.next().text if self.c.peek.kind == "name" else "float32"
        opening = self.c.expect("[", " to open the axes of a type such as float32[N=?, C=3]")
        shape, roles = [], []
        while not self.c.at("]"):
            role = self.c.next()
            if role.text == "?":
                role = self.c.next()
                roles.append("?" + role.text)
            elif role.kind == "name":
                roles.append(role.text)
            else:
                self.c.fail("expected an axis role (N, C, T, D, H, W or ?i)", role)
            self.c.expect("=", f" after the axis role {roles[-1]!r}")
            size = self.c.next()
            shape.append(None if size.text == "?" else int(size.text) if size.text.isdigit() else
                         self.c.fail("expected an axis size (an integer or ?)", size))
            if not self.c.accept(",") and not self.c.at("]"):
                self.c.fail(f"expected ',' or ']' (to close '[' at {opening.line}:{opening.col})")
        self.c.next()
        return {"shape": shape, "roles": roles, "dtype": dtype}

    def _output(self):
        token = self.c.next()
        net = self._net(token)
        if self.c.at("("):
            inputs, attrs = self._arguments(True, token)
        else:
            inputs, attrs = [value_name(self._expect_value())], {}
            while self.c.accept(","):
                inputs.append(value_name(self._expect_value()))
        target = attrs.pop("target", "")
        net["nodes"].append({"op": "output", "target": target, "inputs": inputs, "outputs": [], "attrs": attrs,
                             "loc": self._loc(token)})

    def _expect_value(self):
        if self.c.peek.kind != "value":
            self.c.fail("expected %value")
        return self.c.next()

    def _orphan_type(self):
        net = self._net(self.c.next())
        name = value_name(self._expect_value())
        self.c.expect(":")
        net["types"][name] = self._type()

    # --- training and data ------------------------------------------------------------

    def _training(self):
        token = self.c.next()
        self.training = {"optimizer": None, "loss": None, "metrics": [], "epochs": None, "batch_size": None,
                         "schedule": None, "callbacks": [], "validation_split": None, "untranslated": [],
                         "batch_steps": [],
                         "loc": self._loc(token)}
        self.section = "training"

    def _training_line(self):
        token = self.c.next()
        if token.text in TRAINING_FIELDS:
            value = self.c.literal()
            types = {"metrics": list, "untranslated": list, "batch_steps": list,
                     "validation_split": (int, float)}.get(token.text, int)
            if not isinstance(value, types) or isinstance(value, bool):
                what = {"metrics": "a list", "untranslated": "a list", "batch_steps": "a list",
                        "validation_split": "a number"}.get(token.text, "an integer")
                raise NnportError(f"{token.text} takes {what}, not {value!r}", self.c.loc(token))
            self.training[token.text] = value
            return
        kind = self.c.next()
        if kind.kind != "name":
            self.c.fail(f"expected a {token.text} kind such as adam", kind)
        attrs = self._arguments(values=False, opened_by=kind)[1]
        component = {"kind": kind.text, "attrs": attrs, "loc": self._loc(token)}
        if token.text == "callback":
            self.training["callbacks"].append(component)
        else:
            self.training[token.text] = component

    def _dataset(self):
        token = self.c.next()
        dataset_name = self._name("a dataset name")
        self.c.expect("=", " after the dataset name")
        loader = self.c.next()
        if loader.kind != "name":
            self.c.fail("expected a loader such as mnist, cifar10, arrays, directory or custom", loader)
        attrs = self._arguments(values=False, opened_by=loader)[1]
        extra = self._keywords()
        unknown = set(extra) - {"split", "transforms"}
        if unknown:
            raise NnportError(f"dataset keywords are split= and transforms=, not {sorted(unknown)}", self.c.loc(token))
        transforms = extra.get("transforms", [])
        if not isinstance(transforms, (list, tuple)) or not all(isinstance(t, dict) for t in transforms):
            raise NnportError(f"transforms= takes a list of dicts, not {transforms!r}", self.c.loc(token))
        self.datasets.append({"name": dataset_name, "loader": loader.text, "split": extra.get("split", "train"),
                              "attrs": attrs, "transforms": list(transforms),
                              "loc": self._loc(token)})
        self.section = None


def value_name(token) -> str:
    text = token.text[1:]
    return eval_string(token, text) if text[:1] in ("'", '"') else text


def eval_string(token, text=None) -> str:
    import ast
    return ast.literal_eval(text if text is not None else token.text)
