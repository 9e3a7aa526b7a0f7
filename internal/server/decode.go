package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"unicode/utf8"

	jsonv2 "github.com/go-json-experiment/json"
	jsonv1 "github.com/go-json-experiment/json/v1"

	"github.com/kmsdoctor/kmsdoctor/internal/fleet"
	"github.com/kmsdoctor/kmsdoctor/internal/jsonspan"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
)

// maxIDLen bounds a report id (a UUID is 36 characters).
const maxIDLen = 128

// decodeBody reads a POST body: one report, or {"reports": [...]} with at
// most fleet.MaxBatch of them. An error is an EINVALID *fleet.Error that
// names the report's index (0 for a single report) and the field.
func decodeBody(body []byte) ([]*report.Report, [][]byte, error) {
	body = bytes.TrimSpace(body)
	if len(body) == 0 {
		return nil, nil, fleet.Errorf(fleet.EINVALID, "empty body: send one report or {\"reports\": [...]}")
	}
	if !utf8.Valid(body) {
		return nil, nil, fleet.Errorf(fleet.EINVALID, "the body is not UTF-8")
	}
	// The agent's batches start so; trying them first spares them the
	// single report's pass.
	batch := bytes.HasPrefix(body, []byte(`{"reports":`))
	if batch {
		if rs, raws := decodeBatch(body); rs != nil {
			return rs, raws, nil
		}
	}
	if r := decodeOne(body); r != nil {
		return []*report.Report{r}, [][]byte{body}, nil
	}
	if !batch {
		if rs, raws := decodeBatch(body); rs != nil {
			return rs, raws, nil
		}
	}
	return decodeSlow(body)
}

// decodeSlow reads what the one-pass ways did not take, step by step, so
// that an error names the report and the field. It decides as they do: a
// body with "tool" is one report, else "reports" is the batch (field
// names matched as encoding/json matches them, case-insensitively).
func decodeSlow(body []byte) ([]*report.Report, [][]byte, error) {
	var head struct {
		Tool    json.RawMessage `json:"tool"`
		Reports json.RawMessage `json:"reports"`
	}
	if err := json.Unmarshal(body, &head); err != nil {
		return nil, nil, jsonError(-1, err)
	}
	raws := []json.RawMessage{body}
	if head.Tool == nil && head.Reports != nil {
		// A list of its own: decoding into raws would reuse raws[0], the
		// body, and write the first report over the body's bytes.
		var list []json.RawMessage
		if err := json.Unmarshal(head.Reports, &list); err != nil {
			return nil, nil, fleet.Errorf(fleet.EINVALID, "reports: must be a list of reports")
		}
		raws = list
		if len(raws) > fleet.MaxBatch {
			return nil, nil, fleet.Errorf(fleet.EINVALID, "%d reports: at most %d in one request", len(raws), fleet.MaxBatch)
		}
		if len(raws) == 0 {
			return nil, nil, fleet.Errorf(fleet.EINVALID, "no reports")
		}
	}
	rs := make([]*report.Report, len(raws))
	bodies := make([][]byte, len(raws))
	for i, raw := range raws {
		r, err := decodeReport(i, raw)
		if err != nil {
			return nil, nil, err
		}
		rs[i], bodies[i] = r, raw
	}
	return rs, bodies, nil
}

// envelope reads a body that is one report in one pass; Reports tells a
// batch apart.
type envelope struct {
	report.Report
	Reports json.RawMessage `json:"reports"`
}

// decodeOne is the common case, a body that is one valid report, decoded
// once (JSON decoding is most of a request's cost). Anything else is nil:
// decodeBody then takes the way that names the error.
func decodeOne(body []byte) *report.Report {
	r := new(report.Report)
	if decodeFast(body, r) && r.Tool != "" && checkReport(0, r) == nil {
		return r
	}
	var e envelope
	if json.Unmarshal(body, &e) != nil || e.Tool == "" || e.Reports != nil || checkReport(0, &e.Report) != nil {
		return nil
	}
	return &e.Report
}

// batchEnvelope reads {"reports": [...]} in one pass: each element is
// decoded where it stands and keeps its own bytes (what the store keeps).
type batchEnvelope struct {
	Tool    json.RawMessage `json:"tool"`
	Reports []rawReport     `json:"reports"`
}

type rawReport struct {
	r   report.Report
	raw []byte
}

func (x *rawReport) UnmarshalJSON(b []byte) error {
	x.raw = bytes.Clone(b)
	return json.Unmarshal(b, &x.r)
}

// decodeBatch is the agents' common case, a batch of valid reports,
// decoded in one pass (the way below parsed a batch four times). Anything
// else is nil: decodeBody then takes the way that names the error.
func decodeBatch(body []byte) ([]*report.Report, [][]byte) {
	if rs, raws, ok := decodeSplit(body); ok {
		return rs, raws
	}
	var e batchEnvelope
	if json.Unmarshal(body, &e) != nil || e.Tool != nil || len(e.Reports) == 0 || len(e.Reports) > fleet.MaxBatch {
		return nil, nil
	}
	rs := make([]*report.Report, len(e.Reports))
	raws := make([][]byte, len(e.Reports))
	for i := range e.Reports {
		x := &e.Reports[i]
		if checkReport(i, &x.r) != nil {
			return nil, nil
		}
		rs[i], raws[i] = &x.r, x.raw
	}
	return rs, raws
}

