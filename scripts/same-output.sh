#!/usr/bin/env bash
# Checks that a change leaves povsim's numbers as they were: builds povsim at
# a git revision (default HEAD) and from the work tree, runs library
# scenarios with each, and compares their JSON output byte for byte. A speed
# change should print "same" for every scenario; a model change shows which
# scenarios it moves.
#
# usage: scripts/same-output.sh [REV [SCENARIO ...]]
#        (default HEAD and eight scenarios that exercise most mechanisms)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rev=${1:-HEAD}
shift || true
scenarios=("$@")
if [ ${#scenarios[@]} -eq 0 ]; then
	scenarios=(baseline rural-doctors skills-training welfare-posts monitoring-tight land-transfer revitalization-package disaster-stress)
fi
out="$(mktemp -d)"
trap 'git -C "$root" worktree remove --force "$out/old" >/dev/null 2>&1 || true; rm -rf "$out"' EXIT

git -C "$root" worktree add --quiet --detach "$out/old" "$rev"
(cd "$out/old" && go build -o "$out/povsim-old" ./cmd/povsim)
(cd "$root" && go build -o "$out/povsim-new" ./cmd/povsim)

status=0
for s in "${scenarios[@]}"; do
	"$out/povsim-old" run "$s" --households 4000 --reps 3 --format json >"$out/old.json"
	"$out/povsim-new" run "$s" --households 4000 --reps 3 --format json >"$out/new.json"
	if cmp -s "$out/old.json" "$out/new.json"; then
		echo "$s same"
	else
		echo "$s DIFFERENT"
		status=1
	fi
done
exit $status
