package diagnose_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/diagnose"
	"github.com/kmsdoctor/kmsdoctor/internal/i18n"
	"github.com/kmsdoctor/kmsdoctor/internal/ingest"
	"github.com/kmsdoctor/kmsdoctor/internal/render"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
	"github.com/kmsdoctor/kmsdoctor/internal/testutil/golden"
	"github.com/kmsdoctor/kmsdoctor/internal/textout"
)

// TestCloudNetReportsGolden renders the reports of the OCI and Google
// Cloud firewall-policy inputs of the analyze goldens (real and
// constructed, healthy and broken) as text in both languages, against
// testdata/cloudnet (reviewed by hand; the JSON goldens of
// cmd/kmsdoctor are English only). Update with:
// go test ./internal/diagnose -run CloudNetReportsGolden -update
func TestCloudNetReportsGolden(t *testing.T) {
	ins := []string{"real_oci_ocibook_kthw_cloud-oci", "synth_oci_own_kms_host_blocked",
		"real_gcp_gcpdiag_fwpolicy_cloud-gcp", "synth_gcp_org_policy_denies_cloud-gcp"}
	for _, name := range ins {
		dir := filepath.Join("..", "..", "cmd", "kmsdoctor", "testdata", "analyze", "in", name)
		if _, err := os.Stat(dir); err != nil {
			t.Fatal(err)
		}
		for _, lang := range i18n.Langs {
			t.Run(name+"/"+string(lang), func(t *testing.T) {
				s, err := ingest.Paths([]string{dir})
				if err != nil {
					t.Fatal(err)
				}
				if i := strings.Index(name, "cloud-"); i >= 0 {
					s.Context.Cloud = name[i+len("cloud-"):]
				}
				r := report.New("analyze", time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC))
				diagnose.Run(s, r)
				render.Localize(r, lang)
				var buf bytes.Buffer
				if err := render.Text(&buf, r, lang, textout.Plain); err != nil {
					t.Fatal(err)
				}
				out := strings.ReplaceAll(buf.String(), filepath.ToSlash(dir)+"/", "")
				golden.Check(t, filepath.Join("testdata", "cloudnet", name+"."+string(lang)+".txt"), []byte(out))
			})
		}
	}
}
