package kmsevents

import (
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
)

// Tunables of the client analysis.
const (
	// PairWindow is how long after a 12288 its 12289 may come. A client
	// gets its answer within seconds; the RPC call gives up well before this.
	PairWindow = 10 * time.Minute
	// ActivationValidity is how long a KMS activation lasts without renewal.
	ActivationValidity = 180 * 24 * time.Hour
	// PersistentSpan is how long a trailing run of failures must last (with
	// at least PersistentMin attempts) to count as persistent rather than
	// possibly transient.
	PersistentSpan = 24 * time.Hour
	PersistentMin  = 2
)

// IsActivationProvider is true for the providers that log the events handled
// here (current and older names, as readers report them), and for an empty
// provider (some copied texts lose it).
func IsActivationProvider(p string) bool {
	switch p {
	case "", "Microsoft-Windows-Security-SPP", "Microsoft-Windows-Security-Licensing-SLC":
		return true
	}
	p = strings.ToLower(p)
	for _, s := range []string{"security-spp", "licensing-slc", "software protection", "key management", "sppsvc"} {
		if strings.Contains(p, s) {
			return true
		}
	}
	return false
}

// Attempt is one activation attempt of a client: a 12288 and its 12289, a
// 12289 alone (its request was not in the log), or an 8198 failure.
type Attempt struct {
	Computer   string
	Time       time.Time
	Request    *Request
	Response   *Response
	ReqEvent   *evidence.Event
	RespEvent  *evidence.Event
	SPPEvent   *evidence.Event // 8198
	OK         bool
	Unanswered bool   // a 12288 with no 12289 within PairWindow (an 8198 may be attached)
	HR         uint32 // the failure code (0 for success or unanswered without code)
}

// Host is the KMS host the attempt went to, "" when unknown.
func (a *Attempt) Host() string {
	if a.Request == nil || a.Request.Host == "" {
		return ""
	}
	if a.Request.Port > 0 {
		return a.Request.Host + ":" + strconv.Itoa(a.Request.Port)
	}
	return a.Request.Host
}

// Client is the activation history of one machine.
type Client struct {
	Computer string
	Attempts []Attempt // in time order
	// LastSuccess is the last successful attempt, nil when none.
	LastSuccess *Attempt
	// Expiry is LastSuccess + 180 days (zero when no success).
	Expiry time.Time
	// Trailing is the number of failed attempts after the last success
	// (all of them when there was none); TrailingFrom/To bound them.
	Trailing                 int
	TrailingFrom, TrailingTo time.Time
	// Earlier is the number of failed attempts followed by a later success.
	Earlier int
	// State sums it up: StateOK, StateTransient, StatePersistent,
	// StateFailing (the last attempts failed but over too short a time to
	// call it persistent) or StateNone (no attempt).
	State string
}

// Client states.
const (
	StateNone       = "none"
	StateOK         = "ok"
	StateTransient  = "transient"
	StatePersistent = "persistent"
	StateFailing    = "failing"
)

// Codes lists the distinct failure codes of the trailing (or, when there is
// none, the earlier) failed attempts, in order of appearance.
func (c *Client) Codes(trailing bool) []uint32 {
	var out []uint32
	seen := map[uint32]bool{}
	after := false
	for i := range c.Attempts {
		a := &c.Attempts[i]
		if a == c.LastSuccess {
			after = true
			continue
		}
		inTrail := c.LastSuccess == nil || after
		if a.OK || inTrail != trailing || a.HR == 0 || seen[a.HR] {
			continue
		}
		seen[a.HR] = true
		out = append(out, a.HR)
	}
	return out
}

// Benign is an 8200/8208 with 0x80072EE7: the genuine ticket could not be
// fetched from the Internet, which says nothing about KMS activation.
type Benign struct {
	Event *evidence.Event
	HR    uint32
}

// DecodeFailure is an event whose Info string could not be decoded.
type DecodeFailure struct {
	Event *evidence.Event
	Err   error
}

