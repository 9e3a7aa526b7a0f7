package evidence

import (
	"testing"

	"github.com/kmsdoctor/kmsdoctor/internal/i18n"
)

func TestSkipText(t *testing.T) {
	src := Source{File: "a.evtx", Offset: 70632}
	args := map[string]any{"chunk": 1, "size": 1000, "full": 65536}
	sk := NewSkip(src, 0, "skip.evtx.chunk_truncated", args)
	tests := []struct {
		name string
		sk   Skip
		lang i18n.Lang
		want string
	}{
		{"English", sk, i18n.EN, "chunk 1: truncated to 1000 of 65536 bytes; records past the end are lost"},
		{"Japanese", sk, i18n.JA, "チャンク 1: 65536 バイトのうち 1000 バイトで切れています。切れた位置より後のレコードは失われています"},
		{"no key: What", Skip{Source: src, What: "something odd"}, i18n.JA, "something odd"},
		{"nested problems", NewSkip(src, 0, "skip.evtext.problems", map[string]any{"line": 3, "problems": []Msg{
			{Key: "skip.problem.bad_date", Args: map[string]any{"value": `"x"`}},
			{Key: "skip.problem.bad_event_id", Args: map[string]any{"value": `"y"`}},
		}}), i18n.JA, `3 行目のコピーされたイベント: 日付 "x" を解釈できません; イベント ID "y" が数値ではありません`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.sk.Text(tt.lang); got != tt.want {
				t.Errorf("Text(%s) = %q, want %q", tt.lang, got, tt.want)
			}
		})
	}
	if sk.What != sk.Text(i18n.EN) {
		t.Errorf("What %q is not the English text %q", sk.What, sk.Text(i18n.EN))
	}
	if len(args) != 3 {
		t.Errorf("the caller's args were changed: %v", args)
	}
}
