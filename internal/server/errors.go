package server

import (
	"encoding/json"
	"net/http"

	"github.com/kmsdoctor/kmsdoctor/internal/fleet"
)

// statusOf is the one table from a fleet error code to an HTTP status.
var statusOf = map[string]int{
	fleet.ENOTFOUND:     http.StatusNotFound,
	fleet.EINVALID:      http.StatusBadRequest,
	fleet.EUNAUTHORIZED: http.StatusUnauthorized,
	fleet.EFORBIDDEN:    http.StatusForbidden,
	fleet.ECONFLICT:     http.StatusConflict,
	fleet.ETOOLARGE:     http.StatusRequestEntityTooLarge,
	fleet.EUNAVAILABLE:  http.StatusServiceUnavailable,
	fleet.EINTERNAL:     http.StatusInternalServerError,
}

// errorBody is the JSON of an error answer.
type errorBody struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
		// Index and Field name the report of a batch and its field.
		Index *int   `json:"index,omitempty"`
		Field string `json:"field,omitempty"`
	} `json:"error"`
}

// writeError answers err with its status and JSON body; an internal error
// is logged and answered without its text.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	code := fleet.ErrorCode(err)
	status, ok := statusOf[code]
	if !ok {
		status = http.StatusInternalServerError
	}
	var b errorBody
	b.Error.Code, b.Error.Message = code, fleet.ErrorMessage(err)
	if e, ok := err.(*fleet.Error); ok && e.Index >= 0 {
		b.Error.Index, b.Error.Field = &e.Index, e.Field
	}
	if status == http.StatusInternalServerError {
		s.log.ErrorContext(r.Context(), "request failed", "path", r.URL.Path, "err", err.Error())
	}
	switch status {
	case http.StatusUnauthorized:
		w.Header().Set("WWW-Authenticate", `Bearer realm="kmsdoctor"`)
	case http.StatusServiceUnavailable:
		w.Header().Set("Retry-After", "5")
	}
	writeJSON(w, status, b)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
