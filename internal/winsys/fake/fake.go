// Package fake replays the answers of a machine's Windows APIs recorded by
// winsys.Recorder (`kmsdoctor collect --record DIR`), so that the
// collectors, the bundle and `collect --analyze` are tested on any OS. It
// answers exactly the recorded calls; any other call fails with an error
// matching winsys.ErrNotExist that says it was not recorded.
package fake

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/winsys"
)

// Load reads fixtures.json (and evtx/ beside it) from fsys.
func Load(fsys fs.FS) (winsys.System, error) {
	raw, err := fs.ReadFile(fsys, "fixtures.json")
	if err != nil {
		return winsys.System{}, err
	}
	var fx winsys.Fixtures
	if err := json.Unmarshal(raw, &fx); err != nil {
		return winsys.System{}, fmt.Errorf("fixtures.json: %w", err)
	}
	return New(fx, fsys), nil
}

// LoadDir is Load of a directory.
func LoadDir(dir string) (winsys.System, error) { return Load(os.DirFS(dir)) }

// New replays fx; fsys holds the exported .evtx files (may be nil).
func New(fx winsys.Fixtures, fsys fs.FS) winsys.System {
	f := &replay{fx: fx, fsys: fsys}
	now := fx.Now
	if now.IsZero() {
		now = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return winsys.System{Computer: fx.Computer, WMI: f, Events: f, Registry: f, Net: f, Run: f, Host: f, HTTP: f, Now: func() time.Time { return now }}
}

type replay struct {
	fx   winsys.Fixtures
	fsys fs.FS
}

func notRecorded(what string) error {
	return fmt.Errorf("fake: not recorded: %s: %w", what, winsys.ErrNotExist)
}

func (f *replay) Query(ctx context.Context, ns, class string, props []string, where string) ([]winsys.Row, error) {
	for _, c := range f.fx.WMI {
		if strings.EqualFold(c.Namespace, ns) && strings.EqualFold(c.Class, class) && slices.Equal(c.Props, props) && c.Where == where {
			return c.Rows, c.Err.Err()
		}
	}
	return nil, notRecorded("wmi " + class)
}

func (f *replay) Values(ctx context.Context, key string) (map[string]winsys.Value, error) {
	for _, c := range f.fx.Registry {
		if c.Op == "values" && strings.EqualFold(c.Key, key) {
			return c.Values, c.Err.Err()
		}
	}
	return nil, notRecorded("registry " + key)
}

func (f *replay) Subkeys(ctx context.Context, key string) ([]string, error) {
	for _, c := range f.fx.Registry {
		if c.Op == "subkeys" && strings.EqualFold(c.Key, key) {
			return c.Subkeys, c.Err.Err()
		}
	}
	return nil, notRecorded("registry " + key)
}

func (f *replay) DNSConfig(ctx context.Context) (winsys.DNSConfig, error) {
	if f.fx.DNSConfig == nil {
		return winsys.DNSConfig{}, notRecorded("dns config")
	}
	return f.fx.DNSConfig.Config, f.fx.DNSConfig.Err.Err()
}

func (f *replay) LookupSRV(ctx context.Context, name string) ([]winsys.SRV, error) {
	for _, c := range f.fx.SRV {
		if strings.EqualFold(c.Name, name) {
			return c.Records, c.Err.Err()
		}
	}
	return nil, notRecorded("srv " + name)
}

func (f *replay) Run(ctx context.Context, argv ...string) ([]byte, error) {
	for _, c := range f.fx.Run {
		if slices.Equal(c.Argv, argv) {
			return []byte(c.Output), c.Err.Err()
		}
	}
	return nil, notRecorded("run " + strings.Join(argv, " "))
}

func (f *replay) event(op, channel, xpath string) (winsys.EventCall, bool) {
	for _, c := range f.fx.Events {
		if c.Op == op && strings.EqualFold(c.Channel, channel) && c.XPath == xpath {
			return c, true
		}
	}
	return winsys.EventCall{}, false
}

func (f *replay) Render(ctx context.Context, channel, xpath string, fn func([]byte) error) error {
	c, ok := f.event("render", channel, xpath)
	if !ok {
		return notRecorded("events " + channel)
	}
	for _, x := range c.Events {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := fn([]byte(x)); err != nil {
			return err
		}
	}
	return c.Err.Err()
}

func (f *replay) Export(ctx context.Context, channel, xpath, dst string) error {
	c, ok := f.event("export", channel, xpath)
	if !ok {
		return notRecorded("export " + channel)
	}
	if c.Err != nil {
		return c.Err.Err()
	}
	if f.fsys == nil || c.File == "" {
		return notRecorded("evtx file of " + channel)
	}
	raw, err := fs.ReadFile(f.fsys, path.Join("evtx", c.File))
	if err != nil {
		return err
	}
	return os.WriteFile(dst, raw, 0o644)
}

func (f *replay) NetworkParams(ctx context.Context) (winsys.NetworkParams, error) {
	if f.fx.NetParams == nil {
		return winsys.NetworkParams{}, notRecorded("network params")
	}
	return f.fx.NetParams.Params, f.fx.NetParams.Err.Err()
}

func (f *replay) DefaultProxy(ctx context.Context) (winsys.Proxy, error) {
	if f.fx.Proxy == nil {
		return winsys.Proxy{}, notRecorded("winhttp proxy")
	}
	return f.fx.Proxy.Proxy, f.fx.Proxy.Err.Err()
}

func (f *replay) host(op, path string) (winsys.HostCall, error) {
	for _, c := range f.fx.Host {
		if c.Op == op && strings.EqualFold(c.Path, path) {
			return c, c.Err.Err()
		}
	}
	return winsys.HostCall{}, notRecorded(op + " " + path)
}

func (f *replay) Stat(ctx context.Context, path string) (winsys.FileInfo, error) {
	c, err := f.host("stat", path)
	if err != nil || c.Info == nil {
		return winsys.FileInfo{}, err
	}
	return *c.Info, nil
}

func (f *replay) SDDL(ctx context.Context, path string) (string, error) {
	c, err := f.host("sddl", path)
	return c.SDDL, err
}

func (f *replay) Language(ctx context.Context) (winsys.Language, error) {
	c, err := f.host("language", "")
	if err != nil || c.Language == nil {
		return winsys.Language{}, err
	}
	return *c.Language, nil
}

// Do answers a recorded request; one not recorded fails as a request to
// an address with nothing behind it would (it is not a metadata service
// of this machine's cloud).
func (f *replay) Do(ctx context.Context, method, url string, header map[string]string) (int, []byte, error) {
	for _, c := range f.fx.HTTP {
		if c.Method == method && c.URL == url {
			return c.Status, []byte(c.Body), c.Err.Err()
		}
	}
	return 0, nil, notRecorded("http " + method + " " + url)
}
