package diagnose

import (
	"strings"
	"testing"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/i18n"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
)

// TestRedactedKMSHostInEvents: a KMS host the author hid in a 12288's Info
// ("_key.management.server:_1688", dandylife.net's post; "<KMS Host
// FQDN>:1688") is no host name: the expiry finding says the name was
// hidden and its evidence keeps no host.
func TestRedactedKMSHostInEvents(t *testing.T) {
	for _, server := range []string{"_key.management.server:_1688", "<KMS Host FQDN>:1688"} {
		t.Run(server, func(t *testing.T) {
			src := report.Source{File: "ev.txt", Line: 1}
			s := evidence.Set{Events: []evidence.Event{
				{EventID: 12288, Provider: "Microsoft-Windows-Security-SPP", Source: src,
					Data: []string{"0x00000000, 0x00000000, " + server + ", .......-b604-4b8c-9a48-99d4348fcf37, 2012/12/04 07:06, 0, 2, 972, 6f345b60-8a5c-427c-....-836a982589dc, 5"}},
				{EventID: 12289, Provider: "Microsoft-Windows-Security-SPP", Source: report.Source{File: "ev.txt", Line: 17},
					Data: []string{"0x00000000, 0x00000000, 1, 0, 10, 120, 10080, 2012/12/04 07:06"}},
			}}
			for _, lang := range i18n.Langs {
				r := report.New("analyze", time.Unix(0, 0))
				set := s
				runLang(&set, lang, r)
				if r.Verdict.Status != report.StatusOK {
					t.Errorf("%s: verdict %+v (%v)", lang, r.Verdict, ids(r))
				}
				found := false
				for _, f := range r.Findings {
					if f.ID != IDEventsExpiry {
						continue
					}
					found = true
					if strings.Contains(f.Detail, "management") || strings.Contains(f.Detail, "FQDN") || strings.Contains(f.Detail, " ?") {
						t.Errorf("%s: host shown as %q", lang, f.Detail)
					}
					if lang == "en" && !strings.Contains(f.Detail, "hidden") {
						t.Errorf("detail %q does not say the host was hidden", f.Detail)
					}
					if h, _ := f.Evidence["host"].(string); h != "" {
						t.Errorf("%s: evidence host %q", lang, h)
					}
				}
				if !found {
					t.Errorf("%s: no %s in %v", lang, IDEventsExpiry, ids(r))
				}
			}
		})
	}
}
