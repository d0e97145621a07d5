#!/usr/bin/env bash
# Lays out an installation tree: bin/chaos, bin/chaos-worker, shell completions and the man page.
# Usage: install-tree.sh BUILD_DIR PREFIX   (BUILD_DIR holds the built chaos and chaos-worker)
set -euo pipefail
build="$1"
prefix="$2"
install -d "$prefix/bin" "$prefix/share/bash-completion/completions" "$prefix/share/zsh/site-functions" \
  "$prefix/share/fish/vendor_completions.d" "$prefix/share/man/man1"
install -m 755 "$build/chaos" "$build/chaos-worker" "$prefix/bin/"
"$build/chaos" --generate-completion-script bash >"$prefix/share/bash-completion/completions/chaos"
"$build/chaos" --generate-completion-script zsh >"$prefix/share/zsh/site-functions/_chaos"
"$build/chaos" --generate-completion-script fish >"$prefix/share/fish/vendor_completions.d/chaos.fish"
"$build/chaos-worker" --generate-completion-script bash >"$prefix/share/bash-completion/completions/chaos-worker"
# The man page: swift-argument-parser's generate-manual tool (not a product of that package, so it is
# built from its checkout under .build), which reads the tool's --experimental-dump-help.
parser=".build/checkouts/swift-argument-parser"
manual="$parser/.build/release/generate-manual"
if [ ! -x "$manual" ]; then
  swift build --package-path "$parser" -c release --product generate-manual >/dev/null
fi
"$manual" "$build/chaos" --output-directory "$prefix/share/man/man1" >/dev/null
