package server

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
	_ "time/tzdata" // viewers' time zones on any OS

	"golang.org/x/crypto/bcrypt"
	"golang.org/x/text/language"

	"github.com/kmsdoctor/kmsdoctor/internal/fleet"
	"github.com/kmsdoctor/kmsdoctor/internal/i18n"
)

// The dashboard: server-rendered pages (html/template, embedded with the
// static files, no build step), in the language of the catalogue the CLI
// uses (internal/i18n, catalog/web.yaml), with dates in the viewer's time
// zone. Every page but the login form needs a session; every form that
// changes something carries the session's CSRF token.

//go:embed web/templates/*.html
var templateFS embed.FS

//go:embed web/static
var staticFS embed.FS

// dashboard is the state of the pages: the parsed templates and the
// login limiter.
type dashboard struct {
	s     *Server
	pages map[string]*template.Template
	limit *limiter
	// overview and kms keep the fleet-wide counts for aggregateTTL. A
	// store with fleet.RollupStore reads them from the counts its writer
	// keeps (milliseconds at 500,000 machines, see BenchmarkDashboard);
	// counted afresh, without it, they take seconds.
	overviewCache, kmsCache aggregate
}

// aggregateTTL is how long the overview's and the KMS page's counts are
// reused; the pages say when they were counted.
var aggregateTTL = 30 * time.Second

// aggregate is one cached fleet-wide answer. One request counts while the
// others wait for its answer, so a busy dashboard runs one count at a time.
type aggregate struct {
	mu sync.Mutex
	at time.Time
	v  any
}

func (a *aggregate) get(count func() (any, error)) (any, time.Time, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.v != nil && time.Since(a.at) < aggregateTTL {
		return a.v, a.at, nil
	}
	v, err := count()
	if err != nil {
		return nil, time.Time{}, err
	}
	a.v, a.at = v, time.Now()
	return v, a.at, nil
}

// dashboardRoutes registers the pages on m.
func (s *Server) dashboardRoutes(m *http.ServeMux) {
	d := &dashboard{s: s, pages: parsePages(), limit: newLimiter()}
	static, _ := fs.Sub(staticFS, "web/static")
	m.Handle("GET /static/", http.StripPrefix("/static/", staticHandler(http.FileServerFS(static))))
	m.HandleFunc("GET /favicon.ico", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNoContent) })
	m.HandleFunc("GET /login", d.getLogin)
	m.HandleFunc("POST /login", d.postLogin)
	m.HandleFunc("POST /logout", d.user(d.postLogout))
	m.HandleFunc("POST /lang", d.postLang)
	m.HandleFunc("GET /{$}", d.user(d.overview))
	m.HandleFunc("GET /machines", d.user(d.machines))
	m.HandleFunc("GET /machines.csv", d.user(d.machinesCSV))
	m.HandleFunc("GET /machines/{id}", d.user(d.machine))
	m.HandleFunc("GET /kms-hosts", d.user(d.kmsHosts))
	m.HandleFunc("GET /paste", d.user(d.paste))
	m.HandleFunc("POST /paste", d.user(d.postPaste))
	m.HandleFunc("GET /api/v1/trends", s.reader(s.getTrends))              // dashboard_charts.go
	m.HandleFunc("GET /api/v1/kms-hosts/trends", s.reader(s.getKMSTrends)) // dashboard_charts.go
	m.HandleFunc("/", d.user(d.notFound))
	s.every(time.Hour, d.pruneSessions)
	s.every(rollupInterval, d.refreshRollups)
}

func staticHandler(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		h.ServeHTTP(w, r)
	})
}

func (d *dashboard) pruneSessions(ctx context.Context) {
	if ds := d.s.dashStore(); ds != nil {
		if _, err := ds.PruneSessions(ctx, d.s.now()); err != nil {
			d.s.log.Error("session retention", "err", err.Error())
		}
	}
}

