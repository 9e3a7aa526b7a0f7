package knowledge

import "testing"

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
