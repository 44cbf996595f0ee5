# Sourced by the other scripts: puts uv on PATH, installing it into .tools/ if it is absent.
if ! command -v uv >/dev/null 2>&1; then
  tools="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/.tools"
  if [ ! -x "$tools/bin/uv" ]; then
    echo "uv not found: installing it into $tools" >&2
    python3 -m venv "$tools"
    "$tools/bin/python" -m pip install --quiet uv
  fi
  export PATH="$tools/bin:$PATH"
fi