// page is what every template gets.
type page struct {
	L       i18n.Lang
	Name    string // the template, which is also the nav entry
	User    string
	CSRF    string
	Path    string // the request's path and query, for the language switch
	Loc     *time.Location
	Title   string
	Data    any
	Status  int
	Err     string
	session fleet.Session
	hash    string
}

// T words a catalogue key; args are name, value pairs.
func (p *page) T(key string, kv ...any) string {
	var a i18n.Args
	if len(kv) > 1 {
		a = i18n.Args{}
		for i := 0; i+1 < len(kv); i += 2 {
			if k, ok := kv[i].(string); ok {
				a[k] = kv[i+1]
			}
		}
	}
	return i18n.T(p.L, key, a)
}

// Has reports whether the catalogue has key (a finding's title, say).
func (p *page) Has(key string) bool { return i18n.Has(key) }

// Date is t in the viewer's time zone with the offset, "" for zero.
func (p *page) Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(p.Loc).Format("2006-01-02 15:04 -07:00")
}

// ISO is t in RFC 3339 (for datetime attributes).
func (p *page) ISO(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// Zone names the viewer's time zone and its offset now.
func (p *page) Zone() string {
	return p.Loc.String() + " (UTC" + time.Now().In(p.Loc).Format("-07:00") + ")"
}

// State is the label of a license state (VAMT's words).
func (p *page) State(s string) string { return p.T("web.state." + s) }

// Verdict is the label of a verdict status.
func (p *page) Verdict(s string) string { return p.T("web.verdict." + s) }

// Finding is the title of a finding id, else the id.
func (p *page) Finding(id string) string {
	if id == "" {
		return ""
	}
	if k := "finding." + id + ".title"; i18n.Has(k) {
		return i18n.T(p.L, k, nil)
	}
	return id
}

// Query is the current filter with key set to value (and the cursor
// dropped): the links of the overview's counts and of the pager.
func (p *page) Query(base string, kv ...string) string {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" {
			v.Set(kv[i], kv[i+1])
		}
	}
	if len(v) == 0 {
		return base
	}
	return base + "?" + v.Encode()
}

var matcher = language.NewMatcher([]language.Tag{language.English, language.Japanese})

// langOf is the viewer's language: the switch's cookie, else the best
// match of Accept-Language.
func langOf(r *http.Request) i18n.Lang {
	if c, err := r.Cookie(langCookie); err == nil {
		if l, err := i18n.ParseLang(c.Value); err == nil {
			return l
		}
	}
	tags, _, err := language.ParseAcceptLanguage(r.Header.Get("Accept-Language"))
	if err != nil || len(tags) == 0 {
		return i18n.EN
	}
	if _, i, conf := matcher.Match(tags...); i == 1 && conf != language.No {
		return i18n.JA
	}
	return i18n.EN
}

// locOf is the viewer's time zone: the cookie the page's script sets from
// the browser's, else UTC.
func locOf(r *http.Request) *time.Location {
	if c, err := r.Cookie(tzCookie); err == nil && len(c.Value) <= 64 && !strings.Contains(c.Value, "..") {
		if v, err := url.QueryUnescape(c.Value); err == nil {
			if loc, err := time.LoadLocation(v); err == nil && v != "" && v != "Local" {
				return loc
			}
		}
	}
	return time.UTC
}

func (d *dashboard) newPage(r *http.Request, name string) *page {
	return &page{L: langOf(r), Name: name, Path: r.URL.RequestURI(), Loc: locOf(r), Status: http.StatusOK}
}

// user lets only logged-in users through; others go to the login form.
func (d *dashboard) user(h func(w http.ResponseWriter, r *http.Request, p *page)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		se, hash, ok := d.s.sessionOf(r)
		if !ok {
			http.Redirect(w, r, "/login", http.StatusSeeOther)
			return
		}
		p := d.newPage(r, "")
		p.User, p.CSRF, p.session, p.hash = se.User, se.CSRF, se, hash
		if r.Method == http.MethodPost {
			r.Body = http.MaxBytesReader(w, r.Body, maxPaste)
			var err error
			if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
				err = r.ParseMultipartForm(8 << 20)
			} else {
				err = r.ParseForm()
			}
			if mbe := (*http.MaxBytesError)(nil); errors.As(err, &mbe) {
				p.Status, p.Err = http.StatusRequestEntityTooLarge, p.T("web.error.too_large", "mib", maxPaste>>20)
				d.render(w, r, "error", p)
				return
			}
			if !d.checkCSRF(w, r, p, se.CSRF) {
				return
			}
		}
		h(w, r, p)
	}
}

