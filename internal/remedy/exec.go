package remedy

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/knowledge"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
)

// Licensing is the Software Protection Platform of this machine: one
// method per op. app is AppWindows or AppOffice. WMI implements it through
// the WMI methods slmgr.vbs and ospp.vbs call.
type Licensing interface {
	SetKMS(ctx context.Context, app, host string, port int) error
	ClearKMS(ctx context.Context, app string) error
	SetKMSDomain(ctx context.Context, app, domain string) error
	// InstallKey installs a KMS client setup key (only one the caller has
	// checked is Microsoft's published key for the installed edition).
	InstallKey(ctx context.Context, app, key string) error
	// Activate asks Windows to activate the products of app (productID ""
	// for all of them, else the one with that activation id).
	Activate(ctx context.Context, app, productID string) error
	// RearmsLeft is the number of Windows rearms left.
	RearmsLeft(ctx context.Context) (int, error)
	Rearm(ctx context.Context) error
	// RebuildTokens renames tokens.dat (its backup, returned) and
	// reinstalls the system licences.
	RebuildTokens(ctx context.Context) (backup string, err error)
}

// ProductKMS sets the KMS host of one Windows product (slmgr /skms
// host:port ActID), when only that product needs it; WMI implements it.
type ProductKMS interface {
	SetKMSProduct(ctx context.Context, productID, host string, port int) error
}

// Time resynchronises the clock with its time source (w32tm /resync).
type Time interface {
	Resync(ctx context.Context) error
}

// DNS empties the DNS client cache (ipconfig /flushdns).
type DNS interface {
	FlushCache(ctx context.Context) error
}

// Clock is the time the executor waits on; tests use a fake one.
type Clock interface {
	Now() time.Time
	// Sleep waits d or until ctx ends.
	Sleep(ctx context.Context, d time.Duration) error
}

// RealClock is the wall clock.
type RealClock struct{}

// Now is time.Now.
func (RealClock) Now() time.Time { return time.Now() }

// Sleep waits d or until ctx ends.
func (RealClock) Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Retry is the activation retry loop of the seeds (`1..12 | ForEach-Object
// { cscript slmgr.vbs /ato ; start-sleep 5 }`), bounded by the executor's
// timeout: an activation that fails with a code of a KMS that could not be
// reached yet is tried again.
type Retry struct {
	Attempts int
	Wait     time.Duration
}

// SeedRetry is the seeds' loop: 12 attempts, 5 seconds apart.
var SeedRetry = Retry{Attempts: 12, Wait: 5 * time.Second}

// transient are the codes worth another activation attempt: the KMS was
// not reached (yet).
var transient = map[uint32]bool{
	0xC004F074: true, // no KMS could be contacted
	0x800706BA: true, // RPC server unavailable
	0x800705B4: true, // timeout
	0x8007232A: true, // DNS server failure
	0x8007232B: true, // DNS name does not exist
	0x8007251D: true, // no DNS records
	0x80072EE2: true, // WinHTTP timeout
}

// Result of one action.
const (
	ResultOK       = "ok"
	ResultFailed   = "failed"
	ResultDeclined = "declined"
	ResultNotRun   = "not_run"
)

// Action records one step the executor considered: its result, how long it
// took, the code it failed with.
type Action struct {
	Entry      Entry     `json:"step"`
	Result     string    `json:"result"`
	Attempts   int       `json:"attempts,omitempty"`
	Start      time.Time `json:"start"`
	DurationMS float64   `json:"duration_ms"`
	// Code is the error code (0x...) of a failure, when it has one.
	Code  string `json:"code,omitempty"`
	Error string `json:"error,omitempty"`
	Err   error  `json:"-"`
	// Backup is the renamed tokens.dat of rebuild_tokens.
	Backup string `json:"backup,omitempty"`
	// RearmsLeft is the count before a rearm (and after, in RearmsAfter).
	RearmsLeft  *int `json:"rearms_left,omitempty"`
	RearmsAfter *int `json:"rearms_after,omitempty"`
}

