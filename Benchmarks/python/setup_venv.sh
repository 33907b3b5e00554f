#!/usr/bin/env bash
# Creates .build-bench/venv (at the repository root) for sdk_bench.py, installs requirements.txt into it
# from PyPI, and prints the venv's python path on stdout.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
venv="$(cd "$here/../.." && pwd)/.build-bench/venv"
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv" >&2
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$here/requirements.txt" >&2
echo "$venv/bin/python"