// checkCSRF answers 403 unless the form's csrf field is want.
func (d *dashboard) checkCSRF(w http.ResponseWriter, r *http.Request, p *page, want string) bool {
	if sameToken(r.PostFormValue("csrf"), want) {
		return true
	}
	p.Status, p.Err = http.StatusForbidden, p.T("web.error.csrf")
	d.render(w, r, "error", p)
	return false
}

// render executes the template name into w (buffered: a failed template
// answers 500, not half a page).
func (d *dashboard) render(w http.ResponseWriter, r *http.Request, name string, p *page) {
	p.Name = name
	if p.Title == "" {
		p.Title = p.T("web.title." + name)
	}
	var b bytes.Buffer
	if err := d.pages[name].ExecuteTemplate(&b, "layout", p); err != nil {
		d.s.log.ErrorContext(r.Context(), "template", "page", name, "err", err.Error())
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Language", string(p.L))
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("X-Frame-Options", "DENY")
	h.Add("Vary", "Accept-Language, Cookie")
	w.WriteHeader(p.Status)
	_, _ = w.Write(b.Bytes())
}

var pageNames = []string{"login", "overview", "machines", "machine", "kms", "paste", "error"}

func parsePages() map[string]*template.Template {
	base := template.Must(template.New("layout").Funcs(template.FuncMap{
		"add":  func(a, b int) int { return a + b },
		"sub":  func(a, b int) int { return max(a-b, 0) },
		"list": func(s ...string) []string { return s },
		"chart": func(p *page, c chart) any {
			return struct {
				P *page
				C chart
			}{p, c}
		},
		"days": func(minutes int) string { return strconv.FormatFloat(float64(minutes)/1440, 'f', -1, 64) },
		"num": func(v *int) string {
			if v == nil {
				return "–"
			}
			return strconv.Itoa(*v)
		},
	}).ParseFS(templateFS, "web/templates/layout.html"))
	out := map[string]*template.Template{}
	for _, n := range pageNames {
		out[n] = template.Must(template.Must(base.Clone()).ParseFS(templateFS, "web/templates/"+n+".html"))
	}
	return out
}

func (d *dashboard) getLogin(w http.ResponseWriter, r *http.Request) {
	if _, _, ok := d.s.sessionOf(r); ok {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	d.loginForm(w, r, d.newPage(r, "login"))
}

// loginForm shows the form with a fresh double-submit token.
func (d *dashboard) loginForm(w http.ResponseWriter, r *http.Request, p *page) {
	// The token of the browser's cookie stays while it has one, so that a
	// second request for the form (another tab, a favicon redirected
	// here) does not void the first form.
	tok := randomToken()
	if c, err := r.Cookie(loginCSRF); err == nil && len(c.Value) == len(tok) {
		tok = c.Value
	}
	setCookie(w, r, loginCSRF, tok, time.Hour, true)
	p.CSRF = tok
	d.render(w, r, "login", p)
}

func (d *dashboard) postLogin(w http.ResponseWriter, r *http.Request) {
	p := d.newPage(r, "login")
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	c, err := r.Cookie(loginCSRF)
	if err != nil || !sameToken(r.PostFormValue("csrf"), c.Value) {
		p.Status, p.Err = http.StatusForbidden, p.T("web.error.csrf")
		d.loginForm(w, r, p)
		return
	}
	ds := d.s.dashStore()
	if ds == nil {
		p.Status, p.Err = http.StatusServiceUnavailable, p.T("web.error.unavailable")
		d.loginForm(w, r, p)
		return
	}
	name, pw := strings.TrimSpace(r.PostFormValue("user")), r.PostFormValue("password")
	keys := loginKeys(r, name)
	now := time.Now() // the limiter runs on the wall clock, whatever the server's Now
	if bad, wait := d.limit.blocked(now, keys...); bad {
		w.Header().Set("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
		p.Status, p.Err = http.StatusTooManyRequests, p.T("web.login.limited", "minutes", int(wait.Minutes())+1)
		d.loginForm(w, r, p)
		return
	}
	u, hash, err := ds.UserByName(r.Context(), name)
	switch {
	case err == nil:
		err = bcrypt.CompareHashAndPassword([]byte(hash), []byte(pw))
	case fleet.ErrorCode(err) == fleet.ENOTFOUND:
		_ = bcrypt.CompareHashAndPassword(dummyHash, []byte(pw))
	default:
		d.s.log.Error("user lookup", "err", err.Error())
		p.Status, p.Err = http.StatusServiceUnavailable, p.T("web.error.unavailable")
		d.loginForm(w, r, p)
		return
	}
	if err != nil {
		d.limit.fail(now, keys...)
		d.s.log.Warn("login failed", "user", name, "remote", clientIP(r))
		p.Status, p.Err = http.StatusUnauthorized, p.T("web.login.failed")
		d.loginForm(w, r, p)
		return
	}
	d.limit.reset(keys[1])
	if err := d.s.startSession(w, r, u); err != nil {
		d.s.log.Error("session", "err", err.Error())
		p.Status, p.Err = http.StatusServiceUnavailable, p.T("web.error.unavailable")
		d.loginForm(w, r, p)
		return
	}
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

func (d *dashboard) postLogout(w http.ResponseWriter, r *http.Request, p *page) {
	if err := d.s.dashStore().DeleteSession(r.Context(), p.hash); err != nil {
		d.s.log.Error("logout", "err", err.Error())
	}
	setCookie(w, r, sessionCookie, "", -1, true)
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

// postLang is the language switch: a form on every page, the login form
// included, so its token is the session's or the login form's.
func (d *dashboard) postLang(w http.ResponseWriter, r *http.Request) {
	p := d.newPage(r, "error")
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	want := ""
	if se, _, ok := d.s.sessionOf(r); ok {
		want = se.CSRF
		p.User, p.CSRF = se.User, se.CSRF
	} else if c, err := r.Cookie(loginCSRF); err == nil {
		want = c.Value
	}
	if !d.checkCSRF(w, r, p, want) {
		return
	}
	l, err := i18n.ParseLang(r.PostFormValue("lang"))
	if err != nil {
		l = i18n.EN
	}
	setCookie(w, r, langCookie, string(l), 365*24*time.Hour, true)
	back := r.PostFormValue("back")
	if !strings.HasPrefix(back, "/") || strings.HasPrefix(back, "//") || strings.HasPrefix(back, "/\\") {
		back = "/"
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
}

func (d *dashboard) notFound(w http.ResponseWriter, r *http.Request, p *page) {
	p.Status, p.Err = http.StatusNotFound, p.T("web.error.not_found")
	d.render(w, r, "error", p)
}

// fail shows err on the error page with its status.
func (d *dashboard) fail(w http.ResponseWriter, r *http.Request, p *page, err error) {
	code := fleet.ErrorCode(err)
	p.Status = statusOf[code]
	if p.Status == 0 {
		p.Status = http.StatusInternalServerError
	}
	switch {
	case code == fleet.ENOTFOUND:
		p.Err = p.T("web.error.not_found")
	case code == fleet.EINVALID:
		p.Err = p.T("web.error.invalid", "msg", fleet.ErrorMessage(err))
	case errors.Is(err, context.Canceled):
		return
	default:
		d.s.log.ErrorContext(r.Context(), "page failed", "path", r.URL.Path, "err", err.Error())
		p.Err = p.T("web.error.unavailable")
	}
	d.render(w, r, "error", p)
}