func decodeReport(i int, raw []byte) (*report.Report, error) {
	var r report.Report
	if err := json.Unmarshal(raw, &r); err != nil {
		return nil, jsonError(i, err)
	}
	if err := checkReport(i, &r); err != nil {
		return nil, err
	}
	return &r, nil
}

// checkReport checks what a report needs to be stored.
func checkReport(i int, r *report.Report) error {
	switch {
	case r.Tool != report.Tool:
		return fleet.ReportError(i, "tool", "%q is not %q", trim(r.Tool), report.Tool)
	case r.Schema < 1 || r.Schema > report.Schema:
		return fleet.ReportError(i, "schema", "%d: this server reads schema 1 to %d", r.Schema, report.Schema)
	case r.ID == "":
		return fleet.ReportError(i, "id", "missing (each report needs a unique id)")
	case len(r.ID) > maxIDLen || strings.ContainsFunc(r.ID, func(c rune) bool { return c < 0x21 || c == 0x7f }):
		return fleet.ReportError(i, "id", "%q: at most %d printable characters", trim(r.ID), maxIDLen)
	case r.GeneratedAt.IsZero():
		return fleet.ReportError(i, "generated_at", "missing")
	}
	return nil
}

// jsonError names the field (or the byte offset) of a JSON error.
func jsonError(i int, err error) error {
	var (
		te *json.UnmarshalTypeError
		se *json.SyntaxError
	)
	field, msg := "", err.Error()
	switch {
	case errors.As(err, &te):
		field, msg = te.Field, "cannot be a JSON "+te.Value
		if field == "" {
			msg = "the body is a JSON " + te.Value + ", not an object"
		}
	case errors.As(err, &se):
		msg = "invalid JSON at byte " + itoa(se.Offset) + ": " + se.Error()
	}
	if i < 0 {
		if field != "" {
			msg = field + ": " + msg
		}
		return fleet.Errorf(fleet.EINVALID, "%s", msg)
	}
	return fleet.ReportError(i, field, "%s", msg)
}

func itoa(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}

func trim(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

// decodeSplit decodes the batch the agent and fleetload send, a body that
// is `{"reports":[...]}` and nothing else: splitReports finds each
// report's bytes (kept as sent), and each is decoded once by decodeFast.
// ok is false for any other body, or one whose reports do not all decode
// or check: the caller then decodes it the other ways (which name the
// error).
func decodeSplit(body []byte) (rs []*report.Report, raws [][]byte, ok bool) {
	parts, ok := splitReports(body)
	if !ok || len(parts) == 0 || len(parts) > fleet.MaxBatch {
		return nil, nil, false
	}
	all := make([]report.Report, len(parts))
	rs, raws = make([]*report.Report, len(parts)), make([][]byte, len(parts))
	for i, p := range parts {
		if !decodeFast(p, &all[i]) || checkReport(i, &all[i]) != nil {
			return nil, nil, false
		}
		rs[i], raws[i] = &all[i], bytes.Clone(p)
	}
	return rs, raws, true
}

// decodeFast decodes one report with encoding/json/v2 (the
// go-json-experiment module, which Go 1.27's standard library takes over),
// about three times faster than encoding/json: decoding was the largest
// share of the server's CPU. It is only the fast way: it matches names
// case-insensitively as encoding/json does, and anything else it does not
// take as encoding/json would (duplicate names, a lone surrogate, ...)
// makes it fail, so that encoding/json decides (FuzzDecodeBody compares
// the two ways on every body both take).
func decodeFast(b []byte, r *report.Report) bool {
	return jsonv2.Unmarshal(b, r, fastOptions) == nil
}

// fastOptions match names as encoding/json does: case-insensitively, but
// without v2's default of also ignoring '_' and '-'.
var fastOptions = jsonv2.JoinOptions(jsonv2.MatchCaseInsensitiveNames(true), jsonv1.MatchCaseSensitiveDelimiter(true))

// splitReports returns the bytes of each element of the list in a body
// that is exactly `{"reports":[e1, e2, ...]}` (JSON's whitespace allowed
// between the tokens after the key, and after the body), each without the
// whitespace around it, as encoding/json hands a value to an
// UnmarshalJSON; ok is false for any other shape or an empty list. It
// does not check the elements (the decoder does).
func splitReports(body []byte) (parts [][]byte, ok bool) {
	const head = `{"reports":`
	if !bytes.HasPrefix(body, []byte(head)) {
		return nil, false
	}
	parts, end, ok := jsonspan.Elements(body, jsonspan.SkipSpace(body, len(head)))
	if !ok || len(parts) == 0 {
		return nil, false // an empty list: the other ways say so
	}
	end = jsonspan.SkipSpace(body, end)
	if end >= len(body) || body[end] != '}' || jsonspan.SkipSpace(body, end+1) != len(body) {
		return nil, false
	}
	return parts, true
}
