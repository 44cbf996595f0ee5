# Sourced by the other scripts: puts uv on PATH, installing it into .tools/ if it is absent.
if ! command -v uv >/dev/null 2>&1; then
  tools="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/.tools"
  if [ ! -x "$tools/bin/uv" ]; then
    echo "uv not found: installing it into $tools" >&2
    python3 -m venv "$tools"
    # The uv the lock is made with, and the one the image copies in (Dockerfile): bump together.
    "$tools/bin/python" -m pip install --quiet uv==0.13.9
  fi
  export PATH="$tools/bin:$PATH"
fi
