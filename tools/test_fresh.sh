#!/usr/bin/env bash
# `make test-fresh DIST=trixie|bookworm`: the README's two commands, then the release checks, on a truly fresh Debian.
# `make bench-fresh DIST=…` (tools/test_fresh.sh DIST bench): a benchmark instead, on the same fresh Debian: `make`,
# which installs no TeX, then what the LaTeX PDF adds (`make setup-latex`, TeX Live; `make latexpdf`), each step's
# time and the disk it takes (the system's /usr, root's home with the project and pip's and npm's caches, the whole
# chroot but apt's downloads, and apt's downloads).  It prints figures; it asserts no time.
#
# Bootstraps a minimal Debian (only git, make, python3, python3-venv and ca-certificates, as a newcomer's
# machine) in a chroot with debootstrap, clones this project into it (with uncommitted changes laid over the
# clone), and runs `make`, `make test` and the release checks (`make check`) there as root, with nothing done by hand.  The chroot gets this
# machine's CA bundle and package-client configuration (pip, npm, apt), so that it reaches the same
# registries, and nothing else: no Node, no Java, no libraries a developer's machine happens to have.
#
#   FRESH_DIR   where the chroots and the package caches go (default /var/tmp/briefing-fresh)
#   FRESH_KEEP  1: keep the chroot after a passing run (a failing run always keeps it, unmounted)
#
# The chroot's /proc, /sys and /dev are mounted; they are always unmounted (on any exit, Ctrl-C too) and
# checked with findmnt before anything under the chroot is removed, and the removal never crosses into
# another file system (rm --one-file-system).  /dev is a tmpfs with the few device nodes bound in, not the
# host's /dev.
set -euo pipefail

