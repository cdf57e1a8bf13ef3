#!/usr/bin/env bash
# End-to-end check of the local Slurm cluster: up.sh, a 4-task array job whose
# tasks each write $SLURM_ARRAY_TASK_ID to a file, a job depending on it
# (afterok) that concatenates those files, checks the result, then down.sh.
#
# Exit codes: 0 success, 3 Slurm not available here (up.sh said skip),
#             anything else: failure.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
source "$here/lib.sh"
t0=$EPOCHREALTIME

rc=0
"$here/up.sh" || rc=$?
if [[ "$rc" -eq 3 ]]; then
    echo "smoke: SKIP (Slurm not available here, see above)"
    exit 3
elif [[ "$rc" -ne 0 ]]; then
    echo "smoke: FAIL (up.sh exited $rc)" >&2
    exit "$rc"
fi

work="$(mktemp -d /tmp/slurm-smoke.XXXXXX)"
cleanup() {
    local status=$?
    "$here/down.sh" || true
    if [[ "$status" -eq 0 ]]; then
        rm -rf "$work"
    else
        echo "smoke: kept $work for inspection" >&2
    fi
}
trap cleanup EXIT

# Tasks run in the submit dir with the submitter's environment; the --output
# directory must exist before submitting.
cd "$work"
mkdir -p logs out

cat >task.sh <<'JOB'
#!/bin/bash
set -eu
echo "$SLURM_ARRAY_TASK_ID" >"out/task-$SLURM_ARRAY_TASK_ID.txt"
JOB
cat >gather.sh <<'JOB'
#!/bin/bash
set -eu
cat out/task-*.txt | sort -n >result.txt
JOB

t1=$EPOCHREALTIME
array_id="$(sbatch --parsable --job-name=smoke-array --array=0-3 --ntasks=1 \
    --output=logs/%A_%a.out task.sh)"
array_id="${array_id%%;*}"
gather_id="$(sbatch --parsable --job-name=smoke-gather --dependency="afterok:$array_id" \
    --output=logs/gather-%j.out gather.sh)"
gather_id="${gather_id%%;*}"
echo "smoke: submitted array job $array_id and dependent job $gather_id"

"$here/wait-job.sh" "$array_id" 120
"$here/wait-job.sh" "$gather_id" 120

expected=$'0\n1\n2\n3'
if [[ ! -f result.txt ]] || [[ "$(cat result.txt)" != "$expected" ]]; then
    echo "smoke: FAIL: result.txt is not 0..3; contents:" >&2
    cat result.txt >&2 2>/dev/null || echo "(missing)" >&2
    tail -n +1 logs/* >&2 2>/dev/null || true
    exit 1
fi
echo "smoke: jobs ran in $(since "$t1") s"
echo "smoke: PASS in $(since "$t0") s"
