"""The TypeScript types committed for front ends (examples/front-end/folio-api.d.ts) are
those API v2's OpenAPI document gives today, and the example front end type-checks
against them. Both need Node's tools from package.json (`make install` runs `npm ci`)."""

import shutil
import subprocess
from pathlib import Path

import pytest

from blog.api.openapi_v2 import document_json
from folio.api import api_router

ROOT = Path(__file__).resolve().parents[1]
FRONT_END = ROOT / "examples" / "front-end"
TYPES = FRONT_END / "folio-api.d.ts"


def node_tool(package):
    """``npx --no-install`` for a package of package.json, or skip saying how to get it."""
    if shutil.which("npx") is None:
        pytest.skip("needs Node.js and npm (apt-get install nodejs npm), then make install")
    if not (ROOT / "node_modules" / package).is_dir():
        pytest.skip(f"needs {package} from package.json: make install (npm ci)")
    return ["npx", "--no-install"]


def run(command):
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def test_the_committed_types_are_those_of_the_openapi_document(tmp_path):
    npx = node_tool("openapi-typescript")
    document = tmp_path / "openapi-v2.json"
    document.write_text(document_json(api_router, "/api/v2"), encoding="utf-8")
    generated = tmp_path / "folio-api.d.ts"
    run([*npx, "openapi-typescript", str(document), "--output", str(generated)])
    assert generated.read_text() == TYPES.read_text(), (
        "API v2 changed: run `make api-types` and commit examples/front-end/folio-api.d.ts"
    )


def test_the_example_front_end_type_checks_against_the_types():
    npx = node_tool("typescript")
    run([*npx, "tsc", "-p", str(FRONT_END)])
