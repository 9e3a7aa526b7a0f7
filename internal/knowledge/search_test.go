package knowledge

import "testing"

func TestSearchRanksBestFirst(t *testing.T) {
	tests := []struct {
		query, want string
		top         int // the code must be among the first top hits (1 when 0)
	}{
		{"KMS に接続できませんでした", "0xC004F074", 1},
		{"No Key Management Service (KMS) could be contacted", "0xC004F074", 1},
		{"DNS 名が存在しません", "0x8007232B", 2}, // 0x8007007B has the same meaning,
		{"Key Management Server (KMS) is not activated", "0xC004F041", 1},
		{"Software Licensing Service reported that the product key is blocked", "0xC004F051", 1},
		{"product key is blocked", "0xC004F051", 2}, // 0xC004C003: blocked by the activation server,
		{"count is insufficient", "0xC004F038", 1},
		{"タイムスタンプが無効", "0xC004F06C", 1},
		{"c004f074", "0xC004F074", 1},
	}
	for _, tt := range tests {
		hits := Search(tt.query)
		found := false
		for i := 0; i < len(hits) && i < max(tt.top, 1); i++ {
			found = found || hits[i].Entry.Code == tt.want
		}
		if !found {
			var got []string
			for _, h := range hits {
				got = append(got, h.Entry.Code)
			}
			t.Errorf("Search(%q) = %v, want %s in the first %d", tt.query, got, tt.want, max(tt.top, 1))
		}
	}
	if hits := Search("zzqqxxyy"); len(hits) != 0 {
		t.Errorf("nonsense query found %d codes", len(hits))
	}
}