// Run is the outcome of Executor.Apply.
type Run struct {
	Actions []Action `json:"actions"`
	// NotElevated: nothing was applied because fix does not run elevated.
	NotElevated bool `json:"not_elevated,omitempty"`
	// Failed is the index of the action that failed (-1 for none).
	Failed int `json:"failed"`
	// Declined is true when a person answered no (nothing after was applied).
	Declined bool `json:"declined,omitempty"`
}

// OK reports whether every step was applied.
func (r Run) OK() bool { return !r.NotElevated && r.Failed < 0 && !r.Declined }

// Executor carries out the Auto steps of a plan.
type Executor struct {
	Licensing Licensing
	Time      Time
	DNS       DNS
	Clock     Clock
	// Timeout bounds the whole run (activation retries included); 0 is no
	// bound but the retry count.
	Timeout time.Duration
	Retry   Retry
	// Elevated says whether the process may change licensing; nil or
	// false stops before anything is changed.
	Elevated func() (bool, error)
	// Confirm is asked before each step (nil: every step is confirmed, as
	// with --yes). rearmsLeft is set for a rearm.
	Confirm func(e Entry, rearmsLeft *int) (bool, error)
	// Progress, when set, hears each action when it ends.
	Progress func(Action)
}

// ErrNoRearms: a rearm was refused because none are left.
var ErrNoRearms = errors.New("no rearms left")

// Apply carries out entries in order. It first checks elevation (nothing
// is changed without it); then confirms and applies each step; the first
// failure (or a no) stops the run and the steps after it are recorded as
// not run. Apply applies only entries of GroupAuto.
func (x *Executor) Apply(ctx context.Context, entries []Entry) Run {
	run := Run{Failed: -1}
	clock := x.Clock
	if clock == nil {
		clock = RealClock{}
	}
	notRun := func(from int) {
		for _, e := range entries[from:] {
			run.Actions = append(run.Actions, Action{Entry: e, Result: ResultNotRun})
		}
	}
	elevated := false
	if x.Elevated != nil {
		var err error
		elevated, err = x.Elevated()
		if err != nil {
			elevated = false
		}
	}
	if !elevated {
		run.NotElevated = true
		notRun(0)
		return run
	}
	var deadline time.Time
	if x.Timeout > 0 {
		deadline = clock.Now().Add(x.Timeout)
	}
	for i, e := range entries {
		a := Action{Entry: e}
		if e.Group != GroupAuto {
			a.Result, a.Error = ResultNotRun, "not an applicable step"
			run.Actions = append(run.Actions, a)
			continue
		}
		if e.Op == report.OpRearm {
			n, err := x.Licensing.RearmsLeft(ctx)
			if err == nil {
				a.RearmsLeft = &n
			}
		}
		if x.Confirm != nil {
			yes, err := x.Confirm(e, a.RearmsLeft)
			if err != nil || !yes {
				a.Result = ResultDeclined
				if err != nil {
					a.Err, a.Error = err, err.Error()
				}
				run.Actions = append(run.Actions, a)
				run.Declined = true
				notRun(i + 1)
				return run
			}
		}
		a.Start = clock.Now()
		err := ctx.Err()
		if err == nil && !deadline.IsZero() && !clock.Now().Before(deadline) {
			err = context.DeadlineExceeded
		}
		if err == nil {
			err = x.apply(ctx, clock, deadline, e, &a)
		}
		a.DurationMS = float64(clock.Now().Sub(a.Start).Microseconds()) / 1000
		if err != nil {
			a.Result, a.Err, a.Error = ResultFailed, err, err.Error()
			if c, ok := Code(err); ok {
				a.Code = knowledge.FormatCode(c)
			}
			run.Actions = append(run.Actions, a)
			if x.Progress != nil {
				x.Progress(a)
			}
			run.Failed = len(run.Actions) - 1
			notRun(i + 1)
			return run
		}
		a.Result = ResultOK
		run.Actions = append(run.Actions, a)
		if x.Progress != nil {
			x.Progress(a)
		}
	}
	return run
}

