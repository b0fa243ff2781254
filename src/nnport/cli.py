"""The ``nnport`` command line. Framework imports happen only inside the commands that run code."""
from __future__ import annotations

import errno
import json
import os
import sys
from pathlib import Path

import click

from .errors import NnportError, Reporter
from .failures import (
    EXIT_INPUT,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_PIPE,
    exit_help,
    internal_error,
    phase,
)
from .options import ReadOptions, WriteOptions
from .repository.cli import check_file_options, run_tree, with_tree_options


def _shape(text: str | None):
    if not text:
        return None
    dims = [d.strip() for d in text.strip("()[] ").split(",") if d.strip()]
    shape = []
    for d in dims:
        if d.lower() in ("none", "n", "?", "b"):
            shape.append(None)
            continue
        try:
            size = int(d)
        except ValueError:
            size = 0
        if size < 1:
            raise click.BadParameter(f"{d!r} in {text!r}: each size is a positive integer, or None for an open axis",
                                     param_hint="'--input-shape'")
        shape.append(size)
    return tuple(shape)


def _read_options(model, input_shape, framework, values=()) -> ReadOptions:
    return ReadOptions(model=model, input_shape=_shape(input_shape), framework=framework, values=_given(values))


def _given(pairs) -> tuple:
    """``--set NAME=VALUE`` pairs as (name, Python value), or a usage error saying what is wrong."""
    import ast

    from .weights.slicing import given_values

    try:
        return tuple((name, ast.literal_eval(text)) for name, text in given_values(pairs).items())
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="'--set'") from None


set_option = click.option(
    "--set", "values", multiple=True, metavar="NAME=VALUE",
    help="A value (a Python literal) for a size the source computes only when it runs (vocab_size = len(vocab), "
         "X.shape[1], a required constructor argument): written as a number instead of a parameter; repeatable.")


def _report(reporter: Reporter) -> None:
    for d in reporter.diagnostics:
        click.echo(str(d), err=True)


def _fail(exc: NnportError, reporter: Reporter | None = None) -> None:
    known = {str(d) for d in exc.diagnostics}
    if reporter:
        for d in reporter.diagnostics:
            if str(d) not in known:
                click.echo(str(d), err=True)
    for d in exc.diagnostics:
        click.echo(str(d), err=True)
    sys.exit(EXIT_INPUT)


def load_inferred(source, model, input_shape, framework, values=()):
    """Load SOURCE and infer its shapes; exit 2 with the diagnostics when that fails."""
    from . import api
    from .passes.shapes import infer_shapes

    reporter = Reporter()
    try:
        pivot = api.load(source, _read_options(model, input_shape, framework, values), reporter)
        with phase("inferring shapes", source):
            infer_shapes(pivot, reporter)
    except NnportError as exc:
        _fail(exc, reporter)
    if reporter.errors:  # no half-translated model on stdout
        _report(reporter)
        sys.exit(EXIT_INPUT)
    return pivot, reporter


