package winsys

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Fixtures are the recorded answers of one machine's Windows APIs: what
// Recorder writes (fixtures.json, with the exported .evtx files beside it
// under evtx/) and what package winsys/fake replays. Every call is kept
// with its arguments, so a replay answers exactly the calls that were
// made.
type Fixtures struct {
	Computer  string         `json:"computer"`
	Now       time.Time      `json:"now"`
	WMI       []WMICall      `json:"wmi,omitempty"`
	Registry  []RegCall      `json:"registry,omitempty"`
	DNSConfig *DNSCall       `json:"dns_config,omitempty"`
	SRV       []SRVCall      `json:"srv,omitempty"`
	Run       []RunCall      `json:"run,omitempty"`
	Events    []EventCall    `json:"events,omitempty"`
	NetParams *NetParamsCall `json:"network_params,omitempty"`
	Proxy     *ProxyCall     `json:"proxy,omitempty"`
	Host      []HostCall     `json:"host,omitempty"`
	HTTP      []HTTPCall     `json:"http,omitempty"`
}

// NetParamsCall is Net.NetworkParams.
type NetParamsCall struct {
	Params NetworkParams `json:"params"`
	Err    *CallErr      `json:"err,omitempty"`
}

// ProxyCall is Net.DefaultProxy.
type ProxyCall struct {
	Proxy Proxy    `json:"proxy"`
	Err   *CallErr `json:"err,omitempty"`
}

// HostCall is one Host.Stat ("stat", Info), Host.SDDL ("sddl", SDDL) or
// Host.Language ("language", Language; no Path).
type HostCall struct {
	Op       string    `json:"op"`
	Path     string    `json:"path,omitempty"`
	Info     *FileInfo `json:"info,omitempty"`
	SDDL     string    `json:"sddl,omitempty"`
	Language *Language `json:"language,omitempty"`
	Err      *CallErr  `json:"err,omitempty"`
}

// HTTPCall is one HTTP.Do.
type HTTPCall struct {
	Method string            `json:"method"`
	URL    string            `json:"url"`
	Header map[string]string `json:"header,omitempty"`
	Status int               `json:"status,omitempty"`
	Body   string            `json:"body,omitempty"`
	Err    *CallErr          `json:"err,omitempty"`
}

// CallErr is a recorded error. Kind is "invalid_query", "not_exist",
// "unsupported", "hresult" (Code set) or "other".
type CallErr struct {
	Kind string `json:"kind"`
	Code uint32 `json:"code,omitempty"`
	Op   string `json:"op,omitempty"`
	Msg  string `json:"msg,omitempty"`
}

// WMICall is one WMI.Query.
type WMICall struct {
	Namespace string   `json:"namespace,omitempty"`
	Class     string   `json:"class"`
	Props     []string `json:"props"`
	Where     string   `json:"where,omitempty"`
	Rows      []Row    `json:"rows,omitempty"`
	Err       *CallErr `json:"err,omitempty"`
}

// RegCall is one Registry.Values ("values") or Registry.Subkeys
// ("subkeys").
type RegCall struct {
	Op      string           `json:"op"`
	Key     string           `json:"key"`
	Values  map[string]Value `json:"values,omitempty"`
	Subkeys []string         `json:"subkeys,omitempty"`
	Err     *CallErr         `json:"err,omitempty"`
}

// DNSCall is Net.DNSConfig.
type DNSCall struct {
	Config DNSConfig `json:"config"`
	Err    *CallErr  `json:"err,omitempty"`
}

// SRVCall is one Net.LookupSRV.
type SRVCall struct {
	Name    string   `json:"name"`
	Records []SRV    `json:"records,omitempty"`
	Err     *CallErr `json:"err,omitempty"`
}

// RunCall is one Runner.Run.
type RunCall struct {
	Argv   []string `json:"argv"`
	Output string   `json:"output"`
	Err    *CallErr `json:"err,omitempty"`
}

// EventCall is one EventLog.Render ("render", Events holds each event's
// XML) or EventLog.Export ("export", File names the .evtx under evtx/).
type EventCall struct {
	Op      string   `json:"op"`
	Channel string   `json:"channel"`
	XPath   string   `json:"xpath"`
	Events  []string `json:"events,omitempty"`
	File    string   `json:"file,omitempty"`
	Err     *CallErr `json:"err,omitempty"`
}

// RecordErr turns err into its recorded form (nil for nil).
func RecordErr(err error) *CallErr {
	if err == nil {
		return nil
	}
	var we *Error
	switch {
	case errors.As(err, &we):
		return &CallErr{Kind: "hresult", Code: we.Code, Op: we.Op, Msg: we.Msg}
	case errors.Is(err, ErrInvalidQuery):
		return &CallErr{Kind: "invalid_query", Msg: err.Error()}
	case errors.Is(err, ErrNotExist):
		return &CallErr{Kind: "not_exist", Msg: err.Error()}
	case errors.Is(err, ErrUnsupported):
		return &CallErr{Kind: "unsupported", Msg: err.Error()}
	}
	return &CallErr{Kind: "other", Msg: err.Error()}
}

// Err is the error e stands for, matching the same sentinel errors the
// live call did.
func (e *CallErr) Err() error {
	if e == nil {
		return nil
	}
	switch e.Kind {
	case "hresult":
		return &Error{Op: e.Op, Code: e.Code, Msg: e.Msg}
	case "invalid_query":
		return fmt.Errorf("%s: %w", e.Msg, ErrInvalidQuery)
	case "not_exist":
		return fmt.Errorf("%s: %w", e.Msg, ErrNotExist)
	case "unsupported":
		return ErrUnsupported
	}
	return errors.New(e.Msg)
}

// UnmarshalJSON reads a row back with the value types a live query gives:
// integers as int64 (uint64 when too large), other numbers as float64,
// arrays as []string.
func (r *Row) UnmarshalJSON(b []byte) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		return err
	}
	*r = make(Row, len(m))
	for k, v := range m {
		(*r)[k] = plainJSON(v)
	}
	return nil
}

// plainJSON converts a decoded JSON value to a Row value.
func plainJSON(v any) any {
	switch x := v.(type) {
	case json.Number:
		if i, err := x.Int64(); err == nil {
			return i
		}
		var u uint64
		if _, err := fmt.Sscan(x.String(), &u); err == nil {
			return u
		}
		f, _ := x.Float64()
		return f
	case []any:
		out := make([]string, 0, len(x))
		for _, e := range x {
			out = append(out, fmt.Sprint(plainJSON(e)))
		}
		return out
	case map[string]any:
		return nil
	}
	return v
}
