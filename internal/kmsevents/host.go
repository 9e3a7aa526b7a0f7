package kmsevents

import (
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
)

// CountWindow is the span over which a KMS host counts distinct clients.
const CountWindow = 30 * 24 * time.Hour

// Class is the activity of one required-count class (5: servers and volume
// Office; 25: client OS) in the count window.
type Class struct {
	Required int
	Clients  int // distinct CMIDs of this class in the window
	Requests int
	Refused  int // requests answered 0xC004F038 (count not reached)
	// Below is true when the host's count in the window (distinct CMIDs of
	// every class) is under Required: these clients cannot activate.
	Below bool
	// Names are the first MaxNames client names of the class, in order of
	// their first request in the window.
	Names []string
	// Sources are the first requests refused with 0xC004F038, or when none
	// was, the first requests of the class.
	Sources []evidence.Source
}

const maxClassSources = 3

// MaxNames bounds the client names kept per class.
const MaxNames = 20

// Duplicate is one CMID reported under more than one machine name.
type Duplicate struct {
	CMID    string
	Names   []string          // sorted, as first seen (case kept)
	Sources []evidence.Source // the first request of each name
}

// Publish is the last DNS publishing result for one domain.
type Publish struct {
	Domain string
	OK     bool
	HR     uint32
	Time   time.Time
	Event  *evidence.Event
	Fails  int // 12293 events for this domain
}

// HostResult is the analysis of a KMS host's events.
type HostResult struct {
	Requests    int // 12290 events read
	WindowStart time.Time
	WindowEnd   time.Time // time of the newest 12290
	Count       int       // distinct CMIDs in the window, all classes
	Classes     []Class   // sorted by Required
	Duplicates  []Duplicate
	Publish     []Publish // sorted by domain
	Bad         []DecodeFailure
	Sources     []evidence.Source // first few 12290 sources, for findings
}

type hostRec struct {
	t      int64 // unix seconds
	hr     uint32
	req    int32
	cmid   string
	client string
	bad    error
}

func decodeHost(e *evidence.Event, r *hostRec) {
	var arr [12]string
	var fs []string
	if len(e.Data) == 1 {
		fs = splitInto(e.Data[0], arr[:0])
	} else {
		fs = InfoFields(e)
	}
	if len(fs) == 0 {
		_, r.bad = DecodeHostRequest(nil)
		return
	}
	// Fast path over the fields analytics need; the full decoder runs only
	// to describe a bad field.
	hr, ok1 := ParseHex(fs[0])
	req, err2 := -1, error(nil)
	if len(fs) > 1 && fs[1] != "" {
		req, err2 = strconv.Atoi(fs[1])
	}
	if !ok1 || err2 != nil {
		_, r.bad = DecodeHostRequest(append([]string(nil), fs...))
		if !ok1 {
			return
		}
		req = -1
	}
	r.hr, r.req = hr, int32(req)
	if len(fs) > 2 {
		r.client = fs[2]
	}
	if len(fs) > 3 {
		r.cmid = lowerASCII(fs[3])
	}
	t := e.Time
	if t.IsZero() && len(fs) > 4 {
		t, _ = ParseClientTime(fs[4])
	}
	if !t.IsZero() {
		r.t = t.Unix()
	}
}

// lowerASCII lower-cases s, allocating only when s has upper-case letters.
func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			return strings.ToLower(s)
		}
	}
	return s
}

