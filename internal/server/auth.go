package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"strings"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/fleet"
)

// authTTL is how long a token's holder is remembered; a revoked token
// stops working within it.
const authTTL = 10 * time.Second

type authEntry struct {
	agent fleet.Agent
	until time.Time
}

// authenticate returns the holder of the request's bearer token.
// Errors: EUNAUTHORIZED (none, unknown, revoked), EUNAVAILABLE.
func (s *Server) authenticate(r *http.Request) (fleet.Agent, error) {
	h := r.Header.Get("Authorization")
	scheme, tok, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(tok) == "" {
		return fleet.Agent{}, fleet.Errorf(fleet.EUNAUTHORIZED, "missing bearer token (Authorization: Bearer TOKEN)")
	}
	hash := fleet.HashToken(tok)
	now := time.Now()
	s.authMu.Lock()
	e, ok := s.authCache[hash]
	s.authMu.Unlock()
	if ok && now.Before(e.until) {
		return e.agent, nil
	}
	ctx, cancel := context.WithTimeout(r.Context(), 5*time.Second)
	defer cancel()
	a, err := s.store.AgentByToken(ctx, hash)
	if err != nil {
		if c := fleet.ErrorCode(err); c != fleet.EUNAUTHORIZED {
			s.log.Error("token lookup", "err", err.Error())
			return a, fleet.Errorf(fleet.EUNAVAILABLE, "cannot check the token now")
		}
		return a, err
	}
	s.authMu.Lock()
	if len(s.authCache) > 10000 {
		clear(s.authCache)
	}
	s.authCache[hash] = authEntry{a, now.Add(authTTL)}
	s.authMu.Unlock()
	return a, nil
}

// reader lets only reader tokens through.
func (s *Server) reader(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") == "" && s.loggedIn(r) { // a dashboard user (auth_sessions.go)
			h(w, r)
			return
		}
		a, err := s.authenticate(r)
		if err == nil && a.Role != fleet.RoleReader {
			err = fleet.Errorf(fleet.EFORBIDDEN, "a %s token cannot read the API; use a reader token", a.Role)
		}
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		info(r).agentID = a.ID
		h(w, r)
	}
}

func newRequestID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
