package winsys

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
)

// Recorder wraps a System and keeps every answer of its APIs, for
// `kmsdoctor collect --record DIR`; Save writes them as fixtures that
// package winsys/fake replays in tests.
type Recorder struct {
	mu    sync.Mutex
	inner System
	fx    Fixtures
	evtx  map[string][]byte
}

// NewRecorder wraps sys. Use System() for the recording System.
func NewRecorder(sys System) *Recorder {
	r := &Recorder{inner: sys, evtx: map[string][]byte{}}
	r.fx.Computer = sys.Computer
	if sys.Now != nil {
		r.fx.Now = sys.Now().UTC()
	}
	return r
}

// System is the recording System.
func (r *Recorder) System() System {
	s := r.inner
	if s.WMI != nil {
		s.WMI = recWMI{r}
	}
	if s.Registry != nil {
		s.Registry = recRegistry{r}
	}
	if s.Net != nil {
		s.Net = recNet{r}
	}
	if s.Run != nil {
		s.Run = recRunner{r}
	}
	if s.Events != nil {
		s.Events = recEvents{r}
	}
	if s.Host != nil {
		s.Host = recHost{r}
	}
	if s.HTTP != nil {
		s.HTTP = recHTTP{r}
	}
	return s
}

// Fixtures returns a copy of what was recorded so far.
func (r *Recorder) Fixtures() Fixtures {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.fx
}

// Save writes dir/fixtures.json and the exported event logs under
// dir/evtx/.
func (r *Recorder) Save(dir string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if err := os.MkdirAll(filepath.Join(dir, "evtx"), 0o755); err != nil {
		return err
	}
	for name, raw := range r.evtx {
		if err := os.WriteFile(filepath.Join(dir, "evtx", name), raw, 0o644); err != nil {
			return err
		}
	}
	b, err := json.MarshalIndent(r.fx, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "fixtures.json"), append(b, '\n'), 0o644)
}

type recWMI struct{ r *Recorder }

func (w recWMI) Query(ctx context.Context, ns, class string, props []string, where string) ([]Row, error) {
	rows, err := w.r.inner.WMI.Query(ctx, ns, class, props, where)
	w.r.mu.Lock()
	w.r.fx.WMI = append(w.r.fx.WMI, WMICall{Namespace: ns, Class: class, Props: slices.Clone(props), Where: where, Rows: rows, Err: RecordErr(err)})
	w.r.mu.Unlock()
	return rows, err
}

type recRegistry struct{ r *Recorder }

func (g recRegistry) Values(ctx context.Context, key string) (map[string]Value, error) {
	v, err := g.r.inner.Registry.Values(ctx, key)
	g.r.mu.Lock()
	g.r.fx.Registry = append(g.r.fx.Registry, RegCall{Op: "values", Key: key, Values: v, Err: RecordErr(err)})
	g.r.mu.Unlock()
	return v, err
}

func (g recRegistry) Subkeys(ctx context.Context, key string) ([]string, error) {
	v, err := g.r.inner.Registry.Subkeys(ctx, key)
	g.r.mu.Lock()
	g.r.fx.Registry = append(g.r.fx.Registry, RegCall{Op: "subkeys", Key: key, Subkeys: v, Err: RecordErr(err)})
	g.r.mu.Unlock()
	return v, err
}

type recNet struct{ r *Recorder }

func (n recNet) DNSConfig(ctx context.Context) (DNSConfig, error) {
	c, err := n.r.inner.Net.DNSConfig(ctx)
	n.r.mu.Lock()
	n.r.fx.DNSConfig = &DNSCall{Config: c, Err: RecordErr(err)}
	n.r.mu.Unlock()
	return c, err
}

func (n recNet) LookupSRV(ctx context.Context, name string) ([]SRV, error) {
	v, err := n.r.inner.Net.LookupSRV(ctx, name)
	n.r.mu.Lock()
	n.r.fx.SRV = append(n.r.fx.SRV, SRVCall{Name: name, Records: v, Err: RecordErr(err)})
	n.r.mu.Unlock()
	return v, err
}

