package winsys

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestMetadataHTTP: the metadata client sends the headers asked for, reads a
// bounded body and never follows a redirect (a metadata service that
// redirects elsewhere must not take the request off the machine).
func TestMetadataHTTP(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/meta":
			if r.Header.Get("Metadata") != "true" {
				w.WriteHeader(http.StatusBadRequest)
				return
			}
			_, _ = w.Write([]byte(strings.Repeat("x", maxMetadataBody+100)))
		case "/away":
			http.Redirect(w, r, "http://192.0.2.1/", http.StatusFound)
		}
	}))
	defer srv.Close()
	h := NewMetadataHTTP()
	code, body, err := h.Do(context.Background(), "GET", srv.URL+"/meta", map[string]string{"Metadata": "true"})
	if err != nil || code != 200 || len(body) != maxMetadataBody {
		t.Fatalf("code %d, %d bytes, %v", code, len(body), err)
	}
	code, _, err = h.Do(context.Background(), "GET", srv.URL+"/away", nil)
	if err != nil || code != http.StatusFound {
		t.Errorf("redirect: code %d, %v (want the 302 itself)", code, err)
	}
}
