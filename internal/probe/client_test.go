package probe

import (
	"context"
	"errors"
	"reflect"
	"runtime"
	"testing"
)

func TestFromClient(t *testing.T) {
	sysDomain := func(string) (string, string) { return "corp.example", "registry" }
	for _, tc := range []struct {
		name   string
		cfg    Config
		client KMSClient
		err    error
		hosts  []Target
		domain string
	}{
		{"configured host and port, used alone", Config{}, KMSClient{Host: "kms01.contoso.com", Port: 1700, Domain: "other.example", Discovered: "kms02.contoso.com"},
			nil, []Target{{"kms01.contoso.com", 1700}}, ""},
		{"configured host, default port", Config{}, KMSClient{Host: "10.0.0.5"}, nil, []Target{{"10.0.0.5", 1688}}, ""},
		{"lookup domain", Config{}, KMSClient{Domain: "kms.contoso.com."}, nil, nil, "kms.contoso.com"},
		{"discovered host and the system domain", Config{}, KMSClient{Discovered: "kms02.contoso.com", DiscoveredPort: 1688}, nil,
			[]Target{{"kms02.contoso.com", 1688}}, "corp.example"},
		{"discovered host and the lookup domain", Config{}, KMSClient{Discovered: "kms02.contoso.com", Domain: "kms.contoso.com"}, nil,
			[]Target{{"kms02.contoso.com", 1688}}, "kms.contoso.com"},
		{"plain DNS discovery: as before", Config{}, KMSClient{}, nil, nil, ""},
		{"a hostile name is not a target", Config{}, KMSClient{Host: "a b;c", Domain: "x/y"}, nil, nil, ""},
		{"client unreadable", Config{}, KMSClient{}, errors.New("no WMI"), nil, ""},
		{"--host wins", Config{Hosts: []Target{{"given", 1688}}}, KMSClient{Host: "kms01"}, nil, []Target{{"given", 1688}}, ""},
		{"--domain wins", Config{Domain: "given.example"}, KMSClient{Host: "kms01"}, nil, nil, "given.example"},
		{"--azure wins", Config{Azure: "public"}, KMSClient{Host: "kms01"}, nil, nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := Env{SystemDomain: sysDomain, Client: func(context.Context) (KMSClient, error) { return tc.client, tc.err }}
			got := FromClient(context.Background(), tc.cfg, env)
			if !reflect.DeepEqual(got.Hosts, tc.hosts) || got.Domain != tc.domain {
				t.Errorf("hosts %v domain %q, want %v %q", got.Hosts, got.Domain, tc.hosts, tc.domain)
			}
		})
	}
	// Off Windows there is no client: the config is unchanged.
	if runtime.GOOS != "windows" {
		if got := FromClient(context.Background(), Config{}, Env{}); len(got.Hosts) != 0 || got.Domain != "" {
			t.Errorf("off Windows: %+v", got)
		}
	}
}
