package main

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestKeysCommand(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
	}{
		{"keys_server2022_en.txt", []string{"keys", "Windows Server 2022 Standard"}, 0},
		{"keys_server2022_ja.txt", []string{"keys", "--lang", "ja", "windows", "server", "2022", "standard"}, 0},
		{"keys_visio2021_en.txt", []string{"keys", "visio 2021"}, 0},
		{"keys_office2013_ja.txt", []string{"keys", "--lang", "ja", "office", "2013"}, 0},
		{"keys_none_en.txt", []string{"keys", "Office 2007"}, 1},
		{"keys_none_ja.txt", []string{"keys", "--lang", "ja", "Office 2007"}, 1},
	}
	for _, tt := range tests {
		out, errs, code := runCLI(t, tt.args...)
		if code != tt.code || errs != "" {
			t.Errorf("%v: exit %d, stderr %q", tt.args, code, errs)
		}
		checkGolden(t, tt.name, out)
	}
	// Japanese output keeps the product names and keys, and no English sentence.
	out, _, _ := runCLI(t, "keys", "--lang", "ja", "word", "2019")
	if !strings.Contains(out, "PBX3G-NWMT6-Q7XBW-PYJGG-WXD33") || !strings.Contains(out, "製品") || strings.Contains(out, "Source:") {
		t.Errorf("keys --lang ja:\n%s", out)
	}
}

func TestKeysJSON(t *testing.T) {
	out, errs, code := runCLI(t, "keys", "--json", "pro plus 2019")
	if code != 0 || errs != "" {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	var doc struct {
		Query string `json:"query"`
		Keys  []struct {
			Application, Product, Key, Source string
		} `json:"keys"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("not one JSON document: %v\n%s", err, out)
	}
	if doc.Query != "pro plus 2019" || len(doc.Keys) != 1 || doc.Keys[0].Key != "NMMKJ-6RK4F-KMJVX-8D9MJ-6MWKP" ||
		doc.Keys[0].Application != "office" || !strings.HasPrefix(doc.Keys[0].Source, "https://learn.microsoft.com/") {
		t.Errorf("keys --json: %+v", doc)
	}
	// Nothing matches: still one JSON document, with an empty list, exit 1.
	out, _, code = runCLI(t, "keys", "--json", "--lang", "ja", "nosuchproduct")
	if code != 1 || strings.TrimSpace(out) != "{\n  \"query\": \"nosuchproduct\",\n  \"keys\": []\n}" {
		t.Errorf("keys --json nosuchproduct: exit %d\n%s", code, out)
	}
	// Every key, Windows and Office.
	out, _, code = runCLI(t, "keys", "--json")
	if code != 0 || !strings.Contains(out, `"application": "windows"`) || !strings.Contains(out, `"application": "office"`) {
		t.Errorf("keys --json (all): exit %d", code)
	}
}
