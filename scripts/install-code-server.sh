#!/usr/bin/env bash
# Installs code-server (a real VS Code workbench + Node extension host, from npm)
# into a cache folder outside the checkout, once per machine. See ../shared/E2E.md.
# Prints the path of the code-server binary on its last line.
set -euo pipefail

VERSION="${CODE_SERVER_VERSION:-4.100.3}"
CACHE="${STS_LENS_CACHE:-$HOME/.cache/sts-lens}"
PREFIX="$CACHE/code-server-$VERSION"
BIN="$PREFIX/node_modules/.bin/code-server"

if [ -x "$BIN" ] && [ -f "$PREFIX/.installed" ]; then
  echo "$BIN"
  exit 0
fi

missing=()
for pkg in libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config ripgrep chromium; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "sts-lens: the real-editor tests need these Debian packages: ${missing[*]}" >&2
  echo "  install them with: apt-get update && apt-get install -y ${missing[*]}" >&2
  exit 3
fi

# @vscode/ripgrep's post-install downloads ripgrep from GitHub, which this
# network cannot reach; it first looks in a cache under os.tmpdir(). Seed that
# cache with Debian's rg for every release the install may resolve.
TMP="${TMPDIR:-/tmp}"
work=$(mktemp -d)
cp "$(command -v rg)" "$work/rg"
for rgver in v13.0.0-10 v13.0.0-13; do
  tar -C "$work" -czf "$work/ripgrep-$rgver-x86_64-unknown-linux-musl.tar.gz" rg
done
versions=$(npm view @vscode/ripgrep versions --json 2>/dev/null | tr -d '[]", ' | grep -E '^1\.1[5-9]' || true)
for v in $versions; do
  mkdir -p "$TMP/vscode-ripgrep-cache-$v"
  cp "$work"/ripgrep-*.tar.gz "$TMP/vscode-ripgrep-cache-$v/"
done
rm -rf "$work"

mkdir -p "$PREFIX"
cd "$PREFIX"
[ -f package.json ] || echo '{"name":"sts-lens-code-server","private":true}' > package.json
echo "sts-lens: installing code-server@$VERSION into $PREFIX (about 7 minutes, once per machine)" >&2
npm_config_unsafe_perm=true npm_config_yes=true npm install --no-audit --no-fund --loglevel=error "code-server@$VERSION" >&2
touch "$PREFIX/.installed"
echo "$BIN"
