package slmgr

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
)

// TestActivationSuccess: the success line of an activation (ospp.vbs /act,
// slmgr.vbs /ato) makes the product it follows licensed, and only that
// product; a failure or another tool's wording does not. The first case is
// a real ospp /act output (Chinese Windows, a retail Grace SKU failing
// beside a VL SKU that activated); the others are variants of it.
func TestActivationSuccess(t *testing.T) {
	real, err := os.ReadFile(filepath.Join("testdata", "zh_ospp_act_grace_0xC004F017_vl_success_leazhi_partial.txt"))
	if err != nil {
		t.Fatal(err)
	}
	block := func(name, ch, tail string) string {
		return "Installed product key detected - attempting to activate the following product:\nSKU ID: 85dd8b5f-eaa4-4af3-a628-cce9e77c9a03\nLICENSE NAME: " + name +
			"\nLICENSE DESCRIPTION: Office 19, " + ch + " channel\nLast 5 characters of installed product key: 6MWKP\n" + tail + "\n---------------------------------------\n"
	}
	vl := "Office 19, Office19ProPlus2019VL_KMS_Client_AE edition"
	tests := []struct {
		name, in string
		want     string // per product: name|status|line of status
	}{
		{"real: Grace SKU fails, VL SKU activates", string(real),
			"Office 19, Office19ProPlus2019R_Grace edition||0 " + vl + "|licensed|20"},
		{"ospp /act success alone", "---Processing--------------------------\n---------------------------------------\n" + block(vl, "VOLUME_KMSCLIENT", "<Product activation successful>"),
			vl + "|licensed|8"},
		{"ospp /act, CRLF", strings.ReplaceAll(block(vl, "VOLUME_KMSCLIENT", "<Product activation successful>"), "\n", "\r\n"), vl + "|licensed|6"},
		{"ospp /act failure", block(vl, "VOLUME_KMSCLIENT", "ERROR CODE: 0xC004F074\nERROR DESCRIPTION: The Software Licensing Service reported that the computer could not be activated."),
			vl + "||0"},
		{"phone activation failed", block(vl, "VOLUME_KMSCLIENT", "<Product activation failed>"), vl + "||0"},
		{"slmgr /ato success", "Activating Windows(R), Enterprise edition (73111121-5638-40f6-bc11-f1d7b0d64300) ...\nProduct activated successfully.\n",
			"Windows(R), Enterprise edition|licensed|2"},
		{"slmgr /ato failure", "Activating Windows(R), Enterprise edition (73111121-5638-40f6-bc11-f1d7b0d64300) ...\nError: 0xC004F074 The Software Licensing Service reported that the computer could not be activated.\n",
			"Windows(R), Enterprise edition||0"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var s evidence.Set
			if err := Read("in.txt", 1, tc.in, &s); err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range s.Products {
				got = append(got, fmt.Sprintf("%s|%s|%d", p.Name, p.Status, p.Lines["status"]))
			}
			if strings.Join(got, " ") != tc.want {
				t.Errorf("products %q, want %q", got, tc.want)
			}
		})
	}
}
