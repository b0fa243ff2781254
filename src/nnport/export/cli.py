"""``nnport export``: the pivot model of a source as text, JSON, PlantUML or a B-UML script."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from ..cli import EXIT_INPUT, _fail, _report, load_inferred, with_source_options
from ..errors import NnportError

FORMATS = ("text", "json", "plantuml", "buml")
BESSER_HINT = "B-UML export needs the besser package: pip install 'nnport[besser]' (or pip install besser)"


def render(pivot, fmt: str, behaviour: str | None) -> str:
    if fmt == "text":
        from ..ir.text import dump
        return dump(pivot)
    if fmt == "json":
        from ..ir.serialize import dumps
        return dumps(pivot)
    if fmt == "plantuml":
        from .plantuml import render as plantuml
        return plantuml(pivot, behaviour)
    try:
        from .buml_script import script
    except ModuleNotFoundError as exc:
        if (exc.name or "").startswith("besser"):
            raise click.UsageError(BESSER_HINT) from None
        raise
    return script(pivot, behaviour)


@click.command()
@click.argument("source", type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write here (atomically); stdout if omitted.")
@click.option("--behaviour", "--behavior", "behaviour", metavar="CLASS.METHOD",
              help="Link the network as the implementation of this method of a system class (plantuml, buml).")
@with_source_options
def command(source, fmt, output, behaviour, model, input_shape, framework):
    """Export the pivot model of SOURCE (.py, .ipynb, .json or .nn) as text notation, JSON, PlantUML or B-UML."""
    from ..output import write_atomically

    pivot, reporter = load_inferred(source, model, input_shape, framework)
    try:
        text = render(pivot, fmt, behaviour)
        if output:
            write_atomically(Path(output), text, source=Path(source))
        else:
            click.echo(text, nl=False)
    except NnportError as exc:
        _fail(exc, reporter)
    except click.UsageError as exc:
        click.echo(f"error: {exc.message}", err=True)
        sys.exit(EXIT_INPUT)
    except ValueError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_INPUT)
    _report(reporter)
