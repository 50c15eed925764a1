# Shared by the README's commands: a MySQL-compatible server without Docker or systemd.
# Debian's mariadb-server (MariaDB 10.11), run as a project-local instance in a folder we own.

ensure_mariadb_installed() {
  if command -v mariadbd >/dev/null 2>&1 || [ -x /usr/sbin/mariadbd ]; then
    return 0
  fi
  echo "==> Installing Debian's mariadb-server (one time, about 30 s)"
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq mariadb-server >/dev/null
}

mariadbd_bin() { command -v mariadbd 2>/dev/null || echo /usr/sbin/mariadbd; }

# start_local_mariadb DIR PORT [EXTRA ARGS...]: starts (or reuses) an instance whose data lives in DIR/data.
start_local_mariadb() {
  local dir="$1" port="$2"
  shift 2
  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd)"
  if [ -f "$dir/mysqld.pid" ] && kill -0 "$(cat "$dir/mysqld.pid")" 2>/dev/null \
     && mariadb-admin --no-defaults --socket="$dir/mysqld.sock" -uroot ping >/dev/null 2>&1; then
    return 0
  fi
  local user_args=(--user=root)
  [ "$(id -u)" = 0 ] || user_args=()
  if [ ! -d "$dir/data/mysql" ]; then
    mariadb-install-db --no-defaults --datadir="$dir/data" "${user_args[@]}" \
      --auth-root-authentication-method=normal --skip-test-db >"$dir/install.log" 2>&1
  fi
  # A temporary folder of its own: servers sharing /tmp have had their temporary tables deleted under them.
  mkdir -p "$dir/tmp"
  "$(mariadbd_bin)" --no-defaults --datadir="$dir/data" --socket="$dir/mysqld.sock" --pid-file="$dir/mysqld.pid" \
    --port="$port" --bind-address=127.0.0.1 "${user_args[@]}" --skip-log-bin --log-error="$dir/error.log" --tmpdir="$dir/tmp" \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci --max-connections=300 "$@" \
    >/dev/null 2>&1 &
  for _ in $(seq 1 100); do
    mariadb-admin --no-defaults --socket="$dir/mysqld.sock" -uroot ping >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "MariaDB did not start; see $dir/error.log" >&2
  return 1
}

# create_database DIR NAME USER PASSWORD: idempotent.
create_database() {
  local dir="$1" name="$2" user="$3" password="$4"
  mariadb --no-defaults --socket="$dir/mysqld.sock" -uroot <<SQL
CREATE DATABASE IF NOT EXISTS \`$name\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS '$user'@'127.0.0.1' IDENTIFIED BY '$password';
CREATE USER IF NOT EXISTS '$user'@'localhost' IDENTIFIED BY '$password';
GRANT ALL PRIVILEGES ON \`$name\`.* TO '$user'@'127.0.0.1';
GRANT ALL PRIVILEGES ON \`$name\`.* TO '$user'@'localhost';
SQL
}
