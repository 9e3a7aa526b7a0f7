package main

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/testutil/golden"
)

// TestAnalyzeGolden runs `analyze --json` on every input of
// testdata/analyze/in and compares with testdata/analyze/golden/<name>.json
// (reviewed by hand). Inputs run with the flags cloudArgs gives them.
func TestAnalyzeGolden(t *testing.T) {
	analyzeNow = func() time.Time { return time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC) }
	defer func() { analyzeNow = time.Now }()
	ins, err := filepath.Glob("testdata/analyze/in/*")
	if err != nil || len(ins) == 0 {
		t.Fatalf("no inputs: %v", err)
	}
	for _, in := range ins {
		name := filepath.Base(in)
		t.Run(name, func(t *testing.T) {
			args := []string{"analyze", "--json", "--lang", "en", in}
			args = append(args, cloudArgs(name)...)
			var out, errb bytes.Buffer
			code := run(context.Background(), args, nil, &out, &errb)
			if errb.Len() > 0 {
				t.Errorf("stderr: %s", errb.String())
			}
			var rep struct {
				Findings []struct {
					Severity string `json:"severity"`
				} `json:"findings"`
			}
			if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
				t.Fatalf("not one JSON document: %v\n%s", err, out.String())
			}
			want := 0
			for _, f := range rep.Findings {
				if f.Severity == "error" || f.Severity == "warning" {
					want = 1
				}
			}
			if code != want {
				t.Errorf("exit %d, want %d", code, want)
			}
			golden.Check(t, filepath.Join("testdata/analyze/golden", strings.TrimSuffix(name, filepath.Ext(name))+".json"), out.Bytes())
		})
	}
}

func TestAnalyzeExitAndErrors(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		code     int
		stderr   string
		inStdout string
	}{
		{"missing file", []string{"analyze", "testdata/analyze/nope.txt"}, 2, "nope.txt", ""},
		{"no args", []string{"analyze"}, 2, "at least one", ""},
		{"bad azure", []string{"analyze", "--azure", "mars", "testdata/analyze/in/synth_unrecognized.txt"}, 2, "--azure", ""},
		{"bad cloud", []string{"analyze", "--cloud", "mars", "--lang", "en", "testdata/analyze/in/synth_unrecognized.txt"}, 2, "azure, azure-china, azure-usgov, aws, gcp, oci", ""},
		{"azure germany is closed", []string{"analyze", "--azure", "germany", "--lang", "en", "testdata/analyze/in/synth_unrecognized.txt"}, 2, "closed on 2021-10-29", ""},
		{"azure germany is closed (cloud)", []string{"analyze", "--cloud", "azure-germany", "--lang", "ja", "testdata/analyze/in/synth_unrecognized.txt"}, 2, "2021-10-29 に終了", ""},
		{"aws is not an azure cloud", []string{"analyze", "--azure", "aws", "--lang", "en", "testdata/analyze/in/synth_unrecognized.txt"}, 2, "public, china, usgov", ""},
		{"cloud and azure disagree", []string{"analyze", "--cloud", "aws", "--azure", "public", "--lang", "en", "testdata/analyze/in/synth_unrecognized.txt"}, 2, "different clouds", ""},
		{"cloud and azure agree", []string{"analyze", "--cloud", "azure", "--azure", "public", "--lang", "en", "testdata/analyze/in/synth_unrecognized.txt"}, 1, "", "input.unrecognized"},
		{"bad format", []string{"analyze", "--format", "xml", "testdata/analyze/in/synth_unrecognized.txt"}, 2, "--format", ""},
		{"unrecognized is a warning", []string{"analyze", "--lang", "en", "testdata/analyze/in/synth_unrecognized.txt"}, 1, "", "input.unrecognized"},
		{"healthy", []string{"analyze", "--lang", "en", "testdata/analyze/in/en_dli_kms_client_win7_licensed_technet.txt"}, 0, "", "no problem"},
		{"japanese text", []string{"analyze", "--lang", "ja", "testdata/analyze/in/synth_ja_dlv_expiring_sjis.txt"}, 1, "", "期限"},
		{"markdown", []string{"analyze", "--format", "markdown", "--lang", "en", "testdata/analyze/in/synth_en_psping_timeout.txt"}, -1, "", "## kmsdoctor analyze"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := run(context.Background(), tt.args, nil, &out, &errb)
			if tt.code >= 0 && code != tt.code {
				t.Errorf("exit %d, want %d (stderr %q)", code, tt.code, errb.String())
			}
			if tt.stderr != "" && (!strings.Contains(errb.String(), tt.stderr) || strings.Count(errb.String(), "\n") != 1) {
				t.Errorf("stderr %q, want one line naming %q", errb.String(), tt.stderr)
			}
			if tt.inStdout != "" && !strings.Contains(out.String(), tt.inStdout) {
				t.Errorf("stdout lacks %q:\n%s", tt.inStdout, out.String())
			}
		})
	}
}

