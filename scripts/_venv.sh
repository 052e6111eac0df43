# Sourced by scripts/run and scripts/test: make .venv and install the project into it, once
# per change of setup.cfg. Needs only python3 (3.11+) and the package registry.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PY="${PYTHON:-python3}"
EXTRA="${1:-}"
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
STAMP=".venv/.installed-$(sha256sum setup.cfg pyproject.toml | sha256sum | cut -c1-16)${EXTRA:+-$EXTRA}"
if [ ! -f "$STAMP" ]; then
  echo "installing into .venv (log: .venv/install.log)…"
  TARGET="."; [ -n "$EXTRA" ] && TARGET=".[$EXTRA]"
  if ! { .venv/bin/python -m pip install --upgrade pip \
         && .venv/bin/python -m pip install -e "$TARGET"; } >.venv/install.log 2>&1; then
    tail -30 .venv/install.log; echo "install failed: see .venv/install.log" >&2; exit 1
  fi
  touch "$STAMP"
fi
# Translations are compiled from the committed .po catalogues on every start (a second or less).
.venv/bin/pybabel compile -d ballot_service/translations -D messages >/dev/null 2>&1 \
  || { echo "translations failed to compile" >&2; exit 1; }
export PATH="$ROOT/.venv/bin:$PATH"
export FLASK_APP=ballot_service
