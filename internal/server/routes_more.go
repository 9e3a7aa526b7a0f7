package server

import "net/http"

// moreRoutes adds the routes of the scheduled probes and of the fleet
// answers added after the first release of the server (issue 16): the
// blackbox-style /probe, GET /api/v1/reports/{id},
// GET /api/v1/stopped-renewing, and their metrics and timers.
func (s *Server) moreRoutes(m *http.ServeMux) {
	s.initProbes()
	m.HandleFunc("GET /probe", s.reader(s.getProbe))
	s.initAnswers()
	m.HandleFunc("GET /api/v1/reports/{id}", s.reader(s.getReport))
	m.HandleFunc("GET /api/v1/stopped-renewing", s.reader(s.getStoppedRenewing))
}
