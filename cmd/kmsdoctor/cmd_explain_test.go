package main

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestExplainGolden(t *testing.T) {
	tests := []struct {
		name string
		args []string
	}{
		{"explain_C004F074_en.txt", []string{"explain", "--lang", "en", "0xC004F074"}},
		{"explain_C004F074_ja.txt", []string{"explain", "--lang", "ja", "0xC004F074"}},
		{"explain_C004F038_en.txt", []string{"explain", "--lang", "en", "c004f038"}},
		{"explain_C004F038_ja.txt", []string{"explain", "--lang", "ja", "c004f038"}},
		{"explain_8007232B_en.txt", []string{"explain", "--lang", "en", "0x8007232B"}},
		{"explain_8007232B_ja.txt", []string{"explain", "--lang", "ja", "0x8007232B"}},
		{"explain_C004E015_ja.txt", []string{"explain", "--lang", "ja", "C004E015"}},
		{"explain_unknown_en.txt", []string{"explain", "--lang", "en", "0x80070002", "0xC0000034"}},
		{"explain_unknown_ja.txt", []string{"explain", "--lang", "ja", "0x80070002"}},
		{"explain_win32_1722_ja.txt", []string{"explain", "--lang", "ja", "1722"}},
		{"explain_C004F06B_en.txt", []string{"explain", "--lang", "en", "0xC004F06B"}},
		{"explain_80070426_ja.txt", []string{"explain", "--lang", "ja", "0x80070426"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errs, code := runCLI(t, tt.args...)
			if code != 0 || errs != "" {
				t.Fatalf("exit %d, stderr %q", code, errs)
			}
			checkGolden(t, tt.name, out)
		})
	}
}

func TestExplainInputForms(t *testing.T) {
	forms := [][]string{
		{"explain", "--json", "0xC004F074"},
		{"explain", "--json", "C004F074"},
		{"explain", "--json", "c004f074"},
		{"explain", "--json", "-1073418124"},
		{"explain", "-1073418124", "--json"},
		{"explain", "--json", "--", "-1073418124"},
		{"explain", "--json", "3221549172"},
		{"explain", "--json", "OxC004F074"},
		{"explain", "--json", "0xC004FO74"},
		{"explain", "--json", "０ｘＣ００４Ｆ０７４"},
		{"explain", "--json", "Ｃ００４Ｆ０７４"},
		{"explain", "--json", "0xC004F074。"},
		{"explain", "--json", "0xC004F074,"},
		{"explain", "--json", "(0xC004F074)"},
		{"explain", "--json", "「0xC004F074」"},
		{"explain", "--json", "Error: 0xC004F074"},
		{"explain", "--json", "エラー コード: 0xC004F074"},
		{"explain", "--json", "エラーコード：０ｘＣ００４Ｆ０７４"},
	}
	for _, args := range forms {
		out, errs, code := runCLI(t, args...)
		if code != 0 {
			t.Fatalf("%v: exit %d, stderr %q", args, code, errs)
		}
		var got []map[string]any
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatalf("%v: not JSON: %v\n%s", args, err, out)
		}
		if len(got) != 1 || got[0]["code"] != "0xC004F074" || got[0]["known"] != true {
			t.Errorf("%v: got %v", args, got)
		}
	}
}

func TestExplainJSONShape(t *testing.T) {
	out, _, code := runCLI(t, "explain", "--json", "--lang", "en", "0xC004F074", "0x80070002")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	var got []map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("want 2 objects, got %d", len(got))
	}
	for _, k := range []string{"code", "known", "facility", "title", "activation_types", "causes", "resolutions", "commands", "related", "checks"} {
		for i, o := range got {
			if _, ok := o[k]; !ok {
				t.Errorf("object %d lacks %q", i, k)
			}
		}
	}
	known, unknown := got[0], got[1]
	if len(known["causes"].([]any)) == 0 || len(known["commands"].([]any)) == 0 {
		t.Errorf("known code without causes or commands: %v", known)
	}
	if unknown["known"] != false || !strings.Contains(unknown["title"].(string), "ERROR_FILE_NOT_FOUND") ||
		unknown["facility"] != "FACILITY_WIN32" {
		t.Errorf("unknown code not decoded: %v", unknown)
	}
	if d := unknown["decoded"].(map[string]any); d["win32"] != float64(2) {
		t.Errorf("decoded = %v", d)
	}
}

func TestExplainSearch(t *testing.T) {
	tests := []struct {
		query string
		want  string
	}{
		{"KMS に接続できませんでした", "0xC004F074"},
		{"kmsに接続できません", "0xC004F074"},
		{"0xc004f038", "0xC004F038"},
	}
	for _, tt := range tests {
		out, _, code := runCLI(t, "explain", "--json", "--search", tt.query)
		if code != 0 {
			t.Errorf("search %q: exit %d", tt.query, code)
			continue
		}
		var got []map[string]any
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatal(err)
		}
		if len(got) == 0 || got[0]["code"] != tt.want {
			var codes []any
			for _, g := range got {
				codes = append(codes, g["code"])
			}
			t.Errorf("search %q: first hit %v, want %s", tt.query, codes, tt.want)
		}
	}
	if _, _, code := runCLI(t, "explain", "--search", "zzqqxxyy"); code != 1 {
		t.Errorf("search with no hit: exit %d, want 1", code)
	}
}

