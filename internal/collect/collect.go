// Package collect gathers a Windows machine's licensing state into a
// bundle (package bundle): a registry of small collectors, each with its
// own timeout, run one after another against a winsys.System. Each
// collector's items, duration and error go into the manifest; a collector
// that fails, panics or overruns its timeout is recorded and the run goes
// on. Collectors stage their items in memory; only a collector that
// returned in time has its items written, so one cut off can never write
// half a file.
package collect

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/bundle"
	"github.com/kmsdoctor/kmsdoctor/internal/winsys"
)

// Collector is one source of the bundle.
type Collector struct {
	Name    string
	Timeout time.Duration
	Run     func(ctx context.Context, sys winsys.System, out *Out) error
}

// Out is where a collector puts its items and the identifying values
// --redact must replace.
type Out struct {
	items   []staged
	secrets []secret
}

type staged struct {
	path, kind string
	data       []byte
	binary     bool // cannot be redacted (raw .evtx)
}

type secret struct{ kind, value string }

// Add stages data at path, read by the ingest kind kind.
func (o *Out) Add(path, kind string, data []byte) {
	o.items = append(o.items, staged{path: path, kind: kind, data: data})
}

// AddBinary stages a binary file that --redact cannot rewrite; it is left
// out of a redacted bundle.
func (o *Out) AddBinary(path, kind string, data []byte) {
	o.items = append(o.items, staged{path: path, kind: kind, data: data, binary: true})
}

// Secret says value (kind "computer", "domain", "cmid", "user") identifies
// the machine or its people.
func (o *Out) Secret(kind, value string) {
	if value != "" {
		o.secrets = append(o.secrets, secret{kind, value})
	}
}

// Options of a run.
type Options struct {
	Tool, Version string
	Redact        bool
	// Only, when set, names the collectors to run.
	Only []string
	// Collectors replaces the registry (tests).
	Collectors []Collector
	// NoMetadata leaves out the "cloud" collector (collect --no-metadata):
	// no request to a metadata service.
	NoMetadata bool
	// Check, when set, adds the "check" collector: the live checks of
	// `kmsdoctor check` against the configured and discovered KMS host.
	Check CheckFunc
	// Grace is how long a collector may run past its timeout before it is
	// cut off (default 2s).
	Grace time.Duration
}

// ErrCutOff is the error of a collector that did not return in time.
var ErrCutOff = errors.New("cut off: did not return within its timeout")

// Run runs the collectors against sys and writes the bundle to w.
func Run(ctx context.Context, sys winsys.System, w io.Writer, opt Options) (bundle.Manifest, error) {
	cols := opt.Collectors
	if cols == nil {
		cols = Registry
		if opt.Check != nil {
			cols = append(slices.Clip(cols), CheckCollector(opt.Check))
		}
	}
	grace := opt.Grace
	if grace == 0 {
		grace = 2 * time.Second
	}
	now := time.Now
	if sys.Now != nil {
		now = sys.Now
	}
	type result struct {
		name string
		dur  time.Duration
		err  error
		out  *Out
	}
	var results []result
	for _, c := range cols {
		if len(opt.Only) > 0 && !slices.Contains(opt.Only, c.Name) {
			continue
		}
		if opt.NoMetadata && c.Name == "cloud" {
			continue
		}
		if err := ctx.Err(); err != nil {
			return bundle.Manifest{}, err
		}
		start := time.Now()
		out, err := runOne(ctx, c, sys, grace)
		results = append(results, result{c.Name, time.Since(start), err, out})
	}
	if err := ctx.Err(); err != nil {
		return bundle.Manifest{}, err
	}
	computer := sys.Computer
	var red *Redactor
	if opt.Redact {
		red = NewRedactor()
		red.Add("computer", sys.Computer)
		for _, r := range results {
			if r.out != nil {
				for _, s := range r.out.secrets {
					red.Add(s.kind, s.value)
				}
			}
		}
		computer = red.String(computer)
	}
	bw := bundle.NewWriter(w, bundle.Manifest{Tool: opt.Tool, Version: opt.Version, Computer: computer, CollectedAt: now().UTC()})
	for _, r := range results {
		ms := r.dur.Milliseconds()
		if r.err != nil || r.out == nil || len(r.out.items) == 0 {
			it := bundle.Item{Collector: r.name, DurationMS: ms}
			if r.err != nil {
				it.Error = errText(r.err, red)
			}
			bw.AddItem(it)
		}
		if r.out == nil {
			continue
		}
		for _, s := range r.out.items {
			it := bundle.Item{Path: s.path, Kind: s.kind, Collector: r.name, DurationMS: ms}
			data := s.data
			if red != nil {
				if s.binary {
					bw.AddItem(bundle.Item{Collector: r.name, Kind: s.kind, DurationMS: ms, Error: "not included with --redact: " + s.path + " is binary and cannot be redacted"})
					continue
				}
				data = red.Bytes(data)
			}
			if err := bw.AddBytes(it, data); err != nil {
				bw.AddItem(bundle.Item{Collector: r.name, DurationMS: ms, Error: err.Error()})
			}
		}
	}
	m := *bw.Manifest()
	return m, bw.Close()
}

func errText(err error, red *Redactor) string {
	if red != nil {
		return red.String(err.Error())
	}
	return err.Error()
}

// runOne runs c with its own timeout; a panic or an overrun is its error.
func runOne(ctx context.Context, c Collector, sys winsys.System, grace time.Duration) (*Out, error) {
	cctx, cancel := context.WithTimeout(ctx, c.Timeout)
	defer cancel()
	type done struct {
		out *Out
		err error
	}
	ch := make(chan done, 1)
	go func() {
		out := &Out{}
		defer func() {
			if r := recover(); r != nil {
				ch <- done{nil, fmt.Errorf("collector %s panicked: %v", c.Name, r)}
			}
		}()
		err := c.Run(cctx, sys, out)
		ch <- done{out, err}
	}()
	select {
	case d := <-ch:
		return d.out, d.err
	case <-cctx.Done():
		t := time.NewTimer(grace)
		defer t.Stop()
		select {
		case d := <-ch:
			if d.err == nil && errors.Is(cctx.Err(), context.DeadlineExceeded) {
				// It returned late but whole: keep it.
				return d.out, nil
			}
			return d.out, d.err
		case <-t.C:
			return nil, ErrCutOff
		}
	}
}
