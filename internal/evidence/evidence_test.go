package evidence

import (
	"fmt"
	"reflect"
	"testing"
)

func TestNewSkipKeepsMessage(t *testing.T) {
	src := Source{File: "a.evtx", Offset: 70632}
	args := map[string]any{"chunk": 1, "size": 1000, "full": 65536}
	sk := NewSkip(src, 2, "skip.evtx.chunk_truncated", args)
	m := sk.Message()
	if m.Key != "skip.evtx.chunk_truncated" || fmt.Sprint(m.Args) != fmt.Sprint(args) || sk.Count != 2 || sk.Source != src {
		t.Errorf("skip %+v, message %+v", sk, m)
	}
}

// TestMergeKeepsEveryList fills every slice field of a Set through
// reflection and checks that Merge carries each one over: a field added to
// Set can never be silently dropped on the way from files to the rules.
func TestMergeKeepsEveryList(t *testing.T) {
	var src Set
	v := reflect.ValueOf(&src).Elem()
	n := 0
	for i := range v.NumField() {
		f := v.Field(i)
		if f.Kind() != reflect.Slice {
			continue
		}
		f.Set(reflect.Append(f, reflect.New(f.Type().Elem()).Elem()))
		n++
	}
	if n < 10 {
		t.Fatalf("only %d slice fields found", n)
	}
	var dst Set
	dst.Merge(&src)
	dst.Merge(&src)
	dv := reflect.ValueOf(dst)
	for i := range dv.NumField() {
		if f := dv.Field(i); f.Kind() == reflect.Slice && f.Len() != 2 {
			t.Errorf("Merge dropped Set.%s (%d of 2 elements)", dv.Type().Field(i).Name, f.Len())
		}
	}
}
