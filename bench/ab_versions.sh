#!/usr/bin/env bash
# CPU seconds of `recoupe analyze` (one worker) on the team's own evaluation articles, with
# an earlier version's source tree and with this one, run in turns at the same moment (so
# that both see the same machine load). Usage, e.g. against 0.4.0:
#   mkdir -p /tmp/old && git archive fd49901 | tar -x -C /tmp/old
#   cp -r src/recoupe/report/vendor /tmp/old/src/recoupe/report/   # git-ignored assets
#   bench/ab_versions.sh /tmp/old 2
set -euo pipefail
cd "$(dirname "$0")/.."
old=${1:?give the earlier version tree (with src/)}
rounds=${2:-2}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/in"
cp eval/fr-*/*.txt eval/en-*/*.txt "$work/in/"
run='import sys; from recoupe.cli import main; sys.argv[0] = "recoupe"; sys.exit(main())'
for round in $(seq "$rounds"); do
  for tree in "$old" "$PWD"; do
    rm -rf "$work/out"
    PYTHONPATH="$tree/src" /usr/bin/time -f "%U %S" -o "$work/time" \
      .venv/bin/python -c "$run" analyze "$work/in" --out "$work/out" --workers 1 >/dev/null 2>&1
    echo "$tree round $round: $(awk '{printf "%.1f", $1 + $2}' "$work/time") s CPU"
  done
done
