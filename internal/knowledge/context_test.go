package knowledge

import (
	"strings"
	"testing"
)

func TestOwnerCounts(t *testing.T) {
	for _, tc := range []struct {
		text  string
		code  uint32
		owner Owner
		want  bool
	}{
		// A licensing code counts anywhere.
		{"WslRegisterDistribution failed with error: 0xC004F074", 0xC004F074, OwnerLicensing, true},
		// A generic code: in a licensing output, yes; in another
		// component's, no; in an output naming none, when it is known.
		{"slmgr /ato\nError: 0x80070005 Access denied", 0x80070005, OwnerLicensing, true},
		{"ライセンス認証 エラー 0x80070005", 0x80070005, OwnerLicensing, true},
		{"激活时出现 0x80070005", 0x80070005, OwnerLicensing, true},
		{"WslRegisterDistribution failed with error: 0x80070005", 0x80070005, OwnerOther, false},
		{"Add-AppxPackage : 0x80070422 msixbundle", 0x80070422, OwnerOther, false},
		{"w32tm /query /status\nThe following error occurred: The service has not been started. (0x80070426)", 0x80070426, OwnerOther, false},
		{"Error: 0x8007232B DNS name does not exist.", 0x8007232B, OwnerUnnamed, true},
		{"Error: 0x80070422", 0x80070422, OwnerUnnamed, false},
		// A licensing code in the output makes it a licensing one.
		{"0xC004F074 then 0x80070422", 0x80070422, OwnerLicensing, true},
	} {
		o := OwnerOf(tc.text)
		if o != tc.owner || o.Counts(tc.code) != tc.want {
			t.Errorf("%q: owner %d counts(%08X) %v, want %d %v", tc.text, o, tc.code, o.Counts(tc.code), tc.owner, tc.want)
		}
	}
}

// A code that a paragraph of another component's output shows is that
// component's in the whole text, also where the ticket about activation
// repeats it (constructed texts, in several languages; the real ones are
// the held-out artifacts of Windows Update, WSL and Word interop).
func TestOwnersForeignParagraph(t *testing.T) {
	for _, tc := range []struct {
		text string
		code uint32
		want bool
	}{
		{"0x800700b7 w11 pro\n\nI think it is due to the activation key.\n\nThere were some problems installing the updates, but we'll try again later. (0x800700b7)", 0x800700b7, false},
		{"ライセンス認証の後で\n\n更新プログラムのインストール中に問題が発生しました (0x800f0922)", 0x800f0922, false},
		{"激活以后\n\n安装更新时出现一些问题，但我们稍后会重试。(0x80070005)", 0x80070005, false},
		{"Installing, this may take a few minutes...\nInstallation Failed!\nError: 0x80070005", 0x80070005, false},
		{"Error 0x800706BA\n\nO Servidor RPC não está disponível .(Exceção de HRESULT:0x800706BA)", 0x800706BA, false},
		{"Die Office-Aktivierung\n\n(Ausnahme von HRESULT: 0x800706BA)", 0x800706BA, false},
		{"System.Runtime.InteropServices.COMException (0x80070005)\nStack Trace:\n at Foo.Bar()", 0x80070005, false},
		// A paragraph about licensing keeps its generic codes; a licensing
		// code is never another component's.
		{"slmgr /ato failed: installation failed 0x80070005", 0x80070005, true},
		{"Windows activation\n\nError: 0x80070005 Access denied", 0x80070005, true},
		{"There were some problems installing the updates (0xC004F074)", 0xC004F074, true},
		{"After the update, activation says 0x8007232B", 0x8007232B, true},
		{"slmgr /ato: Error: 0x80070005\n\ndism /online /cleanup-image failed with 0x80070005 too", 0x80070005, true},
		// In a paragraph about licensing, a clause that names another
		// component is that component's (constructed).
		{"Windows Update fails with 0x80070005 every night. Windows itself is activated with KMS.", 0x80070005, false},
		{"My Windows is activated.\nBut Windows Update shows error 0x8024402c when checking for updates.", 0x8024402c, false},
		{"Activation is fine but the Office installer says \"Installation failed! Error 0x80070643\"", 0x80070643, false},
		{"I activated Windows with KMS. Docker Desktop then failed: error 0x80370102", 0x80370102, false},
		{"slmgr /ato gives 0x80070005\nAlso Windows Update fails with 0x80070005", 0x80070005, true},
		{"Activating Windows(R), Professional edition ...\nError: 0x80070005 Access denied", 0x80070005, true},
	} {
		if got := OwnersOf(tc.text).Counts(tc.code); got != tc.want {
			t.Errorf("%q: counts(%08X) %v, want %v", tc.text, tc.code, got, tc.want)
		}
	}
}

// TestOtherClauses: a clause that names another component and not
// licensing is blanked, offsets kept; one that names both stays.
func TestOtherClauses(t *testing.T) {
	for _, tc := range []struct{ text, keep, drop string }{
		{"Windows is activated, but Windows Update fails every night", "Windows is activated", "fails"},
		{"KMS activation fails since the Windows Update", "KMS activation fails", ""},
		{"Windows is not activated. Docker Desktop failed to start.", "not activated", "failed"},
		{"Activation is fine but the Office installer says \"Installation failed!\"", "Activation is fine", "failed"},
	} {
		got := OtherClauses(tc.text)
		if len(got) != len(tc.text) || !strings.Contains(got, tc.keep) || tc.drop != "" && strings.Contains(got, tc.drop) {
			t.Errorf("%q: %q", tc.text, got)
		}
	}
}

// TestParagraphs: the parts between blank lines (blanks of spaces too),
// as slices of the text.
func TestParagraphs(t *testing.T) {
	for _, tc := range []struct {
		text string
		want []string
	}{
		{"", nil},
		{"a", []string{"a"}},
		{"a\nb\n\n c\n  \n\nd\n", []string{"a\nb\n", " c\n", "d\n"}},
		{"\n\na\r\n\r\nb", []string{"a\r\n", "b"}},
	} {
		var got []string
		paragraphs(tc.text, func(p string) { got = append(got, p) })
		if strings.Join(got, "|") != strings.Join(tc.want, "|") || len(got) != len(tc.want) {
			t.Errorf("%q: %q, want %q", tc.text, got, tc.want)
		}
	}
}

// FuzzOwners: any text gives owners, and a licensing code counts in it.
func FuzzOwners(f *testing.F) {
	for _, s := range []string{"slmgr /ato\nError: 0x80070005", "There were some problems installing the updates (0x800700b7)\n\n0x800700b7",
		"\n\n\r\n", "(Exceção de HRESULT:0x800706BA)", "Installation Failed!\nError: 0x80070005\n\nactivation 0x80070005"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		o := OwnersOf(text)
		if !o.Counts(0xC004F074) {
			t.Fatalf("%q: 0xC004F074 does not count", text)
		}
		if got := OtherClauses(text); len(got) != len(text) || strings.Count(got, "\n") != strings.Count(text, "\n") {
			t.Fatalf("%q: OtherClauses changed the length or the lines: %q", text, got)
		}
		paragraphs(text, func(p string) {
			if strings.TrimSpace(p) == "" || !strings.Contains(text, p) {
				t.Fatalf("%q: paragraph %q", text, p)
			}
		})
	})
}
