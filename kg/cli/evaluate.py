"""``kg eval``: score extraction records against gold annotations."""
from __future__ import annotations

from pathlib import Path

import typer

from kg.cli import app
from kg.cli.common import fail


@app.command("eval")
def evaluate(
    gold_dir: Path = typer.Argument(..., help="Folder of gold JSON files (one per article)."),
    pred: Path = typer.Argument(..., help="extractions.jsonl written by kg build."),
    errors: int = typer.Option(20, "--errors", "-e", help="List up to N errors."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
) -> None:
    """Precision, recall and F1 per entity, relation and metric type, micro-averaged, with an error list."""
    from kg.eval.scorer import format_report, score_files

    if not gold_dir.is_dir():
        fail(f"{gold_dir} is not a folder of gold files")
    if not pred.is_file():
        fail(f"{pred} does not exist; run kg build first")
    try:
        result = score_files(gold_dir, pred)
    except ValueError as err:
        fail(str(err))
    typer.echo(format_report(result, errors=errors, as_json=as_json))
