#!/usr/bin/env bash
# Stops the project-local MariaDB that scripts/dev.sh started. Its data stays in .local/mariadb.
set -euo pipefail
cd "$(dirname "$0")/.."
pid_file=.local/mariadb/mysqld.pid
if [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null; then
  kill "$(cat "$pid_file")"
  echo "Stopped the local MariaDB."
else
  echo "The local MariaDB is not running."
fi
