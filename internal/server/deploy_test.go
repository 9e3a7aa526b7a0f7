package server

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"go.yaml.in/yaml/v3"
)

// registered is the names of every series the server's registry can
// export (histograms with their _bucket, _sum and _count).
func registered(t *testing.T, s *Server) map[string]bool {
	ch := make(chan *prometheus.Desc, 256)
	go func() { s.metrics.reg.Describe(ch); close(ch) }()
	name := regexp.MustCompile(`fqName: "([^"]+)"`)
	out := map[string]bool{}
	for d := range ch {
		if m := name.FindStringSubmatch(d.String()); m != nil {
			for _, suf := range []string{"", "_bucket", "_sum", "_count"} {
				out[m[1]+suf] = true
			}
		}
	}
	if len(out) < 40 {
		t.Fatalf("only %d names registered", len(out))
	}
	return out
}

var metricName = regexp.MustCompile(`\b(kmsdoctor_[a-z0-9_]+|process_[a-z0-9_]+|go_[a-z0-9_]+)\b`)

func checkNames(t *testing.T, file, expr string, reg map[string]bool) int {
	n := 0
	for _, m := range metricName.FindAllString(expr, -1) {
		n++
		if !reg[m] {
			t.Errorf("%s: %s is not a metric of the server (in %s)", file, m, expr)
		}
	}
	return n
}

// TestDeployFiles parses the alert rules (YAML) and the Grafana dashboard
// (JSON) of deploy/ and checks that every metric they name is registered
// by the server, and that the systemd unit sets only variables serve reads.
func TestDeployFiles(t *testing.T) {
	f := newFixture(t, Config{})
	reg := registered(t, f.srv)

	raw, err := os.ReadFile("../../deploy/prometheus/kmsdoctor-rules.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var rules struct {
		Groups []struct {
			Name  string
			Rules []struct {
				Alert, Expr, For string
				Labels           map[string]string
				Annotations      map[string]string
			}
		}
	}
	if err := yaml.Unmarshal(raw, &rules); err != nil {
		t.Fatalf("rules: %v", err)
	}
	alerts, names := map[string]bool{}, 0
	for _, g := range rules.Groups {
		for _, r := range g.Rules {
			if r.Alert == "" || r.Expr == "" || r.Labels["severity"] == "" || r.Annotations["summary"] == "" {
				t.Errorf("rule %+v: needs alert, expr, severity and summary", r)
			}
			if _, err := time.ParseDuration(r.For); r.For != "" && err != nil {
				t.Errorf("%s: for %q", r.Alert, r.For)
			}
			alerts[r.Alert] = true
			names += checkNames(t, "rules", r.Expr, reg)
		}
	}
	for _, want := range []string{"KMSDoctorLicencesExpiringSoon", "KMSDoctorKMSHostBelowClientThreshold", "KMSDoctorIngestErrors", "KMSDoctorProbeFailing"} {
		if !alerts[want] {
			t.Errorf("no alert %s", want)
		}
	}

	raw, err = os.ReadFile("../../deploy/grafana/kmsdoctor.json")
	if err != nil {
		t.Fatal(err)
	}
	var dash struct {
		Title  string
		Panels []struct {
			Title   string
			Targets []struct{ Expr string }
		}
	}
	if err := json.Unmarshal(raw, &dash); err != nil {
		t.Fatalf("dashboard: %v", err)
	}
	if dash.Title == "" || len(dash.Panels) < 8 {
		t.Fatalf("dashboard: %q with %d panels", dash.Title, len(dash.Panels))
	}
	for _, p := range dash.Panels {
		if len(p.Targets) == 0 {
			t.Errorf("panel %q has no query", p.Title)
		}
		for _, q := range p.Targets {
			names += checkNames(t, "dashboard", q.Expr, reg)
		}
	}
	if names < 20 {
		t.Errorf("only %d metric names found in the files: is the pattern right?", names)
	}

	unit, err := os.ReadFile("../../deploy/kmsdoctor-serve.service")
	if err != nil {
		t.Fatal(err)
	}
	known := map[string]bool{"KMSDOCTOR_LISTEN": true, "KMSDOCTOR_DB": true, "KMSDOCTOR_TLS_CERT": true, "KMSDOCTOR_TLS_KEY": true,
		"KMSDOCTOR_PROBE": true, "KMSDOCTOR_PROBE_INTERVAL": true}
	for _, v := range regexp.MustCompile(`KMSDOCTOR_[A-Z_]+`).FindAllString(string(unit), -1) {
		if !known[v] {
			t.Errorf("the unit sets %s, which serve does not read", v)
		}
	}
	for _, want := range []string{"ExecStart=/usr/local/bin/kmsdoctor serve", "DynamicUser=yes", "StateDirectory=kmsdoctor", "Restart=on-failure"} {
		if !strings.Contains(string(unit), want) {
			t.Errorf("the unit lacks %s", want)
		}
	}
}

// selfSigned writes a certificate for 127.0.0.1 and its key.
func selfSigned(t *testing.T, dir string) (certFile, keyFile string, pool *x509.CertPool) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "kmsdoctor test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), IPAddresses: []net.IP{net.ParseIP("127.0.0.1")},
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tpl, tpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kb, _ := x509.MarshalECPrivateKey(key)
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}), 0o600)
	cert, _ := x509.ParseCertificate(der)
	pool = x509.NewCertPool()
	pool.AddCert(cert)
	return certFile, keyFile, pool
}

// TestServeTLS: Serve with --tls-cert and --tls-key (a self-signed
// certificate made here) answers HTTPS, refuses TLS 1.1 and plain HTTP.
func TestServeTLS(t *testing.T) {
	f := newFixture(t, Config{})
	certFile, keyFile, pool := selfSigned(t, t.TempDir())
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- f.srv.Serve(ctx, ln, certFile, keyFile) }()
	url := "https://" + ln.Addr().String()
	c := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	var resp *http.Response
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if resp, err = c.Get(url + "/livez"); err == nil {
			break
		}
	}
	if err != nil || resp.StatusCode != 200 || resp.TLS == nil {
		t.Fatalf("HTTPS /livez: %v %v", resp, err)
	}
	resp.Body.Close()
	old := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MaxVersion: tls.VersionTLS11}}}
	if resp, err := old.Get(url + "/livez"); err == nil {
		resp.Body.Close()
		t.Error("TLS 1.1 accepted")
	}
	if resp, err := http.Get("http://" + ln.Addr().String() + "/livez"); err == nil {
		if resp.StatusCode == 200 {
			t.Error("plain HTTP answered 200 on the TLS port")
		}
		resp.Body.Close()
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Serve: %v", err)
	}
}
