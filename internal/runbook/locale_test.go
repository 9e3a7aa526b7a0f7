package runbook

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
)

// TestLocaleSameAsEnglish: each real localized output (testdata/SOURCES.md,
// "nslookup and w32tm in other languages") gives the same evidence as its
// English rendering, the same text with the labels replaced by the English
// ones here. The English rendering is made by the test, not stored.
func TestLocaleSameAsEnglish(t *testing.T) {
	tests := []struct {
		file string
		en   *strings.Replacer
	}{
		{"de_nslookup_host_ok_pihole_partial.txt", strings.NewReplacer("Nicht autorisierende Antwort:", "Non-authoritative answer:")},
		{"fr_nslookup_host_ok_thinkerview_partial.txt", strings.NewReplacer("Serveur :", "Server:",
			"Réponse ne faisant pas autorité :", "Non-authoritative answer:", "Nom :", "Name:")},
		{"es_nslookup_host_ok_tokioschool_partial.txt", strings.NewReplacer("Servidor:", "Server:",
			"Respuesta no autoritativa:", "Non-authoritative answer:", "Nombre:", "Name:")},
		{"ptbr_nslookup_host_ok_github_partial.txt", strings.NewReplacer("Servidor:", "Server:",
			"Não é resposta autoritativa:", "Non-authoritative answer:", "Nome:", "Name:")},
		{"ptbr_nslookup_host_nxdomain_tutorial_partial.txt", strings.NewReplacer("Servidor:", "Server:",
			"dns.google não encontrou www.siteinventado.com.br:", "dns.google can't find www.siteinventado.com.br:")},
		{"ru_nslookup_host_ok_mojibake_ozon_partial.txt", strings.NewReplacer("╤хЁтхЁ:", "Server:",
			"Не заслуживающий доверия ответ:", "Non-authoritative answer:", "╚ь :", "Name:")},
		{"de_w32tm_status_synced_timewindows_partial.txt", strings.NewReplacer("Sprungindikator:", "Leap Indicator:",
			"Letzte erfolgr. Synchronisierungszeit:", "Last Successful Sync Time:", "Quelle:", "Source:",
			"Präzision:", "Precision:", "Stammverzögerung:", "Root Delay:", "Stammabweichung:", "Root Dispersion:",
			"Referenz-ID:", "ReferenceId:", "Abrufintervall:", "Poll Interval:")},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			loc, lk := readAll("x.txt", string(raw))
			en, ek := readAll("x.txt", tt.en.Replace(string(raw)))
			if len(lk) == 0 || !reflect.DeepEqual(lk, ek) {
				t.Fatalf("kinds: locale %v, English %v", lk, ek)
			}
			// The leap indicator's value is text in the user's language
			// ("0(keine Warnung)"): only its number is compared.
			strip := func(ts []evidence.TimeSync) []evidence.TimeSync {
				out := append([]evidence.TimeSync(nil), ts...)
				for i := range out {
					out[i].Leap = strings.SplitN(out[i].Leap, "(", 2)[0]
				}
				return out
			}
			// The failure line keeps the user's words in Err.
			names := func(ns []evidence.NameLookup) []evidence.NameLookup {
				out := append([]evidence.NameLookup(nil), ns...)
				for i := range out {
					out[i].Err = ""
				}
				return out
			}
			if !reflect.DeepEqual(names(loc.Names), names(en.Names)) || !reflect.DeepEqual(loc.SRV, en.SRV) ||
				!reflect.DeepEqual(strip(loc.TimeSync), strip(en.TimeSync)) {
				t.Errorf("locale:  %+v %+v %+v\nEnglish: %+v %+v %+v", loc.Names, loc.SRV, loc.TimeSync, en.Names, en.SRV, en.TimeSync)
			}
			if len(loc.Names)+len(loc.SRV)+len(loc.TimeSync) == 0 {
				t.Error("nothing read")
			}
		})
	}
}

