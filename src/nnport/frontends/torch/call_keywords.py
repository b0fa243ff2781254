"""Keyword arguments of a layer's call in forward (``self.attn(x, x, x, need_weights=False)``),
read by the catalog spelling's ``call_keywords`` hook: argument name -> (what, where), with what
one of "ignored" (no effect on what is translated), "attr" (a static value setting the layer's
attribute ``where``), "input" (a tensor taking input slot ``where``; None leaves it out) or
"appended" (a tensor after the other inputs, which sets the boolean attribute ``where``)."""
from __future__ import annotations

import ast

from ..common import Scope
from .values import Layer, Untranslatable


class CallKeywords:
    """Mixed into the forward tracer (it provides ``value`` and ``module_attrs``)."""

    def call_keywords(self, module, name: str, node: ast.Call, scope: Scope, args: list) -> list:
        """``args`` with the keyword inputs placed in their slots; attributes set by keywords are
        recorded in ``module_attrs``; other keywords are reported."""
        known = module.spelling.hooks.get("call_keywords", {}) if isinstance(module, Layer) else {}
        args, appended = list(args), []
        for keyword in node.keywords:
            what, where = known.get(keyword.arg, (None, None))
            if what is None:
                raise Untranslatable(keyword.value, f"keyword argument {keyword.arg}= to module {name!r} is not "
                                                    "supported")
            value = self.value(keyword.value, scope)
            if what == "attr":
                self.module_attrs.setdefault(name, {})[where] = value
            elif what == "input" and value is not None:
                args += [None] * (where + 1 - len(args))
                args[where] = value
            elif what == "appended" and value is not None:
                appended.append(value)
                self.module_attrs.setdefault(name, {})[where] = True
        return args + appended

