package main

import (
	"path/filepath"
	"testing"

	"github.com/kmsdoctor/kmsdoctor/internal/knowledge"
	"github.com/kmsdoctor/kmsdoctor/internal/testutil/golden"
)

// TestCloudMatrix: for every cloud `--cloud` takes, a healthy and a broken
// Windows Server VM (testdata/cloud/in, constructed: SOURCES.md there),
// analysed with `--cloud NAME` in both languages against hand-reviewed
// text goldens (testdata/cloud). Healthy: licensed against that cloud's
// own KMS, no problem. Broken: in notification with 0xC004F074 and a KMS
// host of its own set with /skms, a problem.
func TestCloudMatrix(t *testing.T) {
	names := knowledge.CloudNames()
	if len(names) < 6 {
		t.Fatalf("clouds %v", names)
	}
	for _, c := range names {
		for _, tc := range []struct {
			kind string
			code int
		}{{"healthy", 0}, {"broken", 1}} {
			in := filepath.Join("testdata", "cloud", "in", c+"_"+tc.kind+"_dlv.txt")
			for _, lang := range []string{"en", "ja"} {
				t.Run(c+"/"+tc.kind+"/"+lang, func(t *testing.T) {
					out, errs, code := runCLI(t, "analyze", "--cloud", c, "--lang", lang, in)
					if code != tc.code {
						t.Errorf("exit %d, want %d: %s", code, tc.code, errs)
					}
					golden.Check(t, filepath.Join("testdata", "cloud", c+"_"+tc.kind+"."+lang+".txt"), []byte(out))
				})
			}
		}
	}
}
