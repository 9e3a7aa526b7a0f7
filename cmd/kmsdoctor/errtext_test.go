package main

import (
	"errors"
	"fmt"
	"io/fs"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/i18n"
)

func TestErrorText(t *testing.T) {
	_, durErr := time.ParseDuration("3秒")
	_, _, addrErr := net.SplitHostPort("a:b:c")
	tests := []struct {
		name string
		err  error
		l    i18n.Lang
		want string
	}{
		{"not found ja", &fs.PathError{Op: "open", Path: "x.txt", Err: fs.ErrNotExist}, i18n.JA, "x.txt: ファイルまたはフォルダーが見つかりません"},
		{"not found en", &fs.PathError{Op: "open", Path: "x.txt", Err: fs.ErrNotExist}, i18n.EN, "x.txt: no such file or folder"},
		{"permission ja", fmt.Errorf("reading: %w", &fs.PathError{Op: "open", Path: "x", Err: fs.ErrPermission}), i18n.JA, "x: アクセスが拒否されました"},
		{"address ja", addrErr, i18n.JA, "a:b:c: コロンが多すぎます (IPv6 アドレスは [アドレス]:ポート の形で指定してください)"},
		{"duration keeps 秒 as text", durErr, i18n.EN, `time: unknown unit "秒" in duration "3秒"`},
		{"invalid UTF-8 never escaped", errors.New("bad \xff byte"), i18n.EN, "bad \uFFFD byte"},
		{"worded usage error kept", usageT(i18n.JA, "cli.interrupted", nil), i18n.EN, "中断しました"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := errorText(tt.l, tt.err)
			if got != tt.want {
				t.Errorf("errorText = %q, want %q", got, tt.want)
			}
			if strings.Contains(got, `\x`) {
				t.Errorf("byte escape in %q", got)
			}
		})
	}
}

// TestCheckJapaneseCatchesEnglish makes sure the check of the Japanese help
// test does fail on cobra's English texts.
func TestCheckJapaneseCatchesEnglish(t *testing.T) {
	out, _, _ := runCLI(t, "--lang", "en", "explain", "--help")
	n := 0
	for _, line := range strings.Split(out, "\n") {
		s := strings.TrimSpace(line)
		if heading.MatchString(s) {
			n++
		}
	}
	if n < 3 {
		t.Fatalf("heading pattern matched %d English headings of %q, want at least 3", n, out)
	}
}
