# Shared by scripts/test.sh, scripts/dev.sh, scripts/lib/e2e-api.sh and scripts/bench/run.sh: a folder's npm packages,
# installed with `npm ci` unless the last complete install is newer than the folder's package-lock.json. A folder that
# merely exists is not enough: an install cut short (a full disk, a lost registry) leaves node_modules without its
# tools, and a pull that changed the lock leaves the old packages.

npm_install() { # DIR
  local stamp="$1/node_modules/.mashangyi-installed"
  if [ -f "$stamp" ] && [ "$stamp" -nt "$1/package-lock.json" ]; then
    return 0
  fi
  (cd "$1" && npm ci --no-audit --no-fund --loglevel=error) && touch "$stamp"
}
