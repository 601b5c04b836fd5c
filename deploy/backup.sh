#!/bin/sh
# A verified backup named by date, then only the newest $CONCERTATIONS_BACKUP_KEEP kept.
# Used by concertations-backup.service (systemd) or cron:
#   30 2 * * *  cd /opt/concertations && . /etc/concertations/concertations.env && deploy/backup.sh
set -eu
dir="${CONCERTATIONS_BACKUP_DIR:-/var/backups/concertations}"
keep="${CONCERTATIONS_BACKUP_KEEP:-14}"
bin="${CONCERTATIONS_BIN:-/opt/concertations/.venv/bin/concertations}"
mkdir -p "$dir"
umask 077  # a backup holds personal data (contacts): readable by the service account only
out="$dir/concertations-$(date +%Y-%m-%d-%H%M%S).sauvegarde"
"$bin" db backup --out "$out"
# Newest first; everything past the first $keep is removed (only files this script named).
ls -1t "$dir"/concertations-*.sauvegarde 2>/dev/null | tail -n +"$((keep + 1))" | while read -r old; do
    rm -f -- "$old"
done
