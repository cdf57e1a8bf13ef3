# shellcheck shell=bash
# Shared settings and helpers for the scripts in scripts/slurm/.
# Sourced, not executed.

SLURM_CI_DIR="${SLURM_CI_DIR:-/tmp/slurm-ci}"
# PIDs of the daemons that up.sh itself started (down.sh stops only these).
SLURM_CI_PIDS="$SLURM_CI_DIR/pids"
# shellcheck disable=SC2034 # used by the scripts that source this file
SLURM_CONF_PATH=/etc/slurm/slurm.conf
# shellcheck disable=SC2034
SLURM_NODE=localhost

log() { printf '%s: %s\n' "${0##*/}" "$*" >&2; }

# proc_is PID NAME -> 0 if process PID is called NAME and is not a zombie
# (nobody reaps exited daemons when PID 1 is not a real init). Bash builtins
# only: this runs for every process in /proc.
proc_is() {
    local comm stat
    { read -r comm <"/proc/$1/comm" && read -r stat <"/proc/$1/stat"; } 2>/dev/null || return 1
    [[ "$comm" == "$2" ]] || return 1
    stat="${stat##*) }" # the field after "(comm) " is the state
    [[ "${stat:0:1}" != Z && "${stat:0:1}" != X ]]
}

# pid_alive NAME -> 0 if the daemon NAME recorded by up.sh is running.
# Checks the process name too, so a reused PID is never mistaken for ours.
pid_alive() {
    local pid
    { read -r pid <"$SLURM_CI_PIDS/$1.pid"; } 2>/dev/null || return 1
    [[ "$pid" =~ ^[0-9]+$ ]] && proc_is "$pid" "$1"
}

# live_pids NAME: PIDs of running (non-zombie) processes called NAME.
live_pids() {
    local d pid
    for d in /proc/[0-9]*; do
        pid="${d#/proc/}"
        if proc_is "$pid" "$1"; then printf '%s ' "$pid"; fi
    done
    return 0
}

# stop_daemon NAME: SIGTERM the recorded PID, wait up to 15 s, then SIGKILL.
stop_daemon() {
    local name="$1" pid i
    if ! pid_alive "$name"; then
        rm -f "$SLURM_CI_PIDS/$name.pid"
        return 0
    fi
    pid="$(cat "$SLURM_CI_PIDS/$name.pid")"
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 150; i++)); do
        pid_alive "$name" || break
        sleep 0.1
    done
    if pid_alive "$name"; then
        log "$name (pid $pid) ignored SIGTERM for 15 s, sending SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
        sleep 0.2
    fi
    rm -f "$SLURM_CI_PIDS/$name.pid"
    log "stopped $name (pid $pid)"
}

# print_logs: tail of each daemon's log, on stderr. With -D/--foreground the
# daemons also write to stderr (NAME.out), which has what they said before
# their log file was opened (e.g. config errors): used when the log is empty.
print_logs() {
    local name f
    for name in slurmctld slurmd munged; do
        f="$SLURM_CI_DIR/$name.log"
        [[ -s "$f" ]] || f="$SLURM_CI_DIR/$name.out"
        [[ -s "$f" ]] || continue
        printf '\n===== tail -n 25 %s =====\n' "$f" >&2
        tail -n 25 "$f" >&2
    done
}

# since START: seconds (one decimal) elapsed since START, an $EPOCHREALTIME.
since() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'; }