// TestFoldColon: the French blank before a colon and a full-width colon are
// folded on the first colon only; IPv6 values are left alone.
func TestFoldColon(t *testing.T) {
	for in, want := range map[string]string{
		"Serveur :   dns.google":      "Serveur:   dns.google",
		"Nom\u00a0:    x.example":     "Nom:    x.example",
		"ソース：time.windows.com":        "ソース:time.windows.com",
		"          2a06:98c1:3120::7": "          2a06:98c1:3120::7",
		"::1":                         "::1",
		"no colon":                    "no colon",
		"Address:  10.0.0.1 : 53":     "Address:  10.0.0.1 : 53",
	} {
		if got := foldColon(in); got != want {
			t.Errorf("foldColon(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestW32tmUnknownLabels: a status whose labels are in a language of no row
// (here the real German status with its labels replaced by words of no
// language) is read by the position and shape of its values, and gives
// what the labels give. A status of the local clock is unsynchronised by
// its reference id, whatever the source is called.
func TestW32tmUnknownLabels(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("testdata", "de_w32tm_status_synced_timewindows_partial.txt"))
	if err != nil {
		t.Fatal(err)
	}
	unknown := strings.NewReplacer("Sprungindikator:", "Aaa bbb:", "Stratum:", "Ccc:", "Präzision:", "Ddd:",
		"Stammverzögerung:", "Eee fff:", "Stammabweichung:", "Ggg hhh:", "Referenz-ID:", "Iii jjj:",
		"Letzte erfolgr. Synchronisierungszeit:", "Kkk lll mmm:", "Quelle:", "Nnn :", "Abrufintervall:", "Ooo:").Replace(string(raw))
	want, wk := readAll("x.txt", string(raw))
	got, gk := readAll("x.txt", unknown)
	if !reflect.DeepEqual(wk, gk) || !reflect.DeepEqual(want.TimeSync, got.TimeSync) || len(got.TimeSync) != 1 {
		t.Fatalf("unknown labels: %v %+v\nlabels: %v %+v", gk, got.TimeSync, wk, want.TimeSync)
	}
	local := "Aaa: 0(xxx)\nBbb: 1 (yyy)\nCcc: -23 (zzz)\nDdd: 0.0000000s\nEee: 10.0000000s\nFff: 0x4C4F434C (zzz: \"LOCL\")\nGgg: 20.09.2024 10:43:13\nHhh: Freilaufende Systemuhr\n"
	s, _ := readAll("x.txt", local)
	if len(s.TimeSync) != 1 || !s.TimeSync[0].Unsynced || s.TimeSync[0].Stratum != 1 {
		t.Errorf("local clock: %+v", s.TimeSync)
	}
	// A list of durations is no status.
	if s, _ := readAll("x.txt", "a: 0.1s\nb: 0.2s\nc: 0.3s\n"); len(s.TimeSync) != 0 {
		t.Errorf("not a status: %+v", s.TimeSync)
	}
}

// TestNslookupUnknownLabels: an nslookup of a host whose server and name
// labels are in a language of no row (here the real Spanish output with its
// labels replaced by words of no language) is read from what does not
// depend on the language: the command line, "Address:" (English in every
// language seen) and the answer's name, which is the name asked.
func TestNslookupUnknownLabels(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("testdata", "es_nslookup_host_ok_tokioschool_partial.txt"))
	if err != nil {
		t.Fatal(err)
	}
	unknown := strings.NewReplacer("Servidor:", "Aaaaa:", "Respuesta no autoritativa:", "Bbbb ccc ddd:", "Nombre:", "Eeee:").Replace(string(raw))
	want, wk := readAll("x.txt", string(raw))
	got, gk := readAll("x.txt", unknown)
	if !reflect.DeepEqual(wk, gk) || !reflect.DeepEqual(want.Names, got.Names) || len(got.Names) != 1 {
		t.Fatalf("unknown labels: %v %+v\nlabels: %v %+v", gk, got.Names, wk, want.Names)
	}
	// Another name in the answer is not taken for the one asked.
	other := strings.Replace(unknown, "Eeee:  tokioschool.com", "Eeee:  cdn.example.net", 1)
	if s, _ := readAll("x.txt", other); len(s.Names) != 0 {
		t.Errorf("another name: %+v", s.Names)
	}
}
