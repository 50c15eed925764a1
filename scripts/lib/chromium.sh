# Shared by scripts/test.sh: the headless browser the notice-board test drives (tests/MaShangYi.Tests/Board).
# Debian's chromium at /usr/bin/chromium, plus a CJK font so its screenshots show Chinese rather than boxes.
# No test tool downloads a browser of its own.

ensure_chromium_installed() {
  if [ -x /usr/bin/chromium ] && fc-list :lang=zh 2>/dev/null | grep -q .; then
    return 0
  fi
  echo "==> Installing Debian's chromium and a Chinese font (one time, about 50 s)"
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null
}
