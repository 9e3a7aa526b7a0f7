package reliability

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/agent"
	"github.com/kmsdoctor/kmsdoctor/internal/store/storetest"
)

func freeAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func token(t *testing.T, bin, dsn, name, role string) string {
	out, err := exec.Command(bin, "serve", "token", "create", name, "--role", role, "--db", dsn).Output()
	if err != nil {
		t.Fatalf("token create: %v", err)
	}
	return strings.TrimSpace(string(out))
}

// startServe starts `kmsdoctor serve` and waits until /readyz answers 200.
func startServe(t *testing.T, bin, dsn, addr string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(bin, "serve", "--listen", addr, "--db", dsn)
	logf, _ := os.Create(filepath.Join(t.TempDir(), "serve.log"))
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
	})
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		resp, err := http.Get("http://" + addr + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return cmd
			}
		}
	}
	t.Fatal("serve did not become ready")
	return nil
}

// TestKill9DuringIngest: agent-like clients post batches to a `kmsdoctor
// serve` process on SQLite and record every id the server acknowledged
// with a 200; the process is killed with SIGKILL in mid-stream and
// started again on the same file, and every acknowledged id must be there.
// Then the clients send everything again: nothing is stored twice.
func TestKill9DuringIngest(t *testing.T) {
	bin := kmsdoctor(t)
	dsn := "sqlite://" + filepath.Join(t.TempDir(), "fleet.db")
	agentTok, readerTok := token(t, bin, dsn, "agents", "agent"), token(t, bin, dsn, "reader", "reader")
	addr := freeAddr(t)
	srv := startServe(t, bin, dsn, addr)

	var (
		mu      sync.Mutex
		acked   = map[string]bool{}
		sent    [][]byte // every report tried, to send again after
		nacked  atomic.Int64
		stop    atomic.Bool
		wg      sync.WaitGroup
		counter atomic.Int64
	)
	p := &agent.Poster{URL: "http://" + addr, Token: agentTok, Client: &http.Client{Timeout: 10 * time.Second}}
	for w := range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				var raws [][]byte
				var ids []string
				for range 1 + w%5 {
					r := storetest.Report(fmt.Sprintf("pc%06d", counter.Add(1)), "licensed", storetest.T0)
					b, _ := json.Marshal(r)
					raws, ids = append(raws, b), append(ids, r.ID)
				}
				mu.Lock()
				sent = append(sent, raws...)
				mu.Unlock()
				if _, err := p.Post(context.Background(), raws); err != nil {
					nacked.Add(1)
					time.Sleep(10 * time.Millisecond)
					continue
				}
				mu.Lock()
				for _, id := range ids {
					acked[id] = true
				}
				mu.Unlock()
			}
		}()
	}
	// Kill once some reports are acknowledged, while the posting goes on.
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		mu.Lock()
		n := len(acked)
		mu.Unlock()
		if n >= 300 {
			break
		}
	}
	if err := srv.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	srv.Wait()
	time.Sleep(50 * time.Millisecond) // some posts fail against the dead server
	stop.Store(true)
	wg.Wait()
	mu.Lock()
	defer mu.Unlock()
	t.Logf("%d reports acknowledged, %d tried, %d requests failed", len(acked), len(sent), nacked.Load())
	if len(acked) < 300 {
		t.Fatalf("only %d acknowledged before the kill", len(acked))
	}

	startServe(t, bin, dsn, addr)
	missing := 0
	c := &http.Client{Timeout: 10 * time.Second}
	for id := range acked {
		req, _ := http.NewRequest("GET", "http://"+addr+"/api/v1/reports/"+id, nil)
		req.Header.Set("Authorization", "Bearer "+readerTok)
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			missing++
			if missing < 5 {
				t.Errorf("acknowledged report %s: %d after the restart", id, resp.StatusCode)
			}
		}
	}
	if missing > 0 {
		t.Fatalf("%d of %d acknowledged reports lost", missing, len(acked))
	}
	// The agents' spools would send everything not acknowledged again:
	// the server takes the rest, and counts the acknowledged ones as
	// duplicates.
	var total agent.Result
	for i := 0; i < len(sent); i += 100 {
		res, err := p.Post(context.Background(), sent[i:min(i+100, len(sent))])
		if err != nil {
			t.Fatal(err)
		}
		total.Accepted += res.Accepted
		total.Duplicates += res.Duplicates
	}
	if total.Accepted+total.Duplicates != len(sent) || total.Duplicates < len(acked) {
		t.Errorf("resend: %+v of %d sent, %d acknowledged before", total, len(sent), len(acked))
	}
	req, _ := http.NewRequest("GET", "http://"+addr+"/api/v1/summary", nil)
	req.Header.Set("Authorization", "Bearer "+readerTok)
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var sum struct{ Machines, Reports int }
	json.NewDecoder(resp.Body).Decode(&sum)
	if sum.Reports != len(sent) || sum.Machines != len(sent) {
		t.Errorf("summary after the resend: %+v, want %d reports and machines", sum, len(sent))
	}
}