func TestEveryRequiredCodeExplainsInBothLanguages(t *testing.T) {
	codes := strings.Fields(`0x8004FE21 0x80070005 0x8007007B 0x80070490 0x800706BA 0x8007139F 0x8007232A 0x8007232B
0x8007251D 0x8007267C 0x80072EE2 0x80072EE7 0x80072EFD 0x80092328 0xC0000022 0xC004B100 0xC004C001 0xC004C003
0xC004C008 0xC004C020 0xC004C021 0xC004D301 0xC004E002 0xC004E015 0xC004F009 0xC004F00F 0xC004F014 0xC004F02C
0xC004F035 0xC004F038 0xC004F039 0xC004F041 0xC004F042 0xC004F050 0xC004F051 0xC004F064 0xC004F065 0xC004F06C
0xC004F074 0xC004F213`)
	for _, lang := range []string{"en", "ja"} {
		out, _, code := runCLI(t, append([]string{"explain", "--json", "--lang", lang}, codes...)...)
		if code != 0 {
			t.Fatalf("%s: exit %d", lang, code)
		}
		var got []map[string]any
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatal(err)
		}
		for i, o := range got {
			if o["known"] != true || o["title"] == "" || len(o["causes"].([]any)) == 0 || len(o["resolutions"].([]any)) == 0 {
				t.Errorf("%s %s: incomplete: %v", lang, codes[i], o)
			}
		}
	}
}

func TestExplainTypoSuggests(t *testing.T) {
	for _, in := range []string{"C004FO74", "0xC0004F074", "0xC004F74"} {
		out, errs, code := runCLI(t, "explain", "--lang", "en", in)
		if code != 2 || out != "" {
			t.Errorf("%s: exit %d, stdout %q; want a usage error", in, code, out)
		}
		if !strings.Contains(errs, "Did you mean 0xC004F074?") {
			t.Errorf("%s: stderr %q lacks the suggestion", in, errs)
		}
	}
	_, errs, _ := runCLI(t, "explain", "--lang", "ja", "0xC004F74")
	if !strings.Contains(errs, "0xC004F074 の入力ミスではありませんか?") {
		t.Errorf("ja: stderr %q lacks the suggestion", errs)
	}
	if _, errs, code := runCLI(t, "explain", "--lang", "en", "8007232"); code != 2 || !strings.Contains(errs, "0x8007232B") {
		t.Errorf("8007232: exit %d, stderr %q", code, errs)
	}
	if _, errs, code := runCLI(t, "explain", "--lang", "en", "hello"); code != 2 || strings.Contains(errs, "Did you mean") {
		t.Errorf("hello: exit %d, stderr %q", code, errs)
	}
}

func TestExplainSeveralCodesInOneArgument(t *testing.T) {
	out, _, code := runCLI(t, "explain", "--json", "0xC004F074 0x8007232B")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	var got []map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0]["code"] != "0xC004F074" || got[1]["code"] != "0x8007232B" {
		t.Errorf("got %v", got)
	}
}

func TestExplainWin32Number(t *testing.T) {
	for _, in := range []string{"1722", "0x6BA"} {
		out, _, code := runCLI(t, "explain", "--json", "--lang", "en", in)
		if code != 0 {
			t.Fatalf("%s: exit %d", in, code)
		}
		var got []map[string]any
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[0]["code"] != "0x800706BA" || got[0]["known"] != true ||
			got[0]["from_win32"] != float64(1722) || got[0]["input"] != in {
			t.Errorf("%s: got %v", in, got)
		}
	}
	out, _, _ := runCLI(t, "explain", "--lang", "en", "--", "1722")
	if !strings.Contains(out, "Win32 error 1722 (RPC_S_SERVER_UNAVAILABLE)") || !strings.Contains(out, "0x800706BA") {
		t.Errorf("text output:\n%s", out)
	}
}

func TestExplainURL(t *testing.T) {
	codes := append(strings.Fields(ticketCodes), "0xC004F074", "0x80070002", "0xC004F999")
	for _, lang := range []string{"en", "ja"} {
		out, _, code := runCLI(t, append([]string{"explain", "--json", "--lang", lang}, codes...)...)
		if code != 0 {
			t.Fatalf("%s: exit %d", lang, code)
		}
		var got []map[string]any
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatal(err)
		}
		locale := map[string]string{"en": "/en-us/", "ja": "/ja-jp/"}[lang]
		for i, o := range got {
			u, _ := o["url"].(string)
			if !strings.Contains(u, locale) || !(strings.HasPrefix(u, "https://learn.microsoft.com/") || strings.HasPrefix(u, "https://support.microsoft.com/")) {
				t.Errorf("%s %s: url %q", lang, codes[i], u)
			}
		}
		text, _, _ := runCLI(t, append([]string{"explain", "--lang", lang}, codes...)...)
		if n := strings.Count(text, "https://"); n < len(codes) {
			t.Errorf("%s: %d links in the text for %d codes", lang, n, len(codes))
		}
	}
}

// ticketCodes are the codes of real tickets that issue 10 (item 8) asks for.
const ticketCodes = `0xC004F06B 0x80070426 0xC004F015 0xC004F017 0xC004F200 0xC004F056 0xC004F012
0xC004F025 0xC004F210 0x8007000D 0xC004C032 0x4004F040 0x803F7001 0x87E10BC6`

func TestTicketCodesExplainInBothLanguages(t *testing.T) {
	codes := strings.Fields(ticketCodes)
	for _, lang := range []string{"en", "ja"} {
		out, _, code := runCLI(t, append([]string{"explain", "--json", "--lang", lang}, codes...)...)
		if code != 0 {
			t.Fatalf("%s: exit %d", lang, code)
		}
		var got []map[string]any
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatal(err)
		}
		for i, o := range got {
			if o["known"] != true || o["title"] == "" || len(o["causes"].([]any)) == 0 || len(o["resolutions"].([]any)) == 0 {
				t.Errorf("%s %s: incomplete: %v", lang, codes[i], o)
			}
		}
	}
}