// ClientResult is the analysis of the client-side events of a set.
type ClientResult struct {
	Clients []*Client // sorted by computer name
	Benign  []Benign
	Bad     []DecodeFailure
}

func eventTime(e *evidence.Event, client time.Time) time.Time {
	if !e.Time.IsZero() {
		return e.Time
	}
	return client
}

// AnalyzeClients pairs 12288 with 12289 per computer, adds 8198 failures,
// and classifies each computer's history.
// Office's events are left out (AnalyzeOfficeClients reads them).
func AnalyzeClients(events []evidence.Event) *ClientResult {
	return analyzeClients(events, false)
}

// analyzeClients is AnalyzeClients; office says that events holds Office's
// events only (else they are skipped).
func analyzeClients(events []evidence.Event, office bool) *ClientResult {
	res := &ClientResult{}
	byPC := map[string][]Attempt{}
	type resp struct {
		ev *evidence.Event
		r  *Response
		t  time.Time
	}
	resps := map[string][]resp{}
	// The same event read from two exports (an EVTX and its XML dump in one
	// bundle) counts once.
	type key struct {
		pc     string
		record uint64
		id     int
		t      int64
	}
	seen := map[key]bool{}
	for i := range events {
		e := &events[i]
		if !office && (!IsActivationProvider(e.Provider) || IsOfficeEvent(e)) {
			continue
		}
		switch e.EventID {
		case EvRequest, EvResponse, EvSPPFailure, EvSPPAcquire, EvSPPGenuine:
		default:
			continue
		}
		if e.RecordID != 0 {
			k := key{strings.ToLower(e.Computer), e.RecordID, e.EventID, e.Time.UnixNano()}
			if seen[k] {
				continue
			}
			seen[k] = true
		}
		pc := strings.ToLower(e.Computer)
		switch e.EventID {
		case EvRequest:
			q, err := DecodeRequest(InfoFields(e))
			if err != nil {
				res.Bad = append(res.Bad, DecodeFailure{e, err})
				if fe, ok := err.(*FieldError); ok && fe.Field == 1 {
					continue // without the result code the attempt means nothing
				}
			}
			a := Attempt{Computer: e.Computer, Time: eventTime(e, q.ClientTime), Request: &q, ReqEvent: e, HR: q.HR}
			byPC[pc] = append(byPC[pc], a)
		case EvResponse:
			p, err := DecodeResponse(InfoFields(e))
			if err != nil {
				res.Bad = append(res.Bad, DecodeFailure{e, err})
				if fe, ok := err.(*FieldError); ok && fe.Field == 1 {
					continue
				}
			}
			resps[pc] = append(resps[pc], resp{e, &p, eventTime(e, p.ClientTime)})
		case EvSPPFailure:
			hr, _ := EventCode(e)
			byPC[pc] = append(byPC[pc], Attempt{Computer: e.Computer, Time: e.Time, SPPEvent: e, HR: hr})
		case EvSPPAcquire, EvSPPGenuine:
			if hr, ok := EventCode(e); ok && hr == HRNoInternetGenuine {
				res.Benign = append(res.Benign, Benign{e, hr})
			}
		}
	}
	pcs := map[string]bool{}
	for k := range byPC {
		pcs[k] = true
	}
	for k := range resps {
		pcs[k] = true
	}
	for pc := range pcs {
		as := byPC[pc]
		sort.SliceStable(as, func(i, j int) bool { return as[i].Time.Before(as[j].Time) })
		rs := resps[pc]
		sort.SliceStable(rs, func(i, j int) bool { return rs[i].t.Before(rs[j].t) })
		used := make([]bool, len(rs))
		// Pair each request with the first unused response at or after it,
		// within PairWindow and before the next request.
		j := 0
		for i := range as {
			a := &as[i]
			if a.Request == nil {
				continue
			}
			next := time.Time{}
			for k := i + 1; k < len(as); k++ {
				if as[k].Request != nil {
					next = as[k].Time
					break
				}
			}
			for j < len(rs) && rs[j].t.Before(a.Time.Add(-time.Minute)) {
				j++
			}
			for k := j; k < len(rs); k++ {
				if used[k] {
					continue
				}
				if rs[k].t.After(a.Time.Add(PairWindow)) || (!next.IsZero() && rs[k].t.After(next)) {
					break
				}
				used[k] = true
				a.Response, a.RespEvent = rs[k].r, rs[k].ev
				break
			}
		}
		for k, r := range rs {
			if !used[k] {
				as = append(as, Attempt{Computer: r.ev.Computer, Time: r.t, Response: r.r, RespEvent: r.ev})
			}
		}
		sort.SliceStable(as, func(i, j int) bool { return as[i].Time.Before(as[j].Time) })
		as = mergeSPP(as)
		for i := range as {
			judge(&as[i])
		}
		c := &Client{Computer: as[0].Computer, Attempts: as}
		classify(c)
		res.Clients = append(res.Clients, c)
	}
	sort.Slice(res.Clients, func(i, j int) bool {
		return strings.ToLower(res.Clients[i].Computer) < strings.ToLower(res.Clients[j].Computer)
	})
	return res
}