func (x *Executor) apply(ctx context.Context, clock Clock, deadline time.Time, e Entry, a *Action) error {
	app := e.App()
	a.Attempts = 1
	switch e.Op {
	case report.OpSetKMS:
		port, _ := strconv.Atoi(e.Args["port"])
		if id := e.Args["product"]; id != "" {
			pk, ok := x.Licensing.(ProductKMS)
			if !ok {
				return ErrUnsupported
			}
			return pk.SetKMSProduct(ctx, id, e.Args["host"], port)
		}
		return x.Licensing.SetKMS(ctx, app, e.Args["host"], port)
	case report.OpClearKMS:
		return x.Licensing.ClearKMS(ctx, app)
	case report.OpSetKMSDomain:
		return x.Licensing.SetKMSDomain(ctx, app, e.Args["domain"])
	case report.OpInstallKey:
		return x.Licensing.InstallKey(ctx, app, e.Args["key"])
	case report.OpActivate:
		return x.activate(ctx, clock, deadline, app, a)
	case report.OpResyncTime:
		if x.Time == nil {
			return ErrUnsupported
		}
		return x.Time.Resync(ctx)
	case report.OpFlushDNS:
		if x.DNS == nil {
			return ErrUnsupported
		}
		return x.DNS.FlushCache(ctx)
	case report.OpRebuildTokens:
		b, err := x.Licensing.RebuildTokens(ctx)
		a.Backup = b
		return err
	case report.OpRearm:
		if a.RearmsLeft != nil && *a.RearmsLeft <= 0 {
			return ErrNoRearms
		}
		if err := x.Licensing.Rearm(ctx); err != nil {
			return err
		}
		if n, err := x.Licensing.RearmsLeft(ctx); err == nil {
			a.RearmsAfter = &n
		}
		return nil
	}
	return fmt.Errorf("%w: op %q", ErrUnsupported, e.Op)
}

// activate is the retry loop: up to Retry.Attempts, Retry.Wait apart, as
// long as the error is transient and the deadline is not reached.
func (x *Executor) activate(ctx context.Context, clock Clock, deadline time.Time, app string, a *Action) error {
	r := x.Retry
	if r.Attempts <= 0 {
		r = SeedRetry
	}
	var err error
	for n := 1; ; n++ {
		a.Attempts = n
		err = x.Licensing.Activate(ctx, app, "")
		if err == nil {
			return nil
		}
		c, ok := Code(err)
		if !ok || !transient[c] || n >= r.Attempts {
			return err
		}
		if !deadline.IsZero() && !clock.Now().Add(r.Wait).Before(deadline) {
			return err
		}
		if serr := clock.Sleep(ctx, r.Wait); serr != nil {
			return err
		}
	}
}

// ErrUnsupported: the op cannot be carried out here.
var ErrUnsupported = errors.New("not supported on this machine")

// CallError is a WMI method that failed: its class and method and the code
// (an HRESULT such as 0xC004F074, from the COM error or the method's
// return value).
type CallError struct {
	Class, Method string
	Code          uint32
	Err           error
}

func (e *CallError) Error() string {
	s := e.Class + "." + e.Method + ": " + knowledge.FormatCode(e.Code)
	if e.Err != nil && e.Err.Error() != knowledge.FormatCode(e.Code) {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap is the underlying error, if any.
func (e *CallError) Unwrap() error { return e.Err }

// HRESULT is the code.
func (e *CallError) HRESULT() uint32 { return e.Code }

// Code finds the error code in err: any error in its chain with an
// HRESULT() uint32 method (CallError, or the Windows layer's own error
// type).
func Code(err error) (uint32, bool) {
	var h interface{ HRESULT() uint32 }
	if errors.As(err, &h) {
		return h.HRESULT(), true
	}
	return 0, false
}

// Explain looks err's code up in the knowledge base.
func Explain(err error) (code uint32, entry *knowledge.Entry, ok bool) {
	c, has := Code(err)
	if !has {
		return 0, nil, false
	}
	e, known := knowledge.Lookup(c)
	return c, e, known
}
