# Shared by the editor end-to-end test scripts (editors/*/test/run.sh); sourced, not run.
# The exit status 77 means "skipped", which tests/editors.rs reports visibly (fails under CI).

skip() {
  echo "SKIPPED: $*" >&2
  exit 77
}

# Installs Debian packages whose commands are missing: apt-get as root, else skip.
need_debian_packages() {
  local missing=()
  local pair
  for pair in "$@"; do
    command -v "${pair%%=*}" >/dev/null 2>&1 || missing+=("${pair#*=}")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null 2>&1 || skip "${missing[*]} not installed and this system has no apt-get to install it"
  [ "$(id -u)" = 0 ] || skip "${missing[*]} not installed and installing it needs root (run: apt-get install ${missing[*]})"
  echo "installing ${missing[*]} from Debian" >&2
  export DEBIAN_FRONTEND=noninteractive
  timeout 300 apt-get -o DPkg::Lock::Timeout=120 install -y --no-install-recommends "${missing[@]}" >&2 \
    || { timeout 120 apt-get update >&2 && timeout 300 apt-get -o DPkg::Lock::Timeout=120 install -y --no-install-recommends "${missing[@]}" >&2; } \
    || { echo "apt-get install ${missing[*]} failed" >&2; exit 1; }
}
