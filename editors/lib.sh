# Shared by the editor end-to-end test scripts (editors/*/test/run.sh); sourced, not run.
# The exit status 77 means "skipped", which tests/editors.rs reports visibly (fails under CI).

skip() {
  echo "SKIPPED: $*" >&2
  exit 77
}

# Installs the Debian packages given: apt-get as root, else skip with the reason.
install_debian_packages() {
  command -v apt-get >/dev/null 2>&1 || skip "$* not installed and this system has no apt-get to install it"
  [ "$(id -u)" = 0 ] || skip "$* not installed and installing it needs root (run: apt-get install $*)"
  echo "installing $* from Debian" >&2
  export DEBIAN_FRONTEND=noninteractive
  local install=(timeout 300 apt-get -o DPkg::Lock::Timeout=120 install -y --no-install-recommends "$@")
  "${install[@]}" >&2 || { timeout 120 apt-get update >&2 && "${install[@]}" >&2; } \
    || { echo "apt-get install $* failed" >&2; exit 1; }
}

# For each COMMAND=PACKAGE pair whose command is missing, installs the package.
need_commands() {
  local missing=() pair
  for pair in "$@"; do
    command -v "${pair%%=*}" >/dev/null 2>&1 || missing+=("${pair#*=}")
  done
  [ ${#missing[@]} -eq 0 ] || install_debian_packages "${missing[@]}"
}

# WSLSP_BIN as an absolute path, since editors resolve a relative one against their own
# directory; a bare name is looked up on PATH.
absolute_wslsp_bin() {
  : "${WSLSP_BIN:?set WSLSP_BIN to the wslsp binary}"
  case "$WSLSP_BIN" in
    */*) WSLSP_BIN="$(cd "$(dirname "$WSLSP_BIN")" && pwd)/$(basename "$WSLSP_BIN")" ;;
    *) WSLSP_BIN="$(command -v "$WSLSP_BIN")" || { echo "$WSLSP_BIN is not on PATH" >&2; exit 1; } ;;
  esac
  export WSLSP_BIN
}
