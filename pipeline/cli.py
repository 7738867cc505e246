"""Command line: a thin layer over `pipeline.audit` and `pipeline.report`."""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from .audit import AuditOptions, audit_to_dir
from .ingest import Limits
from .report import RESULTS_FILE, rebuild_outputs

app = typer.Typer(
    help="Audit Party-branch paperwork for formalism, with quotable evidence.",
    no_args_is_help=True,
    add_completion=False,
)
err = Console(stderr=True)

USAGE_ERROR = 2


def _usage_error(message: str) -> typer.Exit:
    err.print(f"[bold red]error:[/] {message}")
    return typer.Exit(USAGE_ERROR)


def _check_writable(out_dir: Path) -> None:
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        probe = out_dir / ".write-test"
        probe.write_text("")
        probe.unlink()
    except OSError as exc:
        raise _usage_error(f"cannot write to output folder {out_dir}: {exc.strerror or exc}")


def _show_progress(quiet: bool) -> bool:
    return not quiet and sys.stderr.isatty() and not os.environ.get("CI")


@app.command()
def scan(
    paths: list[Path] = typer.Argument(..., help="Files, folders or .zip archives to audit."),
    out: Path = typer.Option(Path("out"), "--out", "-o", help="Folder for results.jsonl, summary.json and the report."),
    workers: int = typer.Option(1, "--workers", "-w", min=1, help="Worker processes; results are identical for any N."),
    db: Optional[Path] = typer.Option(None, "--db", help="SQLite store to re-use between runs (default OUT/audit.db)."),
    prior: list[Path] = typer.Option([], "--prior", help="Last period's files: sources for copy detection, not audited."),
    max_file_mb: float = typer.Option(50, help="Files larger than this are refused as too_large."),
    max_archive_mb: float = typer.Option(500, help="Stop expanding a .zip past this total uncompressed size."),
    backend: str = typer.Option("auto", help="Segmenter backend: auto, jieba or rjieba."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
) -> None:
    """Audit PATHS and write one record per input file to OUT."""
    missing = [str(path) for path in [*paths, *prior] if not path.exists()]
    if missing:
        raise _usage_error(f"no such file or folder: {', '.join(missing)}")
    if backend not in ("auto", "jieba", "rjieba"):
        raise _usage_error(f"unknown backend {backend!r}; choose auto, jieba or rjieba")
    _check_writable(out)
    if db is not None:
        _check_writable(db.parent)
    options = AuditOptions(
        backend=backend,
        limits=Limits(
            max_file_bytes=int(max_file_mb * 1024 * 1024),
            max_archive_bytes=int(max_archive_mb * 1024 * 1024),
        ),
    )
    with Progress(
        TextColumn("[bold]auditing"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
        console=err, disable=not _show_progress(quiet), transient=True,
    ) as bar:
        task = bar.add_task("audit", total=None)

        def advance(done: int, total: Optional[int]) -> None:
            bar.update(task, completed=done, total=total)

        results, written = audit_to_dir(
            paths, out, workers=workers, db_path=db, prior=prior, options=options, progress=advance
        )
    errors = sum(1 for result in results if result.status == "error")
    flagged = sum(1 for result in results if result.flags)
    err.print(
        f"audited {len(results)} files: {len(results) - errors} read, {errors} could not be read, "
        f"{flagged} with findings"
    )
    for name, path in written.items():
        typer.echo(f"{name}: {path}")


@app.command()
def report(out: Path = typer.Argument(..., help="A folder written by `scan`.")) -> None:
    """Rebuild the report files in OUT from its stored results, without re-analysing."""
    if not (out / RESULTS_FILE).exists():
        raise _usage_error(f"{out / RESULTS_FILE} not found; run `formalism-audit scan ... --out {out}` first")
    for name, path in rebuild_outputs(out).items():
        typer.echo(f"{name}: {path}")
