package fleet

import (
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"slices"
	"strings"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/jsonspan"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
)

// licenseRank orders license states, worst first; an unknown value ranks
// between notification and the grace states.
var licenseRank = map[string]int{"unlicensed": 0, "notification": 1, "nongenuine_grace": 3, "oot_grace": 4,
	"oob_grace": 5, "extended_grace": 6, "licensed": 7}

func rank(s string) int {
	if r, ok := licenseRank[s]; ok {
		return r
	}
	return 2
}

// MachineFrom is the machine a report describes: its identity, license
// state, expiry, KMS host and verdict. It is pure: the same report always
// gives the same machine (ID, FirstSeen and LastSeen are left to the
// store).
func MachineFrom(r *report.Report) Machine {
	return machineFrom(r, ContentHash(r))
}

// MachineFromBody is MachineFrom of a report received as body (its JSON as
// sent): the content hash is taken of the body (ContentHashJSON), which
// spares encoding the report again. An empty body is MachineFrom.
func MachineFromBody(r *report.Report, body []byte) Machine {
	if len(body) == 0 {
		return MachineFrom(r)
	}
	return machineFrom(r, ContentHashJSON(body))
}

func machineFrom(r *report.Report, contentHash string) Machine {
	s := r.Subject
	m := Machine{
		Computer: s.Computer, Domain: s.Domain, CMID: strings.ToLower(s.CMID), OS: s.OS, Build: s.Build, Role: s.Role,
		Server: strings.Contains(strings.ToLower(s.OS), "server"),
		Status: r.Verdict.Status, Primary: r.Verdict.Primary, Codes: slices.Clone(r.Verdict.Codes),
		ReportID: r.ID, ContentHash: contentHash, GeneratedAt: r.GeneratedAt.UTC(),
		Products: slices.Clone(r.Products), LicenseStatus: LicenseUnknown,
	}
	if m.Status == "" {
		m.Status = report.StatusUnknown
	}
	if m.Codes == nil {
		m.Codes = []string{}
	}
	if m.Products == nil {
		m.Products = []report.Product{}
	}
	switch {
	case s.Role == report.RoleProbe && s.Computer != "" && r.Command == ProbeCommand:
		// a scheduled probe of the server: one machine per target
		m.Key = "probe:" + strings.ToLower(s.Computer)
	case s.Computer != "":
		m.Key = strings.ToLower(strings.TrimSuffix(s.Computer, "."))
		if s.Domain != "" {
			m.Key += "." + strings.ToLower(strings.TrimSuffix(s.Domain, "."))
		}
	case s.CMID != "":
		m.Key = "cmid:" + m.CMID
	default:
		m.Key = "report:" + r.ID
	}
	products := r.Products
	if w := slices.DeleteFunc(slices.Clone(products), func(p report.Product) bool {
		return p.Application != "" && p.Application != "windows"
	}); len(w) > 0 {
		products = w
	}
	worst := -1
	for i, p := range products {
		if p.LicenseStatus != "" && (worst < 0 || rank(p.LicenseStatus) < rank(products[worst].LicenseStatus)) {
			worst = i
		}
	}
	if worst >= 0 {
		m.LicenseStatus = products[worst].LicenseStatus
		m.Channel = products[worst].Channel
	}
	for _, p := range r.Products {
		if at := expiry(p, m.GeneratedAt); !at.IsZero() && (m.ExpiresAt.IsZero() || at.Before(m.ExpiresAt)) {
			m.ExpiresAt = at
		}
		if m.KMSHost == "" {
			m.KMSHost = hostOnly(p.KMSConfigured)
		}
	}
	if m.KMSHost == "" {
		for _, p := range r.Products {
			if m.KMSHost = hostOnly(p.KMSDiscovered); m.KMSHost != "" {
				break
			}
		}
	}
	return m
}

// expiry is when a product's grace or activation ends: its expires_at,
// else the report's time plus the grace minutes left.
func expiry(p report.Product, generated time.Time) time.Time {
	if p.ExpiresAt != "" {
		if t, err := time.Parse(time.RFC3339, p.ExpiresAt); err == nil {
			return t.UTC()
		}
	}
	if p.GraceMinutes > 0 && !generated.IsZero() {
		return generated.Add(time.Duration(p.GraceMinutes) * time.Minute).Truncate(time.Second)
	}
	return time.Time{}
}

// hostOnly is the lower-case host of "host:port" (or "[v6]:port").
func hostOnly(hp string) string {
	hp = strings.TrimSpace(hp)
	if strings.HasPrefix(hp, "[") {
		if i := strings.Index(hp, "]"); i > 0 {
			return strings.ToLower(hp[1:i])
		}
	}
	if i := strings.LastIndex(hp, ":"); i >= 0 && strings.Count(hp, ":") == 1 {
		hp = hp[:i]
	}
	return strings.ToLower(strings.TrimSuffix(hp, "."))
}

// ContentHash is the hex SHA-256 of what a report says, without what
// changes on every run (its id, its time, the probes' durations), so that
// two reports of an unchanged machine hash alike. It is ContentHashJSON of
// the report's JSON.
func ContentHash(r *report.Report) string {
	b, err := r.MarshalJSON()
	if err != nil { // a report decoded from JSON always marshals
		b = []byte(r.ID)
	}
	return ContentHashJSON(b)
}

// ContentHashJSON is ContentHash of a report's JSON as it was sent, its
// members found by jsonspan instead of the report decoded and encoded
// again (the encoding was a tenth of the server's CPU): the top-level members are hashed as
// they stand, but for "id" and "generated_at", hashed as empty (a zero
// time), and "lang" and "probes", left out. For the compact JSON that
// report.Report's MarshalJSON writes (what the agents send) the bytes
// hashed are exactly those of json.Marshal of the report with those four
// fields zeroed, the hash of earlier versions, so a stored hash still
// matches. JSON that is not an object hashes as it is.
func ContentHashJSON(body []byte) string {
	h := sha256.New()
	if !hashMembers(h, body) {
		h.Reset()
		h.Write(body)
	}
	var sum [sha256.Size]byte
	return hex.EncodeToString(h.Sum(sum[:0]))
}

var (
	openBrace, closeBrace, comma, colon = []byte("{"), []byte("}"), []byte(","), []byte(":")
	emptyString, zeroTime               = []byte(`""`), []byte(`"0001-01-01T00:00:00Z"`)
)

func hashMembers(h hash.Hash, body []byte) bool {
	i := jsonspan.SkipSpace(body, 0)
	h.Write(openBrace)
	first := true
	end, ok := jsonspan.Members(body, i, func(name, value []byte) {
		switch string(name) {
		case `"lang"`, `"probes"`:
			return
		case `"id"`:
			value = emptyString
		case `"generated_at"`:
			value = zeroTime
		}
		if !first {
			h.Write(comma)
		}
		first = false
		h.Write(name)
		h.Write(colon)
		h.Write(value)
	})
	if !ok || jsonspan.SkipSpace(body, end) != len(body) {
		return false
	}
	h.Write(closeBrace)
	return true
}
