package evidence

import "time"

// Event is one Windows event record, from any of the readers.
type Event struct {
	Provider string
	EventID  int
	Level    int
	Channel  string
	Computer string
	RecordID uint64
	Time     time.Time
	// Data holds the EventData values in order (the Info strings for
	// Security-SPP and KMS events); Named holds those that have a Name.
	Data   []string
	Named  map[string]string
	Source Source
}