func (n recNet) NetworkParams(ctx context.Context) (NetworkParams, error) {
	p, err := n.r.inner.Net.NetworkParams(ctx)
	n.r.mu.Lock()
	n.r.fx.NetParams = &NetParamsCall{Params: p, Err: RecordErr(err)}
	n.r.mu.Unlock()
	return p, err
}

func (n recNet) DefaultProxy(ctx context.Context) (Proxy, error) {
	p, err := n.r.inner.Net.DefaultProxy(ctx)
	n.r.mu.Lock()
	n.r.fx.Proxy = &ProxyCall{Proxy: p, Err: RecordErr(err)}
	n.r.mu.Unlock()
	return p, err
}

type recHost struct{ r *Recorder }

func (h recHost) add(c HostCall) {
	h.r.mu.Lock()
	h.r.fx.Host = append(h.r.fx.Host, c)
	h.r.mu.Unlock()
}

func (h recHost) Stat(ctx context.Context, path string) (FileInfo, error) {
	fi, err := h.r.inner.Host.Stat(ctx, path)
	c := HostCall{Op: "stat", Path: path, Err: RecordErr(err)}
	if err == nil {
		c.Info = &fi
	}
	h.add(c)
	return fi, err
}

func (h recHost) SDDL(ctx context.Context, path string) (string, error) {
	s, err := h.r.inner.Host.SDDL(ctx, path)
	h.add(HostCall{Op: "sddl", Path: path, SDDL: s, Err: RecordErr(err)})
	return s, err
}

func (h recHost) Language(ctx context.Context) (Language, error) {
	l, err := h.r.inner.Host.Language(ctx)
	c := HostCall{Op: "language", Err: RecordErr(err)}
	if err == nil {
		c.Language = &l
	}
	h.add(c)
	return l, err
}

type recHTTP struct{ r *Recorder }

func (h recHTTP) Do(ctx context.Context, method, url string, header map[string]string) (int, []byte, error) {
	st, body, err := h.r.inner.HTTP.Do(ctx, method, url, header)
	hd := map[string]string{}
	for k, v := range header {
		hd[k] = v
	}
	h.r.mu.Lock()
	h.r.fx.HTTP = append(h.r.fx.HTTP, HTTPCall{Method: method, URL: url, Header: hd, Status: st, Body: string(body), Err: RecordErr(err)})
	h.r.mu.Unlock()
	return st, body, err
}

type recRunner struct{ r *Recorder }

func (x recRunner) Run(ctx context.Context, argv ...string) ([]byte, error) {
	out, err := x.r.inner.Run.Run(ctx, argv...)
	x.r.mu.Lock()
	x.r.fx.Run = append(x.r.fx.Run, RunCall{Argv: slices.Clone(argv), Output: string(out), Err: RecordErr(err)})
	x.r.mu.Unlock()
	return out, err
}

type recEvents struct{ r *Recorder }

func (e recEvents) Render(ctx context.Context, channel, xpath string, fn func([]byte) error) error {
	var xmls []string
	err := e.r.inner.Events.Render(ctx, channel, xpath, func(b []byte) error {
		xmls = append(xmls, string(b))
		return fn(b)
	})
	e.r.mu.Lock()
	e.r.fx.Events = append(e.r.fx.Events, EventCall{Op: "render", Channel: channel, XPath: xpath, Events: xmls, Err: RecordErr(err)})
	e.r.mu.Unlock()
	return err
}

func (e recEvents) Export(ctx context.Context, channel, xpath, dst string) error {
	err := e.r.inner.Events.Export(ctx, channel, xpath, dst)
	call := EventCall{Op: "export", Channel: channel, XPath: xpath, Err: RecordErr(err)}
	if err == nil {
		if raw, rerr := os.ReadFile(dst); rerr == nil {
			e.r.mu.Lock()
			call.File = fmt.Sprintf("%d.evtx", len(e.r.evtx)+1)
			e.r.evtx[call.File] = raw
			e.r.mu.Unlock()
		}
	}
	e.r.mu.Lock()
	e.r.fx.Events = append(e.r.fx.Events, call)
	e.r.mu.Unlock()
	return err
}
