package server

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"

	"github.com/kmsdoctor/kmsdoctor/internal/fleet"
)

// The dashboard's access: users with bcrypt password hashes, sessions
// whose random id only the browser knows (the store keeps its SHA-256,
// like agent tokens), an anti-forgery token per session that every form
// carries (and, before login, a double-submit cookie), and a limit on
// failed logins by address and by user name.

// Cookie names.
const (
	sessionCookie = "kmsd_session"
	loginCSRF     = "kmsd_csrf" // the double-submit token of the login form
	langCookie    = "kmsd_lang"
	tzCookie      = "kmsd_tz"
)

var (
	// sessionTTL is how long a session lasts after login.
	sessionTTL = 12 * time.Hour
	// bcryptCost is the work factor of new password hashes.
	bcryptCost = 12
	// loginFailures failed logins within loginWindow lock an address or
	// a user name until the window has passed.
	loginFailures = 5
	loginWindow   = 15 * time.Minute
)

// MinPassword and MaxPassword bound a password's length in bytes (bcrypt
// reads at most 72).
const (
	MinPassword = 8
	MaxPassword = 72
)

// HashPassword returns the stored form of a password: a bcrypt hash.
// Errors: EINVALID (too short, too long, not UTF-8).
func HashPassword(pw string) (string, error) {
	switch {
	case len(pw) < MinPassword:
		return "", fleet.Errorf(fleet.EINVALID, "password: use at least %d characters", MinPassword)
	case len(pw) > MaxPassword:
		return "", fleet.Errorf(fleet.EINVALID, "password: use at most %d bytes", MaxPassword)
	case !utf8.ValidString(pw):
		return "", fleet.Errorf(fleet.EINVALID, "password: not UTF-8 text")
	}
	h, err := bcrypt.GenerateFromPassword([]byte(pw), bcryptCost)
	return string(h), err
}

// CreateUser creates a dashboard user of st with the password's hash.
// Errors: EINVALID (a bad name or password, or a store without users),
// ECONFLICT.
func CreateUser(ctx context.Context, st fleet.Store, name, password string, now time.Time) (fleet.User, error) {
	ds, ok := st.(fleet.DashboardStore)
	if !ok {
		return fleet.User{}, fleet.Errorf(fleet.EINVALID, "this store keeps no dashboard users")
	}
	h, err := HashPassword(password)
	if err != nil {
		return fleet.User{}, err
	}
	return ds.CreateUser(ctx, name, h, now)
}

// dummyHash is compared against when the user does not exist, so that a
// wrong name takes as long as a wrong password.
var dummyHash, _ = bcrypt.GenerateFromPassword([]byte("kmsdoctor-no-such-user"), bcrypt.DefaultCost)

func randomToken() string {
	var b [32]byte
	_, _ = rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

func sameToken(a, b string) bool {
	return a != "" && len(a) == len(b) && subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

// dashStore is the store's dashboard part, or nil.
func (s *Server) dashStore() fleet.DashboardStore {
	ds, _ := s.store.(fleet.DashboardStore)
	return ds
}

// sessionOf returns the session of the request's cookie, if it is valid.
func (s *Server) sessionOf(r *http.Request) (fleet.Session, string, bool) {
	ds := s.dashStore()
	c, err := r.Cookie(sessionCookie)
	if ds == nil || err != nil || c.Value == "" || len(c.Value) > 100 {
		return fleet.Session{}, "", false
	}
	hash := fleet.HashToken(c.Value)
	ctx, cancel := context.WithTimeout(r.Context(), 5*time.Second)
	defer cancel()
	se, err := ds.SessionByHash(ctx, hash, s.now())
	if err != nil {
		if fleet.ErrorCode(err) != fleet.EUNAUTHORIZED {
			s.log.Error("session lookup", "err", err.Error())
		}
		return fleet.Session{}, "", false
	}
	return se, hash, true
}

// loggedIn lets the read API answer a logged-in user (see reader).
func (s *Server) loggedIn(r *http.Request) bool {
	_, _, ok := s.sessionOf(r)
	return ok
}

func setCookie(w http.ResponseWriter, r *http.Request, name, value string, maxAge time.Duration, httpOnly bool) {
	c := &http.Cookie{Name: name, Value: value, Path: "/", HttpOnly: httpOnly, Secure: r.TLS != nil, SameSite: http.SameSiteLaxMode}
	switch {
	case maxAge < 0:
		c.MaxAge = -1
	case maxAge > 0:
		c.MaxAge = int(maxAge.Seconds())
	}
	http.SetCookie(w, c)
}

// startSession logs u in: a new session and its cookie.
func (s *Server) startSession(w http.ResponseWriter, r *http.Request, u fleet.User) error {
	id := randomToken()
	now := s.now()
	se := fleet.Session{UserID: u.ID, User: u.Name, CSRF: randomToken(), CreatedAt: now, ExpiresAt: now.Add(sessionTTL)}
	if err := s.dashStore().CreateSession(r.Context(), fleet.HashToken(id), se); err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: id, Path: "/", HttpOnly: true, Secure: r.TLS != nil,
		SameSite: http.SameSiteLaxMode, MaxAge: int(sessionTTL.Seconds())})
	setCookie(w, r, loginCSRF, "", -1, true)
	return nil
}

// limiter counts failed logins by key ("ip:..." and "user:...").
type limiter struct {
	mu   sync.Mutex
	hits map[string]*strike
}

type strike struct {
	n     int
	first time.Time
}

func newLimiter() *limiter { return &limiter{hits: map[string]*strike{}} }

// blocked reports whether any key has too many recent failures, and how
// long until the first of them is let through again.
func (l *limiter) blocked(now time.Time, keys ...string) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	var wait time.Duration
	for _, k := range keys {
		st := l.hits[k]
		if st == nil {
			continue
		}
		if now.Sub(st.first) >= loginWindow {
			delete(l.hits, k)
			continue
		}
		if st.n >= loginFailures {
			wait = max(wait, loginWindow-now.Sub(st.first))
		}
	}
	return wait > 0, wait
}

func (l *limiter) fail(now time.Time, keys ...string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.hits) > 100000 {
		clear(l.hits) // a flood of addresses must not grow memory without bound
	}
	for _, k := range keys {
		st := l.hits[k]
		if st == nil || now.Sub(st.first) >= loginWindow {
			st = &strike{first: now}
			l.hits[k] = st
		}
		st.n++
	}
}

func (l *limiter) reset(keys ...string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, k := range keys {
		delete(l.hits, k)
	}
}

// clientIP is the address the request came from (the connection's; a
// proxy's headers are not trusted).
func clientIP(r *http.Request) string {
	h, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return h
}

func loginKeys(r *http.Request, user string) []string {
	return []string{"ip:" + clientIP(r), "user:" + strings.ToLower(strings.TrimSpace(user))}
}