// mergeSPP folds an 8198 into the unanswered request it reports on: the
// latest request of the same machine within PairWindow before it that has
// neither a response nor an 8198 yet. as is in time order.
func mergeSPP(as []Attempt) []Attempt {
	out := as[:0]
	for _, a := range as {
		if a.SPPEvent != nil && a.Request == nil {
			merged := false
			for j := len(out) - 1; j >= 0; j-- {
				p := &out[j]
				if a.Time.Sub(p.Time) > PairWindow {
					break
				}
				if p.Request != nil && p.Response == nil && p.SPPEvent == nil {
					p.SPPEvent = a.SPPEvent
					if p.Request.HR == 0 {
						p.HR = a.HR
					}
					merged = true
					break
				}
			}
			if merged {
				continue
			}
		}
		out = append(out, a)
	}
	return out
}

// judge decides whether one attempt succeeded and with which code it failed.
func judge(a *Attempt) {
	switch {
	case a.Response == nil && a.Request == nil:
		a.OK = false // an 8198 alone; HR set when read
	case a.Response != nil:
		hr := a.Response.HR
		if hr == 0 && a.Request != nil && a.Request.HR != 0 {
			hr = a.Request.HR
		}
		a.HR = hr
		a.OK = hr == 0 && a.Response.Activated
		if !a.OK && hr == 0 && a.Response.Flags&FlagNotEnoughCount != 0 {
			a.HR = HRNotEnoughCount
		}
	default:
		if a.Request.HR != 0 || a.SPPEvent == nil {
			a.HR = a.Request.HR
		}
		a.Unanswered = true
		a.OK = false
	}
}

func classify(c *Client) {
	c.State = StateNone
	if len(c.Attempts) == 0 {
		return
	}
	last := -1
	for i := range c.Attempts {
		if c.Attempts[i].OK {
			last = i
		}
	}
	if last >= 0 {
		c.LastSuccess = &c.Attempts[last]
		c.Expiry = c.LastSuccess.Time.Add(ActivationValidity)
		for i := 0; i < last; i++ {
			if !c.Attempts[i].OK {
				c.Earlier++
			}
		}
	}
	for i := last + 1; i < len(c.Attempts); i++ {
		a := &c.Attempts[i]
		if c.Trailing == 0 {
			c.TrailingFrom = a.Time
		}
		c.Trailing++
		c.TrailingTo = a.Time
	}
	switch {
	case c.Trailing >= PersistentMin && c.TrailingTo.Sub(c.TrailingFrom) >= PersistentSpan:
		c.State = StatePersistent
	case c.Trailing > 0:
		c.State = StateFailing
	case c.Earlier > 0:
		c.State = StateTransient
	default:
		c.State = StateOK
	}
}
