#!/usr/bin/env bash
# `make run`: the background worker (`thc worker`: long jobs, purges, reminders) beside the web process
# (`thc run`). When either stops, or on Ctrl-C / SIGTERM, both are stopped.
# Usage: scripts/run_all.sh [path/to/thc] [thc run options...]
set -u
THC="${1:-thc}"
shift || true
"$THC" worker &
worker=$!
"$THC" run "$@" &
web=$!
stop() {
    kill "$web" "$worker" 2>/dev/null
    wait "$web" "$worker" 2>/dev/null
}
trap 'stop; exit 130' INT TERM
wait -n "$web" "$worker"
status=$?
stop
exit "$status"
