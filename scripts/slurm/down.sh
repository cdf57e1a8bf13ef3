#!/usr/bin/env bash
# Stop the daemons that up.sh started (slurmd, slurmctld, munged), by the PIDs
# it recorded under /tmp/slurm-ci/pids. Daemons started by anyone else are left
# alone. Safe to call when nothing is running. Logs and state are kept.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
source "$here/lib.sh"

# slurmctld first so it saves the node as idle instead of marking it down.
for d in slurmctld slurmd munged; do
    stop_daemon "$d"
done
printf 'slurm: DOWN\n'