DIST=${1:?usage: tools/test_fresh.sh trixie|bookworm [test|bench]}
MODE=${2:-test}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BASE=${FRESH_DIR:-/var/tmp/briefing-fresh}
DIR=$BASE/$DIST
MIRROR=${FRESH_MIRROR:-http://deb.debian.org/debian}
SECURITY=${FRESH_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
BOOK=/root/briefing
DEVICES=(null zero full random urandom tty)

say() { printf '\n== %s-fresh %s: %s\n' "$MODE" "$DIST" "$*"; }

[ "$(id -u)" = 0 ] || { echo "make $MODE-fresh needs root (debootstrap, chroot, mounts)"; exit 1; }
case $DIST in bookworm|trixie|forky|sid) ;; *) echo "DIST must be a Debian suite: bookworm (12) or trixie (13)"; exit 1;; esac
case $BASE in /*) ;; *) echo "FRESH_DIR must be an absolute path"; exit 1;; esac
case $MODE in test|bench) ;; *) echo "the mode is test (make, make test, make check) or bench (time and disk)"; exit 1;; esac

mounts_under() {  # every mount point at or below the chroot
  findmnt -rn -o TARGET | awk -v d="$DIR" '$0 == d || index($0, d "/") == 1'
}

stop_chroot_processes() {  # only processes whose root is this chroot (started by this run)
  local pid root
  for pid in $(ls /proc | grep -E '^[0-9]+$'); do
    root=$(readlink "/proc/$pid/root" 2>/dev/null) || continue
    [ "$root" = "$DIR" ] && kill -KILL "$pid" 2>/dev/null || true
  done
}

unmount_all() {
  [ -d "$DIR" ] || return 0
  stop_chroot_processes
  local m
  for m in dev/shm dev/pts "${DEVICES[@]/#/dev/}" dev sys proc; do
    if mountpoint -q "$DIR/$m" 2>/dev/null; then umount -l "$DIR/$m" || true; fi
  done
  for m in $(mounts_under | sort -r); do umount -R -l "$m" || true; done
  if [ -n "$(mounts_under)" ]; then
    echo "ERROR: still mounted under $DIR:"; mounts_under
    return 1
  fi
}

remove_chroot() {
  [ -e "$DIR" ] || return 0
  unmount_all || { echo "refusing to remove $DIR while anything is mounted under it"; return 1; }
  rm -rf --one-file-system "$DIR"
}

on_exit() {
  local status=$?
  trap - EXIT INT TERM
  if [ -d "$DIR/var/cache/apt/archives" ]; then  # keep apt's downloads for the next run
    find "$DIR/var/cache/apt/archives" -maxdepth 1 -name '*.deb' -exec cp -u -t "$BASE/apt-cache-$DIST/" {} + || true
  fi
  unmount_all || status=1
  if [ "$status" = 0 ] && [ "${FRESH_KEEP:-0}" != 1 ]; then
    remove_chroot
  elif [ -d "$DIR" ]; then
    echo "The chroot is kept (unmounted) for inspection: $DIR"
  fi
  exit "$status"
}
trap on_exit EXIT
trap 'exit 130' INT TERM

command -v debootstrap >/dev/null || { say "installing debootstrap"; apt-get install -y -qq debootstrap >/dev/null; }

say "a minimal Debian ($MIRROR) in $DIR"
remove_chroot
mkdir -p "$BASE/debootstrap-cache-$DIST" "$BASE/apt-cache-$DIST"
start=$(date +%s)
debootstrap --variant=minbase --include=git,make,ca-certificates,python3,python3-venv \
  --cache-dir="$BASE/debootstrap-cache-$DIST" "$DIST" "$DIR" "$MIRROR" >"$BASE/debootstrap-$DIST.log" 2>&1 \
  || { tail -20 "$BASE/debootstrap-$DIST.log"; exit 1; }
bootstrapped=$(date +%s)

say "this machine's CA bundle and package-client configuration"
cat >"$DIR/etc/apt/sources.list" <<EOF
deb $MIRROR $DIST main
deb $MIRROR $DIST-updates main
deb $SECURITY $DIST-security main
EOF
cp /etc/resolv.conf "$DIR/etc/resolv.conf"
cp /etc/ssl/certs/ca-certificates.crt "$DIR/etc/ssl/certs/ca-certificates.crt"
if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then  # kept when update-ca-certificates runs again
  mkdir -p "$DIR/usr/local/share/ca-certificates"
  cp /usr/local/share/ca-certificates/*.crt "$DIR/usr/local/share/ca-certificates/"
fi
for f in /etc/npmrc /usr/etc/npmrc /etc/pip.conf /etc/xdg/pip /etc/apt/auth.conf /etc/apt/auth.conf.d; do
  if [ -e "$f" ]; then mkdir -p "$DIR$(dirname "$f")" && cp -a "$f" "$DIR$f"; fi
done
for f in $(grep -l -i -E 'Acquire::(https?::)?Proxy' /etc/apt/apt.conf.d/* 2>/dev/null || true); do
  cp "$f" "$DIR$f"
done
proxy_env=()
for v in http_proxy https_proxy no_proxy HTTP_PROXY HTTPS_PROXY NO_PROXY; do
  [ -z "${!v:-}" ] || proxy_env+=("$v=${!v}")
done
# apt's downloads from the last run, so that a second run does not fetch TeX Live again
find "$BASE/apt-cache-$DIST" -name '*.deb' -exec cp -t "$DIR/var/cache/apt/archives/" {} +
seeded=$(find "$BASE/apt-cache-$DIST" -name '*.deb' | wc -l)

say "a clone of the project in $BOOK"
git clone --quiet --no-hardlinks "$ROOT" "$DIR$BOOK"
if [ -n "$(git -C "$ROOT" status --porcelain)" ]; then
  echo "(with this work tree's uncommitted changes laid over the clone)"
  git -C "$ROOT" ls-files -z --cached --others --exclude-standard \
    | tar -C "$ROOT" --null --ignore-failed-read -T - -cf - | tar -C "$DIR$BOOK" -xf -
  git -C "$ROOT" diff -z --name-only --diff-filter=D HEAD | (cd "$DIR$BOOK" && xargs -0 -r rm -f --)
fi

mount -t proc proc "$DIR/proc"
mount -t sysfs -o ro sysfs "$DIR/sys"
mount -t tmpfs -o mode=755,size=16m tmpfs "$DIR/dev"
for d in "${DEVICES[@]}"; do touch "$DIR/dev/$d" && mount --bind "/dev/$d" "$DIR/dev/$d"; done
mkdir -p "$DIR/dev/pts" "$DIR/dev/shm"
mount -t devpts -o newinstance,ptmxmode=0666,mode=620 devpts "$DIR/dev/pts"
ln -s pts/ptmx "$DIR/dev/ptmx"
mount -t tmpfs -o mode=1777,size=1g tmpfs "$DIR/dev/shm"
ln -s /proc/self/fd "$DIR/dev/fd"

in_chroot() {
  chroot "$DIR" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
    LANG=C.UTF-8 TERM=dumb "${proxy_env[@]}" bash -c "cd $BOOK && $1"
}

if [ "$MODE" = bench ]; then
  ARCHIVES=$DIR/var/cache/apt/archives
  disk() {  # MB: /usr, /root (the project, .venv, node_modules, pip's and npm's caches), the chroot but apt's downloads, those
    printf '%s %s %s %s' "$(du -sxm "$DIR/usr" | cut -f1)" "$(du -sxm "$DIR/root" | cut -f1)" \
      "$(du -sxm --exclude="$ARCHIVES" "$DIR" | cut -f1)" "$(du -sxm "$ARCHIVES" | cut -f1)"
  }
  rows=()
  step() {  # step NAME COMMAND: run COMMAND in the chroot; record its time and the disk after it
    local t=$(date +%s)
    say "$1"
    in_chroot "$2"
    rows+=("$1|$(( $(date +%s) - t ))|$(disk)")
  }
  tex() { in_chroot "command -v xelatex || command -v latexmk || dpkg-query -W -f='\${db:Status-Abbrev}\${Package}\n' 'texlive*' 2>/dev/null | grep '^ii'"; }
  rows+=("debootstrap (minbase with git, make, python3, python3-venv, ca-certificates)|$((bootstrapped - start))|$(disk)")
  step "make (set-up without TeX, HTML, the Typst PDF)" "make"
  if tex; then echo "ERROR: \`make\` installed TeX (above), which only the LaTeX PDF needs"; exit 1; fi
  step "make setup-latex (TeX Live, what make latexpdf adds)" "make setup-latex"
  step "make latexpdf (the LaTeX PDF, TeX now present)" "make latexpdf"
  say "figures (FRESH_DIR=$BASE; apt's downloads kept from earlier runs: $seeded .deb files)"
  printf '%-78s %7s %7s %7s %9s %9s\n' "step" "time s" "/usr MB" "/root MB" "chroot MB" "apt-dl MB"
  prev=""
  for row in "${rows[@]}"; do
    IFS='|' read -r name secs sizes <<<"$row"
    read -r usr home all dl <<<"$sizes"
    printf '%-78s %7s %7s %7s %9s %9s\n' "$name" "$secs" "$usr" "$home" "$all" "$dl"
    if [ -n "$prev" ]; then
      read -r pusr phome pall pdl <<<"$prev"
      printf '%-78s %7s %+7d %+7d %+9d %+9d\n' "  added by this step" "" $((usr - pusr)) $((home - phome)) $((all - pall)) $((dl - pdl))
    fi
    prev=$sizes
  done
  exit 0
fi

say "make (debootstrap took $((bootstrapped - start)) s)"
t0=$(date +%s)
in_chroot "make"
t1=$(date +%s)
say "make test (make took $((t1 - t0)) s)"
in_chroot "make test"
t2=$(date +%s)
say "make check (make test took $((t2 - t1)) s)"
in_chroot "make check"
t3=$(date +%s)

say "passed: debootstrap $((bootstrapped - start)) s, make $((t1 - t0)) s, make test $((t2 - t1)) s, make check $((t3 - t2)) s, total $((t3 - start)) s"
