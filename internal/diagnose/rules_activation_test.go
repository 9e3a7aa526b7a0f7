package diagnose

import (
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
	"github.com/kmsdoctor/kmsdoctor/internal/slmgr"
)

// TestActivationSuccessIsLicenseOK: an activation that succeeded in the
// input (ospp.vbs /act, slmgr.vbs /ato) gives license.ok for its product,
// beside the failure of another product of the same output. The ospp case
// is a real output (internal/slmgr/testdata); the /ato one is constructed.
func TestActivationSuccessIsLicenseOK(t *testing.T) {
	real, err := os.ReadFile("../slmgr/testdata/zh_ospp_act_grace_0xC004F017_vl_success_leazhi_partial.txt")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, in, status, okProduct, detail string
		also                                []string
	}{
		{"ospp /act: VL activated, Grace SKU failed", string(real), report.StatusProblem,
			"Office 19, Office19ProPlus2019VL_KMS_Client_AE edition", "The license status is Licensed (VOLUME_KMSCLIENT).", []string{IDLicenseActivationError}},
		{"slmgr /ato succeeded", "Activating Windows(R), Enterprise edition (73111121-5638-40f6-bc11-f1d7b0d64300) ...\nProduct activated successfully.\n",
			report.StatusOK, "Windows(R), Enterprise edition", "slmgr /ato reported that the product activated successfully. The output shows no License Status line; slmgr /dlv shows it, with the KMS host that answered.", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var s evidence.Set
			if err := slmgr.Read("in.txt", 1, tc.in, &s); err != nil {
				t.Fatal(err)
			}
			r := report.New("analyze", time.Unix(0, 0))
			runLang(&s, "en", r)
			if r.Verdict.Status != tc.status {
				t.Errorf("status %s, want %s (%v)", r.Verdict.Status, tc.status, ids(r))
			}
			i := slices.IndexFunc(r.Findings, func(f report.Finding) bool { return f.ID == IDLicenseOK })
			if i < 0 {
				t.Fatalf("no license.ok in %v", ids(r))
			}
			if f := r.Findings[i]; !strings.Contains(f.Title, tc.okProduct) || f.Detail != tc.detail {
				t.Errorf("license.ok %q / %q", f.Title, f.Detail)
			}
			for _, id := range tc.also {
				if !slices.Contains(ids(r), id) {
					t.Errorf("%s missing from %v", id, ids(r))
				}
			}
		})
	}
}