func TestAnalyzeStdin(t *testing.T) {
	ticket := "PS C:\\> Test-NetConnection kms01 -Port 1688\n\nComputerName     : kms01\nRemotePort       : 1688\nTcpTestSucceeded : True\n\n" +
		"C:\\>cscript slmgr.vbs /dli\nName: Windows(R), Enterprise edition\nDescription: Windows(R) Operating System, VOLUME_KMSCLIENT channel\nLicense Status: Licensed\n"
	var out, errb bytes.Buffer
	code := run(context.Background(), []string{"analyze", "--json", "-"}, strings.NewReader(ticket), &out, &errb)
	if code != 0 {
		t.Fatalf("exit %d: %s %s", code, out.String(), errb.String())
	}
	for _, want := range []string{`"stdin"`, `"license.ok"`, `"line": 5`, `"line": 10`} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %s:\n%s", want, out.String())
		}
	}
}

// TestAnalyzeDamagedInputInJapanese: the skipped parts of a damaged input
// are worded in the report's language in the input.damaged detail, while
// the evidence keeps the language-neutral message.
func TestAnalyzeDamagedInputInJapanese(t *testing.T) {
	tests := []struct{ lang, detail string }{
		{"ja", `チャンク 6: チャンクのシグネチャ "\x00\x00\x00\x00\x00\x00\x00\x00" が正しくないため、チャンクを読み飛ばしました。それ以外の部分は使っています。`},
		{"en", `chunk 6: bad chunk signature "\x00\x00\x00\x00\x00\x00\x00\x00"; chunk skipped. Everything else in the file was used.`},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			out, errs, code := runCLI(t, "analyze", "--json", "--lang", tt.lang, badMagic)
			if errs != "" {
				t.Errorf("exit %d, stderr %q", code, errs)
			}
			var rep struct {
				Findings []struct {
					ID       string         `json:"id"`
					Detail   string         `json:"detail"`
					Evidence map[string]any `json:"evidence"`
				} `json:"findings"`
			}
			if err := json.Unmarshal([]byte(out), &rep); err != nil {
				t.Fatal(err)
			}
			found := false
			for _, f := range rep.Findings {
				if f.ID != "input.damaged" || !strings.HasSuffix(f.Detail, tt.detail) {
					continue
				}
				found = true
				if what, _ := f.Evidence["what"].(map[string]any); what["key"] != "skip.evtx.bad_magic" {
					t.Errorf("evidence what = %v, want the skip's message", f.Evidence["what"])
				}
			}
			if !found {
				t.Errorf("no input.damaged finding ending %q in\n%s", tt.detail, out)
			}
		})
	}
}

// cloudArgs are the cloud flags a golden input runs with: --cloud X when
// its name holds "cloud-X" (up to the next '_' or '.'), else --azure public
// when it holds "azure".
func cloudArgs(path string) []string {
	name := filepath.Base(path)
	if i := strings.Index(name, "cloud-"); i >= 0 {
		c := name[i+len("cloud-"):]
		if j := strings.IndexAny(c, "_."); j >= 0 {
			c = c[:j]
		}
		return []string{"--cloud", c}
	}
	if strings.Contains(path, "azure") {
		return []string{"--azure", "public"}
	}
	return nil
}
