package knowledge

import (
	"strings"
	"testing"
)

// TestStated checks what Stated keeps of a text: what states a machine's
// failure is kept, references, guides, addresses, examples and codes named
// by an instruction to edit a document are blanked. Texts from real
// artifacts (cmd/kmsdoctor/testdata, SOURCES.md there) cut to their point.
func TestStated(t *testing.T) {
	cases := []struct {
		name, text string
		keep       []string // still in Stated(text)
		drop       []string // blanked
	}{
		{"a ticket's code", "Error: 0xC004F074 The Software Licensing Service reported that the computer could not be activated.",
			[]string{"0xC004F074", "could not be activated"}, nil},
		{"a table of codes",
			"|Error code |Error message |\n|---|---|\n|[0xC004C001](#0xc004c001-x) |The activation server determined the specified product key is invalid |\n|[0xC004C003](#0xc004c003-x) |The activation server determined the specified product key is blocked |\n|[0xC004C008](#0xc004c008-x) |could not be used. |",
			nil, []string{"0xC004C001", "0xC004C003", "blocked"}},
		{"a zh table of codes", "| 错误代码 | 含义 |\n| 0xC004F038 | 计算机时间差异过大 |\n| 0x80070426 | 找不到服务 |\n| 0x80004005 | 连接拒绝 |",
			nil, []string{"0xC004F038", "找不到服务"}},
		{"a list of codes alone", "the tool then displays targeted solutions for the following known error codes:\n- 0xC004F038\n- 0xC004F039\n- 0xC004F041\n- 0xC004F074",
			nil, []string{"0xC004F074", "error codes"}},
		{"a header's defines", "// The activation server determined the specified product key is invalid.\n#define SL_A ((HRESULT)0x803FA065L)\n#define SL_B ((HRESULT)0x803FA066L)\n#define SL_C ((HRESULT)0x803FA067L)",
			nil, []string{"0x803FA065", "product key is invalid"}},
		{"two codes a ticket shows on lines of their own", "0xC004F074\n0xC004C003\nboth when I run slmgr /ato",
			[]string{"0xC004F074", "0xC004C003"}, nil},
		{"a person's bare list of codes", "These are the errors I get on three PCs:\n- 0xC004F074\n- 0xC004C003\n- 0x8007007B",
			[]string{"0xC004F074", "0x8007007B"}, nil},
		{"a person's examples", "I get errors such as 0xC004F074, 0xC004C003 every day",
			[]string{"0xC004F074", "0xC004C003"}, nil},
		{"a user's post", "This post is about my Windows 10: activation fails with 0xC004F074",
			[]string{"0xC004F074", "fails"}, nil},
		{"a guide", "This guide speaks to beginners. Office 2024 activation fails with error 0xC004F074 on Windows 11.",
			nil, []string{"0xC004F074", "fails"}},
		{"followed a guide", "I followed this guide and activation fails with error 0xC004F074.",
			[]string{"0xC004F074", "fails"}, nil},
		{"a document's file name", "Update troubleshoot-activation-problems.md\n\nAdded a step.",
			[]string{"Update", "Added a step"}, []string{"activation-problems"}},
		{"an address", "see https://example.com/kms-activation-failed-0xC004F074 for it",
			[]string{"see", "for it"}, []string{"activation-failed"}},
		{"examples of codes", "Note the error code shown (for example: 0xC004C003, 0xC004F034, 0x803F7001, 0x800704CF, etc.). The resolution depends on this code.",
			[]string{"The resolution depends"}, []string{"0xC004C003", "0x800704CF"}},
		{"an instruction names a code", "For 0xC004F074 error\n\nFor 0xC004F074 error, add instruction from the forum",
			[]string{"add instruction"}, []string{"0xC004F074"}},
		{"a request to edit (zh)", "请添加 0xC004F074 的解决方法", []string{"解决方法"}, []string{"0xC004F074"}},
		{"a report (zh)", "我添加了KMS服务器后出现 0xC004F074", []string{"0xC004F074"}, nil},
		{"a request to edit", "Could you add 0xC004F074 to the list?", []string{"add"}, []string{"0xC004F074"}},
		{"a request for help", "Can you help with 0xC004F074? slmgr /ato fails", []string{"0xC004F074"}, nil},
		{"an instruction, and the code reported", "Add 0xC004F074 to the docs: I get error 0xC004F074 on every client",
			[]string{"0xC004F074"}, nil},
	}
	for _, c := range cases {
		got := Stated(c.text)
		if strings.Count(got, "\n") != strings.Count(c.text, "\n") {
			t.Errorf("%s: lines changed", c.name)
		}
		for _, k := range c.keep {
			if !strings.Contains(got, k) {
				t.Errorf("%s: %q blanked in %q", c.name, k, got)
			}
		}
		for _, d := range c.drop {
			if strings.Contains(got, d) {
				t.Errorf("%s: %q kept in %q", c.name, d, got)
			}
		}
	}
}

// FuzzStated: Stated never panics, keeps the line ends, and keeps the length
// of a text it does not blank whole.
func FuzzStated(f *testing.F) {
	for _, s := range []string{"For 0xC004F074 error, add instruction from https://x.example/a-b", "- 0xC004F038\n- 0xC004F039\n- 0xC004F041",
		"This guide shows", "(e.g. 0xC004C003 or 0xC004F034)", "本文介绍 0xC004F074", "|0x8007232B|x|\n|0x8007007B|y|\n|0xC004F074|z|"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Stated(s)
		if strings.Count(got, "\n") != strings.Count(s, "\n") {
			t.Fatalf("line ends changed: %q -> %q", s, got)
		}
		if !Reference(s) && !Guide(s) && len(got) != len(s) {
			t.Fatalf("length changed: %q -> %q", s, got)
		}
	})
}