def _silence_stdout() -> None:
    """The reader of stdout is gone: what is still buffered goes nowhere (not to a second error at exit)."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # not a real file (under a test runner)
        pass


source_options = [
    click.option("--model", "model", help="Class, variable or builder of the model when a file has several."),
    click.option("--input-shape", help="Input shape with the batch axis, e.g. 'None,3,32,32'."),
    click.option("--from", "framework", type=click.Choice(["torch", "keras"]), help="Force the source framework."),
]


def with_source_options(fn):
    for option in reversed(source_options):
        fn = option(fn)
    return fn


LAZY_COMMANDS = {  # engines that import numpy or frameworks load only when their command runs
    "verify": ("nnport.verify.cli", "Run SOURCE and MIGRATED with shared weights and compare (executes both)."),
    "weights": ("nnport.weights.cli", "Convert trained weights for a migrated pair (executes SOURCE)."),
    "export": ("nnport.export.cli", "Export the pivot model: text, json, plantuml or buml."),
    "diagram": ("nnport.export.diagram_cli", "Draw the forward graph as SVG or PNG."),
}


class LazyGroup(click.Group):
    """Loads the heavy commands on demand, and gives every command the same exit statuses:
    a diagnostic (NnportError) exits 2, any other exception is an internal error (exit 3)."""

    def list_commands(self, ctx):
        return sorted([*super().list_commands(ctx), *LAZY_COMMANDS])

    def get_command(self, ctx, name):
        if name in LAZY_COMMANDS:
            import importlib

            command = importlib.import_module(LAZY_COMMANDS[name][0]).command
        else:
            command = super().get_command(ctx, name)
        if command is not None and not command.epilog:
            command.epilog = exit_help("verify" if name == "verify" else "command")
        return command

    def invoke(self, ctx):
        protected = ctx._protected_args if hasattr(ctx, "_protected_args") else ctx.protected_args  # click < 8.2
        args = [*protected, *ctx.args]
        try:
            return super().invoke(ctx)
        except NnportError as exc:
            for d in exc.diagnostics:
                click.echo(str(d), err=True)
            ctx.exit(EXIT_INPUT)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("\ninterrupted", err=True)
            ctx.exit(EXIT_INTERRUPTED)
        except Exception as exc:  # noqa: BLE001 - any other exception is a bug (EOFError too: not "Aborted!")
            if isinstance(exc, OSError) and exc.errno == errno.EPIPE:  # `nnport layers | head`
                _silence_stdout()
                ctx.exit(EXIT_PIPE)
            for line in internal_error(exc, self._source(ctx, args), debug=ctx.params.get("debug", False)):
                click.echo(line, err=True)
            ctx.exit(EXIT_INTERNAL)

    def _source(self, ctx, args: list[str]) -> str | None:
        """The SOURCE argument of the command line, parsed again quietly."""
        try:
            name, command, rest = self.resolve_command(ctx, list(args))
            return command.make_context(name, rest, parent=ctx, resilient_parsing=True).params.get("source")
        except Exception:  # noqa: BLE001 - only a name for the message; the failure is reported already
            return None

    def format_commands(self, ctx, formatter):
        rows = [(name, LAZY_COMMANDS[name][1] if name in LAZY_COMMANDS
                 else self.commands[name].get_short_help_str(80)) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]}, epilog=exit_help("all"))
@click.version_option(package_name="nnport")
@click.option("--debug", is_flag=True, help="On an internal error, print the full traceback.")
def main(debug):
    """Migrate neural-network source code between PyTorch and Keras 3 through a pivot model.

    Migration is static: it never imports or runs your code. Only `verify` and `weights` execute code.
    """


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.option("--markdown", is_flag=True, help="A markdown table.")
def layers(as_json, markdown):
    """The support matrix: every layer kind and tensor op with both spellings."""
    from .catalog import matrix

    if as_json:
        click.echo(json.dumps(matrix.rows(), indent=2))
    elif markdown:
        click.echo(matrix.markdown(), nl=False)
    else:
        for r in matrix.rows():
            click.echo(f"{r['kind']:<24} {r['type']:<6} {', '.join(r['torch']) or '-':<48} {', '.join(r['keras']) or '-'}")


@main.command()
@click.argument("source", type=click.Path(exists=True, dir_okay=False))
@with_source_options
@set_option
@click.option("--json", "as_json", is_flag=True, help="Print the pivot model as JSON.")
@click.option("--list", "as_list", is_flag=True,
              help="List every network that could be the model (the file's own, builders, classes with and "
                   "without required arguments) and how each would be built; choose one with --model.")
def inspect(source, model, input_shape, framework, values, as_json, as_list):
    """Print the pivot model of SOURCE (.py, .ipynb, .json or .nn): modules, graph, shapes, training."""
    from .ir import serialize, text

    if as_list:
        _list_models(source, framework)
        return
    pivot, reporter = load_inferred(source, model, input_shape, framework, values)
    click.echo(serialize.dumps(pivot) if as_json else text.dump(pivot), nl=False)
    for node in pivot.network.graph.inputs:  # where each input's type came from
        value = node.outputs[0]
        origin = pivot.input_origins.get(value, "stated in the source")
        click.echo(f"input {value!r}: {pivot.network.graph.types.get(value, 'unknown')} ({origin})", err=True)
    _report(reporter)


def _list_models(source, framework) -> None:
    from . import api
    from .frontends.candidates import render

    reporter = Reporter()
    try:
        found = api.candidates(source, ReadOptions(framework=framework), reporter)
    except NnportError as exc:
        _fail(exc, reporter)
    click.echo(render(found, source), nl=False)


@main.command()
@click.argument("source", type=click.Path(exists=True))
@click.option("--to", "target", type=click.Choice(["torch", "keras"]), required=True)
@click.option("--style", type=click.Choice(["subclassing", "sequential", "functional"]))
@click.option("-o", "--output", type=click.Path(),
              help="Write here (atomically); stdout if omitted. For a folder SOURCE: the folder to write into.")
@with_source_options
@set_option
@click.option("--layout", type=click.Choice(["source", "native"]), default="source", show_default=True,
              help="source: the migrated model takes the source's input layout; native: the target's.")
@click.option("--only-model", is_flag=True, help="Emit the network alone, without training code.")
@click.option("--allow-partial", is_flag=True, help="Keep going past untranslatable code, marking the gaps.")
@with_tree_options
def migrate(source, target, style, output, model, input_shape, framework, values, layout, only_model, allow_partial,
            **tree):
    """Translate SOURCE into native code of the other framework.

    SOURCE may be a folder (a repository): every .py and .ipynb file holding a network is migrated
    into the same place under OUT_DIR (.gitignore respected), with nnport-report.json and
    nnport-report.html there; exit 1 when a file diverges, 2 when one is refused or not verified.
    """
    from . import api
    from .output import write_atomically

    reporter = Reporter()
    write = WriteOptions(target=target, style=style, layout=layout, only_model=only_model, allow_partial=allow_partial)
    if Path(source).is_dir():
        sys.exit(run_tree(source, output, write, framework, {"model": model, "input_shape": input_shape,
                                                             "values": values}, tree))
    check_file_options(tree)
    try:
        code = api.migrate(source, write, _read_options(model, input_shape, framework, values), reporter)
        if output:
            write_atomically(Path(output), code, source=Path(source))
        else:
            click.echo(code, nl=False)
    except NnportError as exc:
        _fail(exc, reporter)
    _report(reporter)
