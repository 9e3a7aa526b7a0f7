package ingest

import (
	"strings"
	"testing"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
)

// The inputs are constructed, in the layouts Ansible, PowerShell's
// ConvertTo-Json and a Python dict print.
func TestEmbedded(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     []piece
		rest     string
	}{
		{
			name: "ansible json stdout and stdout_lines",
			in:   `fatal: [w]: FAILED! => {"rc": 1, "stdout": "Name: W\r\nLicense Status: Licensed\r\n", "stdout_lines": ["Name: W", "License Status: Licensed"]}`,
			want: []piece{{line: 1, text: "Name: W\nLicense Status: Licensed\n", oneLine: true}},
			rest: `fatal: [w]: FAILED! => {"rc": 1, "stdout": "", "stdout_lines": ["", ""]}`,
		},
		{
			name: "json array one item a line",
			in:   "ok: [w] => {\n    \"x.stdout_lines\": [\n        \"Name: W\",\n        \"License Status: Notification\"\n    ]\n}",
			want: []piece{{line: 3, text: "Name: W\nLicense Status: Notification"}},
			rest: "ok: [w] => {\n    \"x.stdout_lines\": [\n        \"\",\n        \"\"\n    ]\n}",
		},
		{
			name: "yaml list",
			in:   "  stdout_lines:\n  - ''\n  - 'Name: W'\n  - 'It''s licensed'\n  rc: 0",
			want: []piece{{line: 2, text: "\nName: W\nIt's licensed"}},
			rest: "  stdout_lines:\n\n\n\n  rc: 0",
		},
		{
			name: "python dict",
			in:   `{'rc': 1, 'stdout': 'Error: 0xC004F074 x\r\n'}`,
			want: []piece{{line: 1, text: "Error: 0xC004F074 x\n", oneLine: true}},
			rest: `{'rc': 1, 'stdout': ''}`,
		},
		{
			name: "escaped twice",
			in:   `{"message": "Enable succeeded: \\n[stdout]\\nName: W\\n"}`,
			want: []piece{{line: 1, text: "Enable succeeded: \n[stdout]\nName: W\n", oneLine: true}},
			rest: `{"message": ""}`,
		},
		// Not embedded: a key and a value on one line, one string in
		// brackets, words with apostrophes and quotes, an unclosed string.
		{name: "one value", in: `{"msg": "non-zero return code"}`},
		{name: "one item", in: `["Name: W"]`},
		{name: "prose", in: "I don't know why it's \"not activated\", see [the docs]."},
		{name: "unclosed", in: `{"stdout": "a\nb`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rest, got := embedded(tc.in)
			if len(got) != len(tc.want) {
				t.Fatalf("pieces %+v, want %+v", got, tc.want)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Errorf("piece %d = %+v, want %+v", i, got[i], tc.want[i])
				}
			}
			want := tc.rest
			if tc.want == nil {
				want = tc.in
			}
			if rest != want {
				t.Errorf("rest = %q, want %q", rest, want)
			}
		})
	}
}

// TestEmbeddedRead: the slmgr output in an Ansible result is read as slmgr
// printed it (the name without "\r\n"), once, and cited on the JSON's line.
func TestEmbeddedRead(t *testing.T) {
	in := "TASK [slmgr] ***\n" +
		`ok: [w] => {"rc": 0, "stdout": "\r\nName: Windows(R), ServerStandard edition\r\nDescription: Windows(R) Operating System, VOLUME_KMSCLIENT channel\r\nLicense Status: Notification\r\nNotification Reason: 0xC004F056.\r\n", "stdout_lines": ["", "Name: Windows(R), ServerStandard edition", "Description: Windows(R) Operating System, VOLUME_KMSCLIENT channel", "License Status: Notification", "Notification Reason: 0xC004F056."]}` + "\n"
	s := &evidence.Set{}
	if !Text("ansible.txt", in, s) {
		t.Fatal("not read")
	}
	if len(s.Products) != 1 {
		t.Fatalf("products %+v", s.Products)
	}
	p := s.Products[0]
	if p.Name != "Windows(R), ServerStandard edition" || p.Status != evidence.StatusNotification || p.Source.Line != 2 {
		t.Errorf("product %q %q line %d", p.Name, p.Status, p.Source.Line)
	}
	if !strings.Contains(p.StatusReason, "0xC004F056") {
		t.Errorf("reason %q", p.StatusReason)
	}
}

func TestUntag(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"aws_instance.w (remote-exec): a\naws_instance.w (remote-exec): b\naws_instance.w (remote-exec): c\n", "a\nb\nc\n"},
		{"==> amazon-ebs: a\n    amazon-ebs: b\n    amazon-ebs: c", "a\nb\nc"},
		{"2024-03-01T10:00:00.1Z a\n2024-03-01T10:00:01.2Z b\n\n2024-03-01T10:00:02.3Z c", "a\nb\n\nc"},
		{"==> default: Running provisioner: shell...\n    default: Name: W\n    default: License Status: Licensed", "Running provisioner: shell...\nName: W\nLicense Status: Licensed"},
		// slmgr's own labels, a one-word tag with no arrow, two tags, too
		// few lines.
		{"    default: a\n    default: b\n    default: c", "    default: a\n    default: b\n    default: c"},
		{"Error: a\nError: b\nError: c", "Error: a\nError: b\nError: c"},
		{"a-b: x\nc-d: y\na-b: z", "a-b: x\nc-d: y\na-b: z"},
		{"a-b: x\na-b: y", "a-b: x\na-b: y"},
	} {
		if got := untag(tc.in); got != tc.want {
			t.Errorf("untag(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// FuzzEmbedded: embedded never panics, keeps the lines of its input in
// rest, and cites lines of the input.
func FuzzEmbedded(f *testing.F) {
	f.Add(`{"stdout": "a\r\nb", "stdout_lines": ["a", "b"]}`)
	f.Add("x_lines:\n- 'a'\n- \"b\\n\"\n")
	f.Add(`['a', "b", 'c\n']`)
	f.Add("[\"a\",\n\"b\\\"\"]\n]")
	f.Fuzz(func(t *testing.T, in string) {
		rest, ps := embedded(in)
		if strings.Count(rest, "\n") != strings.Count(in, "\n") {
			t.Fatalf("rest %q has other lines than %q", rest, in)
		}
		n := strings.Count(in, "\n") + 1
		for _, p := range ps {
			if p.line < 1 || p.line > n {
				t.Fatalf("piece at line %d of %d", p.line, n)
			}
		}
		untag(in)
	})
}
