// Package reliability holds the fleet server's crash and failover tests
// (issue 16, item 8): kill -9 of a `kmsdoctor serve` process during
// ingest, PostgreSQL restarted during ingest, and two replicas racing on
// start and on a scheduled probe. It has no code of its own.
package reliability
