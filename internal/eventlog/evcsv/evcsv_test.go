package evcsv

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kmsdoctor/kmsdoctor/internal/eventlog"
	"github.com/kmsdoctor/kmsdoctor/internal/eventlog/eventtest"

	"github.com/kmsdoctor/kmsdoctor/internal/testutil/golden"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
)

func readAll(b []byte, name string) ([]*evidence.Event, []evidence.Skip, error) {
	return eventtest.Collect(Read, b, name)
}

func dump(evs []*evidence.Event, sk []evidence.Skip) []byte { return eventtest.Dump(evs, sk, false) }

var files = []string{"en_eventviewer_spp_constructed.csv", "ja_eventviewer_utf16_constructed.csv", "en_powershell_export_csv_constructed.csv"}

func TestFiles(t *testing.T) {
	want := map[string]string{
		"en_eventviewer_spp_constructed.csv":       "12289@2 12288@5 8198@8 8200@12",
		"ja_eventviewer_utf16_constructed.csv":     "12289@2 12288@5",
		"en_powershell_export_csv_constructed.csv": "12288@3",
	}
	for _, f := range files {
		t.Run(f, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join("testdata", f))
			if err != nil {
				t.Fatal(err)
			}
			if !Detect(eventtest.Head(b)) {
				t.Error("Detect = false")
			}
			evs, sk, err := readAll(b, f)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, e := range evs {
				got = append(got, jsonNum(e.EventID)+"@"+jsonNum(e.Source.Line))
				if e.Provider == "" || len(e.Data) != 1 || e.Time.IsZero() || e.Level == 0 {
					t.Errorf("incomplete %+v", e)
				}
			}
			if strings.Join(got, " ") != want[f] || len(sk) != 0 {
				t.Errorf("events %v skips %v, want %s", got, sk, want[f])
			}
			out := dump(evs, sk)
			p := filepath.Join("testdata", "golden", f+".golden")
			golden.Check(t, p, out)
		})
	}
}

func jsonNum(n int) string { b, _ := json.Marshal(n); return string(b) }

const hdr = "Level,Date and Time,Source,Event ID,Task Category\n"

func TestRows(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		n       int
		skips   int
		wantErr bool
	}{
		{"plain", hdr + "Error,3/5/2024 9:00:00 AM,Microsoft-Windows-Security-SPP,8198,None,hr=0xC004F074\n", 1, 0, false},
		{"bad id", hdr + "Error,3/5/2024 9:00:00 AM,X,abc,None,m\nError,3/5/2024 9:00:00 AM,X,1,None,m\n", 1, 1, false},
		{"bad date", hdr + "Error,yesterday,X,1,None,m\n", 1, 1, false},
		{"bad quote", hdr + "Error,3/5/2024 9:00:00 AM,X,1,None,\"m\"x\nError,3/5/2024 9:00:00 AM,X,2,None,m\n", 1, 1, false},
		{"header only", hdr, 0, 0, false},
		{"not an event csv", "a,b,c\n1,2,3\n", 0, 0, true},
		{"empty", "", 0, 0, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			evs, sk, err := readAll([]byte(tc.in), "in.csv")
			if (err != nil) != tc.wantErr {
				t.Fatalf("err %v", err)
			}
			if err != nil && !strings.HasPrefix(err.Error(), "in.csv: line ") {
				t.Errorf("error %q does not name file and line", err)
			}
			if len(evs) != tc.n || len(sk) != tc.skips {
				t.Errorf("%d events %d skips %v, want %d %d", len(evs), len(sk), sk, tc.n, tc.skips)
			}
			for _, s := range sk {
				if s.Source.Line < 2 {
					t.Errorf("skip line %d", s.Source.Line)
				}
			}
		})
	}
}

func TestDetect(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want bool
	}{
		{hdr, true},
		{"\uFEFFレベル,日付と時刻,ソース,イベント ID,タスクのカテゴリ\r\n", true},
		{"#TYPE x\n\"Id\",\"ProviderName\",\"TimeCreated\",\"Message\"\n", true},
		{"Name,Value\n", false},
		{"Log Name: Application\n", false},
	} {
		if got := Detect(tc.in); got != tc.want {
			t.Errorf("Detect(%q) = %v", tc.in, got)
		}
	}
}

func FuzzRead(f *testing.F) {
	for _, p := range files {
		b, err := os.ReadFile(filepath.Join("testdata", p))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		Detect(eventtest.Head(b))
		eventtest.CheckPlaces(t, Read, b, "f.csv")
	})
}

func BenchmarkRead(b *testing.B) {
	in := []byte(hdr + strings.Repeat("Information,3/8/2024 10:00:01 AM,Microsoft-Windows-Security-SPP,12289,None,\"Info:\n0x00000000, 0x00000000, 1, 0, 31, 120, 10080, 2024/03/08 01:00\"\n", 10000))
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		evs, _, err := readAll(in, "b")
		if err != nil || len(evs) != 10000 {
			b.Fatal(err, len(evs))
		}
	}
}

// TestRowWithoutEventID: a short row or an empty Event ID is skipped with a
// note, never read as an event with id 0.
func TestRowWithoutEventID(t *testing.T) {
	in := "Level,Date and Time,Source,Event ID,Task Category\n" +
		"Error,3/5/2024 9:00:00 AM,Microsoft-Windows-Security-SPP,,None\n" +
		"Error,3/5/2024 9:00:00 AM,Microsoft-Windows-Security-SPP\n" +
		"Error,3/5/2024 9:00:00 AM,Microsoft-Windows-Security-SPP,12288,None\n"
	var ids []int
	skips, err := Read(context.Background(), strings.NewReader(in), "x.csv", eventlog.Options{}, func(ev *evidence.Event, _ []byte) error {
		ids = append(ids, ev.EventID)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) != 1 || ids[0] != 12288 || len(skips) != 2 {
		t.Errorf("ids %v, skips %+v", ids, skips)
	}
	for _, sk := range skips {
		if p, _ := sk.Args["problems"].([]evidence.Msg); len(p) != 1 || p[0].Key != "skip.problem.no_event_id" {
			t.Errorf("skip %+v", sk)
		}
	}
}

// TestHugeField: a row with a field far larger than MaxRow, quoted or not,
// is cut at MaxRow and reported, and the rows after it are read.
func TestHugeField(t *testing.T) {
	const hdr = "Level,Date and Time,Source,Event ID,Task Category\n"
	const row = "Error,3/5/2024 9:00:00 AM,Microsoft-Windows-Security-SPP,12288,"
	big := strings.Repeat("x", 3*MaxRow)
	for name, in := range map[string]string{
		"plain":  hdr + row + big + "\n" + row + "None\n",
		"quoted": hdr + row + "\"" + big + "\n" + big + "\"\n" + row + "None\n",
	} {
		var ids []int
		skips, err := Read(context.Background(), strings.NewReader(in), "x.csv", eventlog.Options{}, func(ev *evidence.Event, _ []byte) error {
			ids = append(ids, ev.EventID)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(ids) != 2 || len(skips) != 1 || skips[0].Key != "skip.evcsv.row_too_large" {
			t.Errorf("%s: ids %v, skips %+v", name, ids, skips)
		}
	}
}
