package server

import (
	"context"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/fleet"
)

// The fleet answers the API, the metrics timer and the pages share. A
// store with fleet.RollupStore keeps them counted by its writer (the
// rollup tables of migration 0101; the conformance suite checks they equal
// the answers counted afresh), so reading them costs a few rows instead of
// a walk over every machine: at 500,000 machines the walk took seconds of
// CPU every 30 s (the gauges), which showed as stalls in the writer's
// acknowledgements. Other stores count afresh.

func (s *Server) fleetSummary(ctx context.Context, now time.Time) (fleet.Summary, error) {
	if rs := s.rollupStore(); rs != nil {
		return rs.CountedSummary(ctx, now)
	}
	return s.store.Summary(ctx, now)
}

func (s *Server) fleetKMSHosts(ctx context.Context, since time.Time) ([]fleet.KMSHost, error) {
	if rs := s.rollupStore(); rs != nil {
		return rs.CountedKMSHosts(ctx, since)
	}
	return s.store.KMSHosts(ctx, since)
}

// fleetHostCounts is nil, nil for a store that has no host counts.
func (s *Server) fleetHostCounts(ctx context.Context, since time.Time) ([]fleet.HostCount, error) {
	if rs := s.rollupStore(); rs != nil {
		return rs.CountedHostCounts(ctx, since)
	}
	if as, ok := s.store.(fleet.AnswerStore); ok {
		return as.HostCounts(ctx, since)
	}
	return nil, nil
}

func (s *Server) fleetDuplicateCMIDs(ctx context.Context, since time.Time) ([]fleet.CMIDGroup, error) {
	if rs := s.rollupStore(); rs != nil {
		return rs.CountedDuplicateCMIDs(ctx, since)
	}
	return s.store.DuplicateCMIDs(ctx, since)
}
