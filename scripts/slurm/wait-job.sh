#!/usr/bin/env bash
# Usage: wait-job.sh JOBID [TIMEOUT_SECONDS]
# Polls `squeue -h --jobs=JOBID` every 2 s until the job (for an array job:
# every task) has left the queue, i.e. is no longer pending, running or
# completing. Faster than `sbatch --wait`. Then prints the final state of each
# task (known to slurmctld for MinJobAge = 300 s after the end).
#
# Exit codes: 0   left the queue; every task COMPLETED (or final state unknown)
#             1   left the queue, but some task ended otherwise (FAILED, ...)
#             124 still queued after TIMEOUT_SECONDS (default 600)
#             2   usage error
set -euo pipefail

usage() { echo "usage: ${0##*/} JOBID [TIMEOUT_SECONDS]" >&2; exit 2; }
[[ $# -ge 1 && $# -le 2 ]] || usage
job="$1"
timeout_s="${2:-600}"
[[ "$job" =~ ^[0-9]+(_[0-9]+)?$ ]] || usage
[[ "$timeout_s" =~ ^[0-9]+$ ]] || usage

start=$SECONDS
deadline=$((SECONDS + timeout_s))
while :; do
    # Without --states, squeue lists only pending, running and completing
    # jobs, so empty output means the job is done. A job already purged from
    # slurmctld gives "Invalid job id specified": done as well. Any other
    # error (controller unreachable) is retried until the timeout.
    if out="$(squeue -h --jobs="$job" -o '%i %T' 2>&1)"; then
        [[ -z "$out" ]] && break
    elif [[ "$out" == *"Invalid job id"* ]]; then
        break
    fi
    if ((SECONDS >= deadline)); then
        printf '%s: job %s still in the queue after %s s:\n%s\n' "${0##*/}" "$job" "$timeout_s" "$out" >&2
        exit 124
    fi
    sleep 2
done

final="$(squeue -h --jobs="$job" --states=all -o '%i %T' 2>/dev/null || true)"
summary=""
if [[ -n "$final" ]]; then
    summary="$(awk '{print $2}' <<<"$final" | sort | uniq -c | awk '{printf "%s%s x%s", sep, $2, $1; sep=", "}')"
fi
printf 'job %s left the queue after %s s: %s\n' "$job" "$((SECONDS - start))" "${summary:-final state unknown (job not or no longer known to slurmctld)}"
if [[ -n "$final" ]] && awk '$2 != "COMPLETED" {bad=1} END {exit !bad}' <<<"$final"; then
    printf '%s: job %s: not every task COMPLETED:\n%s\n' "${0##*/}" "$job" "$final" >&2
    exit 1
fi
