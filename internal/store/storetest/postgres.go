package storetest

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// PostgresBin finds the directory of PostgreSQL's server programs
// (initdb, pg_ctl, postgres): $PATH, then Debian's /usr/lib/postgresql/N/bin,
// then those scripts/lab-deps.sh unpacked into $KMSDOCTOR_LAB_PEERS.
func PostgresBin() string {
	if p, err := exec.LookPath("initdb"); err == nil {
		if _, err := exec.LookPath("pg_ctl"); err == nil {
			return filepath.Dir(p)
		}
	}
	peers := os.Getenv("KMSDOCTOR_LAB_PEERS")
	if peers == "" {
		peers = "/var/cache/kmsdoctor-lab" // where scripts/lab-deps.sh unpacks them
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	more, _ := filepath.Glob(filepath.Join(peers, "usr/lib/postgresql/*/bin"))
	dirs = append(more, dirs...)
	for i := len(dirs) - 1; i >= 0; i-- {
		if _, err := os.Stat(filepath.Join(dirs[i], "initdb")); err == nil {
			return dirs[i]
		}
	}
	return ""
}

// Cluster is a PostgreSQL cluster started for a test run: its data
// directory and unix socket are in a temporary folder owned by an
// unprivileged user (nobody, when the tests run as root), it listens on no
// TCP port, and Stop removes it. It is never a service of the machine.
type Cluster struct {
	Dir string // holds data/, the socket and the log
	bin string
	// uid and gid run the server programs as an unprivileged user (when
	// the tests run as root); -1 keeps the test's own.
	uid, gid int
	dbs      atomic.Int64
}

// StartPostgres starts a cluster, or returns nil with the reason when the
// server programs are not installed. KMSDOCTOR_TEST_POSTGRES=DSN is not
// handled here: see DSN.
func StartPostgres() (*Cluster, string) {
	bin := PostgresBin()
	if bin == "" {
		return nil, "PostgreSQL server programs (initdb, pg_ctl) not found; install Debian's postgresql package to run these tests"
	}
	dir, err := os.MkdirTemp("", "kmsdoctor-pg-")
	if err != nil {
		return nil, err.Error()
	}
	c := &Cluster{Dir: dir, bin: bin, uid: -1, gid: -1}
	if os.Geteuid() == 0 { // postgres refuses to run as root
		u, err := user.Lookup("nobody")
		if err != nil {
			os.RemoveAll(dir)
			return nil, "no user nobody to run PostgreSQL as"
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		c.uid, c.gid = uid, gid
		if err := os.Chown(dir, uid, gid); err != nil {
			os.RemoveAll(dir)
			return nil, err.Error()
		}
	}
	data := filepath.Join(dir, "data")
	if out, err := c.run("initdb", "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Sprintf("initdb: %v: %s", err, out)
	}
	opts := "-c listen_addresses= -c unix_socket_directories=" + dir + " -c max_connections=200 -c shared_buffers=128MB -c fsync=off -c synchronous_commit=off"
	if out, err := c.run("pg_ctl", "-D", data, "-o", opts, "-l", filepath.Join(dir, "log"), "-w", "-t", "60", "start"); err != nil {
		log, _ := os.ReadFile(filepath.Join(dir, "log"))
		os.RemoveAll(dir)
		return nil, fmt.Sprintf("pg_ctl start: %v: %s %s", err, out, log)
	}
	return c, ""
}

func (c *Cluster) run(prog string, args ...string) ([]byte, error) {
	cmd := exec.Command(filepath.Join(c.bin, prog), args...)
	cmd.Dir = c.Dir
	cmd.Env = append(os.Environ(), "LC_ALL=C")
	runAs(cmd, c.uid, c.gid)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.Bytes(), err
}

// URL is the DSN of database db on the cluster's socket.
func (c *Cluster) URL(db string) string {
	return "postgres://postgres@/" + db + "?host=" + url.QueryEscape(c.Dir) + "&sslmode=disable"
}

// NewDatabase creates an empty database and returns its DSN.
func (c *Cluster) NewDatabase(t testing.TB) string {
	name := fmt.Sprintf("t%d_%d", os.Getpid(), c.dbs.Add(1))
	db, err := sql.Open("pgx", c.URL("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := db.ExecContext(ctx, "CREATE DATABASE "+name); err != nil { // name is ours, never input
		t.Fatal(err)
	}
	return c.URL(name)
}

// Restart stops the server (fast) and starts it again.
func (c *Cluster) Restart() error {
	// -l: the new postmaster must not inherit our output pipe, or run
	// waits for it to close (pg_ctl keeps the -o options, not -l).
	if out, err := c.run("pg_ctl", "-D", filepath.Join(c.Dir, "data"), "-l", filepath.Join(c.Dir, "log"), "-m", "fast", "-w", "-t", "60", "restart"); err != nil {
		return fmt.Errorf("pg_ctl restart: %v: %s", err, out)
	}
	return nil
}

// Stop stops the server and removes the cluster.
func (c *Cluster) Stop() {
	_, _ = c.run("pg_ctl", "-D", filepath.Join(c.Dir, "data"), "-m", "immediate", "-w", "stop")
	os.RemoveAll(c.Dir)
}

// Lazy starts one cluster for a test binary the first time a test asks for
// it, so that a run that needs none (-test.list, a benchmark, a bad flag that
// makes the testing package exit before TestMain's cleanup) leaves no
// cluster behind. TestMain calls Stop after m.Run.
type Lazy struct {
	once    sync.Once
	cluster *Cluster
	why     string
}

// Get returns the cluster, starting it once, or nil and why it is absent.
func (l *Lazy) Get() (*Cluster, string) {
	l.once.Do(func() { l.cluster, l.why = StartPostgres() })
	return l.cluster, l.why
}

// Stop stops the cluster if one was started.
func (l *Lazy) Stop() {
	if l.cluster != nil {
		l.cluster.Stop()
	}
}