// AnalyzeHost computes the KMS host analytics over the 12290, 12293 and
// 12294 events of events. Decoding runs on every core.
func AnalyzeHost(events []evidence.Event) *HostResult {
	res := &HostResult{}
	var idx []int
	pubs := map[string]*Publish{}
	for i := range events {
		e := &events[i]
		switch e.EventID {
		case EvHostRequest:
			if IsActivationProvider(e.Provider) {
				idx = append(idx, i)
			}
		case EvDNSFailed, EvDNSPublished:
			if !IsActivationProvider(e.Provider) {
				continue
			}
			d, err := DecodeDNS(e)
			if err != nil {
				res.Bad = append(res.Bad, DecodeFailure{e, err})
			}
			key := strings.ToLower(d.Domain)
			p := pubs[key]
			if p == nil {
				p = &Publish{Domain: d.Domain}
				pubs[key] = p
			}
			if !d.OK {
				p.Fails++
			}
			if p.Event == nil || !e.Time.Before(p.Time) {
				p.OK, p.HR, p.Time, p.Event = d.OK, d.HR, e.Time, e
			}
		}
	}
	for _, p := range pubs {
		res.Publish = append(res.Publish, *p)
	}
	sort.Slice(res.Publish, func(i, j int) bool { return res.Publish[i].Domain < res.Publish[j].Domain })
	res.Requests = len(idx)
	if len(idx) == 0 {
		return res
	}
	recs := make([]hostRec, len(idx))
	workers := runtime.GOMAXPROCS(0)
	if len(idx) < 4096 {
		workers = 1
	}
	var wg sync.WaitGroup
	per := (len(idx) + workers - 1) / workers
	for w := 0; w < workers; w++ {
		lo, hi := w*per, min((w+1)*per, len(idx))
		if lo >= hi {
			break
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := lo; k < hi; k++ {
				decodeHost(&events[idx[k]], &recs[k])
			}
		}()
	}
	wg.Wait()
	var end int64
	for k := range recs {
		if recs[k].bad != nil {
			res.Bad = append(res.Bad, DecodeFailure{&events[idx[k]], recs[k].bad})
		}
		if recs[k].t > end {
			end = recs[k].t
		}
		if len(res.Sources) < 3 {
			res.Sources = append(res.Sources, events[idx[k]].Source)
		}
	}
	start := end - int64(CountWindow/time.Second)
	if end > 0 {
		res.WindowEnd = time.Unix(end, 0).UTC()
		res.WindowStart = time.Unix(start, 0).UTC()
	}
	type cmidInfo struct {
		name  string         // first machine name, as logged
		first int            // index in recs of its first request
		other map[string]int // other machine names (by nameKey) -> first request
		inWin map[int32]bool
	}
	cm := make(map[string]*cmidInfo, 1024)
	classes := map[int32]*Class{}
	firstSrc := map[int32][]evidence.Source{}
	inWindow := 0
	for k := range recs {
		r := &recs[k]
		if r.cmid == "" {
			continue
		}
		ci := cm[r.cmid]
		if ci == nil {
			ci = &cmidInfo{name: r.client, first: k}
			cm[r.cmid] = ci
		} else if r.client != ci.name && r.client != "" && !sameMachine(r.client, ci.name) {
			if ci.other == nil {
				ci.other = map[string]int{}
			}
			key := nameKey(r.client)
			if _, ok := ci.other[key]; !ok {
				ci.other[key] = k
			}
		}
		if r.t != 0 && r.t < start {
			continue
		}
		c := classes[r.req]
		if c == nil {
			c = &Class{Required: int(r.req)}
			classes[r.req] = c
		}
		c.Requests++
		if r.hr == HRNotEnoughCount {
			c.Refused++
			if len(c.Sources) < maxClassSources {
				c.Sources = append(c.Sources, events[idx[k]].Source)
			}
		} else if len(firstSrc[r.req]) < maxClassSources {
			firstSrc[r.req] = append(firstSrc[r.req], events[idx[k]].Source)
		}
		if ci.inWin == nil {
			ci.inWin = map[int32]bool{}
			inWindow++
		}
		if !ci.inWin[r.req] {
			ci.inWin[r.req] = true
			c.Clients++
			if len(c.Names) < MaxNames && r.client != "" {
				c.Names = append(c.Names, r.client)
			}
		}
	}
	res.Count = inWindow
	for req, c := range classes {
		if len(c.Sources) == 0 {
			c.Sources = firstSrc[req]
		}
		c.Below = c.Required > 0 && res.Count < c.Required
		res.Classes = append(res.Classes, *c)
	}
	sort.Slice(res.Classes, func(i, j int) bool { return res.Classes[i].Required < res.Classes[j].Required })
	for id, ci := range cm {
		if ci.other == nil {
			continue
		}
		d := Duplicate{CMID: id, Names: []string{ci.name}}
		firsts := []int{ci.first}
		for _, k := range ci.other {
			d.Names = append(d.Names, recs[k].client)
			firsts = append(firsts, k)
		}
		sort.Strings(d.Names)
		sort.Ints(firsts)
		for _, k := range firsts {
			d.Sources = append(d.Sources, events[idx[k]].Source)
		}
		res.Duplicates = append(res.Duplicates, d)
	}
	sort.Slice(res.Duplicates, func(i, j int) bool { return res.Duplicates[i].CMID < res.Duplicates[j].CMID })
	return res
}

// nameKey compares machine names: case-insensitive, and a short name equals
// the FQDN it starts (PC1 and pc1.contoso.com are one machine).
func nameKey(n string) string { return strings.ToLower(shortName(n)) }

// sameMachine is nameKey(a) == nameKey(b) without allocating.
func sameMachine(a, b string) bool {
	return strings.EqualFold(shortName(a), shortName(b))
}

func shortName(n string) string {
	n = strings.TrimSpace(n)
	if i := strings.IndexByte(n, '.'); i > 0 && !isIPv4(n) {
		return n[:i]
	}
	return n
}

func isIPv4(s string) bool {
	for _, c := range s {
		if c != '.' && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}

// splitInto is SplitInfo without allocation for the common case: a bare
// Info string of at most cap(dst) fields.
func splitInto(s string, dst []string) []string {
	if strings.IndexByte(s, '<') >= 0 || strings.IndexByte(s, '\n') >= 0 || strings.Contains(s, "nfo:") || strings.Contains(s, "情報:") {
		return SplitInfo(s)
	}
	all := s
	for {
		if len(dst) == cap(dst) {
			return SplitInfo(all)
		}
		i := strings.IndexByte(s, ',')
		if i < 0 {
			dst = append(dst, strings.TrimSpace(s))
			break
		}
		dst = append(dst, strings.TrimSpace(s[:i]))
		s = s[i+1:]
	}
	for len(dst) > 0 && dst[len(dst)-1] == "" {
		dst = dst[:len(dst)-1]
	}
	if len(dst) == 0 {
		return nil
	}
	return dst
}
