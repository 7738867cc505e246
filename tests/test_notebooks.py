"""The notebooks run clean from top to bottom on the sample corpus (nbclient, a
kernel on this very interpreter), and are committed without outputs."""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
KERNEL = "formalism-audit-test"


@pytest.fixture(scope="module")
def kernel_env(tmp_path_factory):
    """A kernelspec for sys.executable (whatever python3 spec the machine has), the
    package importable without installation, and one store shared by the notebooks."""
    base = tmp_path_factory.mktemp("jupyter")
    spec = base / "kernels" / KERNEL
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "formalism-audit tests", "language": "python",
    }))
    return {"JUPYTER_PATH": str(base), "PYTHONPATH": str(ROOT), "FORMALISM_AUDIT_DB": str(base / "audit.db")}


def test_there_are_two_notebooks():
    assert [p.name for p in NOTEBOOKS] == ["01_explore_corpus.ipynb", "02_audit_a_folder.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_notebook_has_no_outputs(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, cell.source[:60]
    assert "widgets" not in nb.metadata


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_clean(path, kernel_env, monkeypatch):
    for name, value in kernel_env.items():
        monkeypatch.setenv(name, value)
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, kernel_name=KERNEL, timeout=300, resources={"metadata": {"path": str(path.parent)}})
    started = time.monotonic()
    client.execute()  # raises CellExecutionError on any failing cell
    elapsed = time.monotonic() - started
    outputs = [out for cell in nb.cells if cell.cell_type == "code" for out in cell.outputs]
    stderr = [out.text for out in outputs if out.output_type == "stream" and out.name == "stderr"]
    assert not stderr, stderr
    assert not [out for out in outputs if out.output_type == "error"]
    images = [out for out in outputs if "image/png" in out.get("data", {})]
    htmls = [out["data"]["text/html"] for out in outputs if "text/html" in out.get("data", {})]
    assert any('class="fa-doc"' in html and "<mark" in html for html in htmls), "corpus.show() rendered no highlights"
    if path.stem.startswith("01"):
        assert len(images) >= 2, "the score and unit plots are missing"
    print(f"{path.name}: {elapsed:.1f} s")
