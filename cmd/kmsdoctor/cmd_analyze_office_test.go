package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/testutil/golden"
)

// officeCases are the analyze inputs of the Office cases of issue 14 whose
// report is also kept as Japanese text (testdata/analyze/golden_ja), next to
// the English JSON of TestAnalyzeGolden.
var officeCases = []string{
	"synth_office_kmshost_2016_only_ltsc2021_client",
	"synth_en_dlv_all_kmshost_ws2016_office2016_only_constructed.txt",
	"synth_en_dlv_all_kmshost_ws2022_office_ltsc_count3_constructed.txt",
	"synth_en_ospp_dstatusall_office2019_licensed_0x4004F040_constructed.txt",
	"synth_en_ospp_dhistorykms_0xC004F074_then_ok_constructed.txt",
	"synth_en_ospp_dhistorykms_failing_since_renewal_constructed.txt",
	"synth_en_events_office_8198_0xC004F074_win10_constructed.txt",
	"synth_en_events_office_ospp_win7_failed_then_ok_constructed.txt",
	"synth_en_ospp_dstatus_office2019_grace_0xC004F074.txt",
	"en_ospp_dstatus_o365_subscription_oob_grace_mas269_partial.txt",
}

func TestAnalyzeOfficeJapanese(t *testing.T) {
	analyzeNow = func() time.Time { return time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC) }
	defer func() { analyzeNow = time.Now }()
	for _, name := range officeCases {
		t.Run(name, func(t *testing.T) {
			var out, errb bytes.Buffer
			run(context.Background(), []string{"analyze", "--lang", "ja", filepath.Join("testdata/analyze/in", name)}, nil, &out, &errb)
			if errb.Len() > 0 {
				t.Errorf("stderr: %s", errb.String())
			}
			golden.Check(t, filepath.Join("testdata/analyze/golden_ja", strings.TrimSuffix(name, filepath.Ext(name))+".ja.txt"), out.Bytes())
		})
	}
}
