#!/bin/sh
# windows-build.sh: what `make windows` runs. For windows/amd64 and
# windows/arm64: go vet of every package, and go test -c of every package
# that has tests (the test binaries are compiled and linked, not run; the
# Wine step runs the amd64 ones that can run there). Prints one line per
# architecture with the number of test binaries built.
set -eu
GO=${GO:-go}
out=$(mktemp -d /tmp/kmsdoctor-windows.XXXXXX)
trap 'rm -rf "$out"' EXIT
pkgs=$($GO list -f '{{if or .TestGoFiles .XTestGoFiles}}{{.ImportPath}}{{end}}' ./...)
for arch in amd64 arm64; do
	start=$(date +%s)
	GOOS=windows GOARCH=$arch $GO vet ./...
	n=0
	for p in $pkgs; do
		name=$(echo "$p" | sed 's|.*/kmsdoctor/kmsdoctor/||; s|/|_|g')
		GOOS=windows GOARCH=$arch CGO_ENABLED=0 $GO test -c -o "$out/$arch/$name.test.exe" "$p"
		n=$((n + 1))
	done
	echo "windows/$arch: go vet ./... passed; go test -c built $n test binaries ($(( $(date +%s) - start ))s)"
done
