package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"unicode/utf8"

	"github.com/kmsdoctor/kmsdoctor/internal/fleet"
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
	if r := decodeOne(body); r != nil {
		return []*report.Report{r}, [][]byte{body}, nil
	}
	var head map[string]json.RawMessage
	if err := json.Unmarshal(body, &head); err != nil {
		return nil, nil, jsonError(-1, err)
	}
	raws := []json.RawMessage{body}
	if _, tool := head["tool"]; !tool && head["reports"] != nil {
		if err := json.Unmarshal(head["reports"], &raws); err != nil {
			return nil, nil, fleet.Errorf(fleet.EINVALID, "reports: must be a list of reports")
		}
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
	var e envelope
	if json.Unmarshal(body, &e) != nil || e.Tool == "" || e.Reports != nil || checkReport(0, &e.Report) != nil {
		return nil
	}
	return &e.Report
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
