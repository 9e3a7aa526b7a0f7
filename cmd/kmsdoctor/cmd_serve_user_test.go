package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"github.com/kmsdoctor/kmsdoctor/internal/fleet"
	"github.com/kmsdoctor/kmsdoctor/internal/store"
)

func TestServeUserCreate(t *testing.T) {
	db := "sqlite://" + filepath.Join(t.TempDir(), "fleet.db")
	run1 := func(stdin string, args ...string) (string, string, int) {
		var out, errs bytes.Buffer
		code := run(context.Background(), args, strings.NewReader(stdin), &out, &errs)
		return out.String(), errs.String(), code
	}
	out, errs, code := run1("s3cret-password\n", "serve", "user", "create", "alice", "--db", db)
	if code != 0 || !strings.Contains(out, "alice") {
		t.Fatalf("create: %d %q %q", code, out, errs)
	}
	if _, errs, code := run1("s3cret-password\n", "serve", "user", "create", "alice", "--db", db); code != 2 || !strings.Contains(errs, "exists") {
		t.Errorf("again: %d %q", code, errs)
	}
	if _, errs, code := run1("short\n", "--lang", "ja", "serve", "user", "create", "bob", "--db", db); code != 2 || !strings.Contains(errs, "8 文字以上") {
		t.Errorf("short password: %d %q", code, errs)
	}
	if _, _, code := run1("s3cret-password\n", "serve", "user", "create", "--db", db); code != 2 {
		t.Errorf("no name: %d", code)
	}
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	_, hash, err := st.(fleet.DashboardStore).UserByName(context.Background(), "alice")
	if err != nil || bcrypt.CompareHashAndPassword([]byte(hash), []byte("s3cret-password")) != nil {
		t.Errorf("stored hash %q does not match: %v", hash, err)
	}
}

func TestServeUserHelpJapanese(t *testing.T) {
	for _, c := range [][]string{{"serve", "--help"}, {"serve", "user", "--help"}, {"serve", "user", "create", "--help"}} {
		out, errs, code := runCLI(t, append([]string{"--lang", "ja"}, c...)...)
		if code != 0 || errs != "" {
			t.Errorf("%v: exit %d, %q", c, code, errs)
		}
		checkJapanese(t, strings.Join(c, " "), out)
	}
}
